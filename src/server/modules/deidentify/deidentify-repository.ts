import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, DeidentifiedCopyTable, DeidentifyOrderTable } from '../../db/schema.js';

export type DeidentifiedCopyRow = DeidentifiedCopyTable;
export type DeidentifyOrderRow = DeidentifyOrderTable;

/** The source a copy is made from: a picture or video of a case, and its cleaned original. */
export interface SourceMediaRow {
  id: string;
  case_id: string;
  kind: string;
  status: string;
  removed_at: string | null;
  sha256: string | null;
  mime: string | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
}

/** De-identified copies (M9): their rows, their sources and their collections. */
export class DeidentifyRepository {
  constructor(private readonly database: Database) {}

  source(mediaId: string): Promise<SourceMediaRow | undefined> {
    return this.database.db
      .selectFrom('media')
      .select(['id', 'case_id', 'kind', 'status', 'removed_at', 'sha256', 'mime', 'width', 'height', 'duration_ms'])
      .where('id', '=', mediaId)
      .executeTakeFirst();
  }

  findCollection(id: string): Promise<{ id: string; department_id: string; name: string } | undefined> {
    return this.database.db.selectFrom('teaching_collection').select(['id', 'department_id', 'name']).where('id', '=', id).executeTakeFirst();
  }

  /** The copy and the bystanders' consents it was made under (M8: one consent per person shown). */
  async insert(tx: Transaction<DB>, row: DeidentifiedCopyRow, bystanderConsentIds: string[]): Promise<void> {
    await tx.insertInto('deidentified_copy').values(row).execute();
    if (bystanderConsentIds.length > 0) {
      await tx.insertInto('copy_bystander_consent').values(bystanderConsentIds.map((consentId) => ({ teaching_copy_id: null, deidentified_copy_id: row.id, consent_id: consentId }))).execute();
    }
  }

  find(id: string): Promise<DeidentifiedCopyRow | undefined> {
    return this.database.db.selectFrom('deidentified_copy').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The copies still in a collection, with who made each. */
  inCollection(collectionId: string): Promise<(DeidentifiedCopyRow & { created_by_name: string })[]> {
    return this.database.db
      .selectFrom('deidentified_copy')
      .innerJoin('user_account', 'user_account.id', 'deidentified_copy.created_by')
      .selectAll('deidentified_copy')
      .select('user_account.display_name as created_by_name')
      .where('deidentified_copy.collection_id', '=', collectionId)
      .where('deidentified_copy.withdrawn_at', 'is', null)
      .orderBy('deidentified_copy.created_at')
      .orderBy('deidentified_copy.id')
      .execute();
  }

  transaction<T>(fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.database.db.transaction().execute(fn);
  }

  async insertOrder(tx: Transaction<DB>, row: DeidentifyOrderRow): Promise<void> {
    await tx.insertInto('deidentify_order').values(row).execute();
  }

  findOrder(id: string): Promise<DeidentifyOrderRow | undefined> {
    return this.database.db.selectFrom('deidentify_order').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A run starts: running again (also after a failure an administrator retries), the last error cleared. */
  async orderStarted(id: string): Promise<void> {
    await this.database.db.updateTable('deidentify_order').set({ status: 'running', error_code: null, error_message: null, finished_at: null }).where('id', '=', id).where('status', '!=', 'done').execute();
  }

  /** Names the bytes about to be stored, before they are (a run killed after the store finds them here). False: the order is gone or done. */
  async setPending(id: string, key: string | null): Promise<boolean> {
    const result = await this.database.db.updateTable('deidentify_order').set({ pending_blob_key: key }).where('id', '=', id).where('status', '!=', 'done').executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Marks the order done with its copy, for the one run that does so (false: gone, or done by another run). */
  async orderDone(tx: Transaction<DB>, id: string, copyId: string, at: string): Promise<boolean> {
    const result = await tx
      .updateTable('deidentify_order')
      .set({ status: 'done', copy_id: copyId, pending_blob_key: null, finished_at: at })
      .where('id', '=', id)
      .where('status', '!=', 'done')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async orderFailed(tx: Transaction<DB>, id: string, code: string, message: string, at: string): Promise<boolean> {
    const result = await tx
      .updateTable('deidentify_order')
      .set({ status: 'failed', error_code: code, error_message: message, pending_blob_key: null, finished_at: at })
      .where('id', '=', id)
      .where('status', '!=', 'done')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The copy's row with who made it (for the order's view). */
  findWithMaker(id: string): Promise<(DeidentifiedCopyRow & { created_by_name: string }) | undefined> {
    return this.database.db
      .selectFrom('deidentified_copy')
      .innerJoin('user_account', 'user_account.id', 'deidentified_copy.created_by')
      .selectAll('deidentified_copy')
      .select('user_account.display_name as created_by_name')
      .where('deidentified_copy.id', '=', id)
      .executeTakeFirst();
  }
}
