import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, EmergencyAccessTable } from '../../db/schema.js';

export type EmergencyAccessRow = EmergencyAccessTable;

export interface EmergencyAccessReportRow extends EmergencyAccessRow {
  username: string | null;
  display_name: string | null;
}

/** Emergency openings of confidential cases: what the rights check consults, and the log operators' report. */
export class EmergencyAccessRepository {
  constructor(private readonly database: Database) {}

  /** In the caller's transaction: the opening commits with its audit event. */
  async insert(row: EmergencyAccessRow, trx: Transaction<DB>): Promise<void> {
    await trx.insertInto('emergency_access').values(row).execute();
  }

  /** The latest opening of the case by the user that is still running at `now`. */
  active(userId: string, caseId: string, now: string): Promise<EmergencyAccessRow | undefined> {
    return this.database.db
      .selectFrom('emergency_access')
      .selectAll()
      .where('user_id', '=', userId)
      .where('case_id', '=', caseId)
      .where('expires_at', '>', now)
      .orderBy('expires_at', 'desc')
      .executeTakeFirst();
  }

  /** Whether the user holds a running opening of any of the patient's cases (in the department, when given). */
  async activeForPatient(userId: string, patientId: string, now: string, departmentId: string | null): Promise<boolean> {
    let query = this.database.db
      .selectFrom('emergency_access')
      .select('id')
      .where('user_id', '=', userId)
      .where('patient_id', '=', patientId)
      .where('expires_at', '>', now);
    if (departmentId !== null) query = query.where('department_id', '=', departmentId);
    return (await query.limit(1).executeTakeFirst()) !== undefined;
  }

  /** Of these patients, the (patient, department) pairs in which the user holds a running opening of a case. */
  async activeForPatients(userId: string, patientIds: string[], now: string): Promise<{ patientId: string; departmentId: string }[]> {
    if (patientIds.length === 0) return [];
    const rows = await this.database.db
      .selectFrom('emergency_access')
      .select(['patient_id', 'department_id'])
      .distinct()
      .where('user_id', '=', userId)
      .where('patient_id', 'in', patientIds)
      .where('expires_at', '>', now)
      .execute();
    return rows.flatMap((r) => (r.patient_id ? [{ patientId: r.patient_id, departmentId: r.department_id }] : []));
  }

  /** Of these cases, the ones the user holds a running opening for. */
  async activeAmong(userId: string, caseIds: string[], now: string): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const rows = await this.database.db
      .selectFrom('emergency_access')
      .select('case_id')
      .where('user_id', '=', userId)
      .where('case_id', 'in', caseIds)
      .where('expires_at', '>', now)
      .execute();
    return new Set(rows.map((r) => r.case_id));
  }

  async report(
    filter: { departmentIds: string[] | 'all'; userId?: string; from?: string; to?: string },
    page: number,
    pageSize: number,
  ): Promise<{ items: EmergencyAccessReportRow[]; total: number }> {
    if (filter.departmentIds !== 'all' && filter.departmentIds.length === 0) return { items: [], total: 0 };
    let query = this.database.db.selectFrom('emergency_access').leftJoin('user_account', 'user_account.id', 'emergency_access.user_id');
    if (filter.departmentIds !== 'all') query = query.where('emergency_access.department_id', 'in', filter.departmentIds);
    if (filter.userId) query = query.where('emergency_access.user_id', '=', filter.userId);
    if (filter.from) query = query.where('emergency_access.granted_at', '>=', filter.from);
    if (filter.to) query = query.where('emergency_access.granted_at', '<', filter.to);
    const [items, count] = await Promise.all([
      query
        .selectAll('emergency_access')
        .select(['user_account.username as username', 'user_account.display_name as display_name'])
        .orderBy('emergency_access.granted_at', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.total) };
  }
}
