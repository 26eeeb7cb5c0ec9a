import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../api';
import { ErrorAlert, Loading, useLoad } from '../components/common';
import { AdminItems, AdminSection, FormActions, InlineFormPanel, useSubmit } from '../pages/admin/shared';
import { SelectField, TextField } from '../pages/admin/fields';
import { formatTime } from './continuity';
import { type Department, type Subscription, type SubscriptionKind } from './continuityAdmin';

const SUBSCRIPTION_FIELDS = ['departmentId', 'kind', 'target'];

/** Where each department's outage and recovery notices are sent besides the open pages (C4). */
export function SubscriptionsAdmin({ anchor, departments }: { anchor: string; departments: Department[] }) {
  const { t, i18n } = useTranslation();
  const [reload, setReload] = useState(0);
  const [done, setDone] = useState('');
  const [removeError, setRemoveError] = useState<unknown>(null);
  const subscriptions = useLoad(() => call(client.GET('/api/notice-subscriptions')), [reload]);

  // Every department, then any a subscription names that the list does not (e.g. one made inactive).
  const groups: { id: string; name: string }[] = departments.map((d) => ({ id: d.id, name: d.active ? d.name : `${d.name} (${t('common.inactive')})` }));
  for (const s of subscriptions.data ?? []) {
    if (!groups.some((g) => g.id === s.departmentId)) groups.push({ id: s.departmentId, name: s.departmentName ?? s.departmentId });
  }

  async function remove(s: Subscription, department: string) {
    if (!window.confirm(t('continuityAdmin.subscriptions.confirmRemove', { target: s.target, department }))) return;
    setRemoveError(null);
    setDone('');
    try {
      await call(client.DELETE('/api/notice-subscriptions/{id}', { params: { path: { id: s.id } } }));
      setDone(t('continuityAdmin.subscriptions.removed', { target: s.target, department }));
      setReload((r) => r + 1);
    } catch (err) {
      setRemoveError(err);
    }
  }

  return (
    <AdminSection anchor={anchor} title={t('continuityAdmin.subscriptions.title')} intro={t('continuityAdmin.subscriptions.intro')} loadError={subscriptions.error} notice={done}>
      <ErrorAlert error={removeError} detail />
      <SubscriptionForm
        departments={departments}
        onSubmitStart={() => setDone('')}
        onAdded={(s) => {
          setDone(t('continuityAdmin.subscriptions.added', { target: s.target, department: s.departmentName ?? '' }));
          setReload((r) => r + 1);
        }}
      />
      {!subscriptions.data && !subscriptions.error && <Loading />}
      {subscriptions.data &&
        groups.map((g) => (
          <div key={g.id} className="subscription-group" data-department={g.name}>
            <h3>{g.name}</h3>
            <AdminItems
              items={subscriptions.data!.filter((s) => s.departmentId === g.id)}
              loadError={null}
              emptyText={t('continuityAdmin.subscriptions.noneForDepartment')}
              className="status-table"
              columns={[t('continuityAdmin.subscriptions.fields.kind'), t('continuityAdmin.subscriptions.fields.target'), t('continuityAdmin.subscriptions.fields.createdAt')]}
              rowKey={(s) => s.id}
              rowData={(s) => ({ target: s.target })}
              row={(s) => (
                <>
                  <td>{t(`continuityAdmin.subscriptions.kind.${s.kind}`)}</td>
                  <th scope="row" className="mono">
                    {s.target}
                  </th>
                  <td>{formatTime(s.createdAt, i18n.language)}</td>
                  <td className="cell-actions">
                    <button type="button" className="button-secondary" onClick={() => void remove(s, g.name)} aria-label={t('continuityAdmin.subscriptions.removeLabel', { target: s.target, department: g.name })}>
                      {t('continuityAdmin.subscriptions.remove')}
                    </button>
                  </td>
                </>
              )}
            />
          </div>
        ))}
    </AdminSection>
  );
}

function SubscriptionForm({ departments, onSubmitStart, onAdded }: { departments: Department[]; onSubmitStart(): void; onAdded(s: Subscription): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [departmentId, setDepartmentId] = useState('');
  const [kind, setKind] = useState<SubscriptionKind>('webhook');
  const [target, setTarget] = useState('');
  const { error, saving, submit } = useSubmit(onSubmitStart);

  function onSubmit() {
    void submit(async () => {
      const added = await call(client.POST('/api/notice-subscriptions', { body: { departmentId, kind, target } }));
      setTarget('');
      onAdded(added);
    });
  }

  return (
    <InlineFormPanel
      id={id}
      title={t('continuityAdmin.subscriptions.add')}
      fields={SUBSCRIPTION_FIELDS}
      error={error}
      onSubmit={onSubmit}
      actions={<FormActions editing={false} saving={saving} createText={t('continuityAdmin.subscriptions.addButton')} />}
    >
      <SelectField
        id={`${id}-department`}
        label={t('continuityAdmin.subscriptions.fields.department')}
        value={departmentId}
        onChange={setDepartmentId}
        options={[{ value: '', label: t('continuityAdmin.choose') }, ...departments.filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))]}
        field="departmentId"
        error={error}
      />
      <SelectField
        id={`${id}-kind`}
        label={t('continuityAdmin.subscriptions.fields.kind')}
        value={kind}
        onChange={setKind}
        options={(['webhook', 'email'] as const).map((k) => ({ value: k, label: t(`continuityAdmin.subscriptions.kind.${k}`) }))}
        field="kind"
        error={error}
      />
      <TextField
        id={`${id}-target`}
        label={kind === 'email' ? t('continuityAdmin.subscriptions.fields.email') : t('continuityAdmin.subscriptions.fields.webhookUrl')}
        hint={kind === 'email' ? t('continuityAdmin.subscriptions.fields.emailHint') : t('continuityAdmin.subscriptions.fields.webhookHint')}
        inputMode={kind === 'email' ? 'email' : 'url'}
        value={target}
        onChange={setTarget}
        field="target"
        error={error}
        required
        maxLength={2000}
      />
    </InlineFormPanel>
  );
}
