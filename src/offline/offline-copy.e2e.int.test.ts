import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../../test/helpers/app.js';
import { testDialects } from '../../test/helpers/databases.js';
import { runCli } from '../server/cli-program.js';
import { DataKey, readIdentity } from './keys.js';
import { startViewer } from './serve.js';
import { EncryptedStore } from './store.js';
import { kasusCli } from '../../test/helpers/kasus-cli.js';

/**
 * End to end against a real Kasus server (both databases): keygen, registration, snapshots and
 * syncs through the CLI, the viewer under `unshare -n` (no network at all), the refusals (through a
 * proxy in front of the real server that tampers with or replays its answers), kill -9 during sync,
 * Debian's age on a part, and no identifier, form text or username readable anywhere in DIR.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const IDENTIFIER = '19121212-1212';
const FORM_TEXT = 'Zqxwvutsrq underarm';
const CAPTION = 'Kvwxyzpq sårkant';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `kasus …`, the run's bundled CLI in one node process (so kill -9 hits the CLI itself, not a wrapper). */
function kasus(args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [kasusCli(), ...args], { cwd: ROOT, env: { ...process.env, KASUS_LOG_LEVEL: 'silent' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}
const runProcess = (args: string[]) => kasus(args).done;
/**
 * `kasus …` in this process: the same command, output and exit code without the seconds a process
 * start costs. Real processes remain where the test is about them (the first keygen and sync on the
 * first database prove the wiring; the viewer under unshare -n; kill -9 during a sync).
 */
async function run(args: string[]): Promise<Run> {
  const { code, stdout, stderr } = await runCli(args, { env: { ...process.env, KASUS_LOG_LEVEL: 'silent' } });
  return { code, signal: null, stdout, stderr };
}
const SPAWN_ON = testDialects()[0];

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every file under dir, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The HTTP checks run inside the viewer's network namespace (plain node, fetch only). */
const CHECKER = String.raw`
const [base, inputText] = process.argv.slice(2);
const input = JSON.parse(inputText);
const out = {};
const until = Date.now() + 90000;
for (;;) {
  try { const r = await fetch(base + '/api/offline/status'); if (r.ok) { out.status = await r.json(); break; } } catch {}
  if (Date.now() > until) { console.log(JSON.stringify({ error: 'viewer did not start' })); process.exit(0); }
  await new Promise((r) => setTimeout(r, 200));
}
try { await fetch(input.serverUrl + '/api/health', { signal: AbortSignal.timeout(3000) }); out.outside = 'reachable'; } catch { out.outside = 'unreachable'; }
const wrong = await fetch(base + '/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lakare', password: 'wrong-password-1' }) });
out.wrongLogin = wrong.status;
const login = await fetch(base + '/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lakare', password: input.password }) });
out.login = login.status;
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const { csrfToken } = await login.json();
const h = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
const lookup = await fetch(base + '/api/patients/lookup', { method: 'POST', headers: h, body: JSON.stringify({ identifier: input.identifier }) });
out.lookup = { status: lookup.status, body: await lookup.json() };
const list = await fetch(base + '/api/cases?patientId=' + input.patientId, { headers: h });
out.list = { status: list.status, body: await list.json() };
const search = await fetch(base + '/api/cases?q=' + encodeURIComponent(input.word), { headers: h });
out.search = { status: search.status, body: await search.json() };
const one = await fetch(base + '/api/cases/' + input.caseId, { headers: h });
out.case = { status: one.status, body: await one.json() };
const thumb = await fetch(base + '/api/media/' + input.mediaId + '/thumbnail', { headers: h });
out.thumbnail = { status: thumb.status, type: thumb.headers.get('content-type'), size: (await thumb.arrayBuffer()).byteLength };
const original = await fetch(base + '/api/media/' + input.mediaId + '/original', { headers: h });
out.original = original.status;
const create = await fetch(base + '/api/cases', { method: 'POST', headers: h, body: JSON.stringify({ patientId: input.patientId, departmentId: input.departmentId }) });
out.create = { status: create.status, body: await create.json() };
const patch = await fetch(base + '/api/cases/' + input.caseId, { method: 'PATCH', headers: h, body: JSON.stringify({ values: { site: 'x' } }) });
out.patch = { status: patch.status, body: await patch.json() };
const print = await fetch(base + '/api/offline/prints', { method: 'POST', headers: h, body: JSON.stringify({ caseId: input.caseId, reason: 'Vård av patienten under driftstopp' }) });
out.print = { status: print.status, body: await print.json() };
const noReason = await fetch(base + '/api/offline/prints', { method: 'POST', headers: h, body: JSON.stringify({ caseId: input.caseId, reason: 'x' }) });
out.printNoReason = noReason.status;
console.log(JSON.stringify(out));
`;

describe.each(testDialects())('offline read copy, workstation end to end, on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let serverUrl: string;
  let root: string;
  let dir: string;
  let token: string;
  let workstationId: string;
  let surgery: string;
  let dermatology: string;
  let patientId: string;
  let caseId: string;
  let purgedCaseId: string;
  let mediaId: string;
  let removedMediaId: string;
  /** The proxy between the CLI and the server: passes, or tampers with / replays the server's answers. */
  let proxy: Server;
  let proxyUrl: string;
  let mode: 'pass' | 'tamper-part' | 'tamper-manifest' | 'replay' = 'pass';
  let firstManifestAnswer: Buffer | null = null;

  const db = () => t.services.database.db;

  async function waitFor(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('timed out');
      await sleep(100);
    }
  }

  async function snapshot(): Promise<number> {
    const response = await t.as(admin, 'POST', '/api/offline-copy/snapshots');
    expect(response.statusCode, response.body).toBe(202);
    const { sequence } = response.json() as { sequence: number };
    await waitFor(async () => (await db().selectFrom('offline_snapshot').select('finished_at').where('sequence', '=', sequence).executeTakeFirst())?.finished_at != null);
    return sequence;
  }

  const syncArgs = (server = proxyUrl) => ['offline-copy', 'sync', '--server', server, '--token', token, '--dir', dir];
  const sync = (server = proxyUrl) => run(syncArgs(server));

  async function held(): Promise<{ sequence: number; caseIds: string[] }> {
    const key = (await DataKey.load(dir, readIdentity(path.join(dir, 'identity.key'))))!;
    const store = EncryptedStore.open(dir, key);
    try {
      return { sequence: store.state()!.sequence, caseIds: [...store.rows('clinical_case')].map((r) => String(r.id)).sort() };
    } finally {
      store.close();
    }
  }

  async function photo(name: string, color: number): Promise<string> {
    const file = path.join(root, name);
    await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: color, g: 80, b: 120 } } }).jpeg().toFile(file);
    return file;
  }

  async function caseWithPhoto(departmentId: string, color: number): Promise<{ caseId: string; mediaId: string }> {
    const created = await t.as(admin, 'POST', '/api/cases', { patientId, departmentId });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const uploaded = await t.upload(admin, id, [{ path: await photo(`p${color}.jpg`, color) }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
    const media = (await db().selectFrom('media').select('id').where('case_id', '=', id).executeTakeFirstOrThrow()).id;
    await waitFor(async () => (await db().selectFrom('media_derivative').select('kind').where('media_id', '=', media).execute()).some((d) => d.kind === 'thumbnail'));
    return { caseId: id, mediaId: media };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    serverUrl = await t.listen();
    admin = await t.login('admin');
    root = mkdtempSync(path.join(tmpdir(), 'kasus-workstation-'));
    dir = path.join(root, 'ws');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
    patientId = (await t.as(admin, 'POST', '/api/patients/lookup', { identifier: IDENTIFIER })).json().id;
    ({ caseId, mediaId } = await caseWithPhoto(surgery, 200));
    const changed = await t.as(admin, 'PATCH', `/api/cases/${caseId}`, { values: { site: FORM_TEXT } });
    expect(changed.statusCode, changed.body).toBe(200);
    const captioned = await t.as(admin, 'PATCH', `/api/cases/${caseId}/media/${mediaId}`, { caption: CAPTION });
    expect(captioned.statusCode, captioned.body).toBeLessThan(300);
    ({ caseId: purgedCaseId, mediaId: removedMediaId } = await caseWithPhoto(surgery, 40));
    await caseWithPhoto(dermatology, 90);

    proxy = createServer((req, res) => {
      const upstream = httpRequest(`${serverUrl}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let body: Buffer = Buffer.concat(chunks);
          const isManifest = req.url!.startsWith('/api/offline-copy/sync/manifest') && answer.statusCode === 200;
          if (isManifest && !firstManifestAnswer) firstManifestAnswer = body;
          if (isManifest && mode === 'replay' && firstManifestAnswer) body = firstManifestAnswer;
          if (isManifest && mode === 'tamper-manifest') {
            const parsed = JSON.parse(body.toString()) as { manifest: string; signature: string };
            parsed.manifest = parsed.manifest.replace('Reservdator Kirurgen', 'Reservdator Kirurgem');
            body = Buffer.from(JSON.stringify(parsed));
          }
          if (req.url!.startsWith('/api/offline-copy/sync/parts/') && mode === 'tamper-part' && body.length > 0) {
            body = Buffer.from(body);
            body[body.length - 20]! ^= 0x01;
          }
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode!, headers).end(body);
        });
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  }, 240_000);

  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    await t?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('keygen writes a 0600 identity and prints the recipient last; registration takes it', async () => {
    const made = await (dialect === SPAWN_ON ? runProcess : run)(['offline-copy', 'keygen', '--dir', dir]);
    expect(made.code, made.stderr).toBe(0);
    const recipient = made.stdout.trim().split('\n').at(-1)!;
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(statSync(path.join(dir, 'identity.key')).mode & 0o777).toBe(0o600);
    const again = await run(['offline-copy', 'keygen', '--dir', dir]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists/);
    const registered = await t.as(admin, 'POST', '/api/offline-copy/workstations', { name: 'Reservdator Kirurgen', publicKey: recipient, departmentIds: [surgery] });
    expect(registered.statusCode, registered.body).toBe(201);
    ({ id: workstationId, token } = registered.json() as { id: string; token: string });
  }, 300_000);

  it('syncs a full copy (key pinned, parts checked, progress printed), which Debian age decrypts', async () => {
    const first = await snapshot();
    const synced = await (dialect === SPAWN_ON ? runProcess : run)(syncArgs());
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(/Part 1\/\d+ \S+\.age: \d+ bytes/);
    expect(synced.stdout).toMatch(/Copy updated to sequence \d+ \(full\)/);
    const pinned = (await t.as(admin, 'GET', '/api/offline-copy/server-key')).json().publicKey as string;
    expect(readFileSync(path.join(dir, 'server-key.pub'), 'utf8').trim()).toBe(pinned);
    const copy = await held();
    expect(copy.sequence).toBeGreaterThanOrEqual(first);
    expect(copy.caseIds).toEqual([caseId, purgedCaseId].sort());
    const part = readdirSync(path.join(dir, 'parts'))[0]!;
    const plain = await new Promise<string>((resolve, reject) =>
      execFile('age', ['-d', '-i', path.join(dir, 'identity.key'), path.join(dir, 'parts', part)], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(plain.split('\n').filter(Boolean).map((l) => JSON.parse(l).table)).toContain('department');
    const current = await sync();
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toMatch(/current/);
  }, 240_000);

  it('applies a change, a removal and a purge on the server at the next sync', async () => {
    const before = await held();
    const changed = await t.as(admin, 'PATCH', `/api/cases/${caseId}`, { values: { site: `${FORM_TEXT} höger` } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await t.as(admin, 'DELETE', `/api/cases/${purgedCaseId}/media/${removedMediaId}`)).statusCode).toBe(200);
    // A purge removes the case for real (no purge route yet: the rows go as a purge removes them).
    await db().deleteFrom('media_derivative').where('media_id', 'in', db().selectFrom('media').select('id').where('case_id', '=', purgedCaseId)).execute();
    await db().deleteFrom('media').where('case_id', '=', purgedCaseId).execute();
    await db().deleteFrom('case_word').where('case_id', '=', purgedCaseId).execute();
    await db().deleteFrom('case_version').where('case_id', '=', purgedCaseId).execute();
    await db().deleteFrom('clinical_case').where('id', '=', purgedCaseId).execute();
    await snapshot();
    const synced = await sync();
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(/from \d+/);
    const after = await held();
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.caseIds).toEqual([caseId]);
    const key = (await DataKey.load(dir, readIdentity(path.join(dir, 'identity.key'))))!;
    const store = EncryptedStore.open(dir, key);
    const stored = store.get('clinical_case', { id: caseId })!;
    expect(JSON.parse(String(stored.form_values)).site).toBe(`${FORM_TEXT} höger`);
    expect(store.get('media', { id: removedMediaId })).toBeUndefined();
    store.close();
  }, 240_000);

  it('serves the copy under unshare -n: sign in, lookup, cases, thumbnail, print; writes answer 405 read_only_copy', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const checker = path.join(root, 'checker.mjs');
    writeFileSync(checker, CHECKER);
    const input = JSON.stringify({ serverUrl, password: DEMO_PASSWORD, identifier: IDENTIFIER, patientId, caseId, mediaId, departmentId: surgery, word: 'zqxwvutsrq' });
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const script = [
      'ip link set lo up',
      `${quote(process.execPath)} ${quote(kasusCli())} offline-copy serve --dir ${quote(dir)} --key ${quote(path.join(dir, 'identity.key'))} --port ${port} > ${quote(path.join(root, 'viewer.log'))} 2>&1 &`,
      'viewer=$!',
      `${quote(process.execPath)} ${quote(checker)} http://127.0.0.1:${port} ${quote(input)}`,
      'status=$?',
      'kill $viewer; wait $viewer',
      'exit $status',
    ].join('\n');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('unshare', ['-n', 'sh', '-c', script], { cwd: ROOT, env: { ...process.env, KASUS_LOG_LEVEL: 'silent' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.code, `${result.stderr}\n${readFileSync(path.join(root, 'viewer.log'), 'utf8')}`).toBe(0);
    const out = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(out.error, readFileSync(path.join(root, 'viewer.log'), 'utf8')).toBeUndefined();
    expect(readFileSync(path.join(root, 'viewer.log'), 'utf8')).toContain('Kasus backup copy (read only) on http://127.0.0.1:');
    expect(out.outside).toBe('unreachable');
    expect(out.status).toMatchObject({ sequence: (await held()).sequence, workstation: { id: workstationId, name: 'Reservdator Kirurgen' } });
    expect(out.status.ageMinutes).toBeGreaterThanOrEqual(0);
    expect(out.wrongLogin).toBe(401);
    expect(out.login).toBe(200);
    expect(out.lookup.status).toBe(200);
    expect(out.lookup.body.id).toBe(patientId);
    expect(out.list.status).toBe(200);
    expect(out.list.body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(out.search.body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(out.case.status).toBe(200);
    expect(JSON.stringify(out.case.body)).toContain(FORM_TEXT);
    expect(out.thumbnail).toMatchObject({ status: 200 });
    expect(out.thumbnail.size).toBeGreaterThan(100);
    expect(out.original).toBe(404);
    expect(out.create).toMatchObject({ status: 405, body: { code: 'read_only_copy' } });
    expect(out.patch).toMatchObject({ status: 405, body: { code: 'read_only_copy' } });
    expect(out.print.status).toBe(201);
    expect(out.printNoReason).toBe(400);
  }, 300_000);

  it('uploads the access log at the next sync: the server appends it to its audit log with the workstation as origin', async () => {
    const synced = await sync();
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(/Access log: \d+ entries uploaded/);
    const appended = await db().selectFrom('audit_event').select(['action', 'username', 'outcome', 'details']).where('details', 'like', '%"origin":"offline-copy"%').orderBy('seq').execute();
    const actions = appended.map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['login:success', 'login:refused', 'patient.lookup:success', 'case.read:success', 'case.print:success']));
    expect(appended.some((a) => a.outcome !== 'success')).toBe(true);
    expect(appended.every((a) => JSON.parse(a.details).workstationId === workstationId)).toBe(true);
    expect(JSON.parse(appended.find((a) => a.action === 'case.print')!.details).reason).toBe('Vård av patienten under driftstopp');
  }, 300_000);

  it('refuses a tampered part, a tampered manifest, a replayed older manifest and a revoked workstation, leaving the copy untouched', async () => {
    // A change, so the server has something newer than the copy.
    expect((await t.as(admin, 'PATCH', `/api/cases/${caseId}`, { values: { site: `${FORM_TEXT} igen` } })).statusCode).toBe(200);
    await snapshot();
    const store = path.join(dir, 'store.db');
    const before = sha256(store);
    const manifest = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    for (const [tamper, message] of [
      ['tamper-part', /SHA-256|larger|bytes/],
      ['tamper-manifest', /signature/],
      ['replay', /rollback/],
    ] as const) {
      mode = tamper;
      const refused = await sync();
      expect(refused.code, tamper).not.toBe(0);
      expect(refused.stderr.trim().split('\n'), tamper).toHaveLength(1);
      expect(refused.stderr, tamper).toMatch(message);
      expect(sha256(store), tamper).toBe(before);
      expect(readFileSync(path.join(dir, 'manifest.json'), 'utf8'), tamper).toBe(manifest);
    }
    mode = 'pass';
    const unreachable = await sync('http://127.0.0.1:9');
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr).toMatch(/Cannot reach the server/);
    expect(sha256(store)).toBe(before);
  }, 240_000);

  it('a kill -9 at any point of a sync leaves a copy that is readable and served', async () => {
    let previous = (await held()).sequence;
    for (let round = 0; round < 6; round++) {
      const copy = await held();
      if (copy.sequence >= (await db().selectFrom('offline_snapshot').select((eb) => eb.fn.max('sequence').as('max')).executeTakeFirstOrThrow()).max!) {
        await t.as(admin, 'PATCH', `/api/cases/${caseId}`, { values: { site: `${FORM_TEXT} ${round}` } });
        await snapshot();
      }
      const { child, done } = kasus(syncArgs());
      if (round % 2 === 0) {
        // Right after the download is checked: while the parts are applied, committed or moved into place.
        await new Promise<void>((resolve) => {
          const onData = (chunk: Buffer) => {
            if (!chunk.toString().includes('Part ')) return;
            child.stdout!.off('data', onData);
            setTimeout(resolve, Math.floor(Math.random() * 40));
          };
          child.stdout!.on('data', onData);
          void done.then(() => resolve());
        });
      } else {
        await sleep(300 + Math.floor(Math.random() * 1500));
      }
      child.kill('SIGKILL');
      await done;
      const now = await held();
      expect(now.sequence).toBeGreaterThanOrEqual(previous);
      expect(now.caseIds).toEqual([caseId]);
      previous = now.sequence;
    }
    const viewer = await startViewer({ dir, keyFile: path.join(dir, 'identity.key'), port: 0, reloadMs: 0 });
    try {
      const login = await fetch(`${viewer.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lakare', password: DEMO_PASSWORD }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const one = await fetch(`${viewer.url}/api/cases/${caseId}`, { headers: { cookie } });
      expect(one.status).toBe(200);
      expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).sequence).toBe(viewer.state.sequence);

      // A sync while the viewer runs: the viewer loads the newer copy, and the user stays signed in.
      expect(await viewer.reload()).toBe(false);
      expect((await t.as(admin, 'PATCH', `/api/cases/${caseId}`, { values: { site: `${FORM_TEXT} senast` } })).statusCode).toBe(200);
      await snapshot();
      const finished = await sync();
      expect(finished.code, finished.stderr).toBe(0);
      const before = viewer.state.sequence;
      expect(await viewer.reload()).toBe(true);
      expect(viewer.state.sequence).toBeGreaterThan(before);
      const status = (await (await fetch(`${viewer.url}/api/offline/status`)).json()) as { sequence: number };
      expect(status.sequence).toBe(viewer.state.sequence);
      const fresh = await fetch(`${viewer.url}/api/cases/${caseId}`, { headers: { cookie } });
      expect(fresh.status).toBe(200);
      expect(JSON.stringify(await fresh.json())).toContain(`${FORM_TEXT} senast`);
    } finally {
      await viewer.close();
    }
  }, 300_000);

  it('keeps nothing readable in DIR: no identifier, form text, caption or username in any file', async () => {
    const needles = [IDENTIFIER, IDENTIFIER.replace('-', ''), FORM_TEXT, 'Zqxwvutsrq', CAPTION, 'lakare', 'skoterska', 'Kirurgkliniken'];
    const files = filesUnder(dir);
    expect(files.map((f) => path.relative(dir, f))).toEqual(expect.arrayContaining(['identity.key', 'store.db', 'store.key.age', 'access-log.db', 'manifest.json', 'manifest.json.minisig', 'server-key.pub']));
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const needle of needles) {
        expect(bytes.includes(Buffer.from(needle, 'utf8')), `${path.relative(dir, file)} holds ${needle}`).toBe(false);
        expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${path.relative(dir, file)} holds ${needle} (UTF-16)`).toBe(false);
      }
    }
  });

  it('refuses every sync once the workstation is revoked, with the copy untouched', async () => {
    const before = sha256(path.join(dir, 'store.db'));
    expect((await t.as(admin, 'DELETE', `/api/offline-copy/workstations/${workstationId}`)).statusCode).toBe(204);
    const refused = await sync();
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/revoked/);
    expect(sha256(path.join(dir, 'store.db'))).toBe(before);
  }, 300_000);
});
