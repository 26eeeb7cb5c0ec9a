/**
 * The typed registry of background jobs: every job name with the payload it carries. Add a name
 * here and the queue, the worker's handler map and the payload all follow from it.
 *
 * Handlers MUST be idempotent. A job runs at least once, not exactly once: a worker may die (or
 * lose its lease) after the work was done but before the job was marked done, and the job is then
 * run again — by another worker, possibly while the first is still finishing. A handler therefore
 * checks the current state first and finishes what is missing (e.g. "media still processing?",
 * "which derivatives exist already?"), writes its results so that a second write of the same result
 * is harmless (content-addressed blobs, upserts, conditional updates), and never assumes it is the
 * first or only run.
 */
export interface JobPayloads {
  /** Clean an uploaded file in quarantine into the stored original. */
  'media.process': { mediaId: string };
  /** Make the derived files (thumbnail, preview, poster, playable) of a stored original. */
  'media.derivatives': { mediaId: string };
  /** Send an urgent incident report to its service desk by one channel (webhook or e-mail). */
  'incident.deliver': { deliveryId: string };
  /** Send one notice to one department subscription (webhook: JSON POST). */
  'notice.deliver': { noticeId: string; subscriptionId: string };
  /** E-mail one routine expiry reminder to the routine's owner. */
  'routine.remind': { reminderId: string };
  /** Build one offline read copy snapshot (its sequence) for every backup workstation. */
  'offline-copy.snapshot': { sequence: number };
  /** Purge a case or a patient's cases for real (M11): rows, blobs, search and offline-copy entries. */
  'purge.run': { purgeId: string };
  /** Send a signed case's images and videos to its department's PACS (DICOM over STOW-RS, issue 15 I3). */
  'pacs.send': { exportId: string };
  /** Render, store and file one ordered de-identified copy (M9) into its teaching collection. */
  'deidentify.run': { orderId: string };
}

export type JobName = keyof JobPayloads;

export const JOB_NAMES = ['media.process', 'media.derivatives', 'incident.deliver', 'notice.deliver', 'routine.remind', 'offline-copy.snapshot', 'purge.run', 'pacs.send', 'deidentify.run'] as const satisfies readonly JobName[];

// Fails to compile when a name is added to JobPayloads but not to JOB_NAMES.
type MissingJobNames = Exclude<JobName, (typeof JOB_NAMES)[number]>;
const _allJobNamesListed: [MissingJobNames] extends [never] ? true : MissingJobNames = true;
void _allJobNamesListed;

export const isJobName = (value: string): value is JobName => (JOB_NAMES as readonly string[]).includes(value);

/**
 * The unique key of a job about one subject (`media.process:<mediaId>`): at most one such job is queued
 * or running (JobQueue.enqueue's `uniqueKey`). Whoever enqueues or cancels one builds the key here.
 */
export const jobKey = (name: JobName, subjectId: string): string => `${name}:${subjectId}`;

export const JOB_STATUSES = ['queued', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  maxAttempts: number;
  /**
   * Aborted when the worker stops (after its grace period) or when this run lost its lease (another
   * worker may have taken the job over). Pass it to child processes and long loops.
   */
  signal: AbortSignal;
  /**
   * Extends the lease now. The worker already does so every leaseMs/3 while the handler runs; call
   * this in addition only around steps that block the event loop for long.
   * Throws JobLeaseLostError when the job is no longer this run's.
   */
  heartbeat(): Promise<void>;
}

/** A handler; it MUST be idempotent (see the top of this file). */
export type JobHandler<N extends JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<void>;

export type JobHandlers = { [N in JobName]?: JobHandler<N> };

/** Thrown by a handler when retrying cannot help (bad payload, record gone for good): the job goes dead at once. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** The run no longer holds the job: its lease ran out and another worker may have claimed it. */
export class JobLeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`Job ${jobId} is no longer held by this worker (its lease ran out).`);
    this.name = 'JobLeaseLostError';
  }
}
