import type { SystemStatus } from './status-graph.js';

/** A notice (outage, update, recovery) was published; `seq` orders notices and is the event id of the stream. */
export interface NoticeEvent {
  type: 'notice';
  seq: number;
  noticeId: string;
}

/** A system's status changed (the stream tells clients to read the systems again). */
export interface StatusEvent {
  type: 'status';
  seq: number;
  systemId: string;
  status: SystemStatus;
}

export type ContinuityEvent = NoticeEvent | StatusEvent;

/** Where an event came from: this node (published as it happened) or another node (found by polling). */
export type EventOrigin = 'local' | 'remote';

export type ContinuityListener = (event: ContinuityEvent, origin: EventOrigin) => void;

/** What the bus polls for changes made on other nodes. */
export interface ContinuityEventSource {
  maxNoticeSeq(): Promise<number>;
  maxStatusChangeSeq(): Promise<number>;
  noticesAfter(seq: number): Promise<{ seq: number; id: string }[]>;
  statusChangesAfter(seq: number): Promise<{ seq: number; system_id: string; status: string }[]>;
  /** Calls `onChange` as soon as another node commits a change, where the database can say so; null where it cannot. */
  watch?(onChange: () => void, onError?: (error: unknown) => void): Promise<() => Promise<void>> | null;
}

/** How many published sequence numbers are remembered, so a polled event already published here is not sent twice. */
const REMEMBERED = 2000;

/**
 * The small in-process event bus of the continuity module (C4): the service publishes each notice
 * and status change after its transaction commits, and the event stream and the delivery to
 * webhooks listen. For several app nodes, `start()` also polls the database every few seconds for
 * notices and status changes made by other nodes and publishes those as `remote`; on PostgreSQL a
 * LISTEN/NOTIFY signal makes it poll at once, so the interval only bounds a lost signal.
 */
export class ContinuityEvents {
  private readonly listeners = new Set<ContinuityListener>();
  private readonly seen = { notice: new Set<number>(), status: new Set<number>() };
  private watermark: { notice: number; status: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  /** A signal came while a poll was running: poll once more after it. */
  private pollAgain = false;
  private tick: (() => void) | null = null;
  private unwatch: Promise<(() => Promise<void>) | null> | null = null;
  private started: Promise<void> = Promise.resolve();

  subscribe(listener: ContinuityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: ContinuityEvent, origin: EventOrigin = 'local'): void {
    const seen = this.seen[event.type];
    if (seen.has(event.seq)) return;
    seen.add(event.seq);
    if (seen.size > REMEMBERED) seen.delete(seen.values().next().value!);
    for (const listener of this.listeners) {
      try {
        listener(event, origin);
      } catch {
        // One listener's failure (a closed connection) does not stop the others.
      }
    }
  }

  /** Polls for other nodes' notices and status changes every `intervalMs` until stopped. */
  start(source: ContinuityEventSource, intervalMs: number, onError: (error: unknown) => void = () => {}): this {
    if (this.timer) return this;
    const tick = () => {
      this.polling = this.poll(source)
        .catch(onError)
        .finally(() => {
          this.polling = null;
          if (this.pollAgain && this.tick) {
            this.pollAgain = false;
            this.tick();
          }
        });
    };
    this.tick = tick;
    tick();
    this.timer = setInterval(() => {
      if (!this.polling) tick();
    }, intervalMs);
    this.timer.unref();
    const watching = source.watch?.(() => this.pollSoon(), onError) ?? null;
    this.unwatch = watching ? watching.catch((error: unknown) => (onError(error), null)) : null;
    this.started = Promise.all([this.polling, this.unwatch]).then(() => {});
    return this;
  }

  /** Resolves once the first poll has set the mark and the signal (where there is one) is being listened for. */
  whenStarted(): Promise<void> {
    return this.started;
  }

  /** Polls now (or right after the poll that is running): another node signalled a change. */
  pollSoon(): void {
    if (!this.tick) return;
    if (this.polling) this.pollAgain = true;
    else this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.tick = null;
    this.pollAgain = false;
    const unwatch = await this.unwatch;
    this.unwatch = null;
    await unwatch?.();
    await this.polling;
  }

  /** One poll: publishes what is new since the last one (nothing on the first, which only sets the mark). */
  async poll(source: ContinuityEventSource): Promise<void> {
    if (!this.watermark) {
      this.watermark = { notice: await source.maxNoticeSeq(), status: await source.maxStatusChangeSeq() };
      return;
    }
    for (const change of await source.statusChangesAfter(this.watermark.status)) {
      this.watermark.status = Math.max(this.watermark.status, change.seq);
      this.publish({ type: 'status', seq: change.seq, systemId: change.system_id, status: change.status as SystemStatus }, 'remote');
    }
    for (const notice of await source.noticesAfter(this.watermark.notice)) {
      this.watermark.notice = Math.max(this.watermark.notice, notice.seq);
      this.publish({ type: 'notice', seq: notice.seq, noticeId: notice.id }, 'remote');
    }
  }
}
