import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContinuityScheduler } from './continuity-scheduler.js';

/** A stand-in for the service: probes with intervals, and a record of runs. */
function fakeService(schedule: { systemId: string; intervalSeconds: number }[], runMs = 0) {
  const runs: string[] = [];
  const listeners = new Set<() => void>();
  let running = 0;
  let aborted = 0;
  const service = {
    probeSchedule: async () => [...schedule],
    runProbe: async (systemId: string, signal?: AbortSignal) => {
      runs.push(systemId);
      running++;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, runMs);
        signal?.addEventListener('abort', () => {
          aborted++;
          clearTimeout(timer);
          resolve();
        });
      });
      running--;
      return null;
    },
    refreshMode: vi.fn(async () => 'read_write' as const),
    onProbesChanged: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    service,
    runs,
    refreshMode: service.refreshMode,
    running: () => running,
    aborted: () => aborted,
    changed: () => listeners.forEach((l) => l()),
    schedule,
  };
}

describe('continuity scheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('runs each enabled probe at once and then every interval', async () => {
    vi.useFakeTimers();
    const fake = fakeService([
      { systemId: 'a', intervalSeconds: 1 },
      { systemId: 'b', intervalSeconds: 3 },
    ]);
    const scheduler = new ContinuityScheduler(fake.service, fake.service, { probes: true, refreshMs: 60_000 }).start();
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.runs.sort()).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(fake.runs.filter((r) => r === 'a')).toHaveLength(4);
    expect(fake.runs.filter((r) => r === 'b')).toHaveLength(2);
    await scheduler.stop();
  });

  it('follows probes added and removed, and refreshes the mode periodically', async () => {
    vi.useFakeTimers();
    const fake = fakeService([]);
    const scheduler = new ContinuityScheduler(fake.service, fake.service, { probes: true, refreshMs: 5000 }).start();
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.runs).toEqual([]);
    fake.schedule.push({ systemId: 'a', intervalSeconds: 2 });
    fake.changed();
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.runs).toEqual(['a']);
    fake.schedule.splice(0);
    fake.changed();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.runs).toEqual(['a']);
    expect(fake.refreshMode).toHaveBeenCalledTimes(2);
    await scheduler.stop();
  });

  it('runs no probes when told not to, but still refreshes the mode', async () => {
    vi.useFakeTimers();
    const fake = fakeService([{ systemId: 'a', intervalSeconds: 1 }]);
    const scheduler = new ContinuityScheduler(fake.service, fake.service, { probes: false, refreshMs: 1000 }).start();
    await vi.advanceTimersByTimeAsync(3500);
    expect(fake.runs).toEqual([]);
    expect(fake.refreshMode).toHaveBeenCalledTimes(3);
    await scheduler.stop();
  });

  it('on stop, aborts and waits for running checks, and runs nothing afterwards', async () => {
    const fake = fakeService([{ systemId: 'a', intervalSeconds: 1 }], 5000);
    const scheduler = new ContinuityScheduler(fake.service, fake.service, { probes: true, refreshMs: 60_000 }).start();
    for (let i = 0; i < 100 && fake.running() === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(fake.running()).toBe(1);
    const started = Date.now();
    await scheduler.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fake.running()).toBe(0);
    expect(fake.aborted()).toBe(1);
    const runs = fake.runs.length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(fake.runs.length).toBe(runs);
  });
});
