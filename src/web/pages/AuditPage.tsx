import { Fragment, useEffect, useId, useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { call, client, query } from '../api';
import { sameId } from '../types';
import type { AuditEvent, AuditPage as AuditPageData, Department, Id, UserName } from '../types';

import { ErrorAlert, PageHeading, useLoad, usePageTitle } from '../components/common';
import { FilterOptions, ReportResults, userLabel } from '../components/report';
import { LOCALES, isLanguage, type Language } from '../i18n';
import { actionLabel } from '../i18n/audit';
import { AUDIT_ACTION_LABELS } from '../i18n/audit-texts';
import { useUrlFilters } from '../url-filters';
import { groupAuditEvents, type AuditGroup } from '../audit-groups';

const FILTER_KEYS = ['userId', 'patientId', 'departmentId', 'action', 'from', 'to'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

export const AUDIT_PAGE_SIZE = 50;

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

  /** Removing the patient filter applies at once: the list then shows every patient's events. */
  function removePatientFilter() {
    const next = { ...draft, patientId: '' };
    setDraft(next);
    go(next, 1);
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
  // Times in the hospital's zone (the server says which), not the browser's.
  const timeZone = data?.timeZone;
  const formats = useMemo<Formats>(
    () => ({
      time: new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'short', timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) }),
      date: new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }),
      lang,
    }),
    [lang, timeZone],
  );
  const actionOptions = useMemo(() => {
    const labels = AUDIT_ACTION_LABELS[lang];
    const codes = Object.keys(labels);
    // An action asked for in the address that this page has no label for is still offered.
    if (draft.action && !labels[draft.action]) codes.push(draft.action);
    return codes.map((code) => [code, labels[code] ?? code] as const).sort((a, b) => a[1].localeCompare(b[1], LOCALES[lang]));
  }, [lang, draft.action]);
  const groups = useMemo(() => groupAuditEvents(data?.items ?? []), [data]);


  const departmentName = (depId: Id | null) => {
    if (depId === null || depId === undefined || depId === '') return '';
    return departments?.find((d) => sameId(d.id, depId))?.name ?? '';
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
          {/* Kasus's internal patient id comes only from a link (e.g. a patient's page), never typed: shown as a filter to remove. */}
          {draft.patientId && (
            <div className="field">
              <span className="field-label">{t('auditView.patientFilter')}</span>
              <p>
                {t('auditView.patientFilterActive')}{' '}
                <button type="button" className="button-link" onClick={() => removePatientFilter()}>
                  {t('auditView.removePatientFilter')}
                </button>
              </p>
            </div>
          )}
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
            <select id={`${id}-action`} value={draft.action} onChange={(e) => set('action')(e.target.value)}>
              <option value="">{t('auditView.allActions')}</option>
              {actionOptions.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
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
          t('auditView.columns.user'),
          t('audit.columns.action'),
          t('audit.columns.outcome'),
          t('audit.columns.department'),
          t('auditView.columns.patient'),
          t('auditView.columns.object'),
          t('audit.columns.client'),
        ]}
        onPage={(p) => go(applied, p)}
      >
        {() => groups.map((group) => <AuditGroupRows key={group.events[0]!.seq} group={group} formats={formats} departmentName={departmentName} />)}
      </ReportResults>
    </div>
  );
}

interface Formats {
  time: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
  lang: Language;
}

const format = (f: Intl.DateTimeFormat, iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : f.format(date);
};

