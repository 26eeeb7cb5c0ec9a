import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 14, M9: a de-identified copy is made by a durable job ('deidentify.run'), no longer in the
// request. The request checks the rights, the edits, the texts and the consents and records the order
// here with its job, in one transaction; the job renders the copy, stores it and inserts the
// deidentified_copy row. `status`: queued, running, done (copy_id set) or failed (error_code and
// error_message set; a dead job retried by an administrator runs the order again).
// `pending_blob_key` names the copy's bytes between their store and the commit of the copy's row: a
// run killed in between finds them there and removes them before it starts again, so no blob outlives
// a failure. No foreign keys to the source, its case or the copy: a purge removes those (and the
// orders of its cases, see PurgeRepository) in an order of its own.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deidentify_order')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().unique())
    .addColumn('source_media_id', 'text', (c) => c.notNull())
    .addColumn('source_case_id', 'text', (c) => c.notNull())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('teaching_collection.id'))
    .addColumn('consent_id', 'text', (c) => c.notNull().references('consent.id'))
    /** JSON array: the bystanders' consents the copy is made under (M8). */
    .addColumn('bystander_consent_ids', 'text', (c) => c.notNull())
    /** JSON: the regions, crop and trim, as deidentified_copy.edits. */
    .addColumn('edits', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('pending_blob_key', 'text')
    .addColumn('copy_id', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('deidentify_order_case_idx').on('deidentify_order').column('source_case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deidentify_order').execute();
}
