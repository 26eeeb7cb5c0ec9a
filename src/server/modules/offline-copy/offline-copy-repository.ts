import { sql, type ExpressionBuilder, type RawBuilder, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ClinicalCaseTable, DB, MediaTable, OfflineBuildTable, OfflinePartTable, OfflineWorkstationTable } from '../../db/schema.js';

/**
 * The one rule for which media a copy holds, for queries that join `media as m` and `clinical_case as c`:
 * ready, not removed, of a case in the workstation's departments that has a patient.
 */
function heldMediaRule(eb: ExpressionBuilder<{ m: MediaTable; c: ClinicalCaseTable }, 'm' | 'c'>, departmentIds: string[]) {
  return eb.and([eb('m.status', '=', 'ready'), eb('m.removed_at', 'is', null), eb('c.department_id', 'in', departmentIds), eb('c.patient_id', 'is not', null)]);
}

export type WorkstationRow = Selectable<OfflineWorkstationTable>;
export type BuildRow = Selectable<OfflineBuildTable>;
export type PartRow = Selectable<OfflinePartTable>;
export type Row = Record<string, unknown>;

/** Whether a database error is a unique or primary key violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Rows per query when paging through the archive: memory stays flat however large it is. */
export const PAGE_SIZE = 500;

/** The most plaintext in one part (docs/offline-copy-format.md). */
export const PART_PLAINTEXT_BYTES = 16 * 1024 * 1024;
/** The largest derivative sent: its base64 line fits in one part with room to spare. */
export const MAX_BLOB_BYTES = 11 * 1024 * 1024;

/** What a copy holds of the archive: the workstation's departments, and the oldest case whose previews it gets. */
export interface CopyScope {
  departmentIds: string[];
  previewsFrom: string;
}

/**
 * One table of the copy (docs/offline-copy-format.md): the rows to be held, in key order, a page at
 * a time, and which of some keys are still to be held (for tombstones).
 */
export interface CopyTable {
  table: string;
  /** Put by the walk over the cases (and by the change log), not read whole. */
  walked: boolean;
  keyOf(row: Row): string;
  /** The `key` object of a `del` line. */
  keyObject(key: string): Row;
  page(after: string | null, limit: number): Promise<Row[]>;
  heldAmong(keys: string[]): Promise<Set<string>>;
}

/** All SQL of the offline read copy. */
export class OfflineCopyRepository {
  constructor(private readonly database: Database) {}

  private get db(): Kysely<DB> {
    return this.database.db;
  }

  // --- workstations ---

  async insertWorkstation(row: Insertable<OfflineWorkstationTable>): Promise<void> {
    await this.db.insertInto('offline_workstation').values(row).execute();
  }

