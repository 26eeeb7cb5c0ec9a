import { useEffect, useId, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { call, client, query } from '../api';
import { sameId } from '../types';
import type { AuditEvent, AuditPage as AuditPageData, Department, Id, UserName } from '../types';

import { ErrorAlert, PageHeading, useLoad, usePageTitle } from '../components/common';
import { FilterOptions, ReportResults, userLabel } from '../components/report';
import { LOCALES, isLanguage } from '../i18n';
import { useUrlFilters } from '../url-filters';

const FILTER_KEYS = ['userId', 'patientId', 'departmentId', 'action', 'from', 'to'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

export const AUDIT_PAGE_SIZE = 50;

/** Actions the server records today; offered as suggestions, any text may be entered. */
const KNOWN_ACTIONS = [
  'login', 'logout', 'account.lock', 'token.create', 'token.revoke', 'token.use',
  'patient.lookup', 'patient.register',
  'department.create', 'department.update',
  'role.create', 'role.update', 'role.delete',
  'user.create', 'user.update',
  'audit.list', 'audit.export',
  'case.create', 'case.read', 'case.list',
  'media.upload', 'media.read', 'media.original', 'media.thumbnail', 'media.preview', 'media.poster', 'media.playable',
];

/** 'YYYY-MM-DD' (local date) → ISO instant at the start or end of that day. */
export function dayBoundary(day: string, end: boolean): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const date = end
    ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999)
    : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The filters as the API wants them (dates as ISO instants). */
function apiFilters(f: Filters): Record<string, string | undefined> {
  return {
    userId: f.userId.trim(),
    patientId: f.patientId.trim(),
    departmentId: f.departmentId.trim(),
    action: f.action.trim(),
    from: dayBoundary(f.from, false),
    to: dayBoundary(f.to, true),
  };
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('audit.title'));
  const id = useId();
  const { applied, page, draft, setDraft, set, go, empty } = useUrlFilters(FILTER_KEYS);
  const [users, setUsers] = useState<UserName[] | null>(null);
  // A national identifier never goes into the address bar: it lives only in this page's state and
  // is sent in a request body (POST /api/audit/search).
  const [identifierDraft, setIdentifierDraft] = useState('');
  const [identifier, setIdentifier] = useState('');
  const [departments, setDepartments] = useState<Department[] | null>(null);

  // Lists for the filter selects; without access, free-text fields are shown.
  useEffect(() => {
    call(client.GET('/api/audit/users')).then(setUsers, () => setUsers(null));
    call(client.GET('/api/departments')).then(setDepartments, () => setDepartments(null));
  }, []);

  const { data, error, loading } = useLoad<AuditPageData>(() => {
    const filters = Object.fromEntries(Object.entries(apiFilters(applied)).filter(([, v]) => v));
    return identifier
      ? call(client.POST('/api/audit/search', { body: { ...filters, patientIdentifier: identifier, page, pageSize: AUDIT_PAGE_SIZE } }))
      : call(client.GET('/api/audit', { params: { query: { ...filters, page, pageSize: AUDIT_PAGE_SIZE } } }));
  }, [applied, page, identifier]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setIdentifier(identifierDraft.trim());
    go(draft, 1);
  }

  function onReset() {
    const none = empty();
    setIdentifierDraft('');
    setIdentifier('');
    setDraft(none);
    go(none, 1);
  }

  // With an identifier search the server answers with the patient's opaque id, which may go in a URL.
  const csvFilters = identifier ? { ...apiFilters(applied), patientId: data?.patientId ?? 'none' } : apiFilters(applied);
  const csvHref = `/api/audit.csv${query(csvFilters)}`;
  const lang = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'sv';
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'short', timeStyle: 'medium' }),
    [lang],
  );


  const departmentName = (depId: Id | null) => {
    if (depId === null || depId === undefined || depId === '') return '';
    return departments?.find((d) => sameId(d.id, depId))?.name ?? String(depId);
  };

  return (
    <div className="page">
      <PageHeading>{t('audit.title')}</PageHeading>
      <p className="page-intro">
        <Link to="/audit/emergency-access">{t('emergencyReport.link')}</Link>
      </p>

      <form className="panel filter-form" onSubmit={onSubmit} aria-labelledby={`${id}-filters`}>
        <h2 id={`${id}-filters`} className="visually-hidden">
          {t('audit.filters')}
        </h2>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor={`${id}-user`}>{users ? t('audit.user') : t('audit.userId')}</label>
            {users ? (
              <select id={`${id}-user`} value={draft.userId} onChange={(e) => set('userId')(e.target.value)}>
                <FilterOptions all={t('audit.allUsers')} items={users} label={userLabel} sortKey={(u) => u.username} />
              </select>
            ) : (
              <input id={`${id}-user`} value={draft.userId} onChange={(e) => set('userId')(e.target.value)} autoComplete="off" />
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-identifier`}>{t('audit.patientIdentifier')}</label>
            <input
              id={`${id}-identifier`}
              className="mono"
              value={identifierDraft}
              onChange={(e) => setIdentifierDraft(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder="ÅÅÅÅMMDD-NNNN"
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-patient`}>{t('audit.patientId')}</label>
            <input
              id={`${id}-patient`}
              className="mono"
              value={draft.patientId}
              onChange={(e) => set('patientId')(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-dep`}>{t('audit.department')}</label>
            {departments ? (
              <select id={`${id}-dep`} value={draft.departmentId} onChange={(e) => set('departmentId')(e.target.value)}>
                <FilterOptions all={t('audit.allDepartments')} items={departments} label={(d) => d.name} />
              </select>
            ) : (
              <input
                id={`${id}-dep`}
                value={draft.departmentId}
                onChange={(e) => set('departmentId')(e.target.value)}
                autoComplete="off"
              />
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-action`}>{t('audit.action')}</label>
            <input
              id={`${id}-action`}
              className="mono"
              value={draft.action}
              onChange={(e) => set('action')(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              list={`${id}-actions`}
            />
            <datalist id={`${id}-actions`}>
              {KNOWN_ACTIONS.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('audit.from')}</label>
            <input id={`${id}-from`} type="date" value={draft.from} onChange={(e) => set('from')(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('audit.to')}</label>
            <input id={`${id}-to`} type="date" value={draft.to} onChange={(e) => set('to')(e.target.value)} />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('audit.apply')}
          </button>
          <button type="button" className="button-secondary" onClick={onReset}>
            {t('audit.reset')}
          </button>
          <a className="button-secondary button-end" href={csvHref} download>
            {t('audit.exportCsv')}
          </a>
        </div>
      </form>

      <ErrorAlert error={error} />

      <ReportResults
        headingId={`${id}-caption`}
        title={t('audit.tableCaption')}
        totalText={(count) => t('audit.total', { count })}
        data={data}
        loading={loading}
        page={page}
        pageSize={AUDIT_PAGE_SIZE}
        emptyText={t('audit.empty')}
        className="audit-table"
        columns={[
          t('audit.columns.time'),
          t('audit.columns.user'),
          t('audit.columns.action'),
          t('audit.columns.outcome'),
          t('audit.columns.department'),
          t('audit.columns.patient'),
          t('audit.columns.object'),
          t('audit.columns.client'),
        ]}
        onPage={(p) => go(applied, p)}
      >
        {(items) => items.map((ev) => <AuditRow key={ev.seq} ev={ev} format={dateFormat} departmentName={departmentName} />)}
      </ReportResults>
    </div>
  );
}

function AuditRow({
  ev,
  format,
  departmentName,
}: {
  ev: AuditEvent;
  format: Intl.DateTimeFormat;
  departmentName(id: Id | null): string;
}) {
  const { t } = useTranslation();
  const date = new Date(ev.at);
  const time = Number.isNaN(date.getTime()) ? ev.at : format.format(date);
  const outcomeClass = ev.outcome === 'success' ? 'badge badge-active' : 'badge badge-warn';
  const object = [ev.objectType, ev.objectId].filter((x) => x !== null && x !== undefined && x !== '').join(' ');
  return (
    <tr>
      <td className="nowrap">
        <time dateTime={ev.at}>{time}</time>
      </td>
      <td>{ev.username ?? (ev.userId !== null ? String(ev.userId) : '')}</td>
      <td className="mono">{ev.action}</td>
      <td>
        <span className={outcomeClass}>{t(`audit.outcomes.${ev.outcome}`, { defaultValue: ev.outcome })}</span>
      </td>
      <td>{departmentName(ev.departmentId)}</td>
      <td className="mono">{ev.patientId ?? ''}</td>
      <td className="mono">{object}</td>
      <td className="mono">{ev.clientIp ?? ''}</td>
    </tr>
  );
}
