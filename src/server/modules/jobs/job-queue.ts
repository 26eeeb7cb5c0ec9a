import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { PermanentJobError, isJobName, type JobName, type JobPayloads } from './job-types.js';
import type { JobRow, JobsRepository } from './jobs-repository.js';

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Runs before the job is given up as dead (default 5). */
  maxAttempts?: number;
  /** Enqueueing the same key again gives the existing job's id, whatever its status: no second job. */
  uniqueKey?: string;
  /** Enqueue inside the caller's transaction: the job exists exactly when the caller's row does. */
  executor?: Transaction<DB>;
}

export interface BackoffOptions {
  /** Delay before the first retry (about; see retryDelayMs). Default 10 s. */
  baseMs?: number;
  /** Longest delay between retries. Default 1 h. */
  maxMs?: number;
}

export interface JobQueueOptions {
  defaultMaxAttempts?: number;
  backoff?: BackoffOptions;
  /** The one clock (services.ts; a TestClock in tests): run_at, leases, backoff. */
  clock?: Clock;
  /** Jitter source in [0, 1) (tests). */
  random?: () => number;
}

/** A job taken by a worker: what it must run and which run it is. */
export interface ClaimedJob {
  id: string;
  name: JobName;
  /** JSON text, parsed by the worker (a bad payload fails the job instead of the claim). */
  payload: string;
  attempt: number;
  maxAttempts: number;
  leaseUntil: string;
}

export type FailOutcome = 'retry' | 'dead' | 'lost';

/** After an enqueue inside a transaction the wake-up is repeated, so it also lands after the commit. */
const TRANSACTION_WAKE_DELAYS_MS = [0, 20, 100, 500];
const MAX_WAKE_DELAY_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 2000;

export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Exponential backoff with jitter: attempt n waits between half and all of
 * min(base · 2^(n−1), max), so retries of many failed jobs spread out.
 */
export function retryDelayMs(attempt: number, backoff: Required<BackoffOptions>, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/**
 * The durable job queue: jobs are rows (see JobsRepository), so they survive restarts and are
 * shared by every process on the database. Workers in this process are woken at once when a job is
 * enqueued here; workers elsewhere are woken by a PostgreSQL NOTIFY (see `watchOtherNodes`), and
 * otherwise find it at their next poll.
 */
export class JobQueue {
  readonly defaultMaxAttempts: number;
  readonly backoff: Required<BackoffOptions>;
  readonly now: () => Date;
  private readonly random: () => number;
  private readonly events = new EventEmitter();

  constructor(
    readonly repository: JobsRepository,
    options: JobQueueOptions = {},
  ) {
    this.defaultMaxAttempts = options.defaultMaxAttempts ?? 5;
    this.backoff = { baseMs: options.backoff?.baseMs ?? 10_000, maxMs: options.backoff?.maxMs ?? 60 * 60_000 };
    const clock = options.clock ?? systemClock;
    this.now = () => clock.now();
    this.random = options.random ?? Math.random;
    this.events.setMaxListeners(0);
  }

  /** Enqueues a job and returns its id (the existing job's id when the unique key is taken). */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string> {
    if (!isJobName(name)) throw new Error(`Unknown job name: ${String(name)}`);
    const maxAttempts = options.maxAttempts ?? this.defaultMaxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer, not ${maxAttempts}`);
    const now = this.now();
    const { id, created } = await this.repository.enqueue(
      {
        id: randomUUID(),
        name,
        payload: JSON.stringify(payload),
        maxAttempts,
        runAt: options.runAt ?? now,
        uniqueKey: options.uniqueKey ?? null,
        at: now,
      },
      options.executor,
    );
    if (created) {
      const delay = Math.max(0, (options.runAt ?? now).getTime() - now.getTime());
      if (options.executor) {
        // Other connections see the row only after the caller commits, which we cannot observe.
        for (const extra of TRANSACTION_WAKE_DELAYS_MS) this.wakeLater(name, delay + extra);
      } else if (delay === 0) {
        this.wake(name);
      } else {
        this.wakeLater(name, delay);
      }
    }
    return id;
  }

  /**
   * Wakes this process's workers whenever any node commits a job due now (PostgreSQL LISTEN/NOTIFY);
   * resolves to the function that stops it, or null where the database has no such signal.
   */
  async watchOtherNodes(onError?: (error: unknown) => void): Promise<(() => Promise<void>) | null> {
    return (await this.repository.watch(() => this.wake(null), onError)) ?? null;
  }

  /** Tells this process's workers that a job may be waiting (null: any name). Call it after committing an enqueue if you like. */
  wake(name: JobName | null = null): void {
    this.events.emit('wake', name);
  }

  /** A wake-up in this process when a job becomes due; far-off ones are left to the workers' polling. */
  private wakeLater(name: JobName, delayMs: number): void {
    if (delayMs > MAX_WAKE_DELAY_MS) return;
    setTimeout(() => this.wake(name), delayMs).unref();
  }

  /** Subscribes to wake-ups; returns the unsubscribe function. */
  onWake(listener: (name: JobName | null) => void): () => void {
    this.events.on('wake', listener);
    return () => this.events.off('wake', listener);
  }

  async claim(workerId: string, names: readonly JobName[], leaseMs: number): Promise<ClaimedJob | null> {
    const row = await this.repository.claim({ workerId, names, leaseMs, now: this.now() });
    return row ? toClaimed(row) : null;
  }

  complete(job: ClaimedJob, workerId: string): Promise<boolean> {
    return this.repository.complete({ id: job.id, workerId, attempt: job.attempt }, this.now());
  }

  /** Schedules a retry with backoff, or buries the job when its attempts are used up or the error is permanent. */
  async fail(job: ClaimedJob, workerId: string, error: unknown): Promise<FailOutcome> {
    const now = this.now();
    const dead = job.attempt >= job.maxAttempts || error instanceof PermanentJobError;
    const retryAt = dead ? null : new Date(now.getTime() + retryDelayMs(job.attempt, this.backoff, this.random));
    const held = await this.repository.fail({ id: job.id, workerId, attempt: job.attempt }, describeError(error), retryAt, now);
    if (!held) return 'lost';
    if (retryAt) this.wakeLater(job.name, retryAt.getTime() - now.getTime());
    return dead ? 'dead' : 'retry';
  }

  extendLease(job: ClaimedJob, workerId: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    return this.repository.extendLease({ id: job.id, workerId, attempt: job.attempt }, new Date(now.getTime() + leaseMs), now);
  }
}

function toClaimed(row: JobRow): ClaimedJob {
  return {
    id: row.id,
    name: row.name as JobName,
    payload: row.payload,
    attempt: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    leaseUntil: row.lease_until ?? '',
  };
}
