/**
 * What auditing every read costs under load (issues 12 and 20): a patient's case list
 * (`GET /api/cases?patientId=…`, 20 cases) and a word search (`GET /api/cases?q=…`), each driven by
 * 50 concurrent clients (autocannon), against Kasus with audit on and with audit off, in the same run,
 * on SQLite and on PostgreSQL. Prints req/s, p50/p95/p99, errors, and the ratio audited/unaudited,
 * against the goals audited ≥ 0.5× unaudited and p95 < 50 ms (audited: what clinicians get; the
 * unaudited run is only the ratio's baseline).
 *
 *   npm run bench:audited-throughput     (DIALECTS=sqlite,postgres CONNECTIONS=50 DURATION=10 WARMUP=3 ROUNDS=2)
 *
 * Each database is new for the run (SQLite in a temporary directory; PostgreSQL a fresh database on
 * BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards), made
 * by the app itself (migrations, demo data) and seeded through the API as the demo physician with
 * one patient's 20 cases. The server runs in its own process (this script, started again with
 * `--serve`), as in production, so the load generator does not share its event loop. Audit off is a
 * bench-only option of createServices (`auditOffForBenchmark`), not a setting a hospital could turn
 * on. Modes alternate (on, off, on, off, …, ROUNDS times) and each mode's best round is reported, so
 * that a burst of other load on the machine does not land on one mode only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
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
const DURATION = Number(process.env.DURATION ?? 10);
const WARMUP = Number(process.env.WARMUP ?? 3);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GOAL_RATIO = 0.5;
const GOAL_P95_MS = 50;
const SEARCH_WORD = 'rodnad';
const SCRIPT = fileURLToPath(import.meta.url);

type Mode = 'audited' | 'unaudited';

/** The server: started by the benchmark as `--serve <database-url> <data-dir> <mode>`; prints its port. */
async function serve(databaseUrl: string, dataDir: string, mode: Mode): Promise<void> {
  const config = loadConfig({ KASUS_DATA_DIR: dataDir, KASUS_DATABASE_URL: databaseUrl, KASUS_LOG_LEVEL: 'silent', KASUS_ADMIN_PASSWORD: 'bench-admin-password' });
  const database = await openDatabase(config.databaseUrl);
  await migrateToLatest(database);
  const services = createServices(config, database, { auditOffForBenchmark: mode === 'unaudited' });
  await bootstrap(services);
  const app = await buildApp(services, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { batches, events } = services.auditLog.appender.counts();
  process.stdout.write(`listening ${(app.server.address() as AddressInfo).port} ${batches} ${events}\n`);
  // Asked for the appender's figures on stdin ("counts"), answers them; ends when stdin closes.
  process.stdin.on('data', () => {
    const c = services.auditLog.appender.counts();
    process.stdout.write(`counts ${c.batches} ${c.events} ${c.largest}\n`);
  });
  process.stdin.on('end', async () => {
    await app.close();
    await database.close();
    process.exit(0);
  });
}

interface Server {
  url: string;
  counts(): Promise<{ batches: number; events: number; largest: number }>;
  stop(): Promise<void>;
}

async function startServer(databaseUrl: string, dataDir: string, mode: Mode): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--serve', databaseUrl, dataDir, mode], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
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
  const port = (await nextLine()).split(' ')[1];
  return {
    url: `http://127.0.0.1:${port}`,
    async counts() {
      const line = nextLine();
      child.stdin!.write('counts\n');
      const [, batches, events, largest] = (await line).split(' ').map(Number);
      return { batches: batches!, events: events!, largest: largest! };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

/** A fresh database with the demo data, one patient's 20 cases, and the demo physician's session cookie. */
async function seed(dialect: DialectName): Promise<{ database: AppDatabase; patientId: string; cookie: string }> {
  let database: AppDatabase;
  if (dialect === 'sqlite') {
    database = createSqliteDatabase();
  } else {
    const name = `kasus_bench_audit_${Date.now()}`;
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
  // The test helper's app (same migrations, demo data) seeds through the API; it is closed before the run.
  const t = await createAppOn({ ...database, drop: async () => {} }, { KASUS_ADMIN_PASSWORD: 'bench-admin-password' });
  const doctor = await t.login('lakare', DEMO_PASSWORD);
  const patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
  const departments = (await t.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
  const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
  const findings = ['Sårkontroll, rodnad i kanten', 'Läkt operationssår utan anmärkning', 'Svullnad och rodnad kring stygn', 'Liten fistel, ingen rodnad'];
  for (let i = 0; i < 20; i++) {
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
    if (created.statusCode !== 201) throw new Error(`seeding a case failed: ${created.statusCode} ${created.body}`);
    const saved = await t.as(doctor, 'PATCH', `/api/cases/${created.json().id}`, { values: { site: 'Vänster underarm', finding: findings[i % findings.length] } });
    if (saved.statusCode !== 200) throw new Error(`seeding a case failed: ${saved.statusCode} ${saved.body}`);
  }
  await t.close();
  return { database, patientId, cookie: doctor.cookie };
}

interface Figures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
}

async function load(url: string, cookie: string, seconds: number): Promise<Figures> {
  // Every response's time, for exact percentiles (autocannon's summary has p97.5 and p99, no p95).
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { cookie } }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, ms) => void times.push(ms));
  });
  times.sort((x, y) => x - y);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
  return {
    rps: result.requests.total / seconds,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(8);

async function benchDialect(dialect: DialectName): Promise<{ dialect: DialectName; rows: string[]; met: boolean }> {
  const { database, patientId, cookie } = await seed(dialect);
  const routes = [
    { name: 'case list', path: `/api/cases?patientId=${patientId}` },
    { name: 'word search', path: `/api/cases?q=${encodeURIComponent(SEARCH_WORD)}` },
  ];
  const best = new Map<string, Figures>();
  const audit: string[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of ['audited', 'unaudited'] as Mode[]) {
        const server = await startServer(database.url, database.dataDir, mode);
        try {
          for (const route of routes) {
            await load(server.url + route.path, cookie, WARMUP);
            const before = await server.counts();
            const figures = await load(server.url + route.path, cookie, DURATION);
            const after = await server.counts();
            const key = `${route.name}|${mode}`;
            const previous = best.get(key);
            if (!previous || figures.rps > previous.rps) best.set(key, figures);
            if (mode === 'audited') {
              const batches = after.batches - before.batches;
              audit.push(`${route.name}, round ${round + 1}: ${after.events - before.events} events in ${batches} transactions (${((after.events - before.events) / Math.max(1, batches)).toFixed(1)} per transaction)`);
            }
          }
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await database.drop();
  }
  const rows: string[] = [];
  let met = true;
  for (const route of routes) {
    const on = best.get(`${route.name}|audited`)!;
    const off = best.get(`${route.name}|unaudited`)!;
    const ratio = on.rps / off.rps;
    // The p95 goal is what clinicians get (audit on); audit off is only the baseline of the ratio.
    const ok = ratio >= GOAL_RATIO && on.p95 < GOAL_P95_MS && on.errors === 0 && off.errors === 0;
    met &&= ok;
    for (const [mode, f] of [['audited', on], ['unaudited', off]] as const) {
      rows.push(`${dialect.padEnd(9)}${route.name.padEnd(13)}${mode.padEnd(11)}${fmt(f.rps)}${fmt(f.p50, 1)}${fmt(f.p95, 1)}${fmt(f.p99, 1)}${fmt(f.errors)}`);
    }
    rows.push(`${dialect.padEnd(9)}${route.name.padEnd(13)}${'ratio'.padEnd(11)}${fmt(ratio, 2)}   audited/unaudited ${ok ? 'meets' : 'MISSES'} the goals (≥ ${GOAL_RATIO}×, audited p95 < ${GOAL_P95_MS} ms, no errors)`);
  }
  for (const line of audit) rows.push(`${dialect.padEnd(9)}${line}`);
  return { dialect, rows, met };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--serve') {
    await serve(process.argv[3]!, process.argv[4]!, process.argv[5] as Mode);
    return;
  }
  console.log(`audited-throughput: ${CONNECTIONS} connections, ${DURATION} s per measurement after ${WARMUP} s warm-up, best of ${ROUNDS} alternating rounds`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results = [];
  for (const dialect of DIALECTS) results.push(await benchDialect(dialect));
  console.log(`\n${'database'.padEnd(9)}${'route'.padEnd(13)}${'mode'.padEnd(11)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'errors'.padStart(8)}`);
  for (const r of results) for (const row of r.rows) console.log(row);
  console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const missed = results.filter((r) => !r.met).map((r) => r.dialect);
  console.log(missed.length === 0 ? 'All goals met.' : `Goals missed on: ${missed.join(', ')}.`);
}

await main();
