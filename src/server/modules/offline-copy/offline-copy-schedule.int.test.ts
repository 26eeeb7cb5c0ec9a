import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../test/helpers/receivers.js';
import { TestClock } from '../../clock.js';
import type { Manifest } from './offline-copy-service.js';

describe.each(testDialects())('offline copy schedule, missed syncs and full re-copies on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let admin: Session;
  const clock = new TestClock('2026-12-04T04:00:00.000Z'); // 05:00 in Stockholm
  let surgery: string;
  let workstationId: string;
  let token: string;
  let identity: string;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    // No inline worker: the test runs the snapshot jobs' handler itself, at the times it sets.
    t = await createTestApp(dialect, { KASUS_WORKER: 'off', KASUS_SMTP_URL: smtp.url, KASUS_TIME_ZONE: 'Europe/Stockholm' }, { clock });
    admin = await t.login('admin');
    surgery = ((await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[]).find((d) => d.name === 'Kirurgkliniken')!.id;
    identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    const registered = await t.as(admin, 'POST', '/api/offline-copy/workstations', { name: 'Reservdator', publicKey: recipient, departmentIds: [surgery] });
    expect(registered.statusCode, registered.body).toBe(201);
    ({ id: workstationId, token } = registered.json() as { id: string; token: string });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const db = () => t.services.database.db;
  const snapshots = () => db().selectFrom('offline_snapshot').selectAll().orderBy('sequence').execute();
  /** Runs every snapshot job that is due, as the worker would. */
  async function runJobs(): Promise<void> {
    const jobs = await db().selectFrom('job').select(['id', 'payload']).where('name', '=', 'offline-copy.snapshot').where('status', '=', 'queued').execute();
    for (const job of jobs) {
      await t.services.offlineCopy.runSnapshot((JSON.parse(job.payload) as { sequence: number }).sequence);
      await db().updateTable('job').set({ status: 'done' }).where('id', '=', job.id).execute();
    }
  }
  async function changes(m: Manifest): Promise<{ op: string; table: string; row?: Record<string, unknown>; key?: Record<string, string> }[]> {
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const lines = [];
    for (const part of m.parts) {
      const bytes = await t.app.inject({ method: 'GET', url: `/api/offline-copy/sync/parts/${part.name}`, headers: { authorization: `Bearer ${token}` } });
      const text = await decrypter.decrypt(new Uint8Array(bytes.rawPayload), 'text');
      lines.push(...text.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    }
    return lines;
  }
  const manifest = (since: number) =>
    t.app.inject({ method: 'GET', url: `/api/offline-copy/sync/manifest?since=${since}`, headers: { authorization: `Bearer ${token}` } });
  // A fresh session each time: the test clock jumps past the session's lifetime.
  const asAdmin = async (method: string, url: string) => t.as(await t.login('admin'), method, url);
  const item = async () => {
    const response = await asAdmin('GET', '/api/offline-copy/workstations');
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items.find((i: { id: string }) => i.id === workstationId);
  };

  it('makes one snapshot per scheduled time (none before the workstation existed), as a durable job', async () => {
    // Registration made the first (full) copy.
    expect((await snapshots()).map((s) => s.trigger)).toEqual(['registration']);
    await t.services.offlineCopy.tick();
    expect(await snapshots()).toHaveLength(1);
    clock.set('2026-12-04T05:01:00.000Z'); // 06:01 in Stockholm
    await t.services.offlineCopy.tick();
    await t.services.offlineCopy.tick();
    const made = await snapshots();
    expect(made.map((s) => [s.trigger, s.period])).toEqual([
      ['registration', null],
      ['scheduled', '2026-12-04T05:00:00.000Z'],
    ]);
    const jobs = await db().selectFrom('job').select('payload').where('name', '=', 'offline-copy.snapshot').execute();
    expect(jobs.map((j) => JSON.parse(j.payload).sequence).sort()).toEqual(made.map((s) => s.sequence));
    await runJobs();
    expect((await snapshots()).every((s) => s.finished_at !== null)).toBe(true);
  });

  it('flags a workstation that missed a sync and notifies the continuity administrators once per miss', async () => {
    clock.set('2026-12-04T05:30:00.000Z');
    const first = await manifest(0);
    expect(first.statusCode, first.body).toBe(200);
    const got = JSON.parse(first.json().manifest) as Manifest;
    expect(got.full).toBe(true);
    expect((await manifest(got.sequence)).statusCode).toBe(200);
    clock.set('2026-12-04T06:05:00.000Z');
    await t.services.offlineCopy.tick();
    expect(await item()).toMatchObject({ missedSync: false, sequence: got.sequence });
    expect(smtp.messages).toHaveLength(0);

    // 18:00 Stockholm passes; an hour later the workstation has still not synced.
    clock.set('2026-12-04T18:05:00.000Z');
    await t.services.offlineCopy.tick();
    await t.services.offlineCopy.tick();
    expect(await item()).toMatchObject({ missedSync: true });
    const events = await db().selectFrom('audit_event').selectAll().where('action', '=', 'offline-copy.sync_missed').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ object_id: workstationId, outcome: 'failure' });
    expect(JSON.parse(events[0]!.details)).toMatchObject({ scheduledAt: '2026-12-04T17:00:00.000Z', lastSyncAt: '2026-12-04T05:30:00.000Z' });
    // Users with continuity.manage and an e-mail address (the demo system administrator).
    expect(smtp.messages.flatMap((m) => m.to)).toEqual(['sara.systemansvarig@sjukhus.example']);
    expect(smtp.messages[0]!.subject).toContain('Reservdator');
    // The copy it holds was made at 05:01 UTC: 13 h 4 min old.
    expect((await item()).ageMinutes).toBe(13 * 60 + 4);

    // Syncing clears the flag; the next miss is notified again (once).
    await runJobs();
    expect((await manifest(got.sequence)).statusCode).toBe(200);
    expect(await item()).toMatchObject({ missedSync: false });
    clock.set('2026-12-05T06:10:00.000Z');
    await t.services.offlineCopy.tick();
    await t.services.offlineCopy.tick();
    expect(await db().selectFrom('audit_event').select('seq').where('action', '=', 'offline-copy.sync_missed').execute()).toHaveLength(2);
    expect(smtp.messages).toHaveLength(2);
  });

  it('makes a new full copy for a workstation that lost its copy after its full parts were deleted', async () => {
    await runJobs();
    const current = JSON.parse((await manifest((await item()).sequence)).json().manifest) as Manifest;
    // Reporting the newest sequence deletes every part it has.
    expect((await manifest(current.sequence)).statusCode).toBe(200);
    const lost = await manifest(0);
    expect(lost.statusCode).toBe(409);
    expect(lost.json().code).toBe('no_snapshot');
    await runJobs();
    const again = await manifest(0);
    expect(again.statusCode, again.body).toBe(200);
    const full = JSON.parse(again.json().manifest) as Manifest;
    expect(full).toMatchObject({ full: true, base: 0 });
    expect(full.sequence).toBeGreaterThan(current.sequence);
    expect(full.parts.length).toBeGreaterThan(0);
  });

  it('a sync that asked while the full re-copy was being committed orders no second full copy', async () => {
    // The flake of the annotations test: a workstation polling for its re-copy read the builds just
    // before the full one was committed, then ordered another full copy, which replaced the
    // incremental build expected after the one it got.
    const current = JSON.parse((await manifest(0)).json().manifest) as Manifest;
    expect((await manifest(current.sequence)).statusCode).toBe(200);
    expect((await manifest(0)).statusCode).toBe(409);
    const repository = (t.services.offlineCopy as unknown as { repository: { builds(id: string): Promise<unknown[]> } }).repository;
    const builds = repository.builds;
    repository.builds = async function (this: unknown, id: string) {
      const read = await builds.call(this, id);
      // The full re-copy is committed after this request read the builds, before it decides.
      repository.builds = builds;
      await runJobs();
      return read;
    };
    try {
      expect((await manifest(0)).statusCode).toBe(409);
    } finally {
      repository.builds = builds;
    }
    expect(await db().selectFrom('offline_workstation').select('needs_full').where('id', '=', workstationId).executeTakeFirstOrThrow()).toEqual({ needs_full: 0 });
    const recopy = JSON.parse((await manifest(0)).json().manifest) as Manifest;
    expect(recopy).toMatchObject({ full: true, base: 0 });
    expect((await asAdmin('POST', '/api/offline-copy/snapshots')).statusCode).toBe(202);
    await runJobs();
    // The next build is incremental on the re-copy (read from the builds: a sync would prune the re-copy's parts).
    const made = await db().selectFrom('offline_build').select(['sequence', 'full', 'base']).where('workstation_id', '=', workstationId).where('sequence', '>', current.sequence).orderBy('sequence').execute();
    expect(made.map((b) => ({ full: b.full, base: b.base }))).toEqual([{ full: 1, base: 0 }, { full: 0, base: recopy.sequence }]);
  });

  it('sends tombstones for a user who lost the role in the department', async () => {
    const before = JSON.parse((await manifest(0)).json().manifest) as Manifest;
    const lakare = await db().selectFrom('user_account').select('id').where('username', '=', 'lakare').executeTakeFirstOrThrow();
    const roles = await db().selectFrom('user_role').selectAll().where('user_id', '=', lakare.id).execute();
    expect(roles.length).toBeGreaterThan(0);
    await db().deleteFrom('user_role').where('user_id', '=', lakare.id).execute();
    expect((await asAdmin('POST', '/api/offline-copy/snapshots')).statusCode).toBe(202);
    await runJobs();
    const response = await manifest(before.sequence);
    const next = JSON.parse(response.json().manifest) as Manifest;
    expect(next).toMatchObject({ full: false, base: before.sequence });
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const lines: { op: string; table: string; key?: Record<string, string> }[] = [];
    for (const part of next.parts) {
      const bytes = await t.app.inject({ method: 'GET', url: `/api/offline-copy/sync/parts/${part.name}`, headers: { authorization: `Bearer ${token}` } });
      const text = await decrypter.decrypt(new Uint8Array(bytes.rawPayload), 'text');
      lines.push(...text.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    }
    expect(lines.filter((l) => l.op === 'del' && l.table === 'user_account').map((l) => l.key)).toEqual([{ id: lakare.id }]);
    expect(lines.filter((l) => l.op === 'del' && l.table === 'user_role').map((l) => l.key!.user_id)).toEqual(roles.filter((r) => r.department_id === surgery).map(() => lakare.id));
    // Deleted after the roles that referred to it.
    expect(lines.findIndex((l) => l.table === 'user_role')).toBeLessThan(lines.findIndex((l) => l.table === 'user_account'));
  });

  it('walks the cases a page at a time: a patient with cases on many pages is sent once, every case once', async () => {
    const held = await manifest((await item()).sequence);
    expect(held.statusCode, held.body).toBe(200);
    const before = JSON.parse(held.json().manifest) as Manifest;
    expect((await manifest(before.sequence)).statusCode).toBe(200);
    const patient = await db().selectFrom('patient').select('id').where('identifier', '=', '191212121212').executeTakeFirst();
    const patientId = patient?.id ?? (await db().selectFrom('patient').select('id').executeTakeFirstOrThrow()).id;
    const creator = await db().selectFrom('user_account').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const at = clock.now().toISOString();
    const ids = Array.from({ length: 1200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (let i = 0; i < ids.length; i += 200) {
      await db()
        .insertInto('clinical_case')
        .values(ids.slice(i, i + 200).map((id) => ({
          id, patient_id: patientId, department_id: surgery, status: 'draft', version: 1, created_by: creator.id, created_at: at, updated_at: at,
          collection_id: null, form_version_id: null, form_values: '{}', signed_by: null, signed_at: null,
        })))
        .execute();
    }
    expect((await asAdmin('POST', '/api/offline-copy/snapshots')).statusCode).toBe(202);
    await runJobs();
    const next = JSON.parse((await manifest(before.sequence)).json().manifest) as Manifest;
    const lines = await changes(next);
    const cases = lines.filter((l) => l.table === 'clinical_case' && l.op === 'put').map((l) => l.row!.id);
    expect(cases).toHaveLength(1200);
    expect(new Set(cases)).toEqual(new Set(ids));
    // The patient (new to the copy) once, before the first of its cases, though they span three pages.
    expect(lines.filter((l) => l.table === 'patient').map((l) => l.row!.id)).toEqual([patientId]);
    expect(lines.findIndex((l) => l.table === 'patient')).toBeLessThan(lines.findIndex((l) => l.table === 'clinical_case'));
    // A new workstation gets the patient once, before its first case.
    await db().updateTable('offline_workstation').set({ needs_full: 1 }).where('id', '=', workstationId).execute();
    expect((await asAdmin('POST', '/api/offline-copy/snapshots')).statusCode).toBe(202);
    await runJobs();
    const full = JSON.parse((await manifest(0)).json().manifest) as Manifest;
    expect(full.full).toBe(true);
    const all = await changes(full);
    const patientLines = all.map((l, i) => [l, i] as const).filter(([l]) => l.table === 'patient' && l.row!.id === patientId);
    expect(patientLines).toHaveLength(1);
    expect(patientLines[0]![1]).toBeLessThan(all.findIndex((l) => l.table === 'clinical_case' && l.row!.patient_id === patientId));
    expect(new Set(all.filter((l) => l.table === 'clinical_case').map((l) => l.row!.id)).size).toBe(all.filter((l) => l.table === 'clinical_case').length);
  });

  it('removes what a build killed part-way left behind when the build runs again', async () => {
    const requested = await asAdmin('POST', '/api/offline-copy/snapshots');
    expect(requested.statusCode).toBe(202);
    const { sequence } = requested.json() as { sequence: number };
    const dir = t.services.offlineCopy.partsDir;
    mkdirSync(dir, { recursive: true });
    const leftovers = [`ws-${workstationId}-${sequence}-7.age`, `ws-${workstationId}-${sequence}-1.age.tmp`, `ws-${workstationId}-3-2.age.tmp`];
    for (const name of leftovers) writeFileSync(path.join(dir, name), 'half a part');
    await runJobs();
    const files = readdirSync(dir);
    for (const name of leftovers) expect(files).not.toContain(name);
    expect(files).toContain(`ws-${workstationId}-${sequence}-1.age`);
  });
  it('drops a case’s previews (and their images) once the case ages past the preview cut-off; thumbnails stay', async () => {
    const creator = await db().selectFrom('user_account').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const patient = await db().selectFrom('patient').select('id').executeTakeFirstOrThrow();
    const now = clock.now();
    // One day inside KASUS_OFFLINE_COPY_PREVIEW_DAYS (3650 by default).
    const created = new Date(now.getTime() - 3649 * 86_400_000).toISOString();
    const caseId = '00000000-0000-4000-8000-00000000c0de';
    const mediaId = '00000000-0000-4000-8000-00000000beef';
    await db().insertInto('clinical_case').values({
      id: caseId, patient_id: patient.id, department_id: surgery, status: 'draft', version: 1, created_by: creator.id, created_at: created, updated_at: created,
      collection_id: null, form_version_id: null, form_values: '{}', signed_by: null, signed_at: null,
    }).execute();
    await db().insertInto('media').values({
      id: mediaId, case_id: caseId, position: 0, kind: 'image', status: 'ready', error_code: null, error_message: null, duplicate_of: null, original_filename: 'a.jpg',
      quarantine_key: null, upload_sha256: 'a'.repeat(64), upload_size: 10, mime: 'image/jpeg', size_bytes: 10, width: 4, height: 3,
      duration_ms: null, sha256: 'b'.repeat(64), captured_at: created, caption: null, removed_at: null, uploaded_by: creator.id, created_at: created, updated_at: created,
    }).execute();
    const thumb = await t.services.blobs.put(Readable.from([Buffer.from('thumbnail bytes')]));
    const preview = await t.services.blobs.put(Readable.from([Buffer.from('preview bytes')]));
    await db().insertInto('media_derivative').values([
      { media_id: mediaId, kind: 'thumbnail', blob_key: thumb.key, mime: 'image/jpeg', size_bytes: thumb.size, width: 4, height: 3, created_at: created },
      { media_id: mediaId, kind: 'preview', blob_key: preview.key, mime: 'image/jpeg', size_bytes: preview.size, width: 4, height: 3, created_at: created },
    ]).execute();
    const build = async () => {
      // The workstation takes what it was offered so far, then the new snapshot is made.
      const since = (JSON.parse((await manifest((await item()).sequence)).json().manifest) as Manifest).sequence;
      expect((await manifest(since)).statusCode).toBe(200);
      expect((await asAdmin('POST', '/api/offline-copy/snapshots')).statusCode).toBe(202);
      await runJobs();
      const response = await manifest(since);
      expect(response.statusCode, response.body).toBe(200);
      const m = JSON.parse(response.json().manifest) as Manifest;
      expect(m.full).toBe(false);
      return changes(m);
    };
    const first = await build();
    expect(first.filter((l) => l.table === 'media_derivative').map((l) => [l.op, l.row!.kind])).toEqual([['put', 'preview'], ['put', 'thumbnail']]);
    expect(first.filter((l) => l.table === 'blob').map((l) => l.row!.key).sort()).toEqual([thumb.key, preview.key].sort());

    // Two days on, nothing changed in the archive, but the case is now older than the cut-off.
    clock.set(new Date(now.getTime() + 2 * 86_400_000).toISOString());
    const second = await build();
    expect(second.map((l) => [l.op, l.table, l.key])).toEqual([
      ['del', 'blob', { key: preview.key }],
      ['del', 'media_derivative', { media_id: mediaId, kind: 'preview' }],
    ]);
  });
});
