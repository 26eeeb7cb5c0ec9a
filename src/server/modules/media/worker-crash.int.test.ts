import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { cameraJpeg, ffprobe, mediaDir, webm } from '../../../../test/helpers/media-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'src/server/cli.ts');

/** Every file in the blob store is complete: its name is the SHA-256 of its bytes. */
function blobsAreWhole(root: string): { checked: number; broken: string[] } {
  const broken: string[] = [];
  let checked = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['tmp', 'quarantine'].includes(entry.name)) walk(full);
      } else if (/^[0-9a-f]{64}$/.test(entry.name)) {
        checked++;
        if (createHash('sha256').update(readFileSync(full)).digest('hex') !== entry.name) broken.push(full);
      }
    }
  };
  walk(root);
  return { checked, broken };
}

describe.each(testDialects())('a worker killed mid-job on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let worker: ChildProcess | null = null;
  const env = () => ({
    // Not the test run's own KASUS_* variables (KASUS_TEST_POSTGRES_URL, KASUS_CRASH_ROUNDS): Kasus refuses unknown ones.
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KASUS_'))),
    KASUS_DATA_DIR: t.config.dataDir,
    KASUS_DATABASE_URL: t.config.databaseUrl,
    KASUS_LOG_LEVEL: 'silent',
    KASUS_JOB_LEASE_SECONDS: '2',
    KASUS_WORKER_CONCURRENCY: '1',
  });
  const startWorker = () => {
    // Its own process group, so that killing it also kills the ffmpeg it started, like a crash would.
    worker = spawn(TSX, [CLI, 'worker'], { cwd: ROOT, env: env(), detached: true, stdio: 'ignore' });
  };
  const killWorker = () => {
    if (worker?.pid) process.kill(-worker.pid, 'SIGKILL');
    worker = null;
  };
  const job = (mediaId: string, name: string) =>
    t.services.database.db.selectFrom('job').selectAll().where('name', '=', name).where('payload', 'like', `%${mediaId}%`).executeTakeFirst();
  async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { KASUS_WORKER: 'off', KASUS_UPLOAD_WAIT_MS: '0' });
    doctor = await t.login('lakare');
  });
  afterAll(async () => {
    killWorker();
    await t.close();
  });

  it('leaves the job to be retried, shows no half-written file, and completes it after a restart', async () => {
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json();
    const departmentId = (doctor.user as unknown as { assignments: { departmentId: string }[] }).assignments[0]!.departmentId;
    const caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId })).json().id;
    const dir = mediaDir();
    // A WebM's playable copy must be transcoded to H.264, which takes a few seconds at this length.
    const video = await webm(dir, 'long.webm', 20, '1280x720');
    const photo = await cameraJpeg(dir, 'photo.jpg');
    const upload = await t.upload(doctor, caseId, [{ path: video }, { path: photo }]);
    expect(upload.status).toBe(200);
    // Acknowledged before any worker ran: the bytes and rows are durable, cleaning is still to come.
    expect(upload.body.items.map((i: { status: string }) => i.status)).toEqual(['processing', 'processing']);
    const [videoId, photoId] = upload.body.items.map((i: { id: string }) => i.id);

    startWorker();
    const running = await until('derivatives running', async () => {
      const row = await job(videoId, 'media.derivatives');
      return row?.status === 'running' ? row : null;
    });
    // Kill it between derived files: the poster is stored, the playable copy is being made.
    await until('poster made', () =>
      t.services.database.db
        .selectFrom('media_derivative')
        .select('kind')
        .where('media_id', '=', videoId)
        .where('kind', '=', 'poster')
        .executeTakeFirst(),
    );
    await sleep(300);
    killWorker();
    const stuck = await job(videoId, 'media.derivatives');
    expect(stuck).toMatchObject({ status: 'running', attempts: 1, locked_by: running.locked_by });
    const before = (await t.as(doctor, 'GET', `/api/media/${videoId}`)).json();
    expect(before.derivatives.playable).toBeUndefined();
    expect((await t.as(doctor, 'GET', `/api/media/${videoId}/playable`)).json().code).toBe('not_ready');
    const blobRoot = path.join(t.config.dataDir, 'blobs');
    expect(blobsAreWhole(blobRoot).broken).toEqual([]);

    startWorker();
    const done = await until('derivatives done', async () => {
      const row = await job(videoId, 'media.derivatives');
      return row?.status === 'done' ? row : null;
    }, 90_000);
    expect(done.attempts).toBe(2);
    killWorker();

    const media = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as { id: string; status: string; derivatives: Record<string, unknown> }[];
    expect(media.map((m) => m.status)).toEqual(['ready', 'ready']);
    const videoView = media.find((m) => m.id === videoId)!;
    expect(Object.keys(videoView.derivatives).sort()).toEqual(['playable', 'poster', 'thumbnail']);
    expect(Object.keys(media.find((m) => m.id === photoId)!.derivatives).sort()).toEqual(['preview', 'thumbnail']);
    const playable = await t.as(doctor, 'GET', `/api/media/${videoId}/playable`);
    expect(playable.statusCode).toBe(200);
    const file = path.join(dir, 'playable.mp4');
    (await import('node:fs')).writeFileSync(file, playable.rawPayload);
    const probe = await ffprobe(file);
    expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    const whole = blobsAreWhole(blobRoot);
    expect(whole.broken).toEqual([]);
    expect(whole.checked).toBeGreaterThanOrEqual(7);
    // The quarantined uploads are gone once cleaned.
    const quarantine = path.join(blobRoot, 'quarantine');
    expect(readdirSync(quarantine).filter((f) => statSync(path.join(quarantine, f)).isFile())).toEqual([]);
  }, 180_000);
});
