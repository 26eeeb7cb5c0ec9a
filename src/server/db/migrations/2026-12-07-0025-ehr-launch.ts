import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 15, I1: signed-URL launch from an EHR. A session opened by a launch carries the marks M5 and
// the EHR read mode need (ehr_context 1; ehr_read_only 'ehr_launch' when the launch asked for read
// mode, 'ehr_system' when the EHR's row in the systems registry was read_only, null otherwise). Each
// launch token's jti is kept until the token expires, so a launch URL works exactly once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('session').addColumn('ehr_context', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('session').addColumn('ehr_read_only', 'text').execute();
  await db.schema
    .createTable('ehr_launch_nonce')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ehr_launch_nonce_pk', ['issuer', 'jti'])
    .execute();
  await db.schema.createIndex('ehr_launch_nonce_expires').on('ehr_launch_nonce').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ehr_launch_nonce').execute();
  await db.schema.alterTable('session').dropColumn('ehr_read_only').execute();
  await db.schema.alterTable('session').dropColumn('ehr_context').execute();
}
