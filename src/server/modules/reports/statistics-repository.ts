import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Database } from '../../db/database.js';

/** Audit actions that make a copy leave Kasus (print, export, download); counted until M7 keeps its own table. */
export const PRINT_EXPORT_ACTIONS = ['case.print', 'case.export', 'media.print', 'media.export', 'media.download'] as const;

export interface StatisticsFilter {
  from: string;
  to: string;
  /** The departments the caller may see ('all' for a global right). */
  departmentIds: string[] | 'all';
}

/** One count per department and month (YYYY-MM in the hospital's time zone). */
export interface StatisticsCell {
  departmentId: string;
  month: string;
  cases: number;
  media: number;
  storageBytes: number;
  printsExports: number;
  emergencyOpenings: number;
  /** Written consents recorded; one given for a case counts in the case's department, a patient-wide one under NO_DEPARTMENT. */
  consents: number;
}

/** The department key of counts that belong to no department (a written consent not given for a case). */
export const NO_DEPARTMENT = '';

type Measure = Exclude<keyof StatisticsCell, 'departmentId' | 'month'>;
const MEASURES: readonly Measure[] = ['cases', 'media', 'storageBytes', 'printsExports', 'emergencyOpenings', 'consents'];

/** Whether a UTC day ('YYYY-MM-DD') is bucketed by the hour: a UTC month's first and last days, as migration 0038's triggers bucket. */
const hourly = (day: string) => {
  const date = Number(day.slice(8, 10));
  return date === 1 || date === new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).getUTCDate();
};

/** The counters' bucket holding a time (an ISO-8601 UTC string): its key, its start and its end. */
export function bucketOf(time: string): { key: string; start: string; end: string } {
  if (hourly(time.slice(0, 10))) {
    const key = time.slice(0, 13);
    const start = `${key}:00:00.000Z`;
    return { key, start, end: new Date(Date.parse(start) + 3_600_000).toISOString() };
  }
  const key = `${time.slice(0, 10)}T00`;
  const start = `${key}:00:00.000Z`;
  return { key, start, end: new Date(Date.parse(start) + 86_400_000).toISOString() };
}

const previousHour = (key: string) => new Date(Date.parse(`${key}:00:00.000Z`) - 3_600_000).toISOString().slice(0, 13);
const nextMonth = (month: string) => {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
};

const num = (value: unknown) => Number(value ?? 0);

/** The counted columns of `statistics_counter` (migration 0038). */
const COUNTER_COLUMNS = ['cases', 'media', 'storage_bytes', 'prints_exports', 'emergency_openings', 'consents'] as const;
/** PostgreSQL advisory lock key of the counters' compaction (one at a time across servers). */
const COMPACTION_LOCK = 380_038;

/**
 * Counts for the statistics report, per department and the hospital's month: summed from the
 * counters migration 0038's triggers keep per department and bucket (`cells`), and counted from the
 * rows themselves for what no whole bucket covers (`recount`). The recount groups by department and
 * by the UTC hour of each row's time (by the UTC day, away from a month's ends); the hours are then
 * put into the hospital's months, so a case made at 00:30 on 1 December in Stockholm (23:30 UTC the
 * day before) counts in December. Every Nordic zone is a whole number of hours from UTC, so an hour
 * never straddles two months.
 */
export class StatisticsRepository {
  private readonly monthOfHour = new Map<string, string>();
  private readonly monthStarts = new Map<string, string>();
  private readonly monthFormat: Intl.DateTimeFormat;

  constructor(
    private readonly database: Database,
    timeZone: string,
  ) {
    this.monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
  }

