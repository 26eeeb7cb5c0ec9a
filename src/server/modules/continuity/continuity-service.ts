import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import {
  isUniqueViolation,
  type ContinuityRepository,
  type DependencyRow,
  type SystemDepartmentRow,
  type NoticeRow,
  type NoticeWithName,
  type ProbeRow,
  type StatusChangeWithName,
  type StatusTransaction,
  type SystemRow,
  type SystemWithName,
} from './continuity-repository.js';
import { ContinuityEvents } from './continuity-events.js';
import { runCheck, type ProbeResult } from './probe-check.js';
import { countProbeResult, probeTargetError, type ProbeKind } from './probe-state.js';
import {
  affectedBy,
  dependantsOf,
  findCycle,
  graphOf,
  isSystemStatus,
  planNotice,
  STATUS_LABELS,
  type NoticeKind,
  type StatusSource,
  type SystemGraph,
  type SystemStatus,
} from './status-graph.js';

/** The key of Kasus's own row in the systems registry. */
export const KASUS_SYSTEM_KEY = 'kasus';

export type KasusMode = 'read_write' | 'read_only';

export interface SystemRef {
  id: string;
  name: string;
}

export interface ProbeView {
  kind: ProbeKind;
  target: string;
  intervalSeconds: number;
  failuresBeforeDown: number;
  successesBeforeUp: number;
  enabled: boolean;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  lastCheckedAt: string | null;
  lastOk: boolean | null;
  lastError: string | null;
}

export interface SystemView {
  id: string;
  /** Kasus itself (its status `read_only` puts Kasus in read-only mode). */
  isKasus: boolean;
  name: string;
  description: string | null;
  vendor: string | null;
  criticality: number;
  owner: string | null;
  serviceDeskContact: string | null;
  dependsOn: string[];
  /** The departments that use the system: its notices go to them. */
  departmentIds: string[];
  status: SystemStatus;
  message: string | null;
  startedAt: string;
  expectedEnd: string | null;
  source: StatusSource;
  setBy: string | null;
  setByName: string | null;
  /** Something this system depends on, directly or not, is not operational. */
  affected: boolean;
  /** Those systems, nearest first. */
  affectedBy: (SystemRef & { status: SystemStatus })[];
  probe: ProbeView | null;
  createdAt: string;
  updatedAt: string;
}

export interface StatusChangeView {
  id: string;
  status: SystemStatus;
  previousStatus: SystemStatus | null;
  message: string | null;
  startedAt: string;
  expectedEnd: string | null;
  source: StatusSource;
  setBy: string | null;
  setByName: string | null;
  recordedAt: string;
}

export interface NoticeView {
  id: string;
  /** Orders notices; the event id of the event stream. */
  seq: number;
  kind: NoticeKind;
  system: SystemRef;
  status: SystemStatus;
  message: string | null;
  startedAt: string;
  expectedEnd: string | null;
  /** The systems that depend on this one, directly or not, nearest first. */
  affected: SystemRef[];
  source: StatusSource;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  outageId: string | null;
  closedAt: string | null;
  mergedInto: string | null;
  /** The departments the notice concerns (those using the system or a system affected). */
  departments: SystemRef[];
}

/** A notice written by a duty officer (C4): every field is required, the expected duration except for a recovery. */
export interface ManualNoticeInput {
  kind?: 'outage' | 'update' | 'recovery';
  systemId?: string;
  departmentIds?: string[];
  startedAt?: string;
  expectedDurationMinutes?: number;
  reason?: string;
}

export interface SystemInput {
  name: string;
  description?: string | null;
  vendor?: string | null;
  criticality: number;
  owner?: string | null;
  serviceDeskContact?: string | null;
  dependsOn?: string[];
  departmentIds?: string[];
}

export type SystemUpdate = Partial<SystemInput>;

export interface StatusInput {
  status: string;
  message: string;
  /** When the status began; now when not given. */
  startedAt?: string;
  expectedEnd?: string | null;
  /** Instead of expectedEnd: how long it is expected to last from the start. */
  expectedDurationMinutes?: number;
}

export interface ProbeInput {
  kind: ProbeKind;
  target: string;
  intervalSeconds: number;
  failuresBeforeDown: number;
  successesBeforeUp: number;
  enabled?: boolean;
}

/** What one probe run found and did. */
export interface ProbeRun extends ProbeResult {
  change: SystemStatus | null;
}

const blankToNull = (text: string | null | undefined) => {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
};

