import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  close(): Promise<void>;
  /**
   * PostgreSQL only: calls `onSignal` whenever a committed transaction ran `NOTIFY <channel>` (on any
   * node), and once after each (re)connection, since signals sent meanwhile are lost. Returns the
   * function that stops listening. SQLite has no listener: it serves one node.
   */
  listen?(channel: string, onSignal: () => void, onError?: (error: unknown) => void): Promise<() => Promise<void>>;
}

/** How long a lost listening connection waits before connecting again. */
const LISTEN_RETRY_MS = 2000;

/** A dedicated connection LISTENing on one channel, reconnecting after a loss (the pool's clients come and go). */
async function listenOn(url: string, channel: string, onSignal: () => void, onError: (error: unknown) => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Invalid channel name: ${channel}`);
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;
  const reconnectLater = (lost: pg.Client) => {
    if (stopped || client !== lost) return;
    client = null;
    lost.removeAllListeners('notification');
    void lost.end().catch(() => {});
    retry = setTimeout(() => void connect(), LISTEN_RETRY_MS);
    retry.unref();
  };
  const connect = async () => {
    retry = null;
    if (stopped) return;
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    next.on('notification', (message) => {
      if (message.channel === channel) onSignal();
    });
    next.on('error', (error) => {
      onError(error);
      reconnectLater(next);
    });
    next.on('end', () => reconnectLater(next));
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      onSignal();
    } catch (error) {
      onError(error);
      reconnectLater(next);
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const last = client;
    client = null;
    await last?.end().catch(() => {});
  };
}

// PostgreSQL returns int8 (COUNT, bigint columns) as strings; our numbers stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function dialectOf(url: string): DialectName {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new Error(`Unsupported database URL (use sqlite:<path> or postgres://…): ${url.replace(/\/\/[^@]*@/, '//***@')}`);
}

export async function openDatabase(url: string): Promise<Database> {
  const dialect = dialectOf(url);
  if (dialect === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before it is acknowledged (nothing accepted is lost).
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Planner statistics, as SQLite recommends for long-lived connections (a bounded sample, quick
    // even on a big archive; a no-op while they are current). Without them SQLite takes a primary
    // key index over a covering one and reads the row, e.g. in the search count (migration 0005).
    sqlite.pragma('analysis_limit = 1000');
    sqlite.pragma('optimize = 0x10002');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect, close: () => db.destroy() };
  }
  // No parallel query: Kasus's queries are short lookups, and starting a parallel worker takes longer
  // than they do (a capped search count went from about 6 to 11–14 ms with one).
  const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c max_parallel_workers_per_gather=0' });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect,
    close: () => db.destroy(),
    listen: (channel, onSignal, onError = () => {}) => listenOn(url, channel, onSignal, onError),
  };
}
