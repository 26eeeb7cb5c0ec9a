import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { ContinuityEvents } from './continuity-events.js';
import type { ContinuityRepository, NoticeRow } from './continuity-repository.js';
import { buildGraph, checkDepartments, SYSTEM_NOT_FOUND, toNoticeView, type ManualNoticeInput, type NoticeView } from './continuity-views.js';
import type { StatusService } from './status-service.js';
import { dependantsOf } from './status-graph.js';

/**
 * Notices (C4): those written by hand by a duty officer, and reading them (the list, one notice,
 * what a reconnecting event stream missed). Notices that follow a status change are written by
 * StatusService.
 */
export class NoticeService {
  constructor(
    private readonly repository: ContinuityRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly status: StatusService,
    private readonly events: ContinuityEvents,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Notices, newest first. */
  async notices(ctx: RequestContext, filter: { systemId?: string; open?: boolean }, page: number, pageSize: number): Promise<{ items: NoticeView[]; total: number }> {
    this.access.authenticated(ctx);
    const [{ items, total }, systems, departments] = await Promise.all([this.repository.notices(filter, page, pageSize), this.repository.systems(), this.repository.departmentNames()]);
    const names = new Map(systems.map((s) => [s.id, s.name]));
    return { items: items.map((row) => toNoticeView(row, names, departments)), total };
  }

  /**
   * A notice written by a duty officer (C4): outage, change (update) or recovery of a system, with
   * the departments affected, the start, the expected duration and the reason. A field left out is
   * refused with a message naming it. A recovery closes the system's open outage notices.
   */
  async createNotice(ctx: RequestContext, input: ManualNoticeInput): Promise<NoticeView> {
    const actor = await this.access.require(ctx, { right: 'continuity.manage', action: 'notice.create', objectType: 'notice', disclose: true });
    const missing = (field: string, what: string) => new AppError('validation_failed', `${what} saknas (${field}).`, { field });
    const kind = input.kind ?? 'outage';
    if (!input.systemId) throw missing('systemId', 'Systemet');
    if (!input.departmentIds || input.departmentIds.length === 0) throw missing('departmentIds', 'Berörda avdelningar');
    if (!input.startedAt) throw missing('startedAt', 'Starttiden');
    if (kind !== 'recovery' && input.expectedDurationMinutes === undefined) throw missing('expectedDurationMinutes', 'Förväntad längd');
    const reason = blankToNull(input.reason);
    if (!reason) throw missing('reason', 'Orsaken');
    if (Number.isNaN(Date.parse(input.startedAt))) {
      throw new AppError('validation_failed', 'Starttiden är inte en giltig tidpunkt (startedAt).', { field: 'startedAt' });
    }
    const departmentIds = await checkDepartments(this.repository, [...new Set(input.departmentIds)]);
    const startedAt = new Date(input.startedAt).toISOString();
    const expectedEnd = input.expectedDurationMinutes !== undefined && kind !== 'recovery' ? new Date(Date.parse(startedAt) + input.expectedDurationMinutes * 60_000).toISOString() : null;
    const systemId = input.systemId;
    const created = await this.repository.withStatusLock(async (tx) => {
      const systems = await tx.systems();
      const system = systems.find((s) => s.id === systemId);
      if (!system) throw new AppError('not_found', SYSTEM_NOT_FOUND);
      const graph = buildGraph(systems, await tx.dependencies());
      const own = (await tx.openOutages()).filter((n) => n.system_id === system.id);
      const now = this.clock.now().toISOString();
      const row: Omit<NoticeRow, 'seq'> = {
        id: randomUUID(),
        kind: own.length > 0 && kind === 'outage' ? 'update' : kind,
        system_id: system.id,
        status: kind === 'recovery' ? 'operational' : system.status === 'operational' ? 'down' : system.status,
        message: reason,
        started_at: startedAt,
        expected_end: expectedEnd,
        affected: JSON.stringify(dependantsOf(graph, system.id)),
        source: 'manual',
        created_by: actor.userId,
        created_at: now,
        outage_id: own[0]?.id ?? null,
        closed_at: null,
        merged_into: null,
        department_ids: JSON.stringify(departmentIds),
      };
      const seq = await tx.insertNotice(row);
      await this.status.noticeWritten(tx, row);
      if (kind === 'recovery') await tx.closeNotices(own.map((n) => n.id), now, null);
      return { id: row.id, seq };
    });
    this.events.publish({ type: 'notice', seq: created.seq, noticeId: created.id });
    await this.audit.record(ctx, {
      action: 'notice.create',
      outcome: 'success',
      objectType: 'notice',
      objectId: created.id,
      details: { kind, systemId, departmentIds, startedAt, expectedEnd, reason },
    });
    return this.noticeView(created.id);
  }

  /** One notice as the API shows it (also for the event stream and deliveries). */
  async noticeView(id: string): Promise<NoticeView> {
    const [row, systems, departments] = await Promise.all([this.repository.noticeById(id), this.repository.systems(), this.repository.departmentNames()]);
    if (!row) throw new AppError('not_found', 'Meddelandet finns inte.');
    return toNoticeView(row, new Map(systems.map((s) => [s.id, s.name])), departments);
  }

  /** Notices after this sequence number, oldest first: what a reconnecting event stream missed. */
  async noticesAfter(ctx: RequestContext, seq: number): Promise<NoticeView[]> {
    this.access.authenticated(ctx);
    const [rows, systems, departments] = await Promise.all([this.repository.noticesAfter(seq), this.repository.systems(), this.repository.departmentNames()]);
    const names = new Map(systems.map((s) => [s.id, s.name]));
    return rows.map((row) => toNoticeView(row, names, departments));
  }

  /** The newest notice's sequence number (0 when there is none). */
  latestNoticeSeq(): Promise<number> {
    return this.repository.maxNoticeSeq();
  }

  /** Polls for notices and status changes made by other nodes every `intervalMs` (and publishes them) until stopped. */
  startEventPolling(intervalMs: number, onError?: (error: unknown) => void): ContinuityEvents {
    return this.events.start(this.repository, intervalMs, onError);
  }
}
