import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { call, client } from '../api';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../components/common';
import { CallNowList } from './CallNow';
import { formatTime } from './continuity';
import { INCIDENT_STATUSES, type Incident, type IncidentStatus } from './incidents';

/** One urgent incident: the message as sent, delivery, who to call next, case number, updates and the timeline. */
export function IncidentPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [incident, setIncident] = useState<Incident | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(incident ? t('incidents.heading', { number: incident.number, system: incident.system.name }) : t('incidents.title'));

  // Counts the changes saved on this page, so a read that was on its way meanwhile does not undo them.
  const savedHere = useRef(0);
  const onChange = useCallback((changed: Incident) => {
    savedHere.current += 1;
    setIncident(changed);
  }, []);

  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    const load = () => {
      const savedBefore = savedHere.current;
      return call(client.GET('/api/incidents/{id}', { params: { path: { id } } }))
        .then((i) => {
          if (cancelled) return;
          if (savedHere.current === savedBefore) setIncident(i);
          setError(null);
          // Deliveries happen in the background: read again while one is still pending.
          if (i.deliveries.some((d) => d.status === 'pending')) timer = window.setTimeout(() => void load(), 3000);
        })
        .catch((err: unknown) => !cancelled && setError(err));
    };
    void load();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [id]);

  return (
    <div className="page incident-page">
      <PageHeading>{incident ? t('incidents.heading', { number: incident.number, system: incident.system.name }) : t('incidents.title')}</PageHeading>
      <p>
        <Link to="/status/incidents">{t('incidents.toList')}</Link> · <Link to="/status">{t('incidents.toStatus')}</Link>
      </p>
      <ErrorAlert error={error} detail />
      {!incident && !error && <Loading />}
      {incident && <IncidentDetail incident={incident} onChange={onChange} language={i18n.language} />}
    </div>
  );
}

/** What the report's delivery came to, read from the deliveries themselves: never more than happened. */
export type IncidentOutcomeKind = 'not_sent' | 'pending' | 'sent' | 'failed';

export function incidentOutcome(deliveries: Pick<Incident['deliveries'][number], 'status'>[]): IncidentOutcomeKind {
  if (deliveries.length === 0) return 'not_sent';
  if (deliveries.some((d) => d.status === 'sent')) return 'sent';
  if (deliveries.some((d) => d.status === 'pending')) return 'pending';
  return 'failed';
}

/**
 * The first thing on the page: what happened to the report and what to do next. Only a delivery
 * that went out is shown as success; otherwise the reporter is told to phone, with the numbers.
 */
