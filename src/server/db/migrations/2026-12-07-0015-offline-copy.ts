import type { Kysely } from 'kysely';

// Frozen once landed: later changes go into new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // C9, issue 13: backup workstations that hold an encrypted, signed, incremental read copy.
  await db.schema
    .createTable('offline_workstation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // The workstation's age X25519 recipient (age1…): every part is encrypted to it.
    .addColumn('public_key', 'text', (c) => c.notNull())
    // JSON array of department ids whose data the copy may hold.
    .addColumn('department_ids', 'text', (c) => c.notNull())
    // SHA-256 of the sync token (kwt_…); the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('last_sync_at', 'text')
    // The sequence the workstation reported having at its last sync, and when that snapshot was made.
    .addColumn('synced_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('synced_snapshot_at', 'text')
    // The newest snapshot built for it; 1 in needs_full: the next build sends everything.
    .addColumn('built_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('needs_full', 'integer', (c) => c.notNull().defaultTo(1))
    // One builder at a time per workstation (across nodes): a lease, not a long transaction.
    .addColumn('build_lease_until', 'text')
    // The scheduled time whose missed sync was last notified (once per miss).
    .addColumn('missed_notified_for', 'text')
    // The head of the uploaded access log.
    .addColumn('access_log_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('offline_snapshot')
    .addColumn('sequence', 'integer', (c) => c.primaryKey())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    // The scheduled time (ISO) it was made for; unique, so several nodes make one snapshot per time.
    .addColumn('period', 'text', (c) => c.unique())
    .execute();

  await db.schema
    .createTable('offline_build')
    .addColumn('workstation_id', 'text', (c) => c.notNull().references('offline_workstation.id').onDelete('cascade'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('full', 'integer', (c) => c.notNull())
    .addColumn('base', 'integer', (c) => c.notNull())
    .addColumn('snapshot_at', 'text', (c) => c.notNull())
    // 1 once its parts were deleted (the workstation had it).
    .addColumn('pruned', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('offline_build_pk', ['workstation_id', 'sequence'])
    .execute();

  await db.schema
    .createTable('offline_part')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('workstation_id', 'text', (c) => c.notNull().references('offline_workstation.id').onDelete('cascade'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('offline_part_ws_idx').on('offline_part').columns(['workstation_id', 'sequence']).execute();

  // What each workstation was sent: table, key and content hash of every row and blob it holds.
  await db.schema
    .createTable('offline_inventory')
    .addColumn('workstation_id', 'text', (c) => c.notNull().references('offline_workstation.id').onDelete('cascade'))
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('offline_inventory_pk', ['workstation_id', 'tbl', 'key'])
    .execute();
  // The changes of a build under way, applied to the inventory when its parts are committed (hash null: deleted).
  await db.schema
    .createTable('offline_inventory_pending')
    .addColumn('workstation_id', 'text', (c) => c.notNull().references('offline_workstation.id').onDelete('cascade'))
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('hash', 'text')
    .addPrimaryKeyConstraint('offline_inventory_pending_pk', ['workstation_id', 'tbl', 'key'])
    .execute();

  // A snapshot walks a department's cases in id order, and asks which derivatives still use an image.
  await db.schema.createIndex('clinical_case_department_id_idx').on('clinical_case').columns(['department_id', 'id']).execute();
  await db.schema.createIndex('media_derivative_blob_idx').on('media_derivative').column('blob_key').execute();

  // The hash chain of each workstation's uploaded access log (re-uploads are checked against it).
  await db.schema
    .createTable('offline_access_log')
    .addColumn('workstation_id', 'text', (c) => c.notNull().references('offline_workstation.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('offline_access_log_pk', ['workstation_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('media_derivative_blob_idx').execute();
  await db.schema.dropIndex('clinical_case_department_id_idx').execute();
  for (const table of ['offline_access_log', 'offline_inventory_pending', 'offline_inventory', 'offline_part', 'offline_build', 'offline_snapshot', 'offline_workstation']) {
    await db.schema.dropTable(table).execute();
  }
}
