/**
 * Fills a Kasus database with a big, realistic archive for benchmarks: cases spread over departments
 * and years, patients with several cases each, form values with Swedish clinical text, media rows
 * ('ready') with captions, signed versions, and the case_word rows the cases service would index.
 *
 *   npx tsx bench/seed-cases.ts <database-url> [data-dir]
 *     database-url: sqlite:/tmp/kasus-seed/kasus.db or postgres://postgres@127.0.0.1:5432/kasus_seed
 *                   (a PostgreSQL database that does not exist yet is created)
 *     CASES=1000000 MEDIA_PER_CASE=10 PATIENTS=<CASES/5> SEED=1 change the size
 *
 * The schema comes from the app itself: migrations, built-in roles and demo data (departments, the
 * demo users such as `lakare`, the demo form) are made by migrateToLatest and bootstrap, then 18 more
 * departments, two users per department and a wound form through the services. Only the bulk rows
 * are written directly: SQLite in one transaction per batch with prepared statements (journal off,
 * synchronous off, for the load only), PostgreSQL with COPY … FROM STDIN. The bulk tables' indexes
 * (on PostgreSQL also their keys and the foreign keys on them) are dropped for the load and recreated
 * from their own definitions afterwards, so the schema ends exactly as the migrations made it;
 * PostgreSQL is then vacuumed and analyzed, as autovacuum would. The database must hold no cases yet.
 * media_derivative rows are not written (search never reads them).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { bootstrap } from '../src/server/bootstrap/bootstrap.js';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD } from '../src/server/bootstrap/demo-data.js';
import { loadConfig } from '../src/server/config/config.js';
import { dialectOf, openDatabase, type DialectName } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { wordsOf } from '../src/server/modules/cases/case-words.js';
import type { FormField } from '../src/server/modules/forms/forms-fields.js';
import { validateFormValues } from '../src/server/modules/forms/forms-values.js';
import { validateIdentifier } from '../src/server/modules/identifiers/identifier.js';
import { createServices } from '../src/server/services.js';
import { PURPOSES, captionText, findingText, pick, prng, siteText } from './clinical-text.js';

/** Bump when the generated data changes, so benchmarks do not reuse an archive of another shape. */
export const SEED_VERSION = 2;
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';

/**
 * The archive's departments: the two demo departments first (they exist already), then 18 more.
 * Weights are shares of the cases in percent; the index is also the department's vocabulary.
 */
export const SEED_DEPARTMENTS: readonly { name: string; weight: number }[] = [
  { name: DEMO_DEPARTMENTS[0].name, weight: 9 },
  { name: DEMO_DEPARTMENTS[1].name, weight: 16 },
  { name: 'Ortopedkliniken', weight: 8 },
  { name: 'Plastikkirurgiska kliniken', weight: 8 },
  { name: 'Ögonkliniken', weight: 3 },
  { name: 'Öron-näsa-halskliniken', weight: 3 },
  { name: 'Barn- och ungdomskliniken', weight: 4 },
  { name: 'Akutmottagningen', weight: 6 },
  { name: 'Kvinnokliniken', weight: 3 },
  { name: 'Reumatologkliniken', weight: 3 },
  { name: 'Kärlkirurgiska kliniken', weight: 6 },
  { name: 'Infektionskliniken', weight: 4 },
  { name: 'Onkologiska kliniken', weight: 4 },
  { name: 'Geriatriska kliniken', weight: 5 },
  { name: 'Käkkirurgiska kliniken', weight: 2 },
  { name: 'Brännskadeenheten', weight: 3 },
  { name: 'Medicinkliniken', weight: 3 },
  { name: 'Neurologiska kliniken', weight: 2 },
  { name: 'Urologiska kliniken', weight: 2 },
  { name: 'Sårcentrum', weight: 6 },
];

/** Cases are spread evenly over these years, oldest first (so row order follows time, as in a real archive). */
export const SEED_FROM = Date.parse('2015-01-01T00:00:00.000Z');
export const SEED_TO = Date.parse('2026-11-01T00:00:00.000Z');

const FIRST_NAMES = ['Anna', 'Erik', 'Maria', 'Karl', 'Eva', 'Lars', 'Karin', 'Johan', 'Sara', 'Anders', 'Emma', 'Per', 'Lena', 'Nils', 'Ingrid', 'Olof', 'Kerstin', 'Mats', 'Elin', 'Jonas'];
const LAST_NAMES = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Jönsson', 'Lindberg', 'Jakobsson', 'Magnusson', 'Lindström'];

