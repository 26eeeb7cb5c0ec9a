/**
 * The scheduled snapshot times (KASUS_OFFLINE_COPY_TIMES, local times of day in the hospital's time
 * zone) as instants: the latest one at or before a given instant.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local date (y, m, d as UTC midnight ms) and minute of day in the zone. */
function localToInstant(localMidnightUtc: number, minutes: number, timeZone: string): number {
  const wall = localMidnightUtc + minutes * 60_000;
  let instant = wall - offsetAt(wall, timeZone);
  // Once more, for a time near a daylight-saving change.
  instant = wall - offsetAt(instant, timeZone);
  return instant;
}

/** The latest scheduled instant at or before `at` (looking back up to two days); null when there are no times. */
export function lastScheduledAt(at: Date, times: readonly number[], timeZone: string): Date | null {
  if (times.length === 0) return null;
  const t = at.getTime();
  const localNow = t + offsetAt(t, timeZone);
  const today = Math.floor(localNow / DAY_MS) * DAY_MS;
  let best: number | null = null;
  for (const day of [today, today - DAY_MS, today - 2 * DAY_MS]) {
    for (const minutes of times) {
      const instant = localToInstant(day, minutes, timeZone);
      if (instant <= t && (best === null || instant > best)) best = instant;
    }
  }
  return best === null ? null : new Date(best);
}

/** How long after a scheduled time a workstation may sync before it counts as having missed it. */
export const SYNC_GRACE_MS = HOUR_MS;

/** The scheduled time whose sync is overdue at `at`: the latest one at least an hour ago. */
export function dueScheduledAt(at: Date, times: readonly number[], timeZone: string): Date | null {
  return lastScheduledAt(new Date(at.getTime() - SYNC_GRACE_MS), times, timeZone);
}
