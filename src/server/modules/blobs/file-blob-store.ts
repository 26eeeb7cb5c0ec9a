import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Transform, pipeline, type Readable, type TransformCallback } from 'node:stream';
import {
  BlobCorruptError,
  BlobNotFoundError,
  InvalidRangeError,
  assertBlobKey,
  assertQuarantineKey,
  type BlobInfo,
  type BlobSource,
  type ByteRange,
  type MediaBlobStore,
} from './blob-store.js';
import { DurableArea, FILE_MODE, fsyncDirectory, isMissing } from './durable-files.js';

/** How many verified blobs are remembered; the oldest are forgotten first. */
const VERIFIED_CACHE_SIZE = 20_000;
const VERIFY_READ_BYTES = 1024 * 1024;

/** What identifies one version of a file on disk: a rewrite or touch changes it. */
async function identityOf(handle: FileHandle): Promise<{ size: number; identity: string }> {
  const s = await handle.stat({ bigint: true });
  return { size: Number(s.size), identity: `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}` };
}

async function openExisting(file: string, key: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    if (isMissing(error)) throw new BlobNotFoundError(key);
    throw error;
  }
}

async function sha256Of(handle: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(VERIFY_READ_BYTES);
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('hex');
}

/**
 * Passes bytes through while hashing them and holds the last chunk back until the whole content
 * matched its key: a changed blob is never delivered complete, its stream ends in BlobCorruptError.
 */
export class VerifyingStream extends Transform {
  private readonly hash = createHash('sha256');
  private held: Buffer | null = null;

  constructor(
    private readonly key: string,
    private readonly onResult: (ok: boolean) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    if (this.held) this.push(this.held);
    this.held = chunk;
    callback();
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.hash.digest('hex');
    if (actual !== this.key) {
      this.onResult(false);
      callback(new BlobCorruptError(this.key, actual));
      return;
    }
    this.onResult(true);
    if (this.held) this.push(this.held);
    callback();
  }
}

/**
 * Blobs on the local file system: `<root>/ab/cd/<sha256>`, written through `<root>/tmp/`.
 * Also holds the quarantine of raw uploads, `<root>/quarantine/<uuid>`, with the same discipline.
 */
export class FileBlobStore extends DurableArea implements MediaBlobStore {
  readonly quarantineDir: string;
  /** key → identity of the file version whose content was verified. */
  private readonly verified = new Map<string, string>();
  private readonly verifying = new Map<string, Promise<void>>();

  constructor(root: string) {
    super(root, ['quarantine']);
    this.quarantineDir = path.join(this.root, 'quarantine');
  }

