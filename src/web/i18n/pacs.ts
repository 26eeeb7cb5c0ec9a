import i18n from 'i18next';
import { PACS_ERROR_TEXTS, PACS_TEXTS } from './pacs-texts';

/* Added to each language's translation under `pacs` (and the routes' error codes under `errors`), in their own bundle. */
for (const [lang, texts] of Object.entries(PACS_TEXTS)) i18n.addResourceBundle(lang, 'translation', { pacs: texts }, true, false);
for (const [lang, texts] of Object.entries(PACS_ERROR_TEXTS)) i18n.addResourceBundle(lang, 'translation', { errors: texts }, true, false);
