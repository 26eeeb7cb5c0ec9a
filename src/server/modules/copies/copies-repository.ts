import type { Database } from '../../db/database.js';
import type { CaseCopyTable } from '../../db/schema.js';
import type { Tx } from '../rights/audited.js';

export type CopyRow = CaseCopyTable & { made_by_name: string | null };

/** Copies of cases given out (M7) and the few facts a copy needs beside the case; SQL only. */
export class CopiesRepository {
  constructor(private readonly database: Database) {}

  async insert(tx: Tx, row: CaseCopyTable): Promise<void> {
    await tx.insertInto('case_copy').values(row).execute();
  }

  list(caseId: string): Promise<CopyRow[]> {
    return this.database.db
      .selectFrom('case_copy')
      .leftJoin('user_account', 'user_account.id', 'case_copy.made_by')
      .selectAll('case_copy')
      .select('user_account.display_name as made_by_name')
      .where('case_copy.case_id', '=', caseId)
      .orderBy('case_copy.made_at', 'desc')
      .orderBy('case_copy.id', 'desc')
      .execute();
  }

  async caseOfMedia(mediaId: string): Promise<string | null> {
    const row = await this.database.db.selectFrom('media').select('case_id').where('id', '=', mediaId).executeTakeFirst();
    return row?.case_id ?? null;
  }

  async departmentName(id: string): Promise<string | null> {
    const row = await this.database.db.selectFrom('department').select('name').where('id', '=', id).executeTakeFirst();
    return row?.name ?? null;
  }

  /** The stored keys of the media's web previews, by media id. */
  async previews(mediaIds: string[]): Promise<Map<string, { key: string; mime: string }>> {
    if (mediaIds.length === 0) return new Map();
    const rows = await this.database.db
      .selectFrom('media_derivative')
      .select(['media_id', 'blob_key', 'mime'])
      .where('media_id', 'in', mediaIds)
      .where('kind', '=', 'preview')
      .execute();
    return new Map(rows.map((r) => [r.media_id, { key: r.blob_key, mime: r.mime }]));
  }
}
