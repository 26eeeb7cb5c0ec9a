import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { Actor, RequestContext } from './actor.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { EmergencyAccessRepository } from './emergency-access-repository.js';
import type { Right } from './rights.js';

/**
 * The one place that decides who may do what. Services call it before touching data; a refusal
 * is audited here and answered as if the record did not exist unless the caller may know it does.
 */

/** Whether the actor holds the right in the department (any department when none is given). */
export function hasRight(actor: Actor, right: Right, departmentId?: string | null): boolean {
  return actor.assignments.some(
    (a) => a.rights.includes(right) && (a.global || departmentId == null || a.departmentId === departmentId),
  );
}

/** The departments in which the actor holds the right; 'all' when a global role grants it. */
export function departmentsWithRight(actor: Actor, right: Right): 'all' | string[] {
  const holding = actor.assignments.filter((a) => a.rights.includes(right));
  if (holding.some((a) => a.global)) return 'all';
  return [...new Set(holding.map((a) => a.departmentId))];
}

/** The role names the actor holds in the department, for the audit record. */
export function rolesIn(actor: Actor, departmentId?: string | null): string {
  const roles = actor.assignments.filter((a) => a.global || departmentId == null || a.departmentId === departmentId);
  return [...new Set(roles.map((a) => a.roleName))].join(', ');
}

/**
 * The one answer for a record that does not exist and for one the caller may not see (DESIGN
 * §3.2): the same status, code and message, so the same bytes and content-length, either way.
 * Services throw this, never a "does not exist" of their own, for anything that is hidden.
 */
export const hiddenRecord = (): AppError => new AppError('not_found');

/** Errors thrown after their refusal was audited here, so the audited seam does not audit them twice. */
const auditedErrors = new WeakSet<object>();
const audited = <E extends object>(error: E): E => (auditedErrors.add(error), error);
/** Whether the error's refusal (or missing record) is already in the audit log. */
export const wasAudited = (error: unknown): boolean => typeof error === 'object' && error !== null && auditedErrors.has(error);

export interface AccessRequest {
  right: Right;
  /** The audit action, e.g. `patient.lookup`. */
  action: string;
  departmentId?: string | null;
  objectType?: string;
  objectId?: string | null;
  patientId?: string | null;
  /** Administrative functions are not secret; refuse them with 403 instead of hiding them. */
  disclose?: boolean;
  /** The "does not exist" answer of this kind of record (default `not_found`). */
  hiddenAs?: 'not_found' | 'patient_not_found';
}

/** What the rights check needs to know of a case. */
export interface CaseScope {
  id: string;
  departmentId: string;
  patientId: string | null;
  /** The case's patient is marked confidential (skyddade personuppgifter). */
  confidential: boolean;
  /**
   * Whether the caller's emergency opening of the case runs now, when the query that loaded the case
   * already asked (the case read, issue 20); otherwise Access asks the database itself.
   */
  opened?: boolean;
}

/**
 * The hook for an external blocking or consent service (e.g. a national consent register):
 * asked before any patient case is shown. The default allows everything.
 */
export interface ConsentCheck {
  allows(request: { userId: string; patientId: string; departmentId: string; caseId: string }): Promise<boolean>;
}

export const allowAllConsent: ConsentCheck = { allows: async () => true };

/** The refusal of a confidential patient's identity outside a case, in words a clinician can act on. */
const CONFIDENTIAL_IDENTITY_MESSAGE =
  'Patienten är konfidentiell. Personnumret visas eller skrivs ut bara för den som har nödöppnat ett av patientens ärenden, med en angiven anledning. Skriv ut blanketten utan patient och fyll i identiteten för hand.';

/** A patient named outside a case (e.g. on a backlog item), in a department. */
export interface PatientIdentityScope {
  patientId: string | null;
  departmentId: string;
  confidential: boolean;
}

const openingKey = (patientId: string, departmentId: string) => `${patientId} ${departmentId}`;

/**
 * Whether a patient's identifier may be shown to the actor: patient.read in the department and,
 * for a confidential patient, a running emergency opening of one of the patient's cases there
 * (`opened` from {@link Access.openedPatients}).
 */
export function identityShown(actor: Actor, scope: PatientIdentityScope, opened: ReadonlySet<string>): boolean {
  if (scope.patientId === null || !hasRight(actor, 'patient.read', scope.departmentId)) return false;
  return !scope.confidential || opened.has(openingKey(scope.patientId, scope.departmentId));
}

/**
 * Whether the actor may read a patient's own records outside a case (the patient page, written
 * consents) given the departments the patient has cases in: case.read in one of them, or, for a
 * patient with no case yet (just registered by a lookup or an EHR launch), patient.read anywhere —
 * what a lookup by identifier would give them. Anyone else is answered as if the patient did not exist.
 */
export function patientRecordsVisible(actor: Actor, caseDepartments: readonly string[]): boolean {
  if (caseDepartments.length === 0) return departmentsWithRight(actor, 'patient.read') === 'all' || (departmentsWithRight(actor, 'patient.read') as string[]).length > 0;
  return caseDepartments.some((departmentId) => hasRight(actor, 'case.read', departmentId));
}

/** A case as a list may show it: in full, or only as "Konfidentiellt". */
export type CaseVisibility = 'full' | 'confidential';

