import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * What a change to the archive's copied tables logs: (table, key) pairs an incremental offline-copy
 * build looks at, instead of walking and hashing the whole archive. A media or derivative change
 * names its media; a derivative losing its image names the image; a case names its patient too.
 */
const LOGGED = {
  clinical_case: { ops: ['INSERT', 'UPDATE', 'DELETE'], keys: (r: string) => [`'clinical_case', ${r}.id`, `'patient', ${r}.patient_id`] },
  media: { ops: ['INSERT', 'UPDATE', 'DELETE'], keys: (r: string) => [`'media', ${r}.id`] },
  media_derivative: { ops: ['INSERT', 'UPDATE', 'DELETE'], keys: (r: string) => [`'media', ${r}.media_id`, `'blob', ${r}.blob_key`] },
  patient: { ops: ['UPDATE', 'DELETE'], keys: (r: string) => [`'patient', ${r}.id`] },
} as const;

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    // tx: the writing transaction's id. A build remembers the oldest transaction still running when it
    // started (pg_snapshot_xmin) and the next one reads every change from there on, so a change
    // committed late with a small seq is not skipped.
    await sql`create table offline_change (
      seq bigserial primary key,
      tx bigint not null default (pg_current_xact_id()::text::bigint),
      tbl text not null,
      key text not null
    )`.execute(db);
    await db.schema.createIndex('offline_change_tx_idx').on('offline_change').column('tx').execute();
    const rows = (table: keyof typeof LOGGED, r: 'NEW' | 'OLD') =>
      LOGGED[table].keys(r).map((pair) => `insert into offline_change (tbl, key) select ${pair} where ${pair.split(', ')[1]} is not null;`).join('\n      ');
    for (const table of Object.keys(LOGGED) as (keyof typeof LOGGED)[]) {
      await sql.raw(`create function offline_change_${table}() returns trigger language plpgsql as $$
    begin
      -- Nothing is logged while no backup workstation is registered (its first build is a full one).
      if not exists (select 1 from offline_workstation where revoked_at is null) then return null; end if;
      if tg_op <> 'DELETE' then
      ${rows(table, 'NEW')}
      end if;
      if tg_op <> 'INSERT' then
      ${rows(table, 'OLD')}
      end if;
      return null;
    end $$`).execute(db);
      await sql.raw(`create trigger offline_change_${table} after ${LOGGED[table].ops.join(' or ')} on ${table} for each row execute function offline_change_${table}()`).execute(db);
    }
  } else {
    // SQLite has one writer at a time, so seq order is commit order; AUTOINCREMENT never reuses a
    // seq after the log is pruned.
    await sql`create table offline_change (
      seq integer primary key autoincrement,
      tx integer,
      tbl text not null,
      key text not null
    )`.execute(db);
    for (const table of Object.keys(LOGGED) as (keyof typeof LOGGED)[]) {
      for (const op of LOGGED[table].ops) {
        const records = op === 'INSERT' ? ['new'] : op === 'DELETE' ? ['old'] : ['new', 'old'];
        const inserts = records
          .flatMap((r) => LOGGED[table].keys(r))
          .map((pair) => `insert into offline_change (tbl, key) select ${pair} where ${pair.split(', ')[1]} is not null;`)
          .join(' ');
        await sql.raw(`create trigger offline_change_${table}_${op.toLowerCase()} after ${op} on ${table}
          when exists (select 1 from offline_workstation where revoked_at is null)
          begin ${inserts} end`).execute(db);
      }
    }
  }
  // Where the workstation's last build started in the change log, and the preview cut-off it used.
  await db.schema.alterTable('offline_workstation').addColumn('change_mark', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('offline_workstation').addColumn('previews_from', 'text').execute();
  // Changes before the log existed are not in it: every workstation's next build is a full one.
  await db.updateTable('offline_workstation').set({ needs_full: 1 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of Object.keys(LOGGED) as (keyof typeof LOGGED)[]) {
    if (postgres) {
      await sql.raw(`drop trigger offline_change_${table} on ${table}`).execute(db);
      await sql.raw(`drop function offline_change_${table}()`).execute(db);
    } else {
      for (const op of LOGGED[table].ops) await sql.raw(`drop trigger offline_change_${table}_${op.toLowerCase()}`).execute(db);
    }
  }
  await db.schema.alterTable('offline_workstation').dropColumn('previews_from').execute();
  await db.schema.alterTable('offline_workstation').dropColumn('change_mark').execute();
  await db.schema.dropTable('offline_change').execute();
}
