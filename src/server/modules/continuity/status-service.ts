import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { ContinuityEvents } from './continuity-events.js';
import type { ContinuityRepository, NoticeRow, StatusTransaction, SystemRow } from './continuity-repository.js';
import {
  buildGraph,
  departmentsOf,
  KASUS_SYSTEM_KEY,
  SYSTEM_NOT_FOUND,
  toStatusChangeView,
  type StatusChangeView,
  type StatusInput,
  type SystemView,
  type SystemViews,
} from './continuity-views.js';
import type { KasusModeState } from './kasus-mode.js';
import { isSystemStatus, planNotice, STATUS_LABELS, type StatusSource, type SystemStatus } from './status-graph.js';

/** Runs inside the transaction that writes a notice (see StatusService.onNoticeWritten). */
export type NoticeWriter = (tx: StatusTransaction, notice: { id: string; departmentIds: string[] }) => Promise<void>;

/** A status change written inside the status lock: its notice (if any) and the sequence numbers to publish. */
export interface AppliedStatus {
  notice: NoticeRow | null;
  historySeq: number;
  noticeSeq: number;
  systemId: string;
  status: SystemStatus;
}

/**
 * Status changes (C2): a duty officer's change with its history, and the one place any status change
 * (by hand or by a probe) is written, with the notice the dependency graph decides on and the work
 * that must commit with every notice.
 */
export class StatusService {
  private readonly noticeWriters = new Set<NoticeWriter>();

