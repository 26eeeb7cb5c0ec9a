import { describe, expect, it, vi } from 'vitest';
import { PeriodicTask } from './periodic-task.js';

describe('PeriodicTask', () => {
  it('with runAtStart false waits one interval; stop() waits for the run under way and ends the ticks', async () => {
    vi.useFakeTimers();
    try {
      let release: () => void = () => {};
      let finished = 0;
      const task = vi.fn(() => new Promise<void>((resolve) => (release = () => resolve())).then(() => void finished++));
      const periodic = new PeriodicTask(task, { intervalMs: 1000, runAtStart: false }).start();
      expect(task).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1000);
      expect(task).toHaveBeenCalledTimes(1);
      let stopped = false;
      const stopping = periodic.stop().then(() => (stopped = true));
      await vi.advanceTimersByTimeAsync(10);
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(finished).toBe(1);
      await vi.advanceTimersByTimeAsync(5000);
      expect(task).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells onError of a failed run and runs again at the next interval', async () => {
    vi.useFakeTimers();
    try {
      const onError = vi.fn();
      const task = vi.fn(async () => {
        throw new Error('database gone');
      });
      const periodic = new PeriodicTask(task, { intervalMs: 1000, onError }).start();
      await vi.advanceTimersByTimeAsync(1000);
      await periodic.stop();
      expect(task).toHaveBeenCalledTimes(2);
      expect(onError).toHaveBeenCalledTimes(2);
      expect(onError).toHaveBeenCalledWith(expect.any(Error));
    } finally {
      vi.useRealTimers();
    }
  });
});
