import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 16, C10: offline capture. A capture session is made on the device (its id is the device's)
// for one patient in one department; it owns a draft case and an `offline_media` backlog item. Each
// item the device uploads is stored exactly once: its key (the device's idempotency key) is the
// primary key, written in the same transaction as its media row.
export async function up(db: Kysely<any>): Promise<void> {
  // Media captured offline is not always made during a registered outage (the device may just have
  // had no network): its backlog item has no outage then.
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table backlog_item alter column outage_id drop not null`.execute(db);
  } else {
    // SQLite cannot drop a NOT NULL: the table is rebuilt (nothing references backlog_item yet), before capture_session refers to it.
    await sql`create table backlog_item_new (
      id text primary key,
      outage_id text references notice(id),
      department_id text not null references department(id),
      patient_id text references patient(id),
      kind text not null,
      description text not null,
      count integer not null default 1,
      state text not null,
      registered_by text not null references user_account(id),
      registered_at text not null,
      entered_by text references user_account(id),
      entered_at text,
      verified_by text references user_account(id),
      verified_at text,
      updated_at text not null
    )`.execute(db);
    await sql`insert into backlog_item_new select id, outage_id, department_id, patient_id, kind, description, count, state, registered_by, registered_at, entered_by, entered_at, verified_by, verified_at, updated_at from backlog_item`.execute(db);
    await sql`drop table backlog_item`.execute(db);
    await sql`alter table backlog_item_new rename to backlog_item`.execute(db);
    await db.schema.createIndex('backlog_item_outage_idx').on('backlog_item').columns(['outage_id', 'department_id']).execute();
    await db.schema.createIndex('backlog_item_department_idx').on('backlog_item').columns(['department_id', 'state']).execute();
  }

  await db.schema
    .createTable('capture_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patient.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('department.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    .addColumn('backlog_item_id', 'text', (c) => c.notNull().references('backlog_item.id'))
    /** The patient identifier's check on the device (the form's identity_verified_by codes). */
    .addColumn('identity_verification', 'text', (c) => c.notNull())
    .addColumn('oral_consent', 'integer', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    /** When the device began the session (its clock). */
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('capture_item')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('capture_session.id'))
    .addColumn('media_id', 'text', (c) => c.notNull().unique().references('media.id'))
    /** SHA-256 of the bytes as received (= as captured); the cleaned original's hash differs. */
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('capture_item_session_idx').on('capture_item').column('session_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('capture_item').execute();
  await db.schema.dropTable('capture_session').execute();
}
