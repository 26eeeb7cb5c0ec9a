/**
 * Write cost of the statistics triggers (migration 0038, issue 14): each insert, delete or counted
 * update of a case, media item, derivative, print/export event, emergency opening or consent appends
 * a delta row to `statistics_counter` in the same transaction. This bench inserts N cases, each with
 * one media item that is then "cleaned" (its size set, as the processing job does), through the
 * repositories (CasesRepository.insert, MediaRepository.insert and .update: one transaction each, as
 * in the app), in a bench-only database, alternately WITH the triggers and WITHOUT them (dropped with
 * 0038's own `down`, recreated with its `up`), and prints the time per item of each and the ratio.
 * The rounds alternate so that a change of machine load hits both alike; the ratio of the best rounds
 * and of the median rounds is printed (on a loaded machine they differ: run more ROUNDS).
 *
 *   npx tsx bench/trigger-cost.ts     (ITEMS=2000 ROUNDS=3 DIALECTS=sqlite,postgres BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres)
 *
 * The databases are made for the run and removed after it (SQLite: a file under the temp directory;
 * PostgreSQL: kasus_bench_trigger_cost_<pid>). SQLite runs with the app's settings (WAL, synchronous
 * FULL: every commit is an fsync, as in production).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { bootstrap } from '../src/server/bootstrap/bootstrap.js';
import { loadConfig } from '../src/server/config/config.js';
import { openDatabase, type Database, type DialectName } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import * as statisticsCounters from '../src/server/db/migrations/2026-12-07-0038-statistics-counters.js';
import { CasesRepository } from '../src/server/modules/cases/cases-repository.js';
import { MediaRepository } from '../src/server/modules/media/media-repository.js';
import { createServices } from '../src/server/services.js';

const ITEMS = Number(process.env.ITEMS ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DIALECTS = (process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as DialectName[];
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function triggerCount(database: Database): Promise<number> {
  const query =
    database.dialect === 'postgres'
      ? sql<{ n: number }>`select count(*) as n from pg_trigger where tgname like 'statistics_counter_%'`
      : sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'trigger' and name like 'statistics_counter_%'`;
  return Number((await query.execute(database.db)).rows[0]?.n ?? 0);
}

/** Inserts `items` cases with one media item each, the item then cleaned; returns the wall time in ms. */
async function insertItems(database: Database, items: number, departmentId: string, userId: string, patientId: string | null): Promise<number> {
  const cases = new CasesRepository(database);
  const media = new MediaRepository(database);
  const started = performance.now();
  for (let i = 0; i < items; i++) {
    const now = new Date(Date.UTC(2026, i % 12, 1 + (i % 28), 8, i % 60)).toISOString();
    const caseId = randomUUID();
    await database.db.transaction().execute((trx) =>
      cases.insert(
        trx,
        { id: caseId, patient_id: patientId, department_id: departmentId, status: 'draft', version: 1, created_by: userId, created_at: now, updated_at: now, collection_id: null, form_version_id: null, form_values: '{}', signed_by: null, signed_at: null },
        [],
      ),
    );
    const mediaId = randomUUID();
    await media.insert(
      {
        id: mediaId, case_id: caseId, kind: 'image', status: 'processing', error_code: null, error_message: null, duplicate_of: null, original_filename: 'bild.jpg',
        quarantine_key: null, upload_sha256: randomUUID().replace(/-/g, '').padEnd(64, '0'), upload_size: 2_000_000, mime: null, size_bytes: null, width: null, height: null,
        duration_ms: null, sha256: null, captured_at: null, camera_make: null, camera_model: null, edit: null, caption: null, removed_at: null, uploaded_by: userId, created_at: now, updated_at: now,
      },
      1,
      async () => undefined,
    );
    await media.update(mediaId, { status: 'ready', size_bytes: 1_800_000, mime: 'image/jpeg', width: 4000, height: 3000, sha256: randomUUID().replace(/-/g, '').padEnd(64, '1'), updated_at: now });
  }
  return performance.now() - started;
}

async function runDialect(dialect: DialectName): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kasus-trigger-cost-'));
  const pgName = `kasus_bench_trigger_cost_${process.pid}`;
  let url: string;
  if (dialect === 'postgres') {
    await postgresAdmin((c) => c.query(`create database ${pgName}`));
    const target = new URL(POSTGRES_URL);
    target.pathname = `/${pgName}`;
    url = target.toString();
  } else url = `sqlite:${path.join(dataDir, 'kasus.db')}`;
  const config = loadConfig({ KASUS_DATA_DIR: dataDir, KASUS_DATABASE_URL: url, KASUS_ADMIN_PASSWORD: 'trigger-cost-bench-2026', KASUS_DEMO_DATA: 'true', KASUS_LOG_LEVEL: 'silent' });
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    await bootstrap(createServices(config, database));
    const department = await database.db.selectFrom('department').select('id').where('name', '=', 'Kirurgkliniken').executeTakeFirstOrThrow();
    const user = await database.db.selectFrom('user_account').select('id').where('username', '=', 'lakare').executeTakeFirstOrThrow();
    const patient = await database.db.selectFrom('patient').select('id').executeTakeFirst();
    const triggers = await triggerCount(database);
    // Warm-up, uncounted, with the triggers.
    await insertItems(database, Math.min(200, ITEMS), department.id, user.id, patient?.id ?? null);
    const times = { with: [] as number[], without: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        const present = (await triggerCount(database)) > 0;
        if (mode === 'without' && present) await statisticsCounters.down(database.db);
        if (mode === 'with' && !present) await statisticsCounters.up(database.db);
        if ((await triggerCount(database) > 0) !== (mode === 'with')) throw new Error(`the triggers are not as the round needs (${mode})`);
        times[mode].push((await insertItems(database, ITEMS, department.id, user.id, patient?.id ?? null)) / ITEMS);
      }
    }
    if ((await triggerCount(database)) === 0) await statisticsCounters.up(database.db);
    const best = (xs: number[]) => Math.min(...xs);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(', ');
    console.log(`\n${dialect}: ${ITEMS} cases + media (insert, insert, update: 3 transactions each) per round, ${ROUNDS} rounds; ${triggers} statistics triggers`);
    console.log(`  with triggers:    ${fmt(times.with)} ms/item (best ${best(times.with).toFixed(3)})`);
    console.log(`  without triggers: ${fmt(times.without)} ms/item (best ${best(times.without).toFixed(3)})`);
    console.log(`  ratio with/without: best rounds ${(best(times.with) / best(times.without)).toFixed(2)}x, median rounds ${(median(times.with) / median(times.without)).toFixed(2)}x`);
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (dialect === 'postgres') await postgresAdmin((c) => c.query(`drop database if exists ${pgName}`));
  }
}

console.log(`trigger-cost bench: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const dialect of DIALECTS) await runDialect(dialect);
console.log(`load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
