import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
//
// Issue 14, M14 bench/reports: statistics over a million cases in p95 < 200 ms. Counting a year's rows
// at query time (0035, 0037) cost about 0.25 s of CPU a request at a million cases. The statistics
// now read counters kept per department and time bucket: `statistics_counter` holds, for each
// department ('' for a written consent given for no case) and bucket, what the statistics show —
// cases, media, storage bytes (media and derivatives), prints and exports, emergency openings and
// written consents — exactly as the old queries counted them from the rows.
//
// A bucket is a UTC day, except on a UTC month's first and last days, where it is a UTC hour (key
// 'YYYY-MM-DDTHH', a day's key ending in 'T00'): a hospital's month (KASUS_TIME_ZONE, a whole number
// of hours from UTC and less than a day) begins on one of those days, so every bucket lies in one
// month of any such zone, and the zone can change without the counters being rebuilt. 76 buckets a
// month (912 a year) per department at most, however many cases there are. The table is kept in key
// order (SQLite: without rowid), so a period's counters are read as one run.
//
// Database triggers keep the counters, in the transaction of the change itself, so no code path
// (service, job, purge, CLI, a later module) can forget to: an insert adds a row's share, a delete
// takes it away, and an update of a counted column (a media item's size once cleaned, a consent
// detached from a purged case) moves it. The rows' existing counts are added up here once.
//
// The triggers only append: each change inserts a delta row (`seq` > 0) and never updates one, so a
// trigger waits for no row lock. (Upserting one counter row per bucket and department locked that hot
// row from the statement to the commit; on PostgreSQL a transaction holding it and waiting at commit
// for a case row (0041's deferred triggers) deadlocked with one holding the case row and upserting the
// same counter.) A bucket's count is the sum of its rows; the compacted row (`seq` 0) and the deltas
// alike. StatisticsRepository.compact (run periodically by the server) folds the deltas into the
// compacted rows in one transaction, keeping the table near its 912 rows a year per department.
// PostgreSQL takes `seq` from an identity sequence (no lock); SQLite, with its single writer, the
// key's largest `seq` plus one.
const STATISTICS_COUNTER_COLUMNS = ['cases', 'media', 'storage_bytes', 'prints_exports', 'emergency_openings', 'consents'] as const;
type Column = (typeof STATISTICS_COUNTER_COLUMNS)[number];

/** The last day ('28'–'31') of the UTC month of a UTC ISO-8601 time. */
const lastDay = (time: string) => {
  const year = `cast(substr(${time}, 1, 4) as integer)`;
  return `case substr(${time}, 6, 2) when '02' then (case when ${year} % 4 = 0 and (${year} % 100 <> 0 or ${year} % 400 = 0) then '29' else '28' end)
    when '04' then '30' when '06' then '30' when '09' then '30' when '11' then '30' else '31' end`;
};

/** The bucket of a UTC ISO-8601 time (stored as text on both databases). */
const bucket = (time: string) =>
  `case when substr(${time}, 9, 2) = '01' or substr(${time}, 9, 2) = ${lastDay(time)} then substr(${time}, 1, 13) else substr(${time}, 1, 10) || 'T00' end`;

/** What one row of a table adds to the counters; `r` is the row ('new' or 'old' in a trigger, the table in the backfill). */
interface Source {
  table: string;
  department: (r: string) => string;
  time: (r: string) => string;
  /** Whether the row counts at all. */
  counts: (r: string) => string;
  adds: (r: string) => Partial<Record<Column, string>>;
  /** The columns whose change moves the row's share. */
  watched: string[];
}

const SOURCES: Source[] = [
  {
    table: 'clinical_case',
    department: (r) => `${r}.department_id`,
    time: (r) => `${r}.created_at`,
    counts: (r) => `${r}.department_id is not null`,
    adds: () => ({ cases: '1' }),
    watched: ['department_id', 'created_at'],
  },
  {
    table: 'media',
    department: (r) => `${r}.department_id`,
    time: (r) => `${r}.created_at`,
    counts: (r) => `${r}.department_id is not null`,
    adds: (r) => ({ media: '1', storage_bytes: `coalesce(${r}.size_bytes, ${r}.upload_size)` }),
    watched: ['department_id', 'created_at', 'size_bytes', 'upload_size'],
  },
  {
    table: 'media_derivative',
    department: (r) => `${r}.department_id`,
    time: (r) => `${r}.media_created_at`,
    counts: (r) => `${r}.department_id is not null and ${r}.media_created_at is not null`,
    adds: (r) => ({ storage_bytes: `${r}.size_bytes` }),
    watched: ['department_id', 'media_created_at', 'size_bytes'],
  },
  {
    // The successful print, export and download events (as 0035's partial index states them).
    table: 'audit_event',
    department: (r) => `${r}.department_id`,
    time: (r) => `${r}.at`,
    counts: (r) => `${r}.action in ('case.print', 'case.export', 'media.print', 'media.export', 'media.download') and ${r}.outcome = 'success' and ${r}.department_id is not null`,
    adds: () => ({ prints_exports: '1' }),
    watched: ['action', 'outcome', 'department_id', 'at'],
  },
  {
    table: 'emergency_access',
    department: (r) => `${r}.department_id`,
    time: (r) => `${r}.granted_at`,
    counts: (r) => `${r}.department_id is not null`,
    adds: () => ({ emergency_openings: '1' }),
    watched: ['department_id', 'granted_at'],
  },
  {
    // A consent given for a case counts in the case's department (a case never changes department);
    // one for the whole patient, or detached from a purged case, under ''.
    table: 'consent',
    department: (r) => `coalesce((select clinical_case.department_id from clinical_case where clinical_case.id = ${r}.case_id), '')`,
    time: (r) => `${r}.recorded_at`,
    counts: (r) => `${r}.recorded_at is not null`,
    adds: () => ({ consents: '1' }),
    watched: ['case_id', 'recorded_at'],
  },
];

