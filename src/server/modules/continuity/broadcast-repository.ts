import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, NoticeSubscriptionTable } from '../../db/schema.js';

export type SubscriptionWithDepartment = NoticeSubscriptionTable & { department_name: string | null };

/** The SQL of notice subscriptions (C4). */
export class BroadcastRepository {
  constructor(private readonly database: Database) {}

  list(): Promise<SubscriptionWithDepartment[]> {
    return this.database.db
      .selectFrom('notice_subscription')
      .leftJoin('department', 'department.id', 'notice_subscription.department_id')
      .selectAll('notice_subscription')
      .select('department.name as department_name')
      .orderBy('department.name')
      .orderBy('notice_subscription.created_at')
      .execute();
  }

  /** One subscription with its department's name. */
  withDepartment(id: string): Promise<SubscriptionWithDepartment | undefined> {
    return this.database.db
      .selectFrom('notice_subscription')
      .leftJoin('department', 'department.id', 'notice_subscription.department_id')
      .selectAll('notice_subscription')
      .select('department.name as department_name')
      .where('notice_subscription.id', '=', id)
      .executeTakeFirst();
  }

  find(id: string): Promise<NoticeSubscriptionTable | undefined> {
    return this.database.db.selectFrom('notice_subscription').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The subscriptions of these departments (read in the caller's transaction when given one). */
  forDepartments(departmentIds: string[], executor: Kysely<DB> | Transaction<DB> = this.database.db): Promise<NoticeSubscriptionTable[]> {
    if (departmentIds.length === 0) return Promise.resolve([]);
    return executor.selectFrom('notice_subscription').selectAll().where('department_id', 'in', departmentIds).execute();
  }

  async departmentExists(id: string): Promise<boolean> {
    return (await this.database.db.selectFrom('department').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async insert(row: NoticeSubscriptionTable): Promise<void> {
    await this.database.db.insertInto('notice_subscription').values(row).execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.database.db.deleteFrom('notice_subscription').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
