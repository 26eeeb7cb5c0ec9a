import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import { missingSystemIds, type SystemLookup } from '../continuity/system-lookup.js';
import { isSystemStatus, type SystemStatus } from '../continuity/status-graph.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { conditionSystemIds, type ScenarioCondition } from './routine-rules.js';
import { isUniqueViolation, type RoutinesRepository, type ScenarioRow } from './routines-repository.js';
import { invalid, toScenarioView, type ScenarioInput, type ScenarioView } from './routine-views.js';

const SCENARIO_NOT_FOUND = 'Scenariot finns inte.';

/** Downtime scenarios (C3): named conditions over the systems' statuses, which decide what routines are in force. */
export class ScenariosService {
  constructor(
    private readonly repository: RoutinesRepository,
    private readonly systems: SystemLookup,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The registered systems' ids and names, for demo data. */
  async systemsTrusted(): Promise<{ id: string; name: string }[]> {
    return (await this.systems.systems()).map((s) => ({ id: s.id, name: s.name }));
  }

  async scenarios(ctx: RequestContext): Promise<ScenarioView[]> {
    this.access.authenticated(ctx);
    return (await this.repository.scenarios()).map(toScenarioView).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  async createScenario(ctx: RequestContext, input: ScenarioInput): Promise<ScenarioView> {
    const actor = await this.access.require(ctx, { right: 'continuity.manage', action: 'scenario.create', objectType: 'scenario', disclose: true });
    return this.createScenarioTrusted(ctx, input, actor.userId);
  }

  /** Creates a scenario without a rights check: for demo data. */
  async createScenarioTrusted(ctx: RequestContext, input: ScenarioInput, userId: string | null = null): Promise<ScenarioView> {
    const name = input.name.trim();
    const condition = await this.checkCondition(input.condition);
    if (await this.repository.scenarioByName(name)) throw this.scenarioNameTaken(name);
    const now = this.clock.now().toISOString();
    const row: ScenarioRow = {
      id: randomUUID(),
      name,
      description: blankToNull(input.description),
      priority: input.priority ?? 0,
      condition: JSON.stringify(condition),
      created_by: userId,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.repository.insertScenario(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw this.scenarioNameTaken(name);
      throw error;
    }
    await this.audit.record(ctx, { action: 'scenario.create', outcome: 'success', objectType: 'scenario', objectId: row.id, details: { name, priority: row.priority, condition } });
    return toScenarioView(row);
  }

  async updateScenario(ctx: RequestContext, id: string, input: ScenarioInput): Promise<ScenarioView> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'scenario.update', objectType: 'scenario', objectId: id, disclose: true });
    const existing = await this.repository.scenario(id);
    if (!existing) throw new AppError('not_found', SCENARIO_NOT_FOUND);
    const name = input.name.trim();
    const condition = await this.checkCondition(input.condition);
    const other = await this.repository.scenarioByName(name);
    if (other && other.id !== id) throw this.scenarioNameTaken(name);
    const changes = {
      name,
      description: blankToNull(input.description),
      priority: input.priority ?? Number(existing.priority),
      condition: JSON.stringify(condition),
      updated_at: this.clock.now().toISOString(),
    };
    try {
      await this.repository.updateScenario(id, changes);
    } catch (error) {
      if (isUniqueViolation(error)) throw this.scenarioNameTaken(name);
      throw error;
    }
    await this.audit.record(ctx, { action: 'scenario.update', outcome: 'success', objectType: 'scenario', objectId: id, details: { name, priority: changes.priority, condition } });
    return toScenarioView({ ...existing, ...changes });
  }

  private async checkCondition(condition: ScenarioCondition): Promise<ScenarioCondition> {
    if (condition.clauses.length === 0) throw invalid('Ett scenario behöver minst ett villkor (condition.clauses).', 'condition');
    for (const clause of condition.clauses) {
      if (clause.statuses.length === 0 || !clause.statuses.every(isSystemStatus)) {
        throw invalid('Varje villkor behöver minst en status: operational, degraded, read_only, down eller maintenance (condition.clauses.statuses).', 'condition');
      }
    }
    const ids = conditionSystemIds(condition);
    const missing = await missingSystemIds(this.systems, ids);
    if (missing.length > 0) throw invalid(`Systemet ${missing.join(', ')} finns inte i systemregistret (condition.clauses.systemId).`, 'condition');
    return {
      match: condition.match,
      clauses: condition.clauses.map((c) => ({
        systemId: c.systemId,
        statuses: [...new Set(c.statuses)] as SystemStatus[],
        ...(c.viaDependencies ? { viaDependencies: true } : {}),
      })),
    };
  }

  private scenarioNameTaken(name: string): AppError {
    return new AppError('conflict', `Det finns redan ett scenario som heter "${name}". Välj ett annat namn (name).`, { field: 'name' });
  }
}
