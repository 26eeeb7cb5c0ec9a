// The form designer's editable copy of field definitions, and its conversion to and from the
// field definitions of the forms API.
import { isChoiceType, isTextType } from '../../../forms';
import type { FieldType, FormField, LocalizedText } from '../../../forms';

export const DRAFT_LANGUAGES = ['sv', 'nb', 'en'] as const;
export type DraftLanguage = (typeof DRAFT_LANGUAGES)[number];

/** A text being edited in the three languages; empty strings are texts not given. */
export type TextDraft = Record<DraftLanguage, string>;

export interface OptionDraft {
  /** Stable React key. */
  uid: string;
  code: string;
  /** False while the code still follows the Swedish label. */
  codeEdited: boolean;
  label: TextDraft;
}

export interface FieldDraft {
  /** Stable React key and element id part. */
  uid: string;
  key: string;
  /** False while the key still follows the Swedish label. */
  keyEdited: boolean;
  type: FieldType;
  required: boolean;
  label: TextDraft;
  help: TextDraft;
  /** Kept when the type changes to one without options, but only sent for choice types. */
  options: OptionDraft[];
  /** Number inputs as typed; only sent for the types they belong to. */
  min: string;
  max: string;
  maxLength: string;
}

let uidCounter = 0;
const newUid = () => `d${++uidCounter}`;

const emptyText = (): TextDraft => ({ sv: '', nb: '', en: '' });

const textDraft = (text: LocalizedText | undefined): TextDraft => ({
  sv: text?.sv ?? '',
  nb: text?.nb ?? '',
  en: text?.en ?? '',
});

/**
 * The text as the API takes it: trimmed, without the languages left empty. A required text
 * always has `sv` (possibly empty, for the server to name); an optional one is undefined when
 * nothing was written.
 */
export function toLocalized(draft: TextDraft, required: true): LocalizedText;
export function toLocalized(draft: TextDraft, required: false): LocalizedText | undefined;
export function toLocalized(draft: TextDraft, required: boolean): LocalizedText | undefined {
  const sv = draft.sv.trim();
  const nb = draft.nb.trim();
  const en = draft.en.trim();
  if (!required && !sv && !nb && !en) return undefined;
  return { sv, ...(nb ? { nb } : {}), ...(en ? { en } : {}) };
}

/**
 * A field key made from a label: "Sårets längd (cm)" → "sarets_langd_cm". Keys start with a
 * letter a–z and hold only a–z, digits and underscores, at most 40 characters.
 */
export function keyFromLabel(label: string): string {
  const slug = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) return '';
  return (/^[a-z]/.test(slug) ? slug : `f_${slug}`).slice(0, 40).replace(/_+$/, '');
}

export function newField(): FieldDraft {
  return {
    uid: newUid(),
    key: '',
    keyEdited: false,
    type: 'text',
    required: false,
    label: emptyText(),
    help: emptyText(),
    options: [],
    min: '',
    max: '',
    maxLength: '',
  };
}

export function newOption(): OptionDraft {
  return { uid: newUid(), code: '', codeEdited: false, label: emptyText() };
}

const numberText = (value: number | undefined) => (value === undefined ? '' : String(value));

/** The editable copy of a saved field; its key and codes no longer follow its labels. */
export function fieldToDraft(field: FormField): FieldDraft {
  return {
    uid: newUid(),
    key: field.key,
    keyEdited: true,
    type: field.type,
    required: field.required,
    label: textDraft(field.label),
    help: textDraft(field.help),
    options: (field.options ?? []).map((o) => ({ uid: newUid(), code: o.code, codeEdited: true, label: textDraft(o.label) })),
    min: numberText(field.min),
    max: numberText(field.max),
    maxLength: numberText(field.maxLength),
  };
}

const parseNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * The field definition to send. Properties that do not belong to the type are left out; a
 * choice field without options is sent without them, so that the server explains what is missing.
 */
export function draftToInput(draft: FieldDraft): FormField {
  const help = toLocalized(draft.help, false);
  const min = draft.type === 'number' ? parseNumber(draft.min) : undefined;
  const max = draft.type === 'number' ? parseNumber(draft.max) : undefined;
  const maxLength = isTextType(draft.type) ? parseNumber(draft.maxLength) : undefined;
  const options =
    isChoiceType(draft.type) && draft.options.length > 0
      ? draft.options.map((o) => ({ code: o.code.trim(), label: toLocalized(o.label, true) }))
      : undefined;
  return {
    key: draft.key.trim(),
    label: toLocalized(draft.label, true),
    type: draft.type,
    required: draft.required,
    ...(help ? { help } : {}),
    ...(options ? { options } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(maxLength !== undefined ? { maxLength } : {}),
  };
}

/** Whether two lists of drafts send the same definitions. */
export const sameDefinitions = (a: readonly FieldDraft[], b: readonly FieldDraft[]) =>
  JSON.stringify(a.map(draftToInput)) === JSON.stringify(b.map(draftToInput));

/** A copy of the list with the item at `from` moved to `to`. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = list.slice();
  if (from < 0 || from >= copy.length || to < 0 || to >= copy.length) return copy;
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

/**
 * Where a server error's `field` (e.g. "fields.2.options.1.code") points inside the field at
 * `index`: the rest of the path ("options.1.code"), or null when it names something else.
 */
export function pathInField(errorField: string | null, index: number): string | null {
  const prefix = `fields.${index}.`;
  return errorField?.startsWith(prefix) ? errorField.slice(prefix.length) : null;
}
