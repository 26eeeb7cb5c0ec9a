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

const num = (value: unknown) => Number(value ?? 0);

/**
 * Counts for the statistics report. Each query groups by department and by the UTC hour of its own
 * time column (by the UTC day, away from a month's ends); the hours are then put into the hospital's months, so a case made at 00:30 on
 * 1 December in Stockholm (23:30 UTC the day before) counts in December. Every Nordic zone is a
 * whole number of hours from UTC, so an hour never straddles two months.
 */
export class StatisticsRepository {
  private readonly monthOfHour = new Map<string, string>();
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

  async cells(filter: StatisticsFilter): Promise<StatisticsCell[]> {
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
      this.database.dialect === 'postgres'
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

  /** Department names for the report (all departments, including inactive ones that still have counts). */
  async departmentNames(): Promise<Map<string, string>> {
    const rows = await this.database.db.selectFrom('department').select(['id', 'name']).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
