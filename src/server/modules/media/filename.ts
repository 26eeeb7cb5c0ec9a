import { AppError } from '../../http/errors.js';
import { describeTextProblem, findTextProblem } from '../../http/text.js';

/** The longest file name Kasus keeps, in characters (code points); longer names are cut, keeping the extension. */
export const MAX_FILENAME_LENGTH = 255;
/** What an upload without a usable name is called. */
export const UNNAMED = 'namnlös';

/** An extension worth keeping when a name is cut: a dot and 1–16 letters or digits, e.g. `.jpg`, `.heic`. */
const EXTENSION = /\.[\p{L}\p{N}]{1,16}$/u;
// Controls (C0, DEL, C1), lone surrogates' replacement, and invisible format characters that can hide
// or reorder text (bidi overrides and isolates, zero-width characters, the BOM).
const UNWANTED = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * The file name as Kasus stores and shows it: the last path segment only (no `/` or `\`), without
 * control or invisible characters, without leading dots and spaces or trailing dots and spaces,
 * NFC-normalised, whitespace collapsed, and at most MAX_FILENAME_LENGTH characters with its extension
 * kept. Never empty: a name with nothing left is UNNAMED. Text that is not well-formed Unicode is
 * made well-formed (refuse it first with `checkedFilename` where the client should hear about it).
 */
export function cleanFilename(name: string): string {
  const lastSegment = name.toWellFormed().split(/[/\\]/).pop() ?? '';
  let cleaned = lastSegment
    .replace(UNWANTED, '')
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+/u, '')
    .replace(/[\s.]+$/u, '');
  const characters = [...cleaned];
  if (characters.length > MAX_FILENAME_LENGTH) {
    const extension = EXTENSION.exec(cleaned)?.[0] ?? '';
    const stem = characters.slice(0, MAX_FILENAME_LENGTH - [...extension].length).join('').replace(/[\s.]+$/u, '');
    cleaned = stem + extension;
  }
  return cleaned || UNNAMED;
}

/**
 * Refuses a file name that is not well-formed Unicode or holds NUL or control characters, with
 * 400 `invalid_text` naming `field` (e.g. `filename`); returns it cleaned otherwise.
 */
export function checkedFilename(name: string, field = 'filename'): string {
  const problem = findTextProblem(name, { allowLineBreaks: false });
  if (problem) throw new AppError('invalid_text', describeTextProblem(field, problem), { field });
  return cleanFilename(name);
}
