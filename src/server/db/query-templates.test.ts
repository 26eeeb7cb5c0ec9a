import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { QueryTemplates } from './query-templates.js';
import type { DB } from './schema.js';

interface Tables {
  item: { id: string; owner: string; rank: number };
}

const connection = new SqliteDatabase(':memory:');
connection.exec(`create table item (id text primary key, owner text not null, rank integer not null);
  insert into item values ('a', 'ann', 1), ('b', 'ann', 2), ('c', 'bo', 3), ('d', 'cy', 4);`);
const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: connection }) });
const asDb = db as unknown as Kysely<DB>;
afterAll(() => db.destroy());

interface Filter extends Record<string, unknown> {
  owners: string[] | undefined;
  minRank: number | undefined;
  limit: number;
}

const byFilter = (v: Filter) =>
  (asDb as unknown as Kysely<Tables>)
    .selectFrom('item')
    .select(['id'])
    .$if(v.owners !== undefined, (q) => q.where('owner', 'in', v.owners!))
    .$if(v.minRank !== undefined, (q) => q.where('rank', '>=', v.minRank!))
    .orderBy('id')
    .limit(v.limit);

describe('QueryTemplates', () => {
  it('builds a shape once and runs it again with new values', async () => {
    const templates = new QueryTemplates();
    let builds = 0;
    const run = (v: Filter) =>
      templates.execute(asDb, 'items', v, (values) => {
        builds += 1;
        return byFilter(values);
      });
    expect(await run({ owners: ['ann'], minRank: 2, limit: 10 })).toEqual([{ id: 'b' }]);
    expect(await run({ owners: ['bo'], minRank: 0, limit: 10 })).toEqual([{ id: 'c' }]);
    expect(await run({ owners: ['cy'], minRank: 1, limit: 1 })).toEqual([{ id: 'd' }]);
    expect(builds).toBe(1);
    // Another shape: a longer list, a filter left out.
    expect(await run({ owners: ['ann', 'cy'], minRank: 0, limit: 10 })).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'd' }]);
    expect(await run({ owners: undefined, minRank: 3, limit: 10 })).toEqual([{ id: 'c' }, { id: 'd' }]);
    expect(builds).toBe(3);
    expect(await run({ owners: ['bo', 'ann'], minRank: 2, limit: 10 })).toEqual([{ id: 'b' }, { id: 'c' }]);
    expect(builds).toBe(3);
  });

  it('keeps constants of the query as they were built', async () => {
    const templates = new QueryTemplates();
    const lowRanked = (v: { owner: string }) => (asDb as unknown as Kysely<Tables>).selectFrom('item').select('id').where('owner', '=', v.owner).where('rank', '<', 3);
    expect(await templates.execute(asDb, 'constant', { owner: 'ann' }, lowRanked)).toEqual([{ id: 'a' }, { id: 'b' }]);
    // bo's one item has rank 3: the constant 3 stayed in its place, the owner changed.
    expect(await templates.execute(asDb, 'constant', { owner: 'bo' }, lowRanked)).toEqual([]);
  });

  it('refuses a builder that changes a value, writes it into the SQL text or leaves it out', () => {
    const templates = new QueryTemplates();
    const items = () => (asDb as unknown as Kysely<Tables>).selectFrom('item').select('id');
    expect(() => templates.compiled('changed', { owner: 'ann' }, (v) => items().where('owner', '=', `${v.owner}%`))).toThrow(/changed before it reached|combined with other text/);
    expect(() => templates.compiled('upper', { owner: 'ann' }, (v) => items().where('owner', '=', v.owner.slice(1)))).toThrow(/changed|does not reach/);
    expect(() => templates.compiled('inlined', { owner: 'ann' }, (v) => items().where(sql.raw<boolean>(`owner = '${v.owner}'`)))).toThrow(/SQL text/);
    expect(() => templates.compiled('unused', { owner: 'ann', rank: 3 }, (v) => items().where('owner', '=', v.owner))).toThrow(/rank does not reach/);
  });
});
