import type { Database } from '../../db/database.js';
import type { UserAccountTable } from '../../db/schema.js';

export type UserRow = UserAccountTable;

export interface RoleGrant {
  departmentId: string;
  roleId: string;
}

/** A grant joined with its role and department, for building the actor. */
export interface GrantDetail {
  department_id: string;
  department_hsa_id: string;
  department_name: string;
  role_id: string;
  role_name: string;
  role_global: number;
  role_rights: string;
}

export class UsersRepository {
  constructor(private readonly database: Database) {}

  list(): Promise<UserRow[]> {
    return this.database.db.selectFrom('user_account').selectAll().orderBy('username').execute();
  }

  find(id: string): Promise<UserRow | undefined> {
    return this.database.db.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.database.db.selectFrom('user_account').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async insert(row: UserRow, grants: RoleGrant[]): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('user_account').values(row).execute();
      if (grants.length > 0) {
        await trx
          .insertInto('user_role')
          .values(grants.map((g) => ({ user_id: row.id, department_id: g.departmentId, role_id: g.roleId })))
          .execute();
      }
    });
  }

  async update(id: string, changes: Partial<Omit<UserRow, 'id' | 'username' | 'created_at'>>, grants?: RoleGrant[]) {
    await this.database.db.transaction().execute(async (trx) => {
      if (Object.keys(changes).length > 0) await trx.updateTable('user_account').set(changes).where('id', '=', id).execute();
      if (grants) {
        await trx.deleteFrom('user_role').where('user_id', '=', id).execute();
        if (grants.length > 0) {
          await trx
            .insertInto('user_role')
            .values(grants.map((g) => ({ user_id: id, department_id: g.departmentId, role_id: g.roleId })))
            .execute();
        }
      }
    });
  }

  async grantsOf(userIds: string[]): Promise<Map<string, RoleGrant[]>> {
    const result = new Map<string, RoleGrant[]>();
    if (userIds.length === 0) return result;
    const rows = await this.database.db
      .selectFrom('user_role')
      .select(['user_id', 'department_id', 'role_id'])
      .where('user_id', 'in', userIds)
      .execute();
    for (const row of rows) {
      const list = result.get(row.user_id) ?? [];
      list.push({ departmentId: row.department_id, roleId: row.role_id });
      result.set(row.user_id, list);
    }
    return result;
  }

  /** The user's roles that count now, with their rights. */
  grantDetails(userId: string): Promise<GrantDetail[]> {
    return this.database.db
      .selectFrom('user_role')
      .innerJoin('role', 'role.id', 'user_role.role_id')
      .innerJoin('department', 'department.id', 'user_role.department_id')
      .where('user_role.user_id', '=', userId)
      // A role counts in active departments; a global role counts wherever it was granted, so that
      // deactivating a department never locks the administrators out.
      .where((eb) => eb.or([eb('department.active', '=', 1), eb('role.global', '=', 1)]))
      .select([
        'department.id as department_id',
        'department.hsa_id as department_hsa_id',
        'department.name as department_name',
        'role.id as role_id',
        'role.name as role_name',
        'role.global as role_global',
        'role.rights as role_rights',
      ])
      .orderBy('department.name')
      .execute();
  }

  /** Id and names of every user, for choosing one in the audit log's filter. */
  listNames(): Promise<{ id: string; username: string; display_name: string }[]> {
    return this.database.db.selectFrom('user_account').select(['id', 'username', 'display_name']).orderBy('username').execute();
  }

  async countAdmins(adminRoleIds: string[]): Promise<number> {
    if (adminRoleIds.length === 0) return 0;
    const row = await this.database.db
      .selectFrom('user_role')
      .innerJoin('user_account', 'user_account.id', 'user_role.user_id')
      .where('user_role.role_id', 'in', adminRoleIds)
      .where('user_account.active', '=', 1)
      .select((eb) => eb.fn.count<number>('user_account.id').distinct().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
