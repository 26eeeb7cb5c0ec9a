import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ContinuityRepository } from '../continuity/continuity-repository.js';
import type { ContinuityService } from '../continuity/continuity-service.js';
import { isSystemStatus, type SystemStatus } from '../continuity/status-graph.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import {
  conditionSystemIds,
  currentVersion,
  isInForce,
  reminderDue,
  scenariosInForce,
  versionInForce,
  versionStates,
  type ClauseMatch,
  type ScenarioCondition,
  type VersionState,
} from './routine-rules.js';
import {
  isUniqueViolation,
  type ReminderWithRoutine,
  type RoutineRow,
  type RoutinesRepository,
  type ScenarioRow,
  type VersionWithNames,
} from './routines-repository.js';

export interface RoutineForm {
  name: string;
  url: string | null;
}

export interface RoutineContact {
  name: string;
  phone: string | null;
  note: string | null;
  /** A reference to an entry of the contact directory (C6), when there is one. */
  contactId: string | null;
}

export interface ScenarioView {
  id: string;
  name: string;
  description: string | null;
  priority: number;
  condition: ScenarioCondition;
  createdAt: string;
  updatedAt: string;
}

export interface ScenarioInput {
  name: string;
  description?: string | null;
  priority?: number;
  condition: ScenarioCondition;
}

export interface RoutineVersionView {
  version: number;
  state: VersionState;
  title: string;
  scenarioId: string;
  scenarioName: string | null;
  systemIds: string[];
  steps: string[];
  forms: RoutineForm[];
  contacts: RoutineContact[];
  ownerId: string;
  ownerName: string | null;
  reviewer: string;
  approver: string;
  validFrom: string;
  validTo: string;
  changeNote: string;
  createdAt: string;
  approvedAt: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
}

export interface RoutineView {
  id: string;
  documentId: string;
  /** The state of the routine: that of the version in force, else of the latest version. */
  state: VersionState;
  /** The version in force now (null when none is). */
  versionInForce: number | null;
  latestVersion: number;
  /** The latest version's content. */
  latest: RoutineVersionView;
  createdAt: string;
  updatedAt: string;
}

export interface RoutineDetail extends RoutineView {
  /** Every version, newest first; none is ever removed. */
  versions: RoutineVersionView[];
}

export interface RoutineInput {
  title: string;
  scenarioId: string;
  systemIds?: string[];
  steps: string[];
  forms?: { name: string; url?: string | null }[];
  contacts?: { name: string; phone?: string | null; note?: string | null; contactId?: string | null }[];
  ownerId: string;
  reviewer: string;
  approver: string;
  validFrom: string;
  validTo: string;
}

export interface ReminderView {
  id: string;
  routineId: string;
  documentId: string;
  version: number;
  ownerId: string;
  kind: 'expiring' | 'expired';
  validTo: string;
  createdAt: string;
}

export interface InForceView {
  at: string;
  scenarios: {
    scenario: ScenarioView;
    matchedBy: ClauseMatch[];
    routines: (RoutineVersionView & { routineId: string; documentId: string })[];
  }[];
}

/** Listens to reminders as they are recorded (e-mail delivery plugs in here). */
export type ReminderListener = (reminder: ReminderView) => void | Promise<void>;

const trimmedOrNull = (text: string | null | undefined) => {
  const t = text?.trim();
  return t ? t : null;
};

const invalid = (message: string, field: string) => new AppError('validation_failed', message, { field });

const ROUTINE_NOT_FOUND = 'Rutinen finns inte.';
const SCENARIO_NOT_FOUND = 'Scenariot finns inte.';

function toScenarioView(row: ScenarioRow): ScenarioView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priority: Number(row.priority),
    condition: JSON.parse(row.condition) as ScenarioCondition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const asRules = (v: VersionWithNames) => ({ version: v.version, validFrom: v.valid_from, validTo: v.valid_to, approvedAt: v.approved_at, ownerId: v.owner_id });

