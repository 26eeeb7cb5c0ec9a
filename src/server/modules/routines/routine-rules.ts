/**
 * The pure rules of downtime routines (C3): which scenarios are in force given the systems'
 * statuses, the validity of a routine version at an instant, and which reminders are due.
 */
import type { SystemStatus } from '../continuity/status-graph.js';

/** One clause of a scenario: the system has one of these statuses. */
export interface ScenarioClause {
  systemId: string;
  statuses: SystemStatus[];
  /**
   * Also true when a system this one depends on (directly or not) has one of the statuses: the
   * propagation of C2 (e.g. PACS gets no work lists while the order management system is down).
   */
  viaDependencies?: boolean;
}

/** A scenario's condition: any of the clauses, or all of them. */
export interface ScenarioCondition {
  match: 'any' | 'all';
  clauses: ScenarioClause[];
}

export interface ScenarioLike {
  id: string;
  name: string;
  /** Higher comes first; within the same priority, the more specific scenario first. */
  priority: number;
  condition: ScenarioCondition;
}

/** What scenario matching needs of a system: its status and the impaired systems upstream of it. */
export interface SystemState {
  id: string;
  name: string;
  status: SystemStatus;
  affectedBy: readonly { id: string; name: string; status: SystemStatus }[];
}

/** Why a clause holds: the system itself, or a system it depends on (`via`). */
export interface ClauseMatch {
  systemId: string;
  systemName: string;
  status: SystemStatus;
  via: { id: string; name: string } | null;
}

export interface ScenarioMatch<S extends ScenarioLike> {
  scenario: S;
  matchedBy: ClauseMatch[];
  /** How many systems the condition requires at once: all-of counts its clauses, any-of counts one. */
  specificity: number;
}

/** Whether the clause holds for the current statuses, and why. */
export function matchClause(clause: ScenarioClause, systems: ReadonlyMap<string, SystemState>): ClauseMatch | null {
  const system = systems.get(clause.systemId);
  if (!system) return null;
  if (clause.statuses.includes(system.status)) {
    return { systemId: system.id, systemName: system.name, status: system.status, via: null };
  }
  if (clause.viaDependencies) {
    const upstream = system.affectedBy.find((u) => clause.statuses.includes(u.status));
    if (upstream) return { systemId: system.id, systemName: system.name, status: upstream.status, via: { id: upstream.id, name: upstream.name } };
  }
  return null;
}

/**
 * The scenarios whose condition holds for the systems' current statuses, in the order staff should
 * see them: higher priority first, then the more specific (a total outage before "PACS down" when
 * both hold), then by name.
 */
export function scenariosInForce<S extends ScenarioLike>(scenarios: readonly S[], systems: readonly SystemState[]): ScenarioMatch<S>[] {
  const byId = new Map(systems.map((s) => [s.id, s]));
  const matches: ScenarioMatch<S>[] = [];
  for (const scenario of scenarios) {
    const { match, clauses } = scenario.condition;
    if (clauses.length === 0) continue;
    const results = clauses.map((c) => matchClause(c, byId));
    const held = results.filter((r): r is ClauseMatch => r !== null);
    const holds = match === 'all' ? held.length === clauses.length : held.length > 0;
    if (!holds) continue;
    matches.push({ scenario, matchedBy: held, specificity: match === 'all' ? clauses.length : 1 });
  }
  return matches.sort(
    (a, b) =>
      b.scenario.priority - a.scenario.priority ||
      b.specificity - a.specificity ||
      a.scenario.name.localeCompare(b.scenario.name, 'sv'),
  );
}

/** The systems a condition names (for checking that they exist). */
export const conditionSystemIds = (condition: ScenarioCondition): string[] => [...new Set(condition.clauses.map((c) => c.systemId))];

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The state of one routine version at an instant:
 * - `draft`: not approved yet;
 * - `scheduled`: approved, valid from a later date;
 * - `in_force`: approved and validFrom ≤ now < validTo;
 * - `expiring`: in force, but validTo is within the reminder window;
 * - `expired`: approved and validTo ≤ now;
 * - `superseded`: approved, but a later approved version has taken over.
 */
export type VersionState = 'draft' | 'scheduled' | 'in_force' | 'expiring' | 'expired' | 'superseded';

export interface VersionLike {
  version: number;
  validFrom: string;
  validTo: string;
  approvedAt: string | null;
}

/** The state of a version on its own (without looking at later versions). */
export function versionState(v: VersionLike, now: Date, reminderDays: number): Exclude<VersionState, 'superseded'> {
  if (!v.approvedAt) return 'draft';
  const t = now.getTime();
  if (t < Date.parse(v.validFrom)) return 'scheduled';
  const end = Date.parse(v.validTo);
  if (t >= end) return 'expired';
  return end - t <= reminderDays * DAY_MS ? 'expiring' : 'in_force';
}

export const isInForce = (state: VersionState) => state === 'in_force' || state === 'expiring';

/**
 * The current version of a routine: the highest approved version that has started (validFrom ≤
 * now), whether or not it has since expired. Null when no approved version has started.
 */
export function currentVersion<V extends VersionLike>(versions: readonly V[], now: Date): V | null {
  const started = versions.filter((v) => v.approvedAt && Date.parse(v.validFrom) <= now.getTime());
  return started.reduce<V | null>((best, v) => (best === null || v.version > best.version ? v : best), null);
}

/** The state of every version of a routine at an instant (older approved versions are superseded). */
export function versionStates<V extends VersionLike>(versions: readonly V[], now: Date, reminderDays: number): Map<number, VersionState> {
  const current = currentVersion(versions, now);
  const states = new Map<number, VersionState>();
  for (const v of versions) {
    const own = versionState(v, now, reminderDays);
    states.set(v.version, current && v.approvedAt && v.version < current.version && own !== 'scheduled' ? 'superseded' : own);
  }
  return states;
}

/** The version that is in force now, if any. */
export function versionInForce<V extends VersionLike>(versions: readonly V[], now: Date, reminderDays: number): V | null {
  const current = currentVersion(versions, now);
  return current && isInForce(versionState(current, now, reminderDays)) ? current : null;
}

export interface ReminderDue {
  version: number;
  ownerId: string;
  kind: 'expiring' | 'expired';
  validTo: string;
}

/**
 * The reminder a routine's owner is due now, if any: its current version is expiring or has
 * expired, and no later approved version takes over by the time it ends (the owner has renewed it).
 */
export function reminderDue<V extends VersionLike & { ownerId: string }>(versions: readonly V[], now: Date, reminderDays: number): ReminderDue | null {
  const current = currentVersion(versions, now);
  if (!current) return null;
  const state = versionState(current, now, reminderDays);
  if (state !== 'expiring' && state !== 'expired') return null;
  const renewed = versions.some((v) => v.version > current.version && v.approvedAt && Date.parse(v.validFrom) <= Date.parse(current.validTo));
  if (renewed) return null;
  return { version: current.version, ownerId: current.ownerId, kind: state, validTo: current.validTo };
}
