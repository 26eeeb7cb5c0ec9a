import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client, query } from '../api';
import { formatDateTime, formatSize } from '../media';
import type { Department, UserName } from '../types';
import { ErrorAlert, PageHeading, useLoad, usePageTitle } from '../components/common';
import { FilterOptions, ReportResults, userLabel } from '../components/report';
import { isLanguage, type Language } from '../i18n';
import { actionLabel } from '../i18n/audit';
import { AUDIT_ACTION_LABELS } from '../i18n/audit-texts';
import '../i18n/reports';
import { useSession } from '../session';
import { dayBoundary } from './AuditPage';
import { useLocale } from './cases/shared';

export const REPORT_PAGE_SIZE = 50;

type Kind = 'events' | 'emergency';

interface LogFilters {
  kind: Kind;
  departmentId: string;
  userId: string;
  patient: string;
  action: string;
  from: string;
  to: string;
}

const NO_FILTERS: LogFilters = { kind: 'events', departmentId: '', userId: '', patient: '', action: '', from: '', to: '' };

/** Log reports and statistics for log and statistics operators (M14); each half shown to those holding its right. */
export function ReportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('reports.title'));
  const { hasRight } = useSession();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  useEffect(() => {
    call(client.GET('/api/departments')).then(setDepartments, () => setDepartments(null));
  }, []);
  return (
    <div className="page">
      <PageHeading>{t('reports.title')}</PageHeading>
      <p className="page-intro">{t('reports.intro')}</p>
      {hasRight('audit.read') && <LogReport departments={departments} />}
      {hasRight('statistics.read') && <Statistics departments={departments} />}
    </div>
  );
}

