import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
//
// Issue 17: blobs are content-addressed, so an upload of bytes that a purge is deleting writes the
// same key. A writer holds the key here from before its bytes are in place until the row naming
// them is committed; a delete checks the holds and the rows under one lock per key (an advisory lock
// on PostgreSQL; SQLite runs one writer at a time), so it never removes bytes a row is about to name.
// `id` is the writer's hold (one hold may cover several keys); `held_at` lets a hold left by a writer
// that died be ignored after an hour.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('blob_hold')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('held_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_hold_pk', ['key', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('blob_hold').execute();
}
