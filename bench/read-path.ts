/**
 * The read path under a morning round (issue 20): 50 concurrent clients (autocannon) on
 *   - `/api/health` unauthenticated and with a bearer token,
 *   - a patient's case list (`GET /api/cases?patientId=…`, 20 cases),
 *   - one case with its media list (`GET /api/cases/{id}`, 3 photos),
 *   - a thumbnail (`GET /api/media/{id}/thumbnail`),
 * each as a ratio to a bare Fastify hello-world started by this script in the same run, with p50/p95/p99,
 * the requests over 1 s, and the server's event-loop delay p99 (monitorEventLoopDelay, measured inside
 * the server's own process over each measurement); the three patient-data routes also with audit off
 * (the bench-only `auditOffForBenchmark`), for the ratio audited/unaudited. On SQLite and PostgreSQL.
 *
 *   npm run bench:read-path     (DIALECTS=sqlite,postgres CONNECTIONS=50 DURATION=8 WARMUP=2 ROUNDS=1)
 *   profiling one route: ROUTES="case list" SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   KEEP_DATABASE=1 keeps the seeded database and prints where it is
 *
 * Goals (issue 20): authenticated health ≥ 0.8× unauthenticated; case list and case read ≥ 0.2×
 * hello-world, p99 < 50 ms, 0 requests over 1 s; audited ≥ 0.9× unaudited; event-loop delay p99 < 20 ms.
 *
 * Each database is new for the run (SQLite in a temporary directory; PostgreSQL a fresh database on
 * BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards), seeded
 * through the API as the demo physician (who also makes the bearer token every authenticated request
 * uses). Servers (Kasus and hello-world) run in their own processes, this script started again with
 * `--serve` or `--hello`, so the load generator does not share their event loop. With ROUNDS > 1 the
 * modes alternate and each one's best round is kept, so that a burst of other load on the machine
 * does not land on one mode only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import sharp from 'sharp';
import { bootstrap } from '../src/server/bootstrap/bootstrap.js';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo-data.js';
import { loadConfig } from '../src/server/config/config.js';
import { openDatabase, type DialectName } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { buildApp } from '../src/server/http/app.js';
import { createServices } from '../src/server/services.js';
import { createAppOn, createSqliteDatabase, type AppDatabase } from '../test/helpers/kasus-app.js';

const DIALECTS = (process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as DialectName[];
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const DURATION = Number(process.env.DURATION ?? 8);
const WARMUP = Number(process.env.WARMUP ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCRIPT = fileURLToPath(import.meta.url);
/** Only these routes (comma-separated names, e.g. `case list`); all when unset. For profiling one route. */
const ONLY_ROUTES = process.env.ROUTES?.split(',').map((r) => r.trim());
/** Extra node options for the Kasus server's process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const SERVER_NODE_OPTIONS = process.env.SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];

const GOALS = { authHealth: 0.8, vsHello: 0.2, p99Ms: 50, auditedRatio: 0.9, eventLoopP99Ms: 20 };

type Mode = 'audited' | 'unaudited';

/** Reports the event-loop delay on stdin's "eld" (p99 in ms since the last "reset"); ends when stdin closes. */
function answerOnStdin(onEnd: () => Promise<void>): void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let buffer = '';
  process.stdin.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const command = buffer.slice(0, i).trim();
      buffer = buffer.slice(i + 1);
      if (command === 'reset') {
        histogram.reset();
        process.stdout.write('ok\n');
      } else if (command === 'eld') {
        process.stdout.write(`eld ${histogram.percentile(99) / 1e6} ${histogram.max / 1e6}\n`);
      }
    }
  });
  process.stdin.on('end', async () => {
    await onEnd();
    process.exit(0);
  });
}

