// Case forms as the forms API (/api/forms) describes them, and small helpers to show them.
import type { FormDetail, FormSummary, FormVersion, FormVersionSummary, SameType } from './types.js';

/** The field types a case form can hold, in the order the designer offers them. */
export const FIELD_TYPES = ['text', 'long_text', 'number', 'date', 'yes_no', 'single_choice', 'multiple_choice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const isChoiceType = (type: FieldType) => type === 'single_choice' || type === 'multiple_choice';
export const isTextType = (type: FieldType) => type === 'text' || type === 'long_text';

// The forms API's types, derived from the server's OpenAPI schemas (./types.ts).
export type { FormDetail, FormSummary, FormVersion, FormVersionSummary };

/** One field definition of a form version. */
export type FormField = FormVersion['fields'][number];
/** A text in Swedish (always) and optionally Norwegian bokmål and English. */
export type LocalizedText = FormField['label'];
export type FieldOption = NonNullable<FormField['options']>[number];

// FIELD_TYPES offers exactly the field types the server knows: a new one on either side is a compile error.
const fieldTypesMatch: SameType<FieldType, FormField['type']> = true;
void fieldTypesMatch;

/** The text in the given language, else in Swedish. */
export function localized(text: LocalizedText, language: string | undefined): string {
  if (language === 'nb' && text.nb) return text.nb;
  if (language === 'en' && text.en) return text.en;
  return text.sv;
}

/** A form name's or description's nb and en, as the forms and cases APIs send them. */
export type TextTranslations = FormSummary['nameTranslations'];

/** A form's name or description in the given language, else the Swedish one every form has. */
export function translatedText(sv: string, translations: TextTranslations | undefined, language: string | undefined): string {
  return localized({ sv, ...translations }, language);
}

/** A case's form name (case lists, timeline) in the given language; null when the case has no form. */
export function caseFormName(item: { formName: string | null; formNameTranslations?: TextTranslations }, language: string | undefined): string | null {
  return item.formName === null ? null : translatedText(item.formName, item.formNameTranslations, language);
}

/** The fields an administrator made, i.e. all but the capture facts. */
export const customFields = (form: FormDetail): FormField[] =>
  form.currentVersion.fields.filter((f) => !form.captureFactKeys.includes(f.key));

/**
 * The capture facts the server puts first in every form version
 * (src/server/modules/forms/forms-fields.ts), shown before a form's first version exists. Saved
 * versions carry their own copy, which is what the designer shows for them. The forms browser
 * test checks that the two agree.
 */
export const CAPTURE_FACTS: readonly FormField[] = [
  {
    key: 'purpose_explained',
    label: { sv: 'Syftet som förklarats för patienten', nb: 'Formålet som er forklart for pasienten', en: 'Purpose explained to the patient' },
    type: 'long_text',
    required: true,
  },
  {
    key: 'oral_consent',
    label: { sv: 'Muntligt samtycke', nb: 'Muntlig samtykke', en: 'Oral consent' },
    type: 'yes_no',
    required: true,
  },
  {
    key: 'identity_verified_by',
    label: { sv: 'Identiteten kontrollerad genom', nb: 'Identiteten kontrollert ved', en: 'Identity verified by' },
    type: 'single_choice',
    required: true,
    options: [
      { code: 'id_document', label: { sv: 'Id-handling', nb: 'Legitimasjon', en: 'ID document' } },
      { code: 'known_to_staff', label: { sv: 'Känd av personalen', nb: 'Kjent av personalet', en: 'Known to staff' } },
      { code: 'ehr_context', label: { sv: 'Journalsystemets kontext', nb: 'Journalsystemets kontekst', en: 'EHR context' } },
    ],
  },
  {
    key: 'captured_by',
    label: { sv: 'Fotograferad/inspelad av', nb: 'Fotografert/tatt opp av', en: 'Captured by' },
    type: 'text',
    required: true,
  },
];
