import type { Database } from '../../db/database.js';
import type { ClinicalCaseTable } from '../../db/schema.js';

export type CaseRow = ClinicalCaseTable;

export class CasesRepository {
  constructor(private readonly database: Database) {}

  find(id: string): Promise<CaseRow | undefined> {
    return this.database.db.selectFrom('clinical_case').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(row: CaseRow): Promise<void> {
    await this.database.db.insertInto('clinical_case').values(row).execute();
  }

  async list(filter: { patientId?: string; departmentIds: string[] | 'all'; status?: string }, page: number, pageSize: number) {
    let query = this.database.db.selectFrom('clinical_case');
    if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.departmentIds !== 'all') {
      if (filter.departmentIds.length === 0) return { items: [], total: 0 };
      query = query.where('department_id', 'in', filter.departmentIds);
    }
    const [items, count] = await Promise.all([
      query.selectAll().orderBy('created_at', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.total) };
  }
}
