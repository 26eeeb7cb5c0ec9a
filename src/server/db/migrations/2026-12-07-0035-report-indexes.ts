import { sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
//
// Issue 14, M14 bench/reports (the log report over 10 million audit events, statistics over 1 million
// cases, p95 < 200 ms): what the reports' queries lacked.
// - The log report by department and period (AuditRepository.list, with a count): 0016's
//   (department_id, seq) walks every event of the department to find a period's; (department_id, at,
//   seq) holds the period's events together and answers both the count and the page's seqs from the
//   index alone.
// - The log report by action: 0016 dropped the action index to spare the writes, but then a report of
//   one action (and its count) reads the whole log. (action, seq) reads a page in seq order and counts
//   from the index. Two more index entries per audit event is the price; measured by
//   bench/audited-throughput.ts.
// - Statistics, prints and exports: a small partial index of exactly the events the statistics count
//   (written only for those events, so nearly free to keep), so a year's count does not read the
//   year's whole log. The predicate is repeated literally in StatisticsRepository (a planner uses a
//   partial index only when the query's WHERE states its predicate).
// - Statistics, cases, media and written consents of a period: media.created_at and
//   consent.recorded_at had no index, so each statistics request read every media row and every
//   consent; cases and media are counted from indexes holding what the counts read (department, case,
//   sizes), not from the rows.
const COPY_ACTIONS_PREDICATE = `action in ('case.print', 'case.export', 'media.print', 'media.export', 'media.download') and outcome = 'success' and department_id is not null`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_event_department_id_at_seq_idx').on('audit_event').columns(['department_id', 'at', 'seq']).execute();
  await db.schema.createIndex('audit_event_action_seq_idx').on('audit_event').columns(['action', 'seq']).execute();
  await sql`create index audit_event_copies_at_idx on audit_event (at, department_id) where ${sql.raw(COPY_ACTIONS_PREDICATE)}`.execute(db);
  await db.schema.createIndex('clinical_case_created_department_idx').on('clinical_case').columns(['created_at', 'department_id']).execute();
  // A media item's department is its case's: looked up from an index, not from the case's row.
  await db.schema.createIndex('clinical_case_id_department_idx').on('clinical_case').columns(['id', 'department_id']).execute();
  await db.schema.createIndex('media_created_idx').on('media').columns(['created_at', 'case_id', 'size_bytes', 'upload_size']).execute();
  await db.schema.createIndex('consent_recorded_idx').on('consent').column('recorded_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['consent_recorded_idx', 'media_created_idx', 'clinical_case_id_department_idx', 'clinical_case_created_department_idx', 'audit_event_copies_at_idx', 'audit_event_action_seq_idx', 'audit_event_department_id_at_seq_idx']) {
    await db.schema.dropIndex(name).execute();
  }
}
