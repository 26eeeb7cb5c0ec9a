import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { DepartmentRow, DepartmentsRepository } from './departments-repository.js';

/** HSA-id: "SE", the organisation number (10 digits), a dash and the unit's extension. */
export const HSA_ID_PATTERN = /^SE\d{10}-[A-Z0-9]{1,20}$/;

export interface Department {
  id: string;
  hsaId: string;
  name: string;
  active: boolean;
}

export const toDepartment = (row: DepartmentRow): Department => ({
  id: row.id,
  hsaId: row.hsa_id,
  name: row.name,
  active: row.active === 1,
});

export function normalizeHsaId(input: string): string {
  const hsaId = input.trim().toUpperCase();
  if (!HSA_ID_PATTERN.test(hsaId)) {
    throw new AppError(
      'validation_failed',
      'HSA-id ska vara SE, tio siffror för organisationsnumret, bindestreck och enhetens tillägg, t.ex. SE2321000016-15CQ.',
      { field: 'hsaId' },
    );
  }
  return hsaId;
}

export class DepartmentsService {
  constructor(
    private readonly repository: DepartmentsRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Departments are organisational facts, not patient data: every signed-in user may list them. */
  async list(ctx: RequestContext): Promise<Department[]> {
    this.access.authenticated(ctx);
    return (await this.repository.list()).map(toDepartment);
  }

  /** Every department, without a rights check: for start-up only. */
  async listAll(): Promise<Department[]> {
    return (await this.repository.list()).map(toDepartment);
  }

  async create(ctx: RequestContext, input: { hsaId: string; name: string }): Promise<Department> {
    await this.access.require(ctx, { right: 'admin', action: 'department.create', objectType: 'department', disclose: true });
    return this.createTrusted(input, ctx);
  }

  /** Creates a department without a rights check: for start-up and demo data only. */
  async createTrusted(
    input: { hsaId: string; name: string },
    ctx: RequestContext = { actor: null, clientIp: null, requestId: 'bootstrap' },
  ): Promise<Department> {
    const hsaId = normalizeHsaId(input.hsaId);
    if (await this.repository.findByHsaId(hsaId)) {
      throw new AppError('conflict', `Det finns redan en avdelning med HSA-id ${hsaId}.`, { field: 'hsaId' });
    }
    const now = this.clock.now().toISOString();
    const row: DepartmentRow = { id: randomUUID(), hsa_id: hsaId, name: input.name.trim(), active: 1, created_at: now, updated_at: now };
    await this.repository.insert(row);
    await this.audit.record(ctx, {
      action: 'department.create',
      outcome: 'success',
      departmentId: row.id,
      objectType: 'department',
      objectId: row.id,
      details: { hsaId, name: row.name },
    });
    return toDepartment(row);
  }

  async update(ctx: RequestContext, id: string, input: { name?: string; active?: boolean }): Promise<Department> {
    await this.access.require(ctx, { right: 'admin', action: 'department.update', objectType: 'department', objectId: id, disclose: true });
    const existing = await this.repository.find(id);
    if (!existing) throw new AppError('not_found', 'Avdelningen finns inte.');
    const changes = {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      updated_at: this.clock.now().toISOString(),
    };
    await this.repository.update(id, changes);
    await this.audit.record(ctx, {
      action: 'department.update',
      outcome: 'success',
      departmentId: id,
      objectType: 'department',
      objectId: id,
      details: { name: input.name, active: input.active },
    });
    return toDepartment({ ...existing, ...changes });
  }
}
