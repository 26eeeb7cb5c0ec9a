import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { dialectOf, type DialectName } from '../../db/database.js';
import { isBlobKey, type MediaBlobStore } from '../blobs/blob-store.js';
import { BackupRepository, type HeldFile, type SnapshotQuery } from './backup-repository.js';

const run = promisify(execFile);

export const MANIFEST = 'manifest.json';
const FORMAT = 'kasus-backup/1';
const DATABASE_FILE: Record<DialectName, string> = { sqlite: 'database.sqlite', postgres: 'database.pgdump' };
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
export const PUBLIC_KEY_FILE = 'audit-public-key.pem';

export interface BackupManifest {
  format: typeof FORMAT;
  createdAt: string;
  dialect: DialectName;
  database: { file: string; sha256: string; size: number };
  /** Rows per table in the snapshot. */
  counts: Record<string, number>;
  /** Every blob the snapshot references; its file is `blobs/<ab>/<key>`, its SHA-256 is its key. */
  blobs: { key: string; size: number }[];
  /**
   * The files outside the blob store the snapshot names (issue 17): raw uploads not yet cleaned
   * (`quarantine/<key>`), staged card imports (`imports/<import>/<file>`) and the offline copy's
   * parts (`offline-copy/parts/<name>`); each is `files/<path>` in the backup. Absent in older backups.
   */
  files?: (HeldFile & { size: number })[];
  /** Offline copy parts the snapshot named that were pruned (their workstation had them) before they could be copied. */
  filesSkipped?: string[];
  audit: {
    head: { seq: number; hash: string } | null;
    /** The latest signed checkpoint in the snapshot (all of them are in audit-checkpoints.jsonl). */
    checkpoint: { seq: number; hash: string; at: string; keyId: string; signature: string } | null;
    publicKeyId: string | null;
  };
}

/** A refusal or failure with a message for the operator (the CLI prints it and exits non-zero). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupContext {
  databaseUrl: string;
  blobs: MediaBlobStore;
  /** KASUS_DATA_DIR: staged imports and the offline copy's parts live under it (the quarantine is the blob store's). */
  dataDir: string;
  progress(line: string): void;
  /** Long steps (copying raw uploads, blobs, files) report how far they are at most this often (default 10 s; 0: after every file). */
  progressEveryMs?: number;
}

/**
 * Reports a long step's progress: files and bytes done of the total, elapsed time and, once something
 * is done, the time left at this rate; at most every `everyMs`, and at the end when any line was given.
 */
function stepProgress(context: Pick<BackupContext, 'progress' | 'progressEveryMs'>, total: number) {
  const everyMs = context.progressEveryMs ?? 10_000;
  const started = Date.now(); // wall time: how long the backup has run, for the operator
  let last = started;
  let reported = false;
  let done = 0;
  let bytes = 0;
  const line = () => {
    const seconds = (Date.now() - started) / 1000; // wall time, as above
    const left = done > 0 && done < total ? ` (about ${Math.ceil((seconds / done) * (total - done))} s left)` : '';
    context.progress(`    ${done} of ${total}, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${seconds.toFixed(0)} s${left}`);
    reported = true;
  };
  return {
    add(size: number) {
      done++;
      bytes += size;
      const now = Date.now(); // wall time, as above
      if (now - last >= everyMs && done < total) {
        last = now;
        line();
      }
    },
    end() {
      if (reported || (everyMs === 0 && total > 0)) line();
    },
  };
}

/** What verification needs from the audit module: the chain in a snapshot checked against the signed checkpoints. */
export type AuditChainCheck = (databaseUrl: string, checkpointFile: string, publicKeyPem: string | null) => Promise<{ ok: boolean; events: number; message: string }>;

const blobFile = (dir: string, key: string) => path.join(dir, 'blobs', key.slice(0, 2), key);

/** The shapes a held file's path may take: a manifest naming anything else (`..`, absolute paths) is refused. */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const HELD_PATH: Record<HeldFile['area'], RegExp> = {
  quarantine: new RegExp(`^quarantine/${UUID}$`),
  imports: new RegExp(`^imports/${UUID}/${UUID}$`),
  'offline-parts': new RegExp(`^offline-copy/parts/ws-${UUID}-\\d{1,12}-\\d{1,6}\\.age$`),
};
const isHeldPath = (file: { area: string; path: string }) => Object.hasOwn(HELD_PATH, file.area) && HELD_PATH[file.area as HeldFile['area']].test(file.path);

