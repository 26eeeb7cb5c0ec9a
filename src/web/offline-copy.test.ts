import { describe, expect, it } from 'vitest';
import i18next, { type TFunction } from 'i18next';
import sv from './i18n/sv';
import nb from './i18n/nb';
import en from './i18n/en';
import { formatCopyAge, formatSnapshotTime, parseCopyStatus, printReasonText, servedByCopy } from './offline-copy';

async function translator(lng: 'sv' | 'nb' | 'en'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({ resources: { sv: { translation: sv }, nb: { translation: nb }, en: { translation: en } }, lng, interpolation: { escapeValue: false }, showSupportNotice: false });
  return instance.t;
}

describe('the read-only copy', () => {
  it('says the age in minutes, hours or days, rounded down', async () => {
    const t = await translator('sv');
    expect(formatCopyAge(t, 0)).toBe('0 minuter gamla');
    expect(formatCopyAge(t, 1)).toBe('1 minut gamla');
    expect(formatCopyAge(t, 59)).toBe('59 minuter gamla');
    expect(formatCopyAge(t, 60)).toBe('1 timme gamla');
    expect(formatCopyAge(t, 11 * 60 + 59)).toBe('11 timmar gamla');
    expect(formatCopyAge(t, 47 * 60 + 59)).toBe('47 timmar gamla');
    expect(formatCopyAge(t, 48 * 60)).toBe('2 dagar gamla');
    expect(formatCopyAge(t, -5)).toBe('0 minuter gamla');
    expect(formatCopyAge(await translator('en'), 11 * 60)).toBe('11 hours old');
    expect(formatCopyAge(await translator('nb'), 24 * 60 * 3)).toBe('3 dager gamle');
  });

  it('writes the banner as staff read it, in the hospital zone', async () => {
    const t = await translator('sv');
    const when = formatSnapshotTime(t, '2026-12-04T05:00:00.000Z', 'sv-SE', 'Europe/Stockholm');
    expect(when).toBe('4 dec 06:00');
    expect(t('offlineCopy.banner', { when, age: formatCopyAge(t, 11 * 60) })).toBe('Reservkopia – uppgifter från 4 dec 06:00, 11 timmar gamla');
    expect(formatSnapshotTime(await translator('nb'), '2026-12-04T17:05:00.000Z', 'nb-NO', 'Europe/Oslo')).toBe('4. des 18:05');
    expect(formatSnapshotTime(await translator('en'), '2026-07-04T22:30:00.000Z', 'en-GB', 'Europe/Stockholm')).toBe('5 Jul 00:30');
    // An unknown zone falls back to the workstation's own rather than failing.
    expect(formatSnapshotTime(t, '2026-12-04T05:00:00.000Z', 'sv-SE', 'Nowhere/Atlantis')).toMatch(/^4 dec \d\d:00$/);
  });

  it('takes only a status answer as the copy', () => {
    expect(parseCopyStatus({ snapshotAt: '2026-12-04T05:00:00.000Z', sequence: 3, ageMinutes: 660.7, workstation: 'Reservdator Akuten' })).toEqual({
      snapshotAt: '2026-12-04T05:00:00.000Z',
      sequence: 3,
      ageMinutes: 660,
      workstation: 'Reservdator Akuten',
    });
    expect(parseCopyStatus({ snapshotAt: 'x', sequence: 3, ageMinutes: 1, workstation: 'a' })).toBeNull();
    expect(parseCopyStatus({ code: 'not_found', message: 'Hittades inte' })).toBeNull();
    expect(parseCopyStatus('<html>')).toBeNull();
    expect(parseCopyStatus({ snapshotAt: '2026-12-04T05:00:00.000Z', sequence: 1, ageMinutes: 5, workstation: { id: 'w1', name: 'Akuten' } })?.workstation).toBe('Akuten');
  });

  it('serves patient lookup, case list and cases only', () => {
    for (const p of ['/', '/login', '/patients', '/cases', '/cases/0b9f']) expect(servedByCopy(p), p).toBe(true);
    for (const p of ['/admin/departments', '/admin/workstations', '/status', '/status/backlog', '/audit', '/teaching', '/cases/1/edit']) expect(servedByCopy(p), p).toBe(false);
  });

  it('logs the chosen reason with the free text, and requires words for "other"', async () => {
    const t = await translator('sv');
    expect(printReasonText(t, 'care', '')).toBe('Vård av patienten just nu');
    expect(printReasonText(t, 'transfer', ' till Lund ')).toBe('Patienten flyttas till annan enhet eller vårdgivare: till Lund');
    expect(printReasonText(t, 'other', '  Polisen begär kopia ')).toBe('Polisen begär kopia');
    expect(printReasonText(t, 'other', '  ')).toBe('');
  });
});

describe('a write refused by the copy', () => {
  it('is explained in Swedish, not shown as a code', async () => {
    const { errorText } = await import('./components/common');
    const { ApiError } = await import('./api');
    const t = await translator('sv');
    const text = errorText(t, new ApiError(405, 'read_only_copy', 'Detta är reservkopian'));
    expect(text).toBe(sv.errors.read_only_copy);
    expect(text).toMatch(/reservkopian/);
  });
});
