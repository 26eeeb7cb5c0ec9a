import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * A counter that every change able to end or narrow someone's access moves on (issue 20): a token
 * revoked or its expiry changed, a session ended, an account changed (deactivated, locked, password),
 * roles and rights granted or changed, departments renamed. Each node keeps the users it has resolved
 * in memory and uses them only while the counter is where it was when they were read, so a request
 * costs one primary-key read instead of four, and a revocation still holds at once on every node.
 * Database triggers bump it, so no code path (service, CLI, a later module) can forget to.
 */
const WATCHED: { table: string; events: string }[] = [
  { table: 'api_token', events: 'update of revoked_at, expires_at or delete' },
  { table: 'session', events: 'delete' },
  { table: 'user_account', events: 'update or delete' },
  { table: 'user_role', events: 'insert or update or delete' },
  { table: 'role', events: 'update or delete' },
  { table: 'department', events: 'update or delete' },
];

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('auth_generation')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('auth_generation').values({ id: 1, generation: 0 }).execute();
  if (postgres) {
    await sql`create function auth_generation_bump() returns trigger language plpgsql as $$
      begin
        update auth_generation set generation = generation + 1 where id = 1;
        return null;
      end $$`.execute(db);
    for (const { table, events } of WATCHED) {
      await sql.raw(`create trigger auth_generation_${table} after ${events} on ${table} for each statement execute function auth_generation_bump()`).execute(db);
    }
  } else {
    // SQLite's triggers name one event each and run per row.
    for (const { table, events } of WATCHED) {
      for (const event of events.split(' or ')) {
        const name = `auth_generation_${table}_${event.split(' ')[0]}`;
        await sql.raw(`create trigger ${name} after ${event} on ${table} begin update auth_generation set generation = generation + 1 where id = 1; end`).execute(db);
      }
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const { table, events } of WATCHED) {
    if (postgres) await sql.raw(`drop trigger auth_generation_${table} on ${table}`).execute(db);
    else for (const event of events.split(' or ')) await sql.raw(`drop trigger auth_generation_${table}_${event.split(' ')[0]}`).execute(db);
  }
  if (postgres) await sql`drop function auth_generation_bump()`.execute(db);
  await db.schema.dropTable('auth_generation').execute();
}
