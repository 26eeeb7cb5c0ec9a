import { AppError } from '../../http/errors.js';

/**
 * The one rule for every reason Kasus asks for before it lets someone in or changes a protection:
 * an emergency opening, marking or lifting a patient's confidentiality, and (to come) prints,
 * exports and purges. A reason is logged and reviewed, so it has to say something.
 *
 * Normalisation, in this order:
 * 1. Unicode NFKC (full-width letters, ligatures and compatibility spaces become plain ones).
 * 2. Invisible characters are removed: format characters (\p{Cf}: zero-width space and joiners
 *    U+200B–U+200F, word joiner U+2060, BOM U+FEFF, soft hyphen U+00AD, bidi controls, tags),
 *    control characters other than whitespace (NUL included), lone surrogates, and the Hangul
 *    fillers (U+115F, U+1160, U+3164, U+FFA0), which are letters that print as nothing.
 * 3. Every run of whitespace becomes one space; the ends are trimmed.
 *
 * The normalised text must then hold real words: at least {@link REASON_MIN_WORDS} words of at
 * least {@link REASON_MIN_WORD_LETTERS} letters (\p{L}) each, and at most {@link REASON_MAX_LENGTH}
 * characters. "Akut operation" passes; ten dots, ten zero-width spaces, ten NULs or "akut" do not.
 * What is stored and audited is the normalised text.
 */

export const REASON_MIN_WORDS = 2;
export const REASON_MIN_WORD_LETTERS = 2;
export const REASON_MAX_LENGTH = 1000;

const INVISIBLE = /[\p{Cf}\p{Cs}\u115F\u1160\u3164\uFFA0]|[^\P{Cc}\s]/gu;
const LETTER = /\p{L}/gu;

/** The reason as it is stored: NFKC, invisible characters removed, whitespace collapsed, trimmed. */
export function cleanReason(value: string): string {
  // Lone surrogates first: normalize() keeps them, and they are not text.
  const wellFormed = value.replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => {
    const code = c.charCodeAt(0);
    if (code <= 0xdbff) return /[\uDC00-\uDFFF]/.test(s[i + 1] ?? '') ? c : '';
    return /[\uD800-\uDBFF]/.test(s[i - 1] ?? '') ? c : '';
  });
  // Removing an invisible character can bring a letter and its combining mark together: normalise again.
  const visible = wellFormed.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '');
  return visible.replace(/\s+/gu, ' ').trim();
}

/** The words of the reason that count: runs of letters, marks and digits with enough letters. */
export function realWords(cleaned: string): string[] {
  return cleaned.split(/[^\p{L}\p{M}\p{N}]+/u).filter((word) => (word.match(LETTER)?.length ?? 0) >= REASON_MIN_WORD_LETTERS);
}

export type ReasonProblem = 'no_words' | 'too_long';

/** Why the reason will not do, or null with the normalised text. */
export function checkReason(value: string): { reason: string; problem: null } | { reason: string; problem: ReasonProblem } {
  const reason = cleanReason(value);
  if (reason.length > REASON_MAX_LENGTH) return { reason, problem: 'too_long' };
  if (realWords(reason).length < REASON_MIN_WORDS) return { reason, problem: 'no_words' };
  return { reason, problem: null };
}

const MESSAGES: Record<ReasonProblem, string> = {
  no_words: `Skriv anledningen med riktiga ord: minst ${REASON_MIN_WORDS} ord med minst ${REASON_MIN_WORD_LETTERS} bokstäver vardera, t.ex. "Akut operation, behöver se tidigare bilder". Punkter, siffror och osynliga tecken räknas inte.`,
  too_long: `Anledningen får vara högst ${REASON_MAX_LENGTH} tecken.`,
};

/**
 * The normalised reason, or 400 `reason_required` naming the field and saying what is expected.
 * Every reason Kasus asks for goes through here; store and audit what it returns.
 */
export function normalizeReason(value: string, field = 'reason'): string {
  const { reason, problem } = checkReason(value);
  if (problem) throw new AppError('reason_required', MESSAGES[problem], { field });
  return reason;
}
