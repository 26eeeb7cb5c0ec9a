import { describe, expect, it } from 'vitest';
import { describeError, retryDelayMs } from './job-queue.js';
import { JOB_NAMES, isJobName } from './job-types.js';

describe('retry backoff', () => {
  const backoff = { baseMs: 1000, maxMs: 60_000 };

  it('doubles per attempt, between half and all of base · 2^(attempt − 1)', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, backoff, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, backoff, () => 0.999999))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the maximum, however many attempts', () => {
    for (const attempt of [7, 10, 50, 1000]) {
      expect(retryDelayMs(attempt, backoff, () => 0.999999)).toBeLessThanOrEqual(60_000);
      expect(retryDelayMs(attempt, backoff, () => 0)).toBe(30_000);
    }
  });

  it('spreads retries with jitter', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, backoff)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(2000);
  });
});

describe('job errors and names', () => {
  it('describes errors by name and message, and shortens long ones', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(undefined)).toBe('undefined');
    const long = describeError(new Error('x'.repeat(10_000)));
    expect(long).toHaveLength(2000);
    expect(long.endsWith('…')).toBe(true);
  });

  it('knows the registered job names', () => {
    expect(JOB_NAMES).toEqual(expect.arrayContaining(['media.process', 'media.derivatives', 'incident.deliver']));
    expect(new Set(JOB_NAMES).size).toBe(JOB_NAMES.length);
    expect(isJobName('incident.deliver')).toBe(true);
    expect(isJobName('media.process')).toBe(true);
    expect(isJobName('media.delete')).toBe(false);
  });
});
