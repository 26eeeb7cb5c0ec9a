import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 16: what the uploader cut away before adding a file (a crop of an image, a trim of a recording), as JSON
// (`{"crop":{…}}` or `{"trim":{…}}`). Null: the file was added as it was. Only the edited file is stored.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').addColumn('edit', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').dropColumn('edit').execute();
}
