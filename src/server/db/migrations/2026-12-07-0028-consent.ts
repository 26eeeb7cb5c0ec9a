import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 14, M8: written consent (a scanned or signed form kept as a blob), one per person shown —
// the patient or a bystander described in words — with its scopes and validity, and its revocation.
// Teaching copies: media put into a teaching collection under a consent; withdrawn (not deleted) when
// the consent is revoked, and the holders told through consent_notice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consent')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patient.id'))
    .addColumn('case_id', 'text', (c) => c.references('clinical_case.id'))
    /** 'patient' or 'bystander' (a person in the picture, described in person_description). */
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('person_description', 'text')
    /** JSON array of 'teaching' | 'publication' | 'research'. */
    .addColumn('scopes', 'text', (c) => c.notNull())
    /** Calendar dates (YYYY-MM-DD) in the hospital's zone; valid_until null: no end. */
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('document_key', 'text', (c) => c.notNull())
    .addColumn('document_mime', 'text', (c) => c.notNull())
    .addColumn('document_size', 'integer', (c) => c.notNull())
    .addColumn('document_name', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('revoked_on', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('consent_patient_idx').on('consent').column('patient_id').execute();

  await db.schema
    .createTable('teaching_copy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('teaching_collection.id'))
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id'))
    .addColumn('consent_id', 'text', (c) => c.notNull().references('consent.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema.createIndex('teaching_copy_consent_idx').on('teaching_copy').column('consent_id').execute();
  await db.schema.createIndex('teaching_copy_collection_idx').on('teaching_copy').column('collection_id').execute();

  await db.schema
    .createTable('consent_notice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('teaching_copy_id', 'text', (c) => c.notNull().references('teaching_copy.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consent_notice_user_idx').on('consent_notice').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consent_notice').execute();
  await db.schema.dropTable('teaching_copy').execute();
  await db.schema.dropTable('consent').execute();
}
