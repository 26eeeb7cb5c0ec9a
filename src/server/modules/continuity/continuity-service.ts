import { systemClock, type Clock } from '../../clock.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { ContinuityRepository } from './continuity-repository.js';
import { ContinuityEvents } from './continuity-events.js';
import {
  SystemViews,
  type KasusMode,
  type ManualNoticeInput,
  type NoticeView,
  type ProbeInput,
  type ProbeRun,
  type StatusChangeView,
  type StatusInput,
  type SystemInput,
  type SystemUpdate,
  type SystemView,
} from './continuity-views.js';
import { KasusModeState } from './kasus-mode.js';
import { NoticeService } from './notice-service.js';
import { ProbeService } from './probe-service.js';
import { StatusService, type NoticeWriter } from './status-service.js';
import { SystemRegistryService } from './system-registry-service.js';

export {
  KASUS_SYSTEM_KEY,
  type KasusMode,
  type ManualNoticeInput,
  type NoticeView,
  type ProbeInput,
  type ProbeRun,
  type ProbeView,
  type StatusChangeView,
  type StatusInput,
  type SystemInput,
  type SystemRef,
  type SystemUpdate,
  type SystemView,
} from './continuity-views.js';
export type { NoticeWriter } from './status-service.js';

/**
 * The continuity services (C1, C2, C4) put together, one per responsibility:
 * - `registry`: the systems registry (systems, dependencies, departments; system-registry-service.ts),
 * - `statuses`: status changes with history and the notices the dependency graph decides (status-service.ts),
 * - `notices`: notices written by hand and read (notice-service.ts),
 * - `probes`: health probes and their runs (probe-service.ts),
 * - `kasusMode`: Kasus's own read-only mode (kasus-mode.ts).
 * The methods below only pass on to them, for the modules and start-up code that need one name.
 */
export class ContinuityService {
  readonly kasusMode: KasusModeState;
  readonly registry: SystemRegistryService;
  readonly statuses: StatusService;
  readonly noticeService: NoticeService;
  readonly probes: ProbeService;

  constructor(
    repository: ContinuityRepository,
    access: Access,
    audit: AuditLog,
    clock: Clock = systemClock,
    /** Notices and status changes, published after they are committed (C4). */
    readonly events: ContinuityEvents = new ContinuityEvents(),
  ) {
    const views = new SystemViews(repository);
    this.kasusMode = new KasusModeState(repository, events);
    this.registry = new SystemRegistryService(repository, access, audit, views, clock);
    this.statuses = new StatusService(repository, access, audit, views, this.kasusMode, events, clock);
    this.noticeService = new NoticeService(repository, access, audit, this.statuses, events, clock);
    this.probes = new ProbeService(repository, access, audit, views, this.statuses, this.kasusMode, clock);
  }

  mode(): KasusMode {
    return this.kasusMode.mode();
  }

  refreshMode(): Promise<KasusMode> {
    return this.kasusMode.refreshMode();
  }

  onNoticeWritten(writer: NoticeWriter): () => void {
    return this.statuses.onNoticeWritten(writer);
  }

  onProbesChanged(listener: () => void): () => void {
    return this.probes.onProbesChanged(listener);
  }

  list(ctx: RequestContext): Promise<SystemView[]> {
    return this.registry.list(ctx);
  }

  get(ctx: RequestContext, id: string): Promise<SystemView> {
    return this.registry.get(ctx, id);
  }

  create(ctx: RequestContext, input: SystemInput): Promise<SystemView> {
    return this.registry.create(ctx, input);
  }

  createTrusted(ctx: RequestContext, input: SystemInput, options: { key?: string; userId?: string | null } = {}): Promise<SystemView> {
    return this.registry.createTrusted(ctx, input, options);
  }

  ensureKasusSystem(): Promise<SystemView> {
    return this.registry.ensureKasusSystem();
  }

  update(ctx: RequestContext, id: string, input: SystemUpdate): Promise<SystemView> {
    return this.registry.update(ctx, id, input);
  }

  updateTrusted(ctx: RequestContext, id: string, input: SystemUpdate): Promise<SystemView> {
    return this.registry.updateTrusted(ctx, id, input);
  }

  setStatus(ctx: RequestContext, id: string, input: StatusInput): Promise<SystemView> {
    return this.statuses.setStatus(ctx, id, input);
  }

  history(ctx: RequestContext, id: string, page: number, pageSize: number): Promise<{ items: StatusChangeView[]; total: number }> {
    return this.statuses.history(ctx, id, page, pageSize);
  }

  notices(ctx: RequestContext, filter: { systemId?: string; open?: boolean }, page: number, pageSize: number): Promise<{ items: NoticeView[]; total: number }> {
    return this.noticeService.notices(ctx, filter, page, pageSize);
  }

  createNotice(ctx: RequestContext, input: ManualNoticeInput): Promise<NoticeView> {
    return this.noticeService.createNotice(ctx, input);
  }

  noticeView(id: string): Promise<NoticeView> {
    return this.noticeService.noticeView(id);
  }

  noticesAfter(ctx: RequestContext, seq: number): Promise<NoticeView[]> {
    return this.noticeService.noticesAfter(ctx, seq);
  }

  latestNoticeSeq(): Promise<number> {
    return this.noticeService.latestNoticeSeq();
  }

  startEventPolling(intervalMs: number, onError?: (error: unknown) => void): ContinuityEvents {
    return this.noticeService.startEventPolling(intervalMs, onError);
  }

  setProbe(ctx: RequestContext, id: string, input: ProbeInput): Promise<SystemView> {
    return this.probes.setProbe(ctx, id, input);
  }

  removeProbe(ctx: RequestContext, id: string): Promise<SystemView> {
    return this.probes.removeProbe(ctx, id);
  }

  probeSchedule(): Promise<{ systemId: string; intervalSeconds: number }[]> {
    return this.probes.probeSchedule();
  }

  runProbe(systemId: string, signal?: AbortSignal): Promise<ProbeRun | null> {
    return this.probes.runProbe(systemId, signal);
  }
}
