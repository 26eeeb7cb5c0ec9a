import type { OfflineCopyService } from './offline-copy-service.js';

export interface OfflineCopySchedulerOptions {
  /** How often the schedule is looked at (default every 30 s; the snapshot itself is a durable job). */
  intervalMs?: number;
  logger?: { info(object: object, message?: string): void; warn(object: object, message?: string): void; error(object: object, message?: string): void };
}

/**
 * Makes the scheduled snapshots (KASUS_OFFLINE_COPY_TIMES) and flags missed syncs. Every node may
 * run it: a scheduled time's snapshot is unique in the database, and a miss is notified once.
 */
export class OfflineCopyScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly service: Pick<OfflineCopyService, 'tick'>,
    private readonly options: OfflineCopySchedulerOptions = {},
  ) {}

  start(): this {
    this.run();
    this.timer = setInterval(() => this.run(), this.options.intervalMs ?? 30_000);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private run(): void {
    if (this.running) return;
    this.running = this.service
      .tick(this.options.logger)
      .catch((error: unknown) => this.options.logger?.warn({ err: error }, 'offline copy schedule check failed'))
      .finally(() => {
        this.running = null;
      });
  }
}
