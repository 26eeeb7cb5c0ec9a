import type { Database } from '../../db/database.js';
import type { ContactTable } from '../../db/schema.js';

export type ContactRow = ContactTable;

export class ContactsRepository {
  constructor(private readonly database: Database) {}

  /** Every contact, by site, function and priority. */
  list(): Promise<ContactRow[]> {
    return this.database.db.selectFrom('contact').selectAll().orderBy('site').orderBy('function').orderBy('priority').orderBy('created_at').execute();
  }

  find(id: string): Promise<ContactRow | undefined> {
    return this.database.db.selectFrom('contact').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(row: ContactRow): Promise<void> {
    await this.database.db.insertInto('contact').values(row).execute();
  }

  async update(id: string, changes: Partial<Omit<ContactRow, 'id' | 'created_at'>>): Promise<void> {
    await this.database.db.updateTable('contact').set(changes).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.database.db.deleteFrom('contact').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
