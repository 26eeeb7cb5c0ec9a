import i18n from 'i18next';
import { ANNOTATION_TEXTS } from './annotation-texts';

/* Added to each language's translation under `annotations`, in their own bundle so that the viewer does not edit the shared language files. */
for (const [lang, texts] of Object.entries(ANNOTATION_TEXTS)) i18n.addResourceBundle(lang, 'translation', { annotations: texts }, true, false);