  constructor(
    private readonly repository: ContinuityRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly views: SystemViews,
    private readonly kasusMode: KasusModeState,
    private readonly events: ContinuityEvents,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Work that must commit with every notice written (the deliveries to the departments'
   * subscriptions): it runs inside the notice's transaction, so a notice is never stored without
   * its deliveries, nor a delivery without its notice.
   */
  onNoticeWritten(writer: NoticeWriter): () => void {
    this.noticeWriters.add(writer);
    return () => this.noticeWriters.delete(writer);
  }

  /** Runs the notice writers inside the notice's transaction (also for notices written by hand). */
  async noticeWritten(tx: StatusTransaction, notice: Omit<NoticeRow, 'seq'>): Promise<void> {
    for (const writer of this.noticeWriters) await writer(tx, { id: notice.id, departmentIds: JSON.parse(notice.department_ids) as string[] });
  }

  /**
   * A duty officer sets a system's status, with a message to staff, when it began and when it is
   * expected to end. The change is kept in the history; an outage, a change of an outage or a
   * recovery publishes one notice naming every system that depends on this one.
   */
  async setStatus(ctx: RequestContext, id: string, input: StatusInput): Promise<SystemView> {
    const actor = await this.access.require(ctx, { right: 'continuity.manage', action: 'system.status', objectType: 'system', objectId: id, disclose: true });
    const next = this.checkStatusInput(input);
    const result = await this.repository.withStatusLock(async (tx) => {
      const systems = await tx.systems();
      const system = systems.find((s) => s.id === id);
      if (!system) throw new AppError('not_found', SYSTEM_NOT_FOUND);
      const applied = await this.applyStatus(tx, systems, system, { ...next, source: 'manual', setBy: actor.userId });
      return { system, ...applied };
    });
    this.publishApplied(result);
    if (result.system.system_key === KASUS_SYSTEM_KEY) this.kasusMode.set(next.status === 'read_only' ? 'read_only' : 'read_write');
    await this.audit.record(ctx, {
      action: 'system.status',
      outcome: 'success',
      objectType: 'system',
      objectId: id,
      details: {
        from: result.system.status,
        to: next.status,
        message: next.message,
        startedAt: next.startedAt,
        expectedEnd: next.expectedEnd,
        noticeId: result.notice?.id ?? null,
      },
    });
    return this.views.view(id);
  }

  async history(ctx: RequestContext, id: string, page: number, pageSize: number): Promise<{ items: StatusChangeView[]; total: number }> {
    this.access.authenticated(ctx);
    if (!(await this.repository.find(id))) throw new AppError('not_found', SYSTEM_NOT_FOUND);
    const { items, total } = await this.repository.history(id, page, pageSize);
    return { items: items.map(toStatusChangeView), total };
  }

  /** Writes a status change, its history entry and its notice, inside the status lock. */
  async applyStatus(
    tx: StatusTransaction,
    systems: SystemRow[],
    system: SystemRow,
    next: { status: SystemStatus; message: string | null; startedAt: string; expectedEnd: string | null; source: StatusSource; setBy: string | null },
  ): Promise<AppliedStatus> {
    const now = this.clock.now().toISOString();
    const graph = buildGraph(systems, await tx.dependencies());
    const open = await tx.openOutages();
    const plan = planNotice(
      graph,
      { systemId: system.id, from: system.status as SystemStatus, to: next.status, source: next.source },
      open.map((n) => ({ id: n.id, systemId: n.system_id, source: n.source as StatusSource })),
    );
    await tx.setStatus(system.id, {
      status: next.status,
      status_message: next.message,
      status_started_at: next.startedAt,
      status_expected_end: next.expectedEnd,
      status_source: next.source,
      status_set_by: next.setBy,
      updated_at: now,
    });
    const historySeq = await tx.insertHistory({
      id: randomUUID(),
      system_id: system.id,
      status: next.status,
      previous_status: system.status,
      message: next.message,
      started_at: next.startedAt,
      expected_end: next.expectedEnd,
      source: next.source,
      set_by: next.setBy,
      recorded_at: now,
    });
    let notice: NoticeRow | null = null;
    let noticeSeq = 0;
    if (plan.publish) {
      const used = departmentsOf(await tx.systemDepartments(), [system.id, ...plan.publish.affected]);
      // A system no department is registered for (the EHR, the network) concerns every department.
      const departments = used.length > 0 ? used : await tx.departmentIds();
      notice = {
        id: randomUUID(),
        seq: 0,
        kind: plan.publish.kind,
        system_id: system.id,
        status: next.status,
        message: next.message ?? (next.status === 'operational' ? `${system.name} är i drift igen.` : `${system.name}: ${STATUS_LABELS[next.status]}.`),
        started_at: next.startedAt,
        expected_end: next.expectedEnd,
        affected: JSON.stringify(plan.publish.affected),
        source: next.source,
        created_by: next.setBy,
        created_at: now,
        outage_id: plan.publish.outageId,
        closed_at: null,
        merged_into: null,
        department_ids: JSON.stringify(departments),
      };
      const { seq: _seq, ...row } = notice;
      noticeSeq = await tx.insertNotice(row);
      await this.noticeWritten(tx, row);
    }
    const merged = new Set(plan.merge);
    await tx.closeNotices(plan.close.filter((id) => !merged.has(id)), now, null);
    await tx.closeNotices(plan.merge, now, notice?.id ?? null);
    return { notice, historySeq, noticeSeq, systemId: system.id, status: next.status };
  }

  /** Tells the event bus what a committed status change wrote. */
  publishApplied(applied: AppliedStatus): void {
    this.events.publish({ type: 'status', seq: applied.historySeq, systemId: applied.systemId, status: applied.status });
    if (applied.notice) this.events.publish({ type: 'notice', seq: applied.noticeSeq, noticeId: applied.notice.id });
  }

  private checkStatusInput(input: StatusInput): { status: SystemStatus; message: string | null; startedAt: string; expectedEnd: string | null } {
    if (!isSystemStatus(input.status)) {
      throw new AppError('validation_failed', `Okänd status "${input.status}". Välj operational, degraded, read_only, down eller maintenance (status).`, { field: 'status' });
    }
    const status = input.status;
    const message = blankToNull(input.message);
    if (!message && status !== 'operational') {
      throw new AppError('validation_failed', 'Skriv ett meddelande till personalen: vad som händer och vad de ska göra (message).', { field: 'message' });
    }
    const now = this.clock.now();
    const startedAt = input.startedAt ?? now.toISOString();
    if (input.expectedEnd != null && input.expectedDurationMinutes !== undefined) {
      throw new AppError('validation_failed', 'Ange antingen förväntat slut (expectedEnd) eller förväntad längd (expectedDurationMinutes), inte båda.', { field: 'expectedEnd' });
    }
    let expectedEnd = input.expectedEnd ?? null;
    if (input.expectedDurationMinutes !== undefined) expectedEnd = new Date(Date.parse(startedAt) + input.expectedDurationMinutes * 60_000).toISOString();
    if (expectedEnd !== null && status === 'operational') {
      throw new AppError('validation_failed', 'Ett system i drift har inget förväntat slut; ta bort expectedEnd.', { field: 'expectedEnd' });
    }
    if (expectedEnd !== null && Date.parse(expectedEnd) <= Date.parse(startedAt)) {
      throw new AppError('validation_failed', 'Förväntat slut ska ligga efter starten (expectedEnd).', { field: 'expectedEnd' });
    }
    return { status, message, startedAt, expectedEnd };
  }
}
