import { AppError } from '../../http/errors.js';
import type { Operation } from '../rights/audited.js';
import type { Right } from '../rights/rights.js';
import type { CaseWithPatient, CasesRepository } from './cases-repository.js';
import { caseScope } from './case-views.js';

/**
 * Loads a case inside an audited operation and decides the caller's right to it: a missing case
 * and one the caller may not read get the same 404 (the rights module's); who can read it but
 * lacks the right to change it is told so (403). The operation's event is then about the case.
 */
export class CaseGate {
  constructor(private readonly repository: CasesRepository) {}

  async authorize(op: Operation, id: string, right: Right): Promise<CaseWithPatient> {
    void op.caller; // not logged in: 401 before anything is looked up
    const row = await this.repository.find(id);
    if (!row) return op.missing('case', id);
    const scope = caseScope(row);
    await op.requireCase('case.read', scope);
    if (right !== 'case.read') {
      await op.require({ right, departmentId: scope.departmentId, patientId: scope.patientId, objectType: 'case', objectId: scope.id, disclose: true });
    }
    return row;
  }

  /** A draft the caller may change; a signed case is refused (audited as such), a newer version answers case_changed. */
  async editableDraft(op: Operation, id: string, expectedVersion?: number): Promise<CaseWithPatient> {
    const row = await this.authorize(op, id, 'case.write');
    if (row.status !== 'draft') op.refuse(new AppError('case_locked'), { reason: 'case_locked' });
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw new AppError('case_changed');
    return row;
  }
}
