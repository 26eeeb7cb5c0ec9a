import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SqliteDatabase from 'better-sqlite3';
import { ACCESS_LOG_FILE, AccessLog } from './access-log.js';
import { DataKey, IDENTITY_FILE, OfflineCopyError, ageDecryptStream, fsyncDirectory, readIdentity, writeFileAtomic } from './keys.js';
import { verifyManifest, type Manifest } from './manifest.js';
import { formatMinisignPublicKey, parseMinisignPublicKey, type MinisignPublicKey } from './minisign.js';
import { EncryptedStore, isCopyTable, type CopyState } from './store.js';

export const SERVER_KEY_FILE = 'server-key.pub';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.json.minisig';
export const SYNC_LOCK_FILE = 'sync.lock';

export interface SyncOptions {
  server: string;
  token: string;
  dir: string;
  serverKey?: string;
  /** Progress lines (parts n/m, bytes); default: standard output. */
  log?: (line: string) => void;
}

export interface SyncResult {
  status: 'updated' | 'current';
  sequence: number;
  parts: number;
  bytes: number;
  accessLogUploaded: number;
}

const TOKEN_REFUSED = 'Refused by the server: the sync token is not valid (the workstation may have been revoked).';

/** One request to the server; every failure becomes a one-line OfflineCopyError. */
async function request(url: URL, token: string | null, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new OfflineCopyError(`Cannot reach the server at ${url.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}. The copy was not changed.`);
  }
  if (response.status === 401) throw new OfflineCopyError(TOKEN_REFUSED);
  if (!response.ok) {
    let detail = '';
    try {
      const body = (await response.json()) as { code?: string; message?: string };
      detail = `${body.code ?? ''}${body.message ? `: ${body.message}` : ''}`;
    } catch {
      detail = response.statusText;
    }
    throw new OfflineCopyError(`The server answered ${response.status} to ${url.pathname} (${detail}). The copy was not changed.`);
  }
  return response;
}

/** The manifest and signature of the copy held, written beside it again if a crash left older ones there. */
export function restoreManifestFiles(dir: string, state: CopyState): void {
  const file = path.join(dir, MANIFEST_FILE);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (current === state.manifest && existsSync(path.join(dir, SIGNATURE_FILE)) && readFileSync(path.join(dir, SIGNATURE_FILE), 'utf8') === state.signature) return;
  writeFileAtomic(path.join(dir, SIGNATURE_FILE), state.signature, 0o644);
  writeFileAtomic(file, state.manifest, 0o644);
}

/** Streams a part into DIR/incoming, checking its size while it arrives and its SHA-256 at the end. */
async function download(base: URL, token: string, part: Manifest['parts'][number], target: string): Promise<void> {
  const response = await request(new URL(`api/offline-copy/sync/parts/${encodeURIComponent(part.name)}`, base), token);
  if (!response.body) throw new OfflineCopyError(`Refused: part ${part.name} came without content.`);
  const hash = createHash('sha256');
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > part.size) return callback(new OfflineCopyError(`Refused: part ${part.name} is larger than the manifest says (${part.size} bytes). The copy was not changed.`));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), check, createWriteStream(target, { mode: 0o600 }));
  if (size !== part.size) throw new OfflineCopyError(`Refused: part ${part.name} has ${size} bytes, the manifest says ${part.size}. The copy was not changed.`);
  if (hash.digest('hex') !== part.sha256) throw new OfflineCopyError(`Refused: part ${part.name} does not match its SHA-256 in the signed manifest. The copy was not changed.`);
}

/** Applies one decrypted part (NDJSON, one change per line) inside the store's open transaction. */
async function applyPart(store: EncryptedStore, identity: string, file: string, name: string): Promise<number> {
  let plain: Readable;
  try {
    plain = await ageDecryptStream(identity, createReadStream(file));
  } catch (error) {
    throw new OfflineCopyError(`Refused: part ${name} cannot be decrypted with this workstation's identity (${(error as Error).message}).`);
  }
  let changes = 0;
  const lines = createInterface({ input: plain, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let change: { op?: unknown; table?: unknown; row?: unknown; key?: unknown };
      try {
        change = JSON.parse(line) as typeof change;
      } catch {
        throw new OfflineCopyError(`Refused: part ${name} holds a line that is not JSON.`);
      }
      if (!isCopyTable(change.table)) throw new OfflineCopyError(`Refused: part ${name} names a table the copy does not hold (${String(change.table)}).`);
      if (change.op === 'put' && change.row && typeof change.row === 'object') store.put(change.table, change.row as Record<string, unknown>);
      else if (change.op === 'del' && change.key && typeof change.key === 'object') store.del(change.table, change.key as Record<string, unknown>);
      else throw new OfflineCopyError(`Refused: part ${name} holds a change that is neither put nor del.`);
      changes++;
    }
  } catch (error) {
    if (error instanceof OfflineCopyError) throw error;
    throw new OfflineCopyError(`Refused: part ${name} could not be read to its end (${(error as Error).message}).`);
  }
  return changes;
}

