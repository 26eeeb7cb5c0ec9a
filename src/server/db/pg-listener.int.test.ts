import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../../../test/helpers/databases.js';
import { openDatabase, type Database } from './database.js';
import { LISTENER_APPLICATION_NAME } from './pg-listener.js';

describe('signals between nodes on sqlite', () => {
  it('has no listener on SQLite, which serves one node', async () => {
    const testDb = await createTestDatabase('sqlite');
    const database = await openDatabase(testDb.url);
    try {
      expect(database.listen).toBeUndefined();
    } finally {
      await database.close();
      await testDb.drop();
    }
  });
});

describe.runIf(testDialects().includes('postgres'))('signals between nodes on postgres', () => {
  const dialect = 'postgres';
  let testDb: TestDatabase;
  let database: Database;
  let other: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await openDatabase(testDb.url);
    other = await openDatabase(testDb.url);
  });
  afterAll(async () => {
    await database?.close();
    await other?.close();
    await testDb?.drop();
  });

  const notify = (channel: string) => sql`select pg_notify(${channel}, '')`.execute(other.db);
  const listeners = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(other.db)).rows[0]!.n);

  it('listens on several channels over one connection, signals each channel’s listeners only, and lets go', async () => {
    const heard: string[] = [];
    const stopJobs = await database.listen!('kasus_test_jobs', () => heard.push('jobs'));
    const stopStatus = await database.listen!('kasus_test_status', () => heard.push('status'));
    // Each listener looks once when it starts (a signal may have been missed before).
    expect(heard.sort()).toEqual(['jobs', 'jobs', 'status']);
    expect(await listeners()).toBe(1);

    heard.length = 0;
    await notify('kasus_test_status');
    await expect.poll(() => heard).toEqual(['status']);
    // A NOTIFY in a transaction that rolls back is never delivered.
    await other.db
      .transaction()
      .execute(async (trx) => {
        await sql`select pg_notify('kasus_test_jobs', '')`.execute(trx);
        throw new Error('roll back');
      })
      .catch(() => {});
    await notify('kasus_test_jobs');
    await expect.poll(() => heard).toEqual(['status', 'jobs']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual(['status', 'jobs']);

    await stopJobs();
    heard.length = 0;
    await notify('kasus_test_jobs');
    await notify('kasus_test_status');
    await expect.poll(() => heard).toEqual(['status']);
    expect(await listeners()).toBe(1);
    await stopStatus();
    await expect.poll(listeners).toBe(0);
  });

  it('connects again after the connection is cut, and has every listener look once', async () => {
    const heard: string[] = [];
    const errors: unknown[] = [];
    const stop = await database.listen!('kasus_test_cut', () => heard.push('signal'), (error) => errors.push(error));
    heard.length = 0;
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(other.db);
    // The loss is reported, and after reconnecting the listener is signalled once to catch up.
    await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(1);
    await notify('kasus_test_cut');
    await expect.poll(() => heard.length).toBe(2);
    await stop();
    await expect.poll(listeners).toBe(0);
  });
});
