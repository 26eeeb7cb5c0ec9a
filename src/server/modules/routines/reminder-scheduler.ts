import { PeriodicTask } from '../jobs/periodic-task.js';
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
  private readonly task: PeriodicTask;

  constructor(service: Pick<RoutineRemindersService, 'checkReminders'>, options: ReminderSchedulerOptions = {}) {
    this.task = new PeriodicTask(() => service.checkReminders(), {
      intervalMs: options.intervalMs ?? 24 * 60 * 60 * 1000,
      onError: (error) => options.logger?.warn({ err: error }, 'routine reminder check failed'),
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
