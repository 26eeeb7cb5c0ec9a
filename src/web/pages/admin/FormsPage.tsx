import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api';
import { translatedText, type FormDetail, type FormSummary } from '../../forms';
import { ErrorAlert, Loading, PageHeading, useLoad, usePageTitle } from '../../components/common';
import { ActiveBadge, AdminListPanel, EditCell } from './shared';
import { FormEditor } from './forms/FormEditor';
import { VersionHistory } from './forms/VersionHistory';

const loadForms = () => call(client.GET('/api/forms', { params: { query: { includeInactive: 'true' } } }));
const loadDepartments = () => call(client.GET('/api/departments'));

/**
 * The form designer for administrators (form.manage): every form with its state, version and
 * departments; a new form, or the chosen one with its field list and version history.
 */
export function FormsPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const nameOf = (f: FormSummary) => translatedText(f.name, f.nameTranslations, language);
  usePageTitle(t('formsAdmin.title'));
  const [reloads, setReloads] = useState(0);
  const forms = useLoad(loadForms, [reloads]);
  const departments = useLoad(loadDepartments, []);
  const [editingId, setEditingId] = useState<string | null>(null);
  /** The form as the last save answered, which saves a second read. */
  const [savedForm, setSavedForm] = useState<FormDetail | null>(null);
  const [notice, setNotice] = useState('');
  const [openCount, setOpenCount] = useState(0);

  const opened = useLoad(
    () => (editingId === null ? Promise.resolve(null) : call(client.GET('/api/forms/{id}', { params: { path: { id: String(editingId) } } }))),
    [editingId],
  );
  const editing =
    savedForm && savedForm.id === editingId ? savedForm : opened.data && opened.data.id === editingId ? opened.data : null;

  const departmentName = (id: string) => departments.data?.find((d) => String(d.id) === id)?.name ?? id;

  function edit(form: FormSummary) {
    setNotice('');
    setSavedForm(null);
    setEditingId(form.id);
    setOpenCount((n) => n + 1);
  }

  function onSaved(form: FormDetail, text: string) {
    setSavedForm(form);
    setEditingId(form.id);
    setNotice(text);
    setReloads((n) => n + 1);
  }

  function onCancel() {
    setNotice('');
    setSavedForm(null);
    setEditingId(null);
  }

  return (
    <div className="page">
      <PageHeading>{t('formsAdmin.title')}</PageHeading>
      <ErrorAlert error={departments.error} />
      <AdminListPanel
        headingId="forms-list"
        title={t('formsAdmin.listTitle')}
        emptyText={t('formsAdmin.empty')}
        columns={[
          t('formsAdmin.columns.name'),
          t('formsAdmin.columns.status'),
          t('formsAdmin.columns.version'),
          t('formsAdmin.columns.departments'),
        ]}
        page={{
          items: forms.data,
          loadError: forms.error,
          editing: forms.data?.find((f) => f.id === editingId) ?? null,
        }}
        sortKey={nameOf}
        row={(f) => (
          <>
            <th scope="row">
              {nameOf(f)}
              {f.description && <span className="hint form-description">{translatedText(f.description, f.descriptionTranslations, language)}</span>}
            </th>
            <td>
              <ActiveBadge active={f.active} />
            </td>
            <td>{f.currentVersion}</td>
            <td>
              {f.departmentIds.length === 0 ? (
                <span className="muted">{t('formsAdmin.noDepartments')}</span>
              ) : (
                <ul className="inline-list">
                  {f.departmentIds.map((id) => (
                    <li key={id}>{departmentName(id)}</li>
                  ))}
                </ul>
              )}
            </td>
            <EditCell label={t('common.editItem', { name: nameOf(f) })} onClick={() => edit(f)} />
          </>
        )}
      />

      {editingId !== null && !editing ? (
        <section className="panel" aria-busy={!opened.error}>
          {opened.error ? (
            <>
              <ErrorAlert error={opened.error} />
              <button type="button" className="button-secondary" onClick={onCancel}>
                {t('common.close')}
              </button>
            </>
          ) : (
            <Loading />
          )}
        </section>
      ) : (
        <FormEditor
          key={editing ? `${editing.id}:${editing.currentVersion.version}:${editing.updatedAt}` : 'new'}
          form={editing}
          openCount={openCount}
          departments={departments.data ?? []}
          notice={notice}
          onSubmitStart={() => setNotice('')}
          onSaved={onSaved}
          onPartlySaved={() => setReloads((n) => n + 1)}
          onNotice={setNotice}
          onCancel={onCancel}
        />
      )}
      {editing && <VersionHistory key={editing.id} form={editing} />}
    </div>
  );
}
