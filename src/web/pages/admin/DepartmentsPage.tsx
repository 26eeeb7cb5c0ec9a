import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api';
import type { Department } from '../../types';
import {
  ActiveBadge,
  ActiveCheckbox,
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

const loadDepartments = () => call(client.GET('/api/departments'));

export function DepartmentsPage() {
  const { t } = useTranslation();
  const page = useAdminPage(loadDepartments, (dep) => t('admin.departments.created', { name: dep.name }));

  return (
    <AdminPage title={t('admin.departments.title')}>
      <AdminListPanel
        headingId="departments-list"
        title={t('admin.departments.listTitle')}
        emptyText={t('admin.departments.empty')}
        columns={[t('admin.departments.hsaId'), t('admin.departments.name'), t('admin.departments.status')]}
        page={page}
        sortKey={(d) => d.name}
        row={(d) => (
          <>
            <td className="mono">{d.hsaId}</td>
            <th scope="row">{d.name}</th>
            <td>
              <ActiveBadge active={d.active} />
            </td>
            <EditCell label={t('common.editItem', { name: d.name })} onClick={() => page.edit(d)} />
          </>
        )}
      />
      <DepartmentForm key={page.formKey} department={page.editing} {...page.formProps} />
    </AdminPage>
  );
}

function DepartmentForm({
  department,
  notice,
  onSubmitStart,
  onSaved,
  onCancel,
}: AdminFormProps<Department> & { department: Department | null }) {
  const { t } = useTranslation();
  const id = useId();
  const [hsaId, setHsaId] = useState(department?.hsaId ?? '');
  const [name, setName] = useState(department?.name ?? '');
  const [active, setActive] = useState(department?.active ?? true);
  const { error, saving, submit } = useSubmit(onSubmitStart);
  const headingRef = useFormFocus(department?.id);

  function onSubmit() {
    void submit(async () => {
      if (department) {
        const path = { id: String(department.id) };
        onSaved(await call(client.PATCH('/api/departments/{id}', { params: { path }, body: { name: name.trim(), active } })), false);
      } else {
        const res = await call(client.POST('/api/departments', { body: { hsaId: hsaId.trim(), name: name.trim() } }));
        onSaved(res, true);
        setHsaId('');
        setName('');
      }
    });
  }

  const title = department
    ? t('admin.departments.editTitle', { name: department.name })
    : t('admin.departments.createTitle');

  return (
    <AdminFormPanel id={id} title={title} headingRef={headingRef} notice={notice} error={error} onSubmit={onSubmit}>
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
      {department && <ActiveCheckbox id={id} checked={active} onChange={setActive} />}
      <FormActions
        editing={!!department}
        saving={saving}
        createText={t('admin.departments.create')}
        onCancel={onCancel}
      />
    </AdminFormPanel>
  );
}
