import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 14, M9: de-identified copies. A picture or video of a patient's case, edited on the server
// (regions blurred, pixelated or blacked out, cropped, trimmed) into bytes of its own, put into a
// teaching collection under the written consent that allows it. The source stays as it was; the copy
// names it (source_media_id, source_case_id) until the source is purged, when a copy kept under its
// own consent loses the link (both set to null) and the others go with the source. A revocation of
// the consent withdraws the copy (withdrawn_at) and tells its holders (deidentified_copy_notice).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deidentified_copy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('teaching_collection.id'))
    .addColumn('consent_id', 'text', (c) => c.notNull().references('consent.id'))
    .addColumn('source_media_id', 'text', (c) => c.references('media.id'))
    .addColumn('source_case_id', 'text', (c) => c.references('clinical_case.id'))
    /** 'image' or 'video'. */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The copy's bytes (content-addressed, SHA-256). */
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('duration_ms', 'integer')
    /** JSON: the regions, crop and trim applied (geometry only, in the source's pixels). */
    .addColumn('edits', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema.createIndex('deidentified_copy_collection_idx').on('deidentified_copy').column('collection_id').execute();
  await db.schema.createIndex('deidentified_copy_consent_idx').on('deidentified_copy').column('consent_id').execute();
  await db.schema.createIndex('deidentified_copy_source_idx').on('deidentified_copy').column('source_media_id').execute();

  await db.schema
    .createTable('deidentified_copy_notice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('copy_id', 'text', (c) => c.notNull().references('deidentified_copy.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deidentified_copy_notice_user_idx').on('deidentified_copy_notice').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deidentified_copy_notice').execute();
  await db.schema.dropTable('deidentified_copy').execute();
}
