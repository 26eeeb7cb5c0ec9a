import { departmentsWithRight } from './access.js';
import type { RequestContext } from './actor.js';
import type { AuditedOperations } from './audited.js';
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
    private readonly audited: AuditedOperations,
  ) {}

  list(
    ctx: RequestContext,
    filter: { departmentId?: string; userId?: string; from?: string; to?: string },
    page: number,
    pageSize: number,
  ): Promise<{ items: EmergencyAccessEntry[]; total: number; page: number; pageSize: number }> {
    const target = { departmentId: filter.departmentId ?? null, objectType: 'emergency_access' };
    return this.audited.read(ctx, 'emergency_access.report', target, async (op) => {
      const actor = await op.require({ right: 'audit.read', ...target, disclose: true });
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
      const result = {
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
      return { result, details: { filter, page, returned: items.length } };
    });
  }
}
