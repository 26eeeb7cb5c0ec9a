import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * The better-sqlite3 connection as Kysely's SQLite driver sees it, with its prepared statements kept
 * and reused by SQL text (issue 20: preparing anew was 11 % of the case list's CPU profile). Kysely
 * compiles the same query to the same text with `?` placeholders, so a route's queries are prepared
 * once. The cache is bounded (least recently used out): queries with a variable-length `in (…)` list
 * make a new text per length.
 *
 * Safe to share: the driver runs one query at a time on its one connection, a statement is never
 * given parameters it keeps, and SQLite re-prepares a statement itself when the schema changed
 * (migrations). A statement still being iterated (a stream not yet finished) is busy; the one who asks
 * for its text meanwhile gets a fresh, uncached statement.
 */
export class CachedStatements implements SqliteDatabase {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private counters = { hits: 0, prepared: 0 };

  constructor(
    readonly connection: BetterSqlite3.Database,
    readonly capacity = 500,
  ) {
    if (!(capacity >= 1)) throw new Error('The statement cache holds at least one statement');
  }

  prepare(sql: string): SqliteStatement {
    // Kysely opens transactions with a deferred `begin`. Another connection (the audit writer thread)
    // may commit between such a transaction's first read and its first write, and SQLite then refuses
    // the write (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out). Taking the write lock at the
    // start waits for the other writer instead.
    if (sql === 'begin') sql = 'begin immediate';
    const cached = this.statements.get(sql);
    if (cached && !cached.busy) {
      // Map keeps insertion order: re-inserting marks it the most recently used.
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      this.counters.hits += 1;
      return cached;
    }
    const statement = this.connection.prepare(sql);
    this.counters.prepared += 1;
    if (!cached) {
      this.statements.set(sql, statement);
      if (this.statements.size > this.capacity) this.statements.delete(this.statements.keys().next().value!);
    }
    return statement;
  }

  /** Statements reused, statements prepared, and how many are kept (for tests and benchmarks). */
  stats(): { hits: number; prepared: number; size: number } {
    return { ...this.counters, size: this.statements.size };
  }

  close(): void {
    this.statements.clear();
    this.connection.close();
  }
}
