import { z } from 'zod';
import { AppError } from '../../http/errors.js';

/** The field types a case form can hold. */
export const FIELD_TYPES = ['text', 'long_text', 'number', 'date', 'yes_no', 'single_choice', 'multiple_choice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const CHOICE_TYPES: readonly FieldType[] = ['single_choice', 'multiple_choice'];
export const TEXT_TYPES: readonly FieldType[] = ['text', 'long_text'];

export const FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const OPTION_CODE_PATTERN = /^[A-Za-z0-9_.-]{1,40}$/;
export const MAX_FIELDS = 200;
export const MAX_OPTIONS = 200;

/** Text length limits when a field sets none. */
export const DEFAULT_MAX_LENGTH: Record<'text' | 'long_text', number> = { text: 1000, long_text: 20_000 };

const labelText = (max: number) => z.string().trim().min(1).max(max);

/** A text in Swedish (always) and optionally Norwegian bokmål and English. */
export const localizedText = (max = 200) =>
  z.strictObject({ sv: labelText(max), nb: labelText(max).optional(), en: labelText(max).optional() });

/**
 * A form's name or description in Norwegian bokmål and English beside its Swedish text (which is
 * `name`/`description`). A language left out shows the Swedish text; PATCH replaces the whole object.
 */
export const textTranslations = (max: number) =>
  z.strictObject({ nb: labelText(max).optional(), en: labelText(max).optional() });
export type TextTranslations = { nb?: string; en?: string };

/** A name's or description's nb and en columns as the API's object (a language absent when null). */
export const translationsOf = (nb: string | null | undefined, en: string | null | undefined): TextTranslations => {
  // Assigned, not spread from conditional literals: this runs for every row of a list (issue 20).
  const translations: TextTranslations = {};
  if (nb != null) translations.nb = nb;
  if (en != null) translations.en = en;
  return translations;
};

export const fieldOption = z.strictObject({ code: z.string().regex(OPTION_CODE_PATTERN), label: localizedText() });

/** One field definition as stored in a form version and sent in responses. */
export const formField = z.strictObject({
  key: z.string().regex(FIELD_KEY_PATTERN),
  label: localizedText(),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  help: localizedText(1000).optional(),
  options: z.array(fieldOption).min(1).max(MAX_OPTIONS).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  maxLength: z.number().int().min(1).max(100_000).optional(),
});

export type LocalizedText = { sv: string; nb?: string; en?: string };
export type FieldOption = { code: string; label: LocalizedText };
export interface FormField {
  key: string;
  label: LocalizedText;
  type: FieldType;
  required: boolean;
  help?: LocalizedText;
  options?: FieldOption[];
  min?: number;
  max?: number;
  maxLength?: number;
}

/**
 * The capture facts the routines demand. Every form version starts with these, in this order;
 * administrators cannot remove or change them, nor reuse their keys.
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

export const CAPTURE_FACT_KEYS: readonly string[] = CAPTURE_FACTS.map((f) => f.key);

const TYPE_NAMES: Record<string, string> = {
  string: 'en text',
  number: 'ett tal',
  boolean: 'sant eller falskt',
  object: 'ett objekt',
  array: 'en lista',
};

/** A zod issue in Swedish words. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'saknas' : `ska vara ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'unrecognized_keys':
      return `okänt fält: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `ska vara ett av: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return 'har fel format';
    case 'too_small':
      return issue.origin === 'array'
        ? `ska ha minst ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? 'post' : 'poster'}`
        : issue.origin === 'string'
          ? Number(issue.minimum) === 1
            ? 'får inte vara tom'
            : `ska vara minst ${String(issue.minimum)} tecken`
          : `ska vara minst ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `får ha högst ${String(issue.maximum)} poster`
        : issue.origin === 'string'
          ? `får vara högst ${String(issue.maximum)} tecken`
          : `får vara högst ${String(issue.maximum)}`;
    default:
      return 'är inte giltigt';
  }
}

const fieldPath = (path: readonly PropertyKey[]) => path.map(String).join('.');

const fail = (field: string, message: string) => new AppError('validation_failed', message, { field });

/** Builds the field in a fixed property order, so that equal definitions serialise equally. */
function canonical(field: z.infer<typeof formField>): FormField {
  const text = (t: LocalizedText): LocalizedText => ({ sv: t.sv, ...(t.nb !== undefined ? { nb: t.nb } : {}), ...(t.en !== undefined ? { en: t.en } : {}) });
  return {
    key: field.key,
    label: text(field.label),
    type: field.type,
    required: field.required,
    ...(field.help !== undefined ? { help: text(field.help) } : {}),
    ...(field.options !== undefined ? { options: field.options.map((o) => ({ code: o.code, label: text(o.label) })) } : {}),
    ...(field.min !== undefined ? { min: field.min } : {}),
    ...(field.max !== undefined ? { max: field.max } : {}),
    ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
  };
}

/**
 * Checks the administrator's custom field definitions and returns the complete field list of a
 * version: the capture facts first, then the custom fields in the given order. Throws
 * `validation_failed` naming the field (e.g. `fields.2.options`) at the first problem.
 */
export function buildVersionFields(input: unknown): FormField[] {
  if (!Array.isArray(input)) throw fail('fields', 'Fälten (fields) ska vara en lista.');
  if (input.length > MAX_FIELDS) throw fail('fields', `Ett formulär får ha högst ${MAX_FIELDS} egna fält.`);
  const seen = new Set<string>();
  const fields: FormField[] = [];
  input.forEach((raw, index) => {
    const base = `fields.${index}`;
    const parsed = formField.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = fieldPath(['fields', index, ...issue.path]);
      const rawKey = typeof (raw as { key?: unknown } | null)?.key === 'string' ? ` "${(raw as { key: string }).key}"` : '';
      const detail =
        issue.path[0] === 'key' && issue.code === 'invalid_format'
          ? 'nyckeln ska börja med en liten bokstav a–z och får bara innehålla a–z, siffror och understreck (högst 40 tecken)'
          : issue.path.at(-1) === 'code' && issue.code === 'invalid_format'
            ? 'koden får bara innehålla bokstäver a–z, siffror, punkt, bindestreck och understreck (högst 40 tecken)'
            : describeIssue(issue);
      throw fail(where, `Fält ${index + 1}${rawKey} (${where}): ${detail}.`);
    }
    const field = parsed.data;
    const name = `Fält ${index + 1} "${field.key}"`;
    if (CAPTURE_FACT_KEYS.includes(field.key)) {
      throw fail(`${base}.key`, `${name} (${base}.key): nyckeln är reserverad för de fasta fotograferingsuppgifterna (${CAPTURE_FACT_KEYS.join(', ')}), som alltid finns först i formuläret.`);
    }
    if (seen.has(field.key)) throw fail(`${base}.key`, `${name} (${base}.key): nyckeln finns redan i formuläret. Varje fält behöver en egen nyckel.`);
    seen.add(field.key);
    const isChoice = CHOICE_TYPES.includes(field.type);
    if (isChoice && !field.options) {
      throw fail(`${base}.options`, `${name} (${base}.options): ett valfält behöver minst ett svarsalternativ.`);
    }
    if (!isChoice && field.options) {
      throw fail(`${base}.options`, `${name} (${base}.options): svarsalternativ passar bara valfält (single_choice, multiple_choice), inte ${field.type}.`);
    }
    if (field.options) {
      const codes = new Set<string>();
      field.options.forEach((option, o) => {
        if (codes.has(option.code)) {
          throw fail(`${base}.options.${o}.code`, `${name} (${base}.options.${o}.code): koden "${option.code}" används redan av ett annat alternativ.`);
        }
        codes.add(option.code);
      });
    }
    if (field.type !== 'number') {
      for (const limit of ['min', 'max'] as const) {
        if (field[limit] !== undefined) throw fail(`${base}.${limit}`, `${name} (${base}.${limit}): ${limit} passar bara talfält (number).`);
      }
    } else if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      throw fail(`${base}.min`, `${name} (${base}.min): min får inte vara större än max.`);
    }
    if (field.maxLength !== undefined && !TEXT_TYPES.includes(field.type)) {
      throw fail(`${base}.maxLength`, `${name} (${base}.maxLength): maxLength passar bara textfält (text, long_text).`);
    }
    fields.push(canonical(field));
  });
  return [...CAPTURE_FACTS.map((f) => canonical(f)), ...fields];
}

/** Whether two field lists are the same definition. */
export const sameFields = (a: readonly FormField[], b: readonly FormField[]) =>
  JSON.stringify(a.map((f) => canonical(f))) === JSON.stringify(b.map((f) => canonical(f)));
