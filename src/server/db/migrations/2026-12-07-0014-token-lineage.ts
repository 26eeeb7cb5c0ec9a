import type { Kysely } from 'kysely';

/** The expiry given to tokens made before tokens had one (counted from when this migration runs). */
const EXISTING_TOKENS_DAYS = 90;

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // Issue 21 defect 9: a token made with a token is its child (never outlives it, dies with it),
  // and every token expires.
  await db.schema
    .alterTable('api_token')
    .addColumn('parent_id', 'text', (c) => c.references('api_token.id').onDelete('cascade'))
    .execute();
  await db.schema.alterTable('api_token').addColumn('expires_at', 'text').execute();
  await db.schema.createIndex('api_token_parent_idx').on('api_token').column('parent_id').execute();
  // Tokens made before this had no expiry: they keep working for the default lifetime from now,
  // so scripts do not stop without warning, and then expire like every other token.
  const expiresAt = new Date(Date.now() + EXISTING_TOKENS_DAYS * 24 * 3_600_000).toISOString();
  await db.updateTable('api_token').set({ expires_at: expiresAt }).where('expires_at', 'is', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('api_token_parent_idx').execute();
  await db.schema.alterTable('api_token').dropColumn('expires_at').execute();
  await db.schema.alterTable('api_token').dropColumn('parent_id').execute();
}
