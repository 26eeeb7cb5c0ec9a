import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// The offline read copy holds each held image's annotation layer of its case's current version
// (docs/offline-copy-format.md, table media_annotation): a change to a layer names its image in the
// change log (migration 0019), so the next incremental build looks the image up again.
const OPS = ['INSERT', 'UPDATE', 'DELETE'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql.raw(`create function offline_change_media_annotation() returns trigger language plpgsql as $$
    begin
      -- Nothing is logged while no backup workstation is registered (its first build is a full one).
      if not exists (select 1 from offline_workstation where revoked_at is null) then return null; end if;
      if tg_op <> 'DELETE' then
        insert into offline_change (tbl, key) values ('media', NEW.media_id);
      end if;
      if tg_op <> 'INSERT' then
        insert into offline_change (tbl, key) values ('media', OLD.media_id);
      end if;
      return null;
    end $$`).execute(db);
    await sql.raw(`create trigger offline_change_media_annotation after ${OPS.join(' or ')} on media_annotation for each row execute function offline_change_media_annotation()`).execute(db);
  } else {
    for (const op of OPS) {
      const records = op === 'INSERT' ? ['new'] : op === 'DELETE' ? ['old'] : ['new', 'old'];
      const inserts = records.map((r) => `insert into offline_change (tbl, key) values ('media', ${r}.media_id);`).join(' ');
      await sql.raw(`create trigger offline_change_media_annotation_${op.toLowerCase()} after ${op} on media_annotation
        when exists (select 1 from offline_workstation where revoked_at is null)
        begin ${inserts} end`).execute(db);
    }
  }
  // Copies made before hold no annotations, and nothing in the log names them: every workstation's next build is a full one.
  await db.updateTable('offline_workstation').set({ needs_full: 1 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql.raw('drop trigger offline_change_media_annotation on media_annotation').execute(db);
    await sql.raw('drop function offline_change_media_annotation()').execute(db);
  } else {
    for (const op of OPS) await sql.raw(`drop trigger offline_change_media_annotation_${op.toLowerCase()}`).execute(db);
  }
}
