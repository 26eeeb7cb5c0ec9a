import { PeriodicTask } from '../jobs/periodic-task.js';
import type { StatisticsRepository } from './statistics-repository.js';

export interface StatisticsCompactionOptions {
  /** Between compactions (default 5 minutes): the deltas the triggers append in that time are what a statistics read sums beyond the compacted rows. */
  intervalMs?: number;
  logger?: { debug(object: object, message: string): void; warn(object: object, message: string): void };
}

/**
 * Folds the statistics counters' deltas into their compacted rows (StatisticsRepository.compact) at
 * start and then every interval, until stopped. The first run is not awaited: the counts are right
 * with or without compaction, only the number of rows a read sums differs.
 */
export function startStatisticsCompaction(repository: StatisticsRepository, options: StatisticsCompactionOptions = {}): PeriodicTask {
  const compact = async () => {
    const folded = await repository.compact();
    options.logger?.debug({ folded }, 'statistics counters compacted');
  };
  return new PeriodicTask(compact, {
    intervalMs: options.intervalMs ?? 5 * 60_000,
    onError: (error) => options.logger?.warn({ err: error }, 'statistics counter compaction failed; trying again at the next one'),
  }).start();
}
