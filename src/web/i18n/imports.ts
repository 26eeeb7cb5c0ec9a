import i18n from 'i18next';
import { IMPORT_TEXTS } from './import-texts';

/* Added to each language's translation under `cardImport`, in their own bundle so that card import does not edit the shared language files. */
for (const [lang, texts] of Object.entries(IMPORT_TEXTS)) i18n.addResourceBundle(lang, 'translation', { cardImport: texts }, true, false);
