import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, client } from '../api';
import { ErrorAlert, Loading, PageHeading, useLoad, usePageTitle } from '../components/common';
import { useSession } from '../session';
import { formatTime } from './continuity';
import { INCIDENT_STATUSES, type IncidentStatus, type IncidentSummary } from './incidents';

/** The urgent incidents the user may see (their departments; all with continuity.manage), newest first. */
export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('incidents.title'));
  const id = useId();
  const { hasRight } = useSession();
  const [status, setStatus] = useState<IncidentStatus | ''>('');
  const { data, error, loading } = useLoad(() => call(client.GET('/api/incidents', { params: { query: { status: status || undefined, pageSize: 200 } } })), [status]);

  return (
    <div className="page incidents-page">
      <PageHeading>{t('incidents.title')}</PageHeading>
      <p>
        <Link to="/status">{t('incidents.toStatus')}</Link>
        {hasRight('incident.report') && (
          <>
            {' · '}
            <Link to="/status/incidents/new">{t('incidents.report')}</Link>
          </>
        )}
      </p>
      <div className="field-inline">
        <label htmlFor={`${id}-status`}>{t('incidents.fields.status')}</label>
        <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as IncidentStatus | '')}>
          <option value="">{t('incidents.all')}</option>
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`incidents.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <ErrorAlert error={error} detail />
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && <p>{t('incidents.none')}</p>}
      {data && data.items.length > 0 && (
        <table className="status-table">
          <thead>
            <tr>
              <th scope="col">{t('incidents.fields.number')}</th>
              <th scope="col">{t('incidents.fields.system')}</th>
              <th scope="col">{t('incidents.fields.priority')}</th>
              <th scope="col">{t('incidents.fields.status')}</th>
              <th scope="col">{t('incidents.fields.department')}</th>
              <th scope="col">{t('incidents.fields.description')}</th>
              <th scope="col">{t('incidents.fields.caseNumber')}</th>
              <th scope="col">{t('incidents.fields.reportedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => (
              <tr key={i.id}>
                <th scope="row">
                  <Link to={`/status/incidents/${i.id}`}>{i.number}</Link>
                </th>
                <td>{i.system.name}</td>
                <td>
                  <span className={`priority-badge priority-${i.priority}`}>{i.priority}</span>
                </td>
                <td>{t(`incidents.status.${i.status}`)}</td>
                <td>{i.department.name}</td>
                <td>{i.description.length > 120 ? `${i.description.slice(0, 120)}…` : i.description}</td>
                <td>{i.serviceDeskCaseNumber ?? ''}</td>
                <td>
                  {formatTime(i.createdAt, i18n.language)}, {i.reportedBy.name}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
