import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor, RequestContext } from './actor.js';
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
}

export class Access {
  constructor(private readonly audit: AuditLog) {}

  /** The authenticated actor, or `not_authenticated`. */
  authenticated(ctx: RequestContext): Actor {
    if (!ctx.actor) throw new AppError('not_authenticated');
    return ctx.actor;
  }

  /**
   * The check for everything inside a case (the case itself, its media and derived files): the
   * right in the case's department. Refused as if the case did not exist.
   */
  requireCase(ctx: RequestContext, right: Right, scope: CaseScope, action: string, objectType = 'case', objectId?: string): Promise<Actor> {
    return this.require(ctx, {
      right,
      action,
      departmentId: scope.departmentId,
      patientId: scope.patientId,
      objectType,
      objectId: objectId ?? scope.id,
    });
  }

  async require(ctx: RequestContext, request: AccessRequest): Promise<Actor> {
    const actor = this.authenticated(ctx);
    if (hasRight(actor, request.right, request.departmentId)) return actor;
    await this.audit.record(ctx, {
      action: request.action,
      outcome: 'refused',
      departmentId: request.departmentId ?? null,
      objectType: request.objectType ?? null,
      objectId: request.objectId ?? null,
      patientId: request.patientId ?? null,
      details: { missingRight: request.right },
    });
    throw new AppError(request.disclose ? 'forbidden' : (request.hiddenAs ?? 'not_found'));
  }
}
