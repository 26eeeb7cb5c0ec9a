import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { QueryTemplates } from '../../db/query-templates.js';
import type { DB, MediaDerivativeTable, MediaTable } from '../../db/schema.js';

export type MediaRow = MediaTable;
export type DerivativeRow = MediaDerivativeTable;

export class MediaRepository {
  /** The read path's queries, built once (issue 20). */
  private readonly templates = new QueryTemplates();

  constructor(private readonly database: Database) {}

  async find(id: string): Promise<MediaRow | undefined> {
    const db = this.database.db;
    const rows = await this.templates.execute(db, 'media.find', { id }, (v) => db.selectFrom('media').selectAll().where('id', '=', v.id));
    return rows[0];
  }

  findMany(ids: string[]): Promise<MediaRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.database.db.selectFrom('media').selectAll().where('id', 'in', ids).execute();
  }

  /** The raw uploads in quarantine that these items still own (items not yet cleaned). */
  async quarantineKeysOf(ids: string[]): Promise<string[]> {
    const keys: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.database.db
        .selectFrom('media')
        .select('quarantine_key')
        .where('id', 'in', ids.slice(i, i + 500))
        .where('quarantine_key', 'is not', null)
        .execute();
      for (const row of rows) keys.push(row.quarantine_key!);
    }
    return keys;
  }

  /** The case's media in order, without refused uploads and duplicates (they never joined the case). */
  listForCase(caseId: string): Promise<MediaRow[]> {
    return this.database.db
      .selectFrom('media')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('status', 'in', ['processing', 'ready'])
      .where('removed_at', 'is', null)
      .orderBy('position')
      .execute();
  }

  // The draft's media list changes inside the case's transaction, which also holds its audit event.
  /** A case's items as listForCase, each with its derived files, in one statement (the case read, issue 20). */
  async listForCaseWithDerivatives(caseId: string): Promise<{ rows: MediaRow[]; derivatives: DerivativeRow[] }> {
    const db = this.database.db;
    const joined = await this.templates.execute(db, 'media.listForCaseWithDerivatives', { caseId }, (v) =>
      db
        .selectFrom('media')
        .leftJoin('media_derivative as d', 'd.media_id', 'media.id')
        .selectAll('media')
        .select(['d.kind as d_kind', 'd.blob_key as d_blob_key', 'd.mime as d_mime', 'd.size_bytes as d_size_bytes', 'd.width as d_width', 'd.height as d_height', 'd.created_at as d_created_at'])
        .where('media.case_id', '=', v.caseId)
        .where('media.status', 'in', ['processing', 'ready'])
        .where('media.removed_at', 'is', null)
        .orderBy('media.position')
        .orderBy('media.id'),
    );
    const rows = new Map<string, MediaRow>();
    const derivatives: DerivativeRow[] = [];
    for (const row of joined) {
      // The row itself is the media row: the derived file's columns are left on it, unread (a rest
      // pattern would copy every row, slowly in V8; issue 20).
      if (!rows.has(row.id)) rows.set(row.id, row);
      if (row.d_kind !== null) {
        derivatives.push({ media_id: row.id, kind: row.d_kind, blob_key: row.d_blob_key!, mime: row.d_mime!, size_bytes: row.d_size_bytes!, width: row.d_width, height: row.d_height, created_at: row.d_created_at! });
      }
    }
    return { rows: [...rows.values()], derivatives };
  }

  async setCaption(tx: Transaction<DB>, mediaId: string, caption: string | null, now: string): Promise<void> {
    await tx.updateTable('media').set({ caption, updated_at: now }).where('id', '=', mediaId).execute();
  }

  /** Takes the item out of the case's draft; the row stays for the versions that hold it. */
  async markRemoved(tx: Transaction<DB>, mediaId: string, now: string): Promise<void> {
    await tx.updateTable('media').set({ removed_at: now, updated_at: now }).where('id', '=', mediaId).execute();
  }

  /**
   * Gives the items positions 1, 2, … in the order given. The rows are changed (and so locked, on
   * PostgreSQL) in key order, whatever the new order: two reorders of one case, or a reorder and a
   * purge (which locks a case's media in key order too), wait for each other instead of each holding
   * a row the other wants (a deadlock).
   */
  async reorder(tx: Transaction<DB>, caseId: string, mediaIds: string[], now: string): Promise<void> {
    const positions = new Map(mediaIds.map((id, index) => [id, index + 1]));
    for (const id of inKeyOrder(mediaIds)) {
      await tx.updateTable('media').set({ position: positions.get(id)!, updated_at: now }).where('id', '=', id).where('case_id', '=', caseId).execute();
    }
  }

  /** A kept item of the case with the same bytes (uploaded or cleaned), other than `exceptId`; `unedited`: added without edit. */
  findSameContent(
    caseId: string,
    field: 'sha256' | 'upload_sha256',
    sha256: string,
    exceptId?: string,
    options: { unedited?: boolean } = {},
  ): Promise<MediaRow | undefined> {
    let query = this.database.db
      .selectFrom('media')
      .selectAll()
      .where('case_id', '=', caseId)
      .where(field, '=', sha256)
      .where('status', 'in', ['processing', 'ready']);
    if (exceptId) query = query.where('id', '!=', exceptId);
    // An upload added with a crop or trim stored other content than its bytes: not the same as those bytes added whole.
    if (options.unedited) query = query.where('edit', 'is', null);
    return query.orderBy('created_at').executeTakeFirst();
  }

  /** Inserts the row and runs `alsoInTransaction` (the job enqueue) atomically with it. */
  /**
   * Adds the item to its case while the case is still the draft `version`, with `alsoInTransaction`;
   * false (nothing written) when it was signed, moved to another version or purged since the caller
   * checked. The case row is held first (PostgreSQL: FOR NO KEY UPDATE, as CasesRepository.lockDraft): a sign of the case waits for the
   * insert or the insert for the sign, and two uploads into one case take positions one after the other.
   */
  async insert(row: Omit<MediaRow, 'position'>, caseVersion: number, alsoInTransaction: (trx: Transaction<DB>) => Promise<unknown>): Promise<boolean> {
    return this.database.db.transaction().execute(async (trx) => {
      let draft = trx.selectFrom('clinical_case').select('id').where('id', '=', row.case_id).where('status', '=', 'draft').where('version', '=', caseVersion);
      if (this.database.dialect === 'postgres') draft = draft.forNoKeyUpdate();
      if (!(await draft.executeTakeFirst())) return false;
      const last = await trx
        .selectFrom('media')
        .select((eb) => eb.fn.max('position').as('position'))
        .where('case_id', '=', row.case_id)
        .executeTakeFirst();
      // The case's department is kept on the row for the statistics (migration 0037; a case never changes department).
      const department = trx.selectFrom('clinical_case').select('department_id').where('id', '=', row.case_id);
      await trx.insertInto('media').values({ ...row, position: Number(last?.position ?? 0) + 1, department_id: department }).execute();
      await alsoInTransaction(trx);
      return true;
    });
  }

  async update(id: string, changes: Partial<Omit<MediaRow, 'id' | 'case_id'>>, alsoInTransaction?: (trx: Transaction<DB>) => Promise<unknown>) {
    await this.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('media').set(changes).where('id', '=', id).execute();
      if (alsoInTransaction) await alsoInTransaction(trx);
    });
  }

  /**
   * Updates the item only while it is still in `status`, inside one transaction with `alsoInTransaction`
   * (run only when the update applied). False when the item is gone (purged) or no longer in that
   * status: the caller then owns whatever it stored for it. On PostgreSQL the update waits for a purge
   * that holds the row (it locks it FOR UPDATE) and then finds nothing.
   */
  async updateWhileStatus(
    id: string,
    status: string,
    changes: Partial<Omit<MediaRow, 'id' | 'case_id'>>,
    alsoInTransaction?: (trx: Transaction<DB>) => Promise<unknown>,
  ): Promise<boolean> {
    return this.database.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('media').set(changes).where('id', '=', id).where('status', '=', status).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (alsoInTransaction) await alsoInTransaction(trx);
      return true;
    });
  }

  /**
   * Inserts derived files of one item if the item still exists, holding its row (PostgreSQL: FOR SHARE)
   * so that a purge removing it either waits for this insert (and then removes the rows and their
   * blobs) or has removed it already (then nothing is inserted and false is returned).
   */
  async insertDerivativesWhilePresent(mediaId: string, rows: DerivativeRow[]): Promise<boolean> {
    return this.database.db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('media').select('id').where('id', '=', mediaId);
      if (this.database.dialect === 'postgres') query = query.forShare();
      if (!(await query.executeTakeFirst())) return false;
      await this.insertDerivatives(rows, trx);
      return true;
    });
  }

  derivatives(mediaIds: string[]): Promise<DerivativeRow[]> {
    if (mediaIds.length === 0) return Promise.resolve([]);
    return this.database.db.selectFrom('media_derivative').selectAll().where('media_id', 'in', mediaIds).execute();
  }

  findDerivative(mediaId: string, kind: string): Promise<DerivativeRow | undefined> {
    return this.database.db
      .selectFrom('media_derivative')
      .selectAll()
      .where('media_id', '=', mediaId)
      .where('kind', '=', kind)
      .executeTakeFirst();
  }

  async insertDerivatives(rows: DerivativeRow[], executor: Kysely<DB> | Transaction<DB> = this.database.db): Promise<void> {
    if (rows.length === 0) return;
    // The media item's department and time are kept on the row for the statistics (migration 0037).
    const ofMedia = (mediaId: string, column: 'department_id' | 'created_at') => executor.selectFrom('media').select(column).where('id', '=', mediaId);
    await executor
      .insertInto('media_derivative')
      .values(rows.map((row) => ({ ...row, department_id: ofMedia(row.media_id, 'department_id'), media_created_at: ofMedia(row.media_id, 'created_at') })))
      .onConflict((oc) => oc.columns(['media_id', 'kind']).doNothing())
      .execute();
  }
}

/** Keys in the order PostgreSQL's `collate "C"` (and SQLite's binary collation) sorts them: by UTF-16 code unit, as JavaScript compares strings. */
function inKeyOrder(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
