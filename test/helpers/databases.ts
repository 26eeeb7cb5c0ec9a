import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DialectName } from '../../src/server/db/database.js';
import { createSqliteDatabase } from './kasus-app.js';

/** The databases every integration test runs on: SQLite always, PostgreSQL when present (always in CI). */
export function testDialects(): DialectName[] {
  return inject('postgresAdminUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh database (and data directory) for one test file: empty, or on PostgreSQL a copy of `template`. */
export async function createTestDatabase(dialect: DialectName, options: { template?: string } = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') return createSqliteDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kasus-test-'));
  const adminUrl = inject('postgresAdminUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available for this run');
  const name = `kasus_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}${options.template ? ` template ${options.template}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
