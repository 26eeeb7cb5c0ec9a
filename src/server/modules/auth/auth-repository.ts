import type { Database } from '../../db/database.js';
import type { ApiTokenTable, SessionTable } from '../../db/schema.js';

export type SessionRow = SessionTable;
export type ApiTokenRow = ApiTokenTable;

export class AuthRepository {
  constructor(private readonly database: Database) {}

  async insertSession(row: SessionRow): Promise<void> {
    await this.database.db.insertInto('session').values(row).execute();
  }

  findSession(id: string): Promise<SessionRow | undefined> {
    return this.database.db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touchSession(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.database.db
      .updateTable('session')
      .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
      .where('id', '=', id)
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

  async insertToken(row: ApiTokenRow): Promise<void> {
    await this.database.db.insertInto('api_token').values(row).execute();
  }

  findTokenByHash(hash: string): Promise<ApiTokenRow | undefined> {
    return this.database.db.selectFrom('api_token').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  listTokens(userId: string): Promise<ApiTokenRow[]> {
    return this.database.db
      .selectFrom('api_token')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
  }

  async revokeToken(id: string, userId: string, at: string): Promise<boolean> {
    const result = await this.database.db
      .updateTable('api_token')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.database.db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute();
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
