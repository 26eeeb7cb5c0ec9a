import type { Database } from '../../db/database.js';
import type { CaseImportFlagTable, MediaImportFileTable, MediaImportTable } from '../../db/schema.js';
import type { Tx } from '../rights/audited.js';

export type ImportRow = MediaImportTable;
export type ImportFileRow = MediaImportFileTable;
export type ImportFlagRow = CaseImportFlagTable;

/** Staged card imports and the flags committed ones leave on cases (M5); SQL only, the rules are in the service. */
export class ImportsRepository {
  constructor(private readonly database: Database) {}

  find(id: string): Promise<ImportRow | undefined> {
    return this.database.db.selectFrom('media_import').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async files(importId: string): Promise<ImportFileRow[]> {
    const rows = await this.database.db.selectFrom('media_import_file').selectAll().where('import_id', '=', importId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ ...r, size_bytes: Number(r.size_bytes) }));
  }

  async countFiles(importId: string): Promise<number> {
    const row = await this.database.db.selectFrom('media_import_file').select((eb) => eb.fn.countAll<number | string>().as('n')).where('import_id', '=', importId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async insert(tx: Tx, row: ImportRow): Promise<void> {
    await tx.insertInto('media_import').values(row).execute();
  }

  async insertFiles(tx: Tx, rows: ImportFileRow[]): Promise<void> {
    // In slices: PostgreSQL and SQLite both limit the parameters of one statement.
    for (let i = 0; i < rows.length; i += 100) await tx.insertInto('media_import_file').values(rows.slice(i, i + 100)).execute();
  }

  /** An OCR result, kept so that the next look at the import does not read the image again. */
  async setOcr(fileId: string, ocr: string, identifier: { normalized: string; type: string } | null): Promise<void> {
    await this.database.db
      .updateTable('media_import_file')
      .set({ ocr, identifier: identifier?.normalized ?? null, identifier_type: identifier?.type ?? null })
      .where('id', '=', fileId)
      .execute();
  }

  async remove(executor: Tx | undefined, id: string): Promise<void> {
    const run = async (tx: Tx) => {
      await tx.deleteFrom('media_import_file').where('import_id', '=', id).execute();
      await tx.deleteFrom('media_import').where('id', '=', id).execute();
    };
    if (executor) await run(executor);
    else await this.database.db.transaction().execute(run);
  }

  /** Imports begun before the cutoff (ISO time): abandoned. */
  async begunBefore(cutoff: string): Promise<string[]> {
    return (await this.database.db.selectFrom('media_import').select('id').where('created_at', '<', cutoff).execute()).map((r) => r.id);
  }

  async existing(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return new Set((await this.database.db.selectFrom('media_import').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  }

  async insertFlags(tx: Tx, rows: ImportFlagRow[]): Promise<void> {
    if (rows.length > 0) await tx.insertInto('case_import_flag').values(rows).execute();
  }

  flags(caseId: string): Promise<ImportFlagRow[]> {
    return this.database.db.selectFrom('case_import_flag').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
  }
}
