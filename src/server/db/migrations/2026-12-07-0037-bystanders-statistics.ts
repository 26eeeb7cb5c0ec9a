import { sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
//
// Issue 14, M8: one consent per person shown. A teaching copy (plain or de-identified) records the
// written consents of the other persons its picture shows (bystanders), one row per consent; a
// revocation of any of them withdraws the copy as the patient's does. Exactly one of teaching_copy_id
// and deidentified_copy_id is set.
//
// Issue 14, M14 bench/reports: statistics per department joined each of a period's media to its case
// (and each derivative to its media and case) for the department, about 0.6 s a year at a million
// cases. A case never changes department (CasesRepository changes only form values, status and
// version), so the department is kept on the media row, and the department and the media item's time
// on the derivative row, set at insert from the case (the media item), and counted from indexes that
// hold what the statistics read. 0035's media_created_idx (which held case_id for the join) goes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('copy_bystander_consent')
    .addColumn('teaching_copy_id', 'text', (c) => c.references('teaching_copy.id'))
    .addColumn('deidentified_copy_id', 'text', (c) => c.references('deidentified_copy.id'))
    .addColumn('consent_id', 'text', (c) => c.notNull().references('consent.id'))
    .execute();
  await db.schema.createIndex('copy_bystander_consent_consent_idx').on('copy_bystander_consent').column('consent_id').execute();
  await db.schema.createIndex('copy_bystander_consent_teaching_idx').on('copy_bystander_consent').column('teaching_copy_id').execute();
  await db.schema.createIndex('copy_bystander_consent_deidentified_idx').on('copy_bystander_consent').column('deidentified_copy_id').execute();

  await db.schema.alterTable('media').addColumn('department_id', 'text').execute();
  await sql`update media set department_id = (select clinical_case.department_id from clinical_case where clinical_case.id = media.case_id)`.execute(db);
  await db.schema.alterTable('media_derivative').addColumn('department_id', 'text').execute();
  await db.schema.alterTable('media_derivative').addColumn('media_created_at', 'text').execute();
  await sql`update media_derivative set department_id = (select media.department_id from media where media.id = media_derivative.media_id), media_created_at = (select media.created_at from media where media.id = media_derivative.media_id)`.execute(db);

  await db.schema.dropIndex('media_created_idx').execute();
  await db.schema.createIndex('media_created_department_idx').on('media').columns(['created_at', 'department_id', 'size_bytes', 'upload_size']).execute();
  await db.schema.createIndex('media_derivative_created_department_idx').on('media_derivative').columns(['media_created_at', 'department_id', 'size_bytes']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('media_derivative_created_department_idx').execute();
  await db.schema.dropIndex('media_created_department_idx').execute();
  await db.schema.createIndex('media_created_idx').on('media').columns(['created_at', 'case_id', 'size_bytes', 'upload_size']).execute();
  await db.schema.alterTable('media_derivative').dropColumn('media_created_at').execute();
  await db.schema.alterTable('media_derivative').dropColumn('department_id').execute();
  await db.schema.alterTable('media').dropColumn('department_id').execute();
  await db.schema.dropTable('copy_bystander_consent').execute();
}
