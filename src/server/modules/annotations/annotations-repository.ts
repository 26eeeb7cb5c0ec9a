import type { Database } from '../../db/database.js';
import type { MediaAnnotationTable } from '../../db/schema.js';
import type { Tx } from '../rights/audited.js';

export type AnnotationRow = MediaAnnotationTable & { updated_by_name: string | null };

/** The annotation layers of images in case versions (M15); SQL only, the rules are in the service. */
export class AnnotationsRepository {
  constructor(private readonly database: Database) {}

  /** The file as it belongs to the case (a file of another case is not found). */
  media(caseId: string, mediaId: string): Promise<{ id: string; kind: string; removed_at: string | null } | undefined> {
    return this.database.db
      .selectFrom('media')
      .select(['id', 'kind', 'removed_at'])
      .where('id', '=', mediaId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
  }

  /** The media ids a signed version holds, or undefined when the case has no such signed version. */
  async signedMediaIds(caseId: string, version: number): Promise<string[] | undefined> {
    const row = await this.database.db.selectFrom('case_version').select('media').where('case_id', '=', caseId).where('version', '=', version).executeTakeFirst();
    return row ? (JSON.parse(row.media) as { mediaId: string }[]).map((m) => m.mediaId) : undefined;
  }

  find(caseId: string, version: number, mediaId: string): Promise<AnnotationRow | undefined> {
    return this.database.db
      .selectFrom('media_annotation')
      .leftJoin('user_account', 'user_account.id', 'media_annotation.updated_by')
      .selectAll('media_annotation')
      .select('user_account.display_name as updated_by_name')
      .where('case_id', '=', caseId)
      .where('version', '=', version)
      .where('media_id', '=', mediaId)
      .executeTakeFirst();
  }

  /**
   * Stores the layer in the case's draft, if the case is still that draft: the guard updates the
   * case row in the same transaction (a row lock on PostgreSQL, the one writer on SQLite), so a
   * signing in between is either seen here (false) or waits; a signed version is never written.
   */
  async save(tx: Tx, row: MediaAnnotationTable): Promise<boolean> {
    const guard = await tx
      .updateTable('clinical_case')
      .set({ updated_at: row.updated_at })
      .where('id', '=', row.case_id)
      .where('status', '=', 'draft')
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(guard.numUpdatedRows) !== 1) return false;
    await tx
      .insertInto('media_annotation')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'version', 'media_id']).doUpdateSet({ shapes: row.shapes, updated_by: row.updated_by, updated_at: row.updated_at }))
      .execute();
    return true;
  }
}
