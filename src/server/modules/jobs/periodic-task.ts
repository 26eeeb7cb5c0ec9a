export interface PeriodicTaskOptions {
  intervalMs: number;
  /** Run once at start too, before the first interval has passed (default true). */
  runAtStart?: boolean;
  /** Told of a run that failed; the next run comes at the next interval all the same. */
  onError?: (error: unknown) => void;
}

/**
 * A task run in this process every `intervalMs`, for the schedulers of the modules (reminders,
 * probes' refresh): never two runs at once (a tick while one is under way is skipped), and stop()
 * waits for the run under way. The timer never keeps the process alive on its own.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly options: PeriodicTaskOptions,
  ) {}

  start(): this {
    if (this.options.runAtStart !== false) this.tick();
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.task()
      .then(() => undefined)
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.running = null;
      });
  }
}
