import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, client } from '../api';
import { ErrorAlert, Loading, PageHeading, usePageTitle } from '../components/common';
import { useSession } from '../session';
import { PAGE_RIGHTS as RIGHTS } from '../rights';
import { fetchInForce, formatTime, useContinuityVersion, type Notice, type ScenarioInForce, type SystemItem } from './continuity';

/** The status page (every logged-in user): every system's status, the routines in force and recent notices, live. */
export function StatusPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('continuity.statusPage.title'));
  const { hasRight } = useSession();
  const version = useContinuityVersion();
  const [systems, setSystems] = useState<SystemItem[] | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [inForce, setInForce] = useState<ScenarioInForce[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    Promise.all([call(client.GET('/api/systems')), call(client.GET('/api/notices', { params: { query: { pageSize: 20 } } })), fetchInForce().catch(() => null)])
      .then(([s, n, f]) => {
        if (cancelled) return;
        setSystems(s);
        setNotices(n.items);
        setInForce(f);
        setError(null);
      })
      .catch((err: unknown) => !cancelled && setError(err));
    return () => {
      cancelled = true;
    };
  }, [version]);

  return (
    <div className="page status-page">
      <PageHeading>{t('continuity.statusPage.title')}</PageHeading>
      {hasRight(RIGHTS.continuity) && (
        <p>
          <Link to="/status/console">{t('continuity.statusPage.toConsole')}</Link>
        </p>
      )}
      {hasRight(RIGHTS.continuity) && (
        <p>
          <Link to="/status/admin">{t('continuityAdmin.link')}</Link>
        </p>
      )}
      <nav className="panel status-actions" aria-label={t('continuity.statusPage.actions')}>
        {hasRight(RIGHTS.incidents) && (
          <Link className="button-primary status-urgent" to="/status/incidents/new">
            {t('incidents.report')}
          </Link>
        )}
        <ul className="status-links">
          {(hasRight(RIGHTS.incidents) || hasRight(RIGHTS.continuity)) && (
            <li>
              <Link to="/status/incidents">{t('incidents.title')}</Link>
            </li>
          )}
          <li>
            <Link to="/status/contacts">{t('contacts.link')}</Link>
          </li>
          <li>
            <Link to="/status/routines">{t('routines.link')}</Link>
          </li>
          <li>
            <Link to="/status/backlog">{t('backlog.link')}</Link>
          </li>
          <li>
            <a href="/api/downtime-forms/radiology-referral.pdf" target="_blank" rel="noopener">
              {t('backlog.forms.radiologyReferral')}
            </a>
          </li>
          <li>
            <a href="/api/downtime-forms/offline-media-note.pdf" target="_blank" rel="noopener">
              {t('backlog.forms.offlineMediaNote')}
            </a>
          </li>
        </ul>
      </nav>
      <ErrorAlert error={error} detail />
      {!systems && !error && <Loading />}
      {systems && (
        <section className="panel" aria-labelledby="systems-heading">
          <h2 id="systems-heading">{t('continuity.statusPage.systems')}</h2>
          <table className="status-table">
            <thead>
              <tr>
                <th scope="col">{t('continuity.fields.system')}</th>
                <th scope="col">{t('continuity.fields.status')}</th>
                <th scope="col">{t('continuity.fields.affectedBy')}</th>
                <th scope="col">{t('continuity.fields.message')}</th>
                <th scope="col">{t('continuity.fields.expectedEnd')}</th>
              </tr>
            </thead>
            <tbody>
              {systems.map((s) => (
                <tr key={s.id} data-system={s.name}>
                  <th scope="row">{s.name}</th>
                  <td>
                    <span className={`status-badge status-${s.status}`}>{t(`continuity.status.${s.status}`)}</span>
                  </td>
                  {/* Empty cells stay empty (a phone's card leaves them out). */}
                  <td data-label={t('continuity.fields.affectedBy')}>{s.affectedBy.map((a) => `${a.name} (${t(`continuity.status.${a.status}`)})`).join(', ')}</td>
                  <td data-label={t('continuity.fields.message')}>{s.status !== 'operational' ? (s.message ?? '') : ''}</td>
                  <td data-label={t('continuity.fields.expectedEnd')}>{s.expectedEnd ? formatTime(s.expectedEnd, i18n.language) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {inForce !== null && (
        <section aria-labelledby="in-force-heading">
          <h2 id="in-force-heading">{t('continuity.statusPage.inForce')}</h2>
          {inForce.length === 0 && <p>{t('continuity.statusPage.noneInForce')}</p>}
          {inForce.map((s) => (
            <article key={s.scenario.id} className="panel scenario-in-force">
              <h3>{s.scenario.name}</h3>
              <p>{t('continuity.statusPage.because', { systems: s.matchedBy.map((m) => `${m.systemName} (${t(`continuity.status.${m.status}`)})`).join(', ') })}</p>
              {s.routines.map((r) => (
                <div key={r.routineId}>
                  <h4>{r.title}</h4>
                  <ol>
                    {r.steps.map((step, i) => (
                      <li key={i}>{step}</li>
                    ))}
                  </ol>
                  {r.contacts.length > 0 && (
                    <ul>
                      {r.contacts.map((c, i) => (
                        <li key={i}>
                          {c.name}
                          {c.phone ? `: ${c.phone}` : ''}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              ))}
            </article>
          ))}
        </section>
      )}
      <section className="panel" aria-labelledby="notices-heading">
        <h2 id="notices-heading">{t('continuity.statusPage.notices')}</h2>
        {notices.length === 0 ? (
          <p>{t('continuity.statusPage.noNotices')}</p>
        ) : (
          <ul className="notice-list">
            {notices.map((n) => (
              <li key={n.id}>
                <strong>
                  {t(`continuity.kind.${n.kind}`)}: {n.system.name}
                </strong>{' '}
                ({formatTime(n.createdAt, i18n.language)}) {n.message}
                {n.expectedEnd ? ` – ${t('continuity.banner.expectedEnd')}: ${formatTime(n.expectedEnd, i18n.language)}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
