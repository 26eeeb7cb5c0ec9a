// The queue's rules, free of the browser: what an item's state becomes after an answer, and how long
// to wait before the next try. The queue never gives an item up by itself (issue 16: nothing is lost):
// a broken connection or a server that is away is tried again, forever, with growing pauses.

export type ItemState = 'waiting' | 'sending' | 'stored' | 'refused';

/** What to do after a failed try, from the error's HTTP status (0: no answer) and Kasus code. */
export type Outcome = 'retry' | 'login' | 'csrf' | 'refused';

/** A checksum mismatch is tried again this many times (the bytes on the device are verified first). */
export const CHECKSUM_RETRIES = 3;

export function outcomeOf(status: number, code: string, attempts: number): Outcome {
  if (status === 0) return 'retry';
  if (status === 401 || code === 'not_authenticated') return 'login';
  if (code === 'csrf_invalid') return 'csrf';
  if (code === 'checksum_mismatch') return attempts < CHECKSUM_RETRIES ? 'retry' : 'refused';
  // A server that is away, restarting, or busy (a proxy's 502/503/504, tus's offset conflicts).
  if (status >= 500 || status === 408 || status === 429) return 'retry';
  if (code === 'upload_offset_mismatch' || code === 'upload_busy') return 'retry';
  return 'refused';
}

/** Pause before try number `attempt` (1 = the first retry): 1, 2, 4 … seconds, at most 30, with jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  // Up to a fifth less, so that many devices coming back at once do not knock in step.
  return Math.round(base * (1 - 0.2 * random()));
}

export interface Counts {
  waiting: number;
  sending: number;
  stored: number;
  refused: number;
  /** Items whose encrypted bytes are still on the device (not yet confirmed by the server). */
  deviceItems: number;
}

export function countStates(items: readonly { state: ItemState; onDevice: boolean }[]): Counts {
  const counts: Counts = { waiting: 0, sending: 0, stored: 0, refused: 0, deviceItems: 0 };
  for (const item of items) {
    counts[item.state]++;
    if (item.onDevice) counts.deviceItems++;
  }
  return counts;
}

/** The items in the order they are sent: oldest first, refused and stored ones not at all. */
export function sendOrder<T extends { state: ItemState; addedAt: string; key: string }>(items: readonly T[]): T[] {
  return items
    .filter((i) => i.state === 'waiting' || i.state === 'sending')
    .sort((a, b) => (a.addedAt === b.addedAt ? a.key.localeCompare(b.key) : a.addedAt.localeCompare(b.addedAt)));
}
