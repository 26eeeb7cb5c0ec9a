import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 14, M7: every copy of a case given out (a print, an export, a kept original) with its
// reason, so the case can list "Kopior som lämnats ut" and a copy sent out stays traceable.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_copy')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('clinical_case.id'))
    /** print | export | download */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    /** The code of the configured reason (KASUS_COPY_REASONS). */
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('reason_text', 'text')
    .addColumn('recipient', 'text')
    /** JSON array of the media ids the copy holds. */
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('watermark', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('made_by', 'text', (c) => c.notNull().references('user_account.id'))
    .addColumn('made_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_copy_case').on('case_copy').columns(['case_id', 'made_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_copy').execute();
}
