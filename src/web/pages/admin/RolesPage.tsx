import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, client } from '../../api';
import type { Role } from '../../types';
import {
  AdminFormPanel,
  AdminListPanel,
  AdminPage,
  EditCell,
  FormActions,
  useAdminPage,
  useFormFocus,
  useSubmit,
} from './shared';
import type { AdminFormProps } from './shared';

export function rightName(t: TFunction, right: string): string {
  return t(`rights.${right}`, { defaultValue: right });
}

export function RolesPage() {
  const { t } = useTranslation();
  const [rights, setRights] = useState<string[]>([]);
  const load = useCallback(async () => {
    const [roles, all] = await Promise.all([call(client.GET('/api/roles')), call(client.GET('/api/rights'))]);
    setRights(all);
    return roles;
  }, []);
  const page = useAdminPage(load, (role) => t('admin.roles.created', { name: role.name }));

  return (
    <AdminPage title={t('admin.roles.title')}>
      <AdminListPanel
        headingId="roles-list"
        title={t('admin.roles.listTitle')}
        emptyText={t('admin.roles.empty')}
        columns={[t('admin.roles.name'), t('admin.roles.kind'), t('admin.roles.rights')]}
        page={page}
        sortKey={(r) => r.name}
        row={(r) => (
          <>
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
            <EditCell
              label={r.builtIn ? t('admin.roles.viewItem', { name: r.name }) : t('common.editItem', { name: r.name })}
              onClick={() => page.edit(r)}
            >
              {r.builtIn ? t('admin.roles.view') : t('common.edit')}
            </EditCell>
          </>
        )}
      />
      <RoleForm key={page.formKey} role={page.editing} allRights={rights} {...page.formProps} />
    </AdminPage>
  );
}

function RoleForm({
  role,
  allRights,
  notice,
  onSubmitStart,
  onSaved,
  onCancel,
}: AdminFormProps<Role> & { role: Role | null; allRights: string[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(role?.name ?? '');
  const [selected, setSelected] = useState<Set<string>>(() => new Set(role?.rights ?? []));
  const { error, saving, submit } = useSubmit(onSubmitStart);
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

  function onSubmit() {
    if (readOnly) return;
    void submit(async () => {
      // Keep the order of /api/rights.
      const rights = rightsToShow.filter((r) => selected.has(r));
      if (role) {
        onSaved(await call(client.PATCH('/api/roles/{id}', { params: { path: { id: String(role.id) } }, body: { name: name.trim(), rights } })), false);
      } else {
        const res = await call(client.POST('/api/roles', { body: { name: name.trim(), rights } }));
        onSaved(res, true);
        setName('');
        setSelected(new Set());
      }
    });
  }

  const title = role
    ? readOnly
      ? t('admin.roles.viewTitle', { name: role.name })
      : t('admin.roles.editTitle', { name: role.name })
    : t('admin.roles.createTitle');

  return (
    <AdminFormPanel
      id={id}
      title={title}
      headingRef={headingRef}
      notice={notice}
      note={readOnly && <p className="note">{t('admin.roles.builtInReadOnly')}</p>}
      error={error}
      onSubmit={onSubmit}
    >
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
      <FormActions
        editing={!!role}
        saving={saving}
        createText={t('admin.roles.create')}
        onCancel={onCancel}
        readOnly={readOnly}
      />
    </AdminFormPanel>
  );
}
