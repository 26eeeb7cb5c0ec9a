import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, client } from '../api';
import type { ApiRequest, ApiResponse } from '../types';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../components/common';
import { TableHead } from '../components/table';
import { WorkstationsPanel } from './WorkstationsPanel';
import { useSubmit } from '../pages/admin/shared';
import { CheckboxListField, SelectField, TextField } from '../pages/admin/fields';
import { formatTime, SYSTEM_STATUSES, useContinuityVersion, type StatusChange, type SystemItem, type SystemStatus } from './continuity';

type Department = ApiResponse<'/api/departments', 'get'>[number];

/** The duty officer's console (continuity.manage): set statuses, post a manual notice, see each system's history. */
export function StatusConsolePage() {
  const { t } = useTranslation();
  usePageTitle(t('continuity.console.title'));
  const version = useContinuityVersion();
  const [systems, setSystems] = useState<SystemItem[] | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([call(client.GET('/api/systems')), call(client.GET('/api/departments')).catch(() => [] as Department[])])
      .then(([s, d]) => {
        setSystems(s);
        setDepartments(d);
      })
      .catch(setError);
  }, [version]);

  return (
    <div className="page status-console">
      <PageHeading>{t('continuity.console.title')}</PageHeading>
      <p>
        <Link to="/status">{t('continuity.console.toStatus')}</Link>
      </p>
      <p>
        <Link to="/status/admin">{t('continuityAdmin.link')}</Link>
      </p>
      <ErrorAlert error={error} detail />
      {!systems && !error && <Loading />}
      {systems && (
        <>
          <SetStatusForm systems={systems} />
          <ManualNoticeForm systems={systems} departments={departments} />
          <HistoryPanel systems={systems} version={version} />
        </>
      )}
      <WorkstationsPanel />
    </div>
  );
}

function SetStatusForm({ systems }: { systems: SystemItem[] }) {
  const { t } = useTranslation();
  const id = useId();
  // Nothing chosen at first: a status is set on purpose, never by leaving a default in place.
  const [systemId, setSystemId] = useState('');
  const [status, setStatus] = useState<SystemStatus | ''>('');
  const [message, setMessage] = useState('');
  const [minutes, setMinutes] = useState('');
  const [done, setDone] = useState('');
  const { error, saving, submit } = useSubmit(() => setDone(''));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!status || !systemId) return;
    const system = systems.find((s) => s.id === systemId);
    // Down is the change with the most consequences (banners, routines, incidents): asked once more.
    if (status === 'down' && !window.confirm(t('continuity.console.confirmDown', { system: system?.name ?? '' }))) return;
    void submit(async () => {
      const body = { status, message, ...(minutes.trim() && status !== 'operational' ? { expectedDurationMinutes: Number(minutes) } : {}) };
      const updated = await call(client.PUT('/api/systems/{id}/status', { params: { path: { id: systemId } }, body }));
      setDone(t('continuity.console.statusSet', { system: updated.name, status: t(`continuity.status.${updated.status}`) }));
      setMessage('');
      setMinutes('');
      setStatus('');
    });
  }

  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>{t('continuity.console.setStatus')}</h2>
      <h3>{t('continuity.console.current')}</h3>
      <ul className="console-current" data-testid="console-current">
        {systems.map((s) => (
          <li key={s.id} data-system={s.name}>
            <span>{s.name}</span> <span className={`status-badge status-${s.status}`}>{t(`continuity.status.${s.status}`)}</span>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit}>
        <SelectField
          id={`${id}-system`}
          label={t('continuity.fields.system')}
          value={systemId}
          onChange={setSystemId}
          required
          options={[{ value: '', label: t('continuity.console.choose') }, ...systems.map((s) => ({ value: s.id, label: `${s.name} (${t(`continuity.status.${s.status}`)})` }))]}
        />
        <SelectField
          id={`${id}-status`}
          label={t('continuity.fields.status')}
          value={status}
          onChange={setStatus}
          required
          options={[{ value: '' as const, label: t('continuity.console.choose') }, ...SYSTEM_STATUSES.map((s) => ({ value: s, label: t(`continuity.status.${s}`) }))]}
        />
        <TextField id={`${id}-message`} label={t('continuity.fields.message')} hint={t('continuity.console.messageHint')} value={message} onChange={setMessage} multiline />
        <TextField id={`${id}-minutes`} label={t('continuity.fields.expectedDurationMinutes')} type="number" min={1} value={minutes} onChange={setMinutes} disabled={status === 'operational'} />
        <ErrorAlert error={error} detail />
        <StatusMessage>{done}</StatusMessage>
        <button type="submit" className="button-primary" disabled={saving || !systemId || !status}>
          {saving ? t('common.saving') : t('continuity.console.setStatusButton')}
        </button>
      </form>
    </section>
  );
}

