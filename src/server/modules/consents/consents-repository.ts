import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConsentNoticeTable, ConsentTable, DB, DeidentifiedCopyNoticeTable, TeachingCopyTable } from '../../db/schema.js';

export type ConsentRow = ConsentTable;
export type TeachingCopyRow = TeachingCopyTable;

/** A teaching copy with what its list and its holders' notices show. */
export interface TeachingCopyListRow extends TeachingCopyRow {
  collection_name: string;
  collection_created_by: string;
}

/** Written consents (M8), their teaching copies and the notices a revocation leaves. */
export class ConsentsRepository {
  constructor(private readonly database: Database) {}

  forPatient(patientId: string): Promise<(ConsentRow & { recorded_by_name: string })[]> {
    return this.database.db
      .selectFrom('consent')
      .innerJoin('user_account', 'user_account.id', 'consent.recorded_by')
      .selectAll('consent')
      .select('user_account.display_name as recorded_by_name')
      .where('consent.patient_id', '=', patientId)
      .orderBy('consent.recorded_at', 'desc')
      .orderBy('consent.id')
      .execute();
  }

  find(id: string): Promise<ConsentRow | undefined> {
    return this.database.db.selectFrom('consent').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(tx: Transaction<DB>, row: ConsentRow): Promise<void> {
    await tx.insertInto('consent').values(row).execute();
  }

  /** Sets the revocation unless another request got there first; false then. */
  async revoke(tx: Transaction<DB>, id: string, revokedOn: string, userId: string, now: string): Promise<boolean> {
    const result = await tx.updateTable('consent').set({ revoked_on: revokedOn, revoked_by: userId, revoked_at: now }).where('id', '=', id).where('revoked_on', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Copies still in their collections under a consent, with who holds each (creator of the collection and of the copy). */
  activeCopiesOf(tx: Transaction<DB>, consentId: string): Promise<TeachingCopyListRow[]> {
    return tx
      .selectFrom('teaching_copy')
      .innerJoin('teaching_collection', 'teaching_collection.id', 'teaching_copy.collection_id')
      .selectAll('teaching_copy')
      .select(['teaching_collection.name as collection_name', 'teaching_collection.created_by as collection_created_by'])
      // Made under the consent: the patient's it names, or a bystander's it records (migration 0037).
      .where((eb) =>
        eb.or([
          eb('teaching_copy.consent_id', '=', consentId),
          eb('teaching_copy.id', 'in', eb.selectFrom('copy_bystander_consent').select('teaching_copy_id').where('consent_id', '=', consentId).where('teaching_copy_id', 'is not', null)),
        ]),
      )
      .where('teaching_copy.withdrawn_at', 'is', null)
      .execute();
  }

  async withdraw(tx: Transaction<DB>, ids: string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await tx.updateTable('teaching_copy').set({ withdrawn_at: now }).where('id', 'in', ids).execute();
  }

  async insertNotices(tx: Transaction<DB>, rows: ConsentNoticeTable[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.insertInto('consent_notice').values(rows).execute();
  }

  /** De-identified copies (M9) still in their collections under a consent, with who holds each. */
  activeDeidentifiedCopiesOf(tx: Transaction<DB>, consentId: string): Promise<{ id: string; created_by: string; collection_created_by: string }[]> {
    return tx
      .selectFrom('deidentified_copy')
      .innerJoin('teaching_collection', 'teaching_collection.id', 'deidentified_copy.collection_id')
      .select(['deidentified_copy.id', 'deidentified_copy.created_by', 'teaching_collection.created_by as collection_created_by'])
      .where((eb) =>
        eb.or([
          eb('deidentified_copy.consent_id', '=', consentId),
          eb('deidentified_copy.id', 'in', eb.selectFrom('copy_bystander_consent').select('deidentified_copy_id').where('consent_id', '=', consentId).where('deidentified_copy_id', 'is not', null)),
        ]),
      )
      .where('deidentified_copy.withdrawn_at', 'is', null)
      .execute();
  }

  async withdrawDeidentified(tx: Transaction<DB>, ids: string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await tx.updateTable('deidentified_copy').set({ withdrawn_at: now }).where('id', 'in', ids).execute();
  }

  async insertDeidentifiedNotices(tx: Transaction<DB>, rows: DeidentifiedCopyNoticeTable[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.insertInto('deidentified_copy_notice').values(rows).execute();
  }

  /** The copy and the bystanders' consents it was made under. */
  async insertCopy(tx: Transaction<DB>, row: TeachingCopyRow, bystanderConsentIds: string[]): Promise<void> {
    await tx.insertInto('teaching_copy').values(row).execute();
    if (bystanderConsentIds.length > 0) {
      await tx.insertInto('copy_bystander_consent').values(bystanderConsentIds.map((consentId) => ({ teaching_copy_id: row.id, deidentified_copy_id: null, consent_id: consentId }))).execute();
    }
  }

  /** The collection's copies still in it (no patient data: media ids and consent ids only). */
  copiesIn(collectionId: string): Promise<TeachingCopyRow[]> {
    return this.database.db.selectFrom('teaching_copy').selectAll().where('collection_id', '=', collectionId).where('withdrawn_at', 'is', null).orderBy('created_at').orderBy('id').execute();
  }

  /** How many copies were made under each consent, and how many are withdrawn. */
  async copyCounts(consentIds: string[]): Promise<Map<string, { active: number; withdrawn: number }>> {
    const counts = new Map<string, { active: number; withdrawn: number }>();
    if (consentIds.length === 0) return counts;
    const rows = [
      ...(await this.database.db.selectFrom('teaching_copy').select(['consent_id', 'withdrawn_at']).where('consent_id', 'in', consentIds).execute()),
      // De-identified copies (M9) count as copies under the consent too.
      ...(await this.database.db.selectFrom('deidentified_copy').select(['consent_id', 'withdrawn_at']).where('consent_id', 'in', consentIds).execute()),
      // Copies that show a bystander count under the bystander's consent (a link names one copy of either kind).
      ...(await this.database.db
        .selectFrom('copy_bystander_consent as link')
        .leftJoin('teaching_copy', 'teaching_copy.id', 'link.teaching_copy_id')
        .leftJoin('deidentified_copy', 'deidentified_copy.id', 'link.deidentified_copy_id')
        .select((eb) => ['link.consent_id', eb.fn.coalesce('teaching_copy.withdrawn_at', 'deidentified_copy.withdrawn_at').as('withdrawn_at')])
        .where('link.consent_id', 'in', consentIds)
        .where((eb) => eb.or([eb('teaching_copy.id', 'is not', null), eb('deidentified_copy.id', 'is not', null)]))
        .execute()),
    ];
    for (const row of rows) {
      const c = counts.get(row.consent_id) ?? { active: 0, withdrawn: 0 };
      if (row.withdrawn_at === null) c.active += 1;
      else c.withdrawn += 1;
      counts.set(row.consent_id, c);
    }
    return counts;
  }

  /** The notices a user has been given: which collection lost which copy, and when. */
  async noticesFor(userId: string): Promise<{ id: string; created_at: string; collection_id: string; collection_name: string; revoked_on: string | null }[]> {
    const plain = await this.plainNoticesFor(userId);
    // De-identified copies (M9) withdrawn by a revocation are told the same way.
    const deidentified = await this.database.db
      .selectFrom('deidentified_copy_notice')
      .innerJoin('deidentified_copy', 'deidentified_copy.id', 'deidentified_copy_notice.copy_id')
      .innerJoin('teaching_collection', 'teaching_collection.id', 'deidentified_copy.collection_id')
      .innerJoin('consent', 'consent.id', 'deidentified_copy.consent_id')
      .select(['deidentified_copy_notice.id', 'deidentified_copy_notice.created_at', 'deidentified_copy.collection_id', 'teaching_collection.name as collection_name', 'consent.revoked_on'])
      .where('deidentified_copy_notice.user_id', '=', userId)
      .orderBy('deidentified_copy_notice.created_at', 'desc')
      .orderBy('deidentified_copy_notice.id')
      .limit(100)
      .execute();
    return [...plain, ...deidentified].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id.localeCompare(b.id))).slice(0, 100);
  }

  private plainNoticesFor(userId: string) {
    return this.database.db
      .selectFrom('consent_notice')
      .innerJoin('teaching_copy', 'teaching_copy.id', 'consent_notice.teaching_copy_id')
      .innerJoin('teaching_collection', 'teaching_collection.id', 'teaching_copy.collection_id')
      .innerJoin('consent', 'consent.id', 'teaching_copy.consent_id')
      .select(['consent_notice.id', 'consent_notice.created_at', 'teaching_copy.collection_id', 'teaching_collection.name as collection_name', 'teaching_copy.media_id', 'consent.revoked_on'])
      .where('consent_notice.user_id', '=', userId)
      .orderBy('consent_notice.created_at', 'desc')
      .orderBy('consent_notice.id')
      .limit(100)
      .execute();
  }

  /** The media's case (for its rights scope) and whether it is an image still in the case. */
  mediaCase(mediaId: string): Promise<{ case_id: string; kind: string; status: string; removed_at: string | null } | undefined> {
    return this.database.db.selectFrom('media').select(['case_id', 'kind', 'status', 'removed_at']).where('id', '=', mediaId).executeTakeFirst();
  }

  findCollection(id: string): Promise<{ id: string; department_id: string; name: string } | undefined> {
    return this.database.db.selectFrom('teaching_collection').select(['id', 'department_id', 'name']).where('id', '=', id).executeTakeFirst();
  }

  patientExists(id: string): Promise<{ id: string; confidential: number } | undefined> {
    return this.database.db.selectFrom('patient').select(['id', 'confidential']).where('id', '=', id).executeTakeFirst();
  }

  caseOfPatient(caseId: string): Promise<{ id: string; patient_id: string | null } | undefined> {
    return this.database.db.selectFrom('clinical_case').select(['id', 'patient_id']).where('id', '=', caseId).executeTakeFirst();
  }
}
