import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import { missingSystemIds, type SystemLookup } from '../continuity/system-lookup.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { currentVersion, isInForce, versionStates, type VersionState } from './routine-rules.js';
import { isUniqueViolation, type RoutineRow, type RoutinesRepository, type VersionWithNames } from './routines-repository.js';
import {
  asRules,
  groupVersions,
  invalid,
  toVersionView,
  type RoutineContact,
  type RoutineDetail,
  type RoutineForm,
  type RoutineInput,
  type RoutineView,
} from './routine-views.js';

const ROUTINE_NOT_FOUND = 'Rutinen finns inte.';

/**
 * Downtime routines as controlled documents (C3): created, changed in new versions (none is ever
 * removed), approved, valid from and to; listed with their state. Scenarios are in
 * scenarios-service.ts, expiry reminders in routine-reminders-service.ts, what is in force now in
 * routines-in-force-service.ts.
 */
export class RoutinesService {
  constructor(
    private readonly repository: RoutinesRepository,
    private readonly systems: SystemLookup,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly reminderDays: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Every routine with its state at `at` (now when not given). */
  async list(ctx: RequestContext, filter: { state?: VersionState; scenarioId?: string; systemId?: string; at?: string } = {}): Promise<RoutineView[]> {
    this.access.authenticated(ctx);
    const now = filter.at ? new Date(filter.at) : this.clock.now();
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
    const now = this.clock.now().toISOString();
    const id = randomUUID();
    const changeNote = blankToNull(input.changeNote) ?? 'Första versionen.';
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
    const changeNote = blankToNull(input.changeNote);
    if (!changeNote) throw invalid('Beskriv vad som ändrats i den nya versionen (changeNote).', 'changeNote');
    const content = await this.checkContent(input);
    const version = Number(routine.latest_version) + 1;
    const now = this.clock.now().toISOString();
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
    const now = this.clock.now().toISOString();
    if (!(await this.repository.approve(id, latest, userId, now))) {
      throw new AppError('conflict', `Version ${latest} av ${routine.document_id} är redan godkänd.`);
    }
    await this.audit.record(ctx, { action: 'routine.approve', outcome: 'success', objectType: 'routine', objectId: id, details: { documentId: routine.document_id, version: latest } });
    return this.detail(id);
  }

  // Helpers

  private async detail(id: string): Promise<RoutineDetail> {
    const routine = await this.repository.routine(id);
    if (!routine) throw new AppError('not_found', ROUTINE_NOT_FOUND);
    const [versions, scenarios] = await Promise.all([this.repository.versions([id]), this.repository.scenarios()]);
    const names = new Map(scenarios.map((s) => [s.id, s.name]));
    const now = this.clock.now();
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
    const missing = await missingSystemIds(this.systems, systemIds);
    if (missing.length > 0) throw invalid(`Systemet ${missing.join(', ')} finns inte i systemregistret (systemIds).`, 'systemIds');
    if (!(await this.repository.existingUserIds([input.ownerId])).has(input.ownerId)) {
      throw invalid(`Användaren ${input.ownerId} finns inte; ägaren ska vara en användare i Kasus (ownerId).`, 'ownerId');
    }
    const forms: RoutineForm[] = (input.forms ?? []).map((f) => ({ name: f.name.trim(), url: blankToNull(f.url) }));
    const contacts: RoutineContact[] = (input.contacts ?? []).map((c) => ({
      name: c.name.trim(),
      phone: blankToNull(c.phone),
      note: blankToNull(c.note),
      contactId: blankToNull(c.contactId),
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

  private documentIdTaken(documentId: string): AppError {
    return new AppError('conflict', `Det finns redan en rutin med dokument-id ${documentId}. Ändra den i stället (ny version) eller välj ett annat id (documentId).`, {
      field: 'documentId',
    });
  }
}
