import { describe, expect, it } from 'vitest';
import type { SystemStatus } from '../continuity/status-graph.js';
import {
  currentVersion,
  DAY_MS,
  reminderDue,
  scenariosInForce,
  versionInForce,
  versionState,
  versionStates,
  type ScenarioLike,
  type SystemState,
} from './routine-rules.js';

const system = (id: string, status: SystemStatus, affectedBy: SystemState['affectedBy'] = []): SystemState => ({ id, name: id.toUpperCase(), status, affectedBy });

const pacsDown: ScenarioLike = { id: 's-pacs', name: 'PACS nere', priority: 0, condition: { match: 'any', clauses: [{ systemId: 'pacs', statuses: ['down'] }] } };
const ordersOrRis: ScenarioLike = {
  id: 's-orders',
  name: 'Beställningssystem eller RIS nere',
  priority: 0,
  condition: { match: 'any', clauses: [{ systemId: 'orders', statuses: ['down'] }, { systemId: 'ris', statuses: ['down'] }] },
};
const total: ScenarioLike = {
  id: 's-total',
  name: 'Totalt avbrott',
  priority: 0,
  condition: { match: 'all', clauses: [{ systemId: 'ehr', statuses: ['down'] }, { systemId: 'pacs', statuses: ['down'] }] },
};
const ehrReadOnly: ScenarioLike = { id: 's-ehr', name: 'Journalsystemet endast i läsläge', priority: 0, condition: { match: 'any', clauses: [{ systemId: 'ehr', statuses: ['read_only'] }] } };
const all = [pacsDown, ordersOrRis, total, ehrReadOnly];

describe('scenariosInForce', () => {
  it('finds nothing while every system is operational', () => {
    expect(scenariosInForce(all, [system('ehr', 'operational'), system('pacs', 'operational'), system('ris', 'operational'), system('orders', 'operational')])).toEqual([]);
  });

  it('matches any-of on one clause and names the system that made it hold', () => {
    const found = scenariosInForce(all, [system('ehr', 'operational'), system('pacs', 'operational'), system('ris', 'down'), system('orders', 'operational')]);
    expect(found.map((m) => m.scenario.id)).toEqual(['s-orders']);
    expect(found[0]!.matchedBy).toEqual([{ systemId: 'ris', systemName: 'RIS', status: 'down', via: null }]);
  });

  it('needs every clause of an all-of, and puts the more specific scenario first', () => {
    expect(scenariosInForce(all, [system('ehr', 'operational'), system('pacs', 'down')]).map((m) => m.scenario.id)).toEqual(['s-pacs']);
    const both = scenariosInForce(all, [system('ehr', 'down'), system('pacs', 'down')]);
    expect(both.map((m) => m.scenario.id)).toEqual(['s-total', 's-pacs']);
    expect(both[0]!.specificity).toBe(2);
  });

  it('orders by priority before specificity, then by name', () => {
    const urgent = { ...pacsDown, priority: 50 };
    expect(scenariosInForce([total, urgent], [system('ehr', 'down'), system('pacs', 'down')]).map((m) => m.scenario.id)).toEqual(['s-pacs', 's-total']);
    const a = { ...pacsDown, id: 'a', name: 'Ärende B' };
    const b = { ...pacsDown, id: 'b', name: 'Ärende A' };
    expect(scenariosInForce([a, b], [system('pacs', 'down')]).map((m) => m.scenario.id)).toEqual(['b', 'a']);
  });

  it('looks only at the system’s own status unless the clause follows its dependencies', () => {
    const states = [system('orders', 'down'), system('ris', 'operational', [{ id: 'orders', name: 'ORDERS', status: 'down' }])];
    const own: ScenarioLike = { id: 'own', name: 'RIS nere', priority: 0, condition: { match: 'any', clauses: [{ systemId: 'ris', statuses: ['down'] }] } };
    const via: ScenarioLike = { id: 'via', name: 'RIS påverkat', priority: 0, condition: { match: 'any', clauses: [{ systemId: 'ris', statuses: ['down'], viaDependencies: true }] } };
    const found = scenariosInForce([own, via], states);
    expect(found.map((m) => m.scenario.id)).toEqual(['via']);
    expect(found[0]!.matchedBy).toEqual([{ systemId: 'ris', systemName: 'RIS', status: 'down', via: { id: 'orders', name: 'ORDERS' } }]);
  });

  it('matches any of several statuses and ignores unknown systems and empty conditions', () => {
    const impaired: ScenarioLike = { id: 'i', name: 'EHR stört', priority: 0, condition: { match: 'any', clauses: [{ systemId: 'ehr', statuses: ['down', 'read_only', 'degraded'] }] } };
    expect(scenariosInForce([impaired], [system('ehr', 'degraded')])).toHaveLength(1);
    expect(scenariosInForce([impaired], [system('ehr', 'maintenance')])).toHaveLength(0);
    expect(scenariosInForce([impaired], [])).toHaveLength(0);
    expect(scenariosInForce([{ ...impaired, condition: { match: 'all', clauses: [] } }], [system('ehr', 'down')])).toHaveLength(0);
  });
});

