import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { systemClock, type Clock } from '../server/clock.js';
import { loadConfig } from '../server/config/config.js';
import { openDatabase, type Database } from '../server/db/database.js';
import type { DB } from '../server/db/schema.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { buildApp } from '../server/http/app.js';
import { AppError } from '../server/http/errors.js';
import type { ByteRange } from '../server/modules/blobs/blob-store.js';
import { FileBlobStore } from '../server/modules/blobs/file-blob-store.js';
import { wordsOf } from '../server/modules/cases/case-words.js';
import { normalizeReason } from '../server/modules/rights/reason.js';
import { createServices } from '../server/services.js';
import { AccessLog } from './access-log.js';
import { DataKey, OfflineCopyError, readIdentity } from './keys.js';
import { EncryptedStore, TABLE_ORDER, type CopyState, type Row } from './store.js';
import { restoreManifestFiles } from './sync.js';

/**
 * State-changing requests the viewer serves: signing in and out, and reads sent as POST (patient
 * identifiers never go in URLs, validating one changes nothing), the emergency opening of a
 * confidential case (a read that must be given a reason), and the print log. Everything else that
 * is not GET/HEAD/OPTIONS answers 405 `read_only_copy` before its body is read.
 */
const ALLOWED_WRITES = new Set([
  'POST /api/session',
  'DELETE /api/session',
  'POST /api/patients/lookup',
  'POST /api/identifiers/validate',
  'POST /api/cases/:id/emergency-access',
  'POST /api/offline/prints',
]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The viewer's own routes' schemas. The web client's types for them are written by hand in
 * src/web/viewer-schema.ts (the server's OpenAPI document does not have them); test/types/viewer-schema.ts
 * fails the type check when the two differ.
 */
export const viewerStatusAnswer = z.object({
  snapshotAt: z.string(),
  sequence: z.number().int(),
  ageMinutes: z.number().int(),
  workstation: z.object({ id: z.string(), name: z.string() }),
  timeZone: z.string(),
});
export const viewerPrintBody = z.strictObject({ caseId: z.string().uuid(), reason: z.string().max(2000) });
export const viewerPrintAnswer = z.object({ at: z.string(), reason: z.string(), sequence: z.number().int() });

export const viewerAllows = (method: string, routeUrl: string): boolean => SAFE_METHODS.has(method) || ALLOWED_WRITES.has(`${method} ${routeUrl}`);

/** Derivatives are read from store.db and decrypted on request; nothing is written to disk in plaintext. */
class CopyBlobStore extends FileBlobStore {
  /** The last images decrypted: a media read asks for its size (stat) and then its bytes, one read of store.db serves both. */
  private readonly recent = new Map<string, Buffer>();
  private recentBytes = 0;

  constructor(root: string, private readonly store: EncryptedStore) {
    super(root);
  }

  private blob(key: string): Buffer | undefined {
    const known = this.recent.get(key);
    if (known) return known;
    const data = this.store.blob(key);
    if (!data) return undefined;
    this.recent.set(key, data);
    this.recentBytes += data.length;
    for (const [oldKey, old] of this.recent) {
      if (this.recent.size <= 32 && this.recentBytes <= 16 * 1024 * 1024) break;
      this.recent.delete(oldKey);
      this.recentBytes -= old.length;
    }
    return data;
  }

  override async get(key: string): Promise<Readable> {
    const data = this.blob(key);
    if (!data) throw new AppError('not_found', 'Filen finns inte i reservkopian.');
    return Readable.from([data]);
  }

  override async getRange(key: string, range: ByteRange): Promise<Readable> {
    const data = this.blob(key);
    if (!data) throw new AppError('not_found', 'Filen finns inte i reservkopian.');
    return Readable.from([data.subarray(range.start, range.end + 1)]);
  }

  override async stat(key: string): Promise<{ size: number } | null> {
    const data = this.blob(key);
    return data ? { size: data.length } : null;
  }
}

/** Values as the SQLite schema holds them (rows from a PostgreSQL server may carry booleans or JSON). */
const sqliteValue = (value: unknown): unknown => {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
};

const parseJson = <T>(text: unknown, fallback: T): T => {
  try {
    return typeof text === 'string' ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
};

/**
 * Decrypts the copy into an in-memory Kasus database made by the normal migrations, so every read,
 * rights and confidentiality rule runs exactly as on the server. Foreign keys are off while loading:
 * a case may name a creator or signer who holds no role in the copy's departments (and so is not in it).
 */
export async function loadCopy(store: EncryptedStore, database: Database): Promise<Record<string, number>> {
  const db = database.db;
  const counts: Record<string, number> = {};
  await sql`pragma foreign_keys = off`.execute(db);
  for (const table of TABLE_ORDER) {
    if (table === 'blob') continue;
    let batch: Row[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await db.insertInto(table as keyof DB).values(batch as never).execute();
      batch = [];
    };
    counts[table] = 0;
    for (const row of store.rows(table)) {
      batch.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, sqliteValue(v)])));
      counts[table]++;
      if (batch.length >= 200) await flush();
    }
    await flush();
  }
  // The search index is not part of the copy: it is rebuilt here the way the server builds it
  // (the text and long-text fields of the case's form, and the media captions).
  const textFields = new Map<string, string[]>();
  for (const version of await db.selectFrom('form_version').select(['id', 'fields']).execute()) {
    const fields = parseJson<{ key?: string; type?: string }[]>(version.fields, []);
    textFields.set(version.id, fields.filter((f) => f.type === 'text' || f.type === 'long_text').map((f) => f.key ?? ''));
  }
  const captions = new Map<string, string[]>();
  for (const media of await db.selectFrom('media').select(['case_id', 'caption']).where('removed_at', 'is', null).execute()) {
    if (media.caption) captions.set(media.case_id, [...(captions.get(media.case_id) ?? []), media.caption]);
  }
  let words: { word: string; case_id: string; department_id: string; created_at: string }[] = [];
  const flushWords = async () => {
    if (words.length) await db.insertInto('case_word').values(words).execute();
    words = [];
  };
  for (const row of await db.selectFrom('clinical_case').select(['id', 'department_id', 'created_at', 'form_version_id', 'form_values']).execute()) {
    const values = parseJson<Record<string, unknown>>(row.form_values, {});
    const texts = (row.form_version_id ? (textFields.get(row.form_version_id) ?? []) : []).map((key) => values[key]);
    for (const word of wordsOf(...texts.map((t) => (typeof t === 'string' ? t : null)), ...(captions.get(row.id) ?? []))) {
      words.push({ word, case_id: row.id, department_id: row.department_id, created_at: row.created_at });
      if (words.length >= 200) await flushWords();
    }
  }
  await flushWords();
  await sql`pragma foreign_keys = on`.execute(db);
  // Planner statistics of the loaded copy (the ones taken after the migrations saw empty tables).
  await sql`analyze`.execute(db);
  return counts;
}