  /** The path of a blob; the key is checked first, so no other path can be named. */
  blobPath(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  localPath(key: string): string {
    return this.blobPath(key);
  }

  /** A file removed is gone (the file system keeps no versions). */
  async deletesProblem(): Promise<string | null> {
    return null;
  }

  lastDeletesCheck(): null {
    return null;
  }

  async put(source: BlobSource): Promise<BlobInfo> {
    const temp = await this.writeTemp(source);
    const key = temp.sha256;
    const destination = this.blobPath(key);
    if (await this.holdsIntact(key, destination, temp.size)) {
      // Same content already stored: keep the existing file.
      await unlink(temp.path).catch(() => {});
    } else {
      // New, or a damaged copy that the fresh bytes replace.
      this.forget(key);
      await this.place(temp, destination);
    }
    return { key, sha256: key, size: temp.size };
  }

  putFile(file: string): Promise<BlobInfo> {
    return this.put(createReadStream(file));
  }

  /**
   * Stores a file that Kasus itself just wrote (a cleaned original, a derived file) by moving it into
   * place instead of copying it: hashed once (or not at all when the writer hashed the bytes as it
   * wrote them), fsynced, renamed. The file is gone afterwards. Copies instead when the file lives on
   * another file system. Reads verify the hash, so a wrong `knownSha256` is caught, never served.
   */
  async moveFile(file: string, knownSha256?: string): Promise<BlobInfo> {
    await this.ready();
    const [fileStat, rootStat] = await Promise.all([stat(file), stat(this.root)]);
    if (fileStat.dev !== rootStat.dev) {
      const info = await this.putFile(file);
      await unlink(file).catch(() => {});
      return info;
    }
    let size = fileStat.size;
    let key = knownSha256;
    if (!key) {
      const hash = createHash('sha256');
      size = 0;
      for await (const chunk of createReadStream(file)) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      key = hash.digest('hex');
    }
    assertBlobKey(key);
    const destination = this.blobPath(key);
    if (await this.holdsIntact(key, destination, size)) {
      await unlink(file).catch(() => {});
      return { key, sha256: key, size };
    }
    const handle = await open(file, 'r+');
    try {
      await handle.chmod(FILE_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.forget(key);
    await this.place({ path: file, sha256: key, size }, destination);
    return { key, sha256: key, size };
  }

  async get(key: string): Promise<Readable> {
    const file = this.blobPath(key);
    await this.ready();
    const handle = await openExisting(file, key);
    let identity: string;
    try {
      ({ identity } = await identityOf(handle));
    } catch (error) {
      await handle.close();
      throw error;
    }
    const verifier = new VerifyingStream(key, (ok) => (ok ? this.remember(key, identity) : this.forget(key)));
    // autoClose: the handle closes when the stream ends or is destroyed.
    return pipeline(handle.createReadStream(), verifier, () => {});
  }

  async getRange(key: string, range: ByteRange): Promise<Readable> {
    const file = this.blobPath(key);
    const { start, end } = range;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
      throw new InvalidRangeError(range, -1);
    }
    await this.ready();
    const handle = await openExisting(file, key);
    try {
      const { size, identity } = await identityOf(handle);
      if (end >= size) throw new InvalidRangeError(range, size);
      await this.verifyOnce(key, identity, handle);
      return handle.createReadStream({ start, end });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    const file = this.blobPath(key);
    try {
      return { size: (await stat(file)).size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.blobPath(key);
    this.forget(key);
    try {
      await unlink(file);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await fsyncDirectory(path.dirname(file));
  }

  /** Whether the blob exists with the expected size and content (verified once per file version). */
  private async holdsIntact(key: string, file: string, size: number): Promise<boolean> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    try {
      const current = await identityOf(handle);
      if (current.size !== size) return false;
      await this.verifyOnce(key, current.identity, handle);
      return true;
    } catch (error) {
      if (error instanceof BlobCorruptError) return false;
      throw error;
    } finally {
      await handle.close();
    }
  }

  /** Hashes the whole file once per file version; concurrent first requests share one pass. */
  private async verifyOnce(key: string, identity: string, handle: FileHandle): Promise<void> {
    if (this.verified.get(key) === identity) return;
    const flight = `${key}|${identity}`;
    let pending = this.verifying.get(flight);
    if (!pending) {
      pending = (async () => {
        const actual = await sha256Of(handle);
        if (actual !== key) {
          this.forget(key);
          throw new BlobCorruptError(key, actual);
        }
        this.remember(key, identity);
      })().finally(() => this.verifying.delete(flight));
      this.verifying.set(flight, pending);
    }
    await pending;
  }

  private remember(key: string, identity: string): void {
    this.verified.delete(key);
    this.verified.set(key, identity);
    if (this.verified.size > VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
  }

  private forget(key: string): void {
    this.verified.delete(key);
  }

  // Quarantine: raw uploads before they are cleaned; keyed by a random UUID, not by content.

  async writeQuarantine(source: BlobSource, options: { maxBytes?: number } = {}): Promise<BlobInfo> {
    const temp = await this.writeTemp(source, options.maxBytes);
    const key = randomUUID();
    await this.place(temp, path.join(this.quarantineDir, key));
    return { key, sha256: temp.sha256, size: temp.size };
  }

  async adoptQuarantine(file: string, known: { sha256?: string } = {}): Promise<BlobInfo> {
    await this.ready();
    // Made durable where it lies (its writer did not fsync), then renamed: a crash leaves it either
    // at its old path, where the leftover sweep finds it, or complete in quarantine.
    const handle = await open(file, 'r');
    let size: number;
    let sha256: string;
    try {
      await handle.chmod(FILE_MODE);
      await handle.sync();
      size = (await handle.stat()).size;
      sha256 = known.sha256 ?? (await sha256Of(handle));
    } finally {
      await handle.close();
    }
    const key = randomUUID();
    try {
      await rename(file, path.join(this.quarantineDir, key));
    } catch (error) {
      // Another file system (an uploads directory mounted elsewhere): copied after all.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const copied = await this.writeQuarantine(createReadStream(file));
      await unlink(file).catch(() => {});
      return copied;
    }
    await fsyncDirectory(this.quarantineDir);
    return { key, sha256, size };
  }

  quarantinePath(key: string): string {
    assertQuarantineKey(key);
    return path.join(this.quarantineDir, key);
  }

  async openQuarantine(key: string): Promise<Readable> {
    const handle = await openExisting(this.quarantinePath(key), key);
    return handle.createReadStream();
  }

  async deleteQuarantine(key: string): Promise<void> {
    const file = this.quarantinePath(key);
    try {
      await unlink(file);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await fsyncDirectory(this.quarantineDir);
  }
}
