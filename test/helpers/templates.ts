import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DialectName } from '../../src/server/db/database.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { prepareTestDatabase } from './kasus-app.js';

/**
 * Prepared databases for test apps. Migrating and bootstrapping (demo users' password hashes
 * included) costs one to three seconds per app, and the suite makes about two hundred apps; each
 * distinct configuration is prepared once per run and copied after that: a file copy on SQLite,
 * CREATE DATABASE … TEMPLATE on PostgreSQL. Templates live for one run (test/helpers/global-setup.ts
 * names the run and removes them at its end).
 */

/** Where one run keeps its SQLite templates, and the prefix of its PostgreSQL template databases. */
export function templateLocations(runId: string): { sqliteDir: string; postgresPrefix: string } {
  return { sqliteDir: path.join(tmpdir(), `kasus-templates-${runId}`), postgresPrefix: `kasus_tpl_${runId}_` };
}

/** A new test database holding what prepareTestDatabase(env) makes, copied from this run's template. */
export async function createPreparedTestDatabase(dialect: DialectName, env: Record<string, string>): Promise<TestDatabase> {
  const key = createHash('sha256').update(JSON.stringify([dialect, Object.entries(env).sort()])).digest('hex').slice(0, 16);
  const locations = templateLocations(inject('testRunId'));
  const templateDir = path.join(locations.sqliteDir, key);
  const templateDatabase = `${locations.postgresPrefix}${key}`;
  if (!existsSync(templateDir)) await prepareTemplate(dialect, env, templateDir, templateDatabase);

  const database = dialect === 'sqlite' ? await createTestDatabase('sqlite') : await createTestDatabase('postgres', { template: templateDatabase });
  // The data directory holds what the first start wrote beside the database (blob store folders, and on SQLite the database file).
  cpSync(templateDir, database.dataDir, { recursive: true });
  return database;
}

/** Prepares a template aside and renames it into place: a rename is atomic, so a parallel worker sees all or nothing. */
async function prepareTemplate(dialect: DialectName, env: Record<string, string>, templateDir: string, templateDatabase: string): Promise<void> {
  const building = await createTestDatabase(dialect);
  await prepareTestDatabase(building, env);
  mkdirSync(path.dirname(templateDir), { recursive: true });
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: inject('postgresAdminUrl')! });
    await admin.connect();
    try {
      await admin.query(`alter database ${new URL(building.url).pathname.slice(1)} rename to ${templateDatabase}`);
    } catch (error) {
      await building.drop();
      if ((error as { code?: string }).code !== '42P04') throw error;
      return waitFor(templateDir); // another worker prepared the same template and is finishing it

    } finally {
      await admin.end();
    }
  }
  try {
    renameSync(building.dataDir, templateDir); // last: the directory marks a finished template
  } catch {
    rmSync(building.dataDir, { recursive: true, force: true }); // another worker prepared it first
  }
}

async function waitFor(templateDir: string): Promise<void> {
  for (let waited = 0; !existsSync(templateDir); waited += 50) {
    if (waited > 120_000) throw new Error(`template ${templateDir} was not finished by the worker that prepared it`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