function IncidentOutcome({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const kind = incidentOutcome(incident.deliveries);
  const desk = incident.serviceDesk?.name ?? t('incidents.outcome.theDesk');
  const registered = t('incidents.outcome.registered', { number: incident.number });
  const className = kind === 'sent' ? 'alert alert-success' : kind === 'pending' ? 'alert alert-info' : 'alert alert-warning';
  return (
    <div className={`${className} incident-outcome`} role={kind === 'sent' || kind === 'pending' ? 'status' : 'alert'} data-testid="incident-outcome" data-outcome={kind}>
      <p>
        <strong>{registered}</strong> {t(`incidents.outcome.${kind}`, { desk })}
      </p>
      <p>{t(`incidents.outcome.next_${kind}`, { desk })}</p>
    </div>
  );
}

function IncidentDetail({ incident, onChange, language }: { incident: Incident; onChange: (i: Incident) => void; language: string }) {
  const { t } = useTranslation();
  // Every time on the page in the hospital's zone, the one "who to call now" is reckoned in.
  const zone = incident.callNext.timeZone;
  return (
    <>
      <IncidentOutcome incident={incident} />
      <p className="hint" data-testid="incident-time-zone">
        {t('incidents.timesIn', { timeZone: zone })}
      </p>
      <dl className="incident-facts" data-testid="incident-facts">
        <div>
          <dt>{t('incidents.fields.priority')}</dt>
          <dd>
            <span className={`priority-badge priority-${incident.priority}`} data-testid="incident-priority">
              {incident.priority}
            </span>{' '}
            ({t('incidents.fields.impact')}: {t(`incidents.level.${incident.impact}`)}, {t('incidents.fields.urgency')}: {t(`incidents.level.${incident.urgency}`)})
          </dd>
        </div>
        <div>
          <dt>{t('incidents.fields.status')}</dt>
          <dd data-testid="incident-status">{t(`incidents.status.${incident.status}`)}</dd>
        </div>
        <div>
          <dt>{t('incidents.fields.department')}</dt>
          <dd>{incident.department.name}</dd>
        </div>
        {incident.site && (
          <div>
            <dt>{t('incidents.fields.site')}</dt>
            <dd>{incident.site}</dd>
          </div>
        )}
        <div>
          <dt>{t('incidents.fields.reportedBy')}</dt>
          <dd>
            {incident.reportedBy.name}, {formatTime(incident.createdAt, language, zone)}
          </dd>
        </div>
        <div>
          <dt>{t('incidents.fields.contactName')}</dt>
          <dd>
            {incident.contactName}, {incident.contactMobile}
          </dd>
        </div>
        {incident.serviceDesk && (
          <div>
            <dt>{t('incidents.fields.serviceDesk')}</dt>
            <dd>{incident.serviceDesk.name}</dd>
          </div>
        )}
        <div>
          <dt>{t('incidents.fields.caseNumber')}</dt>
          <dd>{incident.serviceDeskCaseNumber ?? '–'}</dd>
        </div>
      </dl>

      <section className="panel call-next" aria-labelledby="call-next-heading">
        <h2 id="call-next-heading">{t('incidents.callNext')}</h2>
        <CallNowList callNow={incident.callNext} testId="call-next" />
      </section>

      <section className="panel" aria-labelledby="message-heading">
        <h2 id="message-heading">{t('incidents.message')}</h2>
        <p>
          <strong>{t('incidents.subject')}:</strong> <span data-testid="incident-subject">{incident.message.subject}</span>
        </p>
        <pre className="incident-message-body" data-testid="incident-body">
          {incident.message.body}
        </pre>
        <h3>{t('incidents.delivery')}</h3>
        {incident.deliveries.length === 0 ? (
          <p data-testid="incident-delivery">{t('incidents.noDelivery')}</p>
        ) : (
          <ul data-testid="incident-delivery">
            {incident.deliveries.map((d) => (
              <li key={d.id}>
                {t(`incidents.channel.${d.channel}`)} ({d.target}): <strong>{t(`incidents.deliveryStatus.${d.status}`)}</strong>, {t('incidents.attempts', { count: d.attempts })}
                {d.sentAt ? `, ${formatTime(d.sentAt, language, zone)}` : ''}
                {d.lastError ? ` – ${d.lastError}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <CaseNumberForm incident={incident} onChange={onChange} />
      <UpdateForm incident={incident} onChange={onChange} />

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('incidents.timeline')}</h2>
        <ol className="incident-timeline" data-testid="incident-timeline">
          {incident.timeline.map((e) => (
            <li key={e.id}>
              <strong>{t(`incidents.kind.${e.kind}`)}</strong>
              {e.status ? ` (${t(`incidents.status.${e.status}`)})` : ''} – {formatTime(e.at, language, zone)}
              {e.by ? `, ${e.by.name}` : ''}
              {e.message ? <div className="timeline-message">{e.message}</div> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function CaseNumberForm({ incident, onChange }: { incident: Incident; onChange: (i: Incident) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState(incident.serviceDeskCaseNumber ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setDone('');
    try {
      onChange(await call(client.PATCH('/api/incidents/{id}', { params: { path: { id: incident.id } }, body: { serviceDeskCaseNumber: value.trim() || null } })));
      setDone(t('incidents.caseNumberSaved'));
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('incidents.fields.caseNumber')}</h2>
      <form onSubmit={(e) => void onSubmit(e)}>
        <div className="field">
          <label htmlFor={`${id}-case`}>{t('incidents.fields.caseNumber')}</label>
          <input id={`${id}-case`} value={value} onChange={(e) => setValue(e.target.value)} maxLength={100} />
        </div>
        <ErrorAlert error={error} detail />
        <StatusMessage>{done}</StatusMessage>
        <button type="submit" className="button-secondary" disabled={saving}>
          {saving ? t('common.saving') : t('incidents.caseNumberSave')}
        </button>
      </form>
    </section>
  );
}

function UpdateForm({ incident, onChange }: { incident: Incident; onChange: (i: Incident) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState<IncidentStatus | ''>('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');

  async function send(body: { message: string; status?: IncidentStatus }, doneText: string) {
    setSaving(true);
    setError(null);
    setDone('');
    try {
      onChange(await call(client.POST('/api/incidents/{id}/updates', { params: { path: { id: incident.id } }, body })));
      setMessage('');
      setStatus('');
      setDone(doneText);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void send({ message, ...(status ? { status } : {}) }, t('incidents.updateAdded'));
  }

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('incidents.update')}</h2>
      <form onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={`${id}-message`}>{t('incidents.updateMessage')}</label>
          <textarea id={`${id}-message`} value={message} onChange={(e) => setMessage(e.target.value)} rows={3} required maxLength={4000} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('incidents.updateStatus')}</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as IncidentStatus | '')}>
            <option value="">{t('incidents.unchanged')}</option>
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`incidents.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <ErrorAlert error={error} detail />
        <StatusMessage>{done}</StatusMessage>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {t('incidents.addUpdate')}
          </button>
          {incident.status !== 'resolved' && (
            <button
              type="button"
              className="button-secondary"
              disabled={saving}
              onClick={() => void send({ message: message.trim() || t('incidents.resolvedMessage'), status: 'resolved' }, t('incidents.resolved'))}
            >
              {t('incidents.resolve')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
