import { describe, expect, it, vi } from 'vitest';
import { ReminderScheduler } from './reminder-scheduler.js';
import type { RoutineRemindersService } from './routine-reminders-service.js';

describe('ReminderScheduler', () => {
  it('checks at start and then on its interval, never two checks at once, and stops cleanly', async () => {
    vi.useFakeTimers();
    try {
      let release: () => void = () => {};
      const checkReminders = vi.fn(() => new Promise<[]>((resolve) => (release = () => resolve([]))));
      const scheduler = new ReminderScheduler({ checkReminders } as unknown as RoutineRemindersService, { intervalMs: 1000 }).start();
      expect(checkReminders).toHaveBeenCalledTimes(1);
      // The first check is still running: the tick is skipped.
      await vi.advanceTimersByTimeAsync(1000);
      expect(checkReminders).toHaveBeenCalledTimes(1);
      release();
      await vi.advanceTimersByTimeAsync(1000);
      expect(checkReminders).toHaveBeenCalledTimes(2);
      release();
      await scheduler.stop();
      await vi.advanceTimersByTimeAsync(5000);
      expect(checkReminders).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs a failed check and keeps going', async () => {
    const warn = vi.fn();
    const checkReminders = vi.fn(async () => {
      throw new Error('database gone');
    });
    const scheduler = new ReminderScheduler({ checkReminders } as unknown as RoutineRemindersService, { intervalMs: 60_000, logger: { warn } }).start();
    await scheduler.stop();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), 'routine reminder check failed');
  });
});
