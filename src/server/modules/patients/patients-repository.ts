import type { Database } from '../../db/database.js';
import type { PatientTable } from '../../db/schema.js';

export type PatientRow = PatientTable;

export class PatientsRepository {
  constructor(private readonly database: Database) {}

  findByIdentifier(type: string, identifier: string): Promise<PatientRow | undefined> {
    return this.database.db
      .selectFrom('patient')
      .selectAll()
      .where('identifier_type', '=', type)
      .where('identifier', '=', identifier)
      .executeTakeFirst();
  }

  find(id: string): Promise<PatientRow | undefined> {
    return this.database.db.selectFrom('patient').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Inserts unless the identifier is taken; returns whether it was inserted. */
  async insert(row: PatientRow): Promise<boolean> {
    const result = await this.database.db
      .insertInto('patient')
      .values(row)
      .onConflict((oc) => oc.columns(['identifier_type', 'identifier']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
