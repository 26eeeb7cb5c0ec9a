import type { JobsRepository } from './jobs-repository.js';

/**
 * The payloads of the jobs of a type that are still to run, for the leftover sweep (a file a job
 * will still use is not a leftover). The jobs repository implements it; src/server/services.ts injects it.
 */
export type JobPayloads = Pick<JobsRepository, 'payloadsOf'>;
