import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { checkReason, cleanReason, normalizeReason, REASON_MAX_LENGTH } from './reason.js';

const refusal = (value: string) => {
  try {
    normalizeReason(value);
  } catch (error) {
    return error;
  }
  return null;
};

describe('normalizeReason', () => {
  it('refuses reasons that are empty in all but form', () => {
    for (const value of [
      '',
      ' ',
      '\u200B'.repeat(10),
      '\u0000'.repeat(10),
      '.'.repeat(10),
      '\u00AD'.repeat(10),
      '\uFEFF\u2060\u200C\u200D\u200E\u200F'.repeat(3),
      '\u3164'.repeat(10),
      '\uFFA0'.repeat(10),
      '1234567890 1234567890',
      'akut',
      'a b c d e f g h i j',
      '!!! ??? ... ---',
      '\ud800'.repeat(10),
      '\u0301\u0301\u0301 \u0301\u0301',
      'a\u200Bk\u200Bu\u200Bt',
    ]) {
      const error = refusal(value);
      expect(error, JSON.stringify(value)).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('reason_required');
      expect((error as AppError).status).toBe(400);
      expect((error as AppError).extra).toEqual({ field: 'reason' });
      expect((error as AppError).message).toMatch(/anledningen/i);
    }
  });

  it('accepts real words and returns them normalised', () => {
    expect(normalizeReason('Akut behov av bilderna vid operation')).toBe('Akut behov av bilderna vid operation');
    expect(normalizeReason('  Skyddad\u200B identitet\n\n enligt\tSkatteverket  ')).toBe('Skyddad identitet enligt Skatteverket');
    // NFKC: full-width letters and compatibility spaces become plain ones.
    expect(normalizeReason('\uFF21\uFF4B\uFF55\uFF54\u3000op\u00ADeration')).toBe('Akut operation');
    expect(normalizeReason('Blödning, åter till op. 3')).toBe('Blödning, åter till op. 3');
    expect(normalizeReason('Skyddet upphört')).toBe('Skyddet upphört');
    // Decomposed å becomes one letter.
    expect(normalizeReason('Ma\u030Ange o\u0308gon')).toBe('Månge ögon');
  });

  it('refuses a reason longer than the limit after normalisation', () => {
    expect(checkReason(`${'ord '.repeat(REASON_MAX_LENGTH)}`).problem).toBe('too_long');
    expect(checkReason(`Akut behov ${'\u200B'.repeat(REASON_MAX_LENGTH)}`).problem).toBe(null);
  });

  it('names the field it was given', () => {
    expect(() => normalizeReason('...', 'purpose')).toThrow(expect.objectContaining({ code: 'reason_required', extra: { field: 'purpose' } }));
  });

  it('property: the result is clean, stable and holds words; anything else is refused with reason_required', () => {
    const pieces = fc.constantFrom('Akut', 'op', 'bilder', 'å', 'ö', ' ', '\n', '\t', '.', '\u200B', '\u0000', '\u00AD', '\uFEFF', '\u2060', '\u3164', '\ud800', '\udc00', '7', 'x', '\u0301', '\uFF21');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ unit: 'binary' })), { maxLength: 30 }).map((p) => p.join('')), (value) => {
        const { reason, problem } = checkReason(value);
        // Clean: well-formed, no invisible or control characters, no doubled or edge whitespace, NFKC.
        expect(reason.isWellFormed()).toBe(true);
        expect(reason).not.toMatch(/[\p{Cf}\u0000-\u001F\u007F-\u009F\u3164\uFFA0]/u);
        expect(reason).toBe(reason.trim());
        expect(reason).not.toMatch(/\s\s/u);
        expect(reason).toBe(reason.normalize('NFKC'));
        // Stable: normalising twice changes nothing.
        expect(cleanReason(reason)).toBe(reason);
        if (problem === null) {
          expect(normalizeReason(value)).toBe(reason);
          expect((reason.match(/\p{L}/gu) ?? []).length).toBeGreaterThanOrEqual(4);
        } else {
          expect((refusal(value) as AppError).code).toBe('reason_required');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
