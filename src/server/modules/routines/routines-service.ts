import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { SystemLookup } from '../continuity/system-lookup.js';
import type { ContinuityService } from '../continuity/continuity-service.js';
import { isSystemStatus, type SystemStatus } from '../continuity/status-graph.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Outbound } from '../mail/outbound.js';
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
  type ReminderForMail,
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

/** A reminder as its owner sees it: with the version's title, and whether it still needs attention now. */
export interface MyReminderView extends ReminderView {
  title: string | null;
  /**
   * True while the reminded version is still the routine's current one and no approved successor
   * takes over in time: the owner still has to act. False once a new version has been approved.
   */
  open: boolean;
  /** While open: whether the version is expiring or has expired now (it may have expired since the reminder). */
  currentKind: 'expiring' | 'expired' | null;
  /** What became of the e-mail to the owner; null until the job has run. */
  mail: ReminderMailRecord | null;
}

/** The stored outcome of a reminder's e-mail. */
export interface ReminderMailRecord {
  outcome: 'sent' | ReminderMailNotSent;
  to: string | null;
  at: string;
}

export interface InForceView {
  at: string;
  scenarios: {
    scenario: ScenarioView;
    matchedBy: ClauseMatch[];
    routines: (RoutineVersionView & { routineId: string; documentId: string })[];
  }[];
}

/** Listens to reminders as they are recorded on this node (e-mail goes by the `routine.remind` job instead). */
export type ReminderListener = (reminder: ReminderView) => void | Promise<void>;

/** What the `routine.remind` job did: sent the e-mail, or why not (the reminder is shown in Kasus either way). */
export type ReminderMailOutcome = SentMail | { sent: false; reason: ReminderMailNotSent | 'reminder_gone' };

interface SentMail {
  sent: true;
  to: string;
  messageId: string;
}

/** Why a reminder's e-mail was not sent (stored on the reminder). */
export const REMINDER_MAIL_NOT_SENT = ['no_longer_due', 'owner_inactive', 'no_email_address', 'no_mail_server'] as const;
export type ReminderMailNotSent = (typeof REMINDER_MAIL_NOT_SENT)[number];