export interface ViewerOptions {
  dir: string;
  keyFile: string;
  port: number;
  /** Where to listen; the viewer is for the workstation itself, so only loopback is allowed. */
  host?: '127.0.0.1';
  /** How often the viewer looks for a newer copy written by a sync (default 30 s; 0: never by itself). */
  reloadMs?: number;
  clock?: Clock;
  logger?: boolean | object;
}

export interface Viewer {
  app: FastifyInstance;
  url: string;
  /** The copy served now (it changes when a newer one is loaded). */
  readonly state: CopyState;
  readonly counts: Record<string, number>;
  /** Loads the copy a sync has written since, if any; true when it did. Signed-in users stay signed in. */
  reload(): Promise<boolean>;
  close(): Promise<void>;
}

/** A fresh in-memory Kasus database holding the copy. */
async function copyDatabase(store: EncryptedStore): Promise<{ database: Database; counts: Record<string, number> }> {
  const database = await openDatabase('sqlite::memory:');
  try {
    await migrateToLatest(database);
    return { database, counts: await loadCopy(store, database) };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Settings of the server that also apply on the workstation, taken from its environment when set. */
const PASSED_THROUGH = ['KASUS_TIME_ZONE', 'KASUS_SESSION_TTL_MINUTES', 'KASUS_LOCKOUT_ATTEMPTS', 'KASUS_LOCKOUT_MINUTES', 'KASUS_EMERGENCY_ACCESS_MINUTES', 'KASUS_RESERVNUMMER_FORMATS', 'KASUS_LOG_LEVEL'];

/**
 * `kasus offline-copy serve`: the normal Kasus app over the decrypted copy, on 127.0.0.1 only, with
 * no network use at all. Writes answer 405 `read_only_copy`; every audit event is also appended to
 * the workstation's hash-chained access log (DIR/access-log.db), uploaded at the next sync.
 */
export async function startViewer(options: ViewerOptions): Promise<Viewer> {
  const dir = path.resolve(options.dir);
  const identity = readIdentity(options.keyFile);
  const dataKey = await DataKey.load(dir, identity);
  if (!dataKey || !EncryptedStore.exists(dir)) throw new OfflineCopyError(`${dir} holds no copy yet: run \`kasus offline-copy sync\` first.`);
  // Opened read-write: a sync killed mid-transaction leaves a journal that SQLite rolls back on open.
  const store = EncryptedStore.open(dir, dataKey);
  const initial = store.state();
  if (!initial) {
    store.close();
    throw new OfflineCopyError(`${dir} holds no complete copy yet: run \`kasus offline-copy sync\` first.`);
  }
  restoreManifestFiles(dir, initial);
  let state: CopyState = initial;
  const clock = options.clock ?? systemClock;
  // Nothing is written here (blobs come from the store, the key and checkpoints are never used);
  // a private directory keeps even the empty folders out of DIR.
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'kasus-viewer-'));
  const env: Record<string, string> = {
    KASUS_DATA_DIR: runtimeDir,
    KASUS_DATABASE_URL: 'sqlite::memory:',
    KASUS_SESSION_SECRET: randomBytes(32).toString('base64url'),
    KASUS_DEMO_DATA: 'false',
    KASUS_WORKER: 'off',
    KASUS_PROBES: 'off',
    KASUS_HOST: '127.0.0.1',
    KASUS_PORT: String(options.port),
  };
  for (const name of PASSED_THROUGH) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  const config = loadConfig(env);
  let loaded = await copyDatabase(store);
  // The services keep this object and read `.db` on every query, so a newer copy can be swapped in
  // under a running viewer without rebuilding the app.
  const database: Database = {
    get db() {
      return loaded.database.db;
    },
    dialect: 'sqlite',
    close: () => loaded.database.close(),
  };
  const services = createServices(config, database, { clock, blobs: new CopyBlobStore(path.join(runtimeDir, 'blobs'), store) });
  const accessLog = AccessLog.open(dir, dataKey);

  // Every audit event (sign-in, lookup, case and media reads, emergency openings, prints, refusals)
  // goes to the workstation's access log as well as the in-memory log the rules read.
  const auditLog = services.auditLog;
  const record = auditLog.record.bind(auditLog);
  auditLog.record = async (ctx, entry, executor) => {
    await record(ctx, entry, executor);
    await accessLog.appendSoon({
      at: clock.now().toISOString(),
      // The server's chain takes a name for every entry; an event without one (none known yet) has ''.
      username: ctx?.actor?.username ?? entry.username ?? '',
      userId: ctx?.actor?.userId ?? entry.userId ?? null,
      action: entry.action,
      outcome: entry.outcome,
      objectType: entry.objectType ?? null,
      objectId: entry.objectId ?? null,
      patientId: entry.patientId ?? null,
      departmentId: entry.departmentId ?? null,
      details: entry.details ?? {},
    });
  };

  const plugin: FastifyPluginAsync = async (app) => {
    app.addHook('onRequest', async (request) => {
      const url = request.routeOptions.url;
      if (url === undefined || !url.startsWith('/api/')) return;
      if (!viewerAllows(request.method, url)) throw new AppError('read_only_copy');
    });
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.get('/api/offline/status', {
      schema: {
        tags: ['offline-copy'],
        summary: 'The copy this viewer serves: when its snapshot was made and how old it is',
        response: {
          200: viewerStatusAnswer,
        },
      },
    }, async () => ({
      snapshotAt: state.snapshotAt,
      sequence: state.sequence,
      ageMinutes: Math.max(0, Math.floor((clock.now().getTime() - Date.parse(state.snapshotAt)) / 60_000)),
      workstation: { id: state.workstationId, name: state.workstationName },
      timeZone: config.timeZone,
    }));
    typed.post('/api/offline/prints', {
      schema: {
        tags: ['offline-copy'],
        summary: 'Logs the print of a case from the copy, with its reason (asked before the browser prints)',
        body: viewerPrintBody,
        response: { 201: viewerPrintAnswer },
      },
    }, async (request, reply) => {
      const reason = normalizeReason(request.body.reason);
      // The case is read through the normal route, so a print is logged only for one the user may
      // open (rights, confidentiality and emergency opening exactly as for reading it).
      const read = await app.inject({
        method: 'GET',
        url: `/api/cases/${request.body.caseId}`,
        headers: {
          ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        },
      });
      if (read.statusCode !== 200) {
        const body = parseJson<{ code?: string; message?: string }>(read.body, {});
        // The refusal the read got (401, 403 emergency opening needed, 404), as it was.
        return reply.code(read.statusCode as 201).send(body as never);
      }
      const found = parseJson<{ departmentId?: string; patient?: { id?: string } | null; patientId?: string }>(read.body, {});
      const at = clock.now().toISOString();
      await services.auditLog.record(request.ctx, {
        action: 'case.print',
        outcome: 'success',
        objectType: 'case',
        objectId: request.body.caseId,
        departmentId: found.departmentId ?? null,
        patientId: found.patient?.id ?? found.patientId ?? null,
        details: { reason, origin: 'offline-copy', copySequence: state.sequence, snapshotAt: state.snapshotAt },
      });
      return reply.code(201).send({ at, reason, sequence: state.sequence });
    });
  };
  // Not encapsulated: the refusal hook must see every route registered after it.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

  const app = await buildApp(services, { logger: options.logger ?? false, offlineCopy: { plugin } });
  let reloading: Promise<boolean> | null = null;
  const retired: { timer: NodeJS.Timeout; database: Database }[] = [];
  const loadNewer = async (): Promise<boolean> => {
    const newest = store.state();
    if (!newest || newest.sequence === state.sequence) return false;
    const next = await copyDatabase(store);
    // Staff stay signed in across a new copy, if they are still in it.
    const users = new Set((await next.database.db.selectFrom('user_account').select('id').where('active', '=', 1).execute()).map((u) => u.id));
    const sessions = (await loaded.database.db.selectFrom('session').selectAll().execute()).filter((s) => users.has(s.user_id));
    if (sessions.length) await next.database.db.insertInto('session').values(sessions).execute();
    const previous = loaded;
    loaded = next;
    state = newest;
    restoreManifestFiles(dir, newest);
    // Requests already reading the previous copy finish on it; it is closed a little later.
    const retire = setTimeout(() => void previous.database.close().catch(() => {}), 10_000);
    retire.unref();
    retired.push({ timer: retire, database: previous.database });
    return true;
  };
  const reload = () => (reloading ??= loadNewer().finally(() => (reloading = null)));
  const reloadMs = options.reloadMs ?? 30_000;
  const timer = reloadMs > 0 ? setInterval(() => void reload().catch((error: unknown) => app.log.warn({ err: error }, 'loading the newer copy failed; the one loaded is served')), reloadMs) : null;
  timer?.unref();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    await reloading?.catch(() => false);
    await app.close();
    for (const old of retired.splice(0)) {
      clearTimeout(old.timer);
      await old.database.close().catch(() => {});
    }
    await database.close();
    accessLog.close();
    store.close();
    rmSync(runtimeDir, { recursive: true, force: true });
  };
  try {
    await app.listen({ host: '127.0.0.1', port: options.port });
  } catch (error) {
    await close();
    throw new OfflineCopyError(`The viewer cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}`);
  }
  const port = (app.server.address() as AddressInfo).port;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    get state() {
      return state;
    },
    get counts() {
      return loaded.counts;
    },
    reload,
    close,
  };
}
