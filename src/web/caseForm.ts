import type { TFunction } from 'i18next';
import type { CaseFormField, FormValue, LocalizedText } from './types';
import type { Language } from './i18n';

/** A field's text in the language, falling back to Swedish (always present). */
export function localized(text: LocalizedText | undefined, lang: Language): string {
  if (!text) return '';
  return text[lang] ?? text.sv;
}

/** What an input holds while the user edits: numbers as typed, nothing chosen as ''. */
export type DraftValue = string | boolean | string[];

export function toDraft(field: CaseFormField, value: FormValue | undefined): DraftValue {
  if (value === undefined) return field.type === 'multiple_choice' ? [] : '';
  if (typeof value === 'number') return String(value);
  return value;
}

/**
 * The API value of an edited input: null when empty (clears the field), a number for number fields
 * when it reads as one (else the text, so that the server names the problem).
 */
export function fromDraft(field: CaseFormField, draft: DraftValue): FormValue | null {
  if (Array.isArray(draft)) return draft.length === 0 ? null : draft;
  if (typeof draft === 'boolean') return draft;
  const text = draft.trim();
  if (text === '') return null;
  if (field.type === 'number') {
    const number = Number(text.replace(',', '.'));
    return Number.isFinite(number) ? number : text;
  }
  return field.type === 'long_text' ? draft : text;
}

/** The changed fields only, for PATCH /api/cases/{id}: a new value, or null to clear. */
export function changedValues(
  fields: readonly CaseFormField[],
  saved: Record<string, FormValue>,
  drafts: Record<string, DraftValue>,
): Record<string, FormValue | null> {
  const patch: Record<string, FormValue | null> = {};
  for (const field of fields) {
    if (!(field.key in drafts)) continue;
    const next = fromDraft(field, drafts[field.key]!);
    const before = saved[field.key] ?? null;
    if (JSON.stringify(next) !== JSON.stringify(before)) patch[field.key] = next;
  }
  return patch;
}

/** A stored value as text for reading: choices by their labels, yes/no in words, dates as written. */
export function displayValue(field: CaseFormField | undefined, value: FormValue | null | undefined, t: TFunction, lang: Language): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0) || value === '') return '';
  if (typeof value === 'boolean') return value ? t('caseForm.yes') : t('caseForm.no');
  const option = (code: string) => localized(field?.options?.find((o) => o.code === code)?.label, lang) || code;
  if (Array.isArray(value)) return value.map(option).join(', ');
  if (field && (field.type === 'single_choice' || field.type === 'multiple_choice')) return option(String(value));
  return String(value);
}
