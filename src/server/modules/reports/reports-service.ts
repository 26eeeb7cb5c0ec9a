import { AppError } from '../../http/errors.js';
import type { AuditEvent, AuditLog } from '../audit/audit-log.js';
import { departmentsWithRight, type Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { tablePdf } from './report-pdf.js';
import { csvLine, localTime, reportText, type ReportLanguage } from './report-text.js';
import { NO_DEPARTMENT, type StatisticsCell, type StatisticsRepository } from './statistics-repository.js';

/** `events`: the audit log filtered; `emergency`: granted emergency openings of confidential cases, with their reasons. */
export type ReportKind = 'events' | 'emergency';

export interface AuditReportQuery {
  kind: ReportKind;
  userId?: string;
  patientId?: string;
  departmentId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export interface StatisticsQuery {
  from: string;
  to: string;
  departmentId?: string;
}

/** One row of a log report, with names resolved for people (the log keeps ids only). */
export interface ReportRow {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  userDisplayName: string | null;
  role: string | null;
  departmentId: string | null;
  departmentName: string | null;
  action: string;
  outcome: string;
  patientIdentifier: string | null;
  objectType: string | null;
  objectId: string | null;
  /** The reason given (emergency opening, print, export), when the event holds one. */
  reason: string | null;
}

type ReportLog = Pick<AuditLog, 'list' | 'iterate' | 'names' | 'record'>;
/** The audit log's filter, as its reader takes it (the repository's type stays inside the audit module). */
type AuditFilter = Parameters<AuditLog['list']>[0];

/** Rows in a PDF; beyond them the PDF says so and points to the CSV (a PDF is read by people). */
export const PDF_ROW_LIMIT = 5000;
/**
 * The on-screen log report counts its events up to this many and then says "more than" (M14: the
 * count of a common action over 10 million events read millions of index entries, 0.4–0.7 s). The
 * CSV and the PDF read the events themselves and are not limited by it.
 */
export const REPORT_COUNT_LIMIT = 10_000;
const NAME_BATCH = 500;

/**
 * Log reports and statistics for log and statistics operators (DESIGN M14): the audit log by
 * department, user, patient, action and period, and counts per department and month. Each report
 * is audited as one event; rights are audit.read and statistics.read, department-scoped.
 */
export class ReportsService {
  constructor(
    private readonly log: ReportLog,
    private readonly statisticsRepository: StatisticsRepository,
    private readonly access: Access,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  private checkPeriod(from?: string, to?: string) {
    if (from && to && from > to) throw new AppError('validation_failed', 'Från-datum måste vara före till-datum.', { field: 'from' });
  }

  private async auditScope(ctx: RequestContext, query: AuditReportQuery): Promise<AuditFilter> {
    const actor = await this.access.require(ctx, {
      right: 'audit.read', action: 'audit.report', departmentId: query.departmentId ?? null, objectType: 'audit_log', disclose: true,
    });
    this.checkPeriod(query.from, query.to);
    const { kind, ...rest } = query;
    const filter: AuditFilter = kind === 'emergency' ? { ...rest, action: 'case.emergency_open', outcome: 'success' } : { ...rest };
    const departments = departmentsWithRight(actor, 'audit.read');
    return departments === 'all' ? filter : { ...filter, departmentIds: departments };
  }

  private recordReport(ctx: RequestContext, query: AuditReportQuery, format: string, returned?: number) {
    return this.log.record(ctx, {
      action: 'audit.report',
      outcome: 'success',
      departmentId: query.departmentId ?? null,
      patientId: query.patientId ?? null,
      objectType: 'audit_log',
      details: { filter: query, format, ...(returned === undefined ? {} : { returned }) },
    });
  }

  private async rows(events: AuditEvent[]): Promise<ReportRow[]> {
    const names = await this.log.names(events);
    return events.map((e, i) => {
      const n = names[i]!;
      const reason = typeof e.details.reason === 'string' ? e.details.reason : null;
      return {
        seq: e.seq, at: e.at, userId: e.userId, username: e.username, userDisplayName: n.userDisplayName, role: e.role,
        departmentId: e.departmentId, departmentName: n.departmentName, action: e.action, outcome: e.outcome,
        patientIdentifier: n.patientIdentifier, objectType: e.objectType, objectId: e.objectId, reason,
      };
    });
  }

  /** On screen: a page of the report, newest first. */
  async auditPage(ctx: RequestContext, query: AuditReportQuery, page: number, pageSize: number) {
    const filter = await this.auditScope(ctx, query);
    const { items, total, totalIsLowerBound } = await this.log.list(filter, page, pageSize, REPORT_COUNT_LIMIT);
    const rows = await this.rows(items);
    await this.recordReport(ctx, query, 'json', rows.length);
    return { items: rows, total, totalIsLowerBound, page, pageSize, timeZone: this.timeZone };
  }

  /** Rows oldest first, with names resolved a batch at a time. */
  private async *allRows(filter: AuditFilter, limit = Infinity): AsyncGenerator<ReportRow> {
    let batch: AuditEvent[] = [];
    let count = 0;
    for await (const event of this.log.iterate(filter)) {
      if (count++ >= limit) break;
      batch.push(event);
      if (batch.length === NAME_BATCH) {
        yield* await this.rows(batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield* await this.rows(batch);
  }

  private columns(lang: ReportLanguage) {
    const t = reportText(lang);
    return [
      { heading: t.time, width: 80, cell: (r: ReportRow) => localTime(r.at, this.timeZone) },
      { heading: t.user, width: 85, cell: (r: ReportRow) => r.userDisplayName ?? r.username ?? '' },
      { heading: t.username, width: 60, cell: (r: ReportRow) => r.username ?? '' },
      { heading: t.role, width: 65, cell: (r: ReportRow) => r.role ?? '' },
      { heading: t.department, width: 80, cell: (r: ReportRow) => r.departmentName ?? r.departmentId ?? '' },
      { heading: t.action, width: 95, cell: (r: ReportRow) => r.action },
      { heading: t.outcome, width: 45, cell: (r: ReportRow) => r.outcome },
      { heading: t.patient, width: 80, cell: (r: ReportRow) => r.patientIdentifier ?? '' },
      { heading: t.objectType, width: 50, cell: (r: ReportRow) => r.objectType ?? '' },
      { heading: t.objectId, width: 70, cell: (r: ReportRow) => r.objectId ?? '' },
      { heading: t.reason, width: 150, cell: (r: ReportRow) => r.reason ?? '' },
    ];
  }

  /** CSV, oldest first, streamed; the refusal (if any) and the report's own event come before the first line. */
  async *auditCsv(ctx: RequestContext, query: AuditReportQuery, lang: ReportLanguage): AsyncGenerator<string> {
    const filter = await this.auditScope(ctx, query);
    await this.recordReport(ctx, query, 'csv');
    const columns = this.columns(lang);
    // The zone is named in the time column's heading: the file travels without the report's subtitle.
    yield '\uFEFF' + csvLine(columns.map((c, i) => (i === 0 ? `${c.heading} (${this.timeZone})` : c.heading)));
    for await (const row of this.allRows(filter)) yield csvLine(columns.map((c) => c.cell(row)));
  }

  async auditPdf(ctx: RequestContext, query: AuditReportQuery, lang: ReportLanguage): Promise<Uint8Array> {
    const filter = await this.auditScope(ctx, query);
    const rows: ReportRow[] = [];
    for await (const row of this.allRows(filter, PDF_ROW_LIMIT + 1)) rows.push(row);
    const truncated = rows.length > PDF_ROW_LIMIT;
    if (truncated) rows.length = PDF_ROW_LIMIT;
    await this.recordReport(ctx, query, 'pdf', rows.length);
    const t = reportText(lang);
    const columns = this.columns(lang);
    const filterText = Object.entries(query).filter(([k, v]) => k !== 'kind' && v !== undefined).map(([k, v]) => `${k}=${v}`).join(', ');
    return tablePdf({
      title: query.kind === 'emergency' ? t.emergencyTitle : t.auditTitle,
      subtitle: [
        `${t.period}: ${query.from ? localTime(query.from, this.timeZone) : '…'} – ${query.to ? localTime(query.to, this.timeZone) : '…'}`,
        ...(filterText ? [`${t.filter}: ${filterText}`] : []),
        `${t.generated}: ${localTime(this.now().toISOString(), this.timeZone)} (${t.time.toLowerCase()}: ${this.timeZone})`,
      ],
      columns: columns.map((c) => ({ heading: c.heading, width: c.width })),
      rows: rows.map((r) => columns.map((c) => c.cell(r))),
      ...(truncated ? { note: t.truncated(PDF_ROW_LIMIT) } : rows.length === 0 ? { note: t.none } : {}),
      pageLabel: t.page,
    });
  }

  /** Counts per department and month for the period, with totals per department and per month. */
  async statistics(ctx: RequestContext, query: StatisticsQuery, format: 'json' | 'csv' = 'json') {
    const actor = await this.access.require(ctx, {
      right: 'statistics.read', action: 'statistics.report', departmentId: query.departmentId ?? null, objectType: 'statistics', disclose: true,
    });
    this.checkPeriod(query.from, query.to);
    const readable = departmentsWithRight(actor, 'statistics.read');
    const departmentIds = query.departmentId
      ? [query.departmentId]
      : readable;
    const [cells, names] = await Promise.all([
      this.statisticsRepository.cells({ from: query.from, to: query.to, departmentIds }),
      this.statisticsRepository.departmentNames(),
    ]);
    await this.log.record(ctx, {
      action: 'statistics.report', outcome: 'success', departmentId: query.departmentId ?? null, objectType: 'statistics',
      details: { filter: query, format },
    });
    const sum = (list: StatisticsCell[]) => ({
      cases: list.reduce((s, c) => s + c.cases, 0),
      media: list.reduce((s, c) => s + c.media, 0),
      storageBytes: list.reduce((s, c) => s + c.storageBytes, 0),
      printsExports: list.reduce((s, c) => s + c.printsExports, 0),
      emergencyOpenings: list.reduce((s, c) => s + c.emergencyOpenings, 0),
      consents: list.reduce((s, c) => s + c.consents, 0),
    });
    const group = (key: (c: StatisticsCell) => string) => {
      const groups = new Map<string, StatisticsCell[]>();
      for (const cell of cells) groups.set(key(cell), [...(groups.get(key(cell)) ?? []), cell]);
      return groups;
    };
    const departments = [...group((c) => c.departmentId)].map(([id, list]) => ({ departmentId: id, departmentName: names.get(id) ?? id, ...sum(list) }))
      .sort((a, b) => a.departmentName.localeCompare(b.departmentName, 'sv'));
    const months = [...group((c) => c.month)].map(([month, list]) => ({ month, ...sum(list) }));
    return {
      from: query.from,
      to: query.to,
      cells: cells.map((c) => ({ ...c, departmentName: names.get(c.departmentId) ?? c.departmentId })),
      departments,
      months,
      totals: sum(cells),
    };
  }

  /** The statistics as CSV: one line per department and month. */
  async *statisticsCsv(ctx: RequestContext, query: StatisticsQuery, lang: ReportLanguage): AsyncGenerator<string> {
    const result = await this.statistics(ctx, query, 'csv');
    const t = reportText(lang);
    yield '\uFEFF' + csvLine([t.month, t.department, t.cases, t.media, t.storageBytes, t.printsExports, t.emergencyOpenings, t.consents]);
    for (const c of result.cells) {
      const department = c.departmentId === NO_DEPARTMENT ? t.noDepartment : c.departmentName;
      yield csvLine([c.month, department, c.cases, c.media, c.storageBytes, c.printsExports, c.emergencyOpenings, c.consents]);
    }
  }
}
