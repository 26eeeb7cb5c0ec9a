import i18n from 'i18next';
import { EDIT_TEXTS } from './edit-texts';

/* Added to each language's translation under `uploadEdit`, in their own bundle (not the shared language files). */
for (const [lang, texts] of Object.entries(EDIT_TEXTS)) i18n.addResourceBundle(lang, 'translation', { uploadEdit: texts }, true, false);
