import { createHash } from 'node:crypto';
import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { DataKey } from './keys.js';

export const ACCESS_LOG_FILE = 'access-log.db';
export const GENESIS = '0'.repeat(64);

/** One entry of the workstation's access log (docs/offline-copy-format.md, "Access log entries"). */
export interface AccessLogEntry {
  seq: number;
  at: string;
  username: string;
  userId: string | null;
  action: string;
  outcome: 'success' | 'refused' | 'failure';
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  departmentId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AccessLogInput = Omit<AccessLogEntry, 'seq' | 'prevHash' | 'hash'>;

/** JSON with every object's keys sorted, recursively: the one text the chain hashes. */
export function canonicalJsonText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJsonText).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJsonText(v)}`).join(',')}}`;
}

/** SHA-256 hex of the canonical JSON of the entry without `hash` (the server checks the same). */
export const accessLogHash = (entry: Omit<AccessLogEntry, 'hash'> & { hash?: string }): string => {
  const { hash: _ignored, ...content } = entry;
  return createHash('sha256').update(canonicalJsonText(content)).digest('hex');
};

/** Whether entries form one chain continuing after `prevHash` (each hash right, each link to the one before). */
export function verifyAccessLogChain(entries: readonly AccessLogEntry[], prevHash = GENESIS, prevSeq = 0): boolean {
  let link = prevHash;
  let seq = prevSeq;
  for (const entry of entries) {
    if (entry.seq !== seq + 1 || entry.prevHash !== link || accessLogHash(entry) !== entry.hash) return false;
    link = entry.hash;
    seq = entry.seq;
  }
  return true;
}

/**
 * DIR/access-log.db: the local, hash-chained log of every sign-in, search, opening and print made
 * on the workstation. Each entry is stored encrypted under the data key (it names users and
 * patients); the chain's hashes and sequence numbers stay readable so the file can be checked
 * and uploaded in order. What the server accepted is remembered, so only the rest is sent.
 */
export class AccessLog {
  private readonly lastEntry: SqliteDatabase.Statement;
  private readonly insertEntry: SqliteDatabase.Statement;
  private readonly appendAll: (inputs: AccessLogInput[]) => AccessLogEntry[];

  private constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly key: DataKey,
    /** The log's write-ahead log, which holds each commit until a checkpoint. */
    private readonly wal: string,
  ) {
    this.lastEntry = sqlite.prepare('select seq, hash from entry order by seq desc limit 1');
    this.insertEntry = sqlite.prepare('insert into entry (seq, prev_hash, hash, value) values (?, ?, ?, ?)');
    // Entries in one transaction (the caller syncs the WAL before anyone is told they are logged).
    const write = sqlite.transaction((inputs: AccessLogInput[]) => {
      const last = this.lastEntry.get() as { seq: number; hash: string } | undefined;
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS;
      return inputs.map((input) => {
        const content: Omit<AccessLogEntry, 'hash'> = { seq: ++seq, ...input, prevHash };
        const entry: AccessLogEntry = { ...content, hash: accessLogHash(content) };
        this.insertEntry.run(entry.seq, entry.prevHash, entry.hash, this.key.seal(Buffer.from(JSON.stringify(entry)), Buffer.from(`access-log:${entry.seq}`)));
        prevHash = entry.hash;
        return entry;
      });
    });
    this.appendAll = (inputs) => write.immediate(inputs);
  }

  static open(dir: string, key: DataKey): AccessLog {
    const file = path.join(dir, ACCESS_LOG_FILE);
    const sqlite = new SqliteDatabase(file);
    // Each entry is on disk before the request it records is answered. A commit writes the WAL
    // without syncing it (NORMAL) and the log syncs the WAL itself before it answers: right away
    // in append, on the thread pool in appendSoon, so the viewer's event loop never waits on the
    // disk (with FULL, SQLite's fsync in the commit blocked every request the viewer was serving).
    // Before a checkpoint SQLite syncs the WAL, and the database file after it, itself.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.exec(`
      create table if not exists entry (seq integer primary key, prev_hash text not null, hash text not null, value blob not null);
      create table if not exists upload (id integer primary key check (id = 1), accepted integer not null);
    `);
    return new AccessLog(sqlite, key, `${file}-wal`);
  }

  close(): void {
    this.sqlite.close();
  }

  /** Syncs what the commits before wrote to the WAL (no WAL: a checkpoint has synced it into the database). */
  private syncWalNow(): void {
    let fd: number;
    try {
      fd = openSync(this.wal, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** The same on libuv's thread pool. */
  private async syncWal(): Promise<void> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.wal, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  /** Appends one entry; it is on disk when this returns. */
  append(input: AccessLogInput): AccessLogEntry {
    const entry = this.appendAll([input])[0]!;
    this.syncWalNow();
    return entry;
  }

  private queued: { input: AccessLogInput; resolve: (entry: AccessLogEntry) => void; reject: (error: unknown) => void }[] = [];

  /**
   * Appends the entry together with the others of the same turn of the event loop (group commit):
   * the viewer answers a case's thumbnails in parallel, and one fsync for them all instead of one
   * each is what kept its p95 under load. Resolves once the entry is on disk.
   */
  appendSoon(input: AccessLogInput): Promise<AccessLogEntry> {
    return new Promise((resolve, reject) => {
      this.queued.push({ input, resolve, reject });
      if (this.queued.length === 1) {
        setImmediate(() => {
          const batch = this.queued;
          this.queued = [];
          let entries: AccessLogEntry[];
          try {
            entries = this.appendAll(batch.map((q) => q.input));
          } catch (error) {
            for (const q of batch) q.reject(error);
            return;
          }
          // Resolved once the WAL holding them is synced; entries of later turns meanwhile form the next batch.
          this.syncWal().then(
            () => batch.forEach((q, index) => q.resolve(entries[index]!)),
            (error: unknown) => batch.forEach((q) => q.reject(error)),
          );
        });
      }
    });
  }

  /** The highest sequence the server has accepted (0: none). */
  accepted(): number {
    return (this.sqlite.prepare('select accepted from upload where id = 1').get() as { accepted: number } | undefined)?.accepted ?? 0;
  }

  markAccepted(seq: number): void {
    this.sqlite.prepare('insert into upload (id, accepted) values (1, ?) on conflict (id) do update set accepted = max(accepted, excluded.accepted)').run(seq);
    this.syncWalNow();
  }

  /** Entries after `seq`, decrypted, in order. */
  after(seq: number): AccessLogEntry[] {
    const rows = this.sqlite.prepare('select seq, value from entry where seq > ? order by seq').all(seq) as { seq: number; value: Buffer }[];
    return rows.map((r) => JSON.parse(this.key.open(r.value, Buffer.from(`access-log:${r.seq}`)).toString('utf8')) as AccessLogEntry);
  }

  /** Checks the whole chain (hashes and links), decrypting every entry. */
  verify(): boolean {
    return verifyAccessLogChain(this.after(0));
  }
}
