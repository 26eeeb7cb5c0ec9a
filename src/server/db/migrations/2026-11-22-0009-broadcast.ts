import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // Which departments use a system (C4): its notices go to them.
  await db.schema
    .createTable('clinical_system_department')
    .addColumn('system_id', 'text', (c) => c.notNull().references('clinical_system.id').onDelete('cascade'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('department.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('clinical_system_department_pk', ['system_id', 'department_id'])
    .execute();

  // The departments a notice concerns (JSON array of department ids), fixed when it is published.
  await db.schema.alterTable('notice').addColumn('department_ids', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  // Where a department's notices are sent: a webhook URL (JSON POST) or an email address.
  await db.schema
    .createTable('notice_subscription')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('department_id', 'text', (c) => c.notNull().references('department.id').onDelete('cascade'))
    /** `webhook` or `email`. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notice_subscription_department_idx').on('notice_subscription').column('department_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_subscription').execute();
  await db.schema.alterTable('notice').dropColumn('department_ids').execute();
  await db.schema.dropTable('clinical_system_department').execute();
}