const values = (source: Source, r: string, sign: '' | '-') =>
  STATISTICS_COUNTER_COLUMNS.map((c) => {
    const value = source.adds(r)[c];
    return `${value === undefined ? '0' : `${sign}${value}`} as ${c}`;
  }).join(', ');

/** Appends a delta row adding (or taking away) a row's share: never an update, so no row lock is waited for. */
const append = (source: Source, r: string, sign: '' | '-', postgres: boolean) =>
  postgres
    ? `insert into statistics_counter (department_id, bucket, ${STATISTICS_COUNTER_COLUMNS.join(', ')})
       select ${source.department(r)}, ${bucket(source.time(r))}, ${values(source, r, sign)} where ${source.counts(r)}`
    : `insert into statistics_counter (department_id, bucket, seq, ${STATISTICS_COUNTER_COLUMNS.join(', ')})
       select delta.department_id, delta.bucket,
              (select coalesce(max(s.seq), 0) + 1 from statistics_counter s where s.bucket = delta.bucket and s.department_id = delta.department_id),
              ${STATISTICS_COUNTER_COLUMNS.map((c) => `delta.${c}`).join(', ')}
         from (select ${source.department(r)} as department_id, ${bucket(source.time(r))} as bucket, ${values(source, r, sign)} where ${source.counts(r)}) delta`;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  let table = db.schema
    .createTable('statistics_counter')
    // Compared byte for byte (PostgreSQL's default collation made a year's comparisons several times slower).
    .addColumn('bucket', postgres ? sql`text collate "C"` : 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    // 0: the compacted row of the bucket and department; above: a trigger's delta, folded in by compaction.
    .addColumn('seq', 'bigint', (c) => (postgres ? c.notNull().generatedByDefaultAsIdentity() : c.notNull()));
  for (const column of STATISTICS_COUNTER_COLUMNS) table = table.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  // PostgreSQL: room in each page for compaction's increment of a compacted row to stay a heap-only update.
  await table.addPrimaryKeyConstraint('statistics_counter_pkey', ['bucket', 'department_id', 'seq'])
    .modifyEnd(postgres ? sql`with (fillfactor = 80)` : sql`without rowid`)
    .execute();

  // The counts of the rows already there, written in key order (as later buckets come, in time order).
  const parts = SOURCES.map((s) => `select ${s.department(s.table)} as department_id, ${bucket(s.time(s.table))} as bucket, ${values(s, s.table, '')} from ${s.table} where ${s.counts(s.table)}`);
  await sql.raw(`insert into statistics_counter (department_id, bucket, seq, ${STATISTICS_COUNTER_COLUMNS.join(', ')})
    select department_id, bucket, 0, ${STATISTICS_COUNTER_COLUMNS.map((c) => `sum(${c})`).join(', ')}
      from (${parts.join(' union all ')}) rows_counted
     group by department_id, bucket
     order by bucket, department_id`).execute(db);

  for (const source of SOURCES) {
    const changed = (distinct: string) => source.watched.map((c) => `old.${c} ${distinct} new.${c}`).join(' or ');
    if (postgres) {
      await sql.raw(`create function statistics_counter_${source.table}() returns trigger language plpgsql as $$
        begin
          if tg_op <> 'INSERT' then
            ${append(source, 'old', '-', true)};
          end if;
          if tg_op <> 'DELETE' then
            ${append(source, 'new', '', true)};
          end if;
          return null;
        end $$`).execute(db);
      const fn = `execute function statistics_counter_${source.table}()`;
      await sql.raw(`create trigger statistics_counter_${source.table}_insert after insert on ${source.table} for each row when (${source.counts('new')}) ${fn}`).execute(db);
      await sql.raw(`create trigger statistics_counter_${source.table}_delete after delete on ${source.table} for each row when (${source.counts('old')}) ${fn}`).execute(db);
      await sql.raw(`create trigger statistics_counter_${source.table}_update after update of ${source.watched.join(', ')} on ${source.table} for each row when (${changed('is distinct from')}) ${fn}`).execute(db);
    } else {
      await sql.raw(`create trigger statistics_counter_${source.table}_insert after insert on ${source.table} when ${source.counts('new')} begin ${append(source, 'new', '', false)}; end`).execute(db);
      await sql.raw(`create trigger statistics_counter_${source.table}_delete after delete on ${source.table} when ${source.counts('old')} begin ${append(source, 'old', '-', false)}; end`).execute(db);
      await sql.raw(`create trigger statistics_counter_${source.table}_update after update of ${source.watched.join(', ')} on ${source.table} when ${changed('is not')} begin ${append(source, 'old', '-', false)}; ${append(source, 'new', '', false)}; end`).execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const source of SOURCES) {
    for (const event of ['insert', 'delete', 'update']) {
      await sql.raw(`drop trigger statistics_counter_${source.table}_${event}${postgres ? ` on ${source.table}` : ''}`).execute(db);
    }
    if (postgres) await sql.raw(`drop function statistics_counter_${source.table}()`).execute(db);
  }
  await db.schema.dropTable('statistics_counter').execute();
}
