import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../../api';
import { sameId } from '../../types';
import type { Department, Id, Role, User, UserRoleRef } from '../../types';
import { useSession } from '../../session';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../../components/common';
import { ActiveBadge, idPath, isEntity, mergeItem, sortBy, useFormFocus } from './shared';

export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.users.title'));
  const [users, setUsers] = useState<User[] | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [roles, setRoles] = useState<Role[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState<User | null>(null);
  const [notice, setNotice] = useState('');
  const { refresh } = useSession();

  const reload = useCallback(async () => {
    try {
      const [u, d, r] = await Promise.all([
        get<User[]>('/api/users'),
        get<Department[]>('/api/departments'),
        get<Role[]>('/api/roles'),
      ]);
      setUsers(u);
      setDepartments(d);
      setRoles(r);
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  function onSaved(user: User, created: boolean) {
    setUsers((list) => mergeItem(list ?? [], user));
    setEditing(null);
    setNotice(created ? t('admin.users.created', { name: user.displayName || user.username }) : t('common.saved'));
    void reload();
    // The change may affect the signed-in user's own rights.
    void refresh();
  }

  const departmentName = (id: Id) => departments.find((d) => sameId(d.id, id))?.name ?? String(id);
  const roleName = (id: Id) => roles.find((r) => sameId(r.id, id))?.name ?? String(id);

  return (
    <div className="page">
      <PageHeading>{t('admin.users.title')}</PageHeading>
      <div className="admin-grid">
        <section className="panel" aria-labelledby="users-list">
          <h2 id="users-list">{t('admin.users.listTitle')}</h2>
          <ErrorAlert error={loadError} />
          {users === null && !loadError ? (
            <Loading />
          ) : users && users.length === 0 ? (
            <p className="muted">{t('admin.users.empty')}</p>
          ) : users ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.users.username')}</th>
                    <th scope="col">{t('admin.users.displayName')}</th>
                    <th scope="col">{t('admin.users.status')}</th>
                    <th scope="col">{t('admin.users.roles')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sortBy(users, (u) => u.username).map((u) => (
                    <tr key={String(u.id)} aria-current={editing && sameId(editing.id, u.id) ? 'true' : undefined}>
                      <th scope="row" className="mono">
                        {u.username}
                      </th>
                      <td>{u.displayName}</td>
                      <td>
                        <ActiveBadge active={u.active} />
                        {u.locked && (
                          <>
                            {' '}
                            <span className="badge badge-warn">{t('admin.users.locked')}</span>
                          </>
                        )}
                      </td>
                      <td>
                        {u.roles.length === 0 ? (
                          <span className="muted">{t('admin.users.noRole')}</span>
                        ) : (
                          <ul className="plain-list">
                            {u.roles.map((r) => (
                              <li key={`${String(r.departmentId)}:${String(r.roleId)}`}>
                                {departmentName(r.departmentId)}: {roleName(r.roleId)}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button-link"
                          aria-label={t('common.editItem', { name: u.username })}
                          onClick={() => {
                            setNotice('');
                            setEditing(u);
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
        <UserForm
          key={editing ? String(editing.id) : 'new'}
          user={editing}
          departments={departments}
          roles={roles}
          notice={notice}
          onSubmitStart={() => setNotice('')}
          onSaved={onSaved}
          onCancel={() => setEditing(null)}
        />
      </div>
    </div>
  );
}

function initialRoleMap(user: User | null): Record<string, string> {
  const map: Record<string, string> = {};
  for (const r of user?.roles ?? []) {
    const key = String(r.departmentId);
    if (!(key in map)) map[key] = String(r.roleId);
  }
  return map;
}

function UserForm({
  user,
  departments,
  roles,
  notice,
  onSubmitStart,
  onSaved,
  onCancel,
}: {
  user: User | null;
  departments: Department[];
  roles: Role[];
  notice: string;
  onSubmitStart(): void;
  onSaved(user: User, created: boolean): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [password, setPassword] = useState('');
  const [active, setActive] = useState(user?.active ?? true);
  const [roleByDepartment, setRoleByDepartment] = useState<Record<string, string>>(() => initialRoleMap(user));
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const headingRef = useFormFocus(user?.id);

  function selectedRoles(): UserRoleRef[] {
    const out: UserRoleRef[] = [];
    for (const [depKey, roleKey] of Object.entries(roleByDepartment)) {
      if (!roleKey) continue;
      const dep = departments.find((d) => String(d.id) === depKey);
      const role = roles.find((r) => String(r.id) === roleKey);
      if (dep && role) out.push({ departmentId: dep.id, roleId: role.id });
    }
    return out;
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    onSubmitStart();
    setError(null);
    setSaving(true);
    const chosen = selectedRoles();
    try {
      if (user) {
        const body: Record<string, unknown> = { displayName: displayName.trim(), active, roles: chosen };
        if (password) body.password = password;
        const res = await patch<unknown>(`/api/users/${idPath(user.id)}`, body);
        onSaved(
          isEntity<User>(res) ? res : { ...user, displayName: displayName.trim(), active, roles: chosen },
          false,
        );
      } else {
        const res = await post<User>('/api/users', {
          username: username.trim(),
          password,
          displayName: displayName.trim(),
          roles: chosen,
        });
        onSaved(isEntity<User>(res) ? res : { id: username, username, displayName, active: true, roles: chosen }, true);
        setUsername('');
        setDisplayName('');
        setPassword('');
        setRoleByDepartment({});
      }
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const title = user ? t('admin.users.editTitle', { name: user.username }) : t('admin.users.createTitle');

  return (
    <section className="panel form-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <StatusMessage>{notice}</StatusMessage>
      <form onSubmit={(e) => void onSubmit(e)}>
        <ErrorAlert error={error} detail />
        <div className="field">
          <label htmlFor={`${id}-username`}>{t('admin.users.username')}</label>
          <input
            id={`${id}-username`}
            className="mono"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            readOnly={!!user}
            required={!user}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-display`}>{t('admin.users.displayName')}</label>
          <input
            id={`${id}-display`}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            required
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('admin.users.password')}</label>
          <input
            id={`${id}-password`}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required={!user}
            autoComplete="new-password"
            aria-describedby={user ? `${id}-password-hint` : undefined}
          />
          {user && (
            <p className="hint" id={`${id}-password-hint`}>
              {t('admin.users.passwordEditHint')}
            </p>
          )}
        </div>
        {user && (
          <div className="field field-check">
            <input id={`${id}-active`} type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
            <label htmlFor={`${id}-active`}>{t('common.active')}</label>
          </div>
        )}
        <fieldset className="role-table">
          <legend>{t('admin.users.rolesPerDepartment')}</legend>
          {departments.length === 0 ? (
            <p className="muted">{t('admin.users.noDepartments')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.department')}</th>
                  <th scope="col">{t('admin.users.role')}</th>
                </tr>
              </thead>
              <tbody>
                {sortBy(departments, (d) => d.name).map((d) => {
                  const key = String(d.id);
                  const label = d.active ? d.name : t('admin.users.inactiveDepartment', { name: d.name });
                  return (
                    <tr key={key}>
                      <th scope="row">
                        {label} <span className="hint mono">{d.hsaId}</span>
                      </th>
                      <td>
                        <select
                          aria-label={t('admin.users.roleFor', { department: d.name })}
                          value={roleByDepartment[key] ?? ''}
                          onChange={(e) => setRoleByDepartment((prev) => ({ ...prev, [key]: e.target.value }))}
                        >
                          <option value="">{t('admin.users.noRole')}</option>
                          {sortBy(roles, (r) => r.name).map((r) => (
                            <option key={String(r.id)} value={String(r.id)}>
                              {r.name}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? t('common.saving') : user ? t('common.save') : t('admin.users.create')}
          </button>
          {user && (
            <button type="button" className="button-secondary" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
