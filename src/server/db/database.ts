import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { PgListener } from './pg-listener.js';
import { preparingPool } from './prepared-statements.js';
import { CachedStatements } from './sqlite-statements.js';
import { QueuedSqliteDialect } from './sqlite-driver.js';
import type { DB } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  close(): Promise<void>;
  /** SQLite on a file: its path (a second connection, e.g. the audit writer thread, opens it too). */
  sqliteFile?: string;
  /** Runs `hook` when the database is closed, before its connections are. */
  beforeClose?(hook: () => Promise<void>): void;
  /**
   * PostgreSQL only: calls `onSignal` whenever a committed transaction ran `NOTIFY <channel>` (on any
   * node), and once after each (re)connection, since signals sent meanwhile are lost; one connection
   * serves every channel. Returns the function that stops listening. SQLite has no listener: it
   * serves one node.
   */
  listen?(channel: string, onSignal: () => void, onError?: (error: unknown) => void): Promise<() => Promise<void>>;
  /**
   * SQLite only: runs a read at once, on the event loop's turn, when nobody holds the one connection
   * (no query running, no transaction open on it), and returns its rows; undefined when the
   * connection is held (then ask `db`). What it reads is therefore always committed. For the one
   * read on every authenticated request (issue 20): Kysely's path costs more than the read itself.
   * It bypasses Kysely's plugins.
   */
  readNow?<R>(query: CompiledQuery<R>): R[] | undefined;
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
    // Deleted rows are overwritten with zeros, not left in free pages: a purge (M11) removes the bytes for real.
    sqlite.pragma('secure_delete = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Planner statistics, as SQLite recommends for long-lived connections (a bounded sample, quick
    // even on a big archive; a no-op while they are current). Without them SQLite takes a primary
    // key index over a covering one and reads the row, e.g. in the search count (migration 0005).
    sqlite.pragma('analysis_limit = 1000');
    sqlite.pragma('optimize = 0x10002');
    const statements = new CachedStatements(sqlite);
    const sqliteDialect = new QueuedSqliteDialect({ database: statements });
    const db = new Kysely<DB>({ dialect: sqliteDialect });
    const hooks: (() => Promise<void>)[] = [];
    return {
      db,
      dialect,
      readNow: <R>(query: CompiledQuery<R>) => (sqliteDialect.driver?.free ? (statements.prepare(query.sql).all(query.parameters as unknown[]) as R[]) : undefined),
      ...(file === ':memory:' ? {} : { sqliteFile: path.resolve(file) }),
      beforeClose: (hook) => void hooks.push(hook),
      close: async () => {
        for (const hook of hooks.splice(0)) await hook();
        await db.destroy();
      },
    };
  }
  // No parallel query: Kasus's queries are short lookups, and starting a parallel worker takes longer
  // than they do (a capped search count went from about 6 to 11–14 ms with one).
  const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c max_parallel_workers_per_gather=0' });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  // Nor one that is checked out (between the statements of a transaction) when PostgreSQL goes away:
  // pg-pool listens only while a client is idle, and an 'error' event without a listener ends the
  // process. The query in flight, or the next one, fails on its own and the pool drops the client.
  // Found by the fault harness (test/faults), which kills PostgreSQL with SIGKILL.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  const listener = new PgListener(url);
  return {
    db,
    dialect,
    close: async () => {
      await listener.close();
      await db.destroy();
    },
    listen: (channel, onSignal, onError) => listener.listen(channel, onSignal, onError),
  };
}
