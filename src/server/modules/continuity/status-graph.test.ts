import { describe, expect, it } from 'vitest';
import { affectedBy, dependantsOf, findCycle, graphOf, planNotice, upstreamOf, type GraphSystem, type SystemStatus } from './status-graph.js';

/** EHR ← Kasus; orders ← RIS ← PACS; orders ← lab. */
function hospital(statuses: Partial<Record<string, SystemStatus>> = {}) {
  const systems: GraphSystem[] = [
    { id: 'ehr', name: 'Journalsystem', status: 'operational', dependsOn: [] },
    { id: 'kasus', name: 'Kasus', status: 'operational', dependsOn: ['ehr'] },
    { id: 'orders', name: 'Beställningssystem', status: 'operational', dependsOn: [] },
    { id: 'ris', name: 'RIS', status: 'operational', dependsOn: ['orders'] },
    { id: 'pacs', name: 'PACS', status: 'operational', dependsOn: ['ris'] },
    { id: 'lab', name: 'Laboratoriesystem', status: 'operational', dependsOn: ['orders'] },
  ];
  return graphOf(systems.map((s) => ({ ...s, status: statuses[s.id] ?? s.status })));
}

describe('dependency graph', () => {
  it('finds the dependants of a system, directly or through others, nearest first', () => {
    expect(dependantsOf(hospital(), 'orders')).toEqual(['ris', 'lab', 'pacs']);
    expect(dependantsOf(hospital(), 'ehr')).toEqual(['kasus']);
    expect(dependantsOf(hospital(), 'pacs')).toEqual([]);
  });

  it('finds what a system depends on, nearest first', () => {
    expect(upstreamOf(hospital(), 'pacs')).toEqual(['ris', 'orders']);
    expect(upstreamOf(hospital(), 'ehr')).toEqual([]);
  });

  it('propagates an outage: a system whose dependency (or its dependency) is not operational is affected', () => {
    const graph = hospital({ orders: 'down' });
    expect(affectedBy(graph, 'pacs').map((s) => [s.id, s.status])).toEqual([['orders', 'down']]);
    expect(affectedBy(graph, 'ris').map((s) => s.id)).toEqual(['orders']);
    expect(affectedBy(graph, 'orders')).toEqual([]);
    expect(affectedBy(graph, 'kasus')).toEqual([]);
    expect(affectedBy(hospital({ orders: 'maintenance', ris: 'degraded' }), 'pacs').map((s) => s.id)).toEqual(['ris', 'orders']);
  });

  it('finds the cycle a new dependency would close, and none when the graph stays acyclic', () => {
    const graph = hospital();
    expect(findCycle(graph, 'orders', ['pacs'])).toEqual(['orders', 'pacs', 'ris', 'orders']);
    expect(findCycle(graph, 'ehr', ['ehr'])).toEqual(['ehr', 'ehr']);
    expect(findCycle(graph, 'ehr', ['kasus'])).toEqual(['ehr', 'kasus', 'ehr']);
    expect(findCycle(graph, 'ehr', ['orders', 'lab'])).toBeNull();
    expect(findCycle(graph, 'kasus', ['ehr', 'pacs'])).toBeNull();
    // Replacing a system's dependencies: its old ones do not count.
    expect(findCycle(graph, 'ris', [])).toBeNull();
  });
});

describe('notices', () => {
  it('makes one outage notice for an upstream outage, naming every dependant', () => {
    const plan = planNotice(hospital(), { systemId: 'orders', from: 'operational', to: 'down', source: 'manual' }, []);
    expect(plan).toEqual({ publish: { kind: 'outage', affected: ['ris', 'lab', 'pacs'], outageId: null }, close: [], merge: [] });
  });

  it('makes a recovery notice that ends the open outage', () => {
    const open = [{ id: 'n1', systemId: 'orders', source: 'manual' as const }];
    const plan = planNotice(hospital({ orders: 'down' }), { systemId: 'orders', from: 'down', to: 'operational', source: 'manual' }, open);
    expect(plan).toEqual({ publish: { kind: 'recovery', affected: ['ris', 'lab', 'pacs'], outageId: 'n1' }, close: ['n1'], merge: [] });
  });

  it('makes an update notice when an outage changes, and nothing when an operational system stays operational', () => {
    const open = [{ id: 'n1', systemId: 'ehr', source: 'manual' as const }];
    expect(planNotice(hospital({ ehr: 'down' }), { systemId: 'ehr', from: 'down', to: 'degraded', source: 'manual' }, open).publish).toEqual({
      kind: 'update',
      affected: ['kasus'],
      outageId: 'n1',
    });
    expect(planNotice(hospital(), { systemId: 'ehr', from: 'operational', to: 'operational', source: 'manual' }, [])).toEqual({ publish: null, close: [], merge: [] });
  });

  it('adds no notice when a probe finds a dependant down while its upstream outage is known, nor when it recovers', () => {
    const graph = hospital({ orders: 'down' });
    const open = [{ id: 'n1', systemId: 'orders', source: 'manual' as const }];
    expect(planNotice(graph, { systemId: 'pacs', from: 'operational', to: 'down', source: 'probe' }, open).publish).toBeNull();
    expect(planNotice(graph, { systemId: 'pacs', from: 'down', to: 'operational', source: 'probe' }, open).publish).toBeNull();
    // A duty officer's own word about a dependant is published.
    expect(planNotice(graph, { systemId: 'pacs', from: 'operational', to: 'down', source: 'manual' }, open).publish?.kind).toBe('outage');
  });

  it('takes dependants’ probe outages into the upstream outage found after them', () => {
    const graph = hospital({ pacs: 'down', lab: 'down' });
    const open = [
      { id: 'p', systemId: 'pacs', source: 'probe' as const },
      { id: 'l', systemId: 'lab', source: 'manual' as const },
      { id: 'k', systemId: 'kasus', source: 'probe' as const },
    ];
    const plan = planNotice(graph, { systemId: 'orders', from: 'operational', to: 'down', source: 'probe' }, open);
    expect(plan.publish?.kind).toBe('outage');
    expect(plan.merge).toEqual(['p']);
    expect(plan.close).toEqual(['p']);
  });
});
