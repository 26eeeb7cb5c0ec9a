import { describe, expect, it } from 'vitest';
import { systemClock, TestClock } from './clock.js';

describe('Clock', () => {
  it('the system clock reads the real time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('a test clock stands still until it is set or moved, and hands out fresh dates', () => {
    const clock = new TestClock('2026-11-23T14:29:00Z');
    const first = clock.now();
    first.setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-11-23T14:29:00.000Z');
    expect(clock.advance({ minutes: 2 }).now().toISOString()).toBe('2026-11-23T14:31:00.000Z');
    expect(clock.advance({ days: 1, hours: -13, ms: 500 }).now().toISOString()).toBe('2026-11-24T01:31:00.500Z');
    expect(clock.set(new Date('2027-01-01T00:00:00Z')).now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(clock.set(0).now().toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(() => clock.set('igår')).toThrow(RangeError);
  });
});