/** Kasus as in production, in this process: `--serve <database-url> <data-dir> <mode>`. */
async function serve(databaseUrl: string, dataDir: string, mode: Mode): Promise<void> {
  const config = loadConfig({ KASUS_DATA_DIR: dataDir, KASUS_DATABASE_URL: databaseUrl, KASUS_LOG_LEVEL: 'silent', KASUS_ADMIN_PASSWORD: 'bench-admin-password', KASUS_WORKER: 'off' });
  const database = await openDatabase(config.databaseUrl);
  await migrateToLatest(database);
  const services = createServices(config, database, { auditOffForBenchmark: mode === 'unaudited' });
  await bootstrap(services);
  const app = await buildApp(services, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  answerOnStdin(async () => {
    await app.close();
    await database.close();
  });
  process.stdout.write(`listening ${(app.server.address() as AddressInfo).port}\n`);
}

/** The baseline: a bare Fastify answering a small JSON, `--hello`. */
async function hello(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  answerOnStdin(() => app.close());
  process.stdout.write(`listening ${(app.server.address() as AddressInfo).port}\n`);
}

interface Server {
  url: string;
  resetDelay(): Promise<void>;
  /** Event-loop delay p99 and max in ms since resetDelay. */
  delay(): Promise<{ p99: number; max: number }>;
  stop(): Promise<void>;
}

async function start(args: string[]): Promise<Server> {
  const nodeOptions = args[0] === '--serve' ? SERVER_NODE_OPTIONS : [];
  const child: ChildProcess = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = '';
  const waiting: ((line: string) => void)[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      waiting.shift()?.(line);
    }
  });
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  const ask = async (command: string) => {
    const line = nextLine();
    child.stdin!.write(`${command}\n`);
    return line;
  };
  const port = (await nextLine()).split(' ')[1];
  return {
    url: `http://127.0.0.1:${port}`,
    resetDelay: async () => void (await ask('reset')),
    async delay() {
      const [, p99, max] = (await ask('eld')).split(' ');
      return { p99: Number(p99), max: Number(max) };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

interface Seeded {
  database: AppDatabase;
  token: string;
  patientId: string;
  caseId: string;
  mediaId: string;
}

/** A fresh database with the demo data, one patient's 20 cases (the first with 3 photos and their derived files), and a bearer token. */
async function seed(dialect: DialectName): Promise<Seeded> {
  let database: AppDatabase;
  if (dialect === 'sqlite') {
    database = createSqliteDatabase();
  } else {
    const name = `kasus_bench_read_${Date.now()}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    const dataDir = createSqliteDatabase().dataDir;
    database = {
      url: url.toString(),
      dataDir,
      drop: async () => {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`drop database if exists ${name} with (force)`);
        await client.end();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  // The test helper's app (same migrations, demo data, the worker inline) seeds through the API; closed before the run.
  const t = await createAppOn({ ...database, drop: async () => {} }, { KASUS_ADMIN_PASSWORD: 'bench-admin-password' });
  const doctor = await t.login('lakare', DEMO_PASSWORD);
  const token = (await t.as(doctor, 'POST', '/api/tokens', { name: 'read-path bench' })).json().token as string;
  const patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
  const departments = (await t.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
  const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
  const findings = ['Sårkontroll, rodnad i kanten', 'Läkt operationssår utan anmärkning', 'Svullnad och rodnad kring stygn', 'Liten fistel, ingen rodnad'];
  const caseIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
    if (created.statusCode !== 201) throw new Error(`seeding a case failed: ${created.statusCode} ${created.body}`);
    caseIds.push(created.json().id);
    const saved = await t.as(doctor, 'PATCH', `/api/cases/${created.json().id}`, { values: { site: 'Vänster underarm', finding: findings[i % findings.length] } });
    if (saved.statusCode !== 200) throw new Error(`seeding a case failed: ${saved.statusCode} ${saved.body}`);
  }
  const photos = mkdtempSync(path.join(os.tmpdir(), 'kasus-bench-photos-'));
  const files = [];
  for (let i = 0; i < 3; i++) {
    const file = path.join(photos, `foto-${i + 1}.jpg`);
    await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 180 + i * 20, g: 90, b: 80 } } }).jpeg({ quality: 85 }).toFile(file);
    files.push({ path: file });
  }
  const uploaded = await t.upload(doctor, caseIds[0]!, files);
  rmSync(photos, { recursive: true, force: true });
  if (uploaded.status !== 200 || uploaded.body.items.length !== 3) throw new Error(`seeding photos failed: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  const mediaIds = (uploaded.body.items as { id: string }[]).map((m) => m.id);
  const deadline = Date.now() + 120_000;
  for (const id of mediaIds) {
    while (!(await t.as(doctor, 'GET', `/api/media/${id}`)).json().derivatives?.thumbnail) {
      if (Date.now() > deadline) throw new Error('the photos\' thumbnails were not made in 2 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await t.close();
  return { database, token, patientId, caseId: caseIds[0]!, mediaId: mediaIds[0]! };
}

interface Figures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  overOneSecond: number;
  errors: number;
  eventLoopP99: number;
}

async function measure(server: Server, route: string, headers: Record<string, string>): Promise<Figures> {
  const run = async (seconds: number, times: number[] | null) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url: server.url + route, connections: CONNECTIONS, duration: seconds, headers }, (error, done) => (error ? reject(error) : resolve(done)));
      // Every response's time, for exact percentiles (autocannon's summary has no p95).
      if (times) instance.on('response', (_client, _status, _bytes, ms) => void times.push(ms));
    });
  await run(WARMUP, null);
  const times: number[] = [];
  await server.resetDelay();
  const result = await run(DURATION, times);
  const delay = await server.delay();
  times.sort((x, y) => x - y);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
  return {
    rps: result.requests.total / DURATION,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    overOneSecond: times.filter((ms) => ms > 1000).length,
    errors: result.errors + result.timeouts + result.non2xx,
    eventLoopP99: delay.p99,
  };
}

const better = (a: Figures | undefined, b: Figures) => (!a || b.rps > a.rps ? b : a);
const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(9);

async function benchDialect(dialect: DialectName): Promise<{ rows: string[]; verdicts: string[]; met: boolean }> {
  const seeded = await seed(dialect);
  const bearer = { authorization: `Bearer ${seeded.token}` };
  const routes = [
    { name: 'health', path: '/api/health', headers: {}, audited: false },
    { name: 'health+token', path: '/api/health', headers: bearer, audited: false },
    { name: 'case list', path: `/api/cases?patientId=${seeded.patientId}`, headers: bearer, audited: true },
    { name: 'case read', path: `/api/cases/${seeded.caseId}`, headers: bearer, audited: true },
    { name: 'thumbnail', path: `/api/media/${seeded.mediaId}/thumbnail`, headers: bearer, audited: true },
  ].filter((route) => !ONLY_ROUTES || ONLY_ROUTES.includes(route.name));
  const best = new Map<string, Figures>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const baseline = await start(['--hello']);
      try {
        best.set('hello', better(best.get('hello'), await measure(baseline, '/', {})));
      } finally {
        await baseline.stop();
      }
      for (const mode of ['audited', 'unaudited'] as Mode[]) {
        const server = await start(['--serve', seeded.database.url, seeded.database.dataDir, mode]);
        try {
          for (const route of routes) {
            if (mode === 'unaudited' && !route.audited) continue;
            const key = `${route.name}|${mode}`;
            best.set(key, better(best.get(key), await measure(server, route.path, route.headers)));
          }
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    if (process.env.KEEP_DATABASE) console.log(`database kept: ${seeded.database.url} ${seeded.database.dataDir}`);
    else await seeded.database.drop();
  }
  const hello = best.get('hello')!;
  const rows = [`${dialect.padEnd(9)}${'hello-world'.padEnd(14)}${''.padEnd(10)}${fmt(hello.rps)}${fmt(1, 3)}${fmt(hello.p50, 1)}${fmt(hello.p95, 1)}${fmt(hello.p99, 1)}${fmt(hello.overOneSecond)}${fmt(hello.errors)}${fmt(hello.eventLoopP99, 1)}`];
  for (const route of routes) {
    for (const mode of ['audited', 'unaudited'] as Mode[]) {
      const f = best.get(`${route.name}|${mode}`);
      if (!f) continue;
      rows.push(`${dialect.padEnd(9)}${route.name.padEnd(14)}${(route.audited ? mode : '').padEnd(10)}${fmt(f.rps)}${fmt(f.rps / hello.rps, 3)}${fmt(f.p50, 1)}${fmt(f.p95, 1)}${fmt(f.p99, 1)}${fmt(f.overOneSecond)}${fmt(f.errors)}${fmt(f.eventLoopP99, 1)}`);
    }
  }
  const verdicts: string[] = [];
  let met = true;
  const check = (ok: boolean, text: string) => {
    met &&= ok;
    verdicts.push(`${dialect.padEnd(9)}${ok ? 'meets ' : 'MISSES'} ${text}`);
  };
  const get = (name: string, mode: Mode = 'audited') => best.get(`${name}|${mode}`)!;
  const measured = (name: string, mode: Mode = 'audited') => best.has(`${name}|${mode}`);
  if (measured('health+token') && measured('health')) {
    const authRatio = get('health+token').rps / get('health').rps;
    check(authRatio >= GOALS.authHealth, `health with a token ${authRatio.toFixed(2)}× unauthenticated (goal ≥ ${GOALS.authHealth})`);
  }
  for (const name of ['case list', 'case read'].filter((n) => measured(n))) {
    const f = get(name);
    const ratio = f.rps / hello.rps;
    check(ratio >= GOALS.vsHello, `${name} ${ratio.toFixed(3)}× hello-world (goal ≥ ${GOALS.vsHello})`);
    check(f.p99 < GOALS.p99Ms && f.overOneSecond === 0, `${name} p99 ${f.p99.toFixed(1)} ms, ${f.overOneSecond} over 1 s (goal < ${GOALS.p99Ms} ms, none)`);
  }
  for (const route of routes.filter((r) => r.audited && measured(r.name) && measured(r.name, 'unaudited'))) {
    const ratio = get(route.name).rps / get(route.name, 'unaudited').rps;
    check(ratio >= GOALS.auditedRatio, `${route.name} audited ${ratio.toFixed(2)}× unaudited (goal ≥ ${GOALS.auditedRatio})`);
  }
  const worstDelay = Math.max(...[...best.entries()].filter(([k]) => k !== 'hello').map(([, f]) => f.eventLoopP99));
  check(worstDelay < GOALS.eventLoopP99Ms, `event-loop delay p99 at most ${worstDelay.toFixed(1)} ms over all routes (goal < ${GOALS.eventLoopP99Ms} ms)`);
  const errors = [...best.values()].reduce((n, f) => n + f.errors, 0);
  check(errors === 0, `${errors} errors or non-2xx answers`);
  return { rows, verdicts, met };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--serve') return serve(process.argv[3]!, process.argv[4]!, process.argv[5] as Mode);
  if (process.argv[2] === '--hello') return hello();
  console.log(`read-path: ${CONNECTIONS} connections, ${DURATION} s per measurement after ${WARMUP} s warm-up, best of ${ROUNDS} round(s)`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results = [];
  for (const dialect of DIALECTS) results.push(await benchDialect(dialect));
  console.log(
    `\n${'database'.padEnd(9)}${'route'.padEnd(14)}${'mode'.padEnd(10)}${'req/s'.padStart(9)}${'× hello'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'> 1 s'.padStart(9)}${'errors'.padStart(9)}${'ELD p99'.padStart(9)}`,
  );
  for (const r of results) for (const row of r.rows) console.log(row);
  console.log('');
  for (const r of results) for (const line of r.verdicts) console.log(line);
  console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(results.every((r) => r.met) ? 'All goals met.' : 'Some goals missed (above).');
}

await main();
