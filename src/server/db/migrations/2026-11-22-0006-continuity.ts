import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // The clinical systems the hospital depends on (C1); Kasus itself is the row with system_key 'kasus'.
  // The current status lives on the row; every change is kept in system_status_change.
  await db.schema
    .createTable('clinical_system')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('system_key', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('vendor', 'text')
    .addColumn('criticality', 'integer', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('service_desk_contact', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_message', 'text')
    .addColumn('status_started_at', 'text', (c) => c.notNull())
    .addColumn('status_expected_end', 'text')
    /** `initial`, `manual` (a duty officer) or `probe`. */
    .addColumn('status_source', 'text', (c) => c.notNull())
    .addColumn('status_set_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('clinical_system_dependency')
    .addColumn('system_id', 'text', (c) => c.notNull().references('clinical_system.id').onDelete('cascade'))
    .addColumn('depends_on_id', 'text', (c) => c.notNull().references('clinical_system.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('clinical_system_dependency_pk', ['system_id', 'depends_on_id'])
    .execute();
  await db.schema.createIndex('clinical_system_dependency_upstream_idx').on('clinical_system_dependency').column('depends_on_id').execute();

  // Append-only history of statuses; seq orders changes made in the same millisecond.
  await db.schema
    .createTable('system_status_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('system_id', 'text', (c) => c.notNull().references('clinical_system.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('previous_status', 'text')
    .addColumn('message', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('expected_end', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('system_status_change_system_idx').on('system_status_change').columns(['system_id', 'seq']).execute();

  // A health probe of a system (HTTP status or TCP connect) and its running count.
  await db.schema
    .createTable('system_probe')
    .addColumn('system_id', 'text', (c) => c.primaryKey().references('clinical_system.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('failures_before_down', 'integer', (c) => c.notNull())
    .addColumn('successes_before_up', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consecutive_successes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_checked_at', 'text')
    .addColumn('last_ok', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Outage, update and recovery notices (one per upstream outage, naming the affected dependants).
  await db.schema
    .createTable('notice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().unique())
    /** `outage`, `update` or `recovery`. */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('system_id', 'text', (c) => c.notNull().references('clinical_system.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('expected_end', 'text')
    /** JSON array of the ids of the systems that depend on this one, directly or not. */
    .addColumn('affected', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('user_account.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** For an update or recovery: the outage notice it follows. */
    .addColumn('outage_id', 'text', (c) => c.references('notice.id'))
    /** For an outage: when it ended (recovery) or was taken into an upstream outage's notice. */
    .addColumn('closed_at', 'text')
    .addColumn('merged_into', 'text', (c) => c.references('notice.id'))
    .execute();
  await db.schema.createIndex('notice_system_idx').on('notice').columns(['system_id', 'closed_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['notice', 'system_probe', 'system_status_change', 'clinical_system_dependency', 'clinical_system']) {
    await db.schema.dropTable(table).execute();
  }
}
