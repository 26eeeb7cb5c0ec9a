import i18n from 'i18next';
import { LOOKING_TEXTS } from './looking-texts';

/*
 * Added to each language's translation under `looking`, in their own bundle so that these pages
 * do not edit the shared language files.
 */
for (const [lang, texts] of Object.entries(LOOKING_TEXTS)) i18n.addResourceBundle(lang, 'translation', { looking: texts }, true, false);
