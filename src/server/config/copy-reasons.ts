import { z } from 'zod';

/** One reason a user may give for a print, an export or a kept original (M7, KASUS_COPY_REASONS). */
export interface CopyReason {
  /** Stored with the copy and in the audit event. */
  code: string;
  /** What the dialog shows (Swedish; nb and en optional). */
  label: string;
  labelNb?: string | undefined;
  labelEn?: string | undefined;
  /** The reason is only a heading: the user must also write what it is. */
  textRequired: boolean;
}

export const DEFAULT_COPY_REASONS: CopyReason[] = [
  { code: 'care', label: 'Vård av patienten', labelNb: 'Behandling av pasienten', labelEn: 'Care of the patient', textRequired: false },
  { code: 'referral', label: 'Remiss till annan vårdgivare', labelNb: 'Henvisning til annen behandler', labelEn: 'Referral to another care provider', textRequired: false },
  { code: 'patient_request', label: 'Begäran från patienten', labelNb: 'Forespørsel fra pasienten', labelEn: 'Request from the patient', textRequired: false },
  { code: 'legal', label: 'Rättsligt ärende/polisen', labelNb: 'Rettslig sak/politiet', labelEn: 'Legal matter/police', textRequired: false },
  { code: 'other', label: 'Annat (beskriv)', labelNb: 'Annet (beskriv)', labelEn: 'Other (describe)', textRequired: true },
];

const reason = z.strictObject({
  code: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'code must be 1–40 of a-z, 0-9, _ or -'),
  label: z.string().trim().min(1).max(120),
  labelNb: z.string().trim().min(1).max(120).optional(),
  labelEn: z.string().trim().min(1).max(120).optional(),
  textRequired: z.boolean().default(false),
});

/** KASUS_COPY_REASONS: a JSON array of { code, label, labelNb?, labelEn?, textRequired? }. */
export const copyReasons = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of { code, label, labelNb?, labelEn?, textRequired? }' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(reason)
      .min(1, 'must name at least one reason')
      .max(50)
      .refine((list) => new Set(list.map((r) => r.code)).size === list.length, 'each code may appear only once'),
  );
