import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 15, I3: a signed case's images and videos sent to the department's PACS as DICOM over
// DICOMweb STOW-RS. Each request is one row, carried out by a durable job ('pacs.send'); the row
// keeps what is sent (the case version and its media), how far the job got (the SOP Instance UIDs
// the PACS has confirmed, so a retry sends only the rest) and the state shown on the case.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pacs_export')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    .addColumn('case_version', 'integer', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    /** JSON array of the media ids sent (the signed version's images and videos). */
    .addColumn('media', 'text', (c) => c.notNull())
    /** queued | sending | retrying | sent | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON array of the SOP Instance UIDs the PACS has confirmed. */
    .addColumn('sent_uids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('study_uid', 'text', (c) => c.notNull())
    /** The PACS's base URL when asked (without credentials). */
    .addColumn('target_url', 'text', (c) => c.notNull())
    /** Why the last attempt failed: a code (unreachable, timeout, http_status, instance_refused, media_missing, too_large, internal) and its detail. */
    .addColumn('error_code', 'text')
    .addColumn('error_detail', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('pacs_export_case').on('pacs_export').columns(['case_id', 'requested_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pacs_export').execute();
}
