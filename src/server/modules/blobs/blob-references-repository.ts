import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { systemClock, type Clock } from '../../clock.js';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { BLOB_COLUMNS, HOLD_STALE_MS, type BlobHold, type BlobReferences, type UnusedDelete } from './blob-store.js';

/** The first half of the two-key advisory lock of one blob key (PostgreSQL; the second half is the key's hash). */
const BLOB_LOCK_CLASS = 4_711_017;

/**
 * The one check that a blob (or a raw upload in quarantine) is named by no row, before it is deleted,
 * and the writers' holds on keys they are about to name (issue 17, migration 0044).
 */
export class BlobReferencesRepository implements BlobReferences {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock = systemClock,
  ) {}

  async inUse(key: string): Promise<boolean> {
    return this.named(this.database.db, key);
  }

  private async named(db: Database['db'] | Transaction<DB>, key: string): Promise<boolean> {
    const named = await Promise.all([
      db.selectFrom('media').select('id').where('quarantine_key', '=', key).limit(1).executeTakeFirst(),
      ...BLOB_COLUMNS.map(([table, column]) => db.selectFrom(table).select(column).where(column, '=', key).limit(1).executeTakeFirst()),
    ]);
    return named.some((row) => row !== undefined);
  }

  /** Serialises the holds and deletes of one key: an advisory lock on PostgreSQL; on SQLite the transaction's write. */
  private async lock(tx: Transaction<DB>, key: string): Promise<void> {
    if (this.database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${BLOB_LOCK_CLASS}, hashtext(${key}))`.execute(tx);
  }

  async hold(keys: string[]): Promise<BlobHold> {
    const id = randomUUID();
    const unique = [...new Set(keys)].sort(); // one order for every writer: no deadlock between two holds
    if (unique.length > 0) {
      const heldAt = this.clock.now().toISOString();
      await this.database.db.transaction().execute(async (tx) => {
        for (const key of unique) await this.lock(tx, key);
        await tx.insertInto('blob_hold').values(unique.map((key) => ({ id, key, held_at: heldAt }))).execute();
      });
    }
    let released: Promise<void> | undefined;
    return {
      keys: unique,
      release: () =>
        (released ??= unique.length === 0 ? Promise.resolve() : this.database.db.deleteFrom('blob_hold').where('id', '=', id).execute().then(() => undefined)),
    };
  }

  deleteUnused(key: string, remove: () => Promise<void>): Promise<UnusedDelete> {
    return this.database.db.transaction().execute(async (tx) => {
      await this.lock(tx, key);
      // The first statement writes: on SQLite it takes the write lock (also against another process)
      // before anything is read. A hold left by a writer that died long ago no longer counts.
      const stale = new Date(this.clock.now().getTime() - HOLD_STALE_MS).toISOString();
      await tx.deleteFrom('blob_hold').where('key', '=', key).where('held_at', '<', stale).execute();
      if (await this.named(tx, key)) return 'named';
      if (await tx.selectFrom('blob_hold').select('id').where('key', '=', key).limit(1).executeTakeFirst()) return 'held';
      // Under the lock: a writer's hold waits until the bytes are gone, then puts them again. `remove`
      // does no database work (on SQLite this transaction holds the one connection).
      await remove();
      return 'deleted';
    });
  }
}
