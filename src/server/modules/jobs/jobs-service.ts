import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { JobQueue } from './job-queue.js';
import { isJobName, type JobStatus } from './job-types.js';
import type { JobRow, JobsRepository } from './jobs-repository.js';

export interface JobView {
  id: string;
  name: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  leaseUntil: string | null;
  lockedBy: string | null;
  lastError: string | null;
  uniqueKey: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface JobListQuery {
  status?: JobStatus;
  name?: string;
  page?: number;
  pageSize?: number;
}

function parsePayload(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { unparsable: text.slice(0, 200) };
  }
}

export const toJobView = (row: JobRow): JobView => ({
  id: row.id,
  name: row.name,
  payload: parsePayload(row.payload),
  status: row.status as JobStatus,
  attempts: Number(row.attempts),
  maxAttempts: Number(row.max_attempts),
  runAt: row.run_at,
  leaseUntil: row.lease_until,
  lockedBy: row.locked_by,
  lastError: row.last_error,
  uniqueKey: row.unique_key,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  finishedAt: row.finished_at,
});

/** What administrators see of the job queue, and the one thing they may do: run a dead job again. */
export class JobsService {
  constructor(
    private readonly repository: JobsRepository,
    private readonly queue: JobQueue,
    private readonly access: Access,
    private readonly audit: AuditLog,
  ) {}

  async list(ctx: RequestContext, query: JobListQuery = {}): Promise<{ items: JobView[]; total: number }> {
    await this.access.require(ctx, { right: 'admin', action: 'job.list', objectType: 'job', disclose: true });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { items, total } = await this.repository.list({ status: query.status, name: query.name }, page, pageSize);
    return { items: items.map(toJobView), total };
  }

  async counts(ctx: RequestContext): Promise<Record<JobStatus, number>> {
    await this.access.require(ctx, { right: 'admin', action: 'job.list', objectType: 'job', disclose: true });
    return this.repository.counts();
  }

  /** Puts a dead job back in the queue with its attempts reset; audited. */
  async retry(ctx: RequestContext, id: string): Promise<JobView> {
    await this.access.require(ctx, { right: 'admin', action: 'job.retry', objectType: 'job', objectId: id, disclose: true });
    const existing = await this.repository.find(id);
    if (!existing) throw new AppError('not_found', 'Jobbet finns inte.');
    const retried = await this.repository.retryDead(id, this.queue.now());
    if (!retried) {
      throw new AppError('conflict', 'Bara jobb som har gett upp (status dead) kan köras igen.', { status: existing.status });
    }
    await this.audit.record(ctx, {
      action: 'job.retry',
      outcome: 'success',
      objectType: 'job',
      objectId: id,
      details: { name: existing.name, attempts: Number(existing.attempts) },
    });
    if (isJobName(retried.name)) this.queue.wake(retried.name);
    return toJobView(retried);
  }
}