export type RoutinesConfig = Pick<Config, 'routineReminderDays' | 'timeZone' | 'publicUrl'>;

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
  private readonly reminderDays: number;

  constructor(
    private readonly repository: RoutinesRepository,
    private readonly outbound: Outbound,
    private readonly systems: SystemLookup,
    private readonly continuity: ContinuityService,
    private readonly queue: JobQueue,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly config: RoutinesConfig,
    private readonly clock: Clock = systemClock,
  ) {
    this.reminderDays = config.routineReminderDays;
  }

  /** Called for each reminder recorded on this node, after its e-mail job is queued. */
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
    const now = this.clock.now().toISOString();
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

  // Routines

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

  // Reminders

  /** The reminders of the logged-in user's routines, newest first; only those still needing attention with `open`. */
  async myReminders(ctx: RequestContext, filter: { open?: boolean } = {}): Promise<MyReminderView[]> {
    const actor = this.access.authenticated(ctx);
    const rows = await this.repository.remindersFor(actor.userId);
    if (rows.length === 0) return [];
    const routineIds = [...new Set(rows.map((r) => r.routine_id))];
    const byRoutine = groupVersions(await this.repository.versions(routineIds));
    const now = this.clock.now();
    const due = new Map(routineIds.map((id) => [id, reminderDue((byRoutine.get(id) ?? []).map(asRules), now, this.reminderDays)]));
    const views = rows.map((row): MyReminderView => {
      const current = due.get(row.routine_id);
      const open = !!current && current.version === Number(row.version) && current.ownerId === row.owner_id;
      const title = byRoutine.get(row.routine_id)?.find((v) => v.version === Number(row.version))?.title ?? null;
      const mail = row.mail_outcome && row.mail_outcome_at ? { outcome: row.mail_outcome as ReminderMailRecord['outcome'], to: row.mail_to, at: row.mail_outcome_at } : null;
      return { ...toReminderView(row), title, open, currentKind: open ? current!.kind : null, mail };
    });
    return filter.open ? views.filter((v) => v.open) : views;
  }

  /**
   * Records the reminders due now: one per routine version and owner, ever, whose version in force
   * is expiring within the reminder window or has expired without a successor. Idempotent, also
   * across nodes (the database's unique key decides). Each reminder's e-mail job (`routine.remind`)
   * is queued in the reminder's own transaction. Returns the reminders recorded by this call.
   */
  async checkReminders(at?: Date): Promise<ReminderView[]> {
    const now = at ?? this.clock.now();
    const [routines, versions] = await Promise.all([this.repository.routines(), this.repository.versions()]);
    const byRoutine = groupVersions(versions);
    const recorded: ReminderView[] = [];
    for (const routine of routines) {
      const due = reminderDue((byRoutine.get(routine.id) ?? []).map(asRules), now, this.reminderDays);
      if (!due) continue;
      const row = { id: randomUUID(), routine_id: routine.id, version: due.version, owner_id: due.ownerId, kind: due.kind, valid_to: due.validTo, created_at: now.toISOString() };
      const recordedNow = await this.repository.insertReminder(row, async (trx) => {
        await this.queue.enqueue('routine.remind', { reminderId: row.id }, { executor: trx, uniqueKey: `routine.remind:${row.id}` });
      });
      if (!recordedNow) continue;
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

  /**
   * The `routine.remind` job: one plain-text e-mail (Swedish) to the routine's owner. Without an
   * address, an active owner or an e-mail server it finishes without sending (retrying would not
   * help; the reminder is shown in Kasus), and also when a new version was approved in the meantime.
   * A failed send is retried by the job queue; the stable Message-ID lets the receiver recognise a
   * repeat after a crash between sending and finishing.
   */
  async sendReminder(reminderId: string): Promise<ReminderMailOutcome> {
    const reminder = await this.repository.reminderForMail(reminderId);
    if (!reminder) return { sent: false, reason: 'reminder_gone' };
    const messageId = `<kasus-routine-reminder-${reminder.id}@kasus>`;
    // A retry of a job whose mail went out (and was recorded) sends nothing again.
    if (reminder.mail_outcome === 'sent') return { sent: true, to: reminder.mail_to ?? '', messageId };
    const outcome = await this.mailReminder(reminder, messageId);
    await this.repository.recordMailOutcome(reminder.id, outcome.sent ? 'sent' : outcome.reason, outcome.sent ? outcome.to : null, this.clock.now().toISOString());
    return outcome;
  }

  /** Sends the reminder's e-mail when it is still due and can be sent; otherwise says why not. */
  private async mailReminder(reminder: ReminderForMail, messageId: string): Promise<SentMail | { sent: false; reason: ReminderMailNotSent }> {
    const due = reminderDue((await this.repository.versions([reminder.routine_id])).map(asRules), this.clock.now(), this.reminderDays);
    if (!due || due.version !== Number(reminder.version) || due.ownerId !== reminder.owner_id) return { sent: false, reason: 'no_longer_due' };
    if (reminder.owner_active !== null && Number(reminder.owner_active) !== 1) return { sent: false, reason: 'owner_inactive' };
    const to = reminder.owner_email?.trim();
    if (!to) return { sent: false, reason: 'no_email_address' };
    if (!this.outbound.canMail) return { sent: false, reason: 'no_mail_server' };
    const mail = reminderMail(reminder, this.config.timeZone, this.config.publicUrl);
    await this.outbound.mail({ to, subject: mail.subject, text: mail.text, messageId });
    return { sent: true, to, messageId };
  }

  // In force

  /**
   * The scenarios in force now, from the systems' current statuses (with propagation), most
   * important first, each with its routines in force and their steps: the staff status page.
   */
  async inForce(ctx: RequestContext): Promise<InForceView> {
    const systems = await this.continuity.list(ctx);
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

/** The valid-to instant on the hospital's wall clock: date ("2027-01-31") and date with time and zone. */
function wallClock(iso: string, timeZone: string): { date: string; dateTime: string } {
  const at = new Date(iso);
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short' }).format(at);
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone, timeStyle: 'short' }).format(at);
  return { date, dateTime: `${date} ${time} (${timeZone})` };
}

/** The reminder e-mail (Swedish, plain text): which routine, until when, and what the owner should do. */
export function reminderMail(reminder: ReminderForMail, timeZone: string, publicUrl: string | null): { subject: string; text: string } {
  const version = Number(reminder.version);
  const validTo = wallClock(reminder.valid_to, timeZone);
  const expired = reminder.kind === 'expired';
  const title = reminder.title ? ` "${reminder.title}"` : '';
  const subject = expired
    ? `Rutin ${reminder.document_id} version ${version} har gått ut ${validTo.date}`
    : `Rutin ${reminder.document_id} version ${version} löper ut ${validTo.date}`;
  const lines = [
    reminder.owner_name ? `Hej ${reminder.owner_name},` : 'Hej,',
    '',
    expired
      ? `Rutinen ${reminder.document_id}${title}, version ${version}, har gått ut och gäller inte längre. Personalen ser den som utgången i Kasus.`
      : `Rutinen ${reminder.document_id}${title}, version ${version}, löper snart ut.`,
    `Giltig till: ${validTo.dateTime}`,
    '',
    'Vad du behöver göra:',
    expired
      ? '1. Granska rutinen i Kasus så snart som möjligt och gör en ny version med aktuella steg, blanketter och kontakter.'
      : '1. Granska rutinen i Kasus och gör en ny version med aktuella steg, blanketter och kontakter.',
    expired
      ? '2. Se till att den nya versionen godkänns, så att personalen har en giltig rutin vid nästa driftstopp.'
      : '2. Se till att den nya versionen godkänns innan den nuvarande går ut, så att personalen alltid har en giltig rutin vid driftstopp.',
    '',
    `Rutinen i Kasus: ${publicUrl ?? ''}/status/routines/${reminder.routine_id}`,
    '',
    'Du får det här meddelandet för att du är ägare till rutinen. Påminnelsen visas också i Kasus när du är inloggad.',
    '',
    '-- ',
    'Kasus',
  ];
  return { subject, text: lines.join('\n') };
}

const toReminderView = (row: Pick<ReminderWithRoutine, 'id' | 'routine_id' | 'document_id' | 'version' | 'owner_id' | 'kind' | 'valid_to' | 'created_at'>): ReminderView => ({
  id: row.id,
  routineId: row.routine_id,
  documentId: row.document_id,
  version: Number(row.version),
  ownerId: row.owner_id,
  kind: row.kind as 'expiring' | 'expired',
  validTo: row.valid_to,
  createdAt: row.created_at,
});