const WOUND_FORM = {
  name: 'Sårdokumentation',
  description: 'Sår, trycksår och brännskador: lokalisation, typ, storlek och behandling.',
  changeNote: 'Första versionen',
  fields: [
    { key: 'wound_site', label: { sv: 'Sårets lokalisation' }, type: 'text', required: true },
    {
      key: 'wound_type',
      label: { sv: 'Sårtyp' },
      type: 'single_choice',
      required: true,
      options: ['venous', 'arterial', 'pressure', 'diabetic', 'surgical', 'burn', 'trauma', 'other'].map((code) => ({ code, label: { sv: code } })),
    },
    { key: 'description', label: { sv: 'Beskrivning' }, type: 'long_text', required: false },
    { key: 'area_cm2', label: { sv: 'Area (cm²)' }, type: 'number', required: false, min: 0, max: 5000 },
    { key: 'treatment', label: { sv: 'Behandling' }, type: 'long_text', required: false },
    { key: 'next_dressing', label: { sv: 'Nästa omläggning' }, type: 'date', required: false },
  ],
} as const;

export interface SeedOptions {
  url: string;
  /** The app's data directory for this database (its session secret is kept there). */
  dataDir: string;
  cases?: number;
  mediaPerCase?: number;
  patients?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface SeedSummary {
  version: number;
  cases: number;
  media: number;
  caseWords: number;
  caseVersions: number;
  patients: number;
  departments: number;
  loadSeconds: number;
  indexSeconds: number;
  totalSeconds: number;
  seededAt: string;
}

// ---- an archive kept between benchmark runs ----

export interface KeptArchiveOptions {
  dialect: DialectName;
  /** SQLite: the archive's data directory is BENCH_DIR/<dirName>. */
  benchDir: string;
  dirName: string;
  /** PostgreSQL: the server (any database on it) and the archive's database name there. */
  postgresUrl: string;
  dbName: string;
  cases: number;
  mediaPerCase: number;
  /** What a benchmark adds after the cases (e.g. audit events); the archive counts as seeded only once it has run. */
  extra?: { done(dataDir: string): boolean; seed(url: string, dataDir: string): Promise<void> };
}

export interface KeptArchive {
  url: string;
  dataDir: string;
  summary: SeedSummary;
  seededNow: boolean;
}

/**
 * The seeded archive of this size for the dialect, kept for later runs (SQLite under the bench
 * directory, PostgreSQL as its own database), seeding it first when there is none or when the last
 * seeding was interrupted (whatever is there is then dropped and seeded again).
 */
export async function keptArchive(options: KeptArchiveOptions): Promise<KeptArchive> {
  const dataDir = path.join(options.benchDir, options.dirName);
  let url: string;
  if (options.dialect === 'sqlite') {
    url = `sqlite:${path.join(dataDir, 'kasus.db')}`;
  } else {
    const target = new URL(options.postgresUrl);
    target.pathname = `/${options.dbName}`;
    url = target.toString();
  }
  const existing = await seededSummary(url);
  if (existing && (options.extra?.done(dataDir) ?? true)) return { url, dataDir, summary: existing, seededNow: false };
  rmSync(dataDir, { recursive: true, force: true });
  if (options.dialect === 'postgres') {
    const client = new pg.Client({ connectionString: options.postgresUrl });
    await client.connect();
    await client.query(`drop database if exists ${options.dbName} with (force)`);
    await client.end();
  }
  console.log(`Seeding ${options.dialect}: ${options.cases.toLocaleString('en')} cases, ${(options.cases * options.mediaPerCase).toLocaleString('en')} media…`);
  const summary = await seedCases({ url, dataDir, cases: options.cases, mediaPerCase: options.mediaPerCase });
  await options.extra?.seed(url, dataDir);
  return { url, dataDir, summary, seededNow: true };
}

// ---- where the "seeded" mark is kept: beside the SQLite file, or as the PostgreSQL database's comment ----

function sqliteFile(url: string): string {
  return url.slice('sqlite:'.length);
}

/** The summary of a finished seeding of this database, or null (never seeded, or interrupted). */
export async function seededSummary(url: string): Promise<SeedSummary | null> {
  if (dialectOf(url) === 'sqlite') {
    const mark = `${sqliteFile(url)}.seeded.json`;
    return existsSync(mark) ? (JSON.parse(readFileSync(mark, 'utf8')) as SeedSummary) : null;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const { rows } = await client.query<{ comment: string | null }>('select shobj_description(oid, \'pg_database\') as comment from pg_database where datname = current_database()');
    const comment = rows[0]?.comment;
    return comment?.startsWith('{') ? (JSON.parse(comment) as SeedSummary) : null;
  } finally {
    await client.end();
  }
}

async function markSeeded(url: string, summary: SeedSummary): Promise<void> {
  if (dialectOf(url) === 'sqlite') {
    writeFileSync(`${sqliteFile(url)}.seeded.json`, JSON.stringify(summary, null, 2) + '\n');
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const name = (await client.query<{ name: string }>('select current_database() as name')).rows[0]!.name;
    await client.query(`comment on database "${name}" is ${pg.escapeLiteral(JSON.stringify(summary))}`);
  } finally {
    await client.end();
  }
}

/** Creates the PostgreSQL database of the URL when it does not exist. */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Use a plain lower-case database name, not ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

// ---- bulk writers ----

type Value = string | number | null;

interface BulkWriter {
  add(table: string, row: Value[]): void;
  /** Writes what was added (one transaction on SQLite, one COPY per table on PostgreSQL). */
  flush(): Promise<void>;
  /** The tables' indexes that can go for the load (and, on PostgreSQL, keys): dropped now, given back by recreate(). */
  dropIndexes(tables: string[]): Promise<{ name: string; sql: string }[]>;
  recreate(indexes: { name: string; sql: string }[], log: (line: string) => void): Promise<void>;
  finish(tables: string[]): Promise<void>;
  close(): Promise<void>;
}

const COLUMNS: Record<string, string[]> = {
  patient: ['id', 'identifier', 'identifier_type', 'region_oid', 'region_name', 'confidential', 'created_at', 'updated_at'],
  patient_confidentiality: ['id', 'patient_id', 'confidential', 'reason', 'changed_by', 'changed_at'],
  clinical_case: ['id', 'patient_id', 'department_id', 'status', 'version', 'created_by', 'created_at', 'updated_at', 'collection_id', 'form_version_id', 'form_values', 'signed_by', 'signed_at'],
  case_version: ['case_id', 'version', 'form_version_id', 'form_values', 'media', 'signed_by', 'signed_at'],
  media: [
    'id', 'case_id', 'position', 'kind', 'status', 'error_code', 'error_message', 'duplicate_of', 'original_filename', 'quarantine_key', 'upload_sha256', 'upload_size',
    'mime', 'size_bytes', 'width', 'height', 'duration_ms', 'sha256', 'captured_at', 'caption', 'removed_at', 'uploaded_by', 'created_at', 'updated_at',
    // The case's department, kept on the media row for the statistics (migration 0037).
    'department_id',
  ],
  case_word: ['word', 'case_id', 'department_id', 'created_at'],
};
export const BULK_TABLES = Object.keys(COLUMNS);

function sqliteWriter(file: string): BulkWriter {
  const db = new SqliteDatabase(file);
  // For the bulk load only: nothing is worth keeping if it stops half-way (the seeded mark is not written then).
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  // The primary-key indexes (random UUIDs, words) take row by row inserts: keep them in memory.
  db.pragma('cache_size = -6000000');
  db.pragma('foreign_keys = OFF');
  const statements = new Map(
    Object.entries(COLUMNS).map(([table, columns]) => [table, db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`)]),
  );
  let pending = new Map<string, Value[][]>();
  const write = db.transaction((batch: Map<string, Value[][]>) => {
    for (const [table, rows] of batch) {
      const statement = statements.get(table)!;
      for (const row of rows) statement.run(row);
    }
  });
  return {
    add(table, row) {
      let rows = pending.get(table);
      if (!rows) pending.set(table, (rows = []));
      rows.push(row);
    },
    async flush() {
      const batch = pending;
      pending = new Map();
      write(batch);
    },
    async dropIndexes(tables) {
      const indexes = db
        .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(', ')})`)
        .all(...tables) as { name: string; sql: string }[];
      for (const index of indexes) db.exec(`drop index "${index.name}"`);
      return indexes;
    },
    async recreate(indexes, log) {
      for (const index of indexes) {
        const start = performance.now();
        db.exec(index.sql);
        log(`  ${index.name}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
      }
    },
    async finish() {
      // Back to what the app uses; the app itself never runs ANALYZE, so neither does the seeding.
      db.pragma('locking_mode = NORMAL');
      db.pragma('journal_mode = WAL');
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    async close() {
      db.close();
    },
  };
}

/** COPY text format: backslash escapes, \N for null. */
function copyField(value: Value): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

/** `COPY … FROM STDIN` with the pg client alone (pg-copy-streams is not a dependency). */
function copyFrom(client: pg.Client, statement: string, data: Buffer): Promise<void> {
  const Query = (pg as unknown as { Query: new (text: string) => Record<string, unknown> }).Query;
  const query = new Query(statement);
  query.handleCopyInResponse = (connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void }) => {
    for (let i = 0; i < data.length; i += 1 << 20) connection.sendCopyFromChunk(data.subarray(i, i + (1 << 20)));
    connection.endCopyFrom();
  };
  return new Promise((resolve, reject) => {
    (client as unknown as { query(q: unknown, cb: (error: Error | null) => void): void }).query(query, (error) => (error ? reject(error) : resolve()));
  });
}

async function postgresWriter(url: string): Promise<BulkWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // For the load only: no wait for the WAL flush per COPY (keys and foreign keys are dropped meanwhile, see dropIndexes).
  await client.query('set synchronous_commit = off');
  await client.query(`set maintenance_work_mem = '1GB'`);
  let pending = new Map<string, string[]>();
  /** The COPYs of the previous batch run while the next batch is generated. */
  let inFlight: Promise<void> = Promise.resolve();
  return {
    add(table, row) {
      let lines = pending.get(table);
      if (!lines) pending.set(table, (lines = []));
      lines.push(row.map(copyField).join('\t'));
    },
    async flush() {
      const batch = pending;
      pending = new Map();
      await inFlight;
      inFlight = (async () => {
        for (const [table, lines] of batch) {
          await copyFrom(client, `copy ${table} (${COLUMNS[table]!.join(', ')}) from stdin`, Buffer.from(lines.join('\n') + '\n'));
        }
      })();
      // Surface a failed COPY at the next flush at the latest; keep it from being unhandled meanwhile.
      inFlight.catch(() => {});
    },
    async dropIndexes(tables) {
      await inFlight;
      // Primary keys and unique constraints too (their indexes are built by sorting afterwards, far
      // faster than row by row), with the foreign keys that lean on them; all given back afterwards
      // from their own definitions: keys first, then indexes, then foreign keys (validated then).
      const { rows: constraints } = await client.query<{ name: string; table: string; type: string; definition: string }>(
        `select conname as name, conrelid::regclass::text as table, contype as type, pg_get_constraintdef(oid) as definition
           from pg_constraint
          where contype in ('p', 'u', 'f') and connamespace = current_schema()::regnamespace
            and (conrelid::regclass::text = any($1) or (contype = 'f' and confrelid::regclass::text = any($1)))`,
        [tables],
      );
      const foreign = constraints.filter((c) => c.type === 'f');
      const keys = constraints.filter((c) => c.type !== 'f');
      for (const c of [...foreign, ...keys]) await client.query(`alter table ${c.table} drop constraint "${c.name}"`);
      const { rows: indexes } = await client.query<{ name: string; sql: string }>(
        `select indexname as name, indexdef as sql from pg_indexes where schemaname = current_schema() and tablename = any($1)`,
        [tables],
      );
      for (const index of indexes) await client.query(`drop index "${index.name}"`);
      const restore = (c: { name: string; table: string; definition: string }) => ({ name: c.name, sql: `alter table ${c.table} add constraint "${c.name}" ${c.definition}` });
      return [...keys.map(restore), ...indexes, ...foreign.map(restore)];
    },
    async recreate(indexes, log) {
      await inFlight;
      for (const index of indexes) {
        const start = performance.now();
        await client.query(index.sql);
        log(`  ${index.name}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
      }
    },
    async finish(tables) {
      await inFlight;
      // What autovacuum would do after a while: statistics, and the visibility map for index-only scans.
      for (const table of tables) await client.query(`vacuum (analyze) ${table}`);
    },
    async close() {
      await inFlight.catch(() => {});
      await client.end();
    },
  };
}

// ---- the archive ----

/** A valid, unique Swedish personnummer (12 digits, as Kasus normalises them) for patient number n. */
function personnummer(n: number): string {
  const days = 32_000;
  const birth = new Date(Date.UTC(1930, 0, 1) + (n % days) * 86_400_000);
  const serial = 100 + ((Math.floor(n / days) * 37) % 900);
  const yymmdd = `${String(birth.getUTCFullYear() % 100).padStart(2, '0')}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}`;
  const nine = `${yymmdd}${serial}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${birth.getUTCFullYear()}`.slice(0, 2) + nine + String((10 - (sum % 10)) % 10);
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

class Progress {
  private readonly start = performance.now();
  private last = this.start;
  private lastRows = 0;
  rows = 0;
  constructor(
    private readonly total: number,
    private readonly log: (line: string) => void,
  ) {}
  tick(done: number, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < 5000) return;
    const elapsed = (now - this.start) / 1000;
    const rate = ((this.rows - this.lastRows) * 1000) / (now - this.last);
    const eta = done > 0 ? (elapsed * (this.total - done)) / done : 0;
    this.log(
      `  ${done.toLocaleString('en')}/${this.total.toLocaleString('en')} cases (${((100 * done) / this.total).toFixed(1)} %), ` +
        `${Math.round(rate).toLocaleString('en')} rows/s now, ${Math.round(this.rows / elapsed).toLocaleString('en')} rows/s overall, ` +
        `${elapsed.toFixed(0)} s elapsed, ~${eta.toFixed(0)} s to go`,
    );
    this.last = now;
    this.lastRows = this.rows;
  }
}

export async function seedCases(options: SeedOptions): Promise<SeedSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const caseCount = options.cases ?? 1_000_000;
  const mediaPerCase = options.mediaPerCase ?? 10;
  const patientCount = options.patients ?? Math.max(10, Math.round(caseCount / 5));
  const random = prng(options.seed ?? 1);
  const started = performance.now();

  // ---- the app's own schema and start-up data ----
  if (dialectOf(options.url) === 'postgres') await ensurePostgresDatabase(options.url);
  const config = loadConfig({
    KASUS_DATA_DIR: options.dataDir,
    KASUS_DATABASE_URL: options.url,
    KASUS_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    KASUS_DEMO_DATA: 'true',
    KASUS_LOG_LEVEL: 'silent',
  });
  const database = await openDatabase(config.databaseUrl);
  const ctx = { actor: null, clientIp: null, requestId: 'seed-cases' };
  let departmentIds: string[];
  /** Per department: who takes the pictures, and who of them may sign. */
  let staff: { all: { id: string; name: string }[]; physicians: { id: string; name: string }[] }[];
  let forms: { versionId: string; fields: FormField[]; wound: boolean }[];
  let adminId: string;
  try {
    await migrateToLatest(database);
    const services = createServices(config, database);
    await bootstrap(services);
    const existing = await database.db.selectFrom('clinical_case').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) throw new Error(`The database already holds ${existing.n} cases; seed an empty one.`);
    const db = database.db;
    const departments = await services.departments.listAll();
    const byName = new Map(departments.map((d) => [d.name, d.id]));
    for (const name of DEMO_DEPARTMENTS.map((d) => d.name)) if (!byName.has(name)) throw new Error(`Demo department ${name} is missing (KASUS_DEMO_DATA must be on).`);
    departmentIds = [];
    for (const [index, department] of SEED_DEPARTMENTS.entries()) {
      const id = byName.get(department.name) ?? (await services.departments.createTrusted({ hsaId: `SE2321000016-5${String(index).padStart(3, '0')}`, name: department.name }, ctx)).id;
      departmentIds.push(id);
    }
    const physician = await db.selectFrom('role').select('id').where('name', '=', 'Läkare').executeTakeFirstOrThrow();
    const lakare = await db.selectFrom('user_account').select(['id', 'display_name']).where('username', '=', 'lakare').executeTakeFirstOrThrow();
    const nurse = await db.selectFrom('user_account').select(['id', 'display_name']).where('username', '=', 'skoterska').executeTakeFirstOrThrow();
    adminId = (await db.selectFrom('user_account').select('id').where('username', '=', 'sysadmin').executeTakeFirstOrThrow()).id;
    staff = [];
    for (const [index, departmentId] of departmentIds.entries()) {
      const people: { id: string; name: string }[] = [];
      for (let n = 0; n < 2; n++) {
        const displayName = `${FIRST_NAMES[(index * 2 + n) % FIRST_NAMES.length]} ${LAST_NAMES[(index * 3 + n) % LAST_NAMES.length]}`;
        const user = await services.users.createTrusted(ctx, {
          username: `bench${String(index + 1).padStart(2, '0')}${'ab'[n]}`,
          displayName,
          password: DEMO_PASSWORD,
          roles: [{ departmentId, roleId: physician.id }],
        });
        people.push({ id: user.id, name: displayName });
      }
      if (index <= 1) people.push({ id: lakare.id, name: lakare.display_name });
      staff.push({ all: index === 1 ? [...people, { id: nurse.id, name: nurse.display_name }] : people, physicians: people });
    }
    await services.forms.createTrusted(ctx, adminId, { ...WOUND_FORM, departmentIds } as unknown as Parameters<typeof services.forms.createTrusted>[2]);
    // The demo form is used by every department of the archive, not only by the two demo departments.
    const demoForm = await db.selectFrom('form').select('id').where('name', '=', 'Klinisk fotografering').executeTakeFirstOrThrow();
    const shared = new Set((await db.selectFrom('form_department').select('department_id').where('form_id', '=', demoForm.id).execute()).map((r) => r.department_id));
    const missing = departmentIds.filter((id) => !shared.has(id)).map((id) => ({ form_id: demoForm.id, department_id: id }));
    if (missing.length > 0) await db.insertInto('form_department').values(missing).execute();
    const versions = await db.selectFrom('form_version').innerJoin('form', 'form.id', 'form_version.form_id').select(['form_version.id', 'form_version.fields', 'form.name']).execute();
    forms = versions.map((v) => ({ versionId: v.id, fields: JSON.parse(v.fields) as FormField[], wound: v.name === WOUND_FORM.name }));
  } finally {
    await database.close();
  }
  const clinicalForm = forms.find((f) => !f.wound)!;
  const woundForm = forms.find((f) => f.wound)!;
  const textKeys = (form: { fields: FormField[] }) => form.fields.filter((f) => f.type === 'text' || f.type === 'long_text').map((f) => f.key);
  const textFields = new Map([clinicalForm, woundForm].map((f) => [f.versionId, textKeys(f)]));
  log(`Schema, start-up data, ${departmentIds.length} departments, ${new Set(staff.flatMap((s) => s.all.map((p) => p.id))).size} staff and 2 forms ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const writer = dialectOf(options.url) === 'sqlite' ? sqliteWriter(sqliteFile(options.url)) : await postgresWriter(options.url);
  try {
    const indexes = await writer.dropIndexes(BULK_TABLES);
    log(`Dropped for the load, recreated afterwards: ${indexes.map((i) => i.name).join(', ')}`);

    // ---- patients ----
    const loadStart = performance.now();
    const cumulativeWeights: number[] = [];
    SEED_DEPARTMENTS.reduce((sum, d) => (cumulativeWeights.push(sum + d.weight), sum + d.weight), 0);
    const weightTotal = cumulativeWeights.at(-1)!;
    const weightedDepartment = () => {
      const r = random() * weightTotal;
      return cumulativeWeights.findIndex((w) => r < w);
    };
    const patientIds: string[] = new Array(patientCount);
    const homeDepartment = new Uint8Array(patientCount);
    if (!validateIdentifier(personnummer(0)).valid || !validateIdentifier(personnummer(patientCount - 1)).valid) throw new Error('generated personnummer are not valid');
    const patientTime = iso(SEED_FROM - 86_400_000);
    for (let n = 0; n < patientCount; n++) {
      const id = randomUUID();
      patientIds[n] = id;
      homeDepartment[n] = weightedDepartment();
      // About one in 200 patients has protected personal data (skyddade personuppgifter).
      const confidential = random() < 0.005 ? 1 : 0;
      writer.add('patient', [id, personnummer(n), 'se_personnummer', null, null, confidential, patientTime, patientTime]);
      if (confidential) writer.add('patient_confidentiality', [randomUUID(), id, 1, 'Skyddad identitet enligt Skatteverket', adminId, patientTime]);
      if (n % 50_000 === 49_999) await writer.flush();
    }
    await writer.flush();
    log(`${patientCount.toLocaleString('en')} patients written in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

    // ---- cases, their signed versions, media and words, oldest first ----
    const progress = new Progress(caseCount, log);
    const chronic = Math.max(1, Math.floor(patientCount * 0.05));
    const span = SEED_TO - SEED_FROM;
    const BATCH = 5000;
    let mediaCount = 0;
    let wordCount = 0;
    let versionCount = 0;
    let hex = Buffer.alloc(0);
    let hexAt = 0;
    const sha = () => {
      if (hexAt + 32 > hex.length) {
        hex = randomBytes(32 * 4096);
        hexAt = 0;
      }
      hexAt += 32;
      return hex.toString('hex', hexAt - 32, hexAt);
    };
    let pairDelta = 0;
    for (let i = 0; i < caseCount; i++) {
      // ~30 % of cases belong to the 5 % of patients followed for a long time (wounds, skin tumours).
      const patient = random() < 0.3 ? Math.floor(random() * chronic) : Math.floor(random() * patientCount);
      const department = random() < 0.8 ? homeDepartment[patient]! : weightedDepartment();
      const created = SEED_FROM + Math.floor(((i + random()) / caseCount) * span);
      const people = staff[department]!;
      const creator = pick(random, people.all);
      const recent = SEED_TO - created < 14 * 86_400_000;
      const signed = random() < (recent ? 0.5 : 0.92);
      const version = signed ? (random() < 0.06 ? 2 : 1) : 1;
      const signer = signed ? pick(random, people.physicians) : null;
      const signedAt = signed ? created + Math.floor(random() * 3 * 86_400_000) : null;
      const updated = signedAt ?? created + Math.floor(random() * 3_600_000);
      const wound = random() < ([10, 13, 19].includes(department) ? 0.7 : 0.3);
      const form = wound ? woundForm : clinicalForm;
      const values: Record<string, unknown> = {
        purpose_explained: pick(random, PURPOSES),
        oral_consent: true,
        identity_verified_by: pick(random, ['id_document', 'known_to_staff', 'ehr_context']),
        captured_by: creator.name,
      };
      if (wound) {
        values.wound_site = siteText(random);
        values.wound_type = pick(random, ['venous', 'arterial', 'pressure', 'diabetic', 'surgical', 'burn', 'trauma', 'other']);
        if (random() < 0.9) values.description = findingText(random, department, 8 + Math.floor(random() * 32));
        if (random() < 0.6) values.area_cm2 = Math.round(random() * 2000) / 10;
        if (random() < 0.6) values.treatment = findingText(random, department, 3 + Math.floor(random() * 12));
        if (random() < 0.4) values.next_dressing = day(created + (1 + Math.floor(random() * 7)) * 86_400_000);
      } else {
        values.site = siteText(random);
        if (random() < 0.7) values.laterality = pick(random, ['left', 'right', 'midline']);
        if (random() < 0.85) values.finding = findingText(random, department, 6 + Math.floor(random() * 34));
        if (random() < 0.6) values.size_mm = 1 + Math.floor(random() * 200);
        if (random() < 0.3) values.follow_up = day(created + (14 + Math.floor(random() * 180)) * 86_400_000);
      }
      const checked = validateFormValues(form, values);
      if (!checked.ok) throw new Error(`generated values do not fit the form: ${JSON.stringify(checked.errors)}`);
      const formValues = JSON.stringify(checked.values);
      const caseId = randomUUID();
      const createdAt = iso(created);
      writer.add('clinical_case', [
        caseId, patientIds[patient]!, departmentIds[department]!, signed ? 'signed' : 'draft', version, creator.id, createdAt, iso(updated),
        null, form.versionId, formValues, signer?.id ?? null, signedAt === null ? null : iso(signedAt),
      ]);

      // Media: MEDIA_PER_CASE on average, 1 to 2×MEDIA_PER_CASE−1 per case (paired so the total is exact).
      if (i % 2 === 0) pairDelta = i + 1 < caseCount ? Math.floor(random() * mediaPerCase) : 0;
      const count = i % 2 === 0 ? mediaPerCase + pairDelta : mediaPerCase - pairDelta;
      const captions: (string | null)[] = [];
      const snapshot: { mediaId: string; caption: string | null }[] = [];
      for (let position = 1; position <= count; position++) {
        const r = random();
        const kind = r < 0.93 ? 'image' : r < 0.99 ? 'video' : 'audio';
        const caption = random() < 0.35 ? captionText(random, department) : null;
        const mediaId = randomUUID();
        const at = iso(created + position * 20_000);
        const size = kind === 'image' ? 1_500_000 + Math.floor(random() * 4_000_000) : 20_000_000 + Math.floor(random() * 200_000_000);
        const [width, height] = kind === 'image' ? (random() < 0.8 ? [4032, 3024] : [3024, 4032]) : kind === 'video' ? [1920, 1080] : [null, null];
        writer.add('media', [
          mediaId, caseId, position, kind, 'ready', null, null, null,
          `${kind === 'image' ? 'IMG' : kind === 'video' ? 'VID' : 'REC'}_${String(1000 + Math.floor(random() * 9000))}.${kind === 'image' ? 'jpg' : 'mp4'}`,
          null, sha(), size, kind === 'image' ? 'image/jpeg' : kind === 'video' ? 'video/mp4' : 'audio/mp4', Math.floor(size * 0.97),
          width, height, kind === 'image' ? null : 5_000 + Math.floor(random() * 120_000), sha(), iso(created - Math.floor(random() * 600_000)),
          caption, null, creator.id, at, at, departmentIds[department]!,
        ]);
        captions.push(caption);
        snapshot.push({ mediaId, caption });
      }
      mediaCount += count;

      if (signed) {
        for (let v = 1; v <= version; v++) {
          writer.add('case_version', [caseId, v, form.versionId, formValues, JSON.stringify(snapshot), signer!.id, iso(signedAt! - (version - v) * 86_400_000)]);
        }
        versionCount += version;
      }

      // Exactly what CasesService indexes: the version's text and long_text values, then the captions.
      const texts = textFields.get(form.versionId)!.map((key) => checked.values[key]);
      const words = wordsOf(...texts.map((t) => (typeof t === 'string' ? t : null)), ...captions);
      for (const word of words) writer.add('case_word', [word, caseId, departmentIds[department]!, createdAt]);
      wordCount += words.length;
      progress.rows += 1 + count + words.length + (signed ? version : 0);

      if ((i + 1) % BATCH === 0 || i + 1 === caseCount) {
        await writer.flush();
        progress.tick(i + 1, i + 1 === caseCount);
      }
    }
    await writer.flush();
    const loadSeconds = (performance.now() - loadStart) / 1000;
    log(`Loaded ${caseCount.toLocaleString('en')} cases, ${mediaCount.toLocaleString('en')} media, ${versionCount.toLocaleString('en')} signed versions, ${wordCount.toLocaleString('en')} case words in ${loadSeconds.toFixed(0)} s`);

    const indexStart = performance.now();
    log('Recreating indexes…');
    await writer.recreate(indexes, log);
    await writer.finish(BULK_TABLES);
    const indexSeconds = (performance.now() - indexStart) / 1000;
    log(`Indexes${dialectOf(options.url) === 'postgres' ? ', VACUUM and ANALYZE' : ''} done in ${indexSeconds.toFixed(0)} s`);
    const summary: SeedSummary = {
      version: SEED_VERSION,
      cases: caseCount,
      media: mediaCount,
      caseWords: wordCount,
      caseVersions: versionCount,
      patients: patientCount,
      departments: departmentIds.length,
      loadSeconds: Math.round(loadSeconds),
      indexSeconds: Math.round(indexSeconds),
      totalSeconds: Math.round((performance.now() - started) / 1000),
      seededAt: new Date().toISOString(),
    };
    await writer.close();
    await markSeeded(options.url, summary);
    log(`Seeding done in ${summary.totalSeconds} s`);
    return summary;
  } catch (error) {
    await writer.close().catch(() => {});
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [url, dataDirArg] = process.argv.slice(2);
  if (!url) {
    console.error('usage: npx tsx bench/seed-cases.ts <sqlite:/path/kasus.db | postgres://…/name> [data-dir]   (CASES, MEDIA_PER_CASE, PATIENTS, SEED)');
    process.exit(2);
  }
  const dataDir = dataDirArg ?? (dialectOf(url) === 'sqlite' ? path.dirname(path.resolve(sqliteFile(url))) : path.resolve('/tmp', 'kasus-seed-data'));
  const summary = await seedCases({
    url,
    dataDir,
    cases: Number(process.env.CASES ?? 1_000_000),
    mediaPerCase: Number(process.env.MEDIA_PER_CASE ?? 10),
    ...(process.env.PATIENTS ? { patients: Number(process.env.PATIENTS) } : {}),
    seed: Number(process.env.SEED ?? 1),
  });
  console.log(JSON.stringify(summary, null, 2));
}
