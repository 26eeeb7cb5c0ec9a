import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ClaimedJob, JobQueue } from './job-queue.js';
import { JobLeaseLostError, PermanentJobError, isJobName, type JobHandler, type JobHandlers, type JobName } from './job-types.js';

/** Pino-compatible (pass `app.log` or a child of it). */
export interface WorkerLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface WorkerOptions {
  /** Unique per worker; default host:pid:random. */
  workerId?: string;
  /** Jobs run at the same time (default 2). */
  concurrency?: number;
  /** How often to look for due jobs when not woken (default 1000 ms). */
  pollIntervalMs?: number;
  /** How long a claimed job stays ours without a heartbeat (default 60 s); heartbeats every leaseMs/3. */
  leaseMs?: number;
  logger?: WorkerLogger;
}

export interface StopOptions {
  /** Abort the running handlers' signals after this long (default: never; stop waits for them). */
  graceMs?: number;
}

const consoleLogger: WorkerLogger = {
  debug: () => {},
  info: () => {},
  warn: (object, message) => console.warn(message, object),
  error: (object, message) => console.error(message, object),
};

interface Running {
  job: ClaimedJob;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs jobs from the queue with the given handlers. It claims only jobs it has a handler for,
 * keeps their leases alive while they run, records each outcome and survives every failure of a
 * handler or of the database (the next poll tries again).
 */
export class Worker {
  readonly id: string;
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  private readonly names: JobName[];
  private readonly logger: WorkerLogger;
  private readonly running = new Set<Running>();
  private started = false;
  private stopping: Promise<void> | null = null;
  private poller: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private unwatch: Promise<(() => Promise<void>) | null> | null = null;
  private filling: Promise<void> | null = null;
  private fillAgain = false;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: JobHandlers,
    options: WorkerOptions = {},
  ) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.concurrency = options.concurrency ?? 2;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.logger = options.logger ?? consoleLogger;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new Error('concurrency must be a positive integer');
    if (!(this.pollIntervalMs > 0) || !(this.leaseMs > 0)) throw new Error('pollIntervalMs and leaseMs must be positive');
    this.names = Object.keys(handlers).filter((name): name is JobName => isJobName(name) && typeof handlers[name] === 'function');
  }

  /** The job names this worker takes. */
  get jobNames(): readonly JobName[] {
    return this.names;
  }

  /** Jobs running now. */
  get active(): number {
    return this.running.size;
  }

  get isRunning(): boolean {
    return this.started;
  }

  start(): this {
    if (this.started) return this;
    if (this.stopping) throw new Error('The worker is stopping');
    this.started = true;
    this.unsubscribe = this.queue.onWake((name) => {
      if (name === null || this.names.includes(name)) this.fill();
    });
    this.unwatch = this.queue
      .watchOtherNodes((error) => this.logger.warn({ err: error, workerId: this.id }, 'listening for jobs from other nodes failed; polling meanwhile'))
      .catch((error: unknown) => {
        this.logger.warn({ err: error, workerId: this.id }, 'cannot listen for jobs from other nodes; polling only');
        return null;
      });
    this.poller = setInterval(() => this.fill(), this.pollIntervalMs);
    this.fill();
    return this;
  }

  /** Stops taking jobs and resolves when the running ones have finished (and their outcome is recorded). */
  stop(options: StopOptions = {}): Promise<void> {
    if (!this.started) return Promise.resolve();
    this.stopping ??= (async () => {
      if (this.poller) clearInterval(this.poller);
      this.unsubscribe?.();
      this.poller = null;
      this.unsubscribe = null;
      const unwatch = await this.unwatch;
      this.unwatch = null;
      await unwatch?.();
      const abort =
        options.graceMs === undefined
          ? null
          : setTimeout(() => {
              for (const run of this.running) run.controller.abort(new Error('The worker is stopping'));
            }, options.graceMs);
      // A claim in flight may still hand us a job: it runs, and is waited for, like the others.
      await this.filling;
      while (this.running.size > 0) await Promise.allSettled([...this.running].map((r) => r.done));
      if (abort) clearTimeout(abort);
      this.started = false;
    })().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  /** Claims jobs until the slots are full or none is due. Never throws. */
  private fill(): void {
    if (!this.started || this.stopping) return;
    if (this.filling) {
      // A wake-up while claiming: look once more afterwards, the new job may have come too late.
      this.fillAgain = true;
      return;
    }
    this.filling = (async () => {
      do {
        this.fillAgain = false;
        while (!this.stopping && this.running.size < this.concurrency) {
          let job: ClaimedJob | null;
          try {
            job = await this.queue.claim(this.id, this.names, this.leaseMs);
          } catch (error) {
            this.logger.error({ err: error, workerId: this.id }, 'claiming a job failed; trying again at the next poll');
            return;
          }
          if (!job) break;
          this.launch(job);
        }
      } while (this.fillAgain && !this.stopping);
    })().finally(() => {
      this.filling = null;
    });
  }

  private launch(job: ClaimedJob): void {
    const controller = new AbortController();
    const run: Running = { job, controller, done: Promise.resolve() };
    run.done = this.execute(job, controller)
      .catch((error: unknown) => this.logger.error({ err: error, jobId: job.id }, 'job bookkeeping failed'))
      .finally(() => {
        this.running.delete(run);
        this.fill();
      });
    this.running.add(run);
  }

  private async execute(job: ClaimedJob, controller: AbortController): Promise<void> {
    const log = { jobId: job.id, job: job.name, attempt: job.attempt, workerId: this.id };
    const started = Date.now(); // wall time: the run's duration, for the log
    let lost = false;
    const heartbeat = async () => {
      if (lost) throw new JobLeaseLostError(job.id);
      if (await this.queue.extendLease(job, this.id, this.leaseMs)) return;
      if (!lost) {
        lost = true;
        clearInterval(beat);
        controller.abort(new JobLeaseLostError(job.id));
      }
      throw new JobLeaseLostError(job.id);
    };
    const beat: NodeJS.Timeout = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        if (error instanceof JobLeaseLostError) this.logger.warn(log, 'job lease lost; its handler was asked to stop');
        else this.logger.warn({ ...log, err: error }, 'extending a job lease failed');
      });
    }, Math.max(1, Math.floor(this.leaseMs / 3)));

    let failure: { error: unknown } | null = null;
    try {
      const handler = this.handlers[job.name] as JobHandler<JobName> | undefined;
      if (!handler) throw new PermanentJobError(`No handler for job ${job.name}`);
      let payload: unknown;
      try {
        payload = JSON.parse(job.payload);
      } catch (error) {
        throw new PermanentJobError('The job payload is not valid JSON', { cause: error });
      }
      this.logger.debug(log, 'job started');
      await handler(payload as never, {
        jobId: job.id,
        attempt: job.attempt,
        maxAttempts: job.maxAttempts,
        signal: controller.signal,
        heartbeat,
      });
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(beat);
    }

    const ms = Date.now() - started; // wall time, as above
    if (!failure) {
      if (await this.queue.complete(job, this.id)) this.logger.debug({ ...log, ms }, 'job done');
      else this.logger.warn({ ...log, ms }, 'job finished after its lease was lost; the run that holds it now decides');
      return;
    }
    const outcome = await this.queue.fail(job, this.id, failure.error);
    const details = { ...log, ms, err: failure.error, outcome };
    if (outcome === 'dead') this.logger.error(details, 'job failed for good (dead)');
    else if (outcome === 'retry') this.logger.warn(details, 'job failed; it will be retried');
    else this.logger.warn(details, 'job failed after its lease was lost');
  }
}