const SYSTEM_NOT_FOUND = 'Systemet finns inte i registret.';

const toProbeView = (row: ProbeRow): ProbeView => ({
  kind: row.kind as ProbeKind,
  target: row.target,
  intervalSeconds: Number(row.interval_seconds),
  failuresBeforeDown: Number(row.failures_before_down),
  successesBeforeUp: Number(row.successes_before_up),
  enabled: Number(row.enabled) === 1,
  consecutiveFailures: Number(row.consecutive_failures),
  consecutiveSuccesses: Number(row.consecutive_successes),
  lastCheckedAt: row.last_checked_at,
  lastOk: row.last_ok === null ? null : Number(row.last_ok) === 1,
  lastError: row.last_error,
});

/** Systems in Swedish name order, the same on both databases (their collations differ). */
const byName = <T extends { name: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.name.localeCompare(b.name, 'sv'));

/** The graph in name order, so that lists of dependants come out nearest first, then by name. */
function buildGraph(systems: readonly SystemRow[], dependencies: readonly DependencyRow[]): SystemGraph {
  const names = new Map(systems.map((s) => [s.id, s.name]));
  const dependsOn = new Map<string, string[]>();
  for (const d of dependencies) dependsOn.set(d.system_id, [...(dependsOn.get(d.system_id) ?? []), d.depends_on_id]);
  const ordered = (ids: string[]) => ids.sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b, 'sv'));
  return graphOf(byName(systems).map((s) => ({ id: s.id, name: s.name, status: s.status as SystemStatus, dependsOn: ordered(dependsOn.get(s.id) ?? []) })));
}

/** Runs inside the transaction that writes a notice (see ContinuityService.onNoticeWritten). */
export type NoticeWriter = (tx: StatusTransaction, notice: { id: string; departmentIds: string[] }) => Promise<void>;

/**
 * The systems registry (C1) and their statuses (C2): status changes with history, propagation to
 * dependants, one notice per upstream outage, health probes, and Kasus's own read-only mode.
 */
export class ContinuityService {
  private kasusMode: KasusMode = 'read_write';
  private readonly probeListeners = new Set<() => void>();
  private readonly noticeWriters = new Set<NoticeWriter>();

  constructor(
    private readonly repository: ContinuityRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
    /** Notices and status changes, published after they are committed (C4). */
    readonly events: ContinuityEvents = new ContinuityEvents(),
  ) {
    // Another node's status change may have set Kasus read-only (or back): read the mode at once,
    // not only at the next refresh.
    events.subscribe((event, origin) => {
      if (event.type === 'status' && origin === 'remote') void this.refreshMode().catch(() => {});
    });
  }

  /** Kasus's mode, from memory: costs nothing per request. */
  mode(): KasusMode {
    return this.kasusMode;
  }

  /** Reads Kasus's status again (at start, and now and then for changes made on other nodes). */
  async refreshMode(): Promise<KasusMode> {
    this.kasusMode = (await this.repository.statusByKey(KASUS_SYSTEM_KEY)) === 'read_only' ? 'read_only' : 'read_write';
    return this.kasusMode;
  }

  /**
   * Work that must commit with every notice written (the deliveries to the departments'
   * subscriptions): it runs inside the notice's transaction, so a notice is never stored without
   * its deliveries, nor a delivery without its notice.
   */
  onNoticeWritten(writer: NoticeWriter): () => void {
    this.noticeWriters.add(writer);
    return () => this.noticeWriters.delete(writer);
  }

  private async noticeWritten(tx: StatusTransaction, notice: Omit<NoticeRow, 'seq'>): Promise<void> {
    for (const writer of this.noticeWriters) await writer(tx, { id: notice.id, departmentIds: JSON.parse(notice.department_ids) as string[] });
  }

  /** Called when a probe is added, changed or removed on this node (the scheduler listens). */
  onProbesChanged(listener: () => void): () => void {
    this.probeListeners.add(listener);
    return () => this.probeListeners.delete(listener);
  }

  /** Every logged-in user may see the systems and their statuses. */
  async list(ctx: RequestContext): Promise<SystemView[]> {
    this.access.authenticated(ctx);
    return this.views();
  }

  async get(ctx: RequestContext, id: string): Promise<SystemView> {
    this.access.authenticated(ctx);
    return this.view(id);
  }

  async create(ctx: RequestContext, input: SystemInput): Promise<SystemView> {
    const actor = await this.access.require(ctx, { right: 'continuity.manage', action: 'system.create', objectType: 'system', disclose: true });
    return this.createTrusted(ctx, input, { userId: actor.userId });
  }

