import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
//
// Issue 20 (read path): a case list row shows its case's first shown file with a thumbnail and the
// earliest capture time of its shown files. They were two correlated subqueries per row of every list
// (on SQLite about a third of the case list's statement time); now they are kept on the case:
// `list_thumbnail_media_id` and `list_captured_at`. Database triggers keep them, so no code path
// (upload, processing job, reorder, removal, purge, import, a later module) can forget to: every
// change of a media row's case, position, status, removal or capture time, and every thumbnail
// derivative made or removed, recomputes the case's two columns from its media, exactly as the list's
// subqueries did ("shown": status ready and not removed; the thumbnail: lowest position with a
// thumbnail derivative).
//
// PostgreSQL: the triggers are deferred to the commit, so a transaction takes the case row's lock only
// when it holds every media row lock it will take (a reorder and a processing job finishing on the same
// case would otherwise lock media row, then case row, in opposite orders, and deadlock). The function
// locks the case row before it reads the media, and reads them in a statement of its own, so two
// transactions changing the same case's media do not compute from snapshots that miss each other's
// change (READ COMMITTED gives each statement of a plpgsql function a fresh snapshot once the lock is held).

const THUMBNAIL = (caseRef: string) =>
  `(select tm.id from media tm inner join media_derivative td on td.media_id = tm.id and td.kind = 'thumbnail'
    where tm.case_id = ${caseRef} and tm.status = 'ready' and tm.removed_at is null order by tm.position limit 1)`;
const CAPTURED = (caseRef: string) => `(select min(cm.captured_at) from media cm where cm.case_id = ${caseRef} and cm.status = 'ready' and cm.removed_at is null)`;
const REFRESH_WHERE = (where: string) =>
  `update clinical_case set list_thumbnail_media_id = ${THUMBNAIL('clinical_case.id')}, list_captured_at = ${CAPTURED('clinical_case.id')} where ${where}`;

/** The media columns the two values depend on. */
const MEDIA_COLUMNS = 'case_id, position, status, removed_at, captured_at';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('clinical_case').addColumn('list_thumbnail_media_id', 'text').execute();
  await db.schema.alterTable('clinical_case').addColumn('list_captured_at', 'text').execute();
  // Only cases with media have anything to show.
  await sql.raw(REFRESH_WHERE('id in (select case_id from media)')).execute(db);
  if (postgres) {
    await sql
      .raw(
        `create function case_list_media_refresh(target text) returns void language plpgsql as $$
      begin
        if target is null then return; end if;
        perform 1 from clinical_case where id = target for update;
        ${REFRESH_WHERE('id = target')};
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function case_list_media_on_media() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then perform case_list_media_refresh(old.case_id); end if;
        if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.case_id is distinct from old.case_id) then perform case_list_media_refresh(new.case_id); end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function case_list_media_on_derivative() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' and old.kind = 'thumbnail' then perform case_list_media_refresh((select case_id from media where id = old.media_id)); end if;
        if tg_op <> 'DELETE' and new.kind = 'thumbnail' and (tg_op = 'INSERT' or new.media_id is distinct from old.media_id or old.kind <> 'thumbnail') then
          perform case_list_media_refresh((select case_id from media where id = new.media_id));
        end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(`create constraint trigger case_list_media_on_media after insert or update of ${MEDIA_COLUMNS} or delete on media deferrable initially deferred for each row execute function case_list_media_on_media()`)
      .execute(db);
    await sql
      .raw('create constraint trigger case_list_media_on_derivative after insert or update of kind, media_id or delete on media_derivative deferrable initially deferred for each row execute function case_list_media_on_derivative()')
      .execute(db);
  } else {
    // SQLite's triggers name one event each; a write is one at a time, so no lock is needed.
    await sql.raw(`create trigger case_list_media_media_insert after insert on media begin ${REFRESH_WHERE('id = new.case_id')}; end`).execute(db);
    await sql.raw(`create trigger case_list_media_media_update after update of ${MEDIA_COLUMNS} on media begin ${REFRESH_WHERE('id in (old.case_id, new.case_id)')}; end`).execute(db);
    await sql.raw(`create trigger case_list_media_media_delete after delete on media begin ${REFRESH_WHERE('id = old.case_id')}; end`).execute(db);
    await sql
      .raw(`create trigger case_list_media_derivative_insert after insert on media_derivative when new.kind = 'thumbnail' begin ${REFRESH_WHERE('id = (select case_id from media where id = new.media_id)')}; end`)
      .execute(db);
    await sql
      .raw(
        `create trigger case_list_media_derivative_update after update of kind, media_id on media_derivative when old.kind = 'thumbnail' or new.kind = 'thumbnail'
        begin ${REFRESH_WHERE('id in (select case_id from media where id in (old.media_id, new.media_id))')}; end`,
      )
      .execute(db);
    await sql
      .raw(`create trigger case_list_media_derivative_delete after delete on media_derivative when old.kind = 'thumbnail' begin ${REFRESH_WHERE('id = (select case_id from media where id = old.media_id)')}; end`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`drop trigger case_list_media_on_media on media`.execute(db);
    await sql`drop trigger case_list_media_on_derivative on media_derivative`.execute(db);
    await sql`drop function case_list_media_on_media()`.execute(db);
    await sql`drop function case_list_media_on_derivative()`.execute(db);
    await sql`drop function case_list_media_refresh(text)`.execute(db);
  } else {
    for (const name of ['media_insert', 'media_update', 'media_delete', 'derivative_insert', 'derivative_update', 'derivative_delete']) {
      await sql.raw(`drop trigger case_list_media_${name}`).execute(db);
    }
  }
  await db.schema.alterTable('clinical_case').dropColumn('list_captured_at').execute();
  await db.schema.alterTable('clinical_case').dropColumn('list_thumbnail_media_id').execute();
}
