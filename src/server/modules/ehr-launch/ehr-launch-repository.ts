import type { Database } from '../../db/database.js';

export class EhrLaunchRepository {
  constructor(private readonly database: Database) {}

  /**
   * Records a launch token's jti as used; false when it was used before (a replay). Expired entries
   * are removed first: a token past its exp is refused as expired anyway, so its jti need not be kept.
   */
  async useNonce(issuer: string, jti: string, expiresAt: string, now: string): Promise<boolean> {
    await this.database.db.deleteFrom('ehr_launch_nonce').where('expires_at', '<', now).execute();
    const result = await this.database.db
      .insertInto('ehr_launch_nonce')
      .values({ issuer, jti, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['issuer', 'jti']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }
}
