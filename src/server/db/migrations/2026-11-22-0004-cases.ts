import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teaching_collection')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('department_id', 'text', (c) => c.notNull().references('department.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('teaching_collection_name_unique', ['department_id', 'name'])
    .execute();

  // The case row holds the latest version (the one search and lists show); signed versions are
  // kept whole in case_version and never changed.
  await db.schema.alterTable('clinical_case').addColumn('collection_id', 'text', (c) => c.references('teaching_collection.id')).execute();
  await db.schema.alterTable('clinical_case').addColumn('form_version_id', 'text', (c) => c.references('form_version.id')).execute();
  /** JSON object of the latest version's form values. */
  await db.schema.alterTable('clinical_case').addColumn('form_values', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('clinical_case').addColumn('signed_by', 'text', (c) => c.references('user_account.id')).execute();
  await db.schema.alterTable('clinical_case').addColumn('signed_at', 'text').execute();
  await db.schema.createIndex('clinical_case_collection_idx').on('clinical_case').columns(['collection_id', 'created_at']).execute();
  await db.schema.createIndex('clinical_case_created_idx').on('clinical_case').column('created_at').execute();

  await db.schema.alterTable('media').addColumn('caption', 'text').execute();
  /** Removed from the case's draft; older versions still show it. */
  await db.schema.alterTable('media').addColumn('removed_at', 'text').execute();

  await db.schema
    .createTable('case_version')
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('form_version_id', 'text', (c) => c.references('form_version.id'))
    /** JSON object of the form values as signed. */
    .addColumn('form_values', 'text', (c) => c.notNull())
    /** JSON array of { mediaId, caption } in the order signed. */
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('signed_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_version_pk', ['case_id', 'version'])
    .execute();

  // Words of the latest version's text fields and captions, for search on both databases alike.
  // Date and department are copied in so that "word, newest first, in my departments" is one index walk.
  await db.schema
    .createTable('case_word')
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_word_pk', ['word', 'case_id'])
    .execute();
  await db.schema.createIndex('case_word_date_idx').on('case_word').columns(['word', 'created_at']).execute();
  await db.schema.createIndex('case_word_case_idx').on('case_word').column('case_id').execute();

  await db.schema
    .createTable('patient_confidentiality')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patient.id'))
    .addColumn('confidential', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patient_confidentiality_patient_idx').on('patient_confidentiality').columns(['patient_id', 'changed_at']).execute();

  await db.schema
    .createTable('emergency_access')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    .addColumn('patient_id', 'text', (c) => c.references('patient.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('department.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('emergency_access_user_case_idx').on('emergency_access').columns(['user_id', 'case_id', 'expires_at']).execute();
  await db.schema.createIndex('emergency_access_granted_idx').on('emergency_access').column('granted_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['emergency_access', 'patient_confidentiality', 'case_word', 'case_version']) await db.schema.dropTable(table).execute();
  for (const column of ['removed_at', 'caption']) await db.schema.alterTable('media').dropColumn(column).execute();
  for (const index of ['clinical_case_created_idx', 'clinical_case_collection_idx']) await db.schema.dropIndex(index).execute();
  for (const column of ['signed_at', 'signed_by', 'form_values', 'form_version_id', 'collection_id']) {
    await db.schema.alterTable('clinical_case').dropColumn(column).execute();
  }
  await db.schema.dropTable('teaching_collection').execute();
}