/** The key that signs manifests: given, pinned in DIR on an earlier sync, or fetched and pinned now. */
async function serverKey(base: URL, options: SyncOptions): Promise<{ key: MinisignPublicKey; text: string; pinned: boolean }> {
  const pinnedFile = path.join(options.dir, SERVER_KEY_FILE);
  const pinnedText = existsSync(pinnedFile) ? readFileSync(pinnedFile, 'utf8').trim() : null;
  const parse = (text: string, origin: string) => {
    try {
      return parseMinisignPublicKey(text);
    } catch (error) {
      throw new OfflineCopyError(`${origin}: ${(error as Error).message}`);
    }
  };
  if (options.serverKey !== undefined) {
    const text = (existsSync(options.serverKey) ? readFileSync(options.serverKey, 'utf8') : options.serverKey).trim();
    const key = parse(text, '--server-key');
    return { key, text: formatMinisignPublicKey(key.key, key.keyId), pinned: pinnedText !== null && parse(pinnedText, pinnedFile).keyId.equals(key.keyId) };
  }
  if (pinnedText !== null) return { key: parse(pinnedText, pinnedFile), text: pinnedText, pinned: true };
  const response = await request(new URL('api/offline-copy/server-key', base), null);
  const { publicKey } = (await response.json()) as { publicKey?: unknown };
  if (typeof publicKey !== 'string') throw new OfflineCopyError('The server did not answer with its signing key.');
  return { key: parse(publicKey, 'The server key'), text: publicKey.trim(), pinned: false };
}

/** Uploads the access-log entries the server has not accepted yet; returns how many it accepted. */
async function uploadAccessLog(base: URL, token: string, dir: string, dataKey: DataKey | null, log: (line: string) => void): Promise<number> {
  if (!dataKey || !existsSync(path.join(dir, ACCESS_LOG_FILE))) return 0;
  const accessLog = AccessLog.open(dir, dataKey);
  try {
    const before = accessLog.accepted();
    const entries = accessLog.after(before);
    if (entries.length === 0) return 0;
    const response = await request(new URL('api/offline-copy/sync/access-log', base), token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entries }),
    });
    const { accepted } = (await response.json()) as { accepted: number };
    if (typeof accepted === 'number') accessLog.markAccepted(accepted);
    const count = Math.max(0, Math.min(accepted, entries.at(-1)!.seq) - before);
    log(`Access log: ${count} entr${count === 1 ? 'y' : 'ies'} uploaded (up to ${accepted}).`);
    return count;
  } finally {
    accessLog.close();
  }
}

/**
 * `kasus offline-copy sync`: fetches the signed manifest for what the copy holds, refuses anything
 * wrong before touching the copy (signature, workstation, schema, rollback, base, part size and
 * hash), then applies every part in one transaction of store.db and only then puts the manifest
 * and parts in place. A kill -9 at any point leaves the previous copy readable.
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const dir = path.resolve(options.dir);
  const lock = takeSyncLock(dir);
  try {
    return await syncLocked(dir, options);
  } finally {
    lock.close();
  }
}

/**
 * One sync at a time per directory (a timer firing while a slow sync still runs): an exclusive SQLite
 * lock on DIR/sync.lock, which the operating system releases when the process ends, even by kill -9.
 */
function takeSyncLock(dir: string): SqliteDatabase.Database {
  if (!existsSync(dir)) throw new OfflineCopyError(`${dir} does not exist: make it with \`kasus offline-copy keygen --dir ${dir}\`.`);
  const lock = new SqliteDatabase(path.join(dir, SYNC_LOCK_FILE), { timeout: 0 });
  try {
    lock.pragma('journal_mode = DELETE');
    lock.exec('begin exclusive');
  } catch {
    lock.close();
    throw new OfflineCopyError('Another sync of this copy is running; this one did nothing.');
  }
  return lock;
}

