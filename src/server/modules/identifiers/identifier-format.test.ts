import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ageOn, calendarDate, describeIdentifier, formatIdentifier } from './identifier-format.js';
import { validateIdentifier } from './identifier.js';

const here = (p: string) => new URL(p, import.meta.url);

describe('formatIdentifier', () => {
  it.each([
    ['191212121212', 'se_personnummer', '19121212-1212'],
    ['190101611234', 'se_samordningsnummer', '19010161-1234'],
    ['53097248016', 'no_d_nummer', '530972 48016'],
    ['13527248013', 'no_h_nummer', '135272 48013'],
    ['01010112345', 'no_fodselsnummer', '010101 12345'],
    ['19810829M071', 'se_reservnummer', '19810829-M071'],
    ['991945000023', 'se_reservnummer', '991945000023'],
    ['198108320014', 'se_reservnummer', '19810832-0014'],
    ['weird', 'se_personnummer', 'weird'],
  ])('%s (%s) → %s', (normalized, type, shown) => {
    expect(formatIdentifier(normalized, type)).toBe(shown);
  });
});

describe('describeIdentifier', () => {
  it('derives birth date, age on the hospital date and legal sex of a personnummer', () => {
    expect(describeIdentifier('191212121212', 'se_personnummer', '2026-12-07')).toEqual({
      formatted: '19121212-1212', birthDate: '1912-12-12', age: 113, sex: 'male',
    });
    // The birthday itself counts; the day before does not.
    expect(describeIdentifier('191212121212', 'se_personnummer', '2026-12-11').age).toBe(113);
    expect(describeIdentifier('191212121212', 'se_personnummer', '2026-12-12').age).toBe(114);
  });

  it('samordningsnummer: day − 60', () => {
    const v = validateIdentifier('701063-2391', { today: new Date('2026-12-07T12:00:00Z') });
    expect(v.valid).toBe(true);
    if (!v.valid) return;
    expect(v.type).toBe('se_samordningsnummer');
    expect(describeIdentifier(v.normalized, v.type, '2026-12-07')).toMatchObject({ formatted: '19701063-2391', birthDate: '1970-10-03', sex: 'male', age: 56 });
  });

  it('reservnummer have no birth date, age or sex', () => {
    expect(describeIdentifier('19810829M071', 'se_reservnummer', '2026-12-07')).toEqual({ formatted: '19810829-M071' });
  });

  it('Norwegian numbers that may follow the 2032 rules carry no birth date', () => {
    // remainder 1 (Skatteetaten's example): new rules whatever the date
    expect(describeIdentifier('30108299939', 'no_fodselsnummer', '2026-12-07')).toEqual({ formatted: '301082 99939' });
    // remainder 0, old style before 2032, unknown century from 2032
    expect(describeIdentifier('53097248016', 'no_d_nummer', '2026-12-07')).toMatchObject({ birthDate: '1972-09-13', sex: 'female', age: 54 });
    expect(describeIdentifier('53097248016', 'no_d_nummer', '2032-01-01').birthDate).toBeUndefined();
  });

  // The formatter re-derives what identifier.ts derives; every valid number of its tests must agree.
  it.each(['2026-12-07', '2033-06-01'])('agrees with validateIdentifier on every number of its tests (today %s)', (today) => {
    const source = readFileSync(here('./identifier.test.ts'), 'utf8');
    const numbers = [...new Set([...source.matchAll(/'(\d{6,8}[-+]?\d{4,5}|\d{10,12})'/g)].map((m) => m[1]!))];
    let compared = 0;
    for (const input of numbers) {
      const v = validateIdentifier(input, { today: new Date(`${today}T12:00:00Z`) });
      if (!v.valid) continue;
      const d = describeIdentifier(v.normalized, v.type, today);
      expect({ input, birthDate: d.birthDate, sex: d.sex }).toEqual({ input, birthDate: v.birthDate, sex: v.sex });
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });
});

describe('dates', () => {
  it('takes today from the hospital zone, not UTC', () => {
    expect(calendarDate(new Date('2026-12-06T23:30:00Z'), 'Europe/Stockholm')).toBe('2026-12-07');
    expect(calendarDate(new Date('2026-12-06T23:30:00Z'), 'UTC')).toBe('2026-12-06');
  });
  it('a 29 February birthday counts from 1 March in common years', () => {
    expect(ageOn('2004-02-29', '2025-02-28')).toBe(20);
    expect(ageOn('2004-02-29', '2025-03-01')).toBe(21);
  });
});

describe('the web copy', () => {
  it('is byte-identical to the server module', () => {
    expect(readFileSync(here('../../../web/identifier-format.ts'), 'utf8')).toBe(readFileSync(here('./identifier-format.ts'), 'utf8'));
  });
});
