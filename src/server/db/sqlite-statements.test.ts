import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CachedStatements } from './sqlite-statements.js';

interface TestDB {
  item: { id: number; name: string; note?: string | null };
}

/** The statement cache under Kysely on a real SQLite file. */
describe('CachedStatements', () => {
  let dir: string;
  let cache: CachedStatements;
  let db: Kysely<TestDB>;

  const open = (capacity?: number) => {
    cache = new CachedStatements(new SqliteDatabase(path.join(dir, 'test.db')), capacity);
    db = new Kysely<TestDB>({ dialect: new SqliteDialect({ database: cache }) });
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kasus-statements-'));
    open(3);
    await db.schema.createTable('item').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).execute();
    await db.insertInto('item').values([{ id: 1, name: 'ett' }, { id: 2, name: 'två' }, { id: 3, name: 'tre' }]).execute();
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const byId = (id: number) => db.selectFrom('item').select('name').where('id', '=', id).executeTakeFirst();

  it('prepares a query once and reuses it with other parameters', async () => {
    const before = cache.stats();
    expect(await byId(1)).toEqual({ name: 'ett' });
    expect(await byId(2)).toEqual({ name: 'två' });
    expect(await byId(3)).toEqual({ name: 'tre' });
    expect(await byId(4)).toBeUndefined();
    const after = cache.stats();
    expect(after.prepared - before.prepared).toBe(1);
    expect(after.hits - before.hits).toBe(3);
  });

  it('writes through a cached statement report their changes, in and out of transactions', async () => {
    const rename = (id: number, name: string) => db.updateTable('item').set({ name }).where('id', '=', id).executeTakeFirst();
    expect(Number((await rename(1, 'one')).numUpdatedRows)).toBe(1);
    expect(Number((await rename(9, 'none')).numUpdatedRows)).toBe(0);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('item').set({ name: 'rolled back' }).where('id', '=', 2).execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await byId(2)).toEqual({ name: 'två' });
    await db.transaction().execute((trx) => trx.updateTable('item').set({ name: 'kept' }).where('id', '=', 2).execute());
    expect(await byId(2)).toEqual({ name: 'kept' });
  });

  it('keeps at most its capacity, dropping the least recently used', async () => {
    const q1 = () => byId(1);
    const q2 = () => db.selectFrom('item').select('id').where('name', '=', 'två').execute();
    const q3 = () => db.selectFrom('item').select('id').orderBy('id').execute();
    const q4 = () => db.selectFrom('item').select((b) => b.fn.countAll<number>().as('n')).execute();
    await q1();
    await q2();
    await q3();
    await q1(); // q1 is now the most recently used; q2 the least
    const before = cache.stats();
    await q4(); // evicts q2
    expect(cache.stats().size).toBe(3);
    await q1();
    await q3();
    expect(cache.stats().prepared).toBe(before.prepared + 1); // q4 only
    await q2();
    expect(cache.stats().prepared).toBe(before.prepared + 2); // q2 had to be prepared again
    expect(cache.stats().size).toBe(3);
  });

  it('a cached statement sees a schema change (SQLite re-prepares it)', async () => {
    const all = () => db.selectFrom('item').selectAll().where('id', '=', 1).executeTakeFirst();
    expect(await all()).toEqual({ id: 1, name: 'ett' });
    await db.schema.alterTable('item').addColumn('note', 'text').execute();
    await db.updateTable('item').set({ note: 'ny' }).where('id', '=', 1).execute();
    expect(await all()).toEqual({ id: 1, name: 'ett', note: 'ny' });
  });

  it('a statement still being iterated is not handed out again', async () => {
    const text = 'select id from item order by id';
    const first = cache.prepare(text);
    const iterator = first.iterate([]);
    expect(iterator.next().value).toEqual({ id: 1 });
    // The same text while the first is busy: a statement of its own, which runs.
    const second = cache.prepare(text);
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    iterator.return?.();
    expect(cache.prepare(text)).toBe(first);
  });

  it('streams through Kysely and then reuses the statement', async () => {
    const names: string[] = [];
    for await (const row of db.selectFrom('item').select('name').orderBy('id').stream()) names.push(row.name);
    expect(names).toEqual(['ett', 'två', 'tre']);
    const before = cache.stats();
    expect(await db.selectFrom('item').select('name').orderBy('id').execute()).toHaveLength(3);
    expect(cache.stats().prepared).toBe(before.prepared);
  });

  it('raw SQL and transaction control go through it too', async () => {
    await sql`pragma user_version = 7`.execute(db);
    const { rows } = await sql<{ user_version: number }>`pragma user_version`.execute(db);
    expect(rows).toEqual([{ user_version: 7 }]);
    expect(() => new CachedStatements(new SqliteDatabase(':memory:'), 0)).toThrow();
  });
});
