import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { bundleCli } from './cli-bundle.js';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection URL of a reachable PostgreSQL server, or null when the suite runs on SQLite only. */
    postgresAdminUrl: string | null;
    /** Names this run's prepared database templates (test/helpers/templates.ts). */
    testRunId: string;
    /** The CLI bundled once for the run (test/helpers/cli-bundle.ts): what tests start as `kasus`. */
    kasusCli: string;
  }
}

export const POSTGRES_ADMIN_URL = process.env.KASUS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Templates older than this are from a run that was killed before its teardown. */
const STALE_TEMPLATE_SECONDS = 6 * 3600;

/**
 * Finds PostgreSQL once per run (with CI=true it must be there: the suite fails rather than skip
 * it) and names the run's database templates; the returned teardown removes them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Seconds first, so that a later run can tell a killed run's leftovers by their age.
  const runId = `${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  project.provide('testRunId', runId);
  await removeTemplates((id) => Number(id.split('_')[0]) < Date.now() / 1000 - STALE_TEMPLATE_SECONDS);
  const cli = await bundleCli(runId);
  project.provide('kasusCli', cli.entry);
  const teardown = async () => {
    cli.remove();
    await removeTemplates((id) => id === runId);
  };
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
  return teardown;
}

/** Removes the SQLite template directories and PostgreSQL template databases of the runs `matches` picks. */
async function removeTemplates(matches: (runId: string) => boolean): Promise<void> {
  for (const entry of readdirSync(tmpdir())) {
    const runId = entry.match(/^kasus-templates-(\d+_[0-9a-f]+)$/)?.[1];
    if (runId && matches(runId)) rmSync(path.join(tmpdir(), entry), { recursive: true, force: true });
  }
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'kasus\\_tpl\\_%'");
    for (const { datname } of rows) {
      const runId = datname.match(/^kasus_tpl_(\d+_[0-9a-f]+)_[0-9a-f]+$/)?.[1];
      if (runId && matches(runId)) await client.query(`drop database if exists ${datname} with (force)`);
    }
  } catch {
    // No PostgreSQL in this run: nothing of it to remove.
  } finally {
    await client.end().catch(() => {});
  }
}