async function syncLocked(dir: string, options: SyncOptions): Promise<SyncResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  let base: URL;
  try {
    base = new URL(options.server.endsWith('/') ? options.server : `${options.server}/`);
  } catch {
    throw new OfflineCopyError(`--server ${options.server} is not a URL.`);
  }
  const identity = readIdentity(path.join(dir, IDENTITY_FILE));
  const dataKey = await DataKey.load(dir, identity);
  // The copy held (sequence and workstation) is what the store says; a crash after its commit
  // may have left the older manifest file beside it, which is put right here.
  let held: CopyState | null = null;
  if (dataKey && EncryptedStore.exists(dir)) {
    const store = EncryptedStore.open(dir, dataKey);
    try {
      held = store.state();
    } finally {
      store.close();
    }
    if (held) restoreManifestFiles(dir, held);
  }
  const heldSequence = held?.sequence ?? 0;
  const { key, text: keyText, pinned } = await serverKey(base, options);

  const manifestUrl = new URL('api/offline-copy/sync/manifest', base);
  manifestUrl.searchParams.set('since', String(heldSequence));
  const answer = (await (await request(manifestUrl, options.token)).json()) as { manifest?: unknown; signature?: unknown };
  if (typeof answer.manifest !== 'string' || typeof answer.signature !== 'string') throw new OfflineCopyError('Refused: the server did not answer with a manifest and its signature.');
  const manifest = verifyManifest(answer.manifest, answer.signature, key);
  if (held && manifest.workstationId !== held.workstationId) {
    throw new OfflineCopyError(`Refused: the manifest is for workstation ${manifest.workstationId}, this copy belongs to ${held.workstationId}. The copy was not changed.`);
  }
  if (manifest.sequence < heldSequence) {
    throw new OfflineCopyError(`Refused: rollback — the manifest has sequence ${manifest.sequence}, lower than the ${heldSequence} this copy holds. The copy was not changed.`);
  }
  if (manifest.sequence === heldSequence) {
    if (!pinned) writeFileAtomic(path.join(dir, SERVER_KEY_FILE), `${keyText}\n`, 0o644);
    log(`The copy is current: sequence ${heldSequence}, snapshot of ${held!.snapshotAt}.`);
    const uploaded = await uploadAccessLog(base, options.token, dir, dataKey, log);
    return { status: 'current', sequence: heldSequence, parts: 0, bytes: 0, accessLogUploaded: uploaded };
  }
  if (!manifest.full && manifest.base !== heldSequence) {
    throw new OfflineCopyError(`Refused: the manifest continues sequence ${manifest.base}, but this copy holds ${heldSequence}. The copy was not changed.`);
  }
  if (!manifest.full && !dataKey) throw new OfflineCopyError('Refused: an incremental manifest, but this directory holds no copy yet. The copy was not changed.');

  // Download and check every part before anything is applied.
  const incoming = path.join(dir, 'incoming');
  rmSync(incoming, { recursive: true, force: true });
  mkdirSync(incoming, { recursive: true, mode: 0o700 });
  let bytes = 0;
  for (const [index, part] of manifest.parts.entries()) {
    await download(base, options.token, part, path.join(incoming, part.name));
    bytes += part.size;
    log(`Part ${index + 1}/${manifest.parts.length} ${part.name}: ${part.size} bytes (${bytes} bytes in all)`);
  }

  const key32 = dataKey ?? (await DataKey.create(dir, identity));
  const store = EncryptedStore.open(dir, key32);
  let changes = 0;
  try {
    store.begin(manifest.full);
    for (const part of manifest.parts) changes += await applyPart(store, identity, path.join(incoming, part.name), part.name);
    store.commit({
      sequence: manifest.sequence,
      snapshotAt: manifest.snapshotAt,
      workstationId: manifest.workstationId,
      workstationName: manifest.workstationName,
      departmentIds: manifest.departmentIds,
      schema: manifest.schema,
      manifest: answer.manifest,
      signature: answer.signature,
    });
  } catch (error) {
    store.rollback();
    rmSync(incoming, { recursive: true, force: true });
    if (error instanceof OfflineCopyError) throw new OfflineCopyError(`${error.message}${error.message.includes('not changed') ? '' : ' The copy was not changed.'}`);
    throw error;
  } finally {
    store.close();
  }

  // Committed: the manifest and parts of the copy now held take the place of the old ones.
  const partsDir = path.join(dir, 'parts');
  mkdirSync(partsDir, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(partsDir)) rmSync(path.join(partsDir, name), { force: true });
  for (const part of manifest.parts) renameSync(path.join(incoming, part.name), path.join(partsDir, part.name));
  fsyncDirectory(partsDir);
  writeFileAtomic(path.join(dir, SIGNATURE_FILE), answer.signature, 0o644);
  writeFileAtomic(path.join(dir, MANIFEST_FILE), answer.manifest, 0o644);
  if (!pinned) writeFileAtomic(path.join(dir, SERVER_KEY_FILE), `${keyText}\n`, 0o644);
  rmSync(incoming, { recursive: true, force: true });
  log(`Copy updated to sequence ${manifest.sequence} (${manifest.full ? 'full' : `from ${manifest.base}`}): ${manifest.parts.length} part(s), ${bytes} bytes, ${changes} change(s); snapshot of ${manifest.snapshotAt}.`);
  const uploaded = await uploadAccessLog(base, options.token, dir, key32, log);
  return { status: 'updated', sequence: manifest.sequence, parts: manifest.parts.length, bytes, accessLogUploaded: uploaded };
}
