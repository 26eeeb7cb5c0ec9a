import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 16, M5: card import. Files of a memory card are staged (bytes under the data directory,
// facts here) and analysed before anything is added to a case; a staged import is removed when it
// is committed or discarded, or by the leftover sweep once abandoned. What a committed import
// found wrong with its identity images is kept on the case as flags. A form may be marked forensic:
// then every image must show the patient's identifier.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('form').addColumn('forensic', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('media_import')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('media_import_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'text', (c) => c.notNull().references('media_import.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'text')
    .addColumn('camera_make', 'text')
    .addColumn('camera_model', 'text')
    /** 'pending' until read; 'read' (identifier set when one was found), 'not_run' when no OCR is installed. */
    .addColumn('ocr', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text')
    .addColumn('identifier_type', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_import_file_import').on('media_import_file').column('import_id').execute();

  await db.schema
    .createTable('case_import_flag')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    /** identity_series_incomplete | forensic_identity_missing */
    .addColumn('code', 'text', (c) => c.notNull())
    /** JSON: the media the flag is about and, for a series, which end lacks its identity image. */
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_import_flag_case').on('case_import_flag').column('case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_import_flag').execute();
  await db.schema.dropTable('media_import_file').execute();
  await db.schema.dropTable('media_import').execute();
  await db.schema.alterTable('form').dropColumn('forensic').execute();
}
