import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorAlert, Loading, StatusMessage, useLoad } from '../components/common';
import { FieldMessage, FormError, TextField } from './AdminFields';
import { formatTime } from './continuity';
import { fieldMessage, type Department, type Subscription, type SubscriptionKind } from './continuityAdmin';

const SUBSCRIPTION_FIELDS = ['departmentId', 'kind', 'target'];

/** Where each department's outage and recovery notices are sent besides the open pages (C4). */
export function SubscriptionsAdmin({ anchor, departments }: { anchor: string; departments: Department[] }) {
  const { t, i18n } = useTranslation();
  const [reload, setReload] = useState(0);
  const [done, setDone] = useState('');
  const [removeError, setRemoveError] = useState<unknown>(null);
  const subscriptions = useLoad(() => api<Subscription[]>('GET', '/api/notice-subscriptions'), [reload]);

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
      await api<void>('DELETE', `/api/notice-subscriptions/${s.id}`);
      setDone(t('continuityAdmin.subscriptions.removed', { target: s.target, department }));
      setReload((r) => r + 1);
    } catch (err) {
      setRemoveError(err);
    }
  }

  return (
    <section aria-labelledby={`${anchor}-h`} id={anchor} className="panel">
      <h2 id={`${anchor}-h`}>{t('continuityAdmin.subscriptions.title')}</h2>
      <p className="hint">{t('continuityAdmin.subscriptions.intro')}</p>
      <SubscriptionForm
        departments={departments}
        onAdded={(s) => {
          setDone(t('continuityAdmin.subscriptions.added', { target: s.target, department: s.departmentName ?? '' }));
          setReload((r) => r + 1);
        }}
      />
      <ErrorAlert error={subscriptions.error} detail />
      <ErrorAlert error={removeError} detail />
      <StatusMessage>{done}</StatusMessage>
      {!subscriptions.data && !subscriptions.error && <Loading />}
      {subscriptions.data &&
        groups.map((g) => {
          const list = subscriptions.data!.filter((s) => s.departmentId === g.id);
          return (
            <div key={g.id} className="subscription-group" data-department={g.name}>
              <h3>{g.name}</h3>
              {list.length === 0 ? (
                <p className="muted">{t('continuityAdmin.subscriptions.noneForDepartment')}</p>
              ) : (
                <table className="status-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('continuityAdmin.subscriptions.fields.kind')}</th>
                      <th scope="col">{t('continuityAdmin.subscriptions.fields.target')}</th>
                      <th scope="col">{t('continuityAdmin.subscriptions.fields.createdAt')}</th>
                      <th scope="col">{t('common.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((s) => (
                      <tr key={s.id} data-target={s.target}>
                        <td>{t(`continuityAdmin.subscriptions.kind.${s.kind}`)}</td>
                        <th scope="row" className="mono">
                          {s.target}
                        </th>
                        <td>{formatTime(s.createdAt, i18n.language)}</td>
                        <td>
                          <button type="button" className="button-secondary" onClick={() => void remove(s, g.name)} aria-label={t('continuityAdmin.subscriptions.removeLabel', { target: s.target, department: g.name })}>
                            {t('continuityAdmin.subscriptions.remove')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          );
        })}
    </section>
  );
}

function SubscriptionForm({ departments, onAdded }: { departments: Department[]; onAdded(s: Subscription): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [departmentId, setDepartmentId] = useState('');
  const [kind, setKind] = useState<SubscriptionKind>('webhook');
  const [target, setTarget] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const added = await api<Subscription>('POST', '/api/notice-subscriptions', { departmentId, kind, target });
      setTarget('');
      onAdded(added);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const departmentError = fieldMessage(error, 'departmentId');
  const kindError = fieldMessage(error, 'kind');

  return (
    <form className="panel" onSubmit={(e) => void onSubmit(e)} aria-labelledby={`${id}-h`} noValidate>
      <h3 id={`${id}-h`}>{t('continuityAdmin.subscriptions.add')}</h3>
      <div className={departmentError ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-department`}>{t('continuityAdmin.subscriptions.fields.department')}</label>
        <select
          id={`${id}-department`}
          value={departmentId}
          onChange={(e) => setDepartmentId(e.target.value)}
          aria-invalid={departmentError ? true : undefined}
          aria-describedby={departmentError ? `${id}-department-error` : undefined}
        >
          <option value="">{t('continuityAdmin.choose')}</option>
          {departments
            .filter((d) => d.active)
            .map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
        </select>
        <FieldMessage id={`${id}-department-error`} message={departmentError} />
      </div>
      <div className={kindError ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-kind`}>{t('continuityAdmin.subscriptions.fields.kind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as SubscriptionKind)} aria-invalid={kindError ? true : undefined} aria-describedby={kindError ? `${id}-kind-error` : undefined}>
          <option value="webhook">{t('continuityAdmin.subscriptions.kind.webhook')}</option>
          <option value="email">{t('continuityAdmin.subscriptions.kind.email')}</option>
        </select>
        <FieldMessage id={`${id}-kind-error`} message={kindError} />
      </div>
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
      <FormError error={error} fields={SUBSCRIPTION_FIELDS} />
      <button type="submit" className="button-primary" disabled={saving}>
        {saving ? t('common.saving') : t('continuityAdmin.subscriptions.addButton')}
      </button>
    </form>
  );
}
