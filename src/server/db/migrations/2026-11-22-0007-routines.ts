import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // Downtime scenarios (C3): a named condition over the systems' statuses.
  await db.schema
    .createTable('scenario')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    /** Higher is shown first when several scenarios are in force. */
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON: { match: 'any' | 'all', clauses: [{ systemId, statuses[], viaDependencies? }] }. */
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A routine is a controlled document: the row holds its document id, every version is kept.
  await db.schema
    .createTable('routine')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().unique())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('routine_version')
    .addColumn('routine_id', 'text', (c) => c.notNull().references('routine.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scenario_id', 'text', (c) => c.notNull().references('scenario.id'))
    /** JSON arrays: system ids, step texts, forms { name, url }, contacts { name, phone, note, contactId }. */
    .addColumn('system_ids', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('forms', 'text', (c) => c.notNull())
    .addColumn('contacts', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('reviewer', 'text', (c) => c.notNull())
    .addColumn('approver', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addColumn('approved_by', 'text', (c) => c.references('user_account.id'))
    .addPrimaryKeyConstraint('routine_version_pk', ['routine_id', 'version'])
    .execute();
  await db.schema.createIndex('routine_version_scenario_idx').on('routine_version').column('scenario_id').execute();
  await db.schema.createIndex('routine_version_owner_idx').on('routine_version').column('owner_id').execute();

  // One reminder per routine version and owner, ever (the unique key makes the check idempotent across nodes).
  await db.schema
    .createTable('routine_reminder')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('routine_id', 'text', (c) => c.notNull().references('routine.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('user_account.id'))
    /** `expiring` or `expired`: the version's state when the reminder was made. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('routine_reminder_version_owner_uq', ['routine_id', 'version', 'owner_id'])
    .execute();
  await db.schema.createIndex('routine_reminder_owner_idx').on('routine_reminder').columns(['owner_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['routine_reminder', 'routine_version', 'routine', 'scenario']) {
    await db.schema.dropTable(table).execute();
  }
}
