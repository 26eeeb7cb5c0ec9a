import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
//
// Issue 20: every audited request inserts into audit_event, and each secondary index is one more
// write per event. The log's reports (AuditRepository.list: who, which patient, which department,
// a time range; newest first, a page at a time, with a count) are what the indexes are for:
// - per user, per patient, per department: (column, seq), so a page is read in seq order from the
//   index and the count reads the index only, instead of a sort of every matching event;
// - a time range: `at`, kept;
// - action: dropped. A few dozen distinct values, so an index on it picks a large share of the log;
//   the action filter is a refinement of the filters above, applied to the rows they find.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_event_action_idx').execute();
  for (const column of ['user_id', 'patient_id', 'department_id'] as const) {
    await db.schema.dropIndex(`audit_event_${column}_idx`).execute();
    await db.schema.createIndex(`audit_event_${column}_seq_idx`).on('audit_event').columns([column, 'seq']).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['user_id', 'patient_id', 'department_id'] as const) {
    await db.schema.dropIndex(`audit_event_${column}_seq_idx`).execute();
    await db.schema.createIndex(`audit_event_${column}_idx`).on('audit_event').column(column).execute();
  }
  await db.schema.createIndex('audit_event_action_idx').on('audit_event').column('action').execute();
}
