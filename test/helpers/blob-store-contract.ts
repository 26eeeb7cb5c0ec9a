import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobCorruptError, BlobNotFoundError, InvalidBlobKeyError, InvalidRangeError, type MediaBlobStore } from '../../src/server/modules/blobs/blob-store.js';

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Byte equality (vitest's deep equality is slow on large buffers); says where they differ. */
export function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  if (!actual.equals(expected)) {
    const at = actual.findIndex((byte, i) => byte !== expected[i]);
    expect.fail(`bytes differ at offset ${at}`);
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Reads until the stream errors; returns what arrived before, and the error. */
export async function readUntilError(stream: NodeJS.ReadableStream): Promise<{ received: number; error: unknown }> {
  let received = 0;
  try {
    for await (const chunk of stream) received += (chunk as Buffer).length;
  } catch (error) {
    return { received, error };
  }
  return { received, error: null };
}

/** A source of `total` bytes made on the fly, so the test itself holds none of them. */
export function generated(total: number, chunkSize = 64 * 1024): Readable {
  let sent = 0;
  let n = 0;
  return new Readable({
    read() {
      if (sent >= total) {
        this.push(null);
        return;
      }
      const size = Math.min(chunkSize, total - sent);
      sent += size;
      this.push(Buffer.alloc(size, n++ & 0xff));
    },
  });
}

/** Emits `before` bytes, then fails. */
export function failingHalfWay(before: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(before);
      } else {
        this.destroy(new Error('connection reset'));
      }
    },
  });
}

/** One store under test, with the ways to look behind it that the contract needs. */
export interface ContractStore {
  store: MediaBlobStore;
  /** Changes one byte of a stored blob where it is kept, as bit rot or tampering would. */
  corrupt(key: string, position: number): Promise<void>;
  /** Temp entries of writes (none may outlive a put, finished or failed). */
  temps(): Promise<string[]>;
  /** How many blobs are stored. */
  count(): Promise<number>;
  cleanup(): Promise<void>;
}

/**
 * What every BlobStore must do (file store and S3 store alike): content addressing, verification
 * of the SHA-256 on every read, exact ranges only from verified blobs, nothing visible before it is
 * complete, nothing left by a failed write, real deletes, and streaming with bounded memory.
 */
