import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'src/server/cli.ts');
const CASES = 60;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * M11: a worker killed (SIGKILL) in the middle of a purge leaves it half done; the job is taken up
 * again when its lease runs out and the next run finds what is left and finishes, counting each
 * case once and writing the completion event once.
 */
describe.each(testDialects())('a purge whose worker is killed on %s', (dialect) => {
  let t: TestApp;
  let sysadmin: Session;
  let doctor: Session;
  let worker: ChildProcess | null = null;
  const startWorker = () => {
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KASUS_'))),
      KASUS_DATA_DIR: t.config.dataDir,
      KASUS_DATABASE_URL: t.config.databaseUrl,
      KASUS_LOG_LEVEL: 'silent',
      KASUS_JOB_LEASE_SECONDS: '2',
      KASUS_WORKER_CONCURRENCY: '1',
    };
    worker = spawn(TSX, [CLI, 'worker'], { cwd: ROOT, env, detached: true, stdio: 'ignore' });
  };
  const killWorker = () => {
    if (worker?.pid) process.kill(-worker.pid, 'SIGKILL');
    worker = null;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { KASUS_WORKER: 'off' });
    sysadmin = await t.login('sysadmin');
    doctor = await t.login('lakare');
  }, 60_000);
  afterAll(async () => {
    killWorker();
    await t?.close();
  });

  it('resumes after kill -9 and completes: every case and blob gone, counted once, one completion event', async () => {
    const db = t.services.database.db;
    const surgery = (await db.selectFrom('department').select('id').where('name', '=', 'Kirurgkliniken').executeTakeFirstOrThrow()).id;
    const patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
      expect(created.statusCode, created.body).toBe(201);
      caseIds.push(created.json().id);
    }
    // One photo, stored by a worker in this process that takes media jobs only.
    const file = path.join(mediaDir(), 'crash.jpg');
    await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 10, g: 200, b: 77 } } }).jpeg().toFile(file);
    expect((await t.upload(doctor, caseIds.at(-1)!, [{ path: file }])).status).toBeLessThan(300);
    const media = t.services.jobs.startWorker({
      'media.process': ({ mediaId }, job) => t.services.media.processUpload(mediaId, job.signal),
      'media.derivatives': ({ mediaId }, job) => t.services.media.makeDerivatives(mediaId, job.signal),
    }, { pollIntervalMs: 100 });
    let blobs: string[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
      const m = await db.selectFrom('media').select(['id', 'status', 'sha256']).where('case_id', '=', caseIds.at(-1)!).executeTakeFirst();
      const d = m?.status === 'ready' ? await db.selectFrom('media_derivative').select('blob_key').where('media_id', '=', m.id).execute() : [];
      if (d.length > 0) {
        blobs = [m!.sha256!, ...d.map((x) => x.blob_key)];
        break;
      }
    }
    await media.stop();
    expect(blobs.length).toBeGreaterThan(1);

    const asked = await t.as(sysadmin, 'POST', `/api/patients/${patientId}/purge`, { basis: 'decision', decisionRef: 'Dnr 2026/9', decisionDate: '2026-12-01' });
    expect(asked.statusCode, asked.body).toBe(202);
    const jobId = asked.json().jobId as string;
    const purgeRow = () => db.selectFrom('purge').select(['status', 'counts']).where('job_id', '=', jobId).executeTakeFirstOrThrow();

    startWorker();
    // Killed as soon as the first cases are gone.
    let atKill: { status: string; counts: string } | null = null;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(5)) {
      const row = await purgeRow();
      if ((JSON.parse(row.counts) as { cases?: number }).cases) {
        killWorker();
        atKill = await purgeRow();
        break;
      }
    }
    expect(atKill, 'the purge never started').not.toBeNull();
    const removedAtKill = (JSON.parse(atKill!.counts) as { cases: number }).cases;
    expect(atKill!.status).toBe('running');
    expect(removedAtKill).toBeLessThan(CASES);
    expect((await db.selectFrom('clinical_case').select('id').where('patient_id', '=', patientId).execute()).length).toBe(CASES - removedAtKill);

    startWorker();
    let done: { status: string; counts: string } | null = null;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
      const row = await purgeRow();
      if (row.status === 'done') {
        done = row;
        break;
      }
    }
    killWorker();
    expect(done, 'the purge did not finish after the restart').not.toBeNull();
    expect(JSON.parse(done!.counts)).toMatchObject({ cases: CASES, media: 1, files: blobs.length });
    expect(await db.selectFrom('clinical_case').select('id').where('patient_id', '=', patientId).execute()).toHaveLength(0);
    for (const key of blobs) expect(await t.services.blobs.stat(key)).toBeNull();
    expect(await db.selectFrom('purge_blob').select('key').execute()).toHaveLength(0);
    const job = await db.selectFrom('job').select(['status', 'attempts']).where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
    expect(Number(job.attempts)).toBeGreaterThanOrEqual(2);
    expect(await db.selectFrom('audit_event').select('seq').where('action', '=', 'purge.done').execute()).toHaveLength(1);
  }, 180_000);
});
