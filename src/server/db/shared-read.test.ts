import { describe, expect, it } from 'vitest';
import { SharedRead } from './shared-read.js';

describe('a shared read (issue 20)', () => {
  it('gives callers of one turn one read, and never a read that was already in flight when they asked', async () => {
    let value = 0;
    const started: number[] = [];
    let finish!: () => void;
    const shared = new SharedRead(async () => {
      started.push(value);
      const seen = value;
      await new Promise<void>((resolve) => (finish = resolve));
      return seen;
    });
    // Three callers in one turn: one read.
    const first = [shared.get(), shared.get(), shared.get()];
    await new Promise((resolve) => setImmediate(resolve));
    expect(shared.count).toBe(1);
    // A change commits while the read is in flight; who asks now must see it, so waits for the next read.
    value = 1;
    const later = [shared.get(), shared.get()];
    await new Promise((resolve) => setImmediate(resolve));
    expect(shared.count).toBe(1);
    finish();
    expect(await Promise.all(first)).toEqual([0, 0, 0]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(shared.count).toBe(2);
    finish();
    expect(await Promise.all(later)).toEqual([1, 1]);
    expect(started).toEqual([0, 1]);
  });

  it('fails only the callers of a failed read; the next callers get a new one', async () => {
    let fail = true;
    const shared = new SharedRead(async () => {
      if (fail) throw new Error('connection lost');
      return 7;
    });
    const failed = Promise.allSettled([shared.get(), shared.get()]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await shared.get()).toBe(7);
    expect(shared.count).toBe(2);
  });
});
