import type { Database } from '../../db/database.js';
import { BLOB_COLUMNS, type BlobReferences } from './blob-store.js';

/** The one check that a blob (or a raw upload in quarantine) is named by no row, before it is deleted. */
export class BlobReferencesRepository implements BlobReferences {
  constructor(private readonly database: Database) {}

  async inUse(key: string): Promise<boolean> {
    const db = this.database.db;
    const named = await Promise.all([
      db.selectFrom('media').select('id').where('quarantine_key', '=', key).limit(1).executeTakeFirst(),
      ...BLOB_COLUMNS.map(([table, column]) => db.selectFrom(table).select(column).where(column, '=', key).limit(1).executeTakeFirst()),
    ]);
    return named.some((row) => row !== undefined);
  }
}
