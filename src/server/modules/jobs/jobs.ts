import type { Database } from '../../db/database.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import { JobQueue, type JobQueueOptions } from './job-queue.js';
import type { JobHandlers } from './job-types.js';
import { JobsRepository } from './jobs-repository.js';
import { JobsService } from './jobs-service.js';
import { Worker, type WorkerOptions } from './worker.js';

/** Wires the job queue: `services.jobs = createJobs(database, access, auditLog)`. */
export function createJobs(database: Database, access: Access, auditLog: AuditLog, options: JobQueueOptions = {}) {
  const repository = new JobsRepository(database);
  const queue = new JobQueue(repository, options);
  const service = new JobsService(repository, queue, access, auditLog);
  return {
    repository,
    queue,
    service,
    /** A started worker on this queue; stop it (await worker.stop()) before closing the database. */
    startWorker: (handlers: JobHandlers, workerOptions: WorkerOptions = {}) => new Worker(queue, handlers, workerOptions).start(),
  };
}

export type Jobs = ReturnType<typeof createJobs>;
