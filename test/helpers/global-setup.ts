import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection URL of a reachable PostgreSQL server, or null when the suite runs on SQLite only. */
    postgresAdminUrl: string | null;
  }
}

export const POSTGRES_ADMIN_URL = process.env.KASUS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Finds PostgreSQL once per run. With CI=true it must be there: the suite fails rather than skip it. */
export default async function setup(project: TestProject): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('postgresAdminUrl', POSTGRES_ADMIN_URL);
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true and PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}: ${(error as Error).message}`);
    }
    console.warn(`PostgreSQL not reachable at ${POSTGRES_ADMIN_URL}; integration tests run on SQLite only.`);
    project.provide('postgresAdminUrl', null);
  } finally {
    await client.end().catch(() => {});
  }
}
