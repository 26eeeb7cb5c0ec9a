/**
 * What text Kasus accepts at its edge. Text that is not well-formed Unicode (a lone UTF-16
 * surrogate) cannot be stored as the bytes it was hashed as, and NUL or control characters have
 * no place in names, identifiers or reasons; both are refused before anything is written.
 */

export type TextProblem = 'lone_surrogate' | 'nul' | 'control';

// C0 controls except tab, line feed and carriage return; DEL; C1 controls.
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_CONTROL = /[\t\n\r]/;

export interface TextRules {
  /** Tab, line feed and carriage return are allowed (multi-line free text). Default true. */
  allowLineBreaks?: boolean;
}

/** The first reason `value` is not acceptable text, or null when it is. */
export function findTextProblem(value: string, rules: TextRules = {}): TextProblem | null {
  if (!value.isWellFormed()) return 'lone_surrogate';
  if (value.includes('\u0000')) return 'nul';
  if (CONTROL.test(value)) return 'control';
  if (rules.allowLineBreaks === false && LINE_CONTROL.test(value)) return 'control';
  return null;
}

const PROBLEM_TEXT: Record<TextProblem, string> = {
  lone_surrogate: 'innehåller tecken som inte är giltig Unicode',
  nul: 'innehåller ett nolltecken (NUL)',
  control: 'innehåller styrtecken',
};

/** A message a clinician understands, naming the field: "Fältet username innehåller styrtecken." */
export function describeTextProblem(field: string, problem: TextProblem): string {
  return `Fältet ${field} ${PROBLEM_TEXT[problem]}. Skriv om texten och försök igen.`;
}

/** Trimmed text, or null when nothing is left: optional free-text fields are stored as null, never as blanks. */
export function blankToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}
