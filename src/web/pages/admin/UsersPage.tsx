import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api';
import { sameId } from '../../types';
import type { Department, Id, Role, User, UserRoleRef } from '../../types';
import {
  ActiveBadge,
  ActiveCheckbox,
  AdminFormPanel,
  AdminListPanel,
  AdminPage,
  EditCell,
  FormActions,
  sortBy,
  useAdminPage,
  useFormFocus,
  useSubmit,
} from './shared';
import type { AdminFormProps } from './shared';
import { TextField } from './fields';

export function UsersPage() {
  const { t } = useTranslation();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [roles, setRoles] = useState<Role[]>([]);
  const load = useCallback(async () => {
    const [u, d, r] = await Promise.all([
      call(client.GET('/api/users')),
      call(client.GET('/api/departments')),
      call(client.GET('/api/roles')),
    ]);
    setDepartments(d);
    setRoles(r);
    return u;
  }, []);
  const page = useAdminPage(load, (user) => t('admin.users.created', { name: user.displayName || user.username }));

  const departmentName = (id: Id) => departments.find((d) => sameId(d.id, id))?.name ?? String(id);
  const roleName = (id: Id) => roles.find((r) => sameId(r.id, id))?.name ?? String(id);

  return (
    <AdminPage title={t('admin.users.title')} stacked>
      <AdminListPanel
        headingId="users-list"
        title={t('admin.users.listTitle')}
        emptyText={t('admin.users.empty')}
        columns={[
          t('admin.users.username'),
          t('admin.users.displayName'),
          t('admin.users.email'),
          t('admin.users.status'),
          t('admin.users.roles'),
        ]}
        page={page}
        sortKey={(u) => u.username}
        row={(u) => (
          <>
            <th scope="row" className="mono">
              {u.username}
            </th>
            <td>{u.displayName}</td>
            <td>{u.email ? <span className="mono">{u.email}</span> : <span className="muted">{t('admin.users.noEmail')}</span>}</td>
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
            <EditCell label={t('common.editItem', { name: u.username })} onClick={() => page.edit(u)} />
          </>
        )}
      />
      <UserForm key={page.formKey} user={page.editing} departments={departments} roles={roles} {...page.formProps} />
    </AdminPage>
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
}: AdminFormProps<User> & { user: User | null; departments: Department[]; roles: Role[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [password, setPassword] = useState('');
  const [active, setActive] = useState(user?.active ?? true);
  const [roleByDepartment, setRoleByDepartment] = useState<Record<string, string>>(() => initialRoleMap(user));
  const { error, saving, submit } = useSubmit(onSubmitStart);
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

  function onSubmit() {
    const chosen = selectedRoles();
    void submit(async () => {
      if (user) {
        // An empty field removes the address.
        const body = { displayName: displayName.trim(), email: email.trim() || null, active, roles: chosen, ...(password ? { password } : {}) };
        onSaved(await call(client.PATCH('/api/users/{id}', { params: { path: { id: String(user.id) } }, body })), false);
      } else {
        const created = await call(
          client.POST('/api/users', {
            body: { username: username.trim(), password, displayName: displayName.trim(), email: email.trim() || null, roles: chosen },
          }),
        );
        onSaved(created, true);
        setUsername('');
        setDisplayName('');
        setEmail('');
        setPassword('');
        setRoleByDepartment({});
      }
    });
  }

  const title = user ? t('admin.users.editTitle', { name: user.username }) : t('admin.users.createTitle');

  return (
    <AdminFormPanel id={id} title={title} headingRef={headingRef} notice={notice} error={error} onSubmit={onSubmit}>
      <TextField id={`${id}-username`} label={t('admin.users.username')} value={username} onChange={setUsername} readOnly={!!user} required={!user} autoComplete="off" code />
      <TextField id={`${id}-display`} label={t('admin.users.displayName')} value={displayName} onChange={setDisplayName} required autoComplete="off" />
      <TextField id={`${id}-email`} label={t('admin.users.email')} hint={t('admin.users.emailHint')} type="email" value={email} onChange={setEmail} autoComplete="off" />
      <TextField
        id={`${id}-password`}
        label={t('admin.users.password')}
        hint={user ? t('admin.users.passwordEditHint') : undefined}
        type="password"
        value={password}
        onChange={setPassword}
        required={!user}
        autoComplete="new-password"
      />
      {user && <ActiveCheckbox id={id} checked={active} onChange={setActive} />}
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
      <FormActions editing={!!user} saving={saving} createText={t('admin.users.create')} onCancel={onCancel} />
    </AdminFormPanel>
  );
}