export class Access {
  constructor(
    private readonly audit: AuditRecorder,
    private readonly emergencyAccess: EmergencyAccessRepository,
    private readonly consent: ConsentCheck = allowAllConsent,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The authenticated actor, or `not_authenticated`. */
  authenticated(ctx: RequestContext): Actor {
    if (!ctx.actor) throw new AppError('not_authenticated');
    return ctx.actor;
  }

  /**
   * The check for everything inside a case (the case itself, its media and derived files): the
   * right in the case's department (refused as if the case did not exist), then, for a confidential
   * patient, a running emergency opening by this user, then the external consent hook.
   */
  async requireCase(ctx: RequestContext, right: Right, scope: CaseScope, action: string, objectType = 'case', objectId?: string): Promise<Actor> {
    const request = {
      right,
      action,
      departmentId: scope.departmentId,
      patientId: scope.patientId,
      objectType,
      objectId: objectId ?? scope.id,
    };
    const actor = await this.require(ctx, request);
    if (scope.patientId === null) return actor;
    if (scope.confidential && !(scope.opened ?? ((await this.emergencyAccess.active(actor.userId, scope.id, this.clock.now().toISOString())) !== undefined))) {
      await this.refuse(ctx, request, { reason: 'confidential' });
      throw audited(new AppError('confidential'));
    }
    const allowed = await this.consent.allows({ userId: actor.userId, patientId: scope.patientId, departmentId: scope.departmentId, caseId: scope.id });
    if (!allowed) {
      await this.refuse(ctx, request, { reason: 'consent_blocked' });
      throw audited(new AppError('access_blocked'));
    }
    return actor;
  }

  /**
   * The check for a patient's identity shown outside a case (a pre-filled downtime form): the
   * right (in the department when given; refused as if the patient did not exist), then, for a
   * confidential patient, a running emergency opening by this user of one of the patient's cases
   * (in that department when given), as for every other read. Refusals are audited here; the
   * caller audits the success. `load` is called only once the right is held.
   */
  async requirePatientIdentity<P extends { id: string; confidential: boolean }>(
    ctx: RequestContext,
    request: AccessRequest & { patientId: string },
    load: () => Promise<P>,
    refusal = CONFIDENTIAL_IDENTITY_MESSAGE,
  ): Promise<{ actor: Actor; patient: P }> {
    const actor = await this.require(ctx, request);
    const patient = await load();
    if (patient.confidential && !(await this.emergencyAccess.activeForPatient(actor.userId, patient.id, this.clock.now().toISOString(), request.departmentId ?? null))) {
      await this.refuse(ctx, request, { reason: 'confidential' });
      throw audited(new AppError('confidential', refusal));
    }
    return { actor, patient };
  }

  /** The confidential patients (and departments) among these for which the actor's emergency opening runs; for {@link identityShown}. */
  async openedPatients(actor: Actor, scopes: readonly PatientIdentityScope[]): Promise<Set<string>> {
    const confidential = [...new Set(scopes.filter((s) => s.confidential && s.patientId !== null).map((s) => s.patientId!))];
    const rows = await this.emergencyAccess.activeForPatients(actor.userId, confidential, this.clock.now().toISOString());
    return new Set(rows.map((r) => openingKey(r.patientId, r.departmentId)));
  }

  /**
   * How each case of a list may be shown to the actor, who already holds the read right in the
   * cases' departments: a confidential patient's case only in full while this user's emergency
   * opening of it runs.
   */
  async caseVisibility(actor: Actor, scopes: readonly CaseScope[]): Promise<Map<string, CaseVisibility>> {
    // Asked of the database only for the cases whose query did not already say (CaseScope.opened).
    const unknown = scopes.filter((s) => s.confidential && s.patientId !== null && s.opened === undefined).map((s) => s.id);
    const opened = await this.emergencyAccess.activeAmong(actor.userId, unknown, this.clock.now().toISOString());
    return new Map(scopes.map((s) => [s.id, s.confidential && s.patientId !== null && !(s.opened ?? opened.has(s.id)) ? 'confidential' : 'full']));
  }

  async require(ctx: RequestContext, request: AccessRequest): Promise<Actor> {
    const actor = this.authenticated(ctx);
    if (hasRight(actor, request.right, request.departmentId)) return actor;
    await this.refuse(ctx, request, { missingRight: request.right });
    if (request.disclose) throw audited(new AppError('forbidden'));
    throw audited(request.hiddenAs === 'patient_not_found' ? new AppError('patient_not_found') : hiddenRecord());
  }

  /**
   * A record that does not exist: audited as a failure and answered exactly as a refusal of one
   * that exists ({@link hiddenRecord}), so nobody can tell the two apart.
   */
  async missing(ctx: RequestContext, request: { action: string; objectType: string; objectId: string }): Promise<never> {
    this.authenticated(ctx);
    await this.audit.record(ctx, { action: request.action, outcome: 'failure', objectType: request.objectType, objectId: request.objectId, details: { reason: 'not_found' } });
    throw audited(hiddenRecord());
  }

  private async refuse(ctx: RequestContext, request: AccessRequest, details: Record<string, unknown>): Promise<void> {
    await this.audit.record(ctx, {
      action: request.action,
      outcome: 'refused',
      departmentId: request.departmentId ?? null,
      objectType: request.objectType ?? null,
      objectId: request.objectId ?? null,
      patientId: request.patientId ?? null,
      details,
    });
  }
}
