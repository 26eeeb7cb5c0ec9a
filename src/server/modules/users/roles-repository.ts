import type { Database } from '../../db/database.js';
import type { RoleTable } from '../../db/schema.js';

export type RoleRow = RoleTable;

export class RolesRepository {
  constructor(private readonly database: Database) {}

  list(): Promise<RoleRow[]> {
    return this.database.db.selectFrom('role').selectAll().orderBy('built_in', 'desc').orderBy('name').execute();
  }

  find(id: string): Promise<RoleRow | undefined> {
    return this.database.db.selectFrom('role').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByName(name: string): Promise<RoleRow | undefined> {
    return this.database.db.selectFrom('role').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async insert(row: RoleRow): Promise<void> {
    await this.database.db.insertInto('role').values(row).execute();
  }

  async delete(id: string): Promise<void> {
    await this.database.db.deleteFrom('role').where('id', '=', id).execute();
  }

  async countHolders(id: string): Promise<number> {
    const row = await this.database.db
      .selectFrom('user_role')
      .where('role_id', '=', id)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(id: string, changes: Partial<Pick<RoleRow, 'name' | 'rights' | 'updated_at'>>): Promise<void> {
    await this.database.db.updateTable('role').set(changes).where('id', '=', id).execute();
  }
}
