import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { isUniqueViolation, type ContinuityRepository, type SystemRow } from './continuity-repository.js';
import {
  buildGraph,
  checkDepartments,
  KASUS_SYSTEM_KEY,
  SYSTEM_NOT_FOUND,
  type SystemInput,
  type SystemUpdate,
  type SystemView,
  type SystemViews,
} from './continuity-views.js';
import { findCycle, type SystemGraph } from './status-graph.js';
import { missingSystemIds } from './system-lookup.js';

/**
 * The systems registry (C1): who may see and change the clinical systems, their details, their
 * dependencies (never a cycle) and the departments using them, and Kasus's own row.
 */
export class SystemRegistryService {
  constructor(
    private readonly repository: ContinuityRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly views: SystemViews,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Every logged-in user may see the systems and their statuses. */
  async list(ctx: RequestContext): Promise<SystemView[]> {
    this.access.authenticated(ctx);
    return this.views.views();
  }

  async get(ctx: RequestContext, id: string): Promise<SystemView> {
    this.access.authenticated(ctx);
    return this.views.view(id);
  }

  async create(ctx: RequestContext, input: SystemInput): Promise<SystemView> {
    const actor = await this.access.require(ctx, { right: 'continuity.manage', action: 'system.create', objectType: 'system', disclose: true });
    return this.createTrusted(ctx, input, { userId: actor.userId });
  }

  /** Registers a system without a rights check: for start-up and demo data. */
  async createTrusted(ctx: RequestContext, input: SystemInput, options: { key?: string; userId?: string | null } = {}): Promise<SystemView> {
    const name = input.name.trim();
    const dependsOn = await this.checkDependencies([...new Set(input.dependsOn ?? [])]);
    const departmentIds = await checkDepartments(this.repository, [...new Set(input.departmentIds ?? [])]);
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
    return this.views.view(row.id);
  }

  /** Kasus's own row, created at start when missing. */
  async ensureKasusSystem(): Promise<SystemView> {
    const existing = await this.repository.findByKey(KASUS_SYSTEM_KEY);
    if (existing) return this.views.view(existing.id);
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
    const departmentIds = input.departmentIds !== undefined ? await checkDepartments(this.repository, [...new Set(input.departmentIds)]) : undefined;
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
    return this.views.view(id);
  }

  private checkCriticality(value: number): number {
    if (!Number.isInteger(value) || value < 1 || value > 3) {
      throw new AppError('validation_failed', 'Kritikalitet ska vara 1 (högst), 2 eller 3 (criticality).', { field: 'criticality' });
    }
    return value;
  }

  private async checkDependencies(ids: string[]): Promise<string[]> {
    const missing = await missingSystemIds(this.repository, ids);
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
}
