import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * The SQL texts of the query templates (QueryTemplates), which PostgreSQL runs as named prepared
 * statements (issue 20): planning a case list of a dozen subqueries took PostgreSQL 2–7 ms against
 * under 1 ms to run it, on every request. A named statement is parsed once per connection, and after
 * a few runs PostgreSQL keeps a generic plan when it is as good as the custom ones.
 *
 * Only template texts are named: their number is bounded (one per shape of a hot query) and their
 * values always arrive as parameters.
 */
const named = new Map<string, string>();
const MOST_NAMED = 2000;

/** Marks a template's SQL to be prepared by name on PostgreSQL. */
export function prepareByName(sql: string): void {
  if (named.has(sql) || named.size >= MOST_NAMED) return;
  named.set(sql, `kasus_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`);
}

/**
 * The pool as Kysely's PostgreSQL driver sees it, its clients sending template texts as named
 * statements. A statement that the schema changed under (a migration by another node while this
 * one runs: "cached plan must not change result type") is sent unnamed from then on.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) => {
          if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never);
          const name = named.get(sqlOrCursor);
          if (!name) return client.query(sqlOrCursor, parameters as unknown[]);
          return (client.query({ name, text: sqlOrCursor, values: parameters as unknown[] }) as Promise<PostgresQueryResult<unknown>>).catch((error: unknown) => {
            if (!(error instanceof Error) || !/cached plan must not change result type/.test(error.message)) throw error;
            named.delete(sqlOrCursor);
            return client.query(sqlOrCursor, parameters as unknown[]);
          });
        }) as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
