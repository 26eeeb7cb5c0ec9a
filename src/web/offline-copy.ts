// The backup workstation's read-only copy (issue 13), as the web app sees it: the viewer
// (`kasus offline-copy serve`) answers GET /api/offline/status, the normal server answers 404.
// Pure helpers here (tested in offline-copy.test.ts); the provider and banner are in
// components/CopyMode.tsx.
import type { TFunction } from 'i18next';
import { client } from './api';

/** What the viewer says about its copy. */
export interface CopyStatus {
  /** When the snapshot the copy holds was made (ISO). */
  snapshotAt: string;
  sequence: number;
  /** Minutes since the snapshot, by the workstation's clock. */
  ageMinutes: number;
  /** The workstation's name (or id), as the viewer reports it. */
  workstation: string;
  /** The hospital's time zone, when the viewer tells it; else the workstation's own. */
  timeZone?: string;
}

/** The status answer, or null when it is not one (then the app runs normally). */
export function parseCopyStatus(body: unknown): CopyStatus | null {
  if (!body || typeof body !== 'object') return null;
  const o = body as Record<string, unknown>;
  if (typeof o.snapshotAt !== 'string' || Number.isNaN(Date.parse(o.snapshotAt))) return null;
  if (typeof o.ageMinutes !== 'number' || !Number.isFinite(o.ageMinutes)) return null;
  const workstation =
    typeof o.workstation === 'string'
      ? o.workstation
      : o.workstation && typeof o.workstation === 'object'
        ? String((o.workstation as Record<string, unknown>).name ?? (o.workstation as Record<string, unknown>).id ?? '')
        : '';
  return {
    snapshotAt: o.snapshotAt,
    sequence: typeof o.sequence === 'number' ? o.sequence : 0,
    ageMinutes: Math.max(0, Math.floor(o.ageMinutes)),
    workstation,
    ...(typeof o.timeZone === 'string' ? { timeZone: o.timeZone } : {}),
  };
}

/** Asks the server whether it is the viewer of a read-only copy. Any failure means: not a copy. */
export async function fetchCopyStatus(): Promise<CopyStatus | null> {
  try {
    const { data, response } = await client.GET('/api/offline/status');
    // The answer is checked again at run time: the normal server's 404, or a proxy's page, is not a copy.
    return response.ok ? parseCopyStatus(data) : null;
  } catch {
    return null;
  }
}

/**
 * The copy's age in words: minutes under an hour, hours under two days, days beyond
 * ("11 timmar gamla"). Whole units, rounded down, so the copy never looks younger than it is
 * by more than a unit.
 */
export function formatCopyAge(t: TFunction, ageMinutes: number): string {
  const minutes = Math.max(0, Math.floor(ageMinutes));
  if (minutes < 60) return t('offlineCopy.age.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('offlineCopy.age.hours', { count: hours });
  return t('offlineCopy.age.days', { count: Math.floor(hours / 24) });
}

/** The snapshot's time as staff read it: "4 dec 06:00" (day, short month, 24-hour time). */
export function formatSnapshotTime(t: TFunction, iso: string, locale: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = timeZone ? { timeZone } : {};
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zone }).formatToParts(date);
  } catch {
    // An unknown zone name: the workstation's own zone.
    parts = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // "dec." → "dec": the abbreviation's dot is noise in a banner.
  const month = part('month').replace(/\.$/, '');
  return t('offlineCopy.when', { day: part('day'), month, time: `${part('hour')}:${part('minute')}` });
}

/** Pages the copy serves (patient lookup, case list, case, media); everything else is hidden. */
export function servedByCopy(pathname: string): boolean {
  return pathname === '/' || pathname === '/login' || pathname === '/patients' || pathname === '/cases' || /^\/cases\/[^/]+$/.test(pathname);
}

/** The reasons offered for printing from the copy; "other" asks for the reason in words. */
export const PRINT_REASONS = ['care', 'transfer', 'outage', 'other'] as const;
export type PrintReason = (typeof PRINT_REASONS)[number];

/** The reason as logged and printed: the chosen reason's text, with the free text after it. */
export function printReasonText(t: TFunction, choice: PrintReason | '', text: string): string {
  const free = text.trim();
  if (choice === '' || choice === 'other') return free;
  const label = t(`offlineCopy.print.reasons.${choice}`);
  return free ? `${label}: ${free}` : label;
}
