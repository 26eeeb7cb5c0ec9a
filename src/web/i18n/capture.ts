import i18n from 'i18next';
import { CAPTURE_TEXTS } from './capture-texts';

/* Added to each language's translation under `capture`, in their own bundle (not the shared language files). */
for (const [lang, texts] of Object.entries(CAPTURE_TEXTS)) i18n.addResourceBundle(lang, 'translation', { capture: texts }, true, false);