/** Where a held file lives in an installation: the quarantine is the blob store's directory, the rest is under the data directory. */
function liveFile(context: Pick<BackupContext, 'blobs' | 'dataDir'>, file: Pick<HeldFile, 'area' | 'path'>): string {
  if (!isHeldPath(file)) throw new BackupError(`Not a file Kasus keeps: ${JSON.stringify(String(file.path).slice(0, 120))}.`);
  return file.area === 'quarantine' ? path.join(context.blobs.quarantineDir, path.basename(file.path)) : path.join(context.dataDir, file.path);
}

const heldCopy = (dir: string, file: Pick<HeldFile, 'path'>) => path.join(dir, 'files', file.path);

/** Copies a file through a temp name, hashing it on the way, durable when it resolves; null when the source is gone. */
async function copyHashed(source: string, target: string, mode: number): Promise<{ sha256: string; size: number } | null> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(4).toString('hex')}.partial`;
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      createReadStream(source),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(temp, { mode }),
    );
    const handle = await open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * The raw uploads still waiting to be cleaned and the staged import files, as the live database names
 * them now (before the snapshot): only these, not whatever else lies in the quarantine (an upload being
 * received or refused, a leftover the sweep will remove), which the snapshot cannot name.
 */
async function heldFilesNamed(databaseUrl: string): Promise<HeldFile[]> {
  const named = (repository: BackupRepository) => repository.tables().then((tables) => repository.heldFiles(tables));
  let files: HeldFile[];
  if (dialectOf(databaseUrl) === 'sqlite') {
    const source = sqliteFileOf(databaseUrl);
    if (!existsSync(source)) throw new BackupError(`The database ${source} does not exist.`);
    const live = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
    try {
      files = await named(new BackupRepository('sqlite', async (text) => live.prepare(text).all() as Record<string, unknown>[]));
    } finally {
      live.close();
    }
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      files = await named(new BackupRepository('postgres', async (text) => (await client.query(text)).rows as Record<string, unknown>[]));
    } finally {
      await client.end();
    }
  }
  return files.filter((f) => f.area !== 'offline-parts' && isHeldPath(f));
}

/** Every file under dir, as paths relative to it. */
async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(dir, relative)));
    else found.push(relative);
  }
  return found;
}

async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

const sqliteFileOf = (url: string) => path.resolve(url.slice('sqlite:'.length));

async function tool(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new BackupError(`${command} is not installed (Debian: apt-get install postgresql-client; it must be at least the server's version).`);
    throw new BackupError(`${command} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** The connection string without its password, for messages. */
const redact = (url: string) => url.replace(/\/\/([^:@/]*)(:[^@]*)?@/, '//$1:***@');

/**
 * `kasus backup`: the database snapshot first, then the blobs it references (immutable and
 * content-addressed: every blob the snapshot names exists until a purge removes it), then the
 * signed checkpoints and the manifest, which is written last: a backup without one is incomplete.
 */
export async function makeBackup(context: BackupContext, out: string, audit: { publicKeyPem: string | null; publicKeyId: string | null }): Promise<BackupManifest> {
  const { databaseUrl, blobs, progress } = context;
  if (existsSync(out) && (await readdir(out)).length > 0) throw new BackupError(`${out} is not empty: give a new or empty directory.`);
  await mkdir(path.join(out, 'blobs'), { recursive: true });
  const dialect = dialectOf(databaseUrl);
  const databaseFile = path.join(out, DATABASE_FILE[dialect]);

  // Raw uploads and staged files are taken before the snapshot as well: one being cleaned (or added
  // from its import) while the snapshot is taken is gone from its place afterwards, and the snapshot
  // still names it. Only those the database names now (still waiting, still staged); those the
  // snapshot no longer names are dropped below.
  const waiting = await heldFilesNamed(databaseUrl);
  const count = (area: HeldFile['area']) => waiting.filter((f) => f.area === area).length;
  progress(`1/6 Raw uploads still waiting to be cleaned and staged import files, as the database names them before the snapshot: ${count('quarantine')} raw upload(s), ${count('imports')} staged import file(s)`);
  const before = new Map<string, string>();
  const beforeProgress = stepProgress(context, waiting.length);
  for (const file of waiting) {
    const copied = await copyHashed(liveFile(context, file), heldCopy(out, file), 0o440);
    if (copied) before.set(file.path, copied.sha256);
    beforeProgress.add(copied?.size ?? 0);
  }
  beforeProgress.end();

  progress(`2/6 Database snapshot (${dialect}) → ${databaseFile}`);
  const snapshot = await withSnapshot(databaseUrl, databaseFile, async (repository) => {
    const tables = await repository.tables();
    return {
      counts: await repository.counts(tables),
      keys: await repository.blobKeys(tables),
      held: await repository.heldFiles(tables),
      head: await repository.auditHead(),
      checkpoints: await repository.checkpoints(),
    };
  });
  const database = { file: DATABASE_FILE[dialect], ...(await sha256File(databaseFile)) };

  progress(`3/6 Blobs: ${snapshot.keys.length} referenced`);
  const copied: BackupManifest['blobs'] = [];
  const blobProgress = stepProgress(context, snapshot.keys.length);
  for (const key of snapshot.keys) {
    if (!isBlobKey(key)) throw new BackupError(`The database names a blob with a malformed key: ${JSON.stringify(String(key).slice(0, 80))}.`);
    const file = blobFile(out, key);
    await mkdir(path.dirname(file), { recursive: true });
    try {
      // Verified against its SHA-256 while it streams: a damaged blob fails the backup, never copied silently.
      await pipeline(await blobs.get(key), createWriteStream(file, { mode: 0o440 }));
    } catch (error) {
      throw new BackupError(`Blob ${key} could not be copied: ${(error as Error).message} (a purge during the backup removes blobs: run the backup again).`);
    }
    copied.push({ key, size: (await stat(file)).size });
    blobProgress.add(copied[copied.length - 1]!.size);
  }
  blobProgress.end();

  const byArea = (area: HeldFile['area']) => snapshot.held.filter((f) => f.area === area).length;
  progress(`4/6 Files the snapshot names outside the blob store: ${byArea('quarantine')} raw upload(s) not yet cleaned, ${byArea('imports')} staged import file(s), ${byArea('offline-parts')} offline copy part(s)`);
  const files: NonNullable<BackupManifest['files']> = [];
  const skipped: string[] = [];
  const fileProgress = stepProgress(context, snapshot.held.length);
  for (const file of snapshot.held) {
    const target = heldCopy(out, file);
    let copied: { sha256: string; size: number } | null = before.get(file.path) === file.sha256 ? { sha256: file.sha256, size: (await stat(target)).size } : null;
    // Not taken before the snapshot (written since), or taken half written: from its place now.
    copied ??= await copyHashed(liveFile(context, file), target, 0o440);
    if (!copied) {
      // A part the workstation had is pruned at any time: the restored copy does not need it.
      if (file.area === 'offline-parts') {
        skipped.push(file.path);
        continue;
      }
      throw new BackupError(`${file.path} was taken from its place during the backup (cleaned, or added from its import): run the backup again.`);
    }
    if (copied.sha256 !== file.sha256) throw new BackupError(`${file.path} does not hash to the SHA-256 its row names (${copied.sha256}): the file is damaged.`);
    files.push({ ...file, size: copied.size });
    fileProgress.add(copied.size);
  }
  fileProgress.end();
  // Files taken before the snapshot that it does not name (cleaned or discarded meanwhile).
  const named = new Set(files.map((f) => f.path));
  for (const relative of await filesUnder(path.join(out, 'files'))) {
    if (!named.has(relative)) await rm(path.join(out, 'files', relative), { force: true });
  }

  progress(`5/6 Audit: chain head ${snapshot.head ? `event ${snapshot.head.seq}` : 'empty'}, ${snapshot.checkpoints.length} signed checkpoint(s)`);
  await writeFile(path.join(out, CHECKPOINT_FILE), snapshot.checkpoints.map((c) => JSON.stringify(c) + '\n').join(''));
  if (audit.publicKeyPem) await writeFile(path.join(out, PUBLIC_KEY_FILE), audit.publicKeyPem);

  const manifest: BackupManifest = {
    format: FORMAT,
    createdAt: new Date().toISOString(),
    dialect,
    database,
    counts: snapshot.counts,
    blobs: copied,
    files,
    ...(skipped.length ? { filesSkipped: skipped } : {}),
    audit: { head: snapshot.head, checkpoint: snapshot.checkpoints[snapshot.checkpoints.length - 1] ?? null, publicKeyId: audit.publicKeyId },
  };
  progress(`6/6 Manifest → ${path.join(out, MANIFEST)}`);
  const temp = path.join(out, `${MANIFEST}.tmp`);
  await writeFile(temp, JSON.stringify(manifest, null, 2) + '\n');
  await rename(temp, path.join(out, MANIFEST));
  return manifest;
}

/**
 * Takes the snapshot into `file` and gives `work` a repository reading that same snapshot.
 * SQLite: the online backup API (a consistent copy while the server writes), then the copy is read.
 * PostgreSQL: a repeatable-read transaction exports its snapshot; pg_dump (custom format) dumps
 * exactly that snapshot, and the transaction reads it too.
 */
async function withSnapshot<T>(databaseUrl: string, file: string, work: (repository: BackupRepository) => Promise<T>): Promise<T> {
  if (dialectOf(databaseUrl) === 'sqlite') {
    const source = sqliteFileOf(databaseUrl);
    if (!existsSync(source)) throw new BackupError(`The database ${source} does not exist.`);
    const live = new SqliteDatabase(source, { fileMustExist: true });
    try {
      await live.backup(file);
    } finally {
      live.close();
    }
    // One self-contained file (no -wal beside it), read only from here on.
    const own = new SqliteDatabase(file);
    own.pragma('journal_mode = DELETE');
    own.close();
    const copy = new SqliteDatabase(file, { readonly: true });
    try {
      return await work(new BackupRepository('sqlite', async (text) => copy.prepare(text).all() as Record<string, unknown>[]));
    } finally {
      copy.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    await tool('pg_dump', ['--format=custom', `--snapshot=${rows[0]!.id}`, '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${databaseUrl}`]);
    const query: SnapshotQuery = async (text) => (await client.query(text)).rows as Record<string, unknown>[];
    const result = await work(new BackupRepository('postgres', query));
    await client.query('commit');
    return result;
  } finally {
    await client.end();
  }
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) throw new BackupError(`${dir} holds no ${MANIFEST}: not a Kasus backup, or an incomplete one.`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`${file} is not valid JSON.`);
  }
  if (manifest.format !== FORMAT) throw new BackupError(`${file} is not a ${FORMAT} manifest.`);
  return manifest;
}

