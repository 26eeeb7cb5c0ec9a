import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, client } from '../../api';
import { formatDateTime } from '../../media';
import type { JobStatus, JobView } from '../../types';
import { ReportResults } from '../../components/report';
import { ErrorAlert, Loading, PageHeading, StatusMessage, useLoad, usePageTitle } from '../../components/common';
import { useLocale } from '../cases/shared';

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'dead'];
export const JOBS_PAGE_SIZE = 20;
/** What the page shows first: the jobs that need an administrator. */
const DEFAULT_STATUS: JobStatus = 'dead';
/** The filter value for every status. */
const ALL = 'all';

type Filter = JobStatus | typeof ALL;

function readFilter(value: string | null): Filter {
  if (value === ALL) return ALL;
  return JOB_STATUSES.find((s) => s === value) ?? DEFAULT_STATUS;
}

/** The job's name for people ("Rensa och lagra fil"), else its code. */
export function jobName(t: TFunction, name: string): string {
  return t(`admin.jobs.names.${name}`, { defaultValue: name });
}

/** The payload in one line, e.g. "mediaId: 4f1…". */
function payloadText(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

const STATUS_BADGE: Record<string, string> = {
  queued: 'badge badge-outline',
  running: 'badge badge-neutral',
  done: 'badge badge-active',
  dead: 'badge badge-warn',
};

/**
 * The background job queue for administrators: how many jobs there are in each status, the jobs of
 * one status (the failed ones first), and "Try again" for a job that has given up.
 */
export function JobsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  usePageTitle(t('admin.jobs.title'));
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params.get('status'));
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);

  const [reloads, setReloads] = useState(0);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [retryError, setRetryError] = useState<unknown>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  const go = useCallback(
    (next: Filter, toPage: number) => {
      const p = new URLSearchParams();
      if (next !== DEFAULT_STATUS) p.set('status', next);
      if (toPage > 1) p.set('page', String(toPage));
      setParams(p);
    },
    [setParams],
  );

  const loaded = useLoad(() => {
    const status = filter === ALL ? undefined : filter;
    return Promise.all([
      call(client.GET('/api/jobs', { params: { query: { status, page, pageSize: JOBS_PAGE_SIZE } } })),
      call(client.GET('/api/jobs/counts')),
    ]);
  }, [filter, page, reloads]);
  const { error, loading } = loaded;
  const [data, counts] = loaded.data ?? [null, null];

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / JOBS_PAGE_SIZE));

  // A page that emptied (its last job was retried) gives way to the last page that has jobs.
  useEffect(() => {
    if (data && data.items.length === 0 && page > pages) go(filter, pages);
  }, [data, page, pages, filter, go]);

  async function retry(job: JobView) {
    setRetrying(job.id);
    setNotice('');
    setRetryError(null);
    try {
      await call(client.POST('/api/jobs/{id}/retry', { params: { path: { id: String(job.id) } } }));
      setNotice(t('admin.jobs.retried', { name: jobName(t, job.name) }));
    } catch (err) {
      setRetryError(err);
    } finally {
      setRetrying(null);
      setReloads((n) => n + 1);
      // The row goes away from the list of failed jobs: keep the keyboard user in the list.
      listHeading.current?.focus();
    }
  }

  function refresh() {
    setNotice('');
    setRetryError(null);
    setReloads((n) => n + 1);
  }

  const emptyText = t(`admin.jobs.empty.${filter}`);

  return (
    <div className="page">
      <PageHeading>{t('admin.jobs.title')}</PageHeading>

      <section className="panel case-summary" aria-labelledby={`${id}-counts`}>
        <div className="table-head">
          <h2 id={`${id}-counts`}>{t('admin.jobs.countsTitle')}</h2>
          <button type="button" className="button-secondary" onClick={refresh} disabled={loading}>
            {t('admin.jobs.refresh')}
          </button>
        </div>
        {counts ? (
          <dl className="case-facts job-counts">
            {JOB_STATUSES.map((s) => (
              <div key={s} className={s === 'dead' && counts[s] > 0 ? 'job-count-alert' : undefined}>
                <dt>{t(`admin.jobs.statuses.${s}`)}</dt>
                <dd>{counts[s].toLocaleString(locale)}</dd>
              </div>
            ))}
          </dl>
        ) : error ? null : (
          <Loading />
        )}
      </section>

      <StatusMessage>{notice}</StatusMessage>
      <ErrorAlert error={retryError} detail />
      <ErrorAlert error={error} />

      <ReportResults
        headingId={`${id}-list`}
        headingRef={listHeading}
        title={t('admin.jobs.listTitle')}
        totalText={(count) => t('admin.jobs.total', { count })}
        data={data}
        loading={loading}
        page={page}
        pageSize={JOBS_PAGE_SIZE}
        emptyText={emptyText}
        className="jobs-table"
        columns={(['job', 'status', 'attempts', 'created', 'changed', 'lastError'] as const).map((c) => t(`admin.jobs.columns.${c}`))}
        actions
        onPage={(p) => go(filter, p)}
        filters={
          <div className="field field-inline">
            <label htmlFor={`${id}-status`}>{t('admin.jobs.statusFilter')}</label>
            <select id={`${id}-status`} value={filter} onChange={(e) => go(readFilter(e.target.value), 1)}>
              {JOB_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`admin.jobs.statuses.${s}`)}
                </option>
              ))}
              <option value={ALL}>{t('admin.jobs.allStatuses')}</option>
            </select>
          </div>
        }
      >
        {(items) => items.map((job) => <JobRow key={job.id} job={job} locale={locale} disabled={retrying !== null} onRetry={() => void retry(job)} />)}
      </ReportResults>
    </div>
  );
}

