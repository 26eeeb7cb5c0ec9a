import type { RoutineRemindersService } from './routine-reminders-service.js';

export interface ReminderSchedulerOptions {
  /** How often the check runs after the one at start (default once a day). */
  intervalMs?: number;
  logger?: { warn(object: object, message: string): void };
}

/**
 * Checks the routines' expiry at start and then once a day. Every node may run it: the database's
 * unique key keeps it to one reminder per routine version and owner.
 */
export class ReminderScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly service: Pick<RoutineRemindersService, 'checkReminders'>,
    private readonly options: ReminderSchedulerOptions = {},
  ) {}

  start(): this {
    this.run();
    this.timer = setInterval(() => this.run(), this.options.intervalMs ?? 24 * 60 * 60 * 1000);
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
      .checkReminders()
      .then(() => undefined)
      .catch((error: unknown) => this.options.logger?.warn({ err: error }, 'routine reminder check failed'))
      .finally(() => {
        this.running = null;
      });
  }
}
