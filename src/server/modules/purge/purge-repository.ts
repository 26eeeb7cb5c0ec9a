import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, PurgeTable } from '../../db/schema.js';
import { jobKey } from '../jobs/job-types.js';

export type PurgeRow = PurgeTable;

/** What one case's deletion removed; added to the purge's counts in the same transaction. */
export interface CaseRemoval {
  cases: number;
  versions: number;
  media: number;
  derivatives: number;
  annotations: number;
  searchEntries: number;
  captureItems: number;
  captureSessions: number;
  imports: number;
  importFlags: number;
  emergencyOpenings: number;
  /** Records of prints and exports of the case (M7). */
  copyRecords: number;
  /** Records of sends to PACS (issue 15, I3); what the PACS received is the PACS's to keep or remove. */
  pacsExports: number;
  /** Pictures of the case put into teaching collections (M8): links to the source, so they go with it. */
  teachingCopies: number;
  /** Cleaning and derived-file jobs of the case's media that had not started (or were dead): cancelled. */
  jobsCancelled: number;
  /** Written consents that named the case: kept for the patient, no longer tied to the case. */
  consentsDetached: number;
  /** De-identified copies of the case's pictures and videos (M9) removed with it (withdrawn, or their consent no longer valid). */
  deidentifiedCopies: number;
  /** De-identified copies kept under their own valid consent: they stay in their collections, no longer linked to the source. */
  deidentifiedCopiesKept: number;
  /** Orders of de-identified copies of the case's media (made or not; their job cancelled when not started). */
  deidentifyOrders: number;
}

/** A de-identified copy of a purged case's media, with its consent's state (whether the copy is kept is the service's rule). */
export interface PurgedCopy {
  id: string;
  blob_key: string;
  withdrawn_at: string | null;
  scopes: string;
  valid_from: string;
  valid_until: string | null;
  revoked_on: string | null;
}

