import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainJobs, orphanFiles } from '../../../../test/faults/invariants.js';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { demoCase } from '../../../../test/helpers/demo-ids.js';
import { cameraJpeg, mediaDir, webm } from '../../../../test/helpers/media-fixtures.js';
import { waitFor } from '../../../../test/helpers/wait.js';

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
