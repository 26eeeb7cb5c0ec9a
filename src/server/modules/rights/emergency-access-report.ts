import { departmentsWithRight, type Access } from './access.js';
import type { RequestContext } from './actor.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { EmergencyAccessRepository } from './emergency-access-repository.js';

export interface EmergencyAccessEntry {
  id: string;
  grantedAt: string;
  expiresAt: string;
  user: { id: string; username: string | null; displayName: string | null };
  departmentId: string;
  caseId: string;
  patientId: string | null;
  reason: string;
}

/** The log operators' report of emergency openings: who opened which case, when and why. */
export class EmergencyAccessReport {
  constructor(
    private readonly repository: EmergencyAccessRepository,
    private readonly access: Access,
    private readonly audit: AuditRecorder,
  ) {}

  async list(
    ctx: RequestContext,
    filter: { departmentId?: string; userId?: string; from?: string; to?: string },
    page: number,
    pageSize: number,
  ): Promise<{ items: EmergencyAccessEntry[]; total: number; page: number; pageSize: number }> {
    const actor = await this.access.require(ctx, {
      right: 'audit.read',
      action: 'emergency_access.report',
      departmentId: filter.departmentId ?? null,
      objectType: 'emergency_access',
      disclose: true,
    });
    const readable = departmentsWithRight(actor, 'audit.read');
    const departmentIds =
      filter.departmentId === undefined ? readable : readable === 'all' || readable.includes(filter.departmentId) ? [filter.departmentId] : [];
    const { items, total } = await this.repository.report(
      {
        departmentIds,
        ...(filter.userId ? { userId: filter.userId } : {}),
        ...(filter.from ? { from: filter.from } : {}),
        ...(filter.to ? { to: filter.to } : {}),
      },
      page,
      pageSize,
    );
    await this.audit.record(ctx, {
      action: 'emergency_access.report',
      outcome: 'success',
      departmentId: filter.departmentId ?? null,
      objectType: 'emergency_access',
      details: { filter, page, returned: items.length },
    });
    return {
      items: items.map((r) => ({
        id: r.id,
        grantedAt: r.granted_at,
        expiresAt: r.expires_at,
        user: { id: r.user_id, username: r.username, displayName: r.display_name },
        departmentId: r.department_id,
        caseId: r.case_id,
        patientId: r.patient_id,
        reason: r.reason,
      })),
      total,
      page,
      pageSize,
    };
  }
}
