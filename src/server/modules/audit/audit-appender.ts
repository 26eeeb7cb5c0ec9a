/**
 * Group commit for the audit log (DESIGN §3.7, issues 12 and 20). Events recorded outside a caller's
 * transaction (every read's event) are queued and written many per transaction: one commit, one
 * fsync and, on PostgreSQL, one acquisition of the chain head's row lock for the whole batch instead
 * of one per event. One appender per process writes its batches one after the other, so the chain
 * hashes are computed in the order the events were queued; several nodes on PostgreSQL take turns
 * on the head row lock, batch by batch.
 *
 * Nothing is acknowledged before it is durable: `append` resolves only after the transaction that
 * holds its event has committed, and when that transaction fails every event in it is rejected (the
 * requests that wait for them fail; none of their events was written, the chain is unchanged).
 */
export class AuditAppender<T> {
  private queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;
  private running: Promise<void> | null = null;
  private stats = { batches: 0, events: 0, largest: 0 };

  /**
   * @param write writes the items in one transaction, in the order given; resolves once committed.
   * @param maxBatch the most items one transaction holds (the rest go into the next one).
   */
  constructor(
    private readonly write: (items: T[]) => Promise<unknown>,
    private readonly maxBatch = 1000,
  ) {}

  /** Queues one item; resolves when the transaction holding it has committed, rejects when it failed. */
  append(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Batches written so far, the events in them and the largest batch (for tests and benchmarks). */
  counts(): { batches: number; events: number; largest: number } {
    return { ...this.stats };
  }

  /** Resolves when everything queued so far has been written or has failed. */
  async drain(): Promise<void> {
    while (this.running || this.scheduled || this.queue.length > 0) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // The next turn of the event loop, so that every request handled in this turn joins the batch;
    // while a batch is being written, new items wait and form the next one.
    setImmediate(() => {
      this.scheduled = false;
      this.running = this.run().finally(() => {
        this.running = null;
        if (this.queue.length > 0) this.schedule();
      });
    });
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.write(batch.map((p) => p.item));
      } catch (error) {
        for (const p of batch) p.reject(error);
        continue;
      }
      this.stats.batches += 1;
      this.stats.events += batch.length;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
      for (const p of batch) p.resolve();
    }
  }
}
