import i18n from 'i18next';
import { REPORT_TEXTS } from './report-texts';

/* Added to each language's translation under `reports`, in their own bundle (not the shared language files). */
for (const [lang, texts] of Object.entries(REPORT_TEXTS)) i18n.addResourceBundle(lang, 'translation', { reports: texts }, true, false);
