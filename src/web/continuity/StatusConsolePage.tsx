import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../components/common';
import { formatTime, SYSTEM_STATUSES, useContinuityVersion, type StatusChange, type SystemItem, type SystemStatus } from './continuity';

interface Department {
  id: string;
  name: string;
}

/** The duty officer's console (continuity.manage): set statuses, post a manual notice, see each system's history. */
export function StatusConsolePage() {
  const { t } = useTranslation();
  usePageTitle(t('continuity.console.title'));
  const version = useContinuityVersion();
  const [systems, setSystems] = useState<SystemItem[] | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([api<SystemItem[]>('GET', '/api/systems'), api<Department[]>('GET', '/api/departments').catch(() => [] as Department[])])
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
    </div>
  );
}

function SetStatusForm({ systems }: { systems: SystemItem[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [systemId, setSystemId] = useState(systems[0]?.id ?? '');
  const [status, setStatus] = useState<SystemStatus>('down');
  const [message, setMessage] = useState('');
  const [minutes, setMinutes] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setDone('');
    try {
      const body: Record<string, unknown> = { status, message };
      if (minutes.trim() && status !== 'operational') body.expectedDurationMinutes = Number(minutes);
      const updated = await api<SystemItem>('PUT', `/api/systems/${systemId}/status`, body);
      setDone(t('continuity.console.statusSet', { system: updated.name, status: t(`continuity.status.${updated.status}`) }));
      setMessage('');
      setMinutes('');
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>{t('continuity.console.setStatus')}</h2>
      <form onSubmit={(e) => void onSubmit(e)}>
        <div className="field">
          <label htmlFor={`${id}-system`}>{t('continuity.fields.system')}</label>
          <select id={`${id}-system`} value={systemId} onChange={(e) => setSystemId(e.target.value)}>
            {systems.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({t(`continuity.status.${s.status}`)})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('continuity.fields.status')}</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as SystemStatus)}>
            {SYSTEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`continuity.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-message`}>{t('continuity.fields.message')}</label>
          <textarea id={`${id}-message`} value={message} onChange={(e) => setMessage(e.target.value)} rows={3} aria-describedby={`${id}-message-hint`} />
          <p className="hint" id={`${id}-message-hint`}>
            {t('continuity.console.messageHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-minutes`}>{t('continuity.fields.expectedDurationMinutes')}</label>
          <input id={`${id}-minutes`} type="number" min={1} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} disabled={status === 'operational'} />
        </div>
        <ErrorAlert error={error} detail />
        <StatusMessage>{done}</StatusMessage>
        <button type="submit" className="button-primary" disabled={saving || !systemId}>
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
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setDone('');
    try {
      // Fields left empty are sent as missing: the server names the one that is missing.
      const body: Record<string, unknown> = { kind, departmentIds, reason };
      if (systemId) body.systemId = systemId;
      if (startedAt) body.startedAt = new Date(startedAt).toISOString();
      if (minutes.trim()) body.expectedDurationMinutes = Number(minutes);
      await api('POST', '/api/notices', body);
      setDone(t('continuity.console.noticePosted'));
      setReason('');
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const toggle = (dep: string) => setDepartmentIds((ids) => (ids.includes(dep) ? ids.filter((d) => d !== dep) : [...ids, dep]));

  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>{t('continuity.console.manualNotice')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('continuity.fields.kind')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            {(['outage', 'update', 'recovery'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`continuity.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-system`}>{t('continuity.fields.system')}</label>
          <select id={`${id}-system`} value={systemId} onChange={(e) => setSystemId(e.target.value)}>
            <option value="">{t('continuity.console.choose')}</option>
            {systems.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field">
          <legend>{t('continuity.fields.departments')}</legend>
          {departments.map((d) => (
            <div key={d.id} className="field-check">
              <input id={`${id}-dep-${d.id}`} type="checkbox" checked={departmentIds.includes(d.id)} onChange={() => toggle(d.id)} />
              <label htmlFor={`${id}-dep-${d.id}`}>{d.name}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-start`}>{t('continuity.fields.startedAt')}</label>
          <input id={`${id}-start`} type="datetime-local" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-minutes`}>{t('continuity.fields.expectedDurationMinutes')}</label>
          <input id={`${id}-minutes`} type="number" min={1} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('continuity.fields.reason')}</label>
          <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
        </div>
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
    api<{ items: StatusChange[] }>('GET', `/api/systems/${systemId}/history?pageSize=50`)
      .then((r) => !cancelled && (setItems(r.items), setError(null)))
      .catch((err: unknown) => !cancelled && setError(err));
    return () => {
      cancelled = true;
    };
  }, [systemId, version]);

  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>{t('continuity.console.history')}</h2>
      <div className="field">
        <label htmlFor={`${id}-system`}>{t('continuity.fields.system')}</label>
        <select id={`${id}-system`} value={systemId} onChange={(e) => setSystemId(e.target.value)}>
          {systems.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <ErrorAlert error={error} />
      {items && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('continuity.fields.recordedAt')}</th>
              <th scope="col">{t('continuity.fields.status')}</th>
              <th scope="col">{t('continuity.fields.message')}</th>
              <th scope="col">{t('continuity.fields.expectedEnd')}</th>
              <th scope="col">{t('continuity.fields.setBy')}</th>
            </tr>
          </thead>
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
      )}
    </section>
  );
}
