import { DEFAULT_MAX_LENGTH, type FormField } from './forms-fields.js';

export type FormValueErrorCode = 'required' | 'wrong_type' | 'unknown_field' | 'not_an_option' | 'too_long' | 'out_of_range' | 'invalid_date';

export interface FormValueError {
  key: string;
  code: FormValueErrorCode;
  /** In Swedish, naming the field. */
  message: string;
}

export type FormValue = string | number | boolean | string[];

export type FormValuesResult = { ok: true; values: Record<string, FormValue> } | { ok: false; errors: FormValueError[] };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a real calendar date written YYYY-MM-DD. */
export function isRealDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/**
 * Checks the values of a case against one form version and returns them normalised (texts
 * trimmed, empty optional fields left out, multiple choices in the form's option order), or every
 * problem found. Pure: no database, no clock.
 */
export function validateFormValues(version: { fields: readonly FormField[] }, values: Record<string, unknown>): FormValuesResult {
  const errors: FormValueError[] = [];
  const normalised: Record<string, FormValue> = {};
  const known = new Map(version.fields.map((f) => [f.key, f]));
  const error = (key: string, code: FormValueErrorCode, message: string) => errors.push({ key, code, message });

  for (const key of Object.keys(values)) {
    if (!known.has(key)) error(key, 'unknown_field', `Fältet "${key}" finns inte i formuläret.`);
  }

  for (const field of version.fields) {
    const label = `"${field.label.sv}" (${field.key})`;
    const value = Object.prototype.hasOwnProperty.call(values, field.key) ? values[field.key] : undefined;
    if (isBlank(value)) {
      if (field.required) error(field.key, 'required', `${label} måste fyllas i.`);
      continue;
    }
    switch (field.type) {
      case 'text':
      case 'long_text': {
        if (typeof value !== 'string') {
          error(field.key, 'wrong_type', `${label} ska vara en text.`);
          break;
        }
        const text = value.trim();
        const maxLength = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
        if ([...text].length > maxLength) {
          error(field.key, 'too_long', `${label} får vara högst ${maxLength} tecken (nu ${[...text].length}).`);
          break;
        }
        normalised[field.key] = text;
        break;
      }
      case 'number': {
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          error(field.key, 'wrong_type', `${label} ska vara ett tal.`);
          break;
        }
        if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) {
          const range =
            field.min !== undefined && field.max !== undefined
              ? `mellan ${field.min} och ${field.max}`
              : field.min !== undefined
                ? `minst ${field.min}`
                : `högst ${field.max}`;
          error(field.key, 'out_of_range', `${label} ska vara ${range}.`);
          break;
        }
        normalised[field.key] = value;
        break;
      }
      case 'date': {
        if (typeof value !== 'string') {
          error(field.key, 'wrong_type', `${label} ska vara ett datum (ÅÅÅÅ-MM-DD).`);
          break;
        }
        const text = value.trim();
        if (!isRealDate(text)) {
          error(field.key, 'invalid_date', `${label} ska vara ett verkligt datum skrivet ÅÅÅÅ-MM-DD, t.ex. 2026-11-22.`);
          break;
        }
        normalised[field.key] = text;
        break;
      }
      case 'yes_no': {
        if (typeof value !== 'boolean') {
          error(field.key, 'wrong_type', `${label} ska besvaras med ja eller nej (true eller false).`);
          break;
        }
        normalised[field.key] = value;
        break;
      }
      case 'single_choice': {
        if (typeof value !== 'string') {
          error(field.key, 'wrong_type', `${label} ska vara en svarskod.`);
          break;
        }
        const codes = (field.options ?? []).map((o) => o.code);
        if (!codes.includes(value)) {
          error(field.key, 'not_an_option', `${label}: "${value}" är inget av alternativen (${codes.join(', ')}).`);
          break;
        }
        normalised[field.key] = value;
        break;
      }
      case 'multiple_choice': {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
          error(field.key, 'wrong_type', `${label} ska vara en lista med svarskoder.`);
          break;
        }
        const chosen = value as string[];
        if (new Set(chosen).size !== chosen.length) {
          error(field.key, 'wrong_type', `${label}: samma alternativ får bara väljas en gång.`);
          break;
        }
        const codes = (field.options ?? []).map((o) => o.code);
        const strangers = chosen.filter((c) => !codes.includes(c));
        if (strangers.length > 0) {
          error(field.key, 'not_an_option', `${label}: ${strangers.map((s) => `"${s}"`).join(', ')} är inte bland alternativen (${codes.join(', ')}).`);
          break;
        }
        normalised[field.key] = codes.filter((c) => chosen.includes(c));
        break;
      }
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values: normalised };
}
