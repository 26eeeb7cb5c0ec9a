import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import { departmentsWithRight, hasRight } from '../rights/access.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import {
  toSummary,
  type IncidentChange,
  type IncidentStatus,
  type IncidentSummary,
  type IncidentView,
  type IncidentViews,
  type UpdateKind,
} from './incident-views.js';
import type { IncidentTransaction, IncidentsRepository } from './incidents-repository.js';

/**
 * C5 incidents after the report: listing them, reading one, and handling it (comments, status,
 * the service desk's case number) in its timeline. Report intake is in incident-report-service.ts,
 * delivery to the service desk in incident-delivery-service.ts, service desks in service-desks-service.ts.
 */
export class IncidentsService {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly views: IncidentViews,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {}

  async list(ctx: RequestContext, filter: { status?: IncidentStatus }, page: number, pageSize: number): Promise<{ items: IncidentSummary[]; total: number }> {
    const actor = this.access.authenticated(ctx);
    const departments = hasRight(actor, 'continuity.manage') ? 'all' : departmentsWithRight(actor, 'incident.report');
    const { items, total } = await this.repository.list({ departments, status: filter.status }, page, pageSize);
    return { items: items.map(toSummary), total };
  }

  async get(ctx: RequestContext, id: string): Promise<IncidentView> {
    await this.readable(ctx, id, 'incident.read');
    return this.views.view(id);
  }

  /** Adds a comment (and possibly a status change) to the timeline. */
  async addUpdate(ctx: RequestContext, id: string, input: { message: string; status?: IncidentStatus }): Promise<IncidentView> {
    const message = input.message.trim();
    if (!message) throw new AppError('validation_failed', 'Skriv vad som har hänt (message).', { field: 'message' });
    return this.change(ctx, id, { message, status: input.status }, 'incident.update');
  }

  /** Records the service desk's case number and/or a new status. */
  async update(ctx: RequestContext, id: string, input: IncidentChange): Promise<IncidentView> {
    if (input.serviceDeskCaseNumber === undefined && input.status === undefined && !input.message?.trim()) {
      throw new AppError('validation_failed', 'Ange servicedeskens ärendenummer (serviceDeskCaseNumber) eller ny status (status).', { field: 'status' });
    }
    return this.change(ctx, id, input, 'incident.update');
  }

  private async change(ctx: RequestContext, id: string, input: IncidentChange, action: string): Promise<IncidentView> {
    const { actor, row } = await this.readable(ctx, id, action);
    const now = this.clock.now().toISOString();
    const entries: { kind: UpdateKind; status: IncidentStatus | null; message: string | null }[] = [];
    const changes: Parameters<IncidentTransaction['updateIncident']>[1] = {};
    const caseNumber = input.serviceDeskCaseNumber === undefined ? undefined : blankToNull(input.serviceDeskCaseNumber);
    if (caseNumber !== undefined && caseNumber !== row.service_desk_case_number) {
      changes.service_desk_case_number = caseNumber;
      entries.push({ kind: 'case_number', status: null, message: caseNumber === null ? 'Ärendenumret togs bort.' : `Servicedeskens ärendenummer: ${caseNumber}` });
    }
    const comment = blankToNull(input.message);
    if (input.status !== undefined && input.status !== row.status) {
      changes.status = input.status;
      changes.resolved_at = input.status === 'resolved' ? now : null;
      entries.push({ kind: 'status', status: input.status, message: comment });
    } else if (comment) {
      entries.push({ kind: 'comment', status: null, message: comment });
    }
    if (entries.length > 0) {
      await this.repository.withLock(async (tx) => {
        await tx.updateIncident(id, { ...changes, updated_at: now });
        for (const entry of entries) await tx.insertUpdate({ id: randomUUID(), incident_id: id, ...entry, created_by: actor.userId, created_at: now });
      });
      await this.audit.record(ctx, {
        action,
        outcome: 'success',
        departmentId: row.department_id,
        objectType: 'incident',
        objectId: id,
        details: { status: input.status ?? null, serviceDeskCaseNumber: caseNumber ?? null, comment: comment !== null },
      });
    }
    return this.views.view(id);
  }

  /** The incident if the caller may see it: incident.report in its department, or continuity.manage. */
  private async readable(ctx: RequestContext, id: string, action: string) {
    const actor = this.access.authenticated(ctx);
    const row = await this.repository.find(id);
    // A missing incident and one of another department get the same answer (the rights module's).
    if (!row) return this.access.missing(ctx, { action, objectType: 'incident', objectId: id });
    if (!hasRight(actor, 'continuity.manage')) {
      await this.access.require(ctx, { right: 'incident.report', action, departmentId: row.department_id, objectType: 'incident', objectId: id });
    }
    return { actor, row };
  }
}
