import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // A word search walks the word's entries newest first and keeps those in the caller's
  // departments. With (word, created_at) alone every entry walked cost a row read for its
  // department: a word common in other departments read 40 000 rows to find none (1 000 000
  // cases). With department and case in the index the walk reads no rows. It begins with
  // (word, created_at), so it replaces that index.
  await db.schema.createIndex('case_word_walk_idx').on('case_word').columns(['word', 'created_at', 'department_id', 'case_id']).execute();
  await db.schema.dropIndex('case_word_date_idx').execute();
  // Every match a word search counts (up to 1001) is checked against its patient's confidentiality:
  // case → patient → confidential. These answer that from two small indexes instead of reading
  // each case row and patient row.
  await db.schema.createIndex('clinical_case_id_patient_idx').on('clinical_case').columns(['id', 'patient_id']).execute();
  await db.schema.createIndex('patient_id_confidential_idx').on('patient').columns(['id', 'confidential']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('patient_id_confidential_idx').execute();
  await db.schema.dropIndex('clinical_case_id_patient_idx').execute();
  await db.schema.createIndex('case_word_date_idx').on('case_word').columns(['word', 'created_at']).execute();
  await db.schema.dropIndex('case_word_walk_idx').execute();
}
