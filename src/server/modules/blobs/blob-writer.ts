import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { BlobInfo, BlobReferences, BlobStore, UnusedDelete } from './blob-store.js';

/** The SHA-256 of a local file, lower-case hex: its key in a content-addressed store. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What to store: a local file Kasus wrote (moved into the store unless `keep`), or bytes in memory. */
export type BlobSourceSpec = { file: string; sha256?: string; keep?: boolean } | { bytes: Buffer };

/** Blobs stored for rows the writer is about to commit, held against deletes until settled. */
export interface StoredBlobs {
  readonly blobs: BlobInfo[];
  /**
   * After the commit (or its failure): committed, the holds are released; not, the blobs are deleted
   * unless a row names them or another writer holds them. Idempotent.
   */
  settle(committed: boolean): Promise<void>;
}

/**
 * Writes blobs that rows will name (issue 17). The key is known before the bytes are put (a file is
 * hashed first; the stores then take the hash and do not hash again), and held from before the put
 * until the writer's row is committed: a delete of the same bytes (a purge of another item holding
 * them) either finishes before the hold, and the put writes them again, or finds the hold and leaves
 * them. Every delete of a blob goes through `deleteUnused`.
 */
export class BlobWriter {
  constructor(
    private readonly store: Pick<BlobStore, 'put' | 'putFile' | 'delete'> & { moveFile(file: string, knownSha256?: string): Promise<BlobInfo> },
    private readonly references: BlobReferences,
  ) {}

  async write(sources: BlobSourceSpec[]): Promise<StoredBlobs> {
    const keys = await Promise.all(
      sources.map((s) => ('bytes' in s ? createHash('sha256').update(s.bytes).digest('hex') : (s.sha256 ?? sha256OfFile(s.file)))),
    );
    const hold = await this.references.hold(keys);
    let settled: Promise<void> | undefined;
    const settle = (committed: boolean) =>
      (settled ??= (async () => {
        await hold.release();
        if (!committed) for (const key of new Set(keys)) await this.deleteUnused(key);
      })());
    try {
      const blobs = await Promise.all(
        sources.map(async (s, i) => {
          const key = keys[i]!;
          const info = 'bytes' in s ? await this.store.put(Readable.from([s.bytes])) : s.keep ? await this.store.putFile(s.file) : await this.store.moveFile(s.file, key);
          // A file changed after it was hashed is not what was held: refused rather than stored unheld.
          if (info.key !== key) {
            await this.deleteUnused(info.key);
            throw new Error(`The file to store changed while it was stored (${key} held, ${info.key} written).`);
          }
          return info;
        }),
      );
      return { blobs, settle };
    } catch (error) {
      await settle(false);
      throw error;
    }
  }

  /** Deletes a blob that no row names and no writer holds. */
  deleteUnused(key: string): Promise<UnusedDelete> {
    return this.references.deleteUnused(key, () => this.store.delete(key));
  }
}
