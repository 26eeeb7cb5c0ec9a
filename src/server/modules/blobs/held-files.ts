import { utimes } from 'node:fs/promises';
import path from 'node:path';

/**
 * The files this process is writing or holding right now without a database row that owns them
 * (a temp file being written, a raw upload between its quarantine write and its media row, a
 * resumable upload being ingested). The leftover sweep never removes them, and while a file is
 * held its modification time is refreshed regularly, so the sweeps of other nodes sharing the data
 * directory see it as live (they remove only files left untouched longer than their grace period).
 */
export class HeldFiles {
  private readonly held = new Map<string, number>();
  private touchMs = 60_000;
  private timer: NodeJS.Timeout | null = null;

  /** Holds the file until the returned function is called (calling it again does nothing). */
  hold(file: string): () => void {
    const key = path.resolve(file);
    this.held.set(key, (this.held.get(key) ?? 0) + 1);
    this.schedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const count = (this.held.get(key) ?? 1) - 1;
      if (count > 0) this.held.set(key, count);
      else this.held.delete(key);
      if (this.held.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  isHeld(file: string): boolean {
    return this.held.has(path.resolve(file));
  }

  get size(): number {
    return this.held.size;
  }

  /** Refresh held files at least this often (a sweep's grace period / 3). */
  touchAtLeastEvery(ms: number): void {
    const wanted = Math.max(250, Math.floor(ms));
    if (wanted >= this.touchMs) return;
    this.touchMs = wanted;
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.schedule();
    }
  }

  /** Sets every held file's modification time to now; files already gone are skipped. */
  async touchAll(): Promise<void> {
    const now = new Date(); // wall time on purpose: file modification times, read by every node's sweep
    await Promise.all([...this.held.keys()].map((file) => utimes(file, now, now).catch(() => {})));
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.touchAll(), this.touchMs);
    this.timer.unref();
  }
}

/** One registry per process: every store and service of the process holds its files here. */
export const heldFiles = new HeldFiles();