/** The SQL of purges (M11): the rows of a case and everything pointing at it, removed for real. */
export class PurgeRepository {
  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  transaction<T>(work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  async insert(tx: Transaction<DB>, row: PurgeRow): Promise<void> {
    await tx.insertInto('purge').values(row).execute();
  }

  find(id: string): Promise<PurgeRow | undefined> {
    return this.db.selectFrom('purge').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByJob(jobId: string): Promise<PurgeRow | undefined> {
    return this.db.selectFrom('purge').selectAll().where('job_id', '=', jobId).executeTakeFirst();
  }

  findCase(id: string) {
    return this.db.selectFrom('clinical_case').select(['id', 'department_id', 'patient_id']).where('id', '=', id).executeTakeFirst();
  }

  findPatient(id: string) {
    return this.db.selectFrom('patient').select(['id']).where('id', '=', id).executeTakeFirst();
  }

  /** The patient's cases with their departments (the purge right is decided per department). */
  casesOfPatient(patientId: string) {
    return this.db.selectFrom('clinical_case').select(['id', 'department_id']).where('patient_id', '=', patientId).orderBy('id').execute();
  }

  /** The cases a purge still has to remove: what is left of its target. */
  async remainingCases(row: PurgeRow): Promise<string[]> {
    const query = this.db.selectFrom('clinical_case').select('id');
    const rows = await (row.scope === 'case' ? query.where('id', '=', row.target_id) : query.where('patient_id', '=', row.target_id)).orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  async setStatus(id: string, status: string): Promise<void> {
    await this.db.updateTable('purge').set({ status }).where('id', '=', id).where('status', '!=', 'done').execute();
  }

  /**
   * Deletes one case and every row naming it or its media, and records the blobs those rows named
   * (to be removed after the commit) and the counts, all in one transaction.
   */
  async removeCase(purgeId: string, caseId: string, keepCopy: (copy: PurgedCopy) => boolean = () => false): Promise<void> {
    await this.transaction(async (tx) => {
      // The media rows are held first (PostgreSQL: FOR UPDATE): a media job finishing now either
      // committed before (its blobs are read below and removed with the rest) or waits and then finds
      // its item gone (it deletes what it stored; see MediaService). SQLite runs one writer at a time.
      // In key order, as a reorder changes them: in the order of a scan (by position), a purge and a
      // reorder of the same case could each hold a row the other waits for (a deadlock).
      // The case row before them, as every change of a case's media takes it (upload, sign, media
      // changes): an upload waiting for it then finds the case gone instead of adding to it.
      if (this.database.dialect === 'postgres') await tx.selectFrom('clinical_case').select('id').where('id', '=', caseId).forUpdate().execute();
      let mediaQuery = tx.selectFrom('media').select(['id', 'sha256', 'quarantine_key']).where('case_id', '=', caseId);
      if (this.database.dialect === 'postgres') mediaQuery = mediaQuery.orderBy(sql`id collate "C"`).forUpdate();
      const media = await mediaQuery.execute();
      const mediaIds = media.map((m) => m.id);
      // The item's cleaning and derived-file jobs that have not started are cancelled (a dead one, too:
      // there is nothing left to retry). A running one finishes against an item that is gone.
      const jobKeys = mediaIds.flatMap((id) => [jobKey('media.process', id), jobKey('media.derivatives', id)]);
      const jobsCancelled = jobKeys.length
        ? Number((await tx.deleteFrom('job').where('unique_key', 'in', jobKeys).where('status', 'in', ['queued', 'dead']).executeTakeFirst()).numDeletedRows)
        : 0;
      const derivatives = mediaIds.length ? await tx.selectFrom('media_derivative').select(['blob_key']).where('media_id', 'in', mediaIds).execute() : [];
      // De-identified copies (M9): kept under their own consent (unlinked from the source), else removed with their bytes.
      const copies = await tx
        .selectFrom('deidentified_copy')
        .innerJoin('consent', 'consent.id', 'deidentified_copy.consent_id')
        .select(['deidentified_copy.id', 'deidentified_copy.blob_key', 'deidentified_copy.withdrawn_at', 'consent.scopes', 'consent.valid_from', 'consent.valid_until', 'consent.revoked_on'])
        .where('deidentified_copy.source_case_id', '=', caseId)
        .execute();
      // Orders of de-identified copies not yet made (M9): they go, with their jobs not yet started and the bytes a run may have stored.
      const orders = await tx.selectFrom('deidentify_order').select(['id', 'pending_blob_key', 'status']).where('source_case_id', '=', caseId).execute();
      const orderJobs = orders.filter((o) => o.status !== 'done').map((o) => jobKey('deidentify.run', o.id));
      if (orderJobs.length) await tx.deleteFrom('job').where('unique_key', 'in', orderJobs).where('status', 'in', ['queued', 'dead']).execute();
      const kept = copies.filter((c) => keepCopy(c));
      const removedCopies = copies.filter((c) => !kept.includes(c));
      const blobs = [
        ...media.flatMap((m) => (m.sha256 ? [{ area: 'blob', key: m.sha256 }] : [])),
        ...media.flatMap((m) => (m.quarantine_key ? [{ area: 'quarantine', key: m.quarantine_key }] : [])),
        ...derivatives.map((d) => ({ area: 'blob', key: d.blob_key })),
        ...removedCopies.map((c) => ({ area: 'blob', key: c.blob_key })),
        ...orders.flatMap((o) => (o.pending_blob_key ? [{ area: 'blob', key: o.pending_blob_key }] : [])),
      ];
      const unique = [...new Map(blobs.map((b) => [`${b.area}:${b.key}`, b])).values()];
      if (unique.length) {
        await tx
          .insertInto('purge_blob')
          .values(unique.map((b) => ({ purge_id: purgeId, ...b })))
          .onConflict((c) => c.doNothing())
          .execute();
      }
      const n = (result: { numDeletedRows: bigint }[]) => Number(result.reduce((sum, r) => sum + r.numDeletedRows, 0n));
      const sessions = await tx.selectFrom('capture_session').select('id').where('case_id', '=', caseId).execute();
      const sessionIds = sessions.map((s) => s.id);
      const captureItems =
        (mediaIds.length ? n(await tx.deleteFrom('capture_item').where('media_id', 'in', mediaIds).execute()) : 0) +
        (sessionIds.length ? n(await tx.deleteFrom('capture_item').where('session_id', 'in', sessionIds).execute()) : 0);
      const captureSessions = n(await tx.deleteFrom('capture_session').where('case_id', '=', caseId).execute());
      const imports = await tx.selectFrom('media_import').select('id').where('case_id', '=', caseId).execute();
      if (imports.length) await tx.deleteFrom('media_import_file').where('import_id', 'in', imports.map((i) => i.id)).execute();
      const teaching = mediaIds.length ? await tx.selectFrom('teaching_copy').select('id').where('media_id', 'in', mediaIds).execute() : [];
      if (teaching.length) await tx.deleteFrom('consent_notice').where('teaching_copy_id', 'in', teaching.map((c) => c.id)).execute();
      // The bystanders' consents the removed copies were made under (the consents themselves stay).
      if (teaching.length) await tx.deleteFrom('copy_bystander_consent').where('teaching_copy_id', 'in', teaching.map((c) => c.id)).execute();
      if (removedCopies.length) await tx.deleteFrom('copy_bystander_consent').where('deidentified_copy_id', 'in', removedCopies.map((c) => c.id)).execute();
      if (kept.length) await tx.updateTable('deidentified_copy').set({ source_media_id: null, source_case_id: null }).where('id', 'in', kept.map((c) => c.id)).execute();
      if (removedCopies.length) await tx.deleteFrom('deidentified_copy_notice').where('copy_id', 'in', removedCopies.map((c) => c.id)).execute();
      const removal: CaseRemoval = {
        deidentifiedCopies: removedCopies.length ? n(await tx.deleteFrom('deidentified_copy').where('id', 'in', removedCopies.map((c) => c.id)).execute()) : 0,
        deidentifiedCopiesKept: kept.length,
        jobsCancelled,
        teachingCopies: teaching.length ? n(await tx.deleteFrom('teaching_copy').where('id', 'in', teaching.map((c) => c.id)).execute()) : 0,
        deidentifyOrders: orders.length ? n(await tx.deleteFrom('deidentify_order').where('source_case_id', '=', caseId).execute()) : 0,
        copyRecords: n(await tx.deleteFrom('case_copy').where('case_id', '=', caseId).execute()),
        pacsExports: n(await tx.deleteFrom('pacs_export').where('case_id', '=', caseId).execute()),
        consentsDetached: Number((await tx.updateTable('consent').set({ case_id: null }).where('case_id', '=', caseId).executeTakeFirst()).numUpdatedRows),
        captureItems,
        captureSessions,
        imports: n(await tx.deleteFrom('media_import').where('case_id', '=', caseId).execute()),
        importFlags: n(await tx.deleteFrom('case_import_flag').where('case_id', '=', caseId).execute()),
        annotations: n(await tx.deleteFrom('media_annotation').where('case_id', '=', caseId).execute()),
        searchEntries: n(await tx.deleteFrom('case_word').where('case_id', '=', caseId).execute()),
        emergencyOpenings: n(await tx.deleteFrom('emergency_access').where('case_id', '=', caseId).execute()),
        derivatives: mediaIds.length ? n(await tx.deleteFrom('media_derivative').where('media_id', 'in', mediaIds).execute()) : 0,
        media: n(await tx.deleteFrom('media').where('case_id', '=', caseId).execute()),
        versions: n(await tx.deleteFrom('case_version').where('case_id', '=', caseId).execute()),
        cases: n(await tx.deleteFrom('clinical_case').where('id', '=', caseId).execute()),
      };
      const row = await tx.selectFrom('purge').select('counts').where('id', '=', purgeId).executeTakeFirstOrThrow();
      const counts = JSON.parse(row.counts) as Record<string, number>;
      for (const [key, value] of Object.entries(removal)) counts[key] = (counts[key] ?? 0) + value;
      await tx.updateTable('purge').set({ counts: JSON.stringify(counts), status: 'running' }).where('id', '=', purgeId).execute();
    });
  }

  pendingBlobs(purgeId: string) {
    return this.db.selectFrom('purge_blob').select(['area', 'key']).where('purge_id', '=', purgeId).execute();
  }

  async blobRemoved(purgeId: string, area: string, key: string, counted: boolean): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.deleteFrom('purge_blob').where('purge_id', '=', purgeId).where('area', '=', area).where('key', '=', key).execute();
      if (!counted) return;
      const row = await tx.selectFrom('purge').select('counts').where('id', '=', purgeId).executeTakeFirstOrThrow();
      const counts = JSON.parse(row.counts) as Record<string, number>;
      counts.files = (counts.files ?? 0) + 1;
      await tx.updateTable('purge').set({ counts: JSON.stringify(counts) }).where('id', '=', purgeId).execute();
    });
  }

  /** Marks the purge done; its counts only for the run that did so (the completion event is written once), else null. */
  async finish(tx: Transaction<DB>, purgeId: string, at: string): Promise<Record<string, number> | null> {
    const result = await tx.updateTable('purge').set({ status: 'done', finished_at: at }).where('id', '=', purgeId).where('status', '!=', 'done').executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    const row = await tx.selectFrom('purge').select('counts').where('id', '=', purgeId).executeTakeFirstOrThrow();
    return JSON.parse(row.counts) as Record<string, number>;
  }
}
