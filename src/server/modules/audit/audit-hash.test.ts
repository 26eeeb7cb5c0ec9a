import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalContent, canonicalJson, canonicalText, eventHash, type HashedEventContent } from './audit-hash.js';

const event = (text: string): HashedEventContent => ({
  at: '2026-12-07T03:00:00.000Z',
  user_id: null,
  username: text,
  role: null,
  department_id: null,
  action: 'login',
  object_type: null,
  object_id: text,
  patient_id: null,
  outcome: 'refused',
  client_ip: '127.0.0.1',
  request_id: text,
  details: JSON.stringify({ text }),
  prev_hash: '0'.repeat(64),
});

describe('the canonical text of the audit log', () => {
  it('leaves well-formed text without NUL as it is, so events hashed before still verify', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')), (text) => {
        expect(canonicalText(text)).toBe(text);
        const before = event(text);
        expect(eventHash(canonicalContent(before))).toBe(eventHash(before));
        expect(canonicalJson({ [text]: [text, { text }] })).toEqual({ [text]: [text, { text }] });
      }),
      { numRuns: 500 },
    );
  });

  it('makes any UTF-16 text well-formed and free of NUL, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('\0', '\ud800', '\udfff', '\ud83d'), fc.string({ unit: 'binary', maxLength: 1 })) }), (text) => {
        const canonical = canonicalText(text);
        expect(canonical.isWellFormed()).toBe(true);
        expect(canonical).not.toContain('\0');
        expect(canonical.length).toBe(text.length);
        expect(canonicalText(canonical)).toBe(canonical);
      }),
      { numRuns: 500 },
    );
    expect(canonicalText('\ud800evil\u0000')).toBe('\ufffdevil\ufffd');
    expect(canonicalText('😀')).toBe('😀');
  });
});
