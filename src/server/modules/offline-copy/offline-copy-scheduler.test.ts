import { describe, expect, it } from 'vitest';
import { OfflineCopyScheduler } from './offline-copy-scheduler.js';

describe('OfflineCopyScheduler', () => {
  it('looks at the schedule at start and every interval, warns of a failed check and goes on, and stop() waits for the check under way', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const warnings: unknown[] = [];
    const service = {
      tick: async () => {
        calls++;
        if (calls === 2) throw new Error('database away');
        if (calls === 3) await new Promise<void>((resolve) => (release = resolve));
      },
    };
    const logger = { info: () => {}, warn: (object: object) => warnings.push(object), error: () => {} };
    const scheduler = new OfflineCopyScheduler(service, { intervalMs: 10, logger }).start();
    expect(calls).toBe(1);
    while (calls < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(warnings).toHaveLength(1);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    // The third check is still under way (and no fourth began meanwhile).
    expect(stopped).toBe(false);
    expect(calls).toBe(3);
    release();
    await stopping;
    expect(stopped).toBe(true);
  });
});
