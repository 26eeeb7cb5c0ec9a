import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { call, client } from '../api';
import { casePath, formatDateTime } from '../media';
import { sameId } from '../types';
import type { Department, Id, UserName } from '../types';
import { ErrorAlert, PageHeading, useLoad, usePageTitle } from '../components/common';
import { FilterOptions, ReportResults, userLabel } from '../components/report';
import { dayBoundary } from './AuditPage';
import { useLocale } from './cases/shared';
import { useUrlFilters } from '../url-filters';

export type { EmergencyAccessEntry, EmergencyAccessPage } from '../types';

export const EMERGENCY_REPORT_PAGE_SIZE = 50;

const FILTER_KEYS = ['departmentId', 'userId', 'from', 'to'] as const;

/** The log operators' report of emergency openings of confidential cases: who, when, which case, why. */
export function EmergencyAccessReportPage() {
  const { t } = useTranslation();
  usePageTitle(t('emergencyReport.title'));
  const locale = useLocale();
  const id = useId();
  const { applied, page, draft, setDraft, set, go, empty } = useUrlFilters(FILTER_KEYS);
  const [toError, setToError] = useState<string | null>(null);
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [users, setUsers] = useState<UserName[] | null>(null);

  useEffect(() => {
    call(client.GET('/api/departments')).then(setDepartments, () => setDepartments(null));
    call(client.GET('/api/audit/users')).then(setUsers, () => setUsers(null));
  }, []);

  const { data, error, loading } = useLoad(
    () =>
      call(
        client.GET('/api/emergency-access', {
          params: {
            query: {
              departmentId: applied.departmentId,
              userId: applied.userId,
              from: dayBoundary(applied.from, false),
              to: dayBoundary(applied.to, true),
              page,
              pageSize: EMERGENCY_REPORT_PAGE_SIZE,
            },
          },
        }),
      ),
    [applied, page],
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setToError(null);
    if (draft.from && draft.to && draft.from > draft.to) {
      setToError(t('emergencyReport.dateOrder'));
      document.getElementById(`${id}-to`)?.focus();
      return;
    }
    go(draft, 1);
  }

  function onReset() {
    const none = empty();
    setToError(null);
    setDraft(none);
    go(none, 1);
  }

  // Nothing while the departments are still loading: an id is never shown for a name.
  const departmentName = (depId: Id) => (departments ? (departments.find((d) => sameId(d.id, depId))?.name ?? String(depId)) : '');
  const now = Date.now();

  return (
    <div className="page">
      <PageHeading>{t('emergencyReport.title')}</PageHeading>
      <p className="page-intro">
        {t('emergencyReport.intro')} <Link to="/audit">{t('emergencyReport.backToAudit')}</Link>
      </p>

      <form className="panel filter-form" onSubmit={onSubmit} aria-labelledby={`${id}-filters`} noValidate>
        <h2 id={`${id}-filters`} className="visually-hidden">
          {t('emergencyReport.filters')}
        </h2>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor={`${id}-dep`}>{t('emergencyReport.department')}</label>
            <select id={`${id}-dep`} value={draft.departmentId} onChange={(e) => set('departmentId')(e.target.value)}>
              <FilterOptions all={t('emergencyReport.allDepartments')} items={departments ?? []} label={(d) => d.name} />
            </select>
          </div>
          {users && (
            <div className="field">
              <label htmlFor={`${id}-user`}>{t('emergencyReport.user')}</label>
              <select id={`${id}-user`} value={draft.userId} onChange={(e) => set('userId')(e.target.value)}>
                <FilterOptions all={t('emergencyReport.allUsers')} items={users} label={userLabel} sortKey={(u) => u.username} />
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('emergencyReport.from')}</label>
            <input id={`${id}-from`} type="date" value={draft.from} onChange={(e) => set('from')(e.target.value)} />
          </div>
          <div className={toError ? 'field field-invalid' : 'field'}>
            <label htmlFor={`${id}-to`}>{t('emergencyReport.to')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={draft.to}
              onChange={(e) => set('to')(e.target.value)}
              aria-invalid={toError ? true : undefined}
              aria-describedby={toError ? `${id}-to-error` : undefined}
            />
            {toError && (
              <p className="field-error" id={`${id}-to-error`} role="alert">
                {toError}
              </p>
            )}
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('emergencyReport.apply')}
          </button>
          <button type="button" className="button-secondary" onClick={onReset}>
            {t('emergencyReport.reset')}
          </button>
        </div>
      </form>

      <ErrorAlert error={error} detail />

      <ReportResults
        headingId={`${id}-caption`}
        title={t('emergencyReport.tableCaption')}
        totalText={(count) => t('emergencyReport.total', { count })}
        data={data}
        loading={loading}
        page={page}
        pageSize={EMERGENCY_REPORT_PAGE_SIZE}
        emptyText={t('emergencyReport.empty')}
        className="emergency-table"
        columns={[
          t('emergencyReport.columns.time'),
          t('emergencyReport.columns.user'),
          t('emergencyReport.columns.department'),
          t('emergencyReport.columns.case'),
          t('emergencyReport.columns.reason'),
          t('emergencyReport.columns.validUntil'),
        ]}
        onPage={(p) => go(applied, p)}
      >
        {(items) =>
          items.map((entry) => (
              <tr key={entry.id}>
                <td className="nowrap">
                  <time dateTime={entry.grantedAt}>{formatDateTime(entry.grantedAt, locale)}</time>
                </td>
                <td>
                  {entry.user.displayName ?? entry.user.username ?? entry.user.id}
                  {entry.user.displayName && entry.user.username && <span className="muted"> ({entry.user.username})</span>}
                </td>
                <td>{departmentName(entry.departmentId)}</td>
                <td>
                  <Link className="mono" to={casePath(entry.caseId)} aria-label={t('emergencyReport.caseLink', { id: entry.caseId })}>
                    {entry.caseId.slice(0, 8)}
                  </Link>
                </td>
                <td className="reason-text">{entry.reason}</td>
                <td className="nowrap">
                  <time dateTime={entry.expiresAt}>{formatDateTime(entry.expiresAt, locale)}</time>
                  {Date.parse(entry.expiresAt) > now && (
                    <>
                      {' '}
                      <span className="badge badge-outline">{t('emergencyReport.stillValid')}</span>
                    </>
                  )}
                </td>
              </tr>
            ))
        }
      </ReportResults>
    </div>
  );
}
