import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { ageDecrypt, generateIdentityFile, readIdentity } from '../../../offline/keys.js';
import type { Manifest } from '../offline-copy/offline-copy-service.js';

type Line = { op: 'put' | 'del'; table: string; row?: Record<string, unknown>; key?: Record<string, unknown> };

/** Every file under dir (recursively). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : e.isFile() ? [full] : [];
  });
}

const holding = (files: string[], marker: Buffer) => files.filter((f) => statSync(f).size > 0 && readFileSync(f).includes(marker));

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<Exclude<T, false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, false>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * M11: a purge removes the case for real — rows, search entries, blobs — so a marker written into
 * the form text and the bytes of the stored image are found nowhere in the database's files or the
 * blob store afterwards; the audit keeps events without content and its chain still verifies.
 */
describe.each(testDialects())('purge on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let sysadmin: Session;
  let doctor: Session;
  let surgery: string;
  let patientId: string;
  let formId: string;
  let seed = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    sysadmin = await t.login('sysadmin');
    doctor = await t.login('lakare');
    surgery = ((await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[]).find((d) => d.name === 'Kirurgkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id;
    const form = await t.as(admin, 'POST', '/api/forms', { name: 'Gallringstest', fields: [{ key: 'site', label: { sv: 'Lokalisation' }, type: 'text', required: false }], departmentIds: [surgery] });
    expect(form.statusCode, form.body).toBe(201);
    formId = form.json().id;
  }, 60_000);
  afterAll(() => t?.close());

  /** A case of the patient's with the text in its form and one photo (stored, with derivatives). */
  async function caseWith(text: string, patient = patientId): Promise<{ caseId: string; mediaId: string; original: string; blobs: string[] }> {
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId: patient, departmentId: surgery, formId });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json().id as string;
    const saved = await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: { site: text } });
    expect(saved.statusCode, saved.body).toBe(200);
    const file = path.join(mediaDir(), 'purge.jpg');
    const s = ++seed;
    await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: (s * 67) % 256, g: (s * 29) % 256, b: 140 } } }).jpeg().toFile(file);
    const uploaded = await t.upload(doctor, caseId, [{ path: file }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
    const db = t.services.database.db;
    const media = await waitFor(async () => {
      const m = await db.selectFrom('media').select(['id', 'status', 'sha256']).where('case_id', '=', caseId).executeTakeFirst();
      if (m?.status !== 'ready') return null;
      const thumbs = await db.selectFrom('media_derivative').select('blob_key').where('media_id', '=', m.id).execute();
      return thumbs.length > 0 ? { ...m, derivatives: thumbs.map((d) => d.blob_key) } : null;
    }, 'the photo to be ready');
    return { caseId, mediaId: media.id, original: media.sha256!, blobs: [media.sha256!, ...media.derivatives] };
  }

  const decision = { basis: 'decision', decisionRef: 'Dnr 2026/1234', decisionDate: '2026-11-30' } as const;

  async function purged(jobId: string): Promise<{ counts: Record<string, number> } & Record<string, unknown>> {
    return waitFor(async () => {
      const status = await t.as(sysadmin, 'GET', `/api/purges/${jobId}`);
      expect(status.statusCode, status.body).toBe(200);
      return status.json().status === 'done' ? status.json() : null;
    }, 'the purge to finish');
  }

  it('removes the case, its search entries and its blobs: the markers are gone from the database files and the blob store', async () => {
    const marker = `PURGEMARK${dialect.toUpperCase()}${Date.now()}`;
    const kept = await caseWith('Behålls');
    const doomed = await caseWith(`Lesion ${marker} vänster arm`);
    const blobs = t.services.blobs;
    // A stretch of the stored original's own bytes: the image's marker.
    const original = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      blobs.get(doomed.original).then((s) => s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject), reject);
    });
    const imageMarker = original.subarray(Math.floor(original.length / 2), Math.floor(original.length / 2) + 48);
    const textMarker = Buffer.from(marker);
    const blobRoot = path.join(t.config.dataDir, 'blobs');
    expect(holding(filesUnder(blobRoot), imageMarker).length).toBeGreaterThan(0);
    const db = t.services.database.db;
    expect(await db.selectFrom('case_word').select('case_id').where('case_id', '=', doomed.caseId).execute()).not.toHaveLength(0);
    // A backup workstation exists: its change log must name what is removed (its next build writes del lines).
    const keyFile = path.join(mediaDir(), 'ws.key');
    const { recipient } = await generateIdentityFile(keyFile);
    const identity = readIdentity(keyFile);
    const ws = await t.as(admin, 'POST', '/api/offline-copy/workstations', { name: 'Reservdator', publicKey: recipient, departmentIds: [surgery] });
    expect(ws.statusCode, ws.body).toBe(201);
    const bearer = { authorization: `Bearer ${ws.json().token as string}` };
    let held = 0;
    /** What the workstation gets after the sequence it holds (then holds the new one). */
    const fetchLines = async (): Promise<{ manifest: Manifest; lines: Line[] }> => {
      const manifestAnswer = await waitFor(async () => {
        const r = await t.app.inject({ method: 'GET', url: `/api/offline-copy/sync/manifest?since=${held}`, headers: bearer });
        return r.statusCode === 200 ? r : null;
      }, 'a snapshot');
      const manifest = JSON.parse(manifestAnswer.json().manifest) as Manifest;
      const lines: Line[] = [];
      for (const part of manifest.parts) {
        const bytes = await t.app.inject({ method: 'GET', url: `/api/offline-copy/sync/parts/${part.name}`, headers: bearer });
        expect(bytes.statusCode).toBe(200);
        const text = Buffer.from(await ageDecrypt(identity, bytes.rawPayload)).toString('utf8');
        lines.push(...text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line));
      }
      held = manifest.sequence;
      return { manifest, lines };
    };
    const full = await fetchLines();
    expect(full.lines.some((l) => l.table === 'clinical_case' && l.row?.id === doomed.caseId)).toBe(true);

    // The text marker is in the database's files before the purge (so finding none afterwards means something).
    if (dialect === 'sqlite') {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
      expect(holding(filesUnder(t.config.dataDir).filter((f) => /kasus\.db$/.test(f)), textMarker)).toHaveLength(1);
    } else {
      await sql`checkpoint`.execute(db);
      const heap = await sql<{ data: Buffer }>`select pg_read_binary_file(pg_relation_filepath('clinical_case')) as data`.execute(db);
      expect(heap.rows[0]!.data.includes(textMarker)).toBe(true);
    }

    const asked = await t.as(sysadmin, 'POST', `/api/cases/${doomed.caseId}/purge`, decision);
    expect(asked.statusCode, asked.body).toBe(202);
    const done = await purged(asked.json().jobId);
    expect(done).toMatchObject({ scope: 'case', targetId: doomed.caseId, decisionRef: 'Dnr 2026/1234', decisionDate: '2026-11-30' });
    expect(done.counts).toMatchObject({ cases: 1, media: 1, searchEntries: expect.any(Number), versions: expect.any(Number) });
    expect(done.counts.files).toBe(doomed.blobs.length);

    // Rows gone; the other case and its blobs untouched.
    expect(await db.selectFrom('clinical_case').select('id').where('id', '=', doomed.caseId).execute()).toHaveLength(0);
    expect(await db.selectFrom('media').select('id').where('case_id', '=', doomed.caseId).execute()).toHaveLength(0);
    expect(await db.selectFrom('case_word').select('case_id').where('case_id', '=', doomed.caseId).execute()).toHaveLength(0);
    expect((await t.as(doctor, 'GET', `/api/cases/${doomed.caseId}`)).statusCode).toBe(404);
    expect((await t.as(doctor, 'GET', `/api/cases/${kept.caseId}`)).statusCode).toBe(200);
    for (const key of kept.blobs) expect(await blobs.stat(key)).not.toBeNull();
    for (const key of doomed.blobs) expect(await blobs.stat(key)).toBeNull();
    expect(holding(filesUnder(blobRoot), imageMarker)).toEqual([]);
    // The workstation's next (incremental) copy deletes the case and its picture.
    const snap = await t.as(admin, 'POST', '/api/offline-copy/snapshots');
    expect(snap.statusCode, snap.body).toBe(202);
    const { sequence } = snap.json() as { sequence: number };
    await waitFor(async () => (await db.selectFrom('offline_snapshot').select('finished_at').where('sequence', '=', sequence).executeTakeFirst())?.finished_at != null, 'the snapshot');
    const next = await fetchLines();
    expect(next.manifest.sequence).toBe(sequence);
    expect(next.manifest.full).toBe(false);
    const dels = next.lines.filter((l) => l.op === 'del').map((l) => [l.table, l.key?.id]);
    expect(dels).toEqual(expect.arrayContaining([['clinical_case', doomed.caseId], ['media', doomed.mediaId]]));
    expect(JSON.stringify(next.lines)).not.toContain(marker);

    // The database's own files.
    if (dialect === 'sqlite') {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
      const files = filesUnder(t.config.dataDir).filter((f) => /kasus\.db(-wal|-shm)?$/.test(f));
      expect(files.length).toBeGreaterThan(0);
      expect(holding(files, textMarker)).toEqual([]);
    } else {
      // Dead row versions stay in the heap until a vacuum; VACUUM FULL rewrites every table, then each table's files are read.
      await sql`vacuum full`.execute(db);
      await sql`checkpoint`.execute(db);
      const tables = await sql<{ path: string }>`select pg_relation_filepath(c.oid) as path from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 't', 'i') and pg_relation_filepath(c.oid) is not null`.execute(db);
      let hits = 0;
      for (const { path: file } of tables.rows) {
        const bytes = await sql<{ data: Buffer | null }>`select pg_read_binary_file(${file}, 0, coalesce((pg_stat_file(${file}, true)).size, 0), true) as data`.execute(db);
        if (bytes.rows[0]?.data?.includes(textMarker)) hits++;
      }
      expect(tables.rows.length).toBeGreaterThan(10);
      expect(hits).toBe(0);
    }
    // Before the purge the text was in the database: the search finds nothing now.
    const search = await t.as(doctor, 'GET', `/api/cases?q=${marker}`);
    expect(search.json().items ?? search.json()).toHaveLength(0);

    // The audit: a request event and a completion event without content; the chain verifies.
    const events = await db.selectFrom('audit_event').select(['action', 'details', 'user_id']).where('action', 'in', ['case.purge', 'purge.done']).execute();
    expect(events.map((e) => e.action).sort()).toEqual(['case.purge', 'purge.done']);
    for (const e of events) expect(String(e.details)).not.toContain(marker);
    expect(events.every((e) => e.user_id === sysadmin.user.id)).toBe(true);
    expect((await t.services.auditLog.verify()).ok).toBe(true);
  }, 120_000);

  it("purges all of a patient's cases; refusals and bad input answer 4xx with a code", async () => {
    const other = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19850615-2381' })).json().id as string;
    const a = await caseWith('Första', other);
    const b = await caseWith('Andra', other);
    // A print of one of them was recorded (M7): the record points at the case and goes with it.
    await t.services.database.db
      .insertInto('case_copy')
      .values({ id: crypto.randomUUID(), case_id: a.caseId, kind: 'print', version: 1, reason_code: 'patient_request', reason_text: null, recipient: null, media: '[]', watermark: 0, made_by: doctor.user.id, made_at: new Date().toISOString() })
      .execute();
    const refused = await t.as(doctor, 'POST', `/api/patients/${other}/purge`, decision);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    for (const [body, code] of [
      [{ basis: 'decision', decisionRef: 'Dnr 1' }, 'validation_failed'],
      [{ basis: 'decision', decisionRef: ' ', decisionDate: '2026-11-30' }, 'validation_failed'],
      [{ basis: 'decision', decisionRef: 'Dnr 1', decisionDate: '2026-02-30' }, 'invalid_date'],
      [{ basis: 'decision', decisionRef: 'Dnr 1', decisionDate: '2999-01-01' }, 'validation_failed'],
      [{ basis: 'working_material', reasonKind: 'because' }, 'validation_failed'],
    ] as const) {
      const bad = await t.as(sysadmin, 'POST', `/api/patients/${other}/purge`, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.json().code, JSON.stringify(body)).toBe(code);
    }
    expect((await t.as(sysadmin, 'POST', '/api/cases/00000000-0000-4000-8000-000000000000/purge', decision)).statusCode).toBe(404);
    expect((await t.as(sysadmin, 'GET', '/api/purges/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);

    const asked = await t.as(sysadmin, 'POST', `/api/patients/${other}/purge`, { basis: 'working_material', reasonKind: 'test_material' });
    expect(asked.statusCode, asked.body).toBe(202);
    const done = await purged(asked.json().jobId);
    expect(done).toMatchObject({ scope: 'patient', basis: 'working_material', reasonKind: 'test_material' });
    expect(done.counts.cases).toBe(2);
    expect(done.counts.copyRecords).toBe(1);
    const db = t.services.database.db;
    expect(await db.selectFrom('clinical_case').select('id').where('patient_id', '=', other).execute()).toHaveLength(0);
    for (const key of [...a.blobs, ...b.blobs]) expect(await t.services.blobs.stat(key)).toBeNull();
    // The patient's record itself stays (a purge removes cases).
    expect(await db.selectFrom('patient').select('id').where('id', '=', other).execute()).toHaveLength(1);
  }, 120_000);
});
