import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // "case" is reserved in SQL; the table is clinical_case. Minimal here; the cases issue extends it.
  await db.schema
    .createTable('clinical_case')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.references('patient.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('department.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clinical_case_patient_idx').on('clinical_case').columns(['patient_id', 'created_at']).execute();
  await db.schema.createIndex('clinical_case_department_idx').on('clinical_case').columns(['department_id', 'created_at']).execute();

  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** processing → ready | refused | duplicate */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('duplicate_of', 'text')
    .addColumn('original_filename', 'text', (c) => c.notNull())
    /** The uploaded bytes, kept in quarantine until cleaned, then deleted. */
    .addColumn('quarantine_key', 'text')
    .addColumn('upload_sha256', 'text', (c) => c.notNull())
    .addColumn('upload_size', 'bigint', (c) => c.notNull())
    .addColumn('mime', 'text')
    .addColumn('size_bytes', 'bigint')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('duration_ms', 'integer')
    .addColumn('sha256', 'text')
    .addColumn('captured_at', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_case_idx').on('media').columns(['case_id', 'position']).execute();
  await db.schema.createIndex('media_case_sha_idx').on('media').columns(['case_id', 'sha256']).execute();
  await db.schema.createIndex('media_case_upload_sha_idx').on('media').columns(['case_id', 'upload_sha256']).execute();

  await db.schema
    .createTable('media_derivative')
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
    /** thumbnail | preview | poster | playable */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_derivative_pk', ['media_id', 'kind'])
    .execute();

  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON object. */
    .addColumn('payload', 'text', (c) => c.notNull())
    /** queued → running → done | (queued again after a failure) | dead */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    /** A running job whose lease has passed belongs to a worker that died: it may be claimed again. */
    .addColumn('lease_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    /** Enqueueing the same unique key twice gives one job (idempotent enqueue). */
    .addColumn('unique_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('job_claim_idx').on('job').columns(['status', 'run_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['job', 'media_derivative', 'media', 'clinical_case']) await db.schema.dropTable(table).execute();
}
