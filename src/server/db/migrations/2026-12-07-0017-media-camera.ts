import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
// Issue 19: the camera that took a photo, video or recording, read from its metadata before cleaning strips it
// (captured_at, which exists since 0002, is filled from the same metadata). Optional: most files name none.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').addColumn('camera_make', 'text').execute();
  await db.schema.alterTable('media').addColumn('camera_model', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').dropColumn('camera_model').execute();
  await db.schema.alterTable('media').dropColumn('camera_make').execute();
}
