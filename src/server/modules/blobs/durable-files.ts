import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { BlobSource } from './blob-store.js';
import { heldFiles } from './held-files.js';

/**
 * The write discipline shared by the blob store and the quarantine: bytes go to a temp file under
 * `<root>/tmp/` while they are hashed, the file is fsynced, renamed into place and the directory
 * fsynced. A crash leaves either nothing at the final path or the complete file; what it leaves in
 * `tmp/` is removed at the next start (files untouched for an hour).
 */

export const TEMP_MAX_AGE_MS = 60 * 60_000;
/** Chunks are gathered into writes of about this size; memory use stays at one such buffer. */
const WRITE_BATCH_BYTES = 1024 * 1024;
/** Written files are never changed in place. */
export const FILE_MODE = 0o440;

/** Thrown while writing when the source is larger than allowed; nothing is kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The content is larger than ${maxBytes} bytes.`);
    this.name = 'BlobTooLargeError';
  }
}

export interface TempFile {
  path: string;
  sha256: string;
  size: number;
}

export const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/** Makes a directory's entries (a rename, a new file or subdirectory) durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or sync a directory; there the rename is all we have.
    const code = (error as NodeJS.ErrnoException).code;
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'EACCES'].includes(code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/** mkdir -p that also fsyncs the parents of every directory it created. */
export async function ensureDirectory(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  // Directories first..dir were created: each one's entry lives in its parent.
  const stop = path.dirname(first);
  const parents: string[] = [];
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    parents.push(current);
    if (current === stop || current === path.dirname(current)) break;
  }
  for (const parent of parents) await fsyncDirectory(parent);
}

async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}

function iterable(source: BlobSource): AsyncIterable<Buffer | string> {
  if (typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') {
    return source as AsyncIterable<Buffer | string>;
  }
  // An old-style stream without async iteration.
  return new Readable().wrap(source as NodeJS.ReadableStream);
}

/** A storage area under one root: `<root>/tmp/` for files being written. */
export class DurableArea {
  readonly root: string;
  readonly tempDir: string;
  private initialized: Promise<void> | null = null;

  constructor(root: string, private readonly directories: string[] = []) {
    this.root = path.resolve(root);
    this.tempDir = path.join(this.root, 'tmp');
    // Start at once so that leftovers of a crash go away even before the first use.
    this.ready().catch(() => {});
  }

  /** Creates the directories and removes temp files left by a crash. Idempotent. */
  init(): Promise<void> {
    return this.ready();
  }

  protected ready(): Promise<void> {
    this.initialized ??= (async () => {
      await ensureDirectory(this.tempDir);
      for (const dir of this.directories) await ensureDirectory(path.join(this.root, dir));
      await this.cleanTemp();
    })().catch((error: unknown) => {
      this.initialized = null;
      throw error;
    });
    return this.initialized;
  }

  /**
   * Removes temp files not written to for maxAgeMs (default an hour): those of a crashed or
   * abandoned write. A file being written is touched by every write, so it is never taken.
   */
  async cleanTemp(maxAgeMs = TEMP_MAX_AGE_MS): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tempDir);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    // Wall time on purpose: compared with the file system's modification times.
    const cutoff = Date.now() - maxAgeMs;
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.tempDir, name);
      try {
        if ((await stat(file)).mtimeMs <= cutoff) {
          await rm(file, { force: true, recursive: true });
          removed++;
        }
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return removed;
  }

  /**
   * Streams the source into a new temp file while hashing it, with backpressure (one batch in
   * memory at a time), and fsyncs it. On any failure the temp file is removed and the error thrown.
   */
  protected async writeTemp(source: BlobSource, maxBytes = Number.POSITIVE_INFINITY): Promise<TempFile> {
    await this.ready();
    const file = path.join(this.tempDir, `${randomUUID()}.tmp`);
    const hash = createHash('sha256');
    let size = 0;
    const handle = await open(file, 'wx', FILE_MODE | 0o200);
    // Held while written (a slow client may leave it untouched for long): the leftover sweep keeps it.
    // The hold ends when this returns; the caller renames the file away at once.
    const release = heldFiles.hold(file);
    try {
      let batch: Buffer[] = [];
      let batchBytes = 0;
      for await (const chunk of iterable(source)) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        size += buffer.length;
        if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
        hash.update(buffer);
        batch.push(buffer);
        batchBytes += buffer.length;
        if (batchBytes >= WRITE_BATCH_BYTES) {
          await writeAll(handle, batch.length === 1 ? batch[0]! : Buffer.concat(batch, batchBytes));
          batch = [];
          batchBytes = 0;
        }
      }
      if (batchBytes > 0) await writeAll(handle, Buffer.concat(batch, batchBytes));
      await handle.chmod(FILE_MODE);
      await handle.sync();
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => {});
      await unlink(file).catch(() => {});
      if (typeof (source as Readable).destroy === 'function') (source as Readable).destroy();
      throw error;
    } finally {
      release();
    }
    return { path: file, sha256: hash.digest('hex'), size };
  }

  /** Renames a finished temp file to its final path and makes the rename durable. */
  protected async place(temp: TempFile, destination: string): Promise<void> {
    const dir = path.dirname(destination);
    try {
      await ensureDirectory(dir);
      await rename(temp.path, destination);
    } catch (error) {
      await unlink(temp.path).catch(() => {});
      throw error;
    }
    await fsyncDirectory(dir);
  }
}