  /** 'YYYY-MM-DDTHH' (UTC) → 'YYYY-MM' in the hospital's zone. */
  private zonedMonth(utcHour: string): string {
    let month = this.monthOfHour.get(utcHour);
    if (month === undefined) {
      const parts = this.monthFormat.formatToParts(new Date(`${utcHour}:00:00Z`));
      month = `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
      this.monthOfHour.set(utcHour, month);
    }
    return month;
  }

  /**
   * The counts for the period, from the counters (migration 0038) kept per department and bucket: a
   * bucket is a UTC day, or a UTC hour on the days a zone's month can begin (a UTC month's first and
   * last days), so each lies in one of the hospital's months. The buckets wholly inside the period
   * are summed by month in one query; the part of a bucket the period cuts at either end (the default
   * period ends now) is counted from the rows, as `recount` does.
   */
  async cells(filter: StatisticsFilter): Promise<StatisticsCell[]> {
    if (filter.departmentIds !== 'all' && filter.departmentIds.length === 0) return [];
    if (filter.from >= filter.to) return [];
    const fromBucket = bucketOf(filter.from);
    const toBucket = bucketOf(filter.to);
    const edges: { from: string; to: string }[] = [];
    let first: string;
    if (fromBucket.key === toBucket.key) {
      return this.recount(filter, false);
    }
    if (fromBucket.start === filter.from) first = fromBucket.key;
    else {
      edges.push({ from: filter.from, to: fromBucket.end });
      first = bucketOf(fromBucket.end).key;
    }
    if (toBucket.start !== filter.to) edges.push({ from: toBucket.start, to: filter.to });
    const [counted, ...recounted] = await Promise.all([
      first < toBucket.key ? this.counted(first, toBucket.key, filter.departmentIds) : Promise.resolve([]),
      ...edges.map((edge) => this.recount({ ...filter, ...edge }, false)),
    ]);
    const cells = new Map<string, StatisticsCell>();
    for (const cell of [...counted, ...recounted.flat()]) {
      const key = `${cell.departmentId}\u0000${cell.month}`;
      const sum = cells.get(key);
      if (!sum) cells.set(key, { ...cell });
      else for (const measure of MEASURES) sum[measure] += cell[measure];
    }
    // A counter taken back to nothing (a purged case's) is no row of the statistics, as before.
    return [...cells.values()]
      .filter((cell) => MEASURES.some((measure) => cell[measure] !== 0))
      .sort((a, b) => a.month.localeCompare(b.month) || a.departmentId.localeCompare(b.departmentId));
  }

  /** The first UTC hour ('YYYY-MM-DDTHH') of the hospital's month `month` ('YYYY-MM'). */
  private monthStart(month: string): string {
    let start = this.monthStarts.get(month);
    if (start === undefined) {
      const [year, monthNumber] = month.split('-').map(Number) as [number, number];
      // A zone less than 15 hours from UTC begins its month within 15 hours of the UTC month's.
      const utc = Date.UTC(year, monthNumber - 1, 1);
      for (let hour = -15; hour <= 15 && start === undefined; hour++) {
        const key = new Date(utc + hour * 3_600_000).toISOString().slice(0, 13);
        if (this.zonedMonth(key) === month) start = key;
      }
      if (start === undefined) throw new Error(`no start of ${month} in the time zone`);
      this.monthStarts.set(month, start);
    }
    return start;
  }

  /** The counters of the buckets from `firstKey` up to (not including) `endKey`, summed per department and the hospital's month. */
  private async counted(firstKey: string, endKey: string, ids: string[] | 'all'): Promise<StatisticsCell[]> {
    // The months the buckets fall in, each from the first bucket at or after its start.
    const months: { month: string; from: string }[] = [];
    let month = this.zonedMonth(firstKey);
    const last = this.zonedMonth(previousHour(endKey));
    months.push({ month, from: firstKey });
    while (month < last) {
      month = nextMonth(month);
      months.push({ month, from: this.monthStart(month) });
    }
    // One range of the key per month, summed per department: a month's buckets are read as one run of
    // the table (kept in key order), with no per-row expression to work out the month.
    const monthQuery = (month: string, from: string, to: string) => {
      let query = this.database.db.selectFrom('statistics_counter')
        .select([
          'department_id',
          sql<string>`${month}`.as('month'),
          sql<string>`sum(cases)`.as('cases'),
          sql<string>`sum(media)`.as('media'),
          sql<string>`sum(storage_bytes)`.as('storage_bytes'),
          sql<string>`sum(prints_exports)`.as('prints_exports'),
          sql<string>`sum(emergency_openings)`.as('emergency_openings'),
          sql<string>`sum(consents)`.as('consents'),
        ])
        .where('bucket', '>=', from).where('bucket', '<', to);
      if (ids !== 'all') query = query.where('department_id', 'in', ids);
      return query.groupBy('department_id');
    };
    const queries = months.map((m, i) => monthQuery(m.month, m.from, months[i + 1]?.from ?? endKey));
    // Ten years to a statement (SQLite takes at most 500 parts in a compound select).
    const batches = Array.from({ length: Math.ceil(queries.length / 120) }, (_, b) => queries.slice(b * 120, b * 120 + 120));
    const rows = (await Promise.all(batches.map(([head, ...rest]) => rest.reduce((union, query) => union.unionAll(query), head!).execute()))).flat();
    return rows.map((r) => ({
      departmentId: r.department_id,
      month: r.month,
      cases: num(r.cases),
      media: num(r.media),
      storageBytes: num(r.storage_bytes),
      printsExports: num(r.prints_exports),
      emergencyOpenings: num(r.emergency_openings),
      consents: num(r.consents),
    }));
  }

  /**
   * The counts for the period counted from the rows themselves (what the statistics read before the
   * counters): for the part of a bucket a period cuts, and to check the counters against (tests).
   * `roomy`: on PostgreSQL give each count a larger work_mem (a long period; see below).
   */
  async recount(filter: StatisticsFilter, roomy = true): Promise<StatisticsCell[]> {
    if (filter.departmentIds !== 'all' && filter.departmentIds.length === 0) return [];
    const db = this.database.db;
    const ids = filter.departmentIds;
    // A zone's month begins on the first or last day of a UTC month (offsets are under a day), so only
    // those days are grouped by hour; every other day by day, as its noon ('YYYY-MM-DDT12', same month
    // all day): a year is then about 2,000 groups per department instead of 8,760, for the same months.
    const utcHour = (column: string) =>
      sql<string>`case when substr(${sql.ref(column)}, 9, 2) in ('01', '28', '29', '30', '31') then substr(${sql.ref(column)}, 1, 13) else substr(${sql.ref(column)}, 1, 10) || 'T12' end`;
    const inScope = (column: string): Expression<SqlBool> =>
      ids === 'all' ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})`;

    // PostgreSQL cannot estimate how many groups the hour expression makes (it takes every row for
    // one), so with the default work_mem it sorts a year's ~80,000 rows on disk (~270 ms a query at
    // a million cases); with room it hashes them in memory (~70 ms). Each query in its own
    // transaction, so they still run side by side on the pool's connections.
    const withRoom = <T>(query: (executor: Kysely<DB>) => Promise<T>): Promise<T> =>
      roomy && this.database.dialect === 'postgres'
        ? this.database.db.transaction().execute(async (tx) => {
            await sql`set local work_mem = '64MB'`.execute(tx);
            return query(tx);
          })
        : query(this.database.db);

    const [cases, media, derivatives, copies, openings, consents] = await Promise.all([
      withRoom((db) => db.selectFrom('clinical_case')
        .select(['department_id', utcHour('created_at').as('hour'), (eb) => eb.fn.countAll().as('n')])
        .where('created_at', '>=', filter.from).where('created_at', '<', filter.to).where(inScope('department_id'))
        .groupBy(['department_id', utcHour('created_at')]).execute()),
      // The department and the media item's time are kept on the media and derivative rows (migration
      // 0037), so a period's media are counted from one index, not joined to their cases.
      withRoom((db) => db.selectFrom('media')
        .select([
          'department_id',
          utcHour('created_at').as('hour'),
          (eb) => eb.fn.countAll().as('n'),
          sql<string>`sum(coalesce(size_bytes, upload_size))`.as('bytes'),
        ])
        .where('created_at', '>=', filter.from).where('created_at', '<', filter.to).where(inScope('department_id'))
        .groupBy(['department_id', utcHour('created_at')]).execute()),
      // Derivatives (previews, thumbnails) take storage too; they are counted with their media item's month.
      withRoom((db) => db.selectFrom('media_derivative')
        .select(['department_id', utcHour('media_created_at').as('hour'), sql<string>`sum(size_bytes)`.as('bytes')])
        .where('media_created_at', '>=', filter.from).where('media_created_at', '<', filter.to).where(inScope('department_id'))
        .groupBy(['department_id', utcHour('media_created_at')]).execute()),
      db.selectFrom('audit_event')
        .select(['department_id', utcHour('at').as('hour'), (eb) => eb.fn.countAll().as('n')])
        // Stated literally, as migration 0035's partial index states it: a planner uses that index
        // only when the query's WHERE holds its predicate, which bound parameters do not show.
        .where(sql<SqlBool>`action in (${sql.join(PRINT_EXPORT_ACTIONS.map((action) => sql.lit(action)))}) and outcome = 'success' and department_id is not null`)
        .where('at', '>=', filter.from).where('at', '<', filter.to).where(inScope('department_id'))
        .groupBy(['department_id', utcHour('at')]).execute(),
      db.selectFrom('emergency_access')
        .select(['department_id', utcHour('granted_at').as('hour'), (eb) => eb.fn.countAll().as('n')])
        .where('granted_at', '>=', filter.from).where('granted_at', '<', filter.to).where(inScope('department_id'))
        .groupBy(['department_id', utcHour('granted_at')]).execute(),
      // A patient-wide consent has no department: only those who see every department count it.
      db.selectFrom('consent').leftJoin('clinical_case', 'clinical_case.id', 'consent.case_id')
        .select([sql<string>`coalesce(clinical_case.department_id, '')`.as('department_id'), utcHour('consent.recorded_at').as('hour'), (eb) => eb.fn.countAll().as('n')])
        .where('consent.recorded_at', '>=', filter.from).where('consent.recorded_at', '<', filter.to).where(inScope('clinical_case.department_id'))
        .groupBy([sql`coalesce(clinical_case.department_id, '')`, utcHour('consent.recorded_at')]).execute(),
    ]);

    const cells = new Map<string, StatisticsCell>();
    const add = (departmentId: string | null, utcHour: string, measure: Measure, value: unknown) => {
      if (departmentId === null) return;
      const monthKey = this.zonedMonth(utcHour);
      const key = `${departmentId}\u0000${monthKey}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = { departmentId, month: monthKey, cases: 0, media: 0, storageBytes: 0, printsExports: 0, emergencyOpenings: 0, consents: 0 };
        cells.set(key, cell);
      }
      cell[measure] += num(value);
    };
    for (const r of cases) add(r.department_id, r.hour, 'cases', r.n);
    for (const r of media) {
      add(r.department_id, r.hour, 'media', r.n);
      add(r.department_id, r.hour, 'storageBytes', r.bytes);
    }
    for (const r of derivatives) add(r.department_id, r.hour, 'storageBytes', r.bytes);
    for (const r of copies) add(r.department_id, r.hour, 'printsExports', r.n);
    for (const r of openings) add(r.department_id, r.hour, 'emergencyOpenings', r.n);
    for (const r of consents) add(r.department_id, r.hour, 'consents', r.n);
    return [...cells.values()].sort((a, b) => a.month.localeCompare(b.month) || a.departmentId.localeCompare(b.departmentId));
  }

  /**
   * Folds the counters' deltas (rows the triggers of migration 0038 append, `seq` > 0) into each bucket's
   * compacted row (`seq` 0), in one transaction, so the statistics read few rows. Takes no lock a trigger
   * waits for: the triggers only insert new deltas, which this transaction neither sees nor touches
   * until they are committed (a later compaction folds them). The sums read by `cells` are the same
   * before and after. PostgreSQL: one statement (its delete and insert see the same snapshot), and one
   * compaction at a time across the servers (an advisory lock; a server finding it taken skips its
   * turn). Returns how many deltas were folded in.
   */
  async compact(): Promise<number> {
    const columns = COUNTER_COLUMNS.join(', ');
    const sums = COUNTER_COLUMNS.map((c) => `sum(${c})`).join(', ');
    const add = COUNTER_COLUMNS.map((c) => `${c} = statistics_counter.${c} + excluded.${c}`).join(', ');
    if (this.database.dialect === 'postgres') {
      return this.database.db.transaction().execute(async (tx) => {
        const { rows: [lock] } = await sql<{ taken: boolean }>`select pg_try_advisory_xact_lock(${COMPACTION_LOCK}) as taken`.execute(tx);
        if (!lock?.taken) return 0;
        const { rows: [folded] } = await sql<{ n: string }>`${sql.raw(`with deltas as (delete from statistics_counter where seq <> 0 returning bucket, department_id, ${columns}),
          compacted as (insert into statistics_counter (bucket, department_id, seq, ${columns})
            select bucket, department_id, 0, ${sums} from deltas group by bucket, department_id order by bucket, department_id
            on conflict (bucket, department_id, seq) do update set ${add} returning 1)
          select count(*) as n from deltas`)}`.execute(tx);
        return Number(folded?.n ?? 0);
      });
    }
    return this.database.db.transaction().execute(async (tx) => {
      // SQLite wants a WHERE in an upsert's SELECT.
      await sql.raw(`insert into statistics_counter (bucket, department_id, seq, ${columns})
        select bucket, department_id, 0, ${sums} from statistics_counter where seq <> 0 group by bucket, department_id
        on conflict (bucket, department_id, seq) do update set ${add}`).execute(tx);
      const deleted = await tx.deleteFrom('statistics_counter').where('seq', '<>', 0).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    });
  }

  /** Department names for the report (all departments, including inactive ones that still have counts). */
  async departmentNames(): Promise<Map<string, string>> {
    const rows = await this.database.db.selectFrom('department').select(['id', 'name']).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
