import { systemClock, type Clock } from '../../clock.js';
import type { SystemRegistryService } from '../continuity/system-registry-service.js';
import type { RequestContext } from '../rights/actor.js';
import { scenariosInForce, versionInForce, versionStates, type ClauseMatch } from './routine-rules.js';
import type { RoutinesRepository } from './routines-repository.js';
import { asRules, groupVersions, toScenarioView, toVersionView, type RoutineVersionView, type ScenarioView } from './routine-views.js';

export interface InForceView {
  at: string;
  scenarios: {
    scenario: ScenarioView;
    matchedBy: ClauseMatch[];
    routines: (RoutineVersionView & { routineId: string; documentId: string })[];
  }[];
}

/** What is in force now (C3): the scenarios the systems' statuses match, with their routines in force. */
export class RoutinesInForceService {
  constructor(
    private readonly repository: RoutinesRepository,
    /** The systems with their statuses (the rights check for reading them is the registry's). */
    private readonly systems: Pick<SystemRegistryService, 'list'>,
    private readonly reminderDays: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * The scenarios in force now, from the systems' current statuses (with propagation), most
   * important first, each with its routines in force and their steps: the staff status page.
   */
  async inForce(ctx: RequestContext): Promise<InForceView> {
    const systems = await this.systems.list(ctx);
    const now = this.clock.now();
    const [scenarioRows, routines, versions] = await Promise.all([this.repository.scenarios(), this.repository.routines(), this.repository.versions()]);
    const scenarios = scenarioRows.map(toScenarioView);
    const matches = scenariosInForce(scenarios, systems.map((s) => ({ id: s.id, name: s.name, status: s.status, affectedBy: s.affectedBy })));
    const names = new Map(scenarios.map((s) => [s.id, s.name]));
    const byRoutine = groupVersions(versions);
    const inForce = routines.flatMap((r) => {
      const all = byRoutine.get(r.id) ?? [];
      const current = versionInForce(all.map((v) => ({ ...asRules(v), row: v })), now, this.reminderDays);
      if (!current) return [];
      const states = versionStates(all.map(asRules), now, this.reminderDays);
      return [{ ...toVersionView(current.row, states.get(current.version)!, names), routineId: r.id, documentId: r.document_id }];
    });
    return {
      at: now.toISOString(),
      scenarios: matches.map((m) => ({
        scenario: m.scenario,
        matchedBy: m.matchedBy,
        routines: inForce.filter((r) => r.scenarioId === m.scenario.id).sort((a, b) => a.documentId.localeCompare(b.documentId, 'sv')),
      })),
    };
  }
}