  async listWorkstations(): Promise<WorkstationRow[]> {
    return this.db.selectFrom('offline_workstation').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async findWorkstation(id: string): Promise<WorkstationRow | undefined> {
    return this.db.selectFrom('offline_workstation').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByTokenHash(tokenHash: string): Promise<WorkstationRow | undefined> {
    return this.db.selectFrom('offline_workstation').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async revoke(id: string, at: string, by: string): Promise<boolean> {
    const result = await this.db
      .updateTable('offline_workstation')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async recordSync(id: string, values: { at: string; sequence: number; snapshotAt: string | null }): Promise<void> {
    await this.db
      .updateTable('offline_workstation')
      .set({ last_sync_at: values.at, synced_sequence: values.sequence, synced_snapshot_at: values.snapshotAt })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Marks that the workstation's next build is full, only if its newest build is still the one the
   * caller decided from: false when a build was committed meanwhile (a full copy made on demand may
   * just have been committed, and must not be followed by another full one).
   */
  async markNeedsFull(id: string, builtSequence: number): Promise<boolean> {
    const result = await this.db.updateTable('offline_workstation').set({ needs_full: 1 }).where('id', '=', id).where('built_sequence', '=', builtSequence).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Marks the miss of this scheduled time as notified; false when it already was (by this or another node). */
  async claimMissNotice(id: string, scheduledAt: string): Promise<boolean> {
    const result = await this.db
      .updateTable('offline_workstation')
      .set({ missed_notified_for: scheduledAt })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('missed_notified_for', 'is', null), eb('missed_notified_for', '<>', scheduledAt)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  // --- snapshots ---

  /** A new snapshot sequence (one more than the highest); for a scheduled time, the one already made for it. */
  async newSnapshot(values: { trigger: string; requestedBy: string | null; at: string; period: string | null }): Promise<{ sequence: number; created: boolean }> {
    for (let attempt = 0; ; attempt++) {
      if (values.period) {
        const existing = await this.db.selectFrom('offline_snapshot').select('sequence').where('period', '=', values.period).executeTakeFirst();
        if (existing) return { sequence: existing.sequence, created: false };
      }
      const max = await this.db.selectFrom('offline_snapshot').select((eb) => eb.fn.max('sequence').as('max')).executeTakeFirst();
      const sequence = Number(max?.max ?? 0) + 1;
      try {
        await this.db
          .insertInto('offline_snapshot')
          .values({ sequence, trigger: values.trigger, requested_by: values.requestedBy, requested_at: values.at, finished_at: null, period: values.period })
          .execute();
        return { sequence, created: true };
      } catch (error) {
        // Another node took this number (or this scheduled time) at the same moment: look again.
        if (!isUniqueViolation(error) || attempt >= 20) throw error;
      }
    }
  }

  async finishSnapshot(sequence: number, at: string): Promise<void> {
    await this.db.updateTable('offline_snapshot').set({ finished_at: at }).where('sequence', '=', sequence).execute();
  }

  // --- builds and parts ---

  /** Takes the right to build this sequence for the workstation; false when it is built already, revoked, or another builder holds it. */
  async claimBuild(id: string, sequence: number, now: string, leaseUntil: string): Promise<'claimed' | 'done' | 'busy'> {
    const result = await this.db
      .updateTable('offline_workstation')
      .set({ build_lease_until: leaseUntil })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('built_sequence', '<', sequence)
      .where((eb) => eb.or([eb('build_lease_until', 'is', null), eb('build_lease_until', '<', now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) return 'claimed';
    const row = await this.findWorkstation(id);
    if (!row || row.revoked_at !== null || row.built_sequence >= sequence) return 'done';
    return 'busy';
  }

  async extendBuild(id: string, leaseUntil: string): Promise<void> {
    await this.db.updateTable('offline_workstation').set({ build_lease_until: leaseUntil }).where('id', '=', id).execute();
  }

  async releaseBuild(id: string): Promise<void> {
    await this.db.updateTable('offline_workstation').set({ build_lease_until: null }).where('id', '=', id).execute();
  }

  async clearPending(id: string): Promise<void> {
    await this.db.deleteFrom('offline_inventory_pending').where('workstation_id', '=', id).execute();
  }

  async addPending(id: string, table: string, entries: { key: string; hash: string | null }[]): Promise<void> {
    if (entries.length === 0) return;
    // A key met again in the same build (a change seen twice, or gone and back) keeps its last state.
    await this.insertEntries(sql`offline_inventory_pending`, id, table, entries, sql`do update set hash = excluded.hash`);
  }

  /**
   * A full build starts the workstation's inventory afresh and writes it as it goes (no pending rows
   * copied over at the end): until the build commits, the workstation still needs a full copy, so a
   * build that fails part-way leaves nothing that a later one would trust.
   */
  async clearInventory(id: string): Promise<void> {
    await this.db.deleteFrom('offline_inventory').where('workstation_id', '=', id).execute();
  }

  /** A full build's entries, straight into the inventory: only the keys not already there are added, and returned. */
  async addToInventory(id: string, table: string, entries: { key: string; hash: string }[]): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const rows = await this.insertEntries(sql`offline_inventory`, id, table, entries, sql`do nothing returning key`);
    return new Set(rows.map((r) => r.key));
  }

  /**
   * One statement for a page of entries, whatever their number: PostgreSQL gets two arrays, SQLite
   * one JSON text (four parameters a row made each page a large statement to build and parse).
   */
  private async insertEntries(into: RawBuilder<unknown>, id: string, table: string, entries: { key: string; hash: string | null }[], onConflict: RawBuilder<unknown>): Promise<{ key: string }[]> {
    const query =
      this.database.dialect === 'postgres'
        ? sql<{ key: string }>`insert into ${into} (workstation_id, tbl, key, hash)
            select ${id}, ${table}, k, h from unnest(${entries.map((e) => e.key)}::text[], ${entries.map((e) => e.hash)}::text[]) as t(k, h)
            on conflict (workstation_id, tbl, key) ${onConflict}`
        : sql<{ key: string }>`insert into ${into} (workstation_id, tbl, key, hash)
            select ${id}, ${table}, json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${JSON.stringify(entries.map((e) => [e.key, e.hash]))}) where true
            on conflict (workstation_id, tbl, key) ${onConflict}`;
    return (await query.execute(this.db)).rows;
  }

  /** A page of the keys the build under way found gone (to be sent as `del` after every `put`). */
  async pendingGonePage(id: string, table: string, after: string | null, limit: number): Promise<string[]> {
    let query = this.db.selectFrom('offline_inventory_pending').select('key').where('workstation_id', '=', id).where('tbl', '=', table).where('hash', 'is', null);
    if (after !== null) query = query.where('key', '>', after);
    return (await query.orderBy('key').limit(limit).execute()).map((r) => r.key);
  }

  // --- the change log (migration 0019) ---

  /**
   * Where a build starting now begins in the change log: SQLite commits one writer at a time, so the
   * next seq; on PostgreSQL the oldest transaction still running, so a change committed late is not missed.
   */
  async changeMark(): Promise<number> {
    if (this.database.dialect === 'postgres') {
      const { rows } = await sql<{ mark: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as mark`.execute(this.db);
      return Number(rows[0]!.mark);
    }
    const { rows } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'offline_change'`.execute(this.db);
    return Number(rows[0]?.seq ?? 0) + 1;
  }

  /** A page of the change log from the mark on, in seq order. */
  async changePage(mark: number, afterSeq: number, limit: number): Promise<{ seq: number; tbl: string; key: string }[]> {
    let query = this.db.selectFrom('offline_change').select(['seq', 'tbl', 'key']).where('seq', '>', afterSeq);
    if (this.database.dialect === 'postgres') {
      query = query.where('tx', '>=', mark);
      // The first page starts at the first change of those transactions (found by the tx index).
      if (afterSeq === 0) {
        const first = await this.db.selectFrom('offline_change').select((eb) => eb.fn.min('seq').as('min')).where('tx', '>=', mark).executeTakeFirst();
        if (first?.min == null) return [];
        query = query.where('seq', '>=', Number(first.min));
      }
    } else {
      query = query.where('seq', '>=', mark);
    }
    return (await query.orderBy('seq').limit(limit).execute()).map((r) => ({ seq: Number(r.seq), tbl: r.tbl, key: r.key }));
  }

  /** Forgets the changes every active workstation's last build has passed (all of them when none is active). */
  async pruneChanges(): Promise<void> {
    const active = await this.db.selectFrom('offline_workstation').select((eb) => eb.fn.min('change_mark').as('min')).where('revoked_at', 'is', null).executeTakeFirst();
    let query = this.db.deleteFrom('offline_change');
    if (active?.min != null) query = query.where(this.database.dialect === 'postgres' ? 'tx' : 'seq', '<', Number(active.min));
    await query.execute();
  }

  /** The hashes the workstation was sent for these keys. */
  async inventoryHashes(id: string, table: string, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('offline_inventory')
      .select(['key', 'hash'])
      .where('workstation_id', '=', id)
      .where('tbl', '=', table)
      .where('key', 'in', keys)
      .execute();
    return new Map(rows.map((r) => [r.key, r.hash]));
  }

  /** A page of what the workstation holds of a table, in key order. */
  async inventoryPage(id: string, table: string, after: string | null, limit: number): Promise<string[]> {
    let query = this.db.selectFrom('offline_inventory').select('key').where('workstation_id', '=', id).where('tbl', '=', table);
    if (after !== null) query = query.where('key', '>', after);
    return (await query.orderBy('key').limit(limit).execute()).map((r) => r.key);
  }

  /**
   * Commits a built snapshot in one short transaction: its parts, the build, and the inventory
   * (the pending changes applied), and the workstation's built sequence.
   */
  async commitBuild(build: BuildRow, parts: PartRow[], changes: { mark: number; previewsFrom: string }): Promise<void> {
    const id = build.workstation_id;
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('offline_part').values(parts).execute();
      await trx.insertInto('offline_build').values(build).execute();
      // A full build wrote the inventory as it went (addToInventory).
      if (build.full === 0) {
        // Driven by the pending rows (the build's changes), each found by the inventory's key: the
        // correlated EXISTS it replaces walked the workstation's whole inventory (1.1 million rows,
        // about 1.2 s on SQLite at 100,000 cases, against 10 ms this way).
        await sql`delete from offline_inventory where workstation_id = ${id}
          and (tbl, key) in (select tbl, key from offline_inventory_pending where workstation_id = ${id})`.execute(trx);
        await trx
          .insertInto('offline_inventory')
          .columns(['workstation_id', 'tbl', 'key', 'hash'])
          .expression(
            trx
              .selectFrom('offline_inventory_pending')
              .select(['workstation_id', 'tbl', 'key', sql<string>`hash`.as('hash')])
              .where('workstation_id', '=', id)
              .where('hash', 'is not', null),
          )
          .execute();
      }
      await trx.deleteFrom('offline_inventory_pending').where('workstation_id', '=', id).execute();
      await trx
        .updateTable('offline_workstation')
        .set({ built_sequence: build.sequence, needs_full: 0, build_lease_until: null, change_mark: changes.mark, previews_from: changes.previewsFrom })
        .where('id', '=', id)
        .execute();
    });
  }

  async builds(id: string): Promise<BuildRow[]> {
    return this.db.selectFrom('offline_build').selectAll().where('workstation_id', '=', id).orderBy('sequence').execute();
  }

  async findBuild(id: string, sequence: number): Promise<BuildRow | undefined> {
    return this.db.selectFrom('offline_build').selectAll().where('workstation_id', '=', id).where('sequence', '=', sequence).executeTakeFirst();
  }

  async partsOf(id: string, fromSequence: number): Promise<PartRow[]> {
    return this.db
      .selectFrom('offline_part')
      .selectAll()
      .where('workstation_id', '=', id)
      .where('sequence', '>=', fromSequence)
      .orderBy('sequence')
      .orderBy('number')
      .execute();
  }

  async findPart(id: string, name: string): Promise<PartRow | undefined> {
    return this.db.selectFrom('offline_part').selectAll().where('workstation_id', '=', id).where('name', '=', name).executeTakeFirst();
  }

  /** Forgets the parts of builds at or below the sequence (their files are deleted by the caller); returns their names. */
  async pruneParts(id: string, upTo: number): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const parts = await trx.selectFrom('offline_part').select('name').where('workstation_id', '=', id).where('sequence', '<=', upTo).execute();
      await trx.deleteFrom('offline_part').where('workstation_id', '=', id).where('sequence', '<=', upTo).execute();
      await trx.updateTable('offline_build').set({ pruned: 1 }).where('workstation_id', '=', id).where('sequence', '<=', upTo).execute();
      return parts.map((p) => p.name);
    });
  }

  /** Every part of a workstation (revoked: all are deleted). */
  async dropParts(id: string): Promise<string[]> {
    const parts = await this.db.selectFrom('offline_part').select('name').where('workstation_id', '=', id).execute();
    await this.db.deleteFrom('offline_part').where('workstation_id', '=', id).execute();
    await this.db.updateTable('offline_build').set({ pruned: 1 }).where('workstation_id', '=', id).execute();
    return parts.map((p) => p.name);
  }

  // --- access log ---

  async accessLogHashes(id: string, fromSeq: number, toSeq: number): Promise<Map<number, string>> {
    const rows = await this.db
      .selectFrom('offline_access_log')
      .select(['seq', 'hash'])
      .where('workstation_id', '=', id)
      .where('seq', '>=', fromSeq)
      .where('seq', '<=', toSeq)
      .execute();
    return new Map(rows.map((r) => [Number(r.seq), r.hash]));
  }

  /** Appends accepted entries in one transaction with their audit events (written by `audit` with the same transaction). */
  async appendAccessLog(
    id: string,
    expectedHead: number,
    entries: { seq: number; hash: string }[],
    audit: (trx: Transaction<DB>) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const last = entries.at(-1)!.seq;
      // Only the upload that continues the head it read wins; a concurrent one finds it moved.
      const moved = await trx
        .updateTable('offline_workstation')
        .set({ access_log_seq: last })
        .where('id', '=', id)
        .where('access_log_seq', '=', expectedHead)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return false;
      await trx.insertInto('offline_access_log').values(entries.map((e) => ({ workstation_id: id, seq: e.seq, hash: e.hash }))).execute();
      await audit(trx);
      return true;
    });
  }

  // --- users to notify ---

  /** Active users holding the right (in some department) who have an e-mail address. */
  async usersWithRight(right: string): Promise<{ id: string; username: string; email: string }[]> {
    const rows = await this.db
      .selectFrom('user_account as u')
      .innerJoin('user_role as ur', 'ur.user_id', 'u.id')
      .innerJoin('role as r', 'r.id', 'ur.role_id')
      .select(['u.id', 'u.username', 'u.email', 'r.rights'])
      .where('u.active', '=', 1)
      .where('u.email', 'is not', null)
      .execute();
    const users = new Map<string, { id: string; username: string; email: string }>();
    for (const row of rows) {
      const rights = JSON.parse(row.rights) as string[];
      if (rights.includes(right) && row.email) users.set(row.id, { id: row.id, username: row.username, email: row.email });
    }
    return [...users.values()];
  }

  async departmentsExist(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom('department').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
  }

  async userExists(id: string): Promise<boolean> {
    return (await this.db.selectFrom('user_account').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  // --- the archive, as the copy holds it ---

  /** Which of these keys the workstation was already sent in the build under way (as a `put`). */
  async pendingKeys(id: string, table: string, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('offline_inventory_pending')
      .select('key')
      .where('workstation_id', '=', id)
      .where('tbl', '=', table)
      .where('key', 'in', keys)
      .where('hash', 'is not', null)
      .execute();
    return new Set(rows.map((r) => r.key));
  }

  /** The cases with these ids, wherever they are now (the caller decides which the copy holds). */
  async casesByIds(ids: string[]): Promise<Row[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('clinical_case').selectAll().where('id', 'in', ids).orderBy('id').execute();
  }

  /** Every media id of the cases, whatever its state. */
  async mediaIdsOfCases(caseIds: string[]): Promise<string[]> {
    if (caseIds.length === 0) return [];
    return (await this.db.selectFrom('media').select('id').where('case_id', 'in', caseIds).execute()).map((r) => r.id);
  }

  /** Of these media, the ready and not removed ones of held cases, with their case's creation time. */
  async heldMedia(ids: string[], departmentIds: string[]): Promise<{ row: Row; caseCreatedAt: string }[]> {
    if (ids.length === 0 || departmentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('media as m')
      .innerJoin('clinical_case as c', 'c.id', 'm.case_id')
      .selectAll('m')
      .select('c.created_at as __case_created_at')
      .where('m.id', 'in', ids)
      .where((eb) => heldMediaRule(eb, departmentIds))
      .orderBy('m.id')
      .execute();
    return rows.map(({ __case_created_at, ...row }) => ({ row, caseCreatedAt: __case_created_at }));
  }

  /** The image keys of every derivative of the media (any kind). */
  async blobKeysOfMedia(mediaIds: string[]): Promise<string[]> {
    if (mediaIds.length === 0) return [];
    return (await this.db.selectFrom('media_derivative').select('blob_key').distinct().where('media_id', 'in', mediaIds).execute()).map((r) => r.blob_key);
  }

  /** A page of ids of the departments' cases created in [from, to), by (created_at, id): those whose previews come or go when the cut-off moves. */
  async casesCreatedBetween(departmentIds: string[], from: string, to: string, after: { createdAt: string; id: string } | null, limit: number): Promise<{ id: string; created_at: string }[]> {
    if (departmentIds.length === 0 || from >= to) return [];
    let query = this.db.selectFrom('clinical_case').select(['id', 'created_at']).where('department_id', 'in', departmentIds).where('created_at', '>=', from).where('created_at', '<', to);
    if (after) query = query.where((eb) => eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)])]));
    return query.orderBy('created_at').orderBy('id').limit(limit).execute();
  }

  /** A page of a department's cases (with a patient), in id order: the walk every snapshot makes. */
  async casePage(departmentId: string, after: string | null, limit: number): Promise<Row[]> {
    let query = this.db.selectFrom('clinical_case').selectAll().where('department_id', '=', departmentId).where('patient_id', 'is not', null);
    if (after !== null) query = query.where('id', '>', after);
    return query.orderBy('id').limit(limit).execute();
  }

  async patientsByIds(ids: string[]): Promise<Row[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('patient').selectAll().where('id', 'in', ids).orderBy('id').execute();
  }

  /** Ready, not removed media of the cases. */
  async mediaOfCases(caseIds: string[]): Promise<Row[]> {
    if (caseIds.length === 0) return [];
    return this.db.selectFrom('media').selectAll().where('case_id', 'in', caseIds).where('status', '=', 'ready').where('removed_at', 'is', null).orderBy('id').execute();
  }

  /**
   * The annotation layers of the media in their case's current version, with at least one shape (an
   * emptied layer is held as none), keyed by media id. The caller passes only media the copy holds.
   */
  async annotationsOfMedia(mediaIds: string[]): Promise<Row[]> {
    if (mediaIds.length === 0) return [];
    return this.currentAnnotations().selectAll('a').where('a.media_id', 'in', mediaIds).orderBy('a.media_id').execute();
  }

  /** media_annotation as `a`, joined to its media `m` and case `c`: only the case's current version, only layers with shapes. */
  private currentAnnotations() {
    return this.db
      .selectFrom('media_annotation as a')
      .innerJoin('media as m', (join) => join.onRef('m.id', '=', 'a.media_id').onRef('m.case_id', '=', 'a.case_id'))
      .innerJoin('clinical_case as c', (join) => join.onRef('c.id', '=', 'a.case_id').onRef('c.version', '=', 'a.version'))
      .where('a.shapes', '<>', '[]');
  }

  /** Thumbnails and previews of the media small enough for one part (the preview rule is applied by the caller). */
  async derivativesOfMedia(mediaIds: string[]): Promise<Row[]> {
    if (mediaIds.length === 0) return [];
    return this.db
      .selectFrom('media_derivative')
      .selectAll()
      .where('media_id', 'in', mediaIds)
      .where('kind', 'in', ['thumbnail', 'preview'])
      .where('size_bytes', '<=', MAX_BLOB_BYTES)
      .orderBy('media_id')
      .orderBy('kind')
      .execute();
  }

  /**
   * The tables of the copy in the order rows are put (foreign keys first); deleted in the reverse
   * order. The first seven are small (bounded by the organisation) and are read whole; the last six
   * grow with the archive: their rows are put by the walk over the cases (casePage and the queries
   * after it), and `heldAmong` answers for a page of keys which are still to be held, by index.
   */
  copyTables(scope: CopyScope): CopyTable[] {
    const db = this.db;
    const D = scope.departmentIds.length > 0 ? scope.departmentIds : ['-'];
    const heldDerivatives = () =>
      db
        .selectFrom('media_derivative as d')
        .innerJoin('media as m', 'm.id', 'd.media_id')
        .innerJoin('clinical_case as c', 'c.id', 'm.case_id')
        .where((eb) => heldMediaRule(eb, D))
        // A blob line (base64) must fit in one part.
        .where('d.size_bytes', '<=', MAX_BLOB_BYTES)
        .where((eb) => eb.or([eb('d.kind', '=', 'thumbnail'), eb.and([eb('d.kind', '=', 'preview'), eb('c.created_at', '>=', scope.previewsFrom)])]));
    const heldUserRoles = () =>
      db
        .selectFrom('user_role as ur')
        .innerJoin('role as r', 'r.id', 'ur.role_id')
        .where((eb) => eb.or([eb('ur.department_id', 'in', D), eb('r.global', '=', 1)]));
    const heldFormVersionIds = () =>
      db.selectFrom('clinical_case').select(sql<string>`form_version_id`.as('id')).where('department_id', 'in', D).where('patient_id', 'is not', null).where('form_version_id', 'is not', null);
    const heldFormIds = () => db.selectFrom('form_version').select('form_id').where('id', 'in', heldFormVersionIds());

    /** A small table: read whole, paged in memory. */
    const small = (table: string, keyColumns: string[], load: () => Promise<Row[]>, shape: (row: Row) => Row = (r) => r): CopyTable => {
      const keyOf = (row: Row) => (keyColumns.length === 1 ? String(row[keyColumns[0]!]) : JSON.stringify(keyColumns.map((c) => row[c])));
      let cache: Row[] | null = null;
      const all = async () => {
        if (!cache) cache = (await load()).map(shape).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
        return cache;
      };
      return {
        table,
        walked: false,
        keyOf,
        keyObject: (key) => (keyColumns.length === 1 ? { [keyColumns[0]!]: key } : Object.fromEntries(keyColumns.map((c, i) => [c, (JSON.parse(key) as unknown[])[i]]))),
        page: async (after, limit) => (await all()).filter((r) => after === null || keyOf(r) > after).slice(0, limit),
        heldAmong: async (keys) => {
          const held = new Set((await all()).map(keyOf));
          return new Set(keys.filter((k) => held.has(k)));
        },
      };
    };
    /** A table put by the walk over the cases: no page of its own. */
    const walked = (
      table: string,
      keyOf: (row: Row) => string,
      keyObject: (key: string) => Row,
      heldAmong: (keys: string[]) => Promise<Iterable<string>>,
    ): CopyTable => ({
      table,
      walked: true,
      keyOf,
      keyObject,
      page: async () => [],
      heldAmong: async (keys) => new Set(keys.length === 0 ? [] : await heldAmong(keys)),
    });
    const byId = (row: Row) => String(row.id);
    const idKey = (key: string) => ({ id: key });

    return [
      small('department', ['id'], () => db.selectFrom('department').selectAll().where('id', 'in', D).execute()),
      small('role', ['id'], () => db.selectFrom('role').selectAll().where('id', 'in', heldUserRoles().select('ur.role_id')).execute()),
      small(
        'user_account',
        ['id'],
        () => db.selectFrom('user_account').selectAll().where('id', 'in', heldUserRoles().select('ur.user_id')).execute(),
        // Lock-outs and e-mail addresses stay on the server.
        (row) => ({ ...row, failed_logins: 0, locked_until: null, email: null }),
      ),
      small('user_role', ['user_id', 'department_id', 'role_id'], () => heldUserRoles().selectAll('ur').execute()),
      small('form', ['id'], () => db.selectFrom('form').selectAll().where('id', 'in', heldFormIds()).execute()),
      small('form_version', ['id'], () => db.selectFrom('form_version').selectAll().where('id', 'in', heldFormVersionIds()).execute()),
      small('form_department', ['form_id', 'department_id'], () =>
        db.selectFrom('form_department').selectAll().where('form_id', 'in', heldFormIds()).where('department_id', 'in', D).execute(),
      ),
      walked(
        'patient',
        byId,
        idKey,
        async (keys) =>
          (await db.selectFrom('clinical_case').select(sql<string>`patient_id`.as('id')).distinct().where('patient_id', 'in', keys).where('department_id', 'in', D).execute()).map((r) => r.id),
      ),
      walked(
        'clinical_case',
        byId,
        idKey,
        async (keys) =>
          (await db.selectFrom('clinical_case').select('id').where('id', 'in', keys).where('department_id', 'in', D).where('patient_id', 'is not', null).execute()).map((r) => r.id),
      ),
      walked('media', byId, idKey, async (keys) =>
        (
          await db
            .selectFrom('media as m')
            .innerJoin('clinical_case as c', 'c.id', 'm.case_id')
            .select('m.id')
            .where('m.id', 'in', keys)
            .where((eb) => heldMediaRule(eb, D))
            .execute()
        ).map((r) => r.id),
      ),
      walked('media_annotation', (row) => String(row.media_id), (key) => ({ media_id: key }), async (keys) =>
        (
          await this.currentAnnotations()
            .select('a.media_id')
            .where('a.media_id', 'in', keys)
            .where((eb) => heldMediaRule(eb, D))
            .execute()
        ).map((r) => r.media_id),
      ),
      walked(
        'media_derivative',
        (row) => JSON.stringify([row.media_id, row.kind]),
        (key) => {
          const [mediaId, kind] = JSON.parse(key) as [string, string];
          return { media_id: mediaId, kind };
        },
        async (keys) => {
          const mediaIds = [...new Set(keys.map((k) => (JSON.parse(k) as string[])[0]!))];
          const rows = await heldDerivatives().select(['d.media_id', 'd.kind']).where('d.media_id', 'in', mediaIds).execute();
          return rows.map((r) => JSON.stringify([r.media_id, r.kind]));
        },
      ),
      walked(
        'blob',
        (row) => String(row.key),
        (key) => ({ key }),
        async (keys) => (await heldDerivatives().select('d.blob_key').distinct().where('d.blob_key', 'in', keys).execute()).map((r) => r.blob_key),
      ),
    ];
  }
}
