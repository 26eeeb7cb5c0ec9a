import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import type { DepartmentLookup } from '../departments/department-lookup.js';
import { departmentsWithRight, type Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations } from '../rights/audited.js';
import type { CollectionView } from './case-views.js';
import type { CasesRepository, CollectionRow } from './cases-repository.js';

/** Teaching collections (M4): de-identified cases grouped for teaching, per department. */
export class CollectionsService {
  constructor(
    private readonly repository: CasesRepository,
    private readonly departments: DepartmentLookup,
    private readonly access: Access,
    private readonly audited: AuditedOperations,
    private readonly clock: Clock = systemClock,
  ) {}

  create(ctx: RequestContext, input: { departmentId: string; name: string; description?: string }): Promise<CollectionView> {
    return this.audited.write(ctx, 'collection.create', { objectType: 'collection' }, async (op) => {
      await op.require({ right: 'teaching.manage', departmentId: input.departmentId, objectType: 'collection', disclose: true });
      const department = await this.departments.find(input.departmentId);
      if (!department || department.active !== 1) {
        throw new AppError('validation_failed', 'Avdelningen finns inte eller är inaktiv.', { field: 'departmentId' });
      }
      const now = this.clock.now().toISOString();
      const row: CollectionRow = {
        id: randomUUID(),
        department_id: input.departmentId,
        name: input.name.trim(),
        description: input.description?.trim() || null,
        created_by: op.actor.userId,
        created_at: now,
        updated_at: now,
      };
      const existing = await this.repository.collections([input.departmentId]);
      if (existing.some((c) => c.name.toLocaleLowerCase('sv') === row.name.toLocaleLowerCase('sv'))) {
        throw new AppError('conflict', 'Avdelningen har redan en samling med det namnet.', { field: 'name' });
      }
      // The event names the collection and its department only (the original event had no patient).
      op.about({ objectId: row.id, departmentId: row.department_id });
      await op.commit((tx) => this.repository.insertCollection(tx, row));
      return { id: row.id, departmentId: row.department_id, name: row.name, description: row.description, caseCount: 0, createdAt: row.created_at };
    });
  }

  /**
   * Collections of the departments where the caller may read cases or manage teaching material.
   * Names and counts only, no patient data: not audited.
   */
  async list(ctx: RequestContext, departmentId?: string): Promise<CollectionView[]> {
    const actor = this.access.authenticated(ctx);
    const read = departmentsWithRight(actor, 'case.read');
    const manage = departmentsWithRight(actor, 'teaching.manage');
    let departments: string[] | 'all' = read === 'all' || manage === 'all' ? 'all' : [...new Set([...read, ...manage])];
    if (departmentId !== undefined) departments = departments === 'all' || departments.includes(departmentId) ? [departmentId] : [];
    const rows = await this.repository.collections(departments);
    return rows.map((r) => ({ id: r.id, departmentId: r.department_id, name: r.name, description: r.description, caseCount: r.case_count, createdAt: r.created_at }));
  }
}
