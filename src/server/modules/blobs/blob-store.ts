import type { Readable } from 'node:stream';

/**
 * Content-addressed storage of immutable bytes (cleaned originals and derivatives). Small on
 * purpose so that an S3-compatible store can implement it next to the local file store.
 */

export interface BlobInfo {
  /** The SHA-256 of the content, lower-case hex: the blob's key. */
  key: string;
  sha256: string;
  size: number;
}

export interface ByteRange {
  start: number;
  /** Inclusive, as in HTTP Range. */
  end: number;
}

export type BlobSource = NodeJS.ReadableStream | Readable;

export interface BlobStore {
  /** Stores a stream content-addressed by SHA-256 (key = sha256 hex). Durable when it resolves. Storing the same content twice is a no-op that returns the same key. */
  put(source: BlobSource): Promise<BlobInfo>;
  putFile(path: string): Promise<BlobInfo>;
  /** Whole blob, verified against its SHA-256 while streaming: on mismatch the stream errors with BlobCorruptError (never silently serves changed bytes). */
  get(key: string): Promise<Readable>;
  /** A byte range (for HTTP Range / video seeking), served only from a blob verified whole. */
  getRange(key: string, range: ByteRange): Promise<Readable>;
  stat(key: string): Promise<{ size: number } | null>;
  /** Removes the blob; removing a missing blob is not an error. */
  delete(key: string): Promise<void>;
}

/** Raw uploads waiting to be cleaned: not content-addressed, deleted once processed. */
export interface QuarantineStore {
  /** Stores the stream under a new random key. Durable when it resolves. */
  writeQuarantine(source: BlobSource): Promise<BlobInfo>;
  /**
   * Takes over a finished local file (a resumable upload's) under a new random key: moved, not
   * copied, and hashed only when its SHA-256 is not already known. Durable when it resolves; the
   * file is no longer at its old path.
   */
  adoptQuarantine(file: string, known?: { sha256?: string }): Promise<BlobInfo>;
  /** The local file of a quarantined upload, for tools that need a path (ffmpeg, sharp). */
  quarantinePath(key: string): string;
  openQuarantine(key: string): Promise<Readable>;
  deleteQuarantine(key: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string, message = `Blob ${key} does not exist.`) {
    super(message);
    this.name = 'BlobNotFoundError';
  }
}

/** A key that is not a SHA-256 (or quarantine UUID): refused before any path is built from it. */
export class InvalidBlobKeyError extends BlobNotFoundError {
  constructor(key: string) {
    super(key.slice(0, 100), `Not a valid blob key: ${JSON.stringify(key.slice(0, 100))}.`);
    this.name = 'InvalidBlobKeyError';
  }
}

/** The bytes on disk no longer match their SHA-256. */
export class BlobCorruptError extends Error {
  constructor(
    readonly key: string,
    readonly actualSha256: string,
  ) {
    super(`Blob ${key} is corrupt: its content hashes to ${actualSha256}.`);
    this.name = 'BlobCorruptError';
  }
}

/** A range outside the blob or malformed (HTTP 416). */
export class InvalidRangeError extends Error {
  constructor(
    readonly range: ByteRange,
    readonly size: number,
  ) {
    super(`Range ${range.start}-${range.end} is not satisfiable for a blob of ${size} bytes.`);
    this.name = 'InvalidRangeError';
  }
}

const SHA256_KEY = /^[0-9a-f]{64}$/;
const UUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isBlobKey = (key: unknown): key is string => typeof key === 'string' && SHA256_KEY.test(key);
export const isQuarantineKey = (key: unknown): key is string => typeof key === 'string' && UUID_KEY.test(key);

export function assertBlobKey(key: string): void {
  if (!isBlobKey(key)) throw new InvalidBlobKeyError(String(key));
}

export function assertQuarantineKey(key: string): void {
  if (!isQuarantineKey(key)) throw new InvalidBlobKeyError(String(key));
}

/**
 * What the services hold: content-addressed blobs (on local disk or in object storage) and the
 * quarantine of raw uploads, which always stays on local disk (ffmpeg and sharp read it by path).
 */
/**
 * Every column that names a blob (content-addressed, SHA-256 hex): what a backup copies and what
 * must be gone before a blob may be deleted.
 */
export const BLOB_COLUMNS = [
  ['media', 'sha256'],
  ['media_derivative', 'blob_key'],
  ['consent', 'document_key'],
  ['deidentified_copy', 'blob_key'],
] as const;

/** A hold on blob keys (see BlobReferences.hold); released once the row naming them is committed, or given up. */
export interface BlobHold {
  readonly keys: readonly string[];
  /** Idempotent. */
  release(): Promise<void>;
}

/** What a delete of an unused blob did: deleted it, or left it because a row names it or a writer holds it. */
export type UnusedDelete = 'deleted' | 'named' | 'held';

/** A hold older than this is taken as left by a writer that died (a writer holds a key only while it stores the bytes and commits its row). */
export const HOLD_STALE_MS = 60 * 60 * 1000;

/**
 * Whether any row still names a blob or raw upload, and the writers' holds (blobs/blob-references-repository.ts;
 * injected in services.ts). Content-addressed: the same bytes may belong to several rows, in several cases, and
 * an upload of bytes that are being deleted writes the same key (issue 17).
 */
export interface BlobReferences {
  inUse(key: string): Promise<boolean>;
  /**
   * Holds the keys against deletes, for a writer about to store bytes that a row it will commit names. Taken
   * before the bytes are put: a delete under way finishes first (the put then writes them again), a later
   * one leaves them.
   */
  hold(keys: string[]): Promise<BlobHold>;
  /** Runs `remove` when no row names the key and no writer holds it, under the key's lock (the only way blobs are deleted). */
  deleteUnused(key: string, remove: () => Promise<void>): Promise<UnusedDelete>;
}

export interface MediaBlobStore extends BlobStore, QuarantineStore {
  /**
   * Stores a file Kasus itself just wrote (a cleaned original, a derived file); the file is gone
   * afterwards. `knownSha256` is the writer's hash: reads verify it, so a wrong one is never served.
   */
  moveFile(file: string, knownSha256?: string): Promise<BlobInfo>;
  /** The local file of a blob when blobs live on this machine's disk; null in object storage. */
  localPath(key: string): string | null;
  /** Where the quarantine's files and interrupted writes live (the leftover sweep's directories). */
  readonly quarantineDir: string;
  readonly tempDir: string;
  /** Prepares the store (directories; an object store's bucket check and leftover sweep). */
  init(): Promise<void>;
  /**
   * Why a delete would not remove the bytes for real now (an S3 bucket whose versioning was turned on
   * after the start keeps the old versions), or null. Asked of the store afresh unless its last answer
   * is younger than `maxAgeMs`; a purge asks before its deletes and again before it is reported done.
   */
  deletesProblem(maxAgeMs?: number): Promise<string | null>;
  /** The last answer of deletesProblem and when it was given; null for a store whose deletes are always real. */
  lastDeletesCheck(): DeletesCheck | null;
}

export interface DeletesCheck {
  problem: string | null;
  checkedAt: string;
}

/** A purge stops before it deletes, or before it is reported done, when deletes would keep the bytes. */
export class DeletesNotRealError extends Error {
  constructor(readonly problem: string) {
    super(`${problem} The purge is not done: its job is retried, and finishes once deletes remove the bytes for real.`);
    this.name = 'DeletesNotRealError';
  }
}