/**
 * Downtime routines (C3): scenarios over the systems' statuses, routines as controlled documents
 * (versions, approval, validity), expiry reminders to their owners, and what is in force now.
 */
export class RoutinesService {
  private readonly reminderListeners = new Set<ReminderListener>();

  constructor(
    private readonly repository: RoutinesRepository,
    private readonly systems: ContinuityRepository,
    private readonly continuity: ContinuityService,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly reminderDays: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Called for each reminder recorded on this node (the seam for e-mail delivery). */
  onReminder(listener: ReminderListener): () => void {
    this.reminderListeners.add(listener);
    return () => this.reminderListeners.delete(listener);
  }

  /** The registered systems' ids and names, for demo data. */
  async systemsTrusted(): Promise<{ id: string; name: string }[]> {
    return (await this.systems.systems()).map((s) => ({ id: s.id, name: s.name }));
  }

  // Scenarios

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
    const now = this.clock().toISOString();
    const row: ScenarioRow = {
      id: randomUUID(),
      name,
      description: trimmedOrNull(input.description),
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
      description: trimmedOrNull(input.description),
      priority: input.priority ?? Number(existing.priority),
      condition: JSON.stringify(condition),
      updated_at: this.clock().toISOString(),
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

  // Routines

  /** Every routine with its state at `at` (now when not given). */
  async list(ctx: RequestContext, filter: { state?: VersionState; scenarioId?: string; systemId?: string; at?: string } = {}): Promise<RoutineView[]> {
    this.access.authenticated(ctx);
    const now = filter.at ? new Date(filter.at) : this.clock();
    const [routines, versions, scenarios] = await Promise.all([this.repository.routines(), this.repository.versions(), this.repository.scenarios()]);
    const names = new Map(scenarios.map((s) => [s.id, s.name]));
    const byRoutine = groupVersions(versions);
    // A routine created between the two reads has no versions here yet; it is listed next time.
    return routines
      .filter((r) => byRoutine.has(r.id))
      .map((r) => this.routineView(r, byRoutine.get(r.id)!, names, now))
      .filter((r) => !filter.state || r.state === filter.state)
      .filter((r) => !filter.scenarioId || r.latest.scenarioId === filter.scenarioId)
      .filter((r) => !filter.systemId || r.latest.systemIds.includes(filter.systemId));
  }

  async get(ctx: RequestContext, id: string): Promise<RoutineDetail> {
    this.access.authenticated(ctx);
    return this.detail(id);
  }

  async create(ctx: RequestContext, input: RoutineInput & { documentId: string; changeNote?: string }): Promise<RoutineDetail> {
    const actor = await this.access.require(ctx, { right: 'continuity.manage', action: 'routine.create', objectType: 'routine', disclose: true });
    return this.createTrusted(ctx, input, actor.userId);
  }

  /** Creates a routine (version 1, not approved) without a rights check: for demo data. */
  async createTrusted(ctx: RequestContext, input: RoutineInput & { documentId: string; changeNote?: string }, userId: string | null = null): Promise<RoutineDetail> {
    const documentId = input.documentId.trim();
    if (!/^[A-Za-z0-9ÅÄÖåäöØøÆæ][A-Za-z0-9ÅÄÖåäöØøÆæ._-]{0,63}$/.test(documentId)) {
      throw invalid('Dokument-id får bara innehålla bokstäver, siffror, punkt, bindestreck och understreck, t.ex. RUT-PACS-001 (documentId).', 'documentId');
    }
    const content = await this.checkContent(input);
    if (await this.repository.routineByDocumentId(documentId)) throw this.documentIdTaken(documentId);
    const now = this.clock().toISOString();
    const id = randomUUID();
    const changeNote = trimmedOrNull(input.changeNote) ?? 'Första versionen.';
    try {
      await this.repository.insertRoutine(
        { id, document_id: documentId, latest_version: 1, created_at: now, updated_at: now },
        { routine_id: id, version: 1, ...content, change_note: changeNote, created_by: userId, created_at: now, approved_at: null, approved_by: null },
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw this.documentIdTaken(documentId);
      throw error;
    }
    await this.audit.record(ctx, { action: 'routine.create', outcome: 'success', objectType: 'routine', objectId: id, details: { documentId, version: 1, title: content.title, changeNote } });
    return this.detail(id);
  }

  /** A new version with the given content and change note; the earlier versions are kept. */
  async update(ctx: RequestContext, id: string, input: RoutineInput & { changeNote: string }): Promise<RoutineDetail> {
    const actor = await this.access.require(ctx, { right: 'continuity.manage', action: 'routine.update', objectType: 'routine', objectId: id, disclose: true });
    const routine = await this.repository.routine(id);
    if (!routine) throw new AppError('not_found', ROUTINE_NOT_FOUND);
    const changeNote = trimmedOrNull(input.changeNote);
    if (!changeNote) throw invalid('Beskriv vad som ändrats i den nya versionen (changeNote).', 'changeNote');
    const content = await this.checkContent(input);
    const version = Number(routine.latest_version) + 1;
    const now = this.clock().toISOString();
    const inserted = await this.repository.insertVersion(
      { routine_id: id, version, ...content, change_note: changeNote, created_by: actor.userId, created_at: now, approved_at: null, approved_by: null },
      Number(routine.latest_version),
    );
    if (!inserted) throw new AppError('conflict', 'Rutinen ändrades av någon annan under tiden. Ladda om och försök igen.');
    await this.audit.record(ctx, { action: 'routine.update', outcome: 'success', objectType: 'routine', objectId: id, details: { documentId: routine.document_id, version, changeNote } });
    return this.detail(id);
  }

  /** Approves the latest version (or the given one, which must be the latest). */
  async approve(ctx: RequestContext, id: string, expectedVersion?: number): Promise<RoutineDetail> {
    const actor = await this.access.require(ctx, { right: 'continuity.manage', action: 'routine.approve', objectType: 'routine', objectId: id, disclose: true });
    return this.approveTrusted(ctx, id, expectedVersion, actor.userId);
  }

  /** Approves without a rights check: for demo data. */
  async approveTrusted(ctx: RequestContext, id: string, expectedVersion?: number, userId: string | null = null): Promise<RoutineDetail> {
    const routine = await this.repository.routine(id);
    if (!routine) throw new AppError('not_found', ROUTINE_NOT_FOUND);
    const latest = Number(routine.latest_version);
    if (expectedVersion !== undefined && expectedVersion !== latest) {
      throw new AppError('conflict', `Version ${expectedVersion} är inte den senaste; den senaste är version ${latest}. Ladda om och granska den.`, { field: 'version' });
    }
    const now = this.clock().toISOString();
    if (!(await this.repository.approve(id, latest, userId, now))) {
      throw new AppError('conflict', `Version ${latest} av ${routine.document_id} är redan godkänd.`);
    }
    await this.audit.record(ctx, { action: 'routine.approve', outcome: 'success', objectType: 'routine', objectId: id, details: { documentId: routine.document_id, version: latest } });
    return this.detail(id);
  }

  // Reminders

  /** The reminders of the logged-in user's routines, newest first. */
  async myReminders(ctx: RequestContext): Promise<ReminderView[]> {
    const actor = this.access.authenticated(ctx);
    return (await this.repository.remindersFor(actor.userId)).map(toReminderView);
  }

  /**
   * Records the reminders due now: one per routine version and owner, ever, whose version in force
   * is expiring within the reminder window or has expired without a successor. Idempotent, also
   * across nodes (the database's unique key decides). Returns the reminders recorded by this call.
   */
  async checkReminders(at?: Date): Promise<ReminderView[]> {
    const now = at ?? this.clock();
    const [routines, versions] = await Promise.all([this.repository.routines(), this.repository.versions()]);
    const byRoutine = groupVersions(versions);
    const recorded: ReminderView[] = [];
    for (const routine of routines) {
      const due = reminderDue((byRoutine.get(routine.id) ?? []).map(asRules), now, this.reminderDays);
      if (!due) continue;
      const row = { id: randomUUID(), routine_id: routine.id, version: due.version, owner_id: due.ownerId, kind: due.kind, valid_to: due.validTo, created_at: now.toISOString() };
      if (!(await this.repository.insertReminder(row))) continue;
      const view = toReminderView({ ...row, document_id: routine.document_id });
      await this.audit.record(null, {
        action: 'routine.reminder',
        outcome: 'success',
        objectType: 'routine',
        objectId: routine.id,
        details: { documentId: routine.document_id, version: due.version, kind: due.kind, validTo: due.validTo, ownerId: due.ownerId },
      });
      recorded.push(view);
      for (const listener of this.reminderListeners) {
        try {
          await listener(view);
        } catch {
          // Delivery is best effort; the reminder itself is recorded and shown in Kasus.
        }
      }
    }
    return recorded;
  }

  // In force

  /**
   * The scenarios in force now, from the systems' current statuses (with propagation), most
   * important first, each with its routines in force and their steps: the staff status page.
   */
  async inForce(ctx: RequestContext): Promise<InForceView> {
    const systems = await this.continuity.list(ctx);
    const now = this.clock();
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

  // Helpers

  private async detail(id: string): Promise<RoutineDetail> {
    const routine = await this.repository.routine(id);
    if (!routine) throw new AppError('not_found', ROUTINE_NOT_FOUND);
    const [versions, scenarios] = await Promise.all([this.repository.versions([id]), this.repository.scenarios()]);
    const names = new Map(scenarios.map((s) => [s.id, s.name]));
    const now = this.clock();
    const states = versionStates(versions.map(asRules), now, this.reminderDays);
    return {
      ...this.routineView(routine, versions, names, now),
      versions: versions.map((v) => toVersionView(v, states.get(v.version)!, names)),
    };
  }

  private routineView(routine: RoutineRow, versions: VersionWithNames[], names: Map<string, string>, now: Date): RoutineView {
    const states = versionStates(versions.map(asRules), now, this.reminderDays);
    const latestRow = versions.reduce((a, b) => (b.version > a.version ? b : a));
    const current = currentVersion(versions.map(asRules), now);
    // The routine's state: that of its current version (in force, or expired without successor), else of its latest version.
    const state = current ? states.get(current.version)! : states.get(latestRow.version)!;
    const inForce = current && isInForce(state) ? current.version : null;
    return {
      id: routine.id,
      documentId: routine.document_id,
      state,
      versionInForce: inForce,
      latestVersion: Number(routine.latest_version),
      latest: toVersionView(latestRow, states.get(latestRow.version)!, names),
      createdAt: routine.created_at,
      updatedAt: routine.updated_at,
    };
  }

  private async checkCondition(condition: ScenarioCondition): Promise<ScenarioCondition> {
    if (condition.clauses.length === 0) throw invalid('Ett scenario behöver minst ett villkor (condition.clauses).', 'condition');
    for (const clause of condition.clauses) {
      if (clause.statuses.length === 0 || !clause.statuses.every(isSystemStatus)) {
        throw invalid('Varje villkor behöver minst en status: operational, degraded, read_only, down eller maintenance (condition.clauses.statuses).', 'condition');
      }
    }
    const ids = conditionSystemIds(condition);
    const existing = await this.systems.existingIds(ids);
    const missing = ids.filter((id) => !existing.has(id));
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

  private async checkContent(input: RoutineInput) {
    const title = input.title.trim();
    if (!title) throw invalid('Ge rutinen en rubrik (title).', 'title');
    const steps = input.steps.map((s) => s.trim()).filter((s) => s.length > 0);
    if (steps.length === 0) throw invalid('En rutin behöver minst ett steg (steps).', 'steps');
    if (Date.parse(input.validTo) <= Date.parse(input.validFrom)) {
      throw invalid('Giltig till ska ligga efter giltig från (validTo).', 'validTo');
    }
    const reviewer = input.reviewer.trim();
    const approver = input.approver.trim();
    if (!reviewer) throw invalid('Ange vem som granskar rutinen (reviewer).', 'reviewer');
    if (!approver) throw invalid('Ange vem som fastställer rutinen (approver).', 'approver');
    if (!(await this.repository.scenario(input.scenarioId))) throw invalid(`Scenariot ${input.scenarioId} finns inte (scenarioId).`, 'scenarioId');
    const systemIds = [...new Set(input.systemIds ?? [])];
    const existing = await this.systems.existingIds(systemIds);
    const missing = systemIds.filter((id) => !existing.has(id));
    if (missing.length > 0) throw invalid(`Systemet ${missing.join(', ')} finns inte i systemregistret (systemIds).`, 'systemIds');
    if (!(await this.repository.existingUserIds([input.ownerId])).has(input.ownerId)) {
      throw invalid(`Användaren ${input.ownerId} finns inte; ägaren ska vara en användare i Kasus (ownerId).`, 'ownerId');
    }
    const forms: RoutineForm[] = (input.forms ?? []).map((f) => ({ name: f.name.trim(), url: trimmedOrNull(f.url) }));
    const contacts: RoutineContact[] = (input.contacts ?? []).map((c) => ({
      name: c.name.trim(),
      phone: trimmedOrNull(c.phone),
      note: trimmedOrNull(c.note),
      contactId: trimmedOrNull(c.contactId),
    }));
    return {
      title,
      scenario_id: input.scenarioId,
      system_ids: JSON.stringify(systemIds),
      steps: JSON.stringify(steps),
      forms: JSON.stringify(forms),
      contacts: JSON.stringify(contacts),
      owner_id: input.ownerId,
      reviewer,
      approver,
      valid_from: new Date(input.validFrom).toISOString(),
      valid_to: new Date(input.validTo).toISOString(),
    };
  }

  private scenarioNameTaken(name: string): AppError {
    return new AppError('conflict', `Det finns redan ett scenario som heter "${name}". Välj ett annat namn (name).`, { field: 'name' });
  }

  private documentIdTaken(documentId: string): AppError {
    return new AppError('conflict', `Det finns redan en rutin med dokument-id ${documentId}. Ändra den i stället (ny version) eller välj ett annat id (documentId).`, {
      field: 'documentId',
    });
  }
}

function groupVersions(versions: VersionWithNames[]): Map<string, VersionWithNames[]> {
  const map = new Map<string, VersionWithNames[]>();
  for (const v of versions) map.set(v.routine_id, [...(map.get(v.routine_id) ?? []), v]);
  return map;
}

function toVersionView(row: VersionWithNames, state: VersionState, scenarioNames: Map<string, string>): RoutineVersionView {
  return {
    version: row.version,
    state,
    title: row.title,
    scenarioId: row.scenario_id,
    scenarioName: scenarioNames.get(row.scenario_id) ?? null,
    systemIds: JSON.parse(row.system_ids) as string[],
    steps: JSON.parse(row.steps) as string[],
    forms: JSON.parse(row.forms) as RoutineForm[],
    contacts: JSON.parse(row.contacts) as RoutineContact[],
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    reviewer: row.reviewer,
    approver: row.approver,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    changeNote: row.change_note,
    createdAt: row.created_at,
    approvedAt: row.approved_at,
    approvedBy: row.approved_by,
    approvedByName: row.approved_by_name,
  };
}

const toReminderView = (row: ReminderWithRoutine): ReminderView => ({
  id: row.id,
  routineId: row.routine_id,
  documentId: row.document_id,
  version: Number(row.version),
  ownerId: row.owner_id,
  kind: row.kind as 'expiring' | 'expired',
  validTo: row.valid_to,
  createdAt: row.created_at,
});
