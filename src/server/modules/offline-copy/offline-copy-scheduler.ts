import { PeriodicTask } from '../jobs/periodic-task.js';
import type { OfflineCopyService } from './offline-copy-service.js';

export interface OfflineCopySchedulerOptions {
  /** How often the schedule is looked at (default every 30 s; the snapshot itself is a durable job). */
  intervalMs?: number;
  logger?: { info(object: object, message?: string): void; warn(object: object, message?: string): void; error(object: object, message?: string): void };
}

/**
 * Makes the scheduled snapshots (KASUS_OFFLINE_COPY_TIMES) and flags missed syncs, at start and then
 * every interval, on the shared PeriodicTask (never two checks at once; stop() waits for the one under
 * way). Every node may run it: a scheduled time's snapshot is unique in the database, and a miss is
 * notified once.
 */
export class OfflineCopyScheduler {
  private readonly task: PeriodicTask;

  constructor(service: Pick<OfflineCopyService, 'tick'>, options: OfflineCopySchedulerOptions = {}) {
    this.task = new PeriodicTask(() => service.tick(options.logger), {
      intervalMs: options.intervalMs ?? 30_000,
      onError: (error) => options.logger?.warn({ err: error }, 'offline copy schedule check failed'),
    });
  }

  start(): this {
    this.task.start();
    return this;
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
