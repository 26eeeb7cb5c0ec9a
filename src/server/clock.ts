/**
 * The one clock (issue 12 point 5). Every rule and service that reads the time (routine expiry and
 * reminders, contact hours, incident deadlines, emergency-access and token expiry, job run_at and
 * leases, audit timestamps and checkpoint periods, the leftover sweep) gets it from an injected
 * `Clock`, created once in services.ts, never from `new Date()` or `Date.now()`. Tests pass a
 * `TestClock` and set the time instead of waiting or back-dating rows.
 *
 * Durations measured for logs and real timeouts (a socket, a poll interval) are wall time and do
 * not use this clock.
 */
export interface Clock {
  /** The current instant (a fresh Date each call; callers may keep or mutate it). */
  now(): Date;
}

/** The real time. The only place in the server that reads the wall clock for rules. */
export const systemClock: Clock = {
  now: () => new Date(),
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * A clock for tests: stands still at a given instant until set or advanced. Starts at the real time
 * when no instant is given (so demo data and defaults look as usual), then only moves when told.
 */
export class TestClock implements Clock {
  private instant: number;

  constructor(start: Date | string | number = Date.now()) {
    this.instant = TestClock.toMs(start);
  }

  now(): Date {
    return new Date(this.instant);
  }

  /** Sets the time to the instant (a Date, ISO text or epoch milliseconds). */
  set(at: Date | string | number): this {
    this.instant = TestClock.toMs(at);
    return this;
  }

  /** Moves the time forward (or back, with a negative amount). */
  advance(by: { ms?: number; minutes?: number; hours?: number; days?: number }): this {
    this.instant += (by.ms ?? 0) + (by.minutes ?? 0) * MINUTE_MS + (by.hours ?? 0) * HOUR_MS + (by.days ?? 0) * DAY_MS;
    return this;
  }

  private static toMs(at: Date | string | number): number {
    const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at;
    if (!Number.isFinite(ms)) throw new RangeError(`TestClock: not an instant: ${String(at)}`);
    return ms;
  }
}
