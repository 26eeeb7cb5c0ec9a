import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { ContinuityRepository } from './continuity-repository.js';
import { KASUS_SYSTEM_KEY, SYSTEM_NOT_FOUND, type ProbeInput, type ProbeRun, type SystemView, type SystemViews } from './continuity-views.js';
import type { KasusModeState } from './kasus-mode.js';
import { runCheck } from './probe-check.js';
import { countProbeResult, probeTargetError, type ProbeKind } from './probe-state.js';
import type { StatusService } from './status-service.js';
import type { StatusSource, SystemStatus } from './status-graph.js';

/**
 * Health probes (C2): adding, changing and removing a system's probe, the schedule the scheduler
 * runs, and one run: its result counted in the probe's state, and the status set after enough
 * failures or successes in a row.
 */
export class ProbeService {
  private readonly probeListeners = new Set<() => void>();

  constructor(
    private readonly repository: ContinuityRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly views: SystemViews,
    private readonly status: StatusService,
    private readonly kasusMode: KasusModeState,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Called when a probe is added, changed or removed on this node (the scheduler listens). */
  onProbesChanged(listener: () => void): () => void {
    this.probeListeners.add(listener);
    return () => this.probeListeners.delete(listener);
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
    return this.views.view(id);
  }

  async removeProbe(ctx: RequestContext, id: string): Promise<SystemView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'system.probe_remove', objectType: 'system', objectId: id, disclose: true });
    if (!(await this.repository.find(id))) throw new AppError('not_found', SYSTEM_NOT_FOUND);
    if (!(await this.repository.deleteProbe(id))) throw new AppError('not_found', 'Systemet har ingen hälsokontroll.');
    await this.audit.record(ctx, { action: 'system.probe_remove', outcome: 'success', objectType: 'system', objectId: id });
    this.probesChanged();
    return this.views.view(id);
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
      const applied = await this.status.applyStatus(tx, systems, system, {
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
      this.status.publishApplied(outcome);
      if (outcome.system.system_key === KASUS_SYSTEM_KEY) this.kasusMode.set('read_write');
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

  private probesChanged(): void {
    for (const listener of this.probeListeners) listener();
  }
}
