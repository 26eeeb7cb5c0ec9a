import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { get, patch, post } from '../../api';
import { sameId } from '../../types';
import type { Role } from '../../types';
import { useSession } from '../../session';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../../components/common';
import { idPath, isEntity, mergeItem, sortBy, useFormFocus } from './shared';

export function rightName(t: TFunction, right: string): string {
  return t(`rights.${right}`, { defaultValue: right });
}

export function RolesPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.roles.title'));
  const [roles, setRoles] = useState<Role[] | null>(null);
  const [rights, setRights] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Role | null>(null);
  const [notice, setNotice] = useState('');
  const { refresh } = useSession();

  const reload = useCallback(async () => {
    try {
      const [r, all] = await Promise.all([get<Role[]>('/api/roles'), get<string[]>('/api/rights')]);
      setRoles(r);
      setRights(all);
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  function onSaved(role: Role, created: boolean) {
    setRoles((list) => mergeItem(list ?? [], role));
    setEditing(null);
    setNotice(created ? t('admin.roles.created', { name: role.name }) : t('common.saved'));
    void reload();
    // The change may affect the signed-in user's own rights.
    void refresh();
  }

  return (
    <div className="page">
      <PageHeading>{t('admin.roles.title')}</PageHeading>
      <div className="admin-grid">
        <section className="panel" aria-labelledby="roles-list">
          <h2 id="roles-list">{t('admin.roles.listTitle')}</h2>
          <ErrorAlert error={loadError} />
          {roles === null && !loadError ? (
            <Loading />
          ) : roles && roles.length === 0 ? (
            <p className="muted">{t('admin.roles.empty')}</p>
          ) : roles ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.roles.name')}</th>
                    <th scope="col">{t('admin.roles.kind')}</th>
                    <th scope="col">{t('admin.roles.rights')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sortBy(roles, (r) => r.name).map((r) => (
                    <tr key={String(r.id)} aria-current={editing && sameId(editing.id, r.id) ? 'true' : undefined}>
                      <th scope="row">{r.name}</th>
                      <td>
                        <span className={r.builtIn ? 'badge badge-neutral' : 'badge badge-outline'}>
                          {r.builtIn ? t('admin.roles.builtIn') : t('admin.roles.custom')}
                        </span>{' '}
                        {r.global && <span className="badge badge-neutral">{t('admin.roles.global')}</span>}
                      </td>
                      <td className="cell-rights">
                        {r.rights.length === 0 ? (
                          <span className="muted">{t('admin.roles.noRights')}</span>
                        ) : (
                          <ul className="inline-list">
                            {r.rights.map((right) => (
                              <li key={right}>{rightName(t, right)}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button-link"
                          aria-label={
                            r.builtIn ? t('admin.roles.viewItem', { name: r.name }) : t('common.editItem', { name: r.name })
                          }
                          onClick={() => {
                            setNotice('');
                            setEditing(r);
                          }}
                        >
                          {r.builtIn ? t('admin.roles.view') : t('common.edit')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
        <RoleForm
          key={editing ? String(editing.id) : 'new'}
          role={editing}
          allRights={rights}
          notice={notice}
          onSubmitStart={() => setNotice('')}
          onSaved={onSaved}
          onCancel={() => setEditing(null)}
        />
      </div>
    </div>
  );
}

function RoleForm({
  role,
  allRights,
  notice,
  onSubmitStart,
  onSaved,
  onCancel,
}: {
  role: Role | null;
  allRights: string[];
  notice: string;
  onSubmitStart(): void;
  onSaved(role: Role, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(role?.name ?? '');
  const [selected, setSelected] = useState<Set<string>>(() => new Set(role?.rights ?? []));
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const headingRef = useFormFocus(role?.id);
  const readOnly = !!role?.builtIn;

  // Show rights the role has even if /api/rights does not list them.
  const rightsToShow = [...allRights, ...(role?.rights ?? []).filter((r) => !allRights.includes(r))];

  function toggle(right: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(right);
      else next.delete(right);
      return next;
    });
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (readOnly) return;
    onSubmitStart();
    setError(null);
    setSaving(true);
    // Keep the order of /api/rights.
    const rights = rightsToShow.filter((r) => selected.has(r));
    try {
      if (role) {
        const res = await patch<unknown>(`/api/roles/${idPath(role.id)}`, { name: name.trim(), rights });
        onSaved(isEntity<Role>(res) ? res : { ...role, name: name.trim(), rights }, false);
      } else {
        const res = await post<Role>('/api/roles', { name: name.trim(), rights });
        onSaved(res, true);
        setName('');
        setSelected(new Set());
      }
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const title = role
    ? readOnly
      ? t('admin.roles.viewTitle', { name: role.name })
      : t('admin.roles.editTitle', { name: role.name })
    : t('admin.roles.createTitle');

  return (
    <section className="panel form-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <StatusMessage>{notice}</StatusMessage>
      {readOnly && <p className="note">{t('admin.roles.builtInReadOnly')}</p>}
      <form onSubmit={(e) => void onSubmit(e)}>
        <ErrorAlert error={error} detail />
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('admin.roles.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            readOnly={readOnly}
            autoComplete="off"
          />
        </div>
        <fieldset className="checkbox-group" disabled={readOnly}>
          <legend>{t('admin.roles.rights')}</legend>
          {rightsToShow.map((right) => {
            const cid = `${id}-right-${right}`;
            return (
              <div className="field-check" key={right}>
                <input
                  id={cid}
                  type="checkbox"
                  checked={selected.has(right)}
                  onChange={(e) => toggle(right, e.target.checked)}
                />
                <label htmlFor={cid}>
                  {rightName(t, right)} <code className="right-code" aria-hidden="true">{right}</code>
                </label>
              </div>
            );
          })}
        </fieldset>
        <div className="form-actions">
          {!readOnly && (
            <button type="submit" className="button-primary" disabled={saving}>
              {saving ? t('common.saving') : role ? t('common.save') : t('admin.roles.create')}
            </button>
          )}
          {role && (
            <button type="button" className="button-secondary" onClick={onCancel}>
              {readOnly ? t('common.close') : t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
