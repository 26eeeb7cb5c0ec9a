import { createHash, type Hash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { Transform, pipeline, type Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';

/**
 * tus's file store that also hashes the bytes as they arrive, so that a finished upload can be
 * moved into quarantine without being read again. A hash is kept only while every byte of the file
 * went through it in order; after a restart or a failed write it is dropped and the file is hashed
 * whole when it is taken over (correct, only slower).
 */
export class HashingFileStore extends FileStore {
  private readonly hashes = new Map<string, { offset: number; hash: Hash }>();

  override async write(readable: http.IncomingMessage | Readable, id: string, offset: number): Promise<number> {
    const known = this.hashes.get(id);
    this.hashes.delete(id);
    const state = known?.offset === offset ? known : offset === 0 ? { offset: 0, hash: createHash('sha256') } : undefined;
    if (!state) return super.write(readable, id, offset);
    let seen = 0;
    const tee = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        state.hash.update(chunk);
        seen += chunk.length;
        callback(null, chunk);
      },
    });
    // The request's errors (a dropped connection) reach the store's own pipeline through the tee.
    const next = await super.write(pipeline(readable, tee, () => {}), id, offset);
    if (next === offset + seen) this.hashes.set(id, { offset: next, hash: state.hash });
    return next;
  }

  /** The SHA-256 of a finished upload of `size` bytes when every byte was hashed on arrival; forgotten once asked. */
  takeHash(id: string, size: number): string | undefined {
    const state = this.hashes.get(id);
    this.hashes.delete(id);
    return state?.offset === size ? state.hash.digest('hex') : undefined;
  }

  /** Also when the file itself has already been moved away (into quarantine): its record goes. */
  override async remove(id: string): Promise<void> {
    this.hashes.delete(id);
    await unlink(path.join(this.directory, id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await this.configstore.delete(id);
  }
}
