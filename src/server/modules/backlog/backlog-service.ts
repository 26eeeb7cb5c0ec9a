import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import type { NoticeView } from '../continuity/continuity-views.js';
import type { NoticeService } from '../continuity/notice-service.js';
import type { DepartmentLookup } from '../departments/department-lookup.js';
import type { PatientLookup } from '../patients/patient-lookup.js';
import { departmentsWithRight, hasRight, hiddenRecord, identityShown, type Access, type PatientIdentityScope } from '../rights/access.js';
import type { Actor, RequestContext } from '../rights/actor.js';
import { formatIdentifier } from '../identifiers/identifier-format.js';
import type { AuditedOperations, Tx } from '../rights/audited.js';
import type { Right } from '../rights/rights.js';
import type { BacklogItemWithNames, BacklogRepository } from './backlog-repository.js';

export const BACKLOG_KINDS = ['paper_referral', 'paper_answer', 'paper_note', 'offline_media'] as const;
export type BacklogKind = (typeof BACKLOG_KINDS)[number];
export const BACKLOG_STATES = ['registered', 'entered', 'verified'] as const;
export type BacklogState = (typeof BACKLOG_STATES)[number];

/**
 * Rights (C8). Registering an item and marking it entered (`entered`: typed into the records) are
 * everyday clinical work done by whoever handled the paper: `incident.report` or `case.write` in the
 * item's department. Verifying (`verified`: checked against the paper, which may then be discarded)
 * is a responsibility: `case.sign` in the department, or `continuity.manage` (the duty officer).
 * Whoever holds any of these rights in a department sees its backlog; `continuity.manage` sees all.
 */
export const REGISTER_RIGHTS: readonly Right[] = ['incident.report', 'case.write'];
export const VERIFY_RIGHTS: readonly Right[] = ['case.sign', 'continuity.manage'];
const READ_RIGHTS: readonly Right[] = ['incident.report', 'case.write', 'case.sign'];

export const KIND_LABELS: Record<BacklogKind, string> = {
  paper_referral: 'pappersremiss',
  paper_answer: 'papperssvar',
  paper_note: 'pappersanteckning',
  offline_media: 'media tagna offline',
};

export interface BacklogInput {
  outageId: string;
  departmentId: string;
  patientId?: string | null;
  kind: BacklogKind;
  description: string;
  count?: number;
}

export interface BacklogItemView {
  id: string;
  /** Null for media captured offline outside a registered outage. */
  outageId: string | null;
  department: { id: string; name: string };
  /** The patient by Kasus's id; the identifier only for those who may read patients in the department. */
  patient: { id: string; identifier: string | null } | null;
  kind: BacklogKind;
  description: string;
  count: number;
  state: BacklogState;
  registered: { by: { id: string; name: string }; at: string };
  entered: { by: { id: string; name: string }; at: string } | null;
  verified: { by: { id: string; name: string }; at: string } | null;
  updatedAt: string;
}

const identityScope = (row: BacklogItemWithNames): PatientIdentityScope => ({
  patientId: row.patient_id,
  departmentId: row.department_id,
  confidential: row.patient_confidential === 1,
});

export interface BacklogReport {
  outage: { id: string; system: { id: string; name: string }; status: string; startedAt: string; closedAt: string | null; message: string | null } | null;
  /** Items not yet verified, per department; departments with nothing outstanding are left out. */
  departments: {
    department: { id: string; name: string };
    items: number;
    count: number;
    kinds: { kind: BacklogKind; registered: number; entered: number; items: number; count: number }[];
  }[];
  total: { items: number; count: number };
}

const NEXT: Record<BacklogState, BacklogState | null> = { registered: 'entered', entered: 'verified', verified: null };
const STATE_LABELS: Record<BacklogState, string> = { registered: 'registrerad', entered: 'införd', verified: 'verifierad' };

const anyRight = (actor: Actor, rights: readonly Right[], departmentId?: string) => rights.some((r) => hasRight(actor, r, departmentId));

