import i18n from 'i18next';
import { DEIDENTIFY_TEXTS } from './deidentify-texts';

/* Added to each language's translation under `deidentify`, in their own bundle (not the shared language files). */
for (const [lang, texts] of Object.entries(DEIDENTIFY_TEXTS)) i18n.addResourceBundle(lang, 'translation', { deidentify: texts, errors: texts.errors }, true, false);
