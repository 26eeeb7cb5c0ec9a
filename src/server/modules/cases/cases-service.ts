import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { DepartmentsRepository } from '../departments/departments-repository.js';
import type { PatientsRepository } from '../patients/patients-repository.js';
import { departmentsWithRight, type Access, type CaseScope } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { Right } from '../rights/rights.js';
import type { MediaView } from '../media/media-service.js';
import type { CaseRow, CasesRepository } from './cases-repository.js';

export interface CaseSummary {
  id: string;
  patientId: string | null;
  departmentId: string;
  status: 'draft' | 'signed';
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export const toCaseSummary = (row: CaseRow): CaseSummary => ({
  id: row.id,
  patientId: row.patient_id,
  departmentId: row.department_id,
  status: row.status as CaseSummary['status'],
  version: row.version,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const caseScope = (row: CaseRow): CaseScope => ({ id: row.id, departmentId: row.department_id, patientId: row.patient_id });

/**
 * The minimal case of patient and department that media is added to; the cases issue adds forms,
 * signing and versions on top of it.
 */
export class CasesService {
  constructor(
    private readonly repository: CasesRepository,
    private readonly patients: PatientsRepository,
    private readonly departments: DepartmentsRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    /** The case's media, from the media module (which itself depends on cases). */
    private readonly mediaOf: (caseId: string) => Promise<MediaView[]>,
  ) {}

  /** A case with its media; reading it is audited. */
  async view(ctx: RequestContext, id: string): Promise<CaseSummary & { media: MediaView[] }> {
    const row = await this.authorized(ctx, id, 'case.read', 'case.read');
    await this.audit.record(ctx, {
      action: 'case.read',
      outcome: 'success',
      departmentId: row.department_id,
      patientId: row.patient_id,
      objectType: 'case',
      objectId: row.id,
    });
    return { ...toCaseSummary(row), media: await this.mediaOf(row.id) };
  }

  /** Loads a case the caller holds the right for; anything else answers 404 as if it did not exist. */
  async authorized(ctx: RequestContext, id: string, right: Right, action: string): Promise<CaseRow> {
    this.access.authenticated(ctx);
    const row = await this.repository.find(id);
    if (!row) {
      await this.audit.record(ctx, { action, outcome: 'failure', objectType: 'case', objectId: id, details: { reason: 'not_found' } });
      throw new AppError('not_found', 'Ärendet finns inte.');
    }
    await this.access.requireCase(ctx, right, caseScope(row), action);
    return row;
  }

  async create(ctx: RequestContext, input: { patientId: string; departmentId: string }): Promise<CaseSummary> {
    const department = await this.departments.find(input.departmentId);
    await this.access.require(ctx, {
      right: 'case.write',
      action: 'case.create',
      departmentId: input.departmentId,
      patientId: input.patientId,
      objectType: 'case',
      disclose: true,
    });
    if (!department || department.active !== 1) {
      throw new AppError('validation_failed', 'Avdelningen finns inte eller är inaktiv.', { field: 'departmentId' });
    }
    if (!(await this.patients.find(input.patientId))) {
      throw new AppError('validation_failed', 'Patienten finns inte. Sök fram patienten först.', { field: 'patientId' });
    }
    const now = new Date().toISOString();
    const row: CaseRow = {
      id: randomUUID(),
      patient_id: input.patientId,
      department_id: input.departmentId,
      status: 'draft',
      version: 1,
      created_by: ctx.actor!.userId,
      created_at: now,
      updated_at: now,
    };
    await this.repository.insert(row);
    await this.audit.record(ctx, {
      action: 'case.create',
      outcome: 'success',
      departmentId: row.department_id,
      patientId: row.patient_id,
      objectType: 'case',
      objectId: row.id,
    });
    return toCaseSummary(row);
  }

  async list(ctx: RequestContext, filter: { patientId?: string; departmentId?: string; status?: string }, page: number, pageSize: number) {
    const actor = this.access.authenticated(ctx);
    const readable = departmentsWithRight(actor, 'case.read');
    const departmentIds =
      filter.departmentId === undefined
        ? readable
        : readable === 'all' || readable.includes(filter.departmentId)
          ? [filter.departmentId]
          : [];
    const { items, total } = await this.repository.list({ ...filter, departmentIds }, page, pageSize);
    await this.audit.record(ctx, {
      action: 'case.list',
      outcome: 'success',
      departmentId: filter.departmentId ?? null,
      patientId: filter.patientId ?? null,
      objectType: 'case',
      details: { filter, page, returned: items.length },
    });
    return { items: items.map(toCaseSummary), total, page, pageSize };
  }
}
