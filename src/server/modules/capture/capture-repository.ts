import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { CaptureItemTable, CaptureSessionTable, DB } from '../../db/schema.js';

export type CaptureSessionRow = CaptureSessionTable;
export type CaptureItemRow = CaptureItemTable;

/** An item with what its media row says now (cleaning may still refuse it, or find it a duplicate). */
export interface CaptureItemWithMedia extends CaptureItemRow {
  media_status: string;
  media_error_code: string | null;
  media_error_message: string | null;
  media_duplicate_of: string | null;
  media_filename: string;
}

/** The SQL of offline capture (issue 16). */
export class CaptureRepository {
  constructor(private readonly database: Database) {}

  findSession(id: string): Promise<CaptureSessionRow | undefined> {
    return this.database.db.selectFrom('capture_session').selectAll().where('id', '=', id).executeTakeFirst();
  }

  private items() {
    return this.database.db
      .selectFrom('capture_item')
      .innerJoin('media', 'media.id', 'capture_item.media_id')
      .selectAll('capture_item')
      .select([
        'media.status as media_status',
        'media.error_code as media_error_code',
        'media.error_message as media_error_message',
        'media.duplicate_of as media_duplicate_of',
        'media.original_filename as media_filename',
      ]);
  }

  findItem(key: string): Promise<CaptureItemWithMedia | undefined> {
    return this.items().where('capture_item.key', '=', key).executeTakeFirst();
  }

  listItems(sessionId: string): Promise<CaptureItemWithMedia[]> {
    return this.items().where('capture_item.session_id', '=', sessionId).orderBy('capture_item.created_at').orderBy('capture_item.key').execute();
  }

  // The writes run in the caller's transaction, which commits them with their audit event (and, for
  // an item, with its media row).

  /** Inserts unless the id is taken (a concurrent creation); returns whether it was inserted. */
  async insertSession(trx: Transaction<DB>, row: CaptureSessionRow): Promise<boolean> {
    const result = await trx.insertInto('capture_session').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Inserts unless the key is stored already; returns whether it was inserted. On PostgreSQL a
   * concurrent insert of the same key waits here for the other transaction, then finds it.
   */
  async insertItem(trx: Transaction<DB>, row: CaptureItemRow): Promise<boolean> {
    const result = await trx.insertInto('capture_item').values(row).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async countItems(trx: Transaction<DB>, sessionId: string): Promise<number> {
    const row = await trx
      .selectFrom('capture_item')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
