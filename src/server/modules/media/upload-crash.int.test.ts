import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, openAsBlob, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { allTags, cameraJpeg, findLeaks, mediaDir, taggedMp4 } from '../../../../test/helpers/media-fixtures.js';

/**
 * The standing guard of DESIGN §3.1 ("a crash at any point leaves either nothing or a complete
 * item, and nothing means nothing"): a real Kasus server is killed with SIGKILL while uploads
 * (multipart and resumable) are under way, several rounds, then restarted. After its sweep no raw
 * upload, temp or work file is left that no pending job owns, and every item that was acknowledged
 * (2xx with an id) is complete: its cleaned blob exists and matches its hash, and its cleaning
 * finished. Few rounds in CI; KASUS_CRASH_ROUNDS=20 for a longer run.
 */

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'src/server/cli.ts');
const ROUNDS = Number(process.env['KASUS_CRASH_ROUNDS'] ?? 3);
const GRACE_SECONDS = 2;
const FILES_PER_ROUND = 6;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile()).sort() : []);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A reproducible sequence in [0, 1) (mulberry32), so a failing run can be repeated. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testDialects())('a server killed during uploads on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let departmentId: string;
  let patientId: string;
  let server: ChildProcess | null = null;
  let output = '';

  const env = (port: number) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KASUS_')));
    return {
      ...inherited,
      KASUS_DATA_DIR: t.config.dataDir,
      KASUS_DATABASE_URL: t.config.databaseUrl,
      KASUS_PORT: String(port),
      KASUS_LOG_LEVEL: 'info',
      KASUS_WORKER: 'inline',
      KASUS_JOB_LEASE_SECONDS: '2',
      KASUS_UPLOAD_WAIT_MS: '300',
      KASUS_SWEEP_GRACE_SECONDS: String(GRACE_SECONDS),
    };
  };

  /** Starts `kasus serve` and resolves with its base URL once it answers (its start-up sweep has run by then). */
  async function start(): Promise<string> {
    const port = await freePort();
    // Its own process group: SIGKILL to the group takes tsx's node and any ffmpeg with it, like a crash.
    const child = spawn(TSX, [CLI, 'serve'], { cwd: ROOT, env: env(port), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    server = child;
    const base = `http://127.0.0.1:${port}`;
    // Generous: the whole suite may be running beside it on two cores.
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`kasus serve exited with ${child.exitCode}:\n${output.slice(-3000)}`);
      const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      if (ok) return base;
      if (Date.now() > deadline) throw new Error(`kasus serve did not start:\n${output.slice(-3000)}`);
      await sleep(100);
    }
  }

  async function kill(): Promise<void> {
    const child = server;
    server = null;
    if (!child?.pid) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      return;
    }
    await exited;
  }

  const newCase = async () => (await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId })).json().id as string;

  /** A multipart upload; the ids it acknowledged, or none when the server died first. */
  async function upload(base: string, caseId: string, files: string[]): Promise<string[]> {
    try {
      const form = new FormData();
      for (const file of files) form.append('file', await openAsBlob(file), path.basename(file));
      const response = await fetch(`${base}/api/cases/${caseId}/media`, {
        method: 'POST',
        headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken },
        body: form,
      });
      const body = (await response.json()) as { items?: { id: string }[] };
      return response.ok ? (body.items ?? []).map((i) => i.id) : [];
    } catch {
      return [];
    }
  }

  /** A resumable upload sent in two PATCHes; the id it acknowledged, or none. */
  async function resumable(base: string, caseId: string, file: string): Promise<string[]> {
    const headers = { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken, 'tus-resumable': '1.0.0' };
    try {
      const bytes = readFileSync(file);
      const created = await fetch(`${base}/api/uploads`, {
        method: 'POST',
        headers: { ...headers, 'upload-length': String(bytes.length), 'upload-metadata': `caseId ${b64(caseId)},filename ${b64(path.basename(file))}` },
      });
      if (created.status !== 201) return [];
      const location = `${base}${created.headers.get('location')}`;
      const half = Math.floor(bytes.length / 2);
      for (const [offset, end] of [[0, half], [half, bytes.length]] as const) {
        const patched = await fetch(location, {
          method: 'PATCH',
          headers: { ...headers, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
          body: new Uint8Array(bytes.subarray(offset, end)),
        });
        if (patched.status !== 204) return [];
        const id = patched.headers.get('kasus-media-id');
        if (id) return [id];
      }
      return [];
    } catch {
      return [];
    }
  }

  const pendingJobs = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom('job')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', 'in', ['queued', 'running'])
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect, { KASUS_WORKER: 'off' });
    doctor = await t.login('lakare');
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id;
    departmentId = (doctor.user as unknown as { assignments: { departmentId: string }[] }).assignments[0]!.departmentId;
  });
  afterAll(async () => {
    await kill();
    await t.close();
  });

  it('leaves no raw upload, temp or work file behind and every acknowledged item complete', async () => {
    const began = Date.now();
    const timings: Record<string, number> = {};
    const lap = (name: string) => (timings[name] = Date.now() - began);
    const dir = mediaDir();
    const next = random(ROUNDS * 7919 + (dialect === 'sqlite' ? 1 : 2));
    // Made once: each round uploads into a case of its own, where they are no duplicates.
    const photos = await Promise.all(
      Array.from({ length: FILES_PER_ROUND }, (_, i) => cameraJpeg(dir, `photo-${i}.jpg`, i + 2, { width: 1280 + i * 64, height: 960 })),
    );
    const video = await taggedMp4(dir, 'clip.mp4', 2, '640x480');
    const acknowledged = new Set<string>();
    lap('fixtures');

    for (let round = 0; round < ROUNDS; round++) {
      const base = await start();
      const caseId = await newCase();
      const mine = photos;
      const uploads = [
        upload(base, caseId, mine.slice(0, 2)),
        upload(base, caseId, [mine[2]!]),
        upload(base, caseId, [mine[3]!, video]),
        upload(base, caseId, [mine[4]!]),
        resumable(base, caseId, mine[5]!),
      ];
      await sleep(150 + Math.floor(next() * 1500));
      await kill();
      for (const ids of await Promise.all(uploads)) for (const id of ids) acknowledged.add(id);
    }

    const blobs = path.join(t.config.dataDir, 'blobs');
    const quarantine = path.join(blobs, 'quarantine');
    const tmp = path.join(blobs, 'tmp');
    const work = path.join(t.config.dataDir, 'work');
    const uploadsDir = path.join(t.config.dataDir, 'uploads');
    lap('rounds');
    const left = { quarantine: filesIn(quarantine).length, tmp: filesIn(tmp).length, work: filesIn(work).length, uploads: filesIn(uploadsDir).length };

    // Restart once every leftover is older than the grace period, let the jobs the crashes
    // interrupted finish, and start again: the sweep at each start takes what nothing owns.
    await sleep(GRACE_SECONDS * 1000 + 500);
    await start();
    const deadline = Date.now() + 60_000;
    while ((await pendingJobs()) > 0) {
      if (Date.now() > deadline) throw new Error(`jobs still pending:\n${output.slice(-3000)}`);
      await sleep(200);
    }
    lap('jobs finished');
    await kill();
    await sleep(GRACE_SECONDS * 1000 + 500);
    // What is still there now no job owns (none is pending): the next start's sweep must take it and say so.
    const orphans = filesIn(quarantine).length + filesIn(tmp).length + filesIn(work).length;
    const outputBefore = output.length;
    await start();
    await kill();
    lap('restarted');

    // Nothing that no pending job owns (none is pending now): no raw upload, no temp or work file.
    expect(filesIn(quarantine)).toEqual([]);
    expect(filesIn(tmp)).toEqual([]);
    expect(filesIn(work)).toEqual([]);
    // Resumable uploads cut off mid-way may be resumed (for KASUS_UPLOAD_RESUME_HOURS): only unfinished ones stay.
    for (const name of filesIn(uploadsDir).filter((n) => n.endsWith('.json'))) {
      const facts = JSON.parse(readFileSync(path.join(uploadsDir, name), 'utf8')) as { size: number };
      expect(statSync(path.join(uploadsDir, name.slice(0, -5))).size).toBeLessThan(facts.size);
    }
    // A sweep that removed anything said what, kind by kind, on one line; the last start's sweep did when orphans were left.
    const sweepLine = /"removed":\{"quarantine":\{"files":\d+,"bytes":\d+\},"tmp":\{"files":\d+,"bytes":\d+\},"work":/;
    for (const line of output.split('\n').filter((l) => l.includes('leftover sweep removed'))) expect(line).toMatch(sweepLine);
    if (orphans > 0) expect(output.slice(outputBefore)).toMatch(sweepLine);

    // Every acknowledged item is complete: cleaned, stored whole, without device metadata.
    expect(acknowledged.size).toBeGreaterThan(0);
    const rows = await t.services.database.db.selectFrom('media').selectAll().where('id', 'in', [...acknowledged]).execute();
    expect(rows).toHaveLength(acknowledged.size);
    for (const row of rows) {
      expect({ id: row.id, status: row.status, quarantine: row.quarantine_key }).toEqual({ id: row.id, status: 'ready', quarantine: null });
      const file = t.services.blobs.localPath(row.sha256!)!;
      expect(sha256(file)).toBe(row.sha256);
      expect(statSync(file).size).toBe(Number(row.size_bytes));
      if (row.kind === 'image') expect(findLeaks(await allTags(file))).toEqual([]);
      const derivatives = await t.services.database.db.selectFrom('media_derivative').selectAll().where('media_id', '=', row.id).execute();
      expect(derivatives.length).toBeGreaterThan(0);
      for (const d of derivatives) expect(sha256(t.services.blobs.localPath(d.blob_key)!)).toBe(d.blob_key);
    }
    console.log(`crash test on ${dialect}: ${ROUNDS} rounds, ${acknowledged.size} acknowledged items, leftovers before the sweep ${JSON.stringify(left)}, ms ${JSON.stringify(timings)}`);
  }, 150_000 + ROUNDS * 30_000);
});
