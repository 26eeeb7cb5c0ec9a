/**
 * One database read shared by every caller that asks for it before it is sent (issue 20): the
 * access-change counter that every authenticated request reads. On PostgreSQL each read is a round
 * trip whose socket write and protocol handling cost the node more CPU than a health check itself;
 * under load many requests arrive in one turn of the event loop and now share one read.
 *
 * A caller is only ever given the result of a read that was **sent after it asked**, never one
 * already in flight (whose snapshot may predate a commit the caller must see). So what a caller gets
 * is at least as fresh as a read of its own would have been: a change committed before the call is
 * in it. At most one read is in flight; callers that ask meanwhile form the next one, sent when it
 * returns. A failed read fails the callers that waited for it (and only them).
 */
export class SharedRead<T> {
  private waiting: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = false;
  private scheduled = false;
  private reads = 0;

  constructor(private readonly read: () => Promise<T>) {}

  /** The result of a read sent after this call. */
  get(): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Reads sent so far (for tests). */
  get count(): number {
    return this.reads;
  }

  private schedule(): void {
    if (this.inFlight || this.scheduled) return;
    this.scheduled = true;
    // The next turn of the event loop, so that every request handled in this turn shares the read.
    setImmediate(() => {
      this.scheduled = false;
      void this.send();
    });
  }

  private async send(): Promise<void> {
    const callers = this.waiting;
    this.waiting = [];
    this.inFlight = true;
    this.reads += 1;
    try {
      const value = await this.read();
      for (const caller of callers) caller.resolve(value);
    } catch (error) {
      for (const caller of callers) caller.reject(error);
    } finally {
      this.inFlight = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }
}
