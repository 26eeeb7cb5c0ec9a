import { AppError } from '../../http/errors.js';
import type {
  ContinuityRepository,
  DependencyRow,
  NoticeWithName,
  ProbeRow,
  StatusChangeWithName,
  SystemDepartmentRow,
  SystemRow,
  SystemWithName,
} from './continuity-repository.js';
import type { ProbeResult } from './probe-check.js';
import type { ProbeKind } from './probe-state.js';
import { affectedBy, graphOf, type NoticeKind, type StatusSource, type SystemGraph, type SystemStatus } from './status-graph.js';

/*
 * What the continuity services share: the shapes the API shows (systems, status changes, notices,
 * probes) and the inputs it takes, the mapping from rows to views, and the system graph in name order.
 */

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

export const SYSTEM_NOT_FOUND = 'Systemet finns inte i registret.';

export const toProbeView = (row: ProbeRow): ProbeView => ({
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
export const byName = <T extends { name: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.name.localeCompare(b.name, 'sv'));

/** The graph in name order, so that lists of dependants come out nearest first, then by name. */
export function buildGraph(systems: readonly SystemRow[], dependencies: readonly DependencyRow[]): SystemGraph {
  const names = new Map(systems.map((s) => [s.id, s.name]));
  const dependsOn = new Map<string, string[]>();
  for (const d of dependencies) dependsOn.set(d.system_id, [...(dependsOn.get(d.system_id) ?? []), d.depends_on_id]);
  const ordered = (ids: string[]) => ids.sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b, 'sv'));
  return graphOf(byName(systems).map((s) => ({ id: s.id, name: s.name, status: s.status as SystemStatus, dependsOn: ordered(dependsOn.get(s.id) ?? []) })));
}

/** The departments using any of these systems, without repeats. */
export function departmentsOf(rows: readonly SystemDepartmentRow[], systemIds: readonly string[]): string[] {
  const wanted = new Set(systemIds);
  return [...new Set(rows.filter((r) => wanted.has(r.system_id)).map((r) => r.department_id))].sort();
}

export function toSystemView(row: SystemWithName, graph: SystemGraph, probe: ProbeRow | undefined, departmentIds: string[]): SystemView {
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

export const toStatusChangeView = (row: StatusChangeWithName): StatusChangeView => ({
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

export function toNoticeView(row: NoticeWithName, names: Map<string, string>, departmentNames: Map<string, string>): NoticeView {
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


/** Refuses departments that do not exist (departmentIds). */
export async function checkDepartments(repository: ContinuityRepository, ids: string[]): Promise<string[]> {
  const existing = await repository.existingDepartmentIds(ids);
  const missing = ids.filter((id) => !existing.has(id));
  if (missing.length > 0) {
    throw new AppError('validation_failed', `Avdelningen ${missing.join(', ')} finns inte (departmentIds).`, { field: 'departmentIds' });
  }
  return ids;
}

/** The systems as the API shows them: status, what they depend on, what affects them, their probe. */
export class SystemViews {
  constructor(private readonly repository: ContinuityRepository) {}

  async views(): Promise<SystemView[]> {
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

  async view(id: string): Promise<SystemView> {
    const view = (await this.views()).find((s) => s.id === id);
    if (!view) throw new AppError('not_found', SYSTEM_NOT_FOUND);
    return view;
  }
}