/** C8: everything produced on paper or offline during an outage, until it is entered and verified. */
export class BacklogService {
  constructor(
    private readonly repository: BacklogRepository,
    private readonly notices: Pick<NoticeService, 'noticeView'>,
    private readonly departments: DepartmentLookup,
    private readonly patients: PatientLookup,
    private readonly access: Access,
    private readonly audited: AuditedOperations,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The departments whose backlog the actor sees. */
  private readable(actor: Actor): 'all' | string[] {
    if (hasRight(actor, 'continuity.manage')) return 'all';
    const ids = new Set<string>();
    for (const right of READ_RIGHTS) {
      const departments = departmentsWithRight(actor, right);
      if (departments === 'all') return 'all';
      for (const id of departments) ids.add(id);
    }
    return [...ids];
  }

  /** The outage a notice id names: an update or recovery notice stands for its outage. */
  private async outage(id: string): Promise<NoticeView> {
    let notice: NoticeView;
    try {
      notice = await this.notices.noticeView(id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') {
        throw new AppError('validation_failed', 'Avbrottet finns inte: välj ett driftmeddelande om avbrott (outageId).', { field: 'outageId' });
      }
      throw error;
    }
    if (notice.kind === 'outage') return notice;
    if (notice.outageId) return this.outage(notice.outageId);
    throw new AppError('validation_failed', 'Meddelandet gäller inget avbrott: välj ett driftmeddelande om avbrott (outageId).', { field: 'outageId' });
  }

  register(ctx: RequestContext, input: BacklogInput): Promise<BacklogItemView> {
    return this.audited.write(ctx, 'backlog.register', { objectType: 'backlog_item' }, async (op) => {
      const department = await this.departments.find(input.departmentId);
      if (!department) throw new AppError('validation_failed', 'Avdelningen finns inte (departmentId).', { field: 'departmentId' });
      const actor = await op.requireAny(REGISTER_RIGHTS, { departmentId: department.id, patientId: input.patientId ?? null, objectType: 'backlog_item', disclose: true });
      const outage = await this.outage(input.outageId);
      const patientId = input.patientId ?? null;
      if (patientId !== null && !(await this.patients.find(patientId))) {
        throw new AppError('validation_failed', 'Patienten finns inte i Kasus (patientId). Sök fram patienten med personnummer först, eller lämna patienten tom.', { field: 'patientId' });
      }
      const description = input.description.trim();
      if (!description) throw new AppError('validation_failed', 'Beskriv vad som ska föras in (description).', { field: 'description' });
      const now = this.clock.now().toISOString();
      const id = randomUUID();
      op.about({ objectId: id, patientId });
      await op.commit(
        (tx) =>
          this.repository.insert(tx, {
            id,
            outage_id: outage.id,
            department_id: department.id,
            patient_id: patientId,
            kind: input.kind,
            description,
            count: input.count ?? 1,
            state: 'registered',
            registered_by: actor.userId,
            registered_at: now,
            entered_by: null,
            entered_at: null,
            verified_by: null,
            verified_at: null,
            updated_at: now,
          }),
        { outageId: outage.id, kind: input.kind, count: input.count ?? 1 },
      );
      return this.viewOne(actor, (await this.repository.find(id))!);
    });
  }

  /**
   * An `offline_media` item for another module's own audited operation (offline capture, issue 16),
   * inserted in that operation's transaction. It has no outage: the device may have been offline
   * without one being registered. Its count starts at 0 and follows the items stored (setCount).
   */
  offlineMediaItem(input: { departmentId: string; patientId: string; description: string; registeredBy: string }): { id: string; insert: (tx: Tx) => Promise<void> } {
    const now = this.clock.now().toISOString();
    const id = randomUUID();
    return {
      id,
      insert: (tx) =>
        this.repository.insert(tx, {
          id,
          outage_id: null,
          department_id: input.departmentId,
          patient_id: input.patientId,
          kind: 'offline_media',
          description: input.description,
          count: 0,
          state: 'registered',
          registered_by: input.registeredBy,
          registered_at: now,
          entered_by: null,
          entered_at: null,
          verified_by: null,
          verified_at: null,
          updated_at: now,
        }),
    };
  }

  /** Sets how many files an item stands for, in the caller's transaction (offline capture's items stored). */
  setCount(tx: Tx, id: string, count: number): Promise<void> {
    return this.repository.setCount(tx, id, count, this.clock.now().toISOString());
  }

  /** Moves an item one step forward: registered → entered → verified. */
  advance(ctx: RequestContext, id: string, to: BacklogState): Promise<BacklogItemView> {
    return this.audited.write(ctx, 'backlog.advance', { objectType: 'backlog_item', objectId: id }, async (op) => {
      const row = await this.repository.find(id);
      const actor = op.caller;
      if (!row || !anyRight(actor, [...REGISTER_RIGHTS, ...VERIFY_RIGHTS], row.department_id)) {
        // A missing item and one of another department get the same answer (the rights module's).
        if (row) await op.requireAny(REGISTER_RIGHTS, { departmentId: row.department_id, objectType: 'backlog_item', objectId: id, patientId: row.patient_id, disclose: false });
        return op.missing('backlog_item', id);
      }
      op.about({ departmentId: row.department_id, patientId: row.patient_id });
      const from = row.state as BacklogState;
      const next = NEXT[from];
      if (to !== next) {
        const message =
          next === null
            ? `Posten är redan verifierad och kan inte ändras.`
            : to === from || BACKLOG_STATES.indexOf(to) < BACKLOG_STATES.indexOf(from)
              ? `Posten är redan ${STATE_LABELS[from]}; den kan bara flyttas framåt, nästa steg är ${STATE_LABELS[next]}.`
              : `Posten är ${STATE_LABELS[from]}: den måste bli ${STATE_LABELS[next]} innan den kan bli ${STATE_LABELS[to]}.`;
        throw new AppError('conflict', message, { state: from, next });
      }
      op.named(`backlog.${to === 'verified' ? 'verify' : 'enter'}`);
      const rights = to === 'verified' ? VERIFY_RIGHTS : REGISTER_RIGHTS;
      await op.requireAny(rights, { departmentId: row.department_id, objectType: 'backlog_item', objectId: id, patientId: row.patient_id, disclose: true });
      const now = this.clock.now().toISOString();
      const changes = to === 'entered' ? { state: to, entered_by: actor.userId, entered_at: now, updated_at: now } : { state: to, verified_by: actor.userId, verified_at: now, updated_at: now };
      await op.commit(
        async (tx) => {
          if (!(await this.repository.advance(tx, id, from, changes))) {
            throw new AppError('conflict', 'Någon annan flyttade posten under tiden. Ladda om och försök igen.', { state: from });
          }
        },
        { outageId: row.outage_id, from, to },
      );
      return this.viewOne(actor, (await this.repository.find(id))!);
    });
  }

  /**
   * A page of the backlog the caller sees. Each patient whose identifier is shown gets an event
   * of its own (so the patient's access log shows the read); a page naming none is one event.
   */
  list(
    ctx: RequestContext,
    filter: { outageId?: string; departmentId?: string; state?: BacklogState; kind?: BacklogKind; outstanding?: boolean },
    page: number,
    pageSize: number,
  ): Promise<{ items: BacklogItemView[]; total: number }> {
    return this.audited.read(ctx, 'backlog.read', { objectType: 'backlog_item' }, async (op) => {
      const actor = op.authenticated();
      const { items, total } = await this.repository.list({ departments: this.readable(actor), ...filter }, page, pageSize);
      const opened = await op.openedPatients(items.map(identityScope));
      const views = items.map((row) => this.view(actor, row, opened));
      const named = [...new Set(views.filter((v) => v.patient?.identifier).map((v) => v.patient!.id))];
      for (const patientId of named) await op.recordItem({ objectType: 'patient', objectId: patientId, patientId });
      return { result: { items: views, total }, details: { returned: items.length } };
    });
  }

  get(ctx: RequestContext, id: string): Promise<BacklogItemView> {
    return this.audited.read(ctx, 'backlog.read', { objectType: 'backlog_item', objectId: id }, async (op) => {
      const actor = op.authenticated();
      const row = await this.repository.find(id);
      if (!row) return op.missing('backlog_item', id);
      op.about({ departmentId: row.department_id, patientId: row.patient_id });
      const departments = this.readable(actor);
      // Another department's item is answered as a missing one, and audited as refused.
      if (departments !== 'all' && !departments.includes(row.department_id)) return op.refuse(hiddenRecord(), { reason: 'not_readable' });
      const view = await this.viewOne(actor, row);
      return { result: view, details: { identifierShown: view.patient?.identifier != null } };
    });
  }

  /** What is still outstanding (not verified) per department and kind, for one outage or all. */
  async report(ctx: RequestContext, outageId?: string): Promise<BacklogReport> {
    const actor = this.access.authenticated(ctx);
    const outage = outageId ? await this.outage(outageId) : null;
    const rows = await this.repository.outstanding({ departments: this.readable(actor), outageId: outage?.id });
    const departments = new Map<string, BacklogReport['departments'][number]>();
    for (const row of rows) {
      let entry = departments.get(row.department_id);
      if (!entry) {
        entry = { department: { id: row.department_id, name: row.department_name }, items: 0, count: 0, kinds: [] };
        departments.set(row.department_id, entry);
      }
      let kind = entry.kinds.find((k) => k.kind === row.kind);
      if (!kind) {
        kind = { kind: row.kind as BacklogKind, registered: 0, entered: 0, items: 0, count: 0 };
        entry.kinds.push(kind);
      }
      if (row.state === 'registered') kind.registered += row.count;
      else if (row.state === 'entered') kind.entered += row.count;
      kind.items += row.items;
      kind.count += row.count;
      entry.items += row.items;
      entry.count += row.count;
    }
    const list = [...departments.values()];
    return {
      outage: outage
        ? { id: outage.id, system: { id: outage.system.id, name: outage.system.name }, status: outage.status, startedAt: outage.startedAt, closedAt: outage.closedAt, message: outage.message }
        : null,
      departments: list,
      total: { items: list.reduce((n, d) => n + d.items, 0), count: list.reduce((n, d) => n + d.count, 0) },
    };
  }

  /**
   * What a downtime form (C7) is pre-filled with: the department's name, and the patient's
   * identifier for those who may read patients (in the department when given); naming a patient is audited.
   */
  async formFacts(ctx: RequestContext, form: string, input: { departmentId?: string; patientId?: string }): Promise<{ departmentName: string | null; patientIdentifier: string | null }> {
    this.access.authenticated(ctx);
    let departmentName: string | null = null;
    if (input.departmentId) {
      const department = await this.departments.find(input.departmentId);
      if (!department) throw new AppError('validation_failed', 'Avdelningen finns inte (departmentId).', { field: 'departmentId' });
      departmentName = department.name;
    }
    // A form without a patient holds no patient data: nothing to audit.
    if (!input.patientId) return { departmentName, patientIdentifier: null };
    const patientId = input.patientId;
    const target = { departmentId: input.departmentId ?? null, objectType: 'patient', objectId: patientId, patientId };
    const patientIdentifier = await this.audited.read(ctx, 'downtime_form.print', target, async (op) => {
      // The same confidentiality rule as every other read: a confidential patient's identifier is
      // printed only while this user's emergency opening of one of the patient's cases runs.
      const { patient } = await op.requirePatientIdentity({ right: 'patient.read', ...target, hiddenAs: 'patient_not_found' }, async () => {
        const row = await this.patients.find(patientId);
        if (!row) throw new AppError('validation_failed', 'Patienten finns inte i Kasus (patientId).', { field: 'patientId' });
        return { ...row, confidential: row.confidential === 1 };
      });
      // Printed as people write it (19121212-1212), the same formatting as every screen.
      return { result: formatIdentifier(patient.identifier, patient.identifier_type), details: { form } };
    });
    return { departmentName, patientIdentifier };
  }

  private async viewOne(actor: Actor, row: BacklogItemWithNames): Promise<BacklogItemView> {
    return this.view(actor, row, await this.access.openedPatients(actor, [identityScope(row)]));
  }

  /**
   * The item as the actor may see it: the patient's identifier only with patient.read in the
   * department and, for a confidential patient, during the actor's emergency opening of one of
   * the patient's cases in that department (`opened`, from the rights module).
   */
  private view(actor: Actor, row: BacklogItemWithNames, opened: ReadonlySet<string>): BacklogItemView {
    const person = (id: string | null, name: string | null, at: string | null) => (id && at ? { by: { id, name: name ?? '' }, at } : null);
    return {
      id: row.id,
      outageId: row.outage_id,
      department: { id: row.department_id, name: row.department_name },
      patient: row.patient_id
        ? { id: row.patient_id, identifier: identityShown(actor, identityScope(row), opened) ? row.patient_identifier : null }
        : null,
      kind: row.kind as BacklogKind,
      description: row.description,
      count: row.count,
      state: row.state as BacklogState,
      registered: { by: { id: row.registered_by, name: row.registered_by_name }, at: row.registered_at },
      entered: person(row.entered_by, row.entered_by_name, row.entered_at),
      verified: person(row.verified_by, row.verified_by_name, row.verified_at),
      updatedAt: row.updated_at,
    };
  }
}
