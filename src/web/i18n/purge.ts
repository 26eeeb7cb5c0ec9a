import i18n from 'i18next';
import { PURGE_TEXTS } from './purge-texts';

/* Added to each language's translation under `purge`, in their own bundle (not the shared language files). */
for (const [lang, texts] of Object.entries(PURGE_TEXTS)) i18n.addResourceBundle(lang, 'translation', { purge: texts }, true, false);