export function describeBlobStoreContract(name: string, make: () => Promise<ContractStore>, options: { streamBytes: number }): void {
  describe(`${name} (BlobStore contract)`, () => {
    let t: ContractStore;
    let store: MediaBlobStore;
    let work: string;
    beforeEach(async () => {
      t = await make();
      store = t.store;
      work = mkdtempSync(path.join(tmpdir(), 'kasus-blob-work-'));
    });
    afterEach(async () => {
      await t.cleanup();
      rmSync(work, { recursive: true, force: true });
    });

    it('stores content under its SHA-256 and reads it back', async () => {
      const data = randomBytes(200_000);
      const info = await store.put(Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]));
      expect(info).toEqual({ key: sha256(data), sha256: sha256(data), size: data.length });
      expect(await store.stat(info.key)).toEqual({ size: data.length });
      expectSameBytes(await readAll(await store.get(info.key)), data);
      expect(await t.temps()).toEqual([]);
    });

    it('stores an empty blob, string chunks and a file (putFile)', async () => {
      const empty = await store.put(Readable.from([]));
      expect(empty).toMatchObject({ key: sha256(Buffer.alloc(0)), size: 0 });
      expectSameBytes(await readAll(await store.get(empty.key)), Buffer.alloc(0));
      const text = await store.put(Readable.from(['hej ', 'världen']));
      expect(text.key).toBe(sha256(Buffer.from('hej världen')));
      const source = path.join(work, 'source.bin');
      const data = randomBytes(5000);
      await writeFile(source, data);
      expect((await store.putFile(source)).key).toBe(sha256(data));
    });

    it('moves a file Kasus wrote into the store (the file is gone), and dedupes a second move', async () => {
      const data = randomBytes(50_000);
      const first = path.join(work, 'clean.jpg');
      await writeFile(first, data);
      const info = await store.moveFile(first);
      expect(info).toEqual({ key: sha256(data), sha256: sha256(data), size: data.length });
      expect(existsSync(first)).toBe(false);
      expectSameBytes(await readAll(await store.get(info.key)), data);
      const second = path.join(work, 'again.jpg');
      await writeFile(second, data);
      expect(await store.moveFile(second)).toEqual(info);
      expect(existsSync(second)).toBe(false);
      expect(await t.count()).toBe(1);
    });

    it('takes the hash from the writer when given, and a wrong one is caught on read, never served', async () => {
      await mkdir(work, { recursive: true });
      const data = randomBytes(20_000);
      const right = path.join(work, 'right.jpg');
      await writeFile(right, data);
      expect((await store.moveFile(right, sha256(data))).key).toBe(sha256(data));
      expectSameBytes(await readAll(await store.get(sha256(data))), data);
      const wrong = path.join(work, 'wrong.jpg');
      await writeFile(wrong, randomBytes(20_000));
      const claimed = sha256(Buffer.from('something else'));
      await store.moveFile(wrong, claimed);
      const { error } = await readUntilError(await store.get(claimed));
      expect(error).toBeInstanceOf(BlobCorruptError);
    });

    it('stores the same content once: the second put is a no-op with the same key, also concurrently', async () => {
      const data = randomBytes(10_000);
      const first = await store.put(Readable.from([data]));
      const second = await store.put(Readable.from([data.subarray(0, 10), data.subarray(10)]));
      expect(second).toEqual(first);
      const many = await Promise.all(Array.from({ length: 5 }, () => store.put(Readable.from([data]))));
      expect(new Set(many.map((m) => m.key))).toEqual(new Set([first.key]));
      expectSameBytes(await readAll(await store.get(first.key)), data);
      expect(await t.count()).toBe(1);
      expect(await t.temps()).toEqual([]);
    });

    it('shows nothing under the key until the content is complete', async () => {
      const source = new PassThrough();
      const data = randomBytes(3 * 1024 * 1024);
      const putting = store.put(source);
      source.write(data.subarray(0, 2 * 1024 * 1024));
      await new Promise((resolve) => setImmediate(resolve));
      expect(await store.stat(sha256(data))).toBeNull();
      expect(await t.count()).toBe(0);
      source.end(data.subarray(2 * 1024 * 1024));
      const info = await putting;
      expect(info.key).toBe(sha256(data));
      expectSameBytes(await readAll(await store.get(info.key)), data);
      expect(await t.temps()).toEqual([]);
    });

    it('leaves nothing behind when the source fails half-way', async () => {
      for (const size of [17, 2 * 1024 * 1024 + 17, 9 * 1024 * 1024]) {
        const half = randomBytes(size);
        await expect(store.put(failingHalfWay(half))).rejects.toThrow('connection reset');
        expect(await store.stat(sha256(half))).toBeNull();
      }
      expect(await t.count()).toBe(0);
      expect(await t.temps()).toEqual([]);
    });

    it('fails get with BlobCorruptError when a byte changed where it is kept, without delivering the whole content', async () => {
      const small = randomBytes(1000);
      const smallKey = (await store.put(Readable.from([small]))).key;
      await t.corrupt(smallKey, 500);
      const smallRead = await readUntilError(await store.get(smallKey));
      expect(smallRead.error).toBeInstanceOf(BlobCorruptError);
      expect(smallRead.received).toBe(0);

      const large = randomBytes(1024 * 1024);
      const largeKey = (await store.put(Readable.from([large]))).key;
      await t.corrupt(largeKey, large.length - 3);
      const largeRead = await readUntilError(await store.get(largeKey));
      expect(largeRead.error).toBeInstanceOf(BlobCorruptError);
      expect((largeRead.error as BlobCorruptError).key).toBe(largeKey);
      expect(largeRead.received).toBeLessThan(large.length);
    });

    it('serves exact byte ranges, many at once', async () => {
      const data = randomBytes(300_000);
      const { key } = await store.put(Readable.from([data]));
      const ranges = [
        { start: 0, end: 0 },
        { start: 0, end: data.length - 1 },
        { start: data.length - 1, end: data.length - 1 },
        { start: 65_530, end: 65_545 },
        { start: 1000, end: 250_000 },
        { start: 123_456, end: 123_456 },
      ];
      for (const range of ranges) {
        expectSameBytes(await readAll(await store.getRange(key, range)), data.subarray(range.start, range.end + 1));
      }
      const parallel = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.getRange(key, { start: i * 1000, end: i * 1000 + 99 }).then(readAll)),
      );
      parallel.forEach((bytes, i) => expectSameBytes(bytes, data.subarray(i * 1000, i * 1000 + 100)));
    });

    it('refuses ranges outside the blob or malformed', async () => {
      const { key } = await store.put(Readable.from([randomBytes(100)]));
      for (const range of [
        { start: 0, end: 100 },
        { start: 100, end: 100 },
        { start: 50, end: 10 },
        { start: -1, end: 10 },
        { start: 0.5, end: 10 },
        { start: 0, end: Number.NaN },
      ]) {
        await expect(store.getRange(key, range)).rejects.toBeInstanceOf(InvalidRangeError);
      }
      const error = await store.getRange(key, { start: 0, end: 100 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ size: 100 });
    });

    it('verifies the whole blob before serving a range, again after it changed; a fresh put repairs it', async () => {
      const data = randomBytes(500_000);
      const corrupted = (await store.put(Readable.from([data]))).key;
      await t.corrupt(corrupted, 400_000);
      // Even a range far from the changed byte is refused.
      await expect(store.getRange(corrupted, { start: 0, end: 9 })).rejects.toBeInstanceOf(BlobCorruptError);
      await expect(store.getRange(corrupted, { start: 0, end: 9 })).rejects.toBeInstanceOf(BlobCorruptError);

      const other = randomBytes(500_000);
      const key = (await store.put(Readable.from([other]))).key;
      expectSameBytes(await readAll(await store.getRange(key, { start: 10, end: 19 })), other.subarray(10, 20));
      // Verified and remembered; a later change is noticed.
      await t.corrupt(key, 5);
      await expect(store.getRange(key, { start: 100_000, end: 100_009 })).rejects.toBeInstanceOf(BlobCorruptError);
      expect((await store.put(Readable.from([other]))).key).toBe(key);
      expectSameBytes(await readAll(await store.getRange(key, { start: 0, end: 9 })), other.subarray(0, 10));
      expectSameBytes(await readAll(await store.get(key)), other);
    });

    it('refuses keys that are not SHA-256 hex', async () => {
      for (const key of ['../secret', '../../etc/passwd', `${'a'.repeat(62)}/..`, 'A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), `${'a'.repeat(63)}\0`, '', 'tmp']) {
        await expect(store.get(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.getRange(key, { start: 0, end: 0 })).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.stat(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
        await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      }
      // An invalid key is also "not found" for callers that only distinguish that.
      await expect(store.get('../secret')).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('answers a missing blob with BlobNotFoundError (get, range), null (stat) and a no-op (delete)', async () => {
      const missing = sha256(Buffer.from('never stored'));
      await expect(store.get(missing)).rejects.toBeInstanceOf(BlobNotFoundError);
      await expect(store.getRange(missing, { start: 0, end: 0 })).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await store.stat(missing)).toBeNull();
      await expect(store.delete(missing)).resolves.toBeUndefined();
    });

    it('deletes a blob for real', async () => {
      const { key } = await store.put(Readable.from([randomBytes(100)]));
      await store.delete(key);
      expect(await store.stat(key)).toBeNull();
      await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await t.count()).toBe(0);
    });

    it(`streams ${options.streamBytes / 1024 / 1024} MB with backpressure, never holding the content in memory`, { timeout: 120_000 }, async () => {
      const total = options.streamBytes;
      const expected = createHash('sha256');
      for await (const chunk of generated(total)) expected.update(chunk as Buffer);
      const expectedSha = expected.digest('hex');
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      try {
        const blob = await store.put(generated(total));
        expect(blob).toMatchObject({ key: expectedSha, size: total });
        // Reading back (verified) streams too.
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of await store.get(blob.key)) {
          hash.update(chunk as Buffer);
          size += (chunk as Buffer).length;
        }
        expect({ size, sha: hash.digest('hex') }).toEqual({ size: total, sha: expectedSha });
        peak = Math.max(peak, process.memoryUsage().rss);
      } finally {
        clearInterval(sampler);
      }
      expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);
    });
  });
}
