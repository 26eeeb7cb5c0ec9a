import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, client } from '../api';
import { ErrorAlert, Loading, PageHeading, useLoad, usePageTitle } from '../components/common';
import { useSession } from '../session';
import { PAGE_RIGHTS as RIGHTS } from '../rights';
import { formatTime } from './continuity';
import { ROUTINE_STATES, type Routine, type RoutineState } from './incidents';
import { RoutineReminders } from './RoutineReminders';

/** Every downtime routine with its state (in force, expiring, expired, draft…); writing with continuity.manage. */
export function RoutinesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('routines.title'));
  const id = useId();
  const { hasRight } = useSession();
  const [state, setState] = useState<RoutineState | ''>('');
  const { data, error, loading } = useLoad(() => call(client.GET('/api/routines', { params: { query: { state: state || undefined } } })), [state]);

  return (
    <div className="page routines-page">
      <PageHeading>{t('routines.title')}</PageHeading>
      <p>
        <Link to="/status">{t('incidents.toStatus')}</Link>
        {hasRight(RIGHTS.continuity) && (
          <>
            {' · '}
            <Link to="/status/routines/new">{t('routines.new')}</Link>
          </>
        )}
      </p>
      <RoutineReminders />
      <div className="field-inline">
        <label htmlFor={`${id}-state`}>{t('routines.filterState')}</label>
        <select id={`${id}-state`} value={state} onChange={(e) => setState(e.target.value as RoutineState | '')}>
          <option value="">{t('routines.all')}</option>
          {ROUTINE_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`routines.state.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <ErrorAlert error={error} detail />
      {loading && !data && <Loading />}
      {data && data.length === 0 && <p>{t('routines.none')}</p>}
      {data && data.length > 0 && (
        <table className="status-table" data-testid="routines-table">
          <thead>
            <tr>
              <th scope="col">{t('routines.fields.documentId')}</th>
              <th scope="col">{t('routines.fields.title')}</th>
              <th scope="col">{t('routines.fields.state')}</th>
              <th scope="col">{t('routines.fields.scenario')}</th>
              <th scope="col">{t('routines.fields.validTo')}</th>
              <th scope="col">{t('routines.fields.owner')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/status/routines/${r.id}`}>{r.documentId}</Link>
                </th>
                <td>{r.latest.title}</td>
                <td>
                  <span className={`routine-state routine-state-${r.state}`}>{t(`routines.state.${r.state}`)}</span>{' '}
                  {r.versionInForce !== null ? `(${t('routines.versionN', { version: r.versionInForce })})` : ''}
                </td>
                <td>{r.latest.scenarioName ?? ''}</td>
                <td>{formatTime(r.latest.validTo, i18n.language)}</td>
                <td>{r.latest.ownerName ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
