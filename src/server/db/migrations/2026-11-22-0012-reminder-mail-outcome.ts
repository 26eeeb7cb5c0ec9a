import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // C3: what became of a reminder's e-mail (sent, or why not), so its owner and a retry can see it.
  await db.schema.alterTable('routine_reminder').addColumn('mail_outcome', 'text').execute();
  await db.schema.alterTable('routine_reminder').addColumn('mail_to', 'text').execute();
  await db.schema.alterTable('routine_reminder').addColumn('mail_outcome_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('routine_reminder').dropColumn('mail_outcome_at').execute();
  await db.schema.alterTable('routine_reminder').dropColumn('mail_to').execute();
  await db.schema.alterTable('routine_reminder').dropColumn('mail_outcome').execute();
}
