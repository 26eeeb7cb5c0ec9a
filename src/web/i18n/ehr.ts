import i18n from 'i18next';
import { EHR_TEXTS } from './ehr-texts';

/* Added to each language's translation in their own bundle (not the shared language files). */
for (const [lang, { errors, refusal, ...texts }] of Object.entries(EHR_TEXTS)) {
  i18n.addResourceBundle(lang, 'translation', { ehr: texts, errors, refusals: { ehr_context_required: refusal } }, true, false);
}
