import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 19: a form's name and description in Norwegian bokmål and English beside the Swedish ones
// (`name`, `description`), as its fields' labels already carry them. Optional: null shows the Swedish text.
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['name_nb', 'name_en', 'description_nb', 'description_en']) {
    await db.schema.alterTable('form').addColumn(column, 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['description_en', 'description_nb', 'name_en', 'name_nb']) {
    await db.schema.alterTable('form').dropColumn(column).execute();
  }
}