function Time({ iso, locale }: { iso: string | null; locale: string }) {
  if (!iso) return null;
  return <time dateTime={iso}>{formatDateTime(iso, locale)}</time>;
}

function JobRow({
  job,
  locale,
  disabled,
  onRetry,
}: {
  job: JobView;
  locale: string;
  disabled: boolean;
  onRetry(): void;
}) {
  const { t } = useTranslation();
  const name = jobName(t, job.name);
  const payload = payloadText(job.payload);
  const waiting = job.status === 'queued' && job.attempts > 0;
  return (
    <tr>
      <th scope="row">
        {name}
        <span className="job-meta mono">{job.name !== name ? `${job.name} · ${job.id}` : job.id}</span>
        {payload && <span className="job-meta mono">{payload}</span>}
      </th>
      <td>
        <span className={STATUS_BADGE[job.status] ?? 'badge badge-neutral'}>
          {t(`admin.jobs.status.${job.status}`, { defaultValue: job.status })}
        </span>
        {waiting && (
          <span className="job-meta">
            {t('admin.jobs.nextRun', { time: formatDateTime(job.runAt, locale) })}
          </span>
        )}
      </td>
      <td className="nowrap">{t('admin.jobs.attemptsOf', { attempts: job.attempts, max: job.maxAttempts })}</td>
      <td className="nowrap">
        <Time iso={job.createdAt} locale={locale} />
      </td>
      <td className="nowrap">
        <Time iso={job.finishedAt ?? job.updatedAt} locale={locale} />
      </td>
      <td>
        {job.lastError ? (
          <span className="job-error">{job.lastError}</span>
        ) : (
          <span className="muted">{t('admin.jobs.noError')}</span>
        )}
      </td>
      <td className="cell-actions">
        {job.status === 'dead' && (
          <button
            type="button"
            className="button-secondary"
            aria-label={t('admin.jobs.retryItem', { name, id: job.id })}
            disabled={disabled}
            onClick={onRetry}
          >
            {t('admin.jobs.retry')}
          </button>
        )}
      </td>
    </tr>
  );
}