/** Why an installation is not empty, or null when it is (no tables in its database, no blobs in its store). */
async function notEmpty(databaseUrl: string, blobs: MediaBlobStore): Promise<string | null> {
  if (dialectOf(databaseUrl) === 'sqlite') {
    const file = sqliteFileOf(databaseUrl);
    if (existsSync(file)) {
      const db = new SqliteDatabase(file, { readonly: true });
      try {
        const tables = await new BackupRepository('sqlite', async (text) => db.prepare(text).all() as Record<string, unknown>[]).tables();
        if (tables.length > 0) return `its database ${file} has ${tables.length} tables`;
      } finally {
        db.close();
      }
    }
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const tables = await new BackupRepository('postgres', async (text) => (await client.query(text)).rows as Record<string, unknown>[]).tables();
      if (tables.length > 0) return `its database ${redact(databaseUrl)} has ${tables.length} tables`;
    } finally {
      await client.end();
    }
  }
  const local = blobs.localPath('0'.repeat(64));
  if (local) {
    const root = path.dirname(path.dirname(path.dirname(local)));
    const shards = existsSync(root) ? (await readdir(root)).filter((name) => /^[0-9a-f]{2}$/.test(name)) : [];
    if (shards.length > 0) return `its blob store ${root} holds blobs`;
  } else if ('list' in blobs && 'settings' in blobs) {
    const s3 = blobs as unknown as { list(prefix: string): AsyncGenerator<{ key: string }>; settings: { bucket: string; prefix: string } };
    for await (const object of s3.list(s3.settings.prefix)) {
      if (!object.key.startsWith(`${s3.settings.prefix}tmp/`)) return `its bucket s3://${s3.settings.bucket}/${s3.settings.prefix} holds blobs`;
    }
  }
  return null;
}

