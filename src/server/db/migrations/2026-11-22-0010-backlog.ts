import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // C8: what was produced on paper or offline during an outage, tracked until it is in the records.
  await db.schema
    .createTable('backlog_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** The outage notice (notice.id) the item was produced during. */
    .addColumn('outage_id', 'text', (c) => c.notNull().references('notice.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('department.id'))
    .addColumn('patient_id', 'text', (c) => c.references('patient.id'))
    /** `paper_referral`, `paper_answer`, `paper_note` or `offline_media`. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    /** `registered`, `entered` or `verified`. */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('entered_at', 'text')
    .addColumn('verified_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('verified_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('backlog_item_outage_idx').on('backlog_item').columns(['outage_id', 'department_id']).execute();
  await db.schema.createIndex('backlog_item_department_idx').on('backlog_item').columns(['department_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backlog_item').execute();
}
