/**
 * The pure rules of systems and their statuses (C1, C2): the dependency graph, how an outage
 * propagates to the systems that depend on it, and which notice a status change makes.
 */

export const SYSTEM_STATUSES = ['operational', 'degraded', 'read_only', 'down', 'maintenance'] as const;
export type SystemStatus = (typeof SYSTEM_STATUSES)[number];

export const isSystemStatus = (value: string): value is SystemStatus => (SYSTEM_STATUSES as readonly string[]).includes(value);

/** Swedish names of the statuses, for messages and notices. */
export const STATUS_LABELS: Record<SystemStatus, string> = {
  operational: 'i drift',
  degraded: 'begränsad funktion',
  read_only: 'endast läsning',
  down: 'ur drift',
  maintenance: 'planerat underhåll',
};

/** Who set a status: the first one at registration, a duty officer, or a health probe. */
export type StatusSource = 'initial' | 'manual' | 'probe';

export type NoticeKind = 'outage' | 'update' | 'recovery';

/** What the graph rules need of a system. */
export interface GraphSystem {
  id: string;
  name: string;
  status: SystemStatus;
  dependsOn: readonly string[];
}

export type SystemGraph = ReadonlyMap<string, GraphSystem>;

export const graphOf = (systems: readonly GraphSystem[]): SystemGraph => new Map(systems.map((s) => [s.id, s]));

/** Every status but `operational` impairs the systems that depend on it. */
export const isImpaired = (status: SystemStatus) => status !== 'operational';

/**
 * The cycle that giving `systemId` the dependencies `dependsOn` would close, as a path of ids that
 * starts and ends with `systemId`; null when the graph stays acyclic.
 */
export function findCycle(graph: SystemGraph, systemId: string, dependsOn: readonly string[]): string[] | null {
  const edges = (id: string) => (id === systemId ? dependsOn : (graph.get(id)?.dependsOn ?? []));
  // Depth-first from each new dependency, looking for a way back to the system.
  const visited = new Set<string>();
  const walk = (id: string, path: string[]): string[] | null => {
    if (id === systemId) return [...path, id];
    if (visited.has(id)) return null;
    visited.add(id);
    for (const next of edges(id)) {
      const found = walk(next, [...path, id]);
      if (found) return found;
    }
    return null;
  };
  for (const first of dependsOn) {
    const found = walk(first, [systemId]);
    if (found) return found;
  }
  return null;
}

/** The systems that depend on `rootId`, directly or through others, nearest first. */
export function dependantsOf(graph: SystemGraph, rootId: string): string[] {
  const dependants = new Map<string, string[]>();
  for (const system of graph.values()) {
    for (const upstream of system.dependsOn) dependants.set(upstream, [...(dependants.get(upstream) ?? []), system.id]);
  }
  return breadthFirst(rootId, (id) => dependants.get(id) ?? []);
}

/** The systems `systemId` depends on, directly or through others, nearest first. */
export function upstreamOf(graph: SystemGraph, systemId: string): string[] {
  return breadthFirst(systemId, (id) => (graph.get(id)?.dependsOn ?? []).filter((next) => graph.has(next)));
}

/** Every system reachable from `startId` along `next`, nearest first, each once, without `startId` itself. */
function breadthFirst(startId: string, next: (id: string) => readonly string[]): string[] {
  const seen = new Set<string>([startId]);
  const order: string[] = [];
  const queue = [startId];
  while (queue.length > 0) {
    for (const id of next(queue.shift()!)) {
      if (seen.has(id)) continue;
      seen.add(id);
      order.push(id);
      queue.push(id);
    }
  }
  return order;
}

/**
 * Propagation: the systems upstream of `systemId` (directly or not) that are not operational,
 * nearest first. A system with any is shown as affected by them.
 */
export function affectedBy(graph: SystemGraph, systemId: string): GraphSystem[] {
  return upstreamOf(graph, systemId)
    .map((id) => graph.get(id)!)
    .filter((s) => isImpaired(s.status));
}

/** An outage notice that has not ended yet. */
export interface OpenOutage {
  id: string;
  systemId: string;
  source: StatusSource;
}

export interface StatusChange {
  systemId: string;
  from: SystemStatus;
  to: SystemStatus;
  source: StatusSource;
}

export interface NoticePlan {
  /** The notice to publish, if any. */
  publish: { kind: NoticeKind; affected: string[]; outageId: string | null } | null;
  /** Open outage notices this change ends (a recovery ends its system's outage). */
  close: string[];
  /** Open outage notices of dependants found by probes, now covered by this system's new outage notice. */
  merge: string[];
}

/**
 * Which notice a status change makes. One upstream outage makes one notice naming every dependant:
 * dependants are shown as affected but publish nothing of their own, and a probe that finds a
 * dependant down while something upstream of it is already out adds no second notice. A dependant's
 * probe outage published before its upstream system's outage was known is taken into the upstream
 * outage's notice. The graph holds the statuses before the change.
 */
export function planNotice(graph: SystemGraph, change: StatusChange, openOutages: readonly OpenOutage[]): NoticePlan {
  const own = openOutages.find((n) => n.systemId === change.systemId) ?? null;
  const affected = dependantsOf(graph, change.systemId);
  const none: NoticePlan = { publish: null, close: [], merge: [] };

  if (!isImpaired(change.to)) {
    if (!isImpaired(change.from) || !own) return none;
    return { publish: { kind: 'recovery', affected, outageId: own.id }, close: [own.id], merge: [] };
  }
  if (own) return { publish: { kind: 'update', affected, outageId: own.id }, close: [], merge: [] };
  // Already covered by an upstream outage: a probe adds nothing; a duty officer's word is published.
  if (change.source === 'probe' && affectedBy(graph, change.systemId).length > 0) return none;
  const dependants = new Set(affected);
  const merge = openOutages.filter((n) => n.source === 'probe' && dependants.has(n.systemId)).map((n) => n.id);
  return { publish: { kind: 'outage', affected, outageId: null }, close: merge, merge };
}