/** `kasus restore DIR`: the database and every blob into an empty installation (refused otherwise). */
export async function restoreBackup(context: BackupContext, dir: string): Promise<BackupManifest> {
  const { databaseUrl, blobs, progress } = context;
  const manifest = await readManifest(dir);
  const dialect = dialectOf(databaseUrl);
  if (manifest.dialect !== dialect) throw new BackupError(`The backup is of a ${manifest.dialect} database; KASUS_DATABASE_URL names a ${dialect} one.`);
  const occupied = await notEmpty(databaseUrl, blobs);
  if (occupied) {
    throw new BackupError(`The installation is not empty: ${occupied}. A restore goes into an empty installation only — point KASUS_DATABASE_URL (and KASUS_DATA_DIR or KASUS_BLOB_STORE) at new, empty ones.`);
  }
  const databaseFile = path.join(dir, manifest.database.file);
  const check = await sha256File(databaseFile);
  if (check.sha256 !== manifest.database.sha256) throw new BackupError(`${databaseFile} does not match the manifest (SHA-256 ${check.sha256}): the backup is damaged.`);

  progress(`1/3 Database (${dialect}) ← ${databaseFile}`);
  if (dialect === 'sqlite') {
    const target = sqliteFileOf(databaseUrl);
    await mkdir(path.dirname(target), { recursive: true });
    for (const leftover of [target, `${target}-wal`, `${target}-shm`]) await rm(leftover, { force: true });
    await copyFile(databaseFile, `${target}.restoring`);
    await rename(`${target}.restoring`, target);
  } else {
    await tool('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${databaseUrl}`, databaseFile]);
  }

  progress(`2/4 Blobs: ${manifest.blobs.length}`);
  for (const [index, blob] of manifest.blobs.entries()) {
    const stored = await blobs.put(createReadStream(blobFile(dir, blob.key)));
    if (stored.key !== blob.key) {
      await blobs.delete(stored.key);
      throw new BackupError(`Blob ${blob.key} in the backup is damaged (its content hashes to ${stored.key}); run \`kasus backup verify\`.`);
    }
    if ((index + 1) % 500 === 0) progress(`    ${index + 1} of ${manifest.blobs.length}`);
  }

  // Raw uploads waiting to be cleaned go back under their keys (their jobs are in the snapshot and
  // clean them at the next start), staged imports and offline copy parts under the data directory.
  const files = manifest.files ?? [];
  progress(`3/3 Files outside the blob store: ${files.length}`);
  for (const file of files) {
    const target = liveFile(context, file);
    const copied = await copyHashed(heldCopy(dir, file), target, 0o600);
    if (!copied) throw new BackupError(`${file.path} is missing from the backup; run \`kasus backup verify\`.`);
    if (copied.sha256 !== file.sha256) {
      await rm(target, { force: true });
      throw new BackupError(`${file.path} in the backup is damaged (its content hashes to ${copied.sha256}); run \`kasus backup verify\`.`);
    }
  }
  return manifest;
}

export interface VerifyReport {
  ok: boolean;
  problems: string[];
}

/** `kasus backup verify DIR`: the manifest, the database file, every blob's SHA-256, and the audit chain in the snapshot. */
export async function verifyBackup(dir: string, scratchDatabaseUrl: string, checkAudit: AuditChainCheck, progress: (line: string) => void): Promise<VerifyReport> {
  const manifest = await readManifest(dir);
  const problems: string[] = [];
  const databaseFile = path.join(dir, manifest.database.file);
  progress(`1/4 Database file ${manifest.database.file}`);
  if (!existsSync(databaseFile)) problems.push(`${manifest.database.file} is missing.`);
  else if ((await sha256File(databaseFile)).sha256 !== manifest.database.sha256) problems.push(`${manifest.database.file} does not match its SHA-256 in the manifest.`);

  progress(`2/3 Blobs: ${manifest.blobs.length}`);
  for (const blob of manifest.blobs) {
    const file = blobFile(dir, blob.key);
    if (!isBlobKey(blob.key)) problems.push(`The manifest names a malformed blob key ${JSON.stringify(String(blob.key).slice(0, 80))}.`);
    else if (!existsSync(file)) problems.push(`Blob ${blob.key} is missing.`);
    else {
      const actual = await sha256File(file);
      if (actual.sha256 !== blob.key) problems.push(`Blob ${blob.key} is damaged: its content hashes to ${actual.sha256}.`);
      else if (actual.size !== blob.size) problems.push(`Blob ${blob.key} has ${actual.size} bytes, the manifest says ${blob.size}.`);
    }
  }

  const files = manifest.files ?? [];
  progress(`3/4 Files outside the blob store: ${files.length}`);
  for (const file of files) {
    const copy = heldCopy(dir, file);
    if (!isHeldPath(file)) problems.push(`The manifest names a file Kasus does not keep: ${JSON.stringify(String(file.path).slice(0, 120))}.`);
    else if (!existsSync(copy)) problems.push(`File ${file.path} is missing.`);
    else {
      const actual = await sha256File(copy);
      if (actual.sha256 !== file.sha256) problems.push(`File ${file.path} is damaged: its content hashes to ${actual.sha256}.`);
      else if (actual.size !== file.size) problems.push(`File ${file.path} has ${actual.size} bytes, the manifest says ${file.size}.`);
    }
  }

  progress('4/4 Audit chain in the snapshot');
  if (problems.some((p) => p.startsWith(manifest.database.file))) {
    problems.push('The audit chain was not checked: the database file is damaged.');
  } else {
    const publicKey = existsSync(path.join(dir, PUBLIC_KEY_FILE)) ? await readFile(path.join(dir, PUBLIC_KEY_FILE), 'utf8') : null;
    const result = await withScratchCopy(manifest, databaseFile, scratchDatabaseUrl, async (url, repository) => {
      const tables = await repository.tables();
      const counts = await repository.counts(tables);
      for (const [table, n] of Object.entries(manifest.counts)) {
        if (counts[table] !== n) problems.push(`Table ${table} has ${counts[table] ?? 0} rows in the snapshot, the manifest says ${n}.`);
      }
      const referenced = await repository.blobKeys(tables);
      const listed = new Set(manifest.blobs.map((b) => b.key));
      const unlisted = referenced.filter((key) => !listed.has(key));
      if (unlisted.length > 0) problems.push(`${unlisted.length} blob(s) the snapshot references are not in the backup (first: ${unlisted[0]}).`);
      if (manifest.files) {
        const kept = new Set([...files.map((f) => f.path), ...(manifest.filesSkipped ?? [])]);
        const missing = (await repository.heldFiles(tables)).filter((f) => !kept.has(f.path));
        if (missing.length > 0) problems.push(`${missing.length} file(s) the snapshot names outside the blob store are not in the backup (first: ${missing[0]!.path}).`);
      }
      return checkAudit(url, path.join(dir, CHECKPOINT_FILE), publicKey);
    });
    progress(`    ${result.message}`);
    if (!result.ok) problems.push(`Audit chain: ${result.message}`);
  }
  return { ok: problems.length === 0, problems };
}

/** The snapshot opened where it can be read without touching the backup: a temp copy (SQLite) or a scratch database (PostgreSQL). */
async function withScratchCopy<T>(manifest: BackupManifest, databaseFile: string, scratchServerUrl: string, work: (url: string, repository: BackupRepository) => Promise<T>): Promise<T> {
  if (manifest.dialect === 'sqlite') {
    const dir = path.join(tmpdir(), `kasus-verify-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    const copy = path.join(dir, 'kasus.db');
    try {
      await copyFile(databaseFile, copy);
      const db = new SqliteDatabase(copy, { readonly: true });
      try {
        return await work(`sqlite:${copy}`, new BackupRepository('sqlite', async (text) => db.prepare(text).all() as Record<string, unknown>[]));
      } finally {
        db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (dialectOf(scratchServerUrl) !== 'postgres') throw new BackupError('Verifying a PostgreSQL backup restores it into a scratch database: set KASUS_DATABASE_URL to a PostgreSQL server where Kasus may create one.');
  const name = `kasus_verify_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: scratchServerUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(scratchServerUrl);
    url.pathname = `/${name}`;
    try {
      await tool('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${url.toString()}`, databaseFile]);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return await work(url.toString(), new BackupRepository('postgres', async (text) => (await client.query(text)).rows as Record<string, unknown>[]));
      } finally {
        await client.end();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
    }
  } finally {
    await admin.end();
  }
}
