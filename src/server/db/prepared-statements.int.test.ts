import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../../../test/helpers/databases.js';
import { openDatabase, type Database } from './database.js';
import { QueryTemplates } from './query-templates.js';
import type { DB } from './schema.js';

interface Tables {
  prepared_probe: { id: string; label: string };
}

describe.runIf(testDialects().includes('postgres'))('query templates as prepared statements on postgres', () => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    database = await openDatabase(testDb.url);
    await sql`create table prepared_probe (id text primary key, label text not null)`.execute(database.db);
    await sql`insert into prepared_probe values ('a', 'first'), ('b', 'second')`.execute(database.db);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  const probe = (db: Kysely<DB>, id: string) => (db as unknown as Kysely<Tables>).selectFrom('prepared_probe').selectAll().where('id', '=', id);

  it('runs a template by name, parsed once per connection, and other queries unnamed', async () => {
    const templates = new QueryTemplates();
    await database.db.connection().execute(async (connection) => {
      expect(await templates.execute(connection, 'probe', { id: 'a' }, (v) => probe(database.db, v.id))).toEqual([{ id: 'a', label: 'first' }]);
      expect(await templates.execute(connection, 'probe', { id: 'b' }, (v) => probe(database.db, v.id))).toEqual([{ id: 'b', label: 'second' }]);
      await probe(connection, 'a').execute(); // built as usual: not named
      const statements = (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(connection)).rows;
      const templateSql = templates.compiled('probe', { id: 'x' }, (v) => probe(database.db, v.id)).sql;
      expect(statements.filter((s) => s.statement === templateSql)).toHaveLength(1);
      expect(statements).toHaveLength(1);
    });
  });

  it('still answers when the table changed under a prepared statement, unnamed from then on', async () => {
    const templates = new QueryTemplates();
    await database.db.connection().execute(async (connection) => {
      const run = (id: string) => templates.execute(connection, 'probe-all', { id }, (v) => probe(database.db, v.id));
      expect(await run('a')).toEqual([{ id: 'a', label: 'first' }]);
      await sql`alter table prepared_probe add column note text`.execute(connection);
      expect(await run('b')).toEqual([{ id: 'b', label: 'second', note: null }]);
      expect(await run('a')).toEqual([{ id: 'a', label: 'first', note: null }]);
    });
  });
});
