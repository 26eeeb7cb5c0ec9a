import { PeriodicTask } from '../jobs/periodic-task.js';
import type { KasusModeState } from './kasus-mode.js';
import type { ProbeService } from './probe-service.js';

export interface SchedulerLogger {
  warn(object: object, message: string): void;
}

export interface ContinuitySchedulerOptions {
  /** Run the health probes in this process (one node of a cluster should). */
  probes: boolean;
  /** How often Kasus's mode and the probe list are read again, for changes made on other nodes. */
  refreshMs: number;
  logger?: SchedulerLogger;
}

interface ScheduledProbe {
  intervalMs: number;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
}

/**
 * Runs inside the server: each enabled probe on its own interval (never two runs of one probe at
 * once), and a periodic refresh of Kasus's mode and of the probe list. Stopped with the server;
 * stopping aborts running checks and waits for them.
 */
export class ContinuityScheduler {
  private readonly scheduled = new Map<string, ScheduledProbe>();
  private readonly abort = new AbortController();
  /** Reads Kasus's mode and the probe list again every refreshMs (changes made on other nodes). */
  private readonly refresher: PeriodicTask;
  private syncing: Promise<void> | null = null;
  private resyncWanted = false;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly probes: Pick<ProbeService, 'probeSchedule' | 'runProbe' | 'onProbesChanged'>,
    private readonly kasusMode: Pick<KasusModeState, 'refreshMode'>,
    private readonly options: ContinuitySchedulerOptions,
  ) {
    this.refresher = new PeriodicTask(() => this.refresh(), { intervalMs: options.refreshMs, runAtStart: false });
  }

  start(): this {
    if (this.options.probes) {
      this.unsubscribe = this.probes.onProbesChanged(() => void this.sync());
      void this.sync();
    }
    this.refresher.start();
    return this;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    this.abort.abort();
    await this.refresher.stop();
    await this.syncing;
    const running: Promise<void>[] = [];
    for (const probe of this.scheduled.values()) {
      if (probe.timer) clearTimeout(probe.timer);
      if (probe.running) running.push(probe.running);
    }
    this.scheduled.clear();
    await Promise.all(running);
  }

  /** Reads the probe list and (re)schedules: new probes start at once, removed ones stop. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.resyncWanted = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.resyncWanted = false;
        try {
          await this.syncOnce();
        } catch (error) {
          if (!this.stopped) this.options.logger?.warn({ err: error }, 'reading the health probes failed');
        }
      } while (this.resyncWanted && !this.stopped);
    })().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    if (this.stopped) return;
    const wanted = new Map((await this.probes.probeSchedule()).map((p) => [p.systemId, p.intervalSeconds * 1000]));
    if (this.stopped) return;
    for (const [systemId, probe] of this.scheduled) {
      const intervalMs = wanted.get(systemId);
      if (intervalMs === undefined) {
        if (probe.timer) clearTimeout(probe.timer);
        this.scheduled.delete(systemId);
      } else if (intervalMs !== probe.intervalMs) {
        probe.intervalMs = intervalMs;
        if (probe.timer) {
          clearTimeout(probe.timer);
          this.plan(systemId, probe, 0);
        }
      }
    }
    for (const [systemId, intervalMs] of wanted) {
      if (this.scheduled.has(systemId)) continue;
      const probe: ScheduledProbe = { intervalMs, timer: null, running: null };
      this.scheduled.set(systemId, probe);
      this.plan(systemId, probe, 0);
    }
  }

  private plan(systemId: string, probe: ScheduledProbe, delayMs: number): void {
    probe.timer = setTimeout(() => {
      probe.timer = null;
      probe.running = this.run(systemId).finally(() => {
        probe.running = null;
        // Still wanted (not removed or replaced meanwhile): next run one interval later.
        if (!this.stopped && this.scheduled.get(systemId) === probe) this.plan(systemId, probe, probe.intervalMs);
      });
    }, delayMs);
  }

  private async run(systemId: string): Promise<void> {
    try {
      await this.probes.runProbe(systemId, this.abort.signal);
    } catch (error) {
      if (!this.stopped) this.options.logger?.warn({ err: error, systemId }, 'health probe failed to run');
    }
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.kasusMode.refreshMode();
    } catch (error) {
      if (!this.stopped) this.options.logger?.warn({ err: error }, 'reading Kasus mode failed');
    }
    if (this.options.probes) await this.sync();
  }
}