  /** Registers a system without a rights check: for start-up and demo data. */
  async createTrusted(ctx: RequestContext, input: SystemInput, options: { key?: string; userId?: string | null } = {}): Promise<SystemView> {
    const name = input.name.trim();
    const dependsOn = await this.checkDependencies([...new Set(input.dependsOn ?? [])]);
    const departmentIds = await this.checkDepartments([...new Set(input.departmentIds ?? [])]);
    if (await this.repository.findByName(name)) throw this.nameTaken(name);
    const now = this.clock.now().toISOString();
    const row: SystemRow = {
      id: randomUUID(),
      system_key: options.key ?? null,
      name,
      description: blankToNull(input.description),
      vendor: blankToNull(input.vendor),
      criticality: this.checkCriticality(input.criticality),
      owner: blankToNull(input.owner),
      service_desk_contact: blankToNull(input.serviceDeskContact),
      status: 'operational',
      status_message: null,
      status_started_at: now,
      status_expected_end: null,
      status_source: 'initial',
      status_set_by: options.userId ?? null,
      created_at: now,
      updated_at: now,
    };
    try {
      // A new system has no dependants yet, so its dependencies cannot close a cycle.
      await this.repository.withStatusLock(async (tx) => {
        await tx.insertSystem(row, dependsOn, departmentIds);
        await tx.insertHistory({
          id: randomUUID(),
          system_id: row.id,
          status: row.status,
          previous_status: null,
          message: null,
          started_at: now,
          expected_end: null,
          source: 'initial',
          set_by: row.status_set_by,
          recorded_at: now,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw this.nameTaken(name);
      throw error;
    }
    await this.audit.record(ctx, {
      action: 'system.create',
      outcome: 'success',
      objectType: 'system',
      objectId: row.id,
      details: { name, criticality: row.criticality, dependsOn, departmentIds, key: row.system_key },
    });
    return this.view(row.id);
  }

  /** Kasus's own row, created at start when missing. */
  async ensureKasusSystem(): Promise<SystemView> {
    const existing = await this.repository.findByKey(KASUS_SYSTEM_KEY);
    if (existing) return this.view(existing.id);
    const name = (await this.repository.findByName('Kasus')) ? 'Kasus (mediearkiv)' : 'Kasus';
    return this.createTrusted(
      { actor: null, clientIp: null, requestId: 'bootstrap' },
      {
        name,
        description:
          'Kliniskt mediearkiv: foton, film och ljud i patientärenden. I läsläge går allt att läsa, men inget nytt kan sparas; fotografera då till ett minneskort per patient och importera efteråt.',
        criticality: 2,
      },
      { key: KASUS_SYSTEM_KEY },
    );
  }

  async update(ctx: RequestContext, id: string, input: SystemUpdate): Promise<SystemView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'system.update', objectType: 'system', objectId: id, disclose: true });
    return this.updateTrusted(ctx, id, input);
  }

  /** Changes a system without a rights check: for start-up and demo data. */
  async updateTrusted(ctx: RequestContext, id: string, input: SystemUpdate): Promise<SystemView> {
    if (!(await this.repository.find(id))) throw new AppError('not_found', SYSTEM_NOT_FOUND);
    const name = input.name?.trim();
    if (name !== undefined) {
      const other = await this.repository.findByName(name);
      if (other && other.id !== id) throw this.nameTaken(name);
    }
    const dependsOn = input.dependsOn !== undefined ? await this.checkDependencies([...new Set(input.dependsOn)]) : undefined;
    const departmentIds = input.departmentIds !== undefined ? await this.checkDepartments([...new Set(input.departmentIds)]) : undefined;
    const changes = {
      ...(name !== undefined ? { name } : {}),
      ...(input.description !== undefined ? { description: blankToNull(input.description) } : {}),
      ...(input.vendor !== undefined ? { vendor: blankToNull(input.vendor) } : {}),
      ...(input.criticality !== undefined ? { criticality: this.checkCriticality(input.criticality) } : {}),
      ...(input.owner !== undefined ? { owner: blankToNull(input.owner) } : {}),
      ...(input.serviceDeskContact !== undefined ? { service_desk_contact: blankToNull(input.serviceDeskContact) } : {}),
      updated_at: this.clock.now().toISOString(),
    };
    try {
      await this.repository.withStatusLock(async (tx) => {
        if (dependsOn !== undefined) {
          const graph = buildGraph(await tx.systems(), await tx.dependencies());
          const cycle = findCycle(graph, id, dependsOn);
          if (cycle) throw this.cycleError(graph, cycle);
        }
        await tx.updateSystem(id, changes, dependsOn);
        if (departmentIds !== undefined) await tx.replaceDepartments(id, departmentIds);
      });
    } catch (error) {
      if (isUniqueViolation(error) && name !== undefined) throw this.nameTaken(name);
      throw error;
    }
    await this.audit.record(ctx, {
      action: 'system.update',
      outcome: 'success',
      objectType: 'system',
      objectId: id,
      details: { ...input, ...(dependsOn !== undefined ? { dependsOn } : {}) },
    });
    return this.view(id);
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
    if (result.system.system_key === KASUS_SYSTEM_KEY) this.kasusMode = next.status === 'read_only' ? 'read_only' : 'read_write';
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
    return this.view(id);
  }

  async history(ctx: RequestContext, id: string, page: number, pageSize: number): Promise<{ items: StatusChangeView[]; total: number }> {
    this.access.authenticated(ctx);
    if (!(await this.repository.find(id))) throw new AppError('not_found', SYSTEM_NOT_FOUND);
    const { items, total } = await this.repository.history(id, page, pageSize);
    return { items: items.map(toStatusChangeView), total };
  }

  /** Notices, newest first. */
  async notices(ctx: RequestContext, filter: { systemId?: string; open?: boolean }, page: number, pageSize: number): Promise<{ items: NoticeView[]; total: number }> {
    this.access.authenticated(ctx);
    const [{ items, total }, systems, departments] = await Promise.all([this.repository.notices(filter, page, pageSize), this.repository.systems(), this.repository.departmentNames()]);
    const names = new Map(systems.map((s) => [s.id, s.name]));
    return { items: items.map((row) => toNoticeView(row, names, departments)), total };
  }

  /** Adds or changes a system's health probe; its counts start again. */
  async setProbe(ctx: RequestContext, id: string, input: ProbeInput): Promise<SystemView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'system.probe', objectType: 'system', objectId: id, disclose: true });
    if (!(await this.repository.find(id))) throw new AppError('not_found', SYSTEM_NOT_FOUND);
    const target = input.target.trim();
    const problem = probeTargetError(input.kind, target);
    if (problem) throw new AppError('validation_failed', problem, { field: 'target' });
    const now = this.clock.now().toISOString();
    const existing = await this.repository.probe(id);
    await this.repository.upsertProbe({
      system_id: id,
      kind: input.kind,
      target,
      interval_seconds: input.intervalSeconds,
      failures_before_down: input.failuresBeforeDown,
      successes_before_up: input.successesBeforeUp,
      enabled: input.enabled === false ? 0 : 1,
      consecutive_failures: 0,
      consecutive_successes: 0,
      last_checked_at: existing?.last_checked_at ?? null,
      last_ok: existing?.last_ok ?? null,
      last_error: existing?.last_error ?? null,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    });
    await this.audit.record(ctx, { action: 'system.probe', outcome: 'success', objectType: 'system', objectId: id, details: { ...input, target } });
    this.probesChanged();
    return this.view(id);
  }

  async removeProbe(ctx: RequestContext, id: string): Promise<SystemView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'system.probe_remove', objectType: 'system', objectId: id, disclose: true });
    if (!(await this.repository.find(id))) throw new AppError('not_found', SYSTEM_NOT_FOUND);
    if (!(await this.repository.deleteProbe(id))) throw new AppError('not_found', 'Systemet har ingen hälsokontroll.');
    await this.audit.record(ctx, { action: 'system.probe_remove', outcome: 'success', objectType: 'system', objectId: id });
    this.probesChanged();
    return this.view(id);
  }

  /** The enabled probes and how often they run, for the scheduler. */
  async probeSchedule(): Promise<{ systemId: string; intervalSeconds: number }[]> {
    const probes = await this.repository.probes();
    return probes.filter((p) => Number(p.enabled) === 1).map((p) => ({ systemId: p.system_id, intervalSeconds: Number(p.interval_seconds) }));
  }

  /**
   * Runs a system's probe once and counts the result (enabled or not); after enough failures or
   * successes in a row the probe sets the status, with history (source `probe`) and notice.
   * Null when the system has no probe, or when the run was aborted (the server is stopping).
   */
  async runProbe(systemId: string, signal?: AbortSignal): Promise<ProbeRun | null> {
    const probe = await this.repository.probe(systemId);
    if (!probe) return null;
    const timeoutMs = Math.min(Number(probe.interval_seconds) * 1000, 10_000);
    const result = await runCheck(probe.kind as ProbeKind, probe.target, timeoutMs, signal);
    if (signal?.aborted) return null;
    const outcome = await this.repository.withStatusLock(async (tx) => {
      const current = await tx.probe(systemId);
      if (!current) return null;
      const systems = await tx.systems();
      const system = systems.find((s) => s.id === systemId);
      if (!system) return null;
      const step = countProbeResult(
        { consecutiveFailures: Number(current.consecutive_failures), consecutiveSuccesses: Number(current.consecutive_successes) },
        result.ok,
        { failuresBeforeDown: Number(current.failures_before_down), successesBeforeUp: Number(current.successes_before_up) },
        { status: system.status as SystemStatus, source: system.status_source as StatusSource },
      );
      const now = this.clock.now().toISOString();
      await tx.updateProbe(systemId, {
        consecutive_failures: step.counters.consecutiveFailures,
        consecutive_successes: step.counters.consecutiveSuccesses,
        last_checked_at: now,
        last_ok: result.ok ? 1 : 0,
        last_error: result.error,
      });
      if (!step.change) return { system, change: null, notice: null, historySeq: 0, noticeSeq: 0 };
      const check = `${current.kind.toUpperCase()} ${current.target}`;
      const message =
        step.change === 'down'
          ? `Hälsokontrollen (${check}) misslyckades ${step.counters.consecutiveFailures} gånger i rad: ${result.error ?? 'okänt fel'}.`
          : `Hälsokontrollen (${check}) lyckades ${step.counters.consecutiveSuccesses} gånger i rad; systemet svarar igen.`;
      const applied = await this.applyStatus(tx, systems, system, {
        status: step.change,
        message,
        startedAt: now,
        expectedEnd: null,
        source: 'probe',
        setBy: null,
      });
      return { system, change: step.change, ...applied };
    });
    if (!outcome) return null;
    if (outcome.change) {
      this.publishApplied(outcome);
      if (outcome.system.system_key === KASUS_SYSTEM_KEY) this.kasusMode = 'read_write';
      await this.audit.record(null, {
        action: 'system.status',
        outcome: 'success',
        objectType: 'system',
        objectId: systemId,
        details: { source: 'probe', from: outcome.system.status, to: outcome.change, error: result.error, noticeId: outcome.notice?.id ?? null },
      });
    }
    return { ...result, change: outcome.change };
  }

  /** Writes a status change, its history entry and its notice, inside the status lock. */
  private async applyStatus(
    tx: StatusTransaction,
    systems: SystemRow[],
    system: SystemRow,
    next: { status: SystemStatus; message: string | null; startedAt: string; expectedEnd: string | null; source: StatusSource; setBy: string | null },
  ): Promise<{ notice: NoticeRow | null; historySeq: number; noticeSeq: number; systemId: string; status: SystemStatus }> {
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
  private publishApplied(applied: { notice: NoticeRow | null; historySeq: number; noticeSeq: number; systemId: string; status: SystemStatus }): void {
    this.events.publish({ type: 'status', seq: applied.historySeq, systemId: applied.systemId, status: applied.status });
    if (applied.notice) this.events.publish({ type: 'notice', seq: applied.noticeSeq, noticeId: applied.notice.id });
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
    const departmentIds = await this.checkDepartments([...new Set(input.departmentIds)]);
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
      await this.noticeWritten(tx, row);
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

  private checkCriticality(value: number): number {
    if (!Number.isInteger(value) || value < 1 || value > 3) {
      throw new AppError('validation_failed', 'Kritikalitet ska vara 1 (högst), 2 eller 3 (criticality).', { field: 'criticality' });
    }
    return value;
  }

  private async checkDepartments(ids: string[]): Promise<string[]> {
    const existing = await this.repository.existingDepartmentIds(ids);
    const missing = ids.filter((id) => !existing.has(id));
    if (missing.length > 0) {
      throw new AppError('validation_failed', `Avdelningen ${missing.join(', ')} finns inte (departmentIds).`, { field: 'departmentIds' });
    }
    return ids;
  }

  private async checkDependencies(ids: string[]): Promise<string[]> {
    const existing = await this.repository.existingIds(ids);
    const missing = ids.filter((id) => !existing.has(id));
    if (missing.length > 0) {
      throw new AppError('validation_failed', `Beroendet ${missing.join(', ')} finns inte i systemregistret (dependsOn).`, { field: 'dependsOn' });
    }
    return ids;
  }

  private cycleError(graph: SystemGraph, cycle: string[]): AppError {
    if (cycle.length === 2) {
      return new AppError('validation_failed', 'Ett system kan inte bero på sig självt (dependsOn).', { field: 'dependsOn' });
    }
    const names = cycle.map((id) => graph.get(id)?.name ?? id).join(' → ');
    return new AppError('validation_failed', `Beroendena skulle bilda en cirkel: ${names}. Ta bort något av beroendena (dependsOn).`, { field: 'dependsOn' });
  }

  private nameTaken(name: string): AppError {
    return new AppError('conflict', `Det finns redan ett system som heter "${name}". Välj ett annat namn (name).`, { field: 'name' });
  }

  private probesChanged(): void {
    for (const listener of this.probeListeners) listener();
  }

  private async views(): Promise<SystemView[]> {
    const [systems, dependencies, probes, systemDepartments] = await Promise.all([
      this.repository.systems(),
      this.repository.dependencies(),
      this.repository.probes(),
      this.repository.systemDepartments(),
    ]);
    const graph = buildGraph(systems, dependencies);
    const probeBySystem = new Map(probes.map((p) => [p.system_id, p]));
    return byName(systems).map((row) => toSystemView(row, graph, probeBySystem.get(row.id), departmentsOf(systemDepartments, [row.id])));
  }

  private async view(id: string): Promise<SystemView> {
    const view = (await this.views()).find((s) => s.id === id);
    if (!view) throw new AppError('not_found', SYSTEM_NOT_FOUND);
    return view;
  }
}

/** The departments using any of these systems, without repeats. */
function departmentsOf(rows: readonly SystemDepartmentRow[], systemIds: readonly string[]): string[] {
  const wanted = new Set(systemIds);
  return [...new Set(rows.filter((r) => wanted.has(r.system_id)).map((r) => r.department_id))].sort();
}

function toSystemView(row: SystemWithName, graph: SystemGraph, probe: ProbeRow | undefined, departmentIds: string[]): SystemView {
  const upstream = affectedBy(graph, row.id).map((s) => ({ id: s.id, name: s.name, status: s.status }));
  return {
    id: row.id,
    isKasus: row.system_key === KASUS_SYSTEM_KEY,
    name: row.name,
    description: row.description,
    vendor: row.vendor,
    criticality: Number(row.criticality),
    owner: row.owner,
    serviceDeskContact: row.service_desk_contact,
    dependsOn: [...(graph.get(row.id)?.dependsOn ?? [])],
    departmentIds,
    status: row.status as SystemStatus,
    message: row.status_message,
    startedAt: row.status_started_at,
    expectedEnd: row.status_expected_end,
    source: row.status_source as StatusSource,
    setBy: row.status_set_by,
    setByName: row.status_set_by_name,
    affected: upstream.length > 0,
    affectedBy: upstream,
    probe: probe ? toProbeView(probe) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const toStatusChangeView = (row: StatusChangeWithName): StatusChangeView => ({
  id: row.id,
  status: row.status as SystemStatus,
  previousStatus: row.previous_status as SystemStatus | null,
  message: row.message,
  startedAt: row.started_at,
  expectedEnd: row.expected_end,
  source: row.source as StatusSource,
  setBy: row.set_by,
  setByName: row.set_by_name,
  recordedAt: row.recorded_at,
});

function toNoticeView(row: NoticeWithName, names: Map<string, string>, departmentNames: Map<string, string>): NoticeView {
  const affected = JSON.parse(row.affected) as string[];
  const departmentIds = JSON.parse(row.department_ids ?? '[]') as string[];
  return {
    id: row.id,
    seq: Number(row.seq),
    kind: row.kind as NoticeKind,
    system: { id: row.system_id, name: names.get(row.system_id) ?? row.system_id },
    status: row.status as SystemStatus,
    message: row.message,
    startedAt: row.started_at,
    expectedEnd: row.expected_end,
    affected: affected.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! })),
    source: row.source as StatusSource,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    outageId: row.outage_id,
    closedAt: row.closed_at,
    mergedInto: row.merged_into,
    departments: departmentIds.filter((id) => departmentNames.has(id)).map((id) => ({ id, name: departmentNames.get(id)! })),
  };
}
