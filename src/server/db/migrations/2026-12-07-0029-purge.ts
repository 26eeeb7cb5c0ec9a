import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// M11 purge: one row per purge request (its decision, its progress counts), and the blob keys a
// purge still has to remove. The keys are written in the same transaction that deletes the rows
// naming them, so a purge killed between the two steps finds its blobs again when it is resumed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('purge')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().unique())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('decision_ref', 'text')
    .addColumn('decision_date', 'text')
    .addColumn('reason_kind', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createTable('purge_blob')
    .addColumn('purge_id', 'text', (c) => c.notNull().references('purge.id'))
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('purge_blob_pk', ['purge_id', 'area', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('purge_blob').execute();
  await db.schema.dropTable('purge').execute();
}