/** A group of events: one row (its lead event) with the count of the others, which it can show. */
function AuditGroupRows({
  group,
  formats,
  departmentName,
}: {
  group: AuditGroup<AuditEvent>;
  formats: Formats;
  departmentName(id: Id | null): string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const others = group.events.length - 1;
  if (others === 0) return <AuditRow ev={group.lead} formats={formats} departmentName={departmentName} />;
  // What the other events were, e.g. "Miniatyrbild visad × 46, Förhandsvisning visad × 2".
  const counts = new Map<string, number>();
  for (const ev of group.events) if (ev !== group.lead) counts.set(ev.action, (counts.get(ev.action) ?? 0) + 1);
  const summary = [...counts].map(([action, n]) => `${actionLabel(action, formats.lang) ?? t('auditView.unknownAction')} × ${n}`).join(', ');
  return (
    <>
      <AuditRow
        ev={group.lead}
        formats={formats}
        departmentName={departmentName}
        extra={
          <div className="audit-group">
            <span className="muted">{t('auditView.related', { count: others })}</span>{' '}
            <button
              type="button"
              className="link-button"
              aria-expanded={open}
              aria-controls={detailsId}
              aria-label={open ? t('auditView.hideLabel') : t('auditView.showLabel', { count: group.events.length })}
              onClick={() => setOpen(!open)}
            >
              {open ? t('auditView.hide') : t('auditView.show')}
            </button>
            <div className="muted audit-group-summary">{summary}</div>
          </div>
        }
      />
      {open && (
        <tr id={detailsId} className="audit-details">
          <td colSpan={8}>
            <table className="audit-table audit-details-table">
              <caption className="visually-hidden">{t('auditView.showLabel', { count: group.events.length })}</caption>
              <tbody>
                {group.events.map((ev) => (
                  <Fragment key={ev.seq}>
                    <AuditRow ev={ev} formats={formats} departmentName={departmentName} />
                  </Fragment>
                ))}
              </tbody>
            </table>
          </td>
        </tr>
      )}
    </>
  );
}

/** What an event concerned, by name: "Ärende · Hudkliniken, skapat 7 dec. 2026", "Användare · Lars Läkare". */
function objectText(ev: AuditEvent, formats: Formats, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!ev.objectType) return '';
  const type = t(`auditView.objectTypes.${ev.objectType}`, { defaultValue: t('auditView.otherObject') });
  if ((ev.objectType === 'case' || ev.objectType === 'media') && ev.objectName) {
    const name = ev.objectDate ? t('auditView.caseOf', { department: ev.objectName, date: format(formats.date, ev.objectDate) }) : ev.objectName;
    return `${type} · ${name}`;
  }
  if (ev.objectName) return `${type} · ${ev.objectName}`;
  // A removed object, or one without a name (the audit log, a job): its kind only, never its id.
  return ev.objectId && ['case', 'media', 'user', 'department', 'system', 'routine', 'form', 'role', 'contact'].includes(ev.objectType) ? `${type} (${t('auditView.removed')})` : type;
}

function AuditRow({
  ev,
  formats,
  departmentName,
  extra,
}: {
  ev: AuditEvent;
  formats: Formats;
  departmentName(id: Id | null): string;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const outcomeClass = ev.outcome === 'success' ? 'badge badge-active' : 'badge badge-warn';
  const columns = {
    time: t('audit.columns.time'),
    user: t('auditView.columns.user'),
    action: t('audit.columns.action'),
    outcome: t('audit.columns.outcome'),
    department: t('audit.columns.department'),
    patient: t('auditView.columns.patient'),
    object: t('auditView.columns.object'),
    client: t('audit.columns.client'),
  };
  const user = ev.userDisplayName ?? ev.username ?? '';
  const department = ev.departmentName ?? departmentName(ev.departmentId);
  const object = objectText(ev, formats, t);
  // On a phone each cell is a line "Column: value"; an empty cell has no line.
  const label = (column: string, value: string | null | undefined) => (value ? column : undefined);
  return (
    <tr>
      <td className="nowrap" data-label={columns.time}>
        <time dateTime={ev.at}>{format(formats.time, ev.at)}</time>
      </td>
      <td data-label={columns.user}>
        {/* No user and no name tried: Kasus itself (start-up, scheduled jobs, demo data). */}
        {user || <span className="muted">{t('auditView.systemUser')}</span>}
        {ev.username && ev.username !== user ? <span className="muted"> ({ev.username})</span> : null}
      </td>
      <td data-label={columns.action}>
        {actionLabel(ev.action, formats.lang) ?? t('auditView.unknownAction')}
        {extra}
      </td>
      <td data-label={columns.outcome}>
        <span className={outcomeClass}>{t(`audit.outcomes.${ev.outcome}`, { defaultValue: ev.outcome })}</span>
      </td>
      <td data-label={label(columns.department, department)}>{department}</td>
      <td className="mono nowrap" data-label={label(columns.patient, ev.patientIdentifier)}>
        {ev.patientIdentifier ?? ''}
      </td>
      <td data-label={label(columns.object, object)}>{object}</td>
      <td className="mono" data-label={label(columns.client, ev.clientIp)}>
        {ev.clientIp ?? ''}
      </td>
    </tr>
  );
}
