import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../../api';
import { formatDateTime } from '../../../media';
import { translatedText, type FormDetail, type FormVersion } from '../../../forms';
import { TableHead } from '../../../components/table';
import { ErrorAlert, Loading, useLoad } from '../../../components/common';
import { useLocale } from '../../cases/shared';
import { FieldsTable } from './FieldsTable';

/**
 * The versions of a form, newest first, with who saved each and why; any version's fields can
 * be opened read-only, as cases written with it see them.
 */
export function VersionHistory({ form }: { form: FormDetail }) {
  const { t, i18n } = useTranslation();
  const formName = translatedText(form.name, form.nameTranslations, i18n.resolvedLanguage);
  const locale = useLocale();
  const id = useId();
  const [viewing, setViewing] = useState<number | null>(null);
  const viewHeading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const current = form.currentVersion.version;

  const loaded = useLoad(
    () => (viewing === null ? Promise.resolve(null) : call(client.GET('/api/forms/{id}/versions/{version}', { params: { path: { id: String(form.id), version: viewing } } }))),
    [form.id, viewing],
  );
  const shown = loaded.data && loaded.data.version === viewing ? loaded.data : null;

  useEffect(() => {
    if (shown) viewHeading.current?.focus();
  }, [shown]);

  function view(version: number, button: HTMLButtonElement) {
    opener.current = button;
    setViewing(version);
  }

  function close() {
    setViewing(null);
    opener.current?.focus();
  }

  return (
    <>
      <section className="panel" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('formsAdmin.versions.title')}</h2>
        <div className="table-wrap">
          <table>
            <TableHead
              columns={[t('formsAdmin.versions.version'), t('formsAdmin.versions.created'), t('formsAdmin.versions.author'), t('formsAdmin.versions.changeNote')]}
              actions
            />
            <tbody>
              {form.versions
                .slice()
                .reverse()
                .map((v) => (
                  <tr key={v.id} aria-current={viewing === v.version ? 'true' : undefined}>
                    <th scope="row">
                      {v.version}
                      {v.version === current && (
                        <>
                          {' '}
                          <span className="badge badge-active">{t('formsAdmin.versions.current')}</span>
                        </>
                      )}
                    </th>
                    <td className="nowrap">
                      <time dateTime={v.createdAt}>{formatDateTime(v.createdAt, locale)}</time>
                    </td>
                    <td>{v.createdByName ?? v.createdBy}</td>
                    <td>{v.changeNote ?? <span className="muted">{t('formsAdmin.versions.noNote')}</span>}</td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button-link"
                        aria-label={t('formsAdmin.versions.viewItem', { version: v.version })}
                        onClick={(e) => view(v.version, e.currentTarget)}
                      >
                        {t('formsAdmin.versions.view')}
                      </button>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>

      {viewing !== null && (
        <section className="panel" aria-labelledby={`${id}-view`} aria-busy={loaded.loading}>
          <div className="table-head">
            <h2 id={`${id}-view`} ref={viewHeading} tabIndex={-1}>
              {t('formsAdmin.versions.viewTitle', { version: viewing, name: formName })}
            </h2>
            <button type="button" className="button-secondary" onClick={close}>
              {t('common.close')}
            </button>
          </div>
          <ErrorAlert error={loaded.error} />
          {shown ? (
            <>
              <p className="muted">
                {t('formsAdmin.versions.readOnly', { date: formatDateTime(shown.createdAt, locale) })}
              </p>
              <FieldsTable
                fields={shown.fields}
                fixedKeys={form.captureFactKeys}
                caption={t('formsAdmin.versions.viewTitle', { version: viewing, name: formName })}
              />
            </>
          ) : loaded.error ? null : (
            <Loading />
          )}
        </section>
      )}
    </>
  );
}
