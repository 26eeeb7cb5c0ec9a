import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/helpers/databases.js';
import { DEMO_PASSWORD } from '../../test/helpers/kasus-app.js';
import { mediaDir } from '../../test/helpers/media-fixtures.js';
import { startS3, type TestS3 } from '../../test/helpers/s3-server.js';
import { waitFor } from '../../test/helpers/wait.js';
import { kasusCli } from '../../test/helpers/kasus-cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  output(): string;
}

async function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<Proc> {
  // The test's own KASUS_TEST_* switches are not Kasus settings (Kasus refuses unknown KASUS_* names).
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KASUS_TEST_')));
  const child = spawn(process.execPath, [kasusCli(), ...args], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await waitFor(`kasus ${args.join(' ')} to start`, async () => output, (o) => ready.test(o) || child.exitCode !== null, 90_000);
  if (child.exitCode !== null) throw new Error(`kasus ${args.join(' ')} exited: ${output}`);
  return { child, output: () => output };
}

interface Login {
  cookie: string;
  csrf: string;
  user: { assignments: { departmentId: string; departmentName: string }[] };
}

/**
 * Issue 17: two app nodes (`kasus serve --no-worker`) and one `kasus worker` on one PostgreSQL and
 * one S3 bucket (s3rver), sharing the data directory for the quarantine of raw uploads. Takes about
 * half a minute; part of the suite (KASUS_TEST_TWO_NODES=0 leaves it out of a quick local run).
 */
describe.runIf(process.env.KASUS_TEST_TWO_NODES !== '0' && testDialects().includes('postgres'))('two app nodes and a worker on PostgreSQL and S3', () => {
  let s3: TestS3;
  let db: TestDatabase;
  const procs: Proc[] = [];
  let a: string;
  let b: string;
  let workerId: string;

  beforeAll(async () => {
    s3 = await startS3();
    db = await createTestDatabase('postgres');
    const env = {
      KASUS_DATA_DIR: db.dataDir,
      KASUS_DATABASE_URL: db.url,
      ...s3.env('nodes/'),
      KASUS_SESSION_SECRET: 'two-nodes-test-session-secret-of-40-chars',
      KASUS_LOG_LEVEL: 'warn',
      KASUS_STATUS_REFRESH_SECONDS: '1',
      KASUS_UPLOAD_WAIT_MS: '0',
    };
    const [portA, portB] = [await freePort(), await freePort()];
    a = `http://127.0.0.1:${portA}`;
    b = `http://127.0.0.1:${portB}`;
    // The first node migrates and bootstraps; the others start on the finished database.
    procs.push(await start(['serve', '--no-worker'], { ...env, KASUS_PORT: String(portA) }, /Stop with Ctrl\+C\./));
    const [nodeB, worker] = await Promise.all([
      start(['serve', '--no-worker'], { ...env, KASUS_PORT: String(portB), KASUS_PROBES: 'off' }, /Stop with Ctrl\+C\./),
      start(['worker'], env, /Kasus worker \S+ running/),
    ]);
    procs.push(nodeB, worker);
    workerId = /Kasus worker (\S+) running/.exec(worker.output())![1]!;
  }, 180_000);
  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => (p.child.exitCode !== null ? null : new Promise((resolve) => p.child.once('exit', resolve)))));
    await db?.drop();
    await s3?.close();
  });

  const login = async (node: string, username: string, password = DEMO_PASSWORD): Promise<Login> => {
    const response = await fetch(`${node}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(response.status).toBe(200);
    const cookie = /kasus_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')![0];
    const body = (await response.json()) as { csrfToken: string; user: Login['user'] };
    return { cookie, csrf: body.csrfToken, user: body.user };
  };
  const call = (node: string, session: Login, method: string, url: string, body?: unknown) =>
    fetch(`${node}${url}`, {
      method,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it('shares sessions, uploads, jobs (done once, by the worker), broadcasts and read-only mode between the nodes', { timeout: 120_000 }, async () => {
    // A session made on A works on B.
    const doctor = await login(a, 'lakare');
    expect(((await (await call(b, doctor, 'GET', '/api/session')).json()) as { user: { username: string } }).user.username).toBe('lakare');

    // A page on B listens to the broadcasts.
    const listening = new AbortController();
    let events = '';
    const stream = await fetch(`${b}/api/events`, { headers: { cookie: doctor.cookie }, signal: listening.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    void (async () => {
      try {
        for (let part = await reader.read(); !part.done; part = await reader.read()) events += Buffer.from(part.value).toString();
      } catch {
        // aborted at the end
      }
    })();

    // A case made on B, a photo uploaded to A, played from B; its job done once, by the worker.
    const patient = (await (await call(a, doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json()) as { id: string };
    const departmentId = doctor.user.assignments.find((d) => d.departmentName === 'Kirurgkliniken')!.departmentId;
    const created = await call(b, doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId });
    expect(created.status).toBe(201);
    const caseId = ((await created.json()) as { id: string }).id;
    const file = path.join(mediaDir(), 'two-nodes.jpg');
    await sharp({ create: { width: 200, height: 150, channels: 3, background: { r: 10, g: 160, b: 90 } } }).jpeg().toFile(file);
    const form = new FormData();
    form.append('file', await openAsBlob(file), 'two-nodes.jpg');
    const uploaded = await fetch(`${a}/api/cases/${caseId}/media`, { method: 'POST', headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrf }, body: form });
    expect(uploaded.status).toBeLessThan(300);
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    try {
      const media = await waitFor('the photo to be cleaned by the worker', async () => (await sql.query<{ id: string; status: string; sha256: string }>('select id, status, sha256 from media where case_id = $1', [caseId])).rows[0], (m) => m?.status === 'ready', 60_000);
      const original = await call(b, doctor, 'GET', `/api/media/${media!.id}/original`);
      expect(original.status).toBe(200);
      expect(createHash('sha256').update(Buffer.from(await original.arrayBuffer())).digest('hex')).toBe(media!.sha256);
      expect((await call(b, doctor, 'GET', `/api/media/${media!.id}/thumbnail`)).status).toBe(200);
      const jobs = (await sql.query<{ status: string; attempts: number; locked_by: string }>("select status, attempts, locked_by from job where name = 'media.process' and payload like $1", [`%${media!.id}%`])).rows;
      expect(jobs).toEqual([{ status: 'done', attempts: 1, locked_by: workerId }]);
    } finally {
      await sql.end();
    }

    // Read-only mode set on A holds on B (writes refused there), and its notice reaches the page on B.
    const admin = await login(a, 'sysadmin');
    const systems = (await (await call(a, admin, 'GET', '/api/systems')).json()) as { id: string; isKasus: boolean }[];
    const kasusId = systems.find((s) => s.isKasus)!.id;
    expect((await call(a, admin, 'PUT', `/api/systems/${kasusId}/status`, { status: 'read_only', message: 'Databasen uppgraderas (testet med två noder).' })).status).toBe(200);
    await waitFor('B in read-only mode', async () => ((await (await fetch(`${b}/api/health`)).json()) as { mode: string }).mode, (mode) => mode === 'read_only', 30_000);
    const refused = await call(b, doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { code: string }).code).toBe('read_only');
    await waitFor('the notice on the page on B', async () => events, (text) => text.includes('två noder'), 30_000);
    listening.abort();
    expect((await call(b, admin, 'PUT', `/api/systems/${kasusId}/status`, { status: 'operational', message: 'Klart.' })).status).toBe(200);
    await waitFor('A writable again', async () => ((await (await fetch(`${a}/api/health`)).json()) as { mode: string }).mode, (mode) => mode === 'read_write', 30_000);
  });
});
