import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { drainJobs, orphanFiles } from '../../../../test/faults/invariants.js';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { demoCase } from '../../../../test/helpers/demo-ids.js';
import { cameraJpeg, mediaDir, webm } from '../../../../test/helpers/media-fixtures.js';
import { waitFor } from '../../../../test/helpers/wait.js';

// Every ffmpeg of this file runs through a gate (test/helpers/ffmpeg-gate.sh), armed only by the test
// that needs a cleaning job's ffmpeg held running while the purge runs. Set before the sanitizer is loaded.
const gate = vi.hoisted(() => {
  const saved = process.env['KASUS_FFMPEG'];
  process.env['KASUS_FFMPEG'] = new URL('../../../../test/helpers/ffmpeg-gate.sh', import.meta.url).pathname;
  return { saved };
});
afterAll(() => {
  if (gate.saved === undefined) delete process.env['KASUS_FFMPEG'];
  else process.env['KASUS_FFMPEG'] = gate.saved;
});

/**
 * A purge while the case's media jobs are queued or running (issue 17): the queued ones are
 * cancelled, a running one that finishes after the purge stores nothing that outlives the item, and
 * after the worker has run everything no blob is left that no row names.
 */
describe.each(testDialects())('purge against media jobs on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let sysadmin: Session;
  let dir: string;

  beforeAll(async () => {
    // No worker: the uploads' jobs stay queued until the test runs them.
    t = await createTestApp(dialect, { KASUS_WORKER: 'off', KASUS_UPLOAD_WAIT_MS: '0' });
    doctor = await t.login('lakare');
    sysadmin = await t.login('sysadmin');
    dir = mediaDir();
  }, 60_000);
  afterAll(() => t?.close());

  const db = () => t.services.database.db;
  const mediaJobs = (mediaIds: string[]) =>
    db()
      .selectFrom('job')
      .select(['name', 'status'])
      .where('unique_key', 'in', mediaIds.flatMap((id) => [`media.process:${id}`, `media.derivatives:${id}`]))
      .orderBy('name', 'desc')
      .execute();

  /** Asks for the case's purge; answers with the purge's row id (the test runs it itself). */
  async function askPurge(caseId: string): Promise<string> {
    const asked = await t.as(sysadmin, 'POST', `/api/cases/${caseId}/purge`, { basis: 'working_material', reasonKind: 'test_material' });
    expect(asked.statusCode, asked.body).toBe(202);
    return (await db().selectFrom('purge').select('id').where('job_id', '=', asked.json().jobId).executeTakeFirstOrThrow()).id;
  }

  const jobOf = (uniqueKey: string) => db().selectFrom('job').select(['status', 'attempts', 'last_error']).where('unique_key', '=', uniqueKey).executeTakeFirst();
  const purgeStatus = (purgeId: string) => db().selectFrom('purge').select(['status', 'counts']).where('id', '=', purgeId).executeTakeFirstOrThrow();
  /** Everything of the item is gone: its row, its derived files, its queued jobs, every blob and file no row names. */
  async function nothingLeftOf(mediaId: string): Promise<void> {
    expect(await db().selectFrom('media').select('id').where('id', '=', mediaId).execute()).toEqual([]);
    expect(await db().selectFrom('media_derivative').select('kind').where('media_id', '=', mediaId).execute()).toEqual([]);
    expect(await orphanFiles(t)).toEqual([]);
  }

  // The cleaning job's ffmpeg held before it reads the raw upload (gone when it does) or after it wrote
  // the cleaned file (the job then stores it for an item that is gone).
  it.each(['before', 'after'] as const)("a cleaning job whose ffmpeg is held %s its work while the purge removes the item ends without an error and leaves nothing", async (when) => {
    const gateDir = path.join(tmpdir(), `kasus-ffmpeg-gate-${dialect}-${process.pid}`);
    rmSync(gateDir, { recursive: true, force: true });
    mkdirSync(gateDir, { recursive: true });
    process.env['KASUS_TEST_FFMPEG_GATE'] = gateDir;
    const worker = t.services.startWorker({ pollIntervalMs: 50 });
    try {
      const { caseId } = await demoCase(t, doctor);
      const uploaded = await t.upload(doctor, caseId, [{ path: await webm(dir, 'cleaning.webm', 1, '320x240') }]);
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
      const mediaId = uploaded.body.items[0].id as string;
      // Armed after the upload (its content check runs no ffmpeg, but nothing should wait there).
      writeFileSync(path.join(gateDir, 'armed'), when);
      // The worker's cleaning job has run ffmpeg over the raw upload and that ffmpeg has not exited.
      await waitFor('the cleaning ffmpeg', async () => existsSync(path.join(gateDir, 'waiting')), Boolean, 30_000, 20);
      expect(await jobOf(`media.process:${mediaId}`)).toMatchObject({ status: 'running' });

      // The purge runs on the worker's other slot and finishes while the cleaning job is held.
      const purgeId = await askPurge(caseId);
      const purge = await waitFor('the purge', () => purgeStatus(purgeId), (p) => p.status === 'done', 30_000, 20);
      expect(JSON.parse(purge.counts)).toMatchObject({ media: 1, jobsCancelled: 0 });
      expect(await jobOf(`media.process:${mediaId}`)).toMatchObject({ status: 'running' });

      rmSync(path.join(gateDir, 'armed'));
      writeFileSync(path.join(gateDir, 'go'), '');
      // The job finishes on its first attempt, without an error to retry.
      const job = await waitFor('the cleaning job', () => jobOf(`media.process:${mediaId}`), (j) => j?.status !== 'running', 30_000, 20);
      expect(job).toMatchObject({ status: 'done', attempts: 1, last_error: null });
      expect(await drainJobs(t, 30_000)).toEqual([]);
      await nothingLeftOf(mediaId);
    } finally {
      writeFileSync(path.join(gateDir, 'go'), '');
      await worker.stop();
      delete process.env['KASUS_TEST_FFMPEG_GATE'];
      rmSync(gateDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('a photo cleaned by sharp whose item is purged before the job stores it: nothing stored outlives the item', async () => {
    const { caseId } = await demoCase(t, doctor);
    const uploaded = await t.upload(doctor, caseId, [{ path: await cameraJpeg(dir, 'cleaned.jpg', 11) }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    const mediaId = uploaded.body.items[0].id as string;
    // The hook: the job's first store of a cleaned file waits until the purge has removed the item.
    const blobs = t.services.blobs;
    const moveFile = blobs.moveFile.bind(blobs);
    let purged!: () => void;
    const purgeDone = new Promise<void>((resolve) => (purged = resolve));
    let reached!: () => void;
    const jobReached = new Promise<void>((resolve) => (reached = resolve));
    const spy = vi.spyOn(blobs, 'moveFile').mockImplementation(async (file, sha) => {
      reached();
      await purgeDone;
      return moveFile(file, sha);
    });
    try {
      const cleaning = t.services.media.processUpload(mediaId).then(() => 'finished', (error: unknown) => error);
      await jobReached; // sharp has cleaned the photo and made its derived files
      const purgeId = await askPurge(caseId);
      await t.services.purge.run(purgeId);
      expect((await purgeStatus(purgeId)).status).toBe('done');
      purged();
      expect(await cleaning).toBe('finished');
    } finally {
      purged();
      spy.mockRestore();
    }
    expect(await mediaJobs([mediaId])).toEqual([]);
    await nothingLeftOf(mediaId);
  }, 60_000);

  it('a purge of an item whose bytes a new upload is storing (its row not yet committed) leaves the bytes to the upload', async () => {
    const file = await cameraJpeg(dir, 'same-bytes.jpg', 21);
    const first = await demoCase(t, doctor);
    const kept = await t.upload(doctor, first.caseId, [{ path: file }]);
    const keptId = kept.body.items[0].id as string;
    await t.services.media.processUpload(keptId);
    const key = (await db().selectFrom('media').select('sha256').where('id', '=', keptId).executeTakeFirstOrThrow()).sha256!;
    expect(await t.services.blobs.stat(key)).not.toBeNull();

    // The same bytes uploaded to another case: its cleaning job has put the cleaned file in place and
    // waits there (the hook) before it commits the row that names it.
    const second = await demoCase(t, doctor);
    const again = await t.upload(doctor, second.caseId, [{ path: file }]);
    const againId = again.body.items[0].id as string;
    const blobs = t.services.blobs;
    const moveFile = blobs.moveFile.bind(blobs);
    let placed!: () => void;
    const inPlace = new Promise<void>((resolve) => (placed = resolve));
    let go!: () => void;
    const goOn = new Promise<void>((resolve) => (go = resolve));
    const spy = vi.spyOn(blobs, 'moveFile').mockImplementation(async (file, sha) => {
      const info = await moveFile(file, sha);
      if (info.key === key) {
        placed();
        await goOn;
      }
      return info;
    });
    try {
      const cleaning = t.services.media.processUpload(againId).then(() => 'finished', (error: unknown) => error);
      await inPlace;
      // The first case is purged meanwhile: no committed row names the bytes any more.
      const purgeId = await askPurge(first.caseId);
      await t.services.purge.run(purgeId);
      expect((await purgeStatus(purgeId)).status).toBe('done');
      go();
      expect(await cleaning).toBe('finished');
    } finally {
      go();
      spy.mockRestore();
    }
    const row = await db().selectFrom('media').select(['status', 'sha256']).where('id', '=', againId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'ready', sha256: key });
    // The upload's original is whole and served.
    expect(await t.services.blobs.stat(key)).not.toBeNull();
    const original = await t.as(doctor, 'GET', `/api/media/${againId}/original`);
    expect(original.statusCode).toBe(200);
    expect(createHash('sha256').update(original.rawPayload).digest('hex')).toBe(key);
    expect(await db().selectFrom('blob_hold').selectAll().execute()).toEqual([]);
    expect(await orphanFiles(t)).toEqual([]);
  }, 60_000);

  it('cancels the queued cleaning jobs of the purged media; after the worker ran, no orphan blob or file', async () => {
    const { caseId } = await demoCase(t, doctor);
    const uploaded = await t.upload(doctor, caseId, [{ path: await cameraJpeg(dir, 'queued.jpg', 7) }, { path: await webm(dir, 'queued.webm') }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    const ids = (uploaded.body.items as { id: string }[]).map((i) => i.id);
    expect(ids).toHaveLength(2);
    expect(await mediaJobs(ids)).toEqual([
      { name: 'media.process', status: 'queued' },
      { name: 'media.process', status: 'queued' },
    ]);

    const purgeId = await askPurge(caseId);
    await t.services.purge.run(purgeId);
    expect(await mediaJobs(ids)).toEqual([]);
    const purge = await db().selectFrom('purge').select(['status', 'counts']).where('id', '=', purgeId).executeTakeFirstOrThrow();
    expect(purge.status).toBe('done');
    expect(JSON.parse(purge.counts)).toMatchObject({ media: 2, jobsCancelled: 2 });

    const worker = t.services.startWorker({ pollIntervalMs: 50 });
    try {
      expect(await drainJobs(t, 30_000)).toEqual([]);
    } finally {
      await worker.stop();
    }
    expect(await db().selectFrom('media').select('id').where('id', 'in', ids).execute()).toEqual([]);
    expect(await orphanFiles(t)).toEqual([]);
  }, 60_000);

  it('a derived-files job still transcoding when the purge runs stores nothing that outlives the item', async () => {
    const { caseId } = await demoCase(t, doctor);
    // A WebM is transcoded to H.264 for its playable copy: the window in which the purge runs.
    const uploaded = await t.upload(doctor, caseId, [{ path: await webm(dir, 'running.webm', 2, '640x480') }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    const mediaId = uploaded.body.items[0].id as string;
    // Cleaned here, in the test (its queued job stays behind and is cancelled by the purge as well).
    await t.services.media.processUpload(mediaId);
    expect(await mediaJobs([mediaId])).toEqual([
      { name: 'media.process', status: 'queued' },
      { name: 'media.derivatives', status: 'queued' },
    ]);

    let finished = false;
    const making = t.services.media.makeDerivatives(mediaId).finally(() => (finished = true));
    const caught = making.catch((error: unknown) => error);
    // The poster is stored first; the playable copy is being transcoded after it.
    await waitFor('the poster', () => db().selectFrom('media_derivative').select('kind').where('media_id', '=', mediaId).execute(), (rows) => rows.some((r) => r.kind === 'poster'), 30_000, 10);
    const purgeId = await askPurge(caseId);
    await t.services.purge.run(purgeId);
    // The purge really ran while the job was working (else this test proves nothing).
    expect(finished).toBe(false);
    const purge = await db().selectFrom('purge').select(['status', 'counts']).where('id', '=', purgeId).executeTakeFirstOrThrow();
    expect(purge.status).toBe('done');
    expect(JSON.parse(purge.counts)).toMatchObject({ media: 1, derivatives: 1, jobsCancelled: 2 });

    // The job ends without an error (nothing to retry) and without a row or a blob of the purged item.
    expect(await caught).toBeUndefined();
    expect(await db().selectFrom('media_derivative').select('kind').where('media_id', '=', mediaId).execute()).toEqual([]);
    expect(await mediaJobs([mediaId])).toEqual([]);
    expect(await orphanFiles(t)).toEqual([]);
  }, 60_000);
});
