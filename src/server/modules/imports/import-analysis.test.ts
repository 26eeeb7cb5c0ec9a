import { describe, expect, it } from 'vitest';
import { analyse, groupSessions, ocrCandidates, type StagedFacts } from './import-analysis.js';
import { identifiersInText } from './identity-text.js';

const GAP = 30 * 60_000;
let n = 0;
const file = (at: string | null, extra: Partial<StagedFacts> = {}): StagedFacts => ({
  id: `f${++n}`,
  filename: `IMG_${String(n).padStart(4, '0')}.JPG`,
  kind: 'image',
  capturedAt: at,
  cameraMake: 'Canon',
  cameraModel: 'EOS R6',
  ocr: 'read',
  identifier: null,
  identifierType: null,
  ...extra,
});
const id = (at: string, identifier = '191212121212') => file(at, { identifier, identifierType: 'se_personnummer' });

describe('card import sessions (M5)', () => {
  it('starts a session after a gap longer than the configured one, or when the camera changes; untimed files follow', () => {
    const files = [
      file('2026-12-01T09:00:00Z'),
      file('2026-12-01T09:29:00Z'),
      file('2026-12-01T10:00:00Z'), // 31 min later
      file('2026-12-01T10:01:00Z', { cameraMake: 'Apple', cameraModel: 'iPhone 15' }),
      file(null, { cameraMake: null, cameraModel: null }),
    ];
    expect(groupSessions([...files].reverse(), GAP).map((f) => [f.id, f.session])).toEqual([
      [files[0]!.id, 0], [files[1]!.id, 0], [files[2]!.id, 1], [files[3]!.id, 2], [files[4]!.id, 2],
    ]);
    expect(groupSessions(files, 60 * 60_000).map((f) => f.session)).toEqual([0, 0, 0, 1, 1]);
  });

  it('reads the first and last image of each session, and every image of a forensic case', () => {
    const files = [file('2026-12-01T09:00:00Z'), file('2026-12-01T09:01:00Z'), file('2026-12-01T09:02:00Z'), file('2026-12-01T12:00:00Z')];
    expect(ocrCandidates(files, GAP, false).sort()).toEqual([files[0]!.id, files[2]!.id, files[3]!.id].sort());
    expect(ocrCandidates(files, GAP, true)).toHaveLength(4);
  });

  it('names what is wrong: another patient, several sessions, a series without identity images, forensic images without one', () => {
    const complete = [id('2026-12-01T09:00:00Z'), file('2026-12-01T09:01:00Z'), id('2026-12-01T09:02:00Z')];
    expect(analyse(complete, { gapMs: GAP, patientIdentifier: '191212121212', forensic: false }).problems).toEqual([]);
    const forensic = analyse(complete, { gapMs: GAP, patientIdentifier: '191212121212', forensic: true });
    expect(forensic.problems).toEqual([{ code: 'forensic_identity_missing', fileIds: [complete[1]!.id] }]);

    const card = [id('2026-12-01T09:00:00Z'), file('2026-12-01T09:01:00Z'), file('2026-12-01T14:00:00Z'), id('2026-12-01T14:01:00Z', '198506152381')];
    const result = analyse(card, { gapMs: GAP, patientIdentifier: '191212121212', forensic: false });
    expect(result.sessions.map((s) => [s.identityAtStart, s.identityAtEnd])).toEqual([[true, false], [false, false]]);
    expect(result.problems.map((p) => p.code)).toEqual(['other_patient', 'multiple_sessions', 'identity_series_incomplete', 'identity_series_incomplete']);
    expect(result.problems[0]).toMatchObject({ fileIds: [card[3]!.id], identifiers: [{ normalized: '198506152381', type: 'se_personnummer' }] });
  });
});

describe('identifiers in OCR text', () => {
  const today = new Date('2026-12-07T12:00:00Z');
  it('finds valid Swedish and Norwegian numbers however they are split, and nothing else', () => {
    expect(identifiersInText('Pat: 19121212-1212\nAvd 12', { today })).toEqual([{ normalized: '191212121212', type: 'se_personnummer' }]);
    expect(identifiersInText('19121212 1212', { today })[0]?.normalized).toBe('191212121212');
    expect(identifiersInText('311299 12345 ... 15067545602', { today }).map((i) => i.normalized)).toContain('15067545602');
    expect(identifiersInText('19121272-1219', { today })[0]).toEqual({ normalized: '191212721219', type: 'se_samordningsnummer' });
    // A wrong check digit, a date, a phone number: none of them is a patient.
    expect(identifiersInText('19121212-1213 2026-12-07 070-1234567', { today })).toEqual([]);
  });
});
