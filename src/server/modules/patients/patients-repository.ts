import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, PatientConfidentialityTable, PatientTable } from '../../db/schema.js';

export type PatientConfidentialityRow = PatientConfidentialityTable;
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

  /** The departments the patient has cases in (for who may read the patient's own records). */
  async caseDepartments(patientId: string): Promise<string[]> {
    const rows = await this.database.db.selectFrom('clinical_case').select('department_id').distinct().where('patient_id', '=', patientId).execute();
    return rows.map((r) => r.department_id);
  }

  /** Inserts unless the identifier is taken; returns whether it was inserted. */
  async insert(trx: Transaction<DB>, row: PatientRow): Promise<boolean> {
    const result = await trx
      .insertInto('patient')
      .values(row)
      .onConflict((oc) => oc.columns(['identifier_type', 'identifier']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Sets or lifts the mark and records who did it and why, in one transaction. */
  async setConfidential(trx: Transaction<DB>, change: PatientConfidentialityRow): Promise<void> {
    await trx.updateTable('patient').set({ confidential: change.confidential, updated_at: change.changed_at }).where('id', '=', change.patient_id).execute();
    await trx.insertInto('patient_confidentiality').values(change).execute();
  }

  confidentialityHistory(patientId: string): Promise<(PatientConfidentialityRow & { changed_by_name: string | null })[]> {
    return this.database.db
      .selectFrom('patient_confidentiality')
      .leftJoin('user_account', 'user_account.id', 'patient_confidentiality.changed_by')
      .selectAll('patient_confidentiality')
      .select('user_account.display_name as changed_by_name')
      .where('patient_id', '=', patientId)
      .orderBy('changed_at', 'desc')
      .execute();
  }
}
