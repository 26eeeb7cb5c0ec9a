import i18n from 'i18next';
import { CONSENT_TEXTS } from './consent-texts';

/* Added to each language's translation under `consent`, in their own bundle (not the shared language files). */
for (const [lang, texts] of Object.entries(CONSENT_TEXTS)) i18n.addResourceBundle(lang, 'translation', { consent: texts, errors: texts.errors }, true, false);