function ManualNoticeForm({ systems, departments }: { systems: SystemItem[]; departments: Department[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [kind, setKind] = useState<'outage' | 'update' | 'recovery'>('outage');
  const [systemId, setSystemId] = useState('');
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [startedAt, setStartedAt] = useState('');
  const [minutes, setMinutes] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState('');
  const { error, saving, submit } = useSubmit(() => setDone(''));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit(async () => {
      // Fields left empty are sent as missing: the server names the one that is missing.
      const body: ApiRequest<'/api/notices', 'post'> = { kind, departmentIds, reason };
      if (systemId) body.systemId = systemId;
      if (startedAt) body.startedAt = new Date(startedAt).toISOString();
      if (minutes.trim()) body.expectedDurationMinutes = Number(minutes);
      await call(client.POST('/api/notices', { body }));
      setDone(t('continuity.console.noticePosted'));
      setReason('');
    });
  }

  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>{t('continuity.console.manualNotice')}</h2>
      <form onSubmit={onSubmit} noValidate>
        <SelectField id={`${id}-kind`} label={t('continuity.fields.kind')} value={kind} onChange={setKind} options={(['outage', 'update', 'recovery'] as const).map((k) => ({ value: k, label: t(`continuity.kind.${k}`) }))} />
        <SelectField
          id={`${id}-system`}
          label={t('continuity.fields.system')}
          value={systemId}
          onChange={setSystemId}
          options={[{ value: '', label: t('continuity.console.choose') }, ...systems.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <CheckboxListField id={`${id}-dep`} label={t('continuity.fields.departments')} items={departments.map((d) => ({ id: d.id, label: d.name }))} chosen={departmentIds} onChange={setDepartmentIds} />
        <TextField id={`${id}-start`} label={t('continuity.fields.startedAt')} type="datetime-local" value={startedAt} onChange={setStartedAt} />
        <TextField id={`${id}-minutes`} label={t('continuity.fields.expectedDurationMinutes')} type="number" min={1} value={minutes} onChange={setMinutes} />
        <TextField id={`${id}-reason`} label={t('continuity.fields.reason')} value={reason} onChange={setReason} multiline />
        <ErrorAlert error={error} detail />
        <StatusMessage>{done}</StatusMessage>
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('common.saving') : t('continuity.console.postNotice')}
        </button>
      </form>
    </section>
  );
}

function HistoryPanel({ systems, version }: { systems: SystemItem[]; version: number }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [systemId, setSystemId] = useState(systems[0]?.id ?? '');
  const [items, setItems] = useState<StatusChange[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!systemId) return;
    let cancelled = false;
    call(client.GET('/api/systems/{id}/history', { params: { path: { id: systemId }, query: { pageSize: 50 } } }))
      .then((r) => !cancelled && (setItems(r.items), setError(null)))
      .catch((err: unknown) => !cancelled && setError(err));
    return () => {
      cancelled = true;
    };
  }, [systemId, version]);

  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>{t('continuity.console.history')}</h2>
      <SelectField id={`${id}-system`} label={t('continuity.fields.system')} value={systemId} onChange={setSystemId} options={systems.map((s) => ({ value: s.id, label: s.name }))} />
      <ErrorAlert error={error} />
      {items && (
        <div className="table-wrap">
          <table>
            <TableHead columns={(['recordedAt', 'status', 'message', 'expectedEnd', 'setBy'] as const).map((c) => t(`continuity.fields.${c}`))} />
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>{formatTime(c.recordedAt, i18n.language)}</td>
                  <td>{t(`continuity.status.${c.status}`)}</td>
                  <td>{c.message ?? ''}</td>
                  <td>{formatTime(c.expectedEnd, i18n.language)}</td>
                  <td>{c.setByName ?? t(`continuity.source.${c.source === 'probe' ? 'probe' : c.source === 'initial' ? 'initial' : 'manual'}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
