import i18n from 'i18next';
import { CASE_COPY_TEXTS } from './case-copy-texts';

/* Added to each language's translation under `caseCopies`, in their own bundle (not the shared language files). */
for (const [lang, texts] of Object.entries(CASE_COPY_TEXTS)) i18n.addResourceBundle(lang, 'translation', { caseCopies: texts }, true, false);
