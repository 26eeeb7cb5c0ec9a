/**
 * Offline read copy (issue 13): a full snapshot of N cases with 3N thumbnails for one backup
 * workstation, timed against age-encrypting the same plaintext alone (same parts, same files) in the
 * same run; then an incremental snapshot after 1 % of the cases changed, as a share of the full one;
 * the resident memory of the process making the full snapshot (seeding runs in a child process, so
 * this process holds only what a server holds); and the workstation's side: a sync of the copy over
 * HTTP, the viewer's start, and patient search and case opening through the viewer's HTTP API.
 * Targets (issue 13, at N = 100,000): full ≤ 1.5× the encryption alone, incremental ≤ 0.05× the full,
 * RSS < 300 MB, viewer p95 < 50 ms.
 *
 *   npm run bench:offline-copy   (CASES=2000 by default; THUMB_KB=16; DIALECT=sqlite|postgres; LOOKUPS=300;
 *   KEEP_WORKSTATION=DIR keeps the workstation's copy, VIEWER_DIR=DIR measures only the viewer over such a copy;
 *   SEED_DIR=DIR seeds into DIR and keeps it (and the PostgreSQL database), and a later run with the same
 *   SEED_DIR, CASES, THUMB_KB and DIALECT measures over that archive without seeding it again;
 *   SEED_ONLY=1 with SEED_DIR only seeds; VIEWER=0 skips the workstation's sync and viewer)
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { Decrypter, Encrypter } from 'age-encryption';
import type { Insertable } from 'kysely';
import pg from 'pg';
import { bootstrap } from '../src/server/bootstrap/bootstrap.js';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo-data.js';
import { loadConfig } from '../src/server/config/config.js';
import { openDatabase } from '../src/server/db/database.js';
import type { ClinicalCaseTable, MediaDerivativeTable, MediaTable, PatientTable } from '../src/server/db/schema.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { buildApp } from '../src/server/http/app.js';
import { AgeFileWriter } from '../src/server/modules/offline-copy/age.js';
import { OfflineCopyRepository } from '../src/server/modules/offline-copy/offline-copy-repository.js';
import { PartWriter } from '../src/server/modules/offline-copy/part-writer.js';
import { hashToken } from '../src/server/modules/offline-copy/offline-copy-service.js';
import { validateIdentifier } from '../src/server/modules/identifiers/identifier.js';
import { createServices } from '../src/server/services.js';
import { generateIdentityFile, IDENTITY_FILE, readIdentity } from '../src/offline/keys.js';
import { sync } from '../src/offline/sync.js';

const CASES = Number(process.env.CASES ?? 2000);
const THUMB_KB = Number(process.env.THUMB_KB ?? 16);
const DIALECT = process.env.DIALECT ?? 'sqlite';
const LOOKUPS = Number(process.env.LOOKUPS ?? 300);
const BATCH = 500;

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** A valid Swedish personnummer (12 digits) for patient number i: a birth date from 1930 on and a serial, Luhn-checked. */
function personnummer(i: number): string {
  const day = new Date(Date.UTC(1930, 0, 1) + (i % 25_000) * 86_400_000);
  const serial = String(Math.floor(i / 25_000) % 1000).padStart(3, '0');
  const date = day.toISOString().slice(0, 10).replaceAll('-', '');
  const nine = date.slice(2) + serial;
  let sum = 0;
  for (let k = 0; k < 9; k++) {
    let d = Number(nine[k]) * (k % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  const valid = validateIdentifier(`${date}${serial}${(10 - (sum % 10)) % 10}`, { today: new Date() });
  if (!valid.valid) throw new Error(`bench identifier ${i} is not valid: ${valid.message}`);
  return valid.normalized;
}

const configFor = (dir: string, databaseUrl: string) =>
  loadConfig({ KASUS_DATA_DIR: path.join(dir, 'data'), KASUS_DATABASE_URL: databaseUrl, KASUS_ADMIN_PASSWORD: 'bench-admin-password', KASUS_LOG_LEVEL: 'silent', KASUS_WORKER: 'off', KASUS_PROBES: 'off' });

/** The department the bench fills: the demo physician's first, so the viewer can be read as that user. */
async function benchDepartment(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<string> {
  const row = await db
    .selectFrom('user_role as ur')
    .innerJoin('user_account as u', 'u.id', 'ur.user_id')
    .innerJoin('department as d', 'd.id', 'ur.department_id')
    .select('d.id')
    .where('u.username', '=', 'lakare')
    .orderBy('d.hsa_id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// --- the seeding child: migrates, bootstraps and fills the archive, then exits ---
if (process.env.BENCH_SEED_DIR) {
  const dir = process.env.BENCH_SEED_DIR;
  const config = configFor(dir, process.env.BENCH_DATABASE_URL!);
  const database = await openDatabase(config.databaseUrl);
  await migrateToLatest(database);
  const services = createServices(config, database);
  await bootstrap(services);
  const db = database.db;
  const department = await benchDepartment(db);
  const creator = await db.selectFrom('user_account').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  for (let start = 0; start < CASES; start += BATCH) {
    const patients: Insertable<PatientTable>[] = [];
    const cases: Insertable<ClinicalCaseTable>[] = [];
    const media: Insertable<MediaTable>[] = [];
    const derivatives: Insertable<MediaDerivativeTable>[] = [];
    const blobWrites: (() => Promise<unknown>)[] = [];
    const thumbnails: { key: string; size: number }[] = [];
    for (let i = start; i < Math.min(CASES, start + BATCH); i++) {
      const patientId = randomUUID();
      const caseId = randomUUID();
      patients.push({ id: patientId, identifier: personnummer(i), identifier_type: 'se_personnummer', region_oid: null, region_name: null, confidential: 0, created_at: now, updated_at: now });
      cases.push({
        id: caseId, patient_id: patientId, department_id: department, status: 'signed', version: 1, created_by: creator.id, created_at: now, updated_at: now,
        collection_id: null, form_version_id: null, form_values: JSON.stringify({ site: 'vänster underarm', note: `Sårkontroll dag ${i % 30}, läker väl.` }), signed_by: creator.id, signed_at: now,
      });
      for (let m = 0; m < 3; m++) {
        const mediaId = randomUUID();
        const blob = { key: '', size: 0 };
        blobWrites.push(async () => {
          // Written where the file store keeps it, without the store's fsyncs: seeding is not what is measured.
          const data = randomBytes(THUMB_KB * 1024);
          const key = createHash('sha256').update(data).digest('hex');
          const file = (services.blobs as unknown as { blobPath(key: string): string }).blobPath(key);
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, data);
          Object.assign(blob, { key, size: data.length });
        });
        media.push({
          id: mediaId, case_id: caseId, position: m, kind: 'image', status: 'ready', error_code: null, error_message: null, duplicate_of: null, original_filename: `IMG_${i}_${m}.jpg`,
          quarantine_key: null, upload_sha256: randomBytes(32).toString('hex'), upload_size: 3_000_000, mime: 'image/jpeg', size_bytes: 3_000_000, width: 4000, height: 3000,
          duration_ms: null, sha256: randomBytes(32).toString('hex'), captured_at: now, caption: null, removed_at: null, uploaded_by: creator.id, created_at: now, updated_at: now,
        });
        thumbnails.push(blob);
        derivatives.push({ media_id: mediaId, kind: 'thumbnail', blob_key: '', mime: 'image/jpeg', size_bytes: 0, width: 320, height: 240, created_at: now });
      }
    }
    // The thumbnails are written 16 at a time.
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let write = blobWrites.shift(); write; write = blobWrites.shift()) await write();
    }));
    derivatives.forEach((d, index) => Object.assign(d, { blob_key: thumbnails[index]!.key, size_bytes: thumbnails[index]!.size }));
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('patient').values(patients).execute();
      await trx.insertInto('clinical_case').values(cases).execute();
      for (let k = 0; k < media.length; k += 200) await trx.insertInto('media').values(media.slice(k, k + 200)).execute();
      for (let k = 0; k < derivatives.length; k += 300) await trx.insertInto('media_derivative').values(derivatives.slice(k, k + 300)).execute();
    });
  }
  await database.close();
  process.exit(0);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** The viewer as the workstation runs it (`kasus offline-copy serve`, a process of its own) over the copy in wsDir: its start, then patient search and case opening. */
