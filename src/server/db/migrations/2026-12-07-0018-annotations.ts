import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 19, M15: annotations drawn on an image (arrows, ellipses, freehand lines, text, calibrated
// measurements), kept as data beside the untouched original. One row per case version and image:
// a signed version's rows are never changed (the service only writes the draft's version), and a
// new version starts with a copy of the signed one's rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media_annotation')
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id'))
    /** JSON array of shapes in image-relative coordinates (0..1), validated before it is stored. */
    .addColumn('shapes', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_annotation_pk', ['case_id', 'version', 'media_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media_annotation').execute();
}