function LogReport({ departments }: { departments: Department[] | null }) {
  const { t, i18n } = useTranslation();
  const lang: Language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'sv';
  const locale = useLocale();
  const id = useId();
  const [draft, setDraft] = useState<LogFilters>(NO_FILTERS);
  const [applied, setApplied] = useState<LogFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [toError, setToError] = useState<string | null>(null);
  const [users, setUsers] = useState<UserName[] | null>(null);
  useEffect(() => {
    call(client.GET('/api/audit/users')).then(setUsers, () => setUsers(null));
  }, []);

  // A patient is asked for by identity number, which never travels in a URL: it is resolved once
  // through the audit search (request body) and the report then filters by the patient's id.
  const { data, error, loading } = useLoad(async () => {
    let patientId: string | undefined;
    if (applied.patient.trim()) {
      const found = await call(client.POST('/api/audit/search', { body: { patientIdentifier: applied.patient.trim(), page: 1, pageSize: 1 } }));
      if (!found.patientId) return { report: null, unknownPatient: true, patientId: undefined };
      patientId = String(found.patientId);
    }
    const report = await call(
      client.GET('/api/reports/audit', { params: { query: { ...apiQuery(applied, patientId), page, pageSize: REPORT_PAGE_SIZE } } }),
    );
    return { report, unknownPatient: false, patientId };
  }, [applied, page]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setToError(null);
    if (draft.from && draft.to && draft.from > draft.to) {
      setToError(t('reports.dateOrder'));
      document.getElementById(`${id}-to`)?.focus();
      return;
    }
    setApplied(draft);
    setPage(1);
  }

  const set = (key: keyof LogFilters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const actions = Object.keys(AUDIT_ACTION_LABELS[lang]).map((code) => ({ id: code, label: actionLabel(code, lang) ?? code }));
  const downloadQuery = (format: 'csv' | 'pdf') => query({ ...apiQuery(applied, data?.patientId), format, lang });
  const canDownload = data && !data.unknownPatient;

  return (
    <>
      <h2 className="report-section-heading">{t('reports.logTitle')}</h2>
      <form className="panel filter-form" onSubmit={onSubmit} aria-label={t('reports.logTitle')} noValidate>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('reports.kind')}</label>
            <select id={`${id}-kind`} value={draft.kind} onChange={(e) => set('kind')(e.target.value)}>
              <option value="events">{t('reports.kindEvents')}</option>
              <option value="emergency">{t('reports.kindEmergency')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-dep`}>{t('reports.department')}</label>
            <select id={`${id}-dep`} value={draft.departmentId} onChange={(e) => set('departmentId')(e.target.value)}>
              <FilterOptions all={t('reports.allDepartments')} items={departments ?? []} label={(d) => d.name} />
            </select>
          </div>
          {users && (
            <div className="field">
              <label htmlFor={`${id}-user`}>{t('reports.user')}</label>
              <select id={`${id}-user`} value={draft.userId} onChange={(e) => set('userId')(e.target.value)}>
                <FilterOptions all={t('reports.allUsers')} items={users} label={userLabel} sortKey={(u) => u.username} />
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-patient`}>{t('reports.patient')}</label>
            <input id={`${id}-patient`} value={draft.patient} onChange={(e) => set('patient')(e.target.value)} aria-describedby={`${id}-patient-hint`} autoComplete="off" />
            <p className="hint" id={`${id}-patient-hint`}>
              {t('reports.patientHint')}
            </p>
          </div>
          {draft.kind === 'events' && (
            <div className="field">
              <label htmlFor={`${id}-action`}>{t('reports.action')}</label>
              <select id={`${id}-action`} value={draft.action} onChange={(e) => set('action')(e.target.value)}>
                <FilterOptions all={t('reports.allActions')} items={actions} label={(a) => a.label} />
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('reports.from')}</label>
            <input id={`${id}-from`} type="date" value={draft.from} onChange={(e) => set('from')(e.target.value)} />
          </div>
          <div className={toError ? 'field field-invalid' : 'field'}>
            <label htmlFor={`${id}-to`}>{t('reports.to')}</label>
            <input id={`${id}-to`} type="date" value={draft.to} onChange={(e) => set('to')(e.target.value)} aria-invalid={toError ? true : undefined} aria-describedby={toError ? `${id}-to-error` : undefined} />
            {toError && (
              <p className="field-error" id={`${id}-to-error`} role="alert">
                {toError}
              </p>
            )}
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('reports.show')}
          </button>
          <button type="button" className="button-secondary" onClick={() => { setDraft(NO_FILTERS); setApplied(NO_FILTERS); setPage(1); setToError(null); }}>
            {t('reports.reset')}
          </button>
          {canDownload && (
            <>
              <a className="button-secondary" href={`/api/reports/audit${downloadQuery('csv')}`} download>
                {t('reports.downloadCsv')}
              </a>
              <a className="button-secondary" href={`/api/reports/audit${downloadQuery('pdf')}`} download>
                {t('reports.downloadPdf')}
              </a>
            </>
          )}
        </div>
      </form>

      <ErrorAlert error={error} detail />
      {data?.unknownPatient && <p className="panel muted" role="status">{t('reports.unknownPatient')}</p>}
      {!data?.unknownPatient && (
        <ReportResults
          headingId={`${id}-results`}
          title={applied.kind === 'emergency' ? t('reports.kindEmergency') : t('reports.kindEvents')}
          totalText={(count, lowerBound) => (lowerBound ? t('reports.totalOver', { total: new Intl.NumberFormat(locale).format(count) }) : t('reports.total', { count }))}
          data={data?.report ?? null}
          loading={loading}
          page={page}
          pageSize={REPORT_PAGE_SIZE}
          emptyText={t('reports.empty')}
          className="report-table"
          columns={[
            t('reports.columns.time'),
            t('reports.columns.user'),
            t('reports.columns.department'),
            t('reports.columns.action'),
            t('reports.columns.outcome'),
            t('reports.columns.patient'),
            t('reports.columns.reason'),
          ]}
          onPage={setPage}
        >
          {(items) =>
            items.map((row) => (
              <tr key={row.seq}>
                <td className="nowrap" data-label={t('reports.columns.time')}>
                  <time dateTime={row.at}>{formatDateTime(row.at, locale)}</time>
                </td>
                <td data-label={t('reports.columns.user')}>{row.userDisplayName ?? row.username ?? ''}</td>
                <td data-label={t('reports.columns.department')}>{row.departmentName ?? ''}</td>
                <td data-label={t('reports.columns.action')}>{actionLabel(row.action, lang) ?? t('auditView.unknownAction')}</td>
                <td data-label={t('reports.columns.outcome')}>{t(`reports.outcome.${row.outcome}`)}</td>
                <td className="nowrap" data-label={t('reports.columns.patient')}>{row.patientIdentifier ?? ''}</td>
                <td className="reason-text" data-label={t('reports.columns.reason')}>{row.reason ?? ''}</td>
              </tr>
            ))
          }
        </ReportResults>
      )}
    </>
  );
}

/** The filters as the report route takes them (dates as ISO instants, the patient as an id). */
function apiQuery(f: LogFilters, patientId: string | undefined) {
  return {
    kind: f.kind,
    departmentId: f.departmentId || undefined,
    userId: f.userId || undefined,
    patientId,
    action: f.kind === 'events' ? f.action || undefined : undefined,
    from: dayBoundary(f.from, false),
    to: dayBoundary(f.to, true),
  };
}

const MEASURES = ['cases', 'media', 'storageBytes', 'printsExports', 'emergencyOpenings', 'consents'] as const;

