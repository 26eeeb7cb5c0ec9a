import crypto from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { CaseScope } from './access.js';
import type { RequestContext } from './actor.js';
import type { AuditedOperations } from './audited.js';
import type { EmergencyAccessRepository } from './emergency-access-repository.js';
import { checkReason, normalizeReason } from './reason.js';

/** What the rights module needs of the cases module to open a case: its scope (cases provides it, services.ts injects it). */
export interface CaseScopes {
  scopeOf(caseId: string): Promise<CaseScope | undefined>;
}

/**
 * Emergency opening of a confidential patient's case for a limited time (nödöppning). Needs the
 * read right (refused as if the case did not exist) and the emergency-open right in the case's
 * department, and a reason; the opening is committed with its audit event, and a refused attempt
 * is audited too: who tried to open what without saying why.
 */
export class EmergencyOpening {
  constructor(
    private readonly repository: EmergencyAccessRepository,
    private readonly cases: CaseScopes,
    private readonly audited: AuditedOperations,
    private readonly durationMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  open(ctx: RequestContext, caseId: string, reason: string): Promise<{ expiresAt: string }> {
    return this.audited.write(ctx, 'case.emergency_open', { objectType: 'case', objectId: caseId }, async (op) => {
      void op.caller;
      const scope = await this.cases.scopeOf(caseId);
      if (!scope) return op.missing('case', caseId);
      const request = { departmentId: scope.departmentId, patientId: scope.patientId, objectType: 'case', objectId: scope.id };
      await op.require({ ...request, right: 'case.read' });
      const actor = await op.require({ ...request, right: 'case.emergency_open', disclose: true });
      if (!scope.confidential || scope.patientId === null) throw new AppError('not_confidential');
      const given = checkReason(reason);
      if (given.problem) {
        let refusal: AppError;
        try {
          normalizeReason(reason);
          refusal = new AppError('reason_required');
        } catch (error) {
          refusal = error as AppError;
        }
        return op.refuse(refusal, { reason: 'reason_required', problem: given.problem });
      }
      const normalized = normalizeReason(reason);
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + this.durationMs).toISOString();
      const row = {
        id: crypto.randomUUID(),
        user_id: actor.userId,
        case_id: scope.id,
        patient_id: scope.patientId,
        department_id: scope.departmentId,
        reason: normalized,
        granted_at: now.toISOString(),
        expires_at: expiresAt,
      };
      await op.commit((tx) => this.repository.insert(row, tx), { reason: normalized, expiresAt });
      return { expiresAt };
    });
  }
}
