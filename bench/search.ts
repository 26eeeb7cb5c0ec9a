/**
 * Case search latency through the HTTP API on a big archive, on SQLite and on PostgreSQL: a patient's
 * cases (patientId), a department's cases in a date range (departmentId, from, to) and a word in form
 * text (q), as the demo physician `lakare`, who reads cases in 2 of the archive's 20 departments.
 * Prints p50/p95/p99 per query and database against the target p95 < 20 ms, beside the same HTTP
 * round trip to /api/health measured in the same run (the baseline; these machines are noisy).
 *
 *   npm run bench:search      (CASES=1000000 MEDIA_PER_CASE=10 REQUESTS=400 WARMUP=100 DIALECTS=sqlite,postgres)
 *
 * The archive is seeded once per size with bench/seed-cases.ts and kept for later runs: SQLite under
 * BENCH_DIR (default /tmp/kasus-bench), PostgreSQL as database kasus_bench_c<cases>_m<media>_v<n> on
 * BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres). Remove them to seed again.
 */
import { rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/server/bootstrap/demo-data.js';
import type { DialectName } from '../src/server/db/database.js';
import { createAppOn } from '../test/helpers/kasus-app.js';
import { prng, searchWords } from './clinical-text.js';
import { keptArchive, SEED_DEPARTMENTS, SEED_FROM, SEED_TO, SEED_VERSION } from './seed-cases.js';

const CASES = Number(process.env.CASES ?? 1_000_000);
const MEDIA_PER_CASE = Number(process.env.MEDIA_PER_CASE ?? 10);
/** Measured requests per query kind (and of the baseline), after WARMUP uncounted ones of each. */
const REQUESTS = Number(process.env.REQUESTS ?? 400);
const WARMUP = Number(process.env.WARMUP ?? 100);
const DIALECTS = (process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as DialectName[];
const BENCH_DIR = process.env.BENCH_DIR ?? path.join(tmpdir(), 'kasus-bench');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET_P95_MS = 20;
const USER = 'lakare';

const key = `c${CASES}_m${MEDIA_PER_CASE}_v${SEED_VERSION}`;

/** The seeded archive of this size for the dialect (bench/seed-cases.ts keeps it between runs). */
function archive(dialect: DialectName) {
  return keptArchive({ dialect, benchDir: BENCH_DIR, dirName: `search-${dialect}-${key}`, postgresUrl: POSTGRES_URL, dbName: `kasus_bench_${key}`, cases: CASES, mediaPerCase: MEDIA_PER_CASE });
}

/** One keep-alive connection, as a browser tab would use; the client costs little beside the server. */
function client(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> =>
    new Promise((resolve, reject) => {
      const request = http.request(`${base}${url}`, { method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
const ms = (value: number) => value.toFixed(1).padStart(6);

interface Kind {
  name: string;
  label: string;
  urls: { url: string; tag?: string }[];
  times: { ms: number; tag?: string; total: number }[];
}

async function measure(dialect: DialectName): Promise<{ kinds: Kind[]; health: number[] }> {
  const { url, dataDir, summary, seededNow } = await archive(dialect);
  if (!seededNow) console.log(`Reusing the seeded ${dialect} archive (${summary.cases.toLocaleString('en')} cases, ${summary.media.toLocaleString('en')} media, seeded ${summary.seededAt} in ${summary.totalSeconds} s).`);
  const startApp = performance.now();
  // drop() is a no-op: the archive is kept for the next run.
  const t = await createAppOn({ url, dataDir, drop: async () => {} });
  console.log(`Kasus server on ${dialect} started in ${((performance.now() - startApp) / 1000).toFixed(1)} s`);
  try {
    const db = t.services.database.db;
    if (dialect === 'sqlite') console.log(`  database file: ${(statSync(url.slice('sqlite:'.length)).size / 2 ** 30).toFixed(2)} GiB`);
    else console.log(`  database size: ${(Number((await sql<{ size: number }>`select pg_database_size(current_database()) as size`.execute(db)).rows[0]!.size) / 2 ** 30).toFixed(2)} GiB`);

    const base = await t.listen();
    const request = client(base);
    const login = await request('POST', '/api/session', {}, JSON.stringify({ username: USER, password: DEMO_PASSWORD }));
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.body}`);
    const cookie = String(login.headers['set-cookie']?.find((c) => c.startsWith('kasus_session='))).split(';')[0]!;

    // The parameters: the user's departments, patients with cases there, date ranges, words of each frequency.
    const departments = await db
      .selectFrom('user_role')
      .innerJoin('user_account', 'user_account.id', 'user_role.user_id')
      .innerJoin('department', 'department.id', 'user_role.department_id')
      .select(['department.id', 'department.name'])
      .where('user_account.username', '=', USER)
      .execute();
    const readable = departments.map((d) => d.id);
    const count = WARMUP + REQUESTS;
    const patients = (
      await db
        .selectFrom((eb) => eb.selectFrom('clinical_case').select('patient_id').distinct().where('department_id', 'in', readable).as('readable_patient'))
        .select('patient_id')
        .orderBy(sql`random()`)
        .limit(count)
        .execute()
    ).map((r) => r.patient_id!);
    const random = prng(7);
    const day = (time: number) => new Date(time).toISOString().slice(0, 10);
    const spans = [7, 30, 90, 365, 5 * 365];
    const words = searchWords(departments.map((d) => SEED_DEPARTMENTS.findIndex((s) => s.name === d.name)));
    const classes = Object.entries(words) as [string, string[]][];
    const kinds: Kind[] = [
      {
        name: 'patient',
        label: "a patient's cases (patientId)",
        urls: Array.from({ length: count }, (_, i) => ({ url: `/api/cases?patientId=${patients[i % patients.length]}` })),
        times: [],
      },
      {
        name: 'department',
        label: "a department's cases in a date range (departmentId, from, to)",
        urls: Array.from({ length: count }, (_, i) => {
          const span = spans[i % spans.length]! * 86_400_000;
          const from = SEED_FROM + random() * (SEED_TO - SEED_FROM - span);
          return { url: `/api/cases?departmentId=${readable[Math.floor(random() * readable.length)]}&from=${day(from)}&to=${day(from + span)}`, tag: `${spans[i % spans.length]} days` };
        }),
        times: [],
      },
      {
        name: 'word',
        label: 'a word in form text (q)',
        urls: Array.from({ length: count }, (_, i) => {
          const [tag, list] = classes[i % classes.length]!;
          return { url: `/api/cases?q=${encodeURIComponent(list[Math.floor(random() * list.length)]!)}`, tag };
        }),
        times: [],
      },
    ];
    const health: number[] = [];
    const timed = async (url: string, headers: Record<string, string>) => {
      const start = performance.now();
      const response = await request('GET', url, headers);
      const elapsed = performance.now() - start;
      if (response.status !== 200) throw new Error(`${url}: ${response.status} ${response.body}`);
      return { elapsed, body: response.body };
    };
    // Interleaved, so that noise on the machine falls on every kind alike; the first WARMUP rounds are not counted.
    for (let i = 0; i < count; i++) {
      const counted = i >= WARMUP;
      const baseline = await timed('/api/health', {});
      if (counted) health.push(baseline.elapsed);
      for (const kind of kinds) {
        const { url: target, tag } = kind.urls[i]!;
        const { elapsed, body } = await timed(target, { cookie });
        if (counted) kind.times.push({ ms: elapsed, ...(tag ? { tag } : {}), total: (JSON.parse(body) as { total: number }).total });
      }
    }
    return { kinds, health };
  } finally {
    await t.close();
  }
}

const results: string[] = [];
let failed = false;
for (const dialect of DIALECTS) {
  const { kinds, health } = await measure(dialect);
  const baseline = [...health].sort((a, b) => a - b);
  const baseP95 = percentile(baseline, 0.95);
  const lines = [
    `\n${dialect}: ${CASES.toLocaleString('en')} cases, ${(CASES * MEDIA_PER_CASE).toLocaleString('en')} media; ${REQUESTS} requests per query after ${WARMUP} warm-up rounds, as ${USER}`,
    `  baseline GET /api/health          p50 ${ms(percentile(baseline, 0.5))} ms  p95 ${ms(baseP95)} ms  p99 ${ms(percentile(baseline, 0.99))} ms`,
  ];
  for (const kind of kinds) {
    const sorted = kind.times.map((t) => t.ms).sort((a, b) => a - b);
    const p95 = percentile(sorted, 0.95);
    const pass = p95 < TARGET_P95_MS;
    failed ||= !pass;
    const totals = kind.times.map((t) => t.total).sort((a, b) => a - b);
    lines.push(
      `  ${kind.name.padEnd(10)} ${kind.label}\n` +
        `             p50 ${ms(percentile(sorted, 0.5))} ms  p95 ${ms(p95)} ms  p99 ${ms(percentile(sorted, 0.99))} ms  max ${ms(sorted.at(-1)!)} ms` +
        `  (p95 = ${(p95 / baseP95).toFixed(1)} × health p95; median total ${percentile(totals, 0.5)})  target p95 < ${TARGET_P95_MS} ms: ${pass ? 'PASS' : 'FAIL'}`,
    );
    const tags = [...new Set(kind.times.map((t) => t.tag).filter((t): t is string => t !== undefined))];
    for (const tag of tags) {
      const some = kind.times.filter((t) => t.tag === tag);
      const tagSorted = some.map((t) => t.ms).sort((a, b) => a - b);
      const tagTotals = some.map((t) => t.total).sort((a, b) => a - b);
      lines.push(`               ${tag.padEnd(15)} p50 ${ms(percentile(tagSorted, 0.5))} ms  p95 ${ms(percentile(tagSorted, 0.95))} ms  (median total ${percentile(tagTotals, 0.5)})`);
    }
  }
  console.log(lines.join('\n'));
  results.push(...lines);
}
console.log(`\n=== Search latency, target p95 < ${TARGET_P95_MS} ms through the HTTP API ===${results.join('\n')}\n\n${failed ? 'NOT MET' : 'MET'}`);
process.exitCode = failed ? 1 : 0;
