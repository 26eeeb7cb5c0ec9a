import i18n from 'i18next';
import { AUDIT_ACTION_LABELS, AUDIT_TEXTS } from './audit-texts';
import type { Language } from './index';

/* Added to each language's translation under `auditView`, in their own bundle so that the audit page does not edit the shared language files. */
for (const [lang, texts] of Object.entries(AUDIT_TEXTS)) i18n.addResourceBundle(lang, 'translation', { auditView: texts }, true, false);

/** The label of an action code in `lang`; a code no label is known for (a newer server) gets the generic text. */
export function actionLabel(code: string, lang: Language): string | null {
  return AUDIT_ACTION_LABELS[lang][code] ?? AUDIT_ACTION_LABELS.sv[code] ?? null;
}