async function measureViewer(wsDir: string, syncMs: number | null): Promise<void> {
  const viewerStart = performance.now();
  // VIEWER_NODE_ARGS: Node options for the viewer's process, e.g. "--cpu-prof --cpu-prof-dir=DIR".
  const child = spawn(process.execPath, [...(process.env.VIEWER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/server/cli.ts'), 'offline-copy', 'serve', '--dir', wsDir, '--key', path.join(wsDir, IDENTITY_FILE), '--port', '0'], {
    env: { ...process.env, KASUS_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const viewerUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the viewer exited (${code}) before it listened: ${out}`)));
  });
  const viewerMs = performance.now() - viewerStart;
  const viewer = { url: viewerUrl, close: async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  } };
  try {
    const login = await fetch(`${viewer.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lakare', password: DEMO_PASSWORD }) });
    if (login.status !== 200) throw new Error(`viewer login answered ${login.status}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const expectOk = async (response: Response, what: string) => {
      if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
      return response;
    };
    const searchMs: number[] = [];
    const openMs: number[] = [];
    for (let round = -20; round < LOOKUPS; round++) {
      const identifier = personnummer(Math.floor(Math.random() * CASES));
      // Patient search: the identifier looked up, then the patient's cases listed (what the search page does).
      let t = performance.now();
      const patient = (await (await expectOk(await fetch(`${viewer.url}/api/patients/lookup`, { method: 'POST', headers, body: JSON.stringify({ identifier }) }), 'lookup')).json()) as { id: string };
      const list = (await (await expectOk(await fetch(`${viewer.url}/api/cases?patientId=${patient.id}`, { headers }), 'case list')).json()) as { items: { id: string }[] };
      const search = performance.now() - t;
      // Case opening: the case (form, media list) and its thumbnails, as the case page loads them.
      t = performance.now();
      const one = (await (await expectOk(await fetch(`${viewer.url}/api/cases/${list.items[0]!.id}`, { headers }), 'case')).json()) as { media?: { id: string }[] };
      await Promise.all((one.media ?? []).map(async (m) => (await expectOk(await fetch(`${viewer.url}/api/media/${m.id}/thumbnail`, { headers }), 'thumbnail')).arrayBuffer()));
      const opening = performance.now() - t;
      // The first rounds warm up and are not counted.
      if (round >= 0) {
        searchMs.push(search);
        openMs.push(opening);
      }
    }
    console.log(`Workstation: ${syncMs === null ? 'copy kept from an earlier run' : `sync of the copy over HTTP ${seconds(syncMs)} s`}; viewer ('kasus offline-copy serve', its own process) listening after ${seconds(viewerMs)} s`);
    const line = (name: string, values: number[]) =>
      `  ${name}: p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms  (target p95 < 50 ms)  ${percentile(values, 95) < 50 ? 'PASS' : 'FAIL'}`;
    console.log(`Viewer, ${LOOKUPS} rounds after 20 uncounted:`);
    console.log(line('patient search (lookup + case list)', searchMs));
    console.log(line('case opening (case + its thumbnails)', openMs));
  } finally {
    await viewer.close();
  }
}

// VIEWER_DIR=DIR: only the viewer's figures, over a workstation copy kept by an earlier run (KEEP_WORKSTATION=DIR; CASES as then).
if (process.env.VIEWER_DIR) {
  await measureViewer(path.resolve(process.env.VIEWER_DIR), null);
  process.exit(0);
}

// SEED_DIR: the archive is seeded once into a kept directory (and database) and measured again later.
const SEED_DIR = process.env.SEED_DIR ? path.resolve(process.env.SEED_DIR) : null;
const seedInfoFile = SEED_DIR ? path.join(SEED_DIR, 'seeded.json') : null;
const seedInfo = seedInfoFile && existsSync(seedInfoFile) ? (JSON.parse(readFileSync(seedInfoFile, 'utf8')) as { cases: number; thumbKb: number; dialect: string; databaseUrl: string }) : null;
if (seedInfo && (seedInfo.cases !== CASES || seedInfo.thumbKb !== THUMB_KB || seedInfo.dialect !== DIALECT)) {
  throw new Error(`SEED_DIR ${SEED_DIR} holds ${seedInfo.cases} cases of ${seedInfo.thumbKb} KB (${seedInfo.dialect}), not what this run asks for`);
}
if (SEED_DIR) mkdirSync(SEED_DIR, { recursive: true });
const dir = SEED_DIR ?? mkdtempSync(path.join(tmpdir(), 'kasus-offline-bench-'));
let dropPostgres: (() => Promise<void>) | null = null;
let databaseUrl = seedInfo?.databaseUrl ?? `sqlite:${path.join(dir, 'kasus.db')}`;
if (DIALECT === 'postgres' && !seedInfo) {
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `kasus_offline_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropPostgres = async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
}

try {
  if (seedInfo) {
    console.log(`Measuring over the archive seeded earlier in ${dir} (${CASES} cases, ${DIALECT}).`);
  } else {
    console.log(`Seeding ${CASES} cases and ${CASES * 3} thumbnails of ${THUMB_KB} KB (${DIALECT}) in a child process…`);
    const seedStart = performance.now();
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_SEED_DIR: dir, BENCH_DATABASE_URL: databaseUrl }, stdio: 'inherit' });
    if (seeded.status !== 0) throw new Error('seeding failed');
    console.log(`Seeded in ${seconds(performance.now() - seedStart)} s.`);
    if (seedInfoFile) {
      writeFileSync(seedInfoFile, JSON.stringify({ cases: CASES, thumbKb: THUMB_KB, dialect: DIALECT, databaseUrl }));
      dropPostgres = null;
    }
    if (process.env.SEED_ONLY === '1') process.exit(0);
  }

  // --- this process from here on: what a server holds (database, services, the snapshot) ---
  const config = configFor(dir, databaseUrl);
  const database = await openDatabase(config.databaseUrl);
  const services = createServices(config, database);
  const db = database.db;
  const now = new Date().toISOString();

  if (seedInfo) {
    // What an earlier run over this archive left: its workstation, builds, parts and change log.
    for (const table of ['offline_inventory_pending', 'offline_inventory', 'offline_part', 'offline_build', 'offline_access_log', 'offline_change', 'offline_snapshot', 'offline_workstation'] as const) {
      await db.deleteFrom(table).execute();
    }
    rmSync(services.offlineCopy.partsDir, { recursive: true, force: true });
    rmSync(path.join(dir, 'workstation'), { recursive: true, force: true });
  }

  // --- one workstation, with its identity where `kasus offline-copy keygen` puts it ---
  const wsDir = path.join(dir, 'workstation');
  mkdirSync(wsDir, { mode: 0o700 });
  const { recipient } = await generateIdentityFile(path.join(wsDir, IDENTITY_FILE));
  const identity = readIdentity(path.join(wsDir, IDENTITY_FILE));
  const token = `kwt_${randomBytes(32).toString('base64url')}`;
  const workstationId = randomUUID();
  const department = await benchDepartment(db);
  await new OfflineCopyRepository(database).insertWorkstation({
    id: workstationId, name: 'Bench', public_key: recipient, department_ids: JSON.stringify([department]),
    token_hash: hashToken(token), created_by: null, created_at: now, revoked_at: null, revoked_by: null, last_sync_at: null,
    synced_sequence: 0, synced_snapshot_at: null, built_sequence: 0, needs_full: 1, build_lease_until: null, missed_notified_for: null, access_log_seq: 0,
  });

  // --- the full snapshot, with RSS sampled ---
  global.gc?.();
  const idleRss = rssMb();
  const idleHeap = process.memoryUsage().heapUsed / 1048576;
  let peakRss = idleRss;
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const rss = rssMb();
    if (rss > peakRss) {
      peakRss = rss;
      atPeak = process.memoryUsage();
    }
  }, 50);
  // PHASES=1: where the full snapshot's time goes (time spent awaiting each repository call, image
  // read and part write; reads overlap with writing, so the figures add up to more than the whole).
  const phases = new Map<string, { calls: number; ms: number }>();
  const timed = <T extends object>(target: T, names: string[], prefix: string) => {
    for (const name of names) {
      const original = (target as Record<string, unknown>)[name] as (...args: unknown[]) => Promise<unknown>;
      (target as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        const t = performance.now();
        const result = original.apply(this, args);
        // Only what returns a promise is timed (a query builder is handed back as it is).
        if (!(result instanceof Promise)) return result;
        return result.finally(() => {
          const phase = phases.get(prefix + name) ?? { calls: 0, ms: 0 };
          phase.calls++;
          phase.ms += performance.now() - t;
          phases.set(prefix + name, phase);
        });
      };
    }
  };
  if (process.env.PHASES === '1') {
    const service = services.offlineCopy as unknown as Record<string, object>;
    const repository = service.repository!;
    timed(repository, Object.getOwnPropertyNames(Object.getPrototypeOf(repository)).filter((n) => n !== 'constructor' && n !== 'copyTables' && n !== 'db'), 'db ');
    timed(service, ['readBlob', 'putRows'], '');
    timed(PartWriter.prototype, ['writeLine', 'finish'], 'writer ');
  }
  // How long the event loop (where requests are answered) was held up while the snapshot ran.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuStart = process.cpuUsage();
  const fullStart = performance.now();
  await services.offlineCopy.runSnapshot(1);
  const fullMs = performance.now() - fullStart;
  const fullCpu = process.cpuUsage(cpuStart);
  loopDelay.disable();
  if (phases.size > 0) {
    console.log(`Full snapshot phases (awaited time, overlapping):`);
    for (const [name, { calls, ms }] of [...phases].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${name.padEnd(28)} ${String(calls).padStart(7)} calls ${seconds(ms).padStart(8)} s`);
    phases.clear();
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, rssMb());
  // What the snapshot left behind once collected (a leak would show here, lazy collection would not).
  global.gc?.();
  const afterGc = { rss: rssMb(), heap: process.memoryUsage().heapUsed / 1048576 };
  const fullParts = await db.selectFrom('offline_part').selectAll().where('workstation_id', '=', workstationId).where('sequence', '=', 1).orderBy('number').execute();
  const cipherBytes = fullParts.reduce((sum, p) => sum + Number(p.size), 0);

  // --- the baselines: the same plaintext, age-encrypted alone into the same number of files ---
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const plainFiles: string[] = [];
  let plainBytes = 0;
  let imagesChecked = 0;
  for (const part of fullParts) {
    const plain = await decrypter.decrypt(new Uint8Array(readFileSync(path.join(services.offlineCopy.partsDir, part.name))));
    // Every image in the copy is the one its key names (the snapshot reads images into reused buffers).
    for (const line of Buffer.from(plain).toString('utf8').split('\n')) {
      if (!line.startsWith('{"op":"put","table":"blob"')) continue;
      const { row } = JSON.parse(line) as { row: { key: string; data: string } };
      if (createHash('sha256').update(Buffer.from(row.data, 'base64')).digest('hex') !== row.key) throw new Error(`image ${row.key} in ${part.name} does not match its key`);
      imagesChecked++;
    }
    const file = path.join(dir, `${part.name}.plain`);
    writeFileSync(file, plain);
    plainFiles.push(file);
    plainBytes += plain.length;
  }
  const fsyncFile = async (file: string) => {
    const handle = await open(file, 'r');
    await handle.sync();
    await handle.close();
  };
  // (a) the age-encryption package (JavaScript ChaCha20-Poly1305): the baseline of the issue's first figures.
  const jsCpuStart = process.cpuUsage();
  const jsStart = performance.now();
  for (const file of plainFiles) {
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const encrypted = await encrypter.encrypt(Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>);
    await pipeline(Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>), createWriteStream(`${file}.age`));
    await fsyncFile(`${file}.age`);
  }
  const jsMs = performance.now() - jsStart;
  const jsCpu = process.cpuUsage(jsCpuStart);
  // (b) the server's own age writer (header by age-encryption, payload by Node's ChaCha20-Poly1305, fsynced like a part).
  const nativeStart = performance.now();
  for (const file of plainFiles) {
    const writer = await AgeFileWriter.create(`${file}.age`, recipient);
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) await writer.write(chunk as Buffer);
    await writer.finish();
  }
  const nativeMs = performance.now() - nativeStart;
  for (const file of plainFiles) {
    rmSync(file, { force: true });
    rmSync(`${file}.age`, { force: true });
  }

  // --- 1 % of the cases change; the incremental snapshot ---
  const changed = Math.max(1, Math.round(CASES / 100));
  const ids = (await db.selectFrom('clinical_case').select('id').where('department_id', '=', department).orderBy('id').limit(changed).execute()).map((r) => r.id);
  await db.updateTable('clinical_case').set({ form_values: JSON.stringify({ site: 'höger underarm', note: 'Ändrad.' }), updated_at: new Date().toISOString() }).where('id', 'in', ids).execute();
  const incStart = performance.now();
  await services.offlineCopy.runSnapshot(2);
  const incMs = performance.now() - incStart;
  const incBuild = await db.selectFrom('offline_build').selectAll().where('workstation_id', '=', workstationId).where('sequence', '=', 2).executeTakeFirstOrThrow();
  const incParts = await db.selectFrom('offline_part').select('size').where('workstation_id', '=', workstationId).where('sequence', '=', 2).execute();

  const jsRatio = fullMs / jsMs;
  const nativeRatio = fullMs / nativeMs;
  const incRatio = incMs / fullMs;
  console.log('');
  console.log(`Full snapshot:        ${seconds(fullMs)} s, ${fullParts.length} part(s), ${(plainBytes / 1048576).toFixed(1)} MiB plaintext, ${(cipherBytes / 1048576).toFixed(1)} MiB age; ${imagesChecked} images, each checked against its key`);
  console.log(`age-encrypting alone: ${seconds(jsMs)} s with the age-encryption package (JavaScript), ${seconds(nativeMs)} s with the server's writer (Node's ChaCha20-Poly1305); same plaintext, same files`);
  console.log(`  ratio full / encryption alone (age-encryption package): ${jsRatio.toFixed(2)}  (target ≤ 1.5)  ${jsRatio <= 1.5 ? 'PASS' : 'FAIL'}`);
  console.log(`  ratio full / encryption alone (the server's writer):    ${nativeRatio.toFixed(2)}  (target ≤ 1.5)  ${nativeRatio <= 1.5 ? 'PASS' : 'FAIL'}`);
  const cpuSeconds = (usage: NodeJS.CpuUsage) => ((usage.user + usage.system) / 1e6).toFixed(1);
  console.log(`  CPU time of this process (all its threads): full snapshot ${cpuSeconds(fullCpu)} s, age-encryption package alone ${cpuSeconds(jsCpu)} s`);
  console.log(`  event loop delay during the full snapshot: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
  console.log(`Incremental (${changed} of ${CASES} cases changed, full: ${incBuild.full === 1}): ${seconds(incMs)} s, ${incParts.reduce((s, p) => s + Number(p.size), 0)} bytes`);
  console.log(`  ratio incremental / full: ${incRatio.toFixed(3)}  (target ≤ 0.05)  ${incRatio <= 0.05 ? 'PASS' : 'FAIL'}`);
  console.log(`RSS during the full snapshot: idle ${idleRss.toFixed(0)} MB, peak ${peakRss.toFixed(0)} MB (growth ${(peakRss - idleRss).toFixed(0)} MB; V8 heap ${idleHeap.toFixed(0)} MB idle, at the peak ${(atPeak.heapUsed / 1048576).toFixed(0)} of ${(atPeak.heapTotal / 1048576).toFixed(0)} MB, buffers ${(atPeak.arrayBuffers / 1048576).toFixed(0)} MB)  (target peak < 300 MB)  ${peakRss < 300 ? 'PASS' : 'FAIL'}`);
  console.log(`  after the snapshot and a full collection: V8 heap ${afterGc.heap.toFixed(0)} MB, RSS ${afterGc.rss.toFixed(0)} MB`);

  if (process.env.VIEWER === '0') {
    await database.close();
    console.log('Workstation: not measured (VIEWER=0).');
  } else {
  // --- the workstation: sync over HTTP, start the viewer, search patients and open cases ---
  const app = await buildApp(services, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const server = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const syncStart = performance.now();
  await sync({ server, token, dir: wsDir, log: () => {} });
  const syncMs = performance.now() - syncStart;
  await app.close();
  await database.close();
  await measureViewer(wsDir, syncMs);
  }
} finally {
  await dropPostgres?.();
  // KEEP_WORKSTATION=DIR: the workstation's copy (and identity) is kept there, for VIEWER_DIR runs.
  if (process.env.KEEP_WORKSTATION && existsSync(path.join(dir, 'workstation'))) renameSync(path.join(dir, 'workstation'), path.resolve(process.env.KEEP_WORKSTATION));
  if (!SEED_DIR) rmSync(dir, { recursive: true, force: true });
}
