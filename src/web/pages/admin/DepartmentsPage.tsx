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
import { TextField } from './fields';

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
      <TextField
        id={`${id}-hsa`}
        label={t('admin.departments.hsaId')}
        hint={department ? undefined : t('admin.departments.hsaIdHint')}
        value={hsaId}
        onChange={setHsaId}
        readOnly={!!department}
        required={!department}
        autoComplete="off"
        code
      />
      <TextField id={`${id}-name`} label={t('admin.departments.name')} value={name} onChange={setName} required autoComplete="off" />
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
