import { describe, expect, it } from 'vitest';
import { caseUids, dicomDateTime, uidFor } from './dicom-instance.js';

describe('DICOM UIDs and times (issue 15, I3)', () => {
  it('derives the same valid 2.25 UID from the same name, and different ones from different names', () => {
    const uid = uidFor('study:4f1c2a9e-0000-4000-8000-000000000001');
    expect(uid).toBe(uidFor('study:4f1c2a9e-0000-4000-8000-000000000001'));
    // PS3.5 9.1: digits and dots, no component with a leading zero, at most 64 characters.
    expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    const all = new Set([caseUids.study('a'), caseUids.study('b'), caseUids.series('a', 'image'), caseUids.series('a', 'video'), caseUids.instance('m', 'x'), caseUids.instance('m', 'y')]);
    expect(all.size).toBe(6);
  });

  it('writes date, time and offset as the hospital’s clocks showed them, summer and winter', () => {
    expect(dicomDateTime(new Date('2026-07-01T10:15:30Z'), 'Europe/Stockholm')).toEqual({ date: '20260701', time: '121530', offset: '+0200' });
    expect(dicomDateTime(new Date('2026-12-31T23:30:00Z'), 'Europe/Oslo')).toEqual({ date: '20270101', time: '003000', offset: '+0100' });
    expect(dicomDateTime(new Date('2026-03-01T00:00:00Z'), 'UTC')).toEqual({ date: '20260301', time: '000000', offset: '+0000' });
  });
});
