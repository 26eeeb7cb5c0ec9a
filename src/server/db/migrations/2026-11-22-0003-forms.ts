import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('form')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A version is never changed once written: cases keep the version they were written with.
  await db.schema
    .createTable('form_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('form.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    /** JSON array of field definitions, the capture facts first. */
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('form_version_form_version_unique', ['form_id', 'version'])
    .execute();

  await db.schema
    .createTable('form_department')
    .addColumn('form_id', 'text', (c) => c.notNull().references('form.id').onDelete('cascade'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('department.id'))
    .addPrimaryKeyConstraint('form_department_pk', ['form_id', 'department_id'])
    .execute();
  await db.schema.createIndex('form_department_department_idx').on('form_department').column('department_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['form_department', 'form_version', 'form']) await db.schema.dropTable(table).execute();
}
