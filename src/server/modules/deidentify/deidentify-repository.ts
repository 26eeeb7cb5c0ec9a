import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, DeidentifiedCopyTable } from '../../db/schema.js';

export type DeidentifiedCopyRow = DeidentifiedCopyTable;

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
}