describe('routine validity', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const days = (n: number) => new Date(now.getTime() + n * DAY_MS).toISOString();
  const v = (version: number, from: number, to: number, approved = true) => ({ version, validFrom: days(from), validTo: days(to), approvedAt: approved ? days(-100) : null, ownerId: 'owner' });

  it('is a draft until approved, then scheduled, in force, expiring and expired', () => {
    expect(versionState(v(1, -10, 100, false), now, 30)).toBe('draft');
    expect(versionState(v(1, 1, 100), now, 30)).toBe('scheduled');
    expect(versionState(v(1, -10, 100), now, 30)).toBe('in_force');
    expect(versionState(v(1, -10, 30), now, 30)).toBe('expiring');
    expect(versionState(v(1, -10, 31), now, 30)).toBe('in_force');
    expect(versionState(v(1, -10, 31), now, 31)).toBe('expiring');
    expect(versionState(v(1, -10, 0), now, 30)).toBe('expired');
    expect(versionState(v(1, -10, -1), now, 30)).toBe('expired');
    // validFrom is inclusive, validTo exclusive.
    expect(versionState(v(1, 0, 100), now, 30)).toBe('in_force');
  });

  it('keeps the approved version in force while a newer draft waits, and supersedes it once the newer is approved', () => {
    const versions = [v(1, -10, 100), v(2, -1, 200, false)];
    expect(versionInForce(versions, now, 30)?.version).toBe(1);
    expect([...versionStates(versions, now, 30)]).toEqual([[1, 'in_force'], [2, 'draft']]);
    const approved = [v(1, -10, 100), v(2, -1, 200)];
    expect(versionInForce(approved, now, 30)?.version).toBe(2);
    expect(versionStates(approved, now, 30).get(1)).toBe('superseded');
    // An approved version that starts later leaves the current one in force until then.
    const later = [v(1, -10, 100), v(2, 5, 200)];
    expect(versionInForce(later, now, 30)?.version).toBe(1);
    expect([...versionStates(later, now, 30)]).toEqual([[1, 'in_force'], [2, 'scheduled']]);
  });

  it('has no version in force when the current one expired', () => {
    expect(currentVersion([v(1, -100, -1)], now)?.version).toBe(1);
    expect(versionInForce([v(1, -100, -1)], now, 30)).toBeNull();
    expect(currentVersion([v(1, -100, -1, false)], now)).toBeNull();
  });
});

describe('reminderDue', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const days = (n: number) => new Date(now.getTime() + n * DAY_MS).toISOString();
  const v = (version: number, from: number, to: number, approved = true, ownerId = 'owner') => ({ version, validFrom: days(from), validTo: days(to), approvedAt: approved ? days(-100) : null, ownerId });

  it('reminds the owner of the current version when it is expiring or expired', () => {
    expect(reminderDue([v(1, -10, 100)], now, 30)).toBeNull();
    expect(reminderDue([v(1, -10, 20, true, 'anna')], now, 30)).toEqual({ version: 1, ownerId: 'anna', kind: 'expiring', validTo: days(20) });
    expect(reminderDue([v(1, -100, -2)], now, 30)).toMatchObject({ version: 1, kind: 'expired' });
    expect(reminderDue([v(1, -10, 20, false)], now, 30)).toBeNull();
  });

  it('does not remind when an approved successor takes over in time, but does when the successor is only a draft', () => {
    expect(reminderDue([v(1, -10, 20), v(2, 20, 400)], now, 30)).toBeNull();
    expect(reminderDue([v(1, -10, 20), v(2, 25, 400)], now, 30)).toMatchObject({ version: 1, kind: 'expiring' });
    expect(reminderDue([v(1, -10, 20), v(2, 0, 400, false)], now, 30)).toMatchObject({ version: 1 });
    // Once the successor is current, its own validity counts.
    expect(reminderDue([v(1, -100, -1), v(2, -2, 10, true, 'bo')], now, 30)).toMatchObject({ version: 2, ownerId: 'bo', kind: 'expiring' });
  });
});
