import type { CompiledQuery, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { prepareByName } from '../../db/prepared-statements.js';
import { SharedRead } from '../../db/shared-read.js';
import type { ApiTokenTable, DB, SessionTable } from '../../db/schema.js';

export type SessionRow = SessionTable;
export type ApiTokenRow = ApiTokenTable;

export class AuthRepository {
  /** Compiled once: read on every authenticated request, so building it anew would be most of its cost. */
  private readonly generationQuery: CompiledQuery<{ generation: number | string }>;
  /** Through the database: one read for every request that asks before it is sent (never one already sent). */
  private readonly sharedGeneration: SharedRead<number>;

  constructor(private readonly database: Database) {
    this.generationQuery = database.db.selectFrom('auth_generation').select('generation').where('id', '=', 1).compile();
    // PostgreSQL: parsed and planned once per connection.
    prepareByName(this.generationQuery.sql);
    this.sharedGeneration = new SharedRead(async () => Number((await this.database.db.executeQuery(this.generationQuery)).rows[0]?.generation ?? 0));
  }

  /**
   * Where the access-change counter stands (migration 0024); moved on by triggers. Always read after
   * the call: a change committed before it (on any node) is seen.
   */
  async generation(): Promise<number> {
    // SQLite: at once when the connection is free (committed data only).
    const now = this.database.readNow?.(this.generationQuery);
    if (now) return Number(now[0]?.generation ?? 0);
    // Else a read sent after this call, shared with the requests that ask in the same turn (issue 20).
    return this.sharedGeneration.get();
  }

  async insertSession(row: SessionRow): Promise<void> {
    await this.database.db.insertInto('session').values(row).execute();
  }

  findSession(id: string): Promise<SessionRow | undefined> {
    return this.database.db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Slides a session's expiry, unless any node wrote it after `unlessWrittenAfter`. */
  async touchSession(id: string, lastSeenAt: string, expiresAt: string, unlessWrittenAfter: string): Promise<void> {
    await this.database.db
      .updateTable('session')
      .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
      .where('id', '=', id)
      .where('last_seen_at', '<=', unlessWrittenAfter)
      .execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.database.db.deleteFrom('session').where('id', '=', id).execute();
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.database.db.deleteFrom('session').where('user_id', '=', userId).execute();
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.database.db.deleteFrom('session').where('expires_at', '<', now).execute();
  }

  async insertToken(row: ApiTokenRow, audit?: (trx: Transaction<DB>) => Promise<void>): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('api_token').values(row).execute();
      await audit?.(trx);
    });
  }

  findTokenByHash(hash: string): Promise<ApiTokenRow | undefined> {
    return this.database.db.selectFrom('api_token').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  findToken(id: string): Promise<ApiTokenRow | undefined> {
    return this.database.db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The token with this id and every token it descends from (parent, grandparent, …), in one query. */
  lineage(id: string): Promise<ApiTokenRow[]> {
    return this.database.db
      .withRecursive('lineage', (db) =>
        db
          .selectFrom('api_token')
          .selectAll()
          .where('id', '=', id)
          // UNION (not UNION ALL) ends the walk even if hand-edited rows formed a loop.
          .union((db) => db.selectFrom('api_token').innerJoin('lineage', 'lineage.parent_id', 'api_token.id').selectAll('api_token')),
      )
      .selectFrom('lineage')
      .selectAll()
      .execute() as Promise<ApiTokenRow[]>;
  }

  /** A user's tokens, revoked and expired ones included (kept for the record), newest first. */
  listTokens(userId: string): Promise<ApiTokenRow[]> {
    return this.database.db
      .selectFrom('api_token')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  /**
   * Revokes a user's token and every token descending from it (children, grandchildren, …) in one
   * transaction, with its audit event. Undefined when the user has no such token; otherwise the ids
   * this call revoked (empty when all were revoked already).
   */
  async revokeTokenTree(
    id: string,
    userId: string,
    at: string,
    audit: (trx: Transaction<DB>, token: ApiTokenRow, revoked: string[]) => Promise<void>,
  ): Promise<string[] | undefined> {
    return this.database.db.transaction().execute(async (trx) => {
      const token = await trx.selectFrom('api_token').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      if (!token) return undefined;
      const tree = await trx
        .withRecursive('tree', (db) =>
          db
            .selectFrom('api_token')
            .select(['id', 'revoked_at'])
            .where('id', '=', id)
            .union((db) => db.selectFrom('api_token').innerJoin('tree', 'tree.id', 'api_token.parent_id').select(['api_token.id', 'api_token.revoked_at'])),
        )
        .selectFrom('tree')
        .select(['id', 'revoked_at'])
        .execute();
      const revoked = tree.filter((t) => t.revoked_at === null).map((t) => t.id);
      if (revoked.length > 0) {
        await trx.updateTable('api_token').set({ revoked_at: at }).where('id', 'in', revoked).where('revoked_at', 'is', null).execute();
        await audit(trx, token, revoked);
      }
      return revoked;
    });
  }

  /** Writes a token's last use, unless any node wrote it after `unlessWrittenAfter`. */
  async touchToken(id: string, at: string, unlessWrittenAfter: string): Promise<void> {
    await this.database.db
      .updateTable('api_token')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', unlessWrittenAfter)]))
      .execute();
  }

  /** Counts one more failed login atomically (parallel attempts must all count) and returns the count. */
  async incrementFailedLogins(userId: string): Promise<number> {
    const row = await this.database.db
      .updateTable('user_account')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', userId)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    return Number(row.failed_logins);
  }

  async lockUntil(userId: string, until: string): Promise<void> {
    await this.database.db.updateTable('user_account').set({ locked_until: until }).where('id', '=', userId).execute();
  }

  async clearFailedLogins(userId: string): Promise<void> {
    await this.database.db
      .updateTable('user_account')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute();
  }
}
