import type { Database } from '../../db/database.js';
import type { DepartmentTable } from '../../db/schema.js';

export type DepartmentRow = DepartmentTable;

export class DepartmentsRepository {
  constructor(private readonly database: Database) {}

  list(): Promise<DepartmentRow[]> {
    return this.database.db.selectFrom('department').selectAll().orderBy('name').execute();
  }

  find(id: string): Promise<DepartmentRow | undefined> {
    return this.database.db.selectFrom('department').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByHsaId(hsaId: string): Promise<DepartmentRow | undefined> {
    return this.database.db.selectFrom('department').selectAll().where('hsa_id', '=', hsaId).executeTakeFirst();
  }

  async insert(row: DepartmentRow): Promise<void> {
    await this.database.db.insertInto('department').values(row).execute();
  }

  async update(id: string, changes: Partial<Pick<DepartmentRow, 'name' | 'active' | 'updated_at'>>): Promise<void> {
    await this.database.db.updateTable('department').set(changes).where('id', '=', id).execute();
  }
}
