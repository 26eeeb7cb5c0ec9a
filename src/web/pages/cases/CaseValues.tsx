import { useTranslation } from 'react-i18next';
import { displayValue, localized } from '../../caseForm';
import type { Language } from '../../i18n';
import type { CaseFormField, FormValue } from '../../types';

/** A case's form values as a read-only list: each field's label and its answer ("Not answered" when empty). */
export function CaseValues({ fields, values, lang }: { fields: readonly CaseFormField[]; values: Record<string, FormValue>; lang: Language }) {
  const { t } = useTranslation();
  return (
    <dl className="case-values">
      {fields.map((field) => {
        const shown = displayValue(field, values[field.key], t, lang);
        return (
          <div key={field.key}>
            <dt>{localized(field.label, lang)}</dt>
            <dd className={shown ? 'preserve-lines' : 'muted'}>{shown || t('caseForm.notAnswered')}</dd>
          </div>
        );
      })}
    </dl>
  );
}
