import i18n from 'i18next';
import { COPY_ANNOTATION_TEXTS } from './copy-annotation-texts';

/* Added to each language's translation under `copyAnnotations`, in their own bundle so that the copy's case page does not edit the shared language files. */
for (const [lang, texts] of Object.entries(COPY_ANNOTATION_TEXTS)) i18n.addResourceBundle(lang, 'translation', { copyAnnotations: texts }, true, false);
