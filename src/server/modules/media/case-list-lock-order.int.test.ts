import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import * as caseListMediaTable from '../../db/migrations/2026-12-08-0042-case-list-media-table.js';
import type { DB } from '../../db/schema.js';
import { PurgeRepository } from '../purge/purge-repository.js';
import { MediaRepository, type MediaRow } from './media-repository.js';

/**
 * Lock order on PostgreSQL around the case list's thumbnail and capture date (issue 20), which
 * triggers on media keep up to date (migration 0041, deferred to the commit). A transaction that
 * changes media takes, at its commit, whatever lock those triggers take; a transaction that locks the
 * case row first (a draft's values saved, signing, a new version, …) and then waits for something the
 * media transaction holds (a media row, the audit chain's head, a key share on the case) must not
 * deadlock with it. Each test runs two transactions in a fixed interleaving and expects both to commit
 * and the list to show the result. On SQLite one transaction waits for the other's connection.
 */
describe.each(testDialects())('case list values and lock order on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let patientId: string;
  let surgery: string;
  let media: MediaRepository;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    doctor = await t.login('lakare');
    media = new MediaRepository(t.services.database);
    const departments = (await t.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
  }, 60_000);
  afterAll(() => t?.close());

  function mediaRow(caseId: string, capturedAt: string | null): Omit<MediaRow, 'position'> {
    const now = new Date().toISOString();
    return {
      id: randomUUID(), case_id: caseId, kind: 'image', status: 'ready', error_code: null, error_message: null, duplicate_of: null,
      original_filename: 'bild.jpg', quarantine_key: null, upload_sha256: randomUUID().replace(/-/g, ''), upload_size: 10, mime: 'image/jpeg',
      size_bytes: 10, width: 4, height: 3, duration_ms: null, sha256: null, captured_at: capturedAt, camera_make: null, camera_model: null,
      edit: null, caption: null, removed_at: null, uploaded_by: doctor.user.id, created_at: now, updated_at: now,
    };
  }

  /** A case with `photos` shown photos (with thumbnails), captured on the 1st, 2nd, … of March 2026. */
  async function caseWithPhotos(photos: number, givenIds: string[] = []): Promise<{ caseId: string; ids: string[] }> {
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json().id as string;
    const ids: string[] = [];
    for (let i = 0; i < photos; i++) {
      const row = { ...mediaRow(caseId, `2026-03-0${i + 1}T10:00:00.000Z`), ...(givenIds[i] ? { id: givenIds[i]! } : {}) };
      await media.insert(row, 1, async () => {});
      await media.insertDerivatives([{ media_id: row.id, kind: 'thumbnail', blob_key: randomBytes(32).toString('hex'), mime: 'image/webp', size_bytes: 1, width: 4, height: 3, created_at: row.created_at }]);
      ids.push(row.id);
    }
    return { caseId, ids };
  }

  async function listRow(caseId: string): Promise<{ thumbnailMediaId: string | null; capturedAt: string | null }> {
    const response = await t.as(doctor, 'GET', `/api/cases?patientId=${patientId}&pageSize=100`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as { id: string; thumbnailMediaId: string | null; capturedAt: string | null }[]).find((c) => c.id === caseId)!;
  }

  /** Resolves when `signal` is given, or after half a second (SQLite: the other transaction waits for this one's connection). */
  function gate(): { open: () => void; passed: Promise<unknown> } {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, passed: Promise.race([opened, new Promise((resolve) => setTimeout(resolve, 500))]) };
  }

  async function outcomes(...transactions: Promise<unknown>[]): Promise<string[]> {
    return (await Promise.allSettled(transactions)).map((o) => (o.status === 'rejected' ? String(o.reason) : o.status));
  }

  /**
   * PostgreSQL: resolves once a statement of this database waits for a lock (the other transaction got
   * as far as it can); SQLite: after a moment (the other transaction waits for this one's connection).
   */
  async function anotherWaitsForALock(): Promise<void> {
    if (dialect === 'sqlite') return void (await new Promise((resolve) => setTimeout(resolve, 300)));
    const db = t.services.database.db;
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const waiting = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
      if (Number(waiting.rows[0]!.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('no statement waited for a lock');
  }

  /** Two media ids, the first sorting after the second (so the row inserted first is not the first in key order). */
  const descendingIds = () => [randomUUID(), randomUUID()].sort().reverse() as [string, string];

  const record = (trx: Transaction<DB>, action: string) => t.services.auditLog.record(null, { action, outcome: 'success', objectType: 'case' }, trx);

  // A processing job (or a purge, a de-identification, an import) holds a media row; a case write holds
  // the case row and then wants that media row. With the triggers locking the case row at the media
  // transaction's commit, each waited for the other.
  it('a media row, then the case row at commit, against the case row, then that media row: both commit', async () => {
    const { caseId, ids } = await caseWithPhotos(2);
    const [a] = ids as [string, string];
    const db = t.services.database.db;
    const mediaChanged = gate();
    const caseLocked = gate();
    const first = db.transaction().execute(async (trx) => {
      await sql`update media set captured_at = ${'2026-02-01T08:00:00.000Z'}, updated_at = ${new Date().toISOString()} where id = ${a}`.execute(trx);
      mediaChanged.open();
      await caseLocked.passed;
    });
    const second = (async () => {
      await mediaChanged.passed;
      await db.transaction().execute(async (trx) => {
        await sql`update clinical_case set updated_at = ${new Date().toISOString()} where id = ${caseId}`.execute(trx);
        caseLocked.open();
        await sql`update media set caption = ${'Efter'} where id = ${a}`.execute(trx);
      });
    })();
    expect(await outcomes(first, second)).toEqual(['fulfilled', 'fulfilled']);
    expect(await listRow(caseId)).toEqual(expect.objectContaining({ thumbnailMediaId: a, capturedAt: '2026-02-01T08:00:00.000Z' }));
  });

  // An audited media change (a removal: media row, words, audit event) holds the audit chain's head
  // until it commits; an audited case change (a draft's values saved) holds the case row and then wants
  // the head. With the triggers locking the case row at the first one's commit, each waited for the other.
  it('an audited media removal and an audited change of the same case row: both commit', async () => {
    const { caseId, ids } = await caseWithPhotos(2);
    const [a, b] = ids as [string, string];
    const db = t.services.database.db;
    const mediaChanged = gate();
    const caseLocked = gate();
    const first = db.transaction().execute(async (trx) => {
      await media.markRemoved(trx, a, new Date().toISOString());
      await record(trx, 'test.media_remove');
      mediaChanged.open();
      await caseLocked.passed;
    });
    const second = (async () => {
      await mediaChanged.passed;
      await db.transaction().execute(async (trx) => {
        await sql`update clinical_case set form_values = ${'{}'}, updated_at = ${new Date().toISOString()} where id = ${caseId}`.execute(trx);
        caseLocked.open();
        await record(trx, 'test.case_update');
      });
    })();
    expect(await outcomes(first, second)).toEqual(['fulfilled', 'fulfilled']);
    expect(await listRow(caseId)).toEqual(expect.objectContaining({ thumbnailMediaId: b, capturedAt: '2026-03-02T10:00:00.000Z' }));
    expect((await t.services.auditLog.verify()).ok).toBe(true);
  });

  // Two uploads into one case: each insert takes a key share on the case row (the foreign key); a
  // trigger that then locks the case row for update at commit waits for the other's key share.
  it('two uploads into the same case, committing together: both commit, and the list shows the first photo', async () => {
    const { caseId } = await caseWithPhotos(0);
    const rows = [mediaRow(caseId, '2026-04-02T10:00:00.000Z'), mediaRow(caseId, '2026-04-01T10:00:00.000Z')] as const;
    const firstInserted = gate();
    const secondInserted = gate();
    const first = media.insert(rows[0], 1, async () => {
      firstInserted.open();
      await secondInserted.passed;
    });
    const second = (async () => {
      await firstInserted.passed;
      await media.insert(rows[1], 1, async () => secondInserted.open());
    })();
    expect(await outcomes(first, second)).toEqual(['fulfilled', 'fulfilled']);
    expect(await listRow(caseId)).toEqual(expect.objectContaining({ thumbnailMediaId: null, capturedAt: '2026-04-01T10:00:00.000Z' }));
  });

  // Migration 0042 moved the values from the case row (0041) into their own table: its backfill and its
  // way back give what the triggers kept; a new case has its row, a purged one takes it along.
  it("keeps one row per case, made with the case and removed with it, and the migration's way back and forth keeps the values", async () => {
    const db = t.services.database.db;
    const kept = await caseWithPhotos(2);
    await media.markRemoved(db as unknown as Transaction<DB>, kept.ids[0]!, new Date().toISOString());
    const bare = await caseWithPhotos(0);
    const rows = () => db.selectFrom('case_list_media').select(['case_id', 'thumbnail_media_id', 'captured_at']).orderBy('case_id').execute();
    const cases = await db.selectFrom('clinical_case').select('id').orderBy('id').execute();
    const before = await rows();
    expect(before.map((r) => r.case_id)).toEqual(cases.map((c) => c.id));
    expect(before.find((r) => r.case_id === kept.caseId)).toEqual({ case_id: kept.caseId, thumbnail_media_id: kept.ids[1], captured_at: '2026-03-02T10:00:00.000Z' });
    expect(before.find((r) => r.case_id === bare.caseId)).toEqual({ case_id: bare.caseId, thumbnail_media_id: null, captured_at: null });
    await caseListMediaTable.down(db);
    await caseListMediaTable.up(db);
    expect(await rows()).toEqual(before);
    expect(await listRow(kept.caseId)).toEqual(expect.objectContaining({ thumbnailMediaId: kept.ids[1], capturedAt: '2026-03-02T10:00:00.000Z' }));

    const sysadmin = await t.login('sysadmin');
    const asked = await t.as(sysadmin, 'POST', `/api/cases/${kept.caseId}/purge`, { basis: 'decision', decisionRef: 'Dnr 2026/88', decisionDate: '2026-11-30' });
    expect(asked.statusCode, asked.body).toBe(202);
    await waitFor('the purge to finish', async () => (await t.as(sysadmin, 'GET', `/api/purges/${asked.json().jobId}`)).json().status, (s) => s === 'done', 30_000);
    expect((await rows()).map((r) => r.case_id)).toEqual(cases.map((c) => c.id).filter((id) => id !== kept.caseId));
  }, 60_000);

  // A reorder changed its rows in the new order: against another writer of the case's media that
  // goes in key order (another reorder, a purge), each held a row the other wanted. Now in key order.
  it("a reorder against a writer holding the case's first media row in key order: both commit, in the reorder's order", async () => {
    const { caseId, ids } = await caseWithPhotos(2);
    const [low, high] = [...ids].sort() as [string, string];
    const db = t.services.database.db;
    const lowHeld = gate();
    const other = db.transaction().execute(async (trx) => {
      await sql`update media set updated_at = ${new Date().toISOString()} where id = ${low}`.execute(trx);
      lowHeld.open();
      await anotherWaitsForALock();
      await sql`update media set updated_at = ${new Date().toISOString()} where id = ${high}`.execute(trx);
    });
    const reorder = (async () => {
      await lowHeld.passed;
      await db.transaction().execute((trx) => media.reorder(trx, caseId, [high, low], new Date().toISOString()));
    })();
    expect(await outcomes(other, reorder)).toEqual(['fulfilled', 'fulfilled']);
    expect((await media.listForCase(caseId)).map((m) => m.id)).toEqual([high, low]);
    expect((await listRow(caseId)).thumbnailMediaId).toBe(high);
  });

  // The purge held a case's media rows in the order of its scan (by position): against a writer going
  // in key order (a reorder), each held a row the other wanted. Now in key order too.
  it('a purge of a case against a writer holding its first media row in key order: both commit, and the case is gone', async () => {
    const given = descendingIds();
    const { caseId, ids } = await caseWithPhotos(2, given);
    expect(ids).toEqual(given);
    const [low, high] = [...ids].sort() as [string, string];
    const db = t.services.database.db;
    const purgeId = randomUUID();
    await db.insertInto('purge').values({
      id: purgeId, job_id: randomUUID(), scope: 'case', target_id: caseId, basis: 'decision', decision_ref: 'Dnr 2026/99', decision_date: '2026-11-30',
      reason_kind: null, requested_by: doctor.user.id, requested_at: new Date().toISOString(), status: 'running', counts: '{}', finished_at: null,
    }).execute();
    // Whichever index or scan PostgreSQL picks for the purge's rows of the case (by position, by
    // upload hash, in heap order), the row after in key order comes first.
    await db.updateTable('media').set({ upload_sha256: '0'.repeat(64) }).where('id', '=', high).execute();
    await db.updateTable('media').set({ upload_sha256: 'f'.repeat(64) }).where('id', '=', low).execute();
    const lowHeld = gate();
    const writer = db.transaction().execute(async (trx) => {
      await sql`update media set caption = ${'Före'} where id = ${low}`.execute(trx);
      lowHeld.open();
      await anotherWaitsForALock();
      await sql`update media set caption = ${'Före'} where id = ${high}`.execute(trx);
    });
    const purge = (async () => {
      await lowHeld.passed;
      await new PurgeRepository(t.services.database).removeCase(purgeId, caseId);
    })();
    expect(await outcomes(writer, purge)).toEqual(['fulfilled', 'fulfilled']);
    expect(await db.selectFrom('media').select('id').where('case_id', '=', caseId).execute()).toEqual([]);
    expect(await db.selectFrom('clinical_case').select('id').where('id', '=', caseId).execute()).toEqual([]);
  });
});
