import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { up as up0041 } from './2026-12-07-0041-case-list-media.js';

// Frozen once landed: later changes go into new migrations.
//
// Issues 17/20 (lock order on PostgreSQL). Migration 0041 kept a case list row's thumbnail and capture
// date on the case row, set by deferred triggers on media and media_derivative: every media
// transaction locked the case row last, at its commit. Transactions that lock the case row first and
// then wait for something a media transaction holds deadlocked with it:
// - a case write (a draft's values saved, signing, a new version) holds the case row and waits for the
//   audit chain's head, which an audited media change (an upload, a removal, a reorder) holds until
//   its commit, where it waited for the case row;
// - two uploads into one case: each insert holds a key share on the case row (the foreign key), and
//   each commit's trigger locked the row for update, waiting for the other's key share;
// - a transaction holding the case row and then a media row held by a processing job.
// The two values now live in a table of their own, `case_list_media` (one row per case, made with the
// case by a trigger on clinical_case), which nothing but these triggers locks: a media transaction
// still takes that row last, at its commit, but no transaction holds it while it waits for anything
// else, so no cycle of waits can pass through it. The case list reads it by the case's key.
//
// The triggers compute exactly as 0041's ("shown": status ready and not removed; the thumbnail: lowest
// position with a thumbnail derivative). PostgreSQL: still deferred to the commit, the row locked
// before the media are read, and read in a statement of its own (a fresh snapshot once the lock is
// held, so two transactions changing the same case's media do not compute from snapshots that miss
// each other's change). A media row moved between cases refreshes both in key order.

const THUMBNAIL = (caseRef: string) =>
  `(select tm.id from media tm inner join media_derivative td on td.media_id = tm.id and td.kind = 'thumbnail'
    where tm.case_id = ${caseRef} and tm.status = 'ready' and tm.removed_at is null order by tm.position limit 1)`;
const CAPTURED = (caseRef: string) => `(select min(cm.captured_at) from media cm where cm.case_id = ${caseRef} and cm.status = 'ready' and cm.removed_at is null)`;
const REFRESH_WHERE = (where: string) =>
  `update case_list_media set thumbnail_media_id = ${THUMBNAIL('case_list_media.case_id')}, captured_at = ${CAPTURED('case_list_media.case_id')} where ${where}`;

/** The media columns the two values depend on. */
const MEDIA_COLUMNS = 'case_id, position, status, removed_at, captured_at';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // 0041's triggers first: they write the case row's columns that go below.
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

  await db.schema
    .createTable('case_list_media')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('clinical_case.id').onDelete('cascade'))
    .addColumn('thumbnail_media_id', 'text')
    .addColumn('captured_at', 'text')
    .execute();
  await sql`insert into case_list_media (case_id, thumbnail_media_id, captured_at) select id, list_thumbnail_media_id, list_captured_at from clinical_case`.execute(db);
  await db.schema.alterTable('clinical_case').dropColumn('list_captured_at').execute();
  await db.schema.alterTable('clinical_case').dropColumn('list_thumbnail_media_id').execute();

  if (postgres) {
    // A new case has no media yet; its row is made in the case's own transaction (the key share the
    // foreign key takes is on a row that transaction holds anyway).
    await sql`create function case_list_media_on_case() returns trigger language plpgsql as $$
      begin
        insert into case_list_media (case_id) values (new.id) on conflict do nothing;
        return null;
      end $$`.execute(db);
    await sql`create trigger case_list_media_on_case after insert on clinical_case for each row execute function case_list_media_on_case()`.execute(db);
    await sql
      .raw(
        `create function case_list_media_refresh(target text) returns void language plpgsql as $$
      begin
        if target is null then return; end if;
        perform 1 from case_list_media where case_id = target for no key update;
        ${REFRESH_WHERE('case_id = target')};
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function case_list_media_on_media() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and new.case_id is distinct from old.case_id then
          perform case_list_media_refresh(least(old.case_id, new.case_id));
          perform case_list_media_refresh(greatest(old.case_id, new.case_id));
        elsif tg_op = 'DELETE' then
          perform case_list_media_refresh(old.case_id);
        else
          perform case_list_media_refresh(new.case_id);
        end if;
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
    // SQLite: one writer at a time, so no lock order; the same values, in the statement's own trigger.
    await sql`create trigger case_list_media_case_insert after insert on clinical_case begin insert or ignore into case_list_media (case_id) values (new.id); end`.execute(db);
    await sql.raw(`create trigger case_list_media_media_insert after insert on media begin ${REFRESH_WHERE('case_id = new.case_id')}; end`).execute(db);
    await sql.raw(`create trigger case_list_media_media_update after update of ${MEDIA_COLUMNS} on media begin ${REFRESH_WHERE('case_id in (old.case_id, new.case_id)')}; end`).execute(db);
    await sql.raw(`create trigger case_list_media_media_delete after delete on media begin ${REFRESH_WHERE('case_id = old.case_id')}; end`).execute(db);
    await sql
      .raw(`create trigger case_list_media_derivative_insert after insert on media_derivative when new.kind = 'thumbnail' begin ${REFRESH_WHERE('case_id = (select case_id from media where id = new.media_id)')}; end`)
      .execute(db);
    await sql
      .raw(
        `create trigger case_list_media_derivative_update after update of kind, media_id on media_derivative when old.kind = 'thumbnail' or new.kind = 'thumbnail'
        begin ${REFRESH_WHERE('case_id in (select case_id from media where id in (old.media_id, new.media_id))')}; end`,
      )
      .execute(db);
    await sql
      .raw(`create trigger case_list_media_derivative_delete after delete on media_derivative when old.kind = 'thumbnail' begin ${REFRESH_WHERE('case_id = (select case_id from media where id = old.media_id)')}; end`)
      .execute(db);
  }
}

/** Back to 0041: the values on the case row again, kept by its triggers. */
export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    await sql`drop trigger case_list_media_on_case on clinical_case`.execute(db);
    await sql`drop trigger case_list_media_on_media on media`.execute(db);
    await sql`drop trigger case_list_media_on_derivative on media_derivative`.execute(db);
    await sql`drop function case_list_media_on_case()`.execute(db);
    await sql`drop function case_list_media_on_media()`.execute(db);
    await sql`drop function case_list_media_on_derivative()`.execute(db);
    await sql`drop function case_list_media_refresh(text)`.execute(db);
  } else {
    for (const name of ['case_insert', 'media_insert', 'media_update', 'media_delete', 'derivative_insert', 'derivative_update', 'derivative_delete']) {
      await sql.raw(`drop trigger case_list_media_${name}`).execute(db);
    }
  }
  await db.schema.dropTable('case_list_media').execute();
  // 0041's columns and triggers; its up() fills the columns from the media.
  await up0041(db);
}
