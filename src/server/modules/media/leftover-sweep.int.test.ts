import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { cameraJpeg, mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { TestClock } from '../../clock.js';
import { heldFiles } from '../blobs/held-files.js';
import { LeftoverSweep, LeftoverSweepScheduler, type SweepCounts } from './leftover-sweep.js';
import { MediaRepository } from './media-repository.js';

const HOUR = 60 * 60_000;
const GRACE = 10 * 60_000;
const RESUME = 24 * HOUR;
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The names in a directory (none when it does not exist). */
const namesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** Writes a file and sets its modification time. */
function plant(file: string, content: string | Buffer, mtimeMs: number): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
  return file;
}

describe.each(testDialects())('leftover files on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let caseId: string;
  let photo: string;
  let quarantineDir: string;
  let tempDir: string;
  let workDir: string;
  let uploadsDir: string;

  /** A sweep over this app's data directory with the clock at `now`. */
  const sweepAt = (now: number) =>
    new LeftoverSweep(new MediaRepository(t.services.database), t.services.jobs.repository, {
      dataDir: t.config.dataDir,
      quarantineDir,
      tempDir,
      graceMs: GRACE,
      resumeMs: RESUME,
      clock: new TestClock(now),
    });

  beforeAll(async () => {
    // No worker: uploads stay `processing` with their job queued, as under load or before a restart.
    t = await createTestApp(dialect, { KASUS_WORKER: 'off', KASUS_UPLOAD_WAIT_MS: '0' });
    doctor = await t.login('lakare');
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json();
    const departmentId = (doctor.user as unknown as { assignments: { departmentId: string; departmentName: string }[] }).assignments.find(
      (a) => a.departmentName === 'Kirurgkliniken',
    )!.departmentId;
    caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId })).json().id;
    photo = await cameraJpeg(mediaDir(), 'gps.jpg');
    quarantineDir = t.services.blobs.quarantineDir;
    tempDir = t.services.blobs.tempDir;
    workDir = path.join(t.config.dataDir, 'work');
    uploadsDir = path.join(t.config.dataDir, 'uploads');
  });
  afterAll(() => t.close());
  afterEach(() => vi.restoreAllMocks());

  it('removes orphans of every kind, keeps what a pending job or a live write owns and what is younger than the grace period, and logs the counts', async () => {
    const upload = await t.upload(doctor, caseId, [{ path: photo, name: 'waiting.jpg' }]);
    expect(upload.status).toBe(200);
    const waitingId: string = upload.body.items[0].id;
    const [owned] = namesIn(quarantineDir);
    expect(owned).toBeDefined();

    // The sweep's clock is three hours ahead: everything written just now is old to it.
    const now = Date.now() + 3 * HOUR;
    const old = now - 2 * GRACE;
    const fresh = now - 10_000;
    utimesSync(path.join(quarantineDir, owned!), new Date(old), new Date(old));
    const orphanRaw = randomUUID();
    plant(path.join(quarantineDir, orphanRaw), 'raw bytes with GPS', old);
    const freshRaw = randomUUID();
    plant(path.join(quarantineDir, freshRaw), 'being placed right now', fresh);
    plant(path.join(tempDir, `${randomUUID()}.tmp`), 'interrupted write', old);
    plant(path.join(tempDir, 'fresh.tmp'), 'being written', fresh);
    const held = plant(path.join(tempDir, 'held.tmp'), 'a slow client, untouched for long', old);
    const release = heldFiles.hold(held);
    const other = randomUUID();
    plant(path.join(workDir, `${waitingId}.clean`), 'a killed run of a queued job', old);
    plant(path.join(workDir, `.${waitingId}.clean.0a1b2c.partial`), 'partial of a queued job', old);
    plant(path.join(workDir, `${other}.preview`), 'no job left', old);
    plant(path.join(workDir, `.${other}.playable.3d4e5f.partial`), 'no job left', old);
    plant(path.join(workDir, 'stray'), 'unknown', old);
    const info = (size: number | undefined, created: number) => JSON.stringify({ id: 'x', size, offset: 0, metadata: {}, creation_date: new Date(created).toISOString() });
    // Abandoned: created 25 h ago, 10 of 100 bytes.
    plant(path.join(uploadsDir, 'abandoned'), Buffer.alloc(10), old);
    plant(path.join(uploadsDir, 'abandoned.json'), info(100, now - 25 * HOUR), old);
    // Resumable still: created an hour ago.
    plant(path.join(uploadsDir, 'resumable'), Buffer.alloc(10), old);
    plant(path.join(uploadsDir, 'resumable.json'), info(100, now - HOUR), old);
    // Every byte arrived but the ingest was interrupted: nobody will take it.
    plant(path.join(uploadsDir, 'finished'), Buffer.alloc(10), old);
    plant(path.join(uploadsDir, 'finished.json'), info(10, now - HOUR), old);
    // Half created: bytes without facts.
    plant(path.join(uploadsDir, 'half'), Buffer.alloc(5), old);
    // Abandoned long ago but written to a moment ago (a PATCH under way): left alone.
    plant(path.join(uploadsDir, 'writing'), Buffer.alloc(10), fresh);
    plant(path.join(uploadsDir, 'writing.json'), info(100, now - 25 * HOUR), old);

    const lines: { object: object; message?: string }[] = [];
    const logger = { debug: () => {}, warn: () => {}, info: (object: object, message?: string) => lines.push({ object, message }) };
    const removed = await new LeftoverSweepScheduler(sweepAt(now), { intervalMs: HOUR, logger }).runOnce();
    release();

    expect(removed).toEqual({
      quarantine: { files: 1, bytes: 18 },
      tmp: { files: 1, bytes: 17 },
      work: { files: 3, bytes: 29 },
      uploads: { files: 5, bytes: 10 + 10 + 5 + Buffer.byteLength(info(100, now - 25 * HOUR)) + Buffer.byteLength(info(10, now - HOUR)) },
      imports: { files: 0, bytes: 0 },
    } satisfies SweepCounts);
    expect(namesIn(quarantineDir)).toEqual([owned, freshRaw].sort());
    expect(namesIn(tempDir)).toEqual(['fresh.tmp', 'held.tmp']);
    expect(namesIn(workDir)).toEqual([`.${waitingId}.clean.0a1b2c.partial`, `${waitingId}.clean`]);
    expect(namesIn(uploadsDir)).toEqual(['resumable', 'resumable.json', 'writing', 'writing.json']);
    // One line with the count and bytes of each kind.
    expect(lines).toHaveLength(1);
    expect(lines[0]!.object).toMatchObject({ removed, files: 10 });

    // Once the waiting item is cleaned, its job is done: its raw upload is gone and its work files are orphans.
    await t.services.media.processUpload(waitingId);
    await t.services.database.db.updateTable('job').set({ status: 'done' }).where('unique_key', '=', `media.process:${waitingId}`).execute();
    expect(namesIn(quarantineDir)).toEqual([freshRaw]);
    const again = await sweepAt(now).run();
    // The cleaning replaced and took its own output; the partial of the killed run is left for the sweep.
    expect(again.work.files).toBe(1);
    expect(namesIn(workDir)).toEqual([]);
    expect((await t.as(doctor, 'GET', `/api/media/${waitingId}`)).json().status).toBe('ready');
    // What this test planted and kept goes, so that the tests below start empty.
    for (const file of [path.join(quarantineDir, freshRaw), path.join(tempDir, 'fresh.tmp'), held, ...['resumable', 'resumable.json', 'writing', 'writing.json'].map((n) => path.join(uploadsDir, n))]) {
      rmSync(file, { force: true });
    }
  });

  it('keeps the raw upload of an acknowledged item whose cleaning gave up, for an administrator to retry', async () => {
    const upload = await t.upload(doctor, caseId, [{ path: await cameraJpeg(mediaDir(), 'dead.jpg', 7), name: 'dead.jpg' }]);
    const id: string = upload.body.items[0].id;
    await t.services.database.db.updateTable('job').set({ status: 'dead' }).where('unique_key', '=', `media.process:${id}`).execute();
    const key = (await t.services.database.db.selectFrom('media').select('quarantine_key').where('id', '=', id).executeTakeFirstOrThrow()).quarantine_key!;
    const removed = await sweepAt(Date.now() + 3 * HOUR).run();
    expect(removed.quarantine.files).toBe(0);
    expect(namesIn(quarantineDir)).toContain(key);
    await t.services.database.db.updateTable('job').set({ status: 'queued' }).where('unique_key', '=', `media.process:${id}`).execute();
    await t.services.media.processUpload(id);
    expect(namesIn(quarantineDir)).not.toContain(key);
  });

  it('leaves nothing behind when an upload is refused', async () => {
    const before = namesIn(quarantineDir);
    const html = path.join(mediaDir(), 'page.jpg');
    writeFileSync(html, '<!doctype html><html><script>alert(1)</script></html>');
    const refused = await t.upload(doctor, caseId, [{ path: html }]);
    expect(refused.status).toBe(422);
    expect(namesIn(quarantineDir)).toEqual(before);
    expect(namesIn(tempDir)).toEqual([]);
  });

  it('removes the raw upload when the database fails after it was written to quarantine', async () => {
    const before = namesIn(quarantineDir);
    const insert = vi.spyOn(MediaRepository.prototype, 'insert').mockRejectedValueOnce(new Error('the database went away'));
    const failed = await t.upload(doctor, caseId, [{ path: await cameraJpeg(mediaDir(), 'db-error.jpg', 3) }]);
    expect(insert).toHaveBeenCalledTimes(1);
    expect(failed.status).toBeGreaterThanOrEqual(400);
    // The raw file (GPS and all) was in quarantine when the insert failed; it is gone with the request.
    expect(namesIn(quarantineDir)).toEqual(before);
    expect(namesIn(tempDir)).toEqual([]);
  });

  it('removes the raw upload of a part written before a later part fails', async () => {
    const before = namesIn(quarantineDir);
    const insert = vi.spyOn(MediaRepository.prototype, 'findSameContent');
    insert.mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error('the database went away'));
    const failed = await t.upload(doctor, caseId, [
      { path: await cameraJpeg(mediaDir(), 'first.jpg', 4) },
      { path: await cameraJpeg(mediaDir(), 'second.jpg', 5) },
    ]);
    expect(failed.status).toBeGreaterThanOrEqual(400);
    // The first part got its row and job (it will be cleaned); the second's raw file is gone.
    const rows = await t.services.database.db.selectFrom('media').select('quarantine_key').where('original_filename', '=', 'first.jpg').execute();
    expect(rows).toHaveLength(1);
    expect(namesIn(quarantineDir)).toEqual([...before, rows[0]!.quarantine_key!].sort());
  });

  it('leaves nothing behind when a file name holds a NUL byte (PostgreSQL cannot store it)', async () => {
    const before = namesIn(quarantineDir);
    const boundary = 'kasus-nul';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gps\u0000.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      readFileSync(photo),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    // On a connection of its own: the refusal may come before the body is read.
    const url = new URL(await t.listen());
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: `/api/cases/${caseId}/media`,
          method: 'POST',
          agent: false,
          headers: {
            cookie: doctor.cookie,
            'x-csrf-token': doctor.csrfToken,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(body.length),
            connection: 'close',
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode!);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    expect(status).toBeLessThan(500);
    expect(namesIn(quarantineDir)).toEqual(before);
    expect(namesIn(tempDir)).toEqual([]);
  });

  it('leaves nothing behind when the client goes away in the middle of an upload', async () => {
    const before = namesIn(quarantineDir);
    const url = new URL(await t.listen());
    const boundary = 'kasus-boundary';
    await new Promise<void>((resolve) => {
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path: `/api/cases/${caseId}/media`,
        method: 'POST',
        headers: {
          cookie: doctor.cookie,
          'x-csrf-token': doctor.csrfToken,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(10 * 1024 * 1024),
        },
      });
      request.on('error', () => resolve());
      request.on('close', () => resolve());
      request.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gone.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
      request.write(Buffer.alloc(3 * 1024 * 1024, 0xff), () => setTimeout(() => request.destroy(), 300));
    });
    for (let i = 0; i < 50 && namesIn(tempDir).length > 0; i++) await sleep(100);
    expect(namesIn(tempDir)).toEqual([]);
    expect(namesIn(quarantineDir)).toEqual(before);
  });

  it('expires a resumable upload left unfinished for KASUS_UPLOAD_RESUME_HOURS', async () => {
    const url = await t.listen();
    const headers = { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken, 'tus-resumable': '1.0.0' };
    const created = await fetch(`${url}/api/uploads`, {
      method: 'POST',
      headers: { ...headers, 'upload-length': '1000', 'upload-metadata': `caseId ${b64(caseId)},filename ${b64('left.jpg')}` },
    });
    expect(created.status).toBe(201);
    // The client is told how long it may resume.
    const expires = Date.parse(created.headers.get('upload-expires') ?? '');
    expect(expires - Date.now()).toBeGreaterThan(RESUME - 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(RESUME);
    const location = created.headers.get('location')!;
    const patched = await fetch(`${url}${location}`, {
      method: 'PATCH',
      headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(400),
    });
    expect(patched.status).toBe(204);
    const id = location.split('/').pop()!;
    expect(namesIn(uploadsDir)).toEqual(expect.arrayContaining([id, `${id}.json`]));

    // Within its life it stays, however long untouched.
    expect((await sweepAt(Date.now() + RESUME - HOUR).run()).uploads.files).toBe(0);
    expect(namesIn(uploadsDir)).toContain(id);
    const removed = await sweepAt(Date.now() + RESUME + HOUR).run();
    expect(removed.uploads).toEqual({ files: 2, bytes: expect.any(Number) });
    expect(namesIn(uploadsDir)).not.toContain(id);
    const head = await fetch(`${url}${location}`, { method: 'HEAD', headers });
    expect(head.status).toBe(404);
  });
});
