import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../../api';
import { sameId } from '../../types';
import type { Department } from '../../types';
import { useSession } from '../../session';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../../components/common';
import { ActiveBadge, idPath, isEntity, mergeItem, sortBy, useFormFocus } from './shared';

export function DepartmentsPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.departments.title'));
  const [items, setItems] = useState<Department[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Department | null>(null);
  const [notice, setNotice] = useState('');
  const { refresh } = useSession();

  const reload = useCallback(async () => {
    try {
      setItems(await get<Department[]>('/api/departments'));
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  function onSaved(dep: Department, created: boolean) {
    setItems((list) => mergeItem(list ?? [], dep));
    setEditing(null);
    setNotice(created ? t('admin.departments.created', { name: dep.name }) : t('common.saved'));
    void reload();
    // The change may affect the signed-in user's own rights.
    void refresh();
  }

  return (
    <div className="page">
      <PageHeading>{t('admin.departments.title')}</PageHeading>
      <div className="admin-grid">
        <section className="panel" aria-labelledby="departments-list">
          <h2 id="departments-list">{t('admin.departments.listTitle')}</h2>
          <ErrorAlert error={loadError} />
          {items === null && !loadError ? (
            <Loading />
          ) : items && items.length === 0 ? (
            <p className="muted">{t('admin.departments.empty')}</p>
          ) : items ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.departments.hsaId')}</th>
                    <th scope="col">{t('admin.departments.name')}</th>
                    <th scope="col">{t('admin.departments.status')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sortBy(items, (d) => d.name).map((d) => (
                    <tr key={d.id} aria-current={editing && sameId(editing.id, d.id) ? 'true' : undefined}>
                      <td className="mono">{d.hsaId}</td>
                      <th scope="row">{d.name}</th>
                      <td>
                        <ActiveBadge active={d.active} />
                      </td>
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button-link"
                          aria-label={t('common.editItem', { name: d.name })}
                          onClick={() => {
                            setNotice('');
                            setEditing(d);
                          }}
                        >
                          {t('common.edit')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
        <DepartmentForm
          key={editing ? String(editing.id) : 'new'}
          department={editing}
          notice={notice}
          onSubmitStart={() => setNotice('')}
          onSaved={onSaved}
          onCancel={() => setEditing(null)}
        />
      </div>
    </div>
  );
}

function DepartmentForm({
  department,
  notice,
  onSubmitStart,
  onSaved,
  onCancel,
}: {
  department: Department | null;
  notice: string;
  onSubmitStart(): void;
  onSaved(dep: Department, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [hsaId, setHsaId] = useState(department?.hsaId ?? '');
  const [name, setName] = useState(department?.name ?? '');
  const [active, setActive] = useState(department?.active ?? true);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const headingRef = useFormFocus(department?.id);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    onSubmitStart();
    setError(null);
    setSaving(true);
    try {
      if (department) {
        const res = await patch<unknown>(`/api/departments/${idPath(department.id)}`, { name: name.trim(), active });
        onSaved(isEntity<Department>(res) ? res : { ...department, name: name.trim(), active }, false);
      } else {
        const res = await post<Department>('/api/departments', { hsaId: hsaId.trim(), name: name.trim() });
        onSaved(res, true);
        setHsaId('');
        setName('');
      }
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const title = department
    ? t('admin.departments.editTitle', { name: department.name })
    : t('admin.departments.createTitle');

  return (
    <section className="panel form-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <StatusMessage>{notice}</StatusMessage>
      <form onSubmit={(e) => void onSubmit(e)}>
        <ErrorAlert error={error} detail />
        <div className="field">
          <label htmlFor={`${id}-hsa`}>{t('admin.departments.hsaId')}</label>
          <input
            id={`${id}-hsa`}
            className="mono"
            value={hsaId}
            onChange={(e) => setHsaId(e.target.value)}
            readOnly={!!department}
            required={!department}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={department ? undefined : `${id}-hsa-hint`}
          />
          {!department && (
            <p className="hint" id={`${id}-hsa-hint`}>
              {t('admin.departments.hsaIdHint')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('admin.departments.name')}</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required autoComplete="off" />
        </div>
        {department && (
          <div className="field field-check">
            <input id={`${id}-active`} type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
            <label htmlFor={`${id}-active`}>{t('common.active')}</label>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? t('common.saving') : department ? t('common.save') : t('admin.departments.create')}
          </button>
          {department && (
            <button type="button" className="button-secondary" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