function Statistics({ departments }: { departments: Department[] | null }) {
  const { t, i18n } = useTranslation();
  const lang: Language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'sv';
  const locale = useLocale();
  const id = useId();
  const [draft, setDraft] = useState({ departmentId: '', from: '', to: '' });
  const [applied, setApplied] = useState(draft);
  const [toError, setToError] = useState<string | null>(null);
  const statsQuery = { departmentId: applied.departmentId || undefined, from: dayBoundary(applied.from, false), to: dayBoundary(applied.to, true) };
  const { data, error, loading } = useLoad(() => call(client.GET('/api/statistics', { params: { query: statsQuery } })), [applied]);
  const number = new Intl.NumberFormat(locale);
  const value = (measure: (typeof MEASURES)[number], n: number) => (measure === 'storageBytes' ? formatSize(n, locale) : number.format(n));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setToError(null);
    if (draft.from && draft.to && draft.from > draft.to) {
      setToError(t('reports.dateOrder'));
      return;
    }
    setApplied(draft);
  }

  return (
    <>
      <h2 className="report-section-heading">{t('reports.statsTitle')}</h2>
      <p className="muted">{t('reports.statsIntro')}</p>
      <form className="panel filter-form" onSubmit={onSubmit} aria-label={t('reports.statsTitle')} noValidate>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor={`${id}-dep`}>{t('reports.department')}</label>
            <select id={`${id}-dep`} value={draft.departmentId} onChange={(e) => setDraft({ ...draft, departmentId: e.target.value })}>
              <FilterOptions all={t('reports.allDepartments')} items={departments ?? []} label={(d) => d.name} />
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('reports.from')}</label>
            <input id={`${id}-from`} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className={toError ? 'field field-invalid' : 'field'}>
            <label htmlFor={`${id}-to`}>{t('reports.to')}</label>
            <input id={`${id}-to`} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} aria-invalid={toError ? true : undefined} />
            {toError && (
              <p className="field-error" role="alert">
                {toError}
              </p>
            )}
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            {t('reports.show')}
          </button>
          <a className="button-secondary" href={`/api/statistics${query({ ...statsQuery, format: 'csv', lang })}`} download>
            {t('reports.downloadCsv')}
          </a>
        </div>
      </form>
      <ErrorAlert error={error} detail />
      {loading && !data ? null : data && data.months.length === 0 ? (
        <p className="panel muted">{t('reports.statsEmpty')}</p>
      ) : data ? (
        <>
          <section className="panel" aria-labelledby={`${id}-chart`}>
            <h3 id={`${id}-chart`}>{t('reports.chartTitle')}</h3>
            <BarChart
              label={t('reports.chartLabel')}
              groups={data.months.map((m) => ({ label: monthName(m.month, locale), values: [m.cases, m.media] }))}
              series={[t('reports.measures.cases'), t('reports.measures.media')]}
              format={(n) => number.format(n)}
            />
          </section>
          <section className="panel" aria-labelledby={`${id}-table`}>
            <h3 id={`${id}-table`}>{t('reports.department')}</h3>
            <div className="table-wrap">
              <table className="stats-table">
                <thead>
                  <tr>
                    <th scope="col">{t('reports.department')}</th>
                    {MEASURES.map((m) => (
                      <th scope="col" key={m} className="numeric">
                        {t(`reports.measures.${m}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.departments.map((d) => (
                    <tr key={d.departmentId}>
                      <th scope="row">{d.departmentId === '' ? t('reports.noDepartment') : d.departmentName}</th>
                      {MEASURES.map((m) => (
                        <td key={m} className="numeric" data-label={t(`reports.measures.${m}`)}>
                          {value(m, d[m])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('reports.total')}</th>
                    {MEASURES.map((m) => (
                      <td key={m} className="numeric" data-label={t(`reports.measures.${m}`)}>
                        {value(m, data.totals[m])}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>
        </>
      ) : null}
    </>
  );
}

/** "2026-12" as people write the month ("dec. 2026"); the server already counts in the hospital's months, so the label is read in UTC to name exactly that month. */
function monthName(month: string, locale: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

const SERIES_COLOURS = ['var(--accent)', '#b8621b'];

/**
 * A small grouped bar chart in SVG (no chart library: two series of counts per month need none).
 * It scales to its container's width; the numbers are also in the table and in each bar's title.
 */
function BarChart({ label, groups, series, format }: { label: string; groups: { label: string; values: number[] }[]; series: string[]; format(n: number): string }) {
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const width = Math.max(320, groups.length * 60);
  const height = 200;
  const top = 16;
  const bottom = 28;
  const plot = height - top - bottom;
  const groupWidth = width / groups.length;
  const barWidth = Math.min(22, (groupWidth - 12) / series.length);
  return (
    <figure className="bar-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        <line x1={0} x2={width} y1={top + plot} y2={top + plot} stroke="currentColor" strokeWidth={1} />
        {groups.map((g, i) => {
          const x0 = i * groupWidth + (groupWidth - barWidth * series.length) / 2;
          return (
            <g key={g.label}>
              {g.values.map((v, j) => {
                const h = (v / max) * plot;
                return (
                  <g key={j}>
                    <rect x={x0 + j * barWidth} y={top + plot - h} width={barWidth - 2} height={h} fill={SERIES_COLOURS[j % SERIES_COLOURS.length]}>
                      <title>{`${series[j]} ${g.label}: ${format(v)}`}</title>
                    </rect>
                    <text x={x0 + j * barWidth + (barWidth - 2) / 2} y={top + plot - h - 3} textAnchor="middle" fontSize={11} fill="currentColor">
                      {format(v)}
                    </text>
                  </g>
                );
              })}
              <text x={i * groupWidth + groupWidth / 2} y={height - 8} textAnchor="middle" fontSize={12} fill="currentColor">
                {g.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s, j) => (
          <span key={s}>
            <span className="chart-swatch" style={{ background: SERIES_COLOURS[j % SERIES_COLOURS.length] }} aria-hidden="true" /> {s}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
