import { AppError } from '../../http/errors.js';
import { departmentsWithRight, type Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditEvent, AuditLog } from './audit-log.js';
import type { AuditFilter } from './audit-repository.js';

export type AuditQuery = Omit<AuditFilter, 'departmentIds'>;

/** Finds a patient's id by national identifier (validating it); null when not registered. */
export type PatientResolver = (identifier: string) => Promise<string | null>;

export interface UserName {
  id: string;
  username: string;
  displayName: string;
}

const CSV_COLUMNS: (keyof AuditEvent)[] = [
  'seq', 'at', 'userId', 'username', 'role', 'departmentId', 'action', 'outcome',
  'objectType', 'objectId', 'patientId', 'clientIp', 'requestId', 'details',
];

/** Quotes a CSV cell, and defuses text that a spreadsheet would run as a formula. */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Reading the audit log: log operators see every department, others only those they hold audit.read in. */
export class AuditService {
  constructor(
    private readonly log: AuditLog,
    private readonly access: Access,
    private readonly resolvePatient: PatientResolver,
    private readonly userNames: () => Promise<{ id: string; username: string; display_name: string }[]>,
  ) {}

  private async scope(ctx: RequestContext, action: string, query: AuditQuery): Promise<AuditFilter> {
    const actor = await this.access.require(ctx, {
      right: 'audit.read',
      action,
      departmentId: query.departmentId ?? null,
      objectType: 'audit_log',
      disclose: true,
    });
    const departments = departmentsWithRight(actor, 'audit.read');
    if (query.from && query.to && query.from > query.to) {
      throw new AppError('validation_failed', 'Från-datum måste vara före till-datum.', { field: 'from' });
    }
    return departments === 'all' ? { ...query } : { ...query, departmentIds: departments };
  }

  async list(ctx: RequestContext, query: AuditQuery, page: number, pageSize: number) {
    const filter = await this.scope(ctx, 'audit.list', query);
    const result = await this.log.list(filter, page, pageSize);
    const names = await this.log.names(result.items);
    const items = result.items.map((event, i) => ({ ...event, ...names[i]! }));
    await this.log.record(ctx, {
      action: 'audit.list',
      outcome: 'success',
      departmentId: query.departmentId ?? null,
      patientId: query.patientId ?? null,
      objectType: 'audit_log',
      details: { filter: query, page, returned: result.items.length },
    });
    return { items, total: result.total, page, pageSize };
  }

  /**
   * Searches by a patient's national identifier, which travels in the request body and never in a
   * URL. An unregistered patient simply has no events.
   */
  async search(ctx: RequestContext, query: AuditQuery & { patientIdentifier?: string }, page: number, pageSize: number) {
    const { patientIdentifier, ...rest } = query;
    if (patientIdentifier === undefined) return this.list(ctx, rest, page, pageSize);
    await this.scope(ctx, 'audit.list', rest);
    const patientId = await this.resolvePatient(patientIdentifier);
    if (!patientId) {
      await this.log.record(ctx, {
        action: 'audit.list',
        outcome: 'success',
        objectType: 'audit_log',
        details: { filter: rest, patient: 'not_registered', page, returned: 0 },
      });
      return { items: [], total: 0, page, pageSize, patientId: null };
    }
    return { ...(await this.list(ctx, { ...rest, patientId }, page, pageSize)), patientId };
  }

  /** Names of all users, so that a log operator can pick one in the filter. */
  async users(ctx: RequestContext): Promise<UserName[]> {
    await this.access.require(ctx, { right: 'audit.read', action: 'audit.users', objectType: 'audit_log', disclose: true });
    return (await this.userNames()).map((u) => ({ id: u.id, username: u.username, displayName: u.display_name }));
  }

  /** Streams the filtered log as CSV, oldest first; the export itself is audited first. */
  async *exportCsv(ctx: RequestContext, query: AuditQuery): AsyncGenerator<string> {
    const filter = await this.scope(ctx, 'audit.export', query);
    await this.log.record(ctx, {
      action: 'audit.export',
      outcome: 'success',
      departmentId: query.departmentId ?? null,
      patientId: query.patientId ?? null,
      objectType: 'audit_log',
      details: { filter: query, format: 'csv' },
    });
    yield '\uFEFF' + CSV_COLUMNS.join(',') + '\r\n';
    for await (const event of this.log.iterate(filter)) {
      yield CSV_COLUMNS.map((column) => csvCell(event[column])).join(',') + '\r\n';
    }
  }
}
