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
export class StatisticsCompactionScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number | null> | null = null;

  constructor(
    private readonly repository: StatisticsRepository,
    private readonly options: StatisticsCompactionOptions = {},
  ) {}

  start(): this {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs ?? 5 * 60_000);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One compaction (joined if one is under way); the number of deltas folded in, null if it failed. Never throws. */
  runOnce(): Promise<number | null> {
    this.running ??= (async () => {
      try {
        const folded = await this.repository.compact();
        this.options.logger?.debug({ folded }, 'statistics counters compacted');
        return folded;
      } catch (error) {
        this.options.logger?.warn({ err: error }, 'statistics counter compaction failed; trying again at the next one');
        return null;
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
