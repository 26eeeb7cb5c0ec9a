import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // M14, DESIGN §3.3: signed checkpoints of the audit chain's head. Each one signs (seq, hash, at,
  // key id) with the Ed25519 key kept outside the database; copies go to a file elsewhere.
  await db.schema
    .createTable('audit_checkpoint')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    // 'scheduled' or 'manual' (kasus audit checkpoint).
    .addColumn('trigger', 'text', (c) => c.notNull())
    // The scheduled period (its start, ISO time); unique, so several nodes write one checkpoint per period.
    .addColumn('period', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('audit_checkpoint_at_idx').on('audit_checkpoint').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_checkpoint').execute();
}
