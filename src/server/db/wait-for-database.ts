import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Database } from './database.js';

/**
 * Waiting for PostgreSQL at start (issue 17): a node or worker started together with its database
 * (a reboot, a failover, a container platform starting everything at once) finds it refusing
 * connections, starting up or recovering, or still a standby being promoted. Instead of exiting at
 * once, `kasus serve` and `kasus worker` try again with backoff for KASUS_DATABASE_STARTUP_SECONDS,
 * saying so on each attempt, and stop with the last reason after that. Errors that waiting cannot
 * mend (a wrong password, a database that does not exist) stop at once.
 */

export class DatabaseUnavailableError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

export interface WaitForDatabaseOptions {
  /** How long to keep trying, from the first attempt; 0: one attempt only. */
  timeoutMs: number;
  /** One line per failed attempt (the caller writes it to standard error or its log). */
  say: (line: string) => void;
  /** The database's address for the lines, without its password. */
  label: string;
  /** First delay between attempts (default 500 ms), doubled up to maxDelayMs (default 5 s). */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** SQLSTATEs and socket errors that pass: the server is not (yet) there, starting, recovering or full. */
const TRANSIENT_STATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const TRANSIENT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE']);

export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (TRANSIENT_STATES.has(code) || TRANSIENT_ERRNOS.has(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isTransientDatabaseError);
  // pg's own words when the server closes the connection during the start-up handshake.
  return error instanceof Error && /Connection terminated|timeout expired/i.test(error.message);
}

const describe = (error: unknown): string => {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  const text = error instanceof Error ? error.message || error.name : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
};

/** Resolves once the database answers and accepts writes; throws DatabaseUnavailableError otherwise. */
export async function waitForDatabase(database: Database, options: WaitForDatabaseOptions): Promise<void> {
  // SQLite is a file of this process: there is nothing to wait for.
  if (database.dialect !== 'postgres') return;
  const started = Date.now(); // wall time: how long the start waits
  let delay = options.firstDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const limit = `${Math.round(options.timeoutMs / 1000)} s`;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    // An address that drops packets would hold one attempt for minutes: each waits for what is left
    // of the time, at least 2 s (a last attempt is not cut short) and at most 10 s.
    const attemptMs = Math.min(10_000, Math.max(2_000, options.timeoutMs - (Date.now() - started)));
    try {
      const query = sql<{ recovering: boolean }>`select pg_is_in_recovery() as recovering`.execute(database.db);
      // A query given up on may still fail later: that must not be an unhandled rejection.
      query.catch(() => {});
      const answer = await Promise.race([query, sleep(attemptMs, null, { ref: false })]);
      if (answer === null) throw Object.assign(new Error(`no answer within ${(attemptMs / 1000).toFixed(1)} s`), { code: 'ETIMEDOUT' });
      if (!answer.rows[0]?.recovering) return;
      reason = 'the server is in recovery (a standby, read-only): Kasus needs the primary';
    } catch (error) {
      if (!isTransientDatabaseError(error)) {
        throw new DatabaseUnavailableError(`PostgreSQL at ${options.label} refused Kasus: ${describe(error)}`, attempt);
      }
      reason = describe(error);
    }
    const elapsed = Date.now() - started;
    const wait = Math.min(delay, options.timeoutMs - elapsed);
    if (wait <= 0) {
      throw new DatabaseUnavailableError(
        `PostgreSQL at ${options.label} was not available within ${limit} (KASUS_DATABASE_STARTUP_SECONDS), ${attempt} attempt${attempt === 1 ? '' : 's'}; last: ${reason}`,
        attempt,
      );
    }
    options.say(`Waiting for PostgreSQL at ${options.label}: attempt ${attempt} failed after ${(elapsed / 1000).toFixed(1)} s of ${limit}: ${reason}. Trying again in ${(wait / 1000).toFixed(1)} s.`);
    await sleep(wait);
    delay = Math.min(delay * 2, maxDelay);
  }
}
