import { useTranslation } from 'react-i18next';
import { localized } from '../../../forms';
import type { FormField } from '../../../forms';
import { useLocale } from '../../cases/shared';

/** Everything about a field beyond label, key, type and required, in one cell. */
function FieldDetails({ field, language }: { field: FormField; language: string | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const number = (value: number) => value.toLocaleString(locale);
  const lines: string[] = [];
  if (field.options) {
    const options = field.options.map((o) => `${localized(o.label, language)} (${o.code})`).join(', ');
    lines.push(t('formsAdmin.table.options', { options }));
  }
  if (field.min !== undefined) lines.push(t('formsAdmin.table.min', { value: number(field.min) }));
  if (field.max !== undefined) lines.push(t('formsAdmin.table.max', { value: number(field.max) }));
  if (field.maxLength !== undefined) lines.push(t('formsAdmin.table.maxLength', { value: number(field.maxLength) }));
  if (field.help) lines.push(t('formsAdmin.table.help', { text: localized(field.help, language) }));
  if (lines.length === 0) return null;
  return (
    <ul className="plain-list">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/** Field definitions, read-only: the capture facts of a form, or every field of a version. */
export function FieldsTable({
  fields,
  fixedKeys,
  caption,
}: {
  fields: readonly FormField[];
  /** The capture facts' keys; their rows are marked as fixed. */
  fixedKeys: readonly string[];
  caption: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return (
    <div className="table-wrap">
      <table className="fields-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('formsAdmin.table.label')}</th>
            <th scope="col">{t('formsAdmin.table.key')}</th>
            <th scope="col">{t('formsAdmin.table.type')}</th>
            <th scope="col">{t('formsAdmin.table.required')}</th>
            <th scope="col">{t('formsAdmin.table.details')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field.key}>
              <th scope="row">
                {localized(field.label, language)}
                {fixedKeys.includes(field.key) && (
                  <>
                    {' '}
                    <span className="badge badge-neutral">{t('formsAdmin.fixed')}</span>
                  </>
                )}
              </th>
              <td className="mono">{field.key}</td>
              <td>{t(`formsAdmin.types.${field.type}`, { defaultValue: field.type })}</td>
              <td>{field.required ? t('common.yes') : t('common.no')}</td>
              <td>
                <FieldDetails field={field} language={language} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
