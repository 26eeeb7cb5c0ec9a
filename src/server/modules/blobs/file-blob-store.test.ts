import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobCorruptError, BlobNotFoundError, InvalidBlobKeyError, InvalidRangeError } from './blob-store.js';
import { BlobTooLargeError } from './durable-files.js';
import { FileBlobStore } from './file-blob-store.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Byte equality (vitest's deep equality is slow on large buffers); says where they differ. */
function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  if (!actual.equals(expected)) {
    const at = actual.findIndex((byte, i) => byte !== expected[i]);
    expect.fail(`bytes differ at offset ${at}`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Reads until the stream errors; returns what arrived before, and the error. */
async function readUntilError(stream: NodeJS.ReadableStream): Promise<{ received: number; error: unknown }> {
  let received = 0;
  try {
    for await (const chunk of stream) received += (chunk as Buffer).length;
  } catch (error) {
    return { received, error };
  }
  return { received, error: null };
}

/** Changes one byte of a file in place, as bit rot or tampering would. */
async function flipByte(file: string, position: number): Promise<void> {
  await chmod(file, 0o640);
  const handle = await open(file, 'r+');
  const byte = Buffer.alloc(1);
  await handle.read(byte, 0, 1, position);
  byte[0] = byte[0]! ^ 0xff;
  await handle.write(byte, 0, 1, position);
  await handle.close();
}

/** Entries of the blob root other than tmp/ and quarantine/: the shard directories. */
async function shardDirs(root: string): Promise<string[]> {
  return (await readdir(root)).filter((name) => name !== 'tmp' && name !== 'quarantine');
}

/** A source of `total` bytes made on the fly, so the test itself holds none of them. */
function generated(total: number, chunkSize = 64 * 1024): Readable {
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
function failingHalfWay(before: Buffer): Readable {
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

describe('FileBlobStore', () => {
  let root: string;
  let store: FileBlobStore;
  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'kasus-blobs-'));
    store = new FileBlobStore(root);
    await store.init();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores content under its SHA-256, sharded, and reads it back', async () => {
    const data = randomBytes(200_000);
    const info = await store.put(Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]));
    expect(info).toEqual({ key: sha256(data), sha256: sha256(data), size: data.length });
    const file = path.join(root, info.key.slice(0, 2), info.key.slice(2, 4), info.key);
    expect(store.blobPath(info.key)).toBe(file);
    expectSameBytes(await readFile(file), data);
    // Stored blobs are never changed in place.
    expect((await stat(file)).mode & 0o222).toBe(0);
    expect(await store.stat(info.key)).toEqual({ size: data.length });
    expectSameBytes(await readAll(await store.get(info.key)), data);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('stores an empty blob and string chunks', async () => {
    const empty = await store.put(Readable.from([]));
    expect(empty).toMatchObject({ key: sha256(Buffer.alloc(0)), size: 0 });
    expectSameBytes(await readAll(await store.get(empty.key)), Buffer.alloc(0));
    const text = await store.put(Readable.from(['hej ', 'världen']));
    expect(text.key).toBe(sha256(Buffer.from('hej världen')));
  });

  it('stores a file with putFile', async () => {
    const source = path.join(root, 'source.bin');
    const data = randomBytes(5000);
    await writeFile(source, data);
    expect((await store.putFile(source)).key).toBe(sha256(data));
  });

  it('moves a file Kasus wrote into place without copying, and dedupes a second move', async () => {
    const work = path.join(root, 'work');
    await mkdir(work);
    const data = randomBytes(50_000);
    const first = path.join(work, 'clean.jpg');
    await writeFile(first, data);
    const inode = (await stat(first)).ino;
    const info = await store.moveFile(first);
    expect(info).toEqual({ key: sha256(data), sha256: sha256(data), size: data.length });
    expect(existsSync(first)).toBe(false);
    // Renamed, not copied: the stored file is the very file that was written.
    expect((await stat(store.blobPath(info.key))).ino).toBe(inode);
    expect((await stat(store.blobPath(info.key))).mode & 0o222).toBe(0);
    expectSameBytes(await readAll(await store.get(info.key)), data);
    const second = path.join(work, 'again.jpg');
    await writeFile(second, data);
    expect((await store.moveFile(second)).key).toBe(info.key);
    expect(existsSync(second)).toBe(false);
    expect((await stat(store.blobPath(info.key))).ino).toBe(inode);
  });

  it('takes the hash from the writer when given, and a wrong one is caught on read, never served', async () => {
    const work = path.join(root, 'work');
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

  it('stores the same content once: the second put is a no-op with the same key', async () => {
    const data = randomBytes(10_000);
    const first = await store.put(Readable.from([data]));
    const file = store.blobPath(first.key);
    const before = await stat(file);
    const second = await store.put(Readable.from([data.subarray(0, 10), data.subarray(10)]));
    expect(second).toEqual(first);
    const after = await stat(file);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(await shardDirs(root)).toHaveLength(1);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    // Concurrent puts of the same content end in one intact blob.
    const many = await Promise.all(Array.from({ length: 5 }, () => store.put(Readable.from([data]))));
    expect(new Set(many.map((m) => m.key))).toEqual(new Set([first.key]));
    expectSameBytes(await readAll(await store.get(first.key)), data);
  });

  it('puts nothing at the final path until the content is complete and durable', async () => {
    const source = new PassThrough();
    const data = randomBytes(3 * 1024 * 1024);
    const putting = store.put(source);
    source.write(data.subarray(0, 2 * 1024 * 1024));
    // Half written: the bytes are in tmp/, nothing in the store.
    await expect.poll(async () => (await readdir(path.join(root, 'tmp'))).length).toBe(1);
    await expect.poll(async () => (await stat(path.join(root, 'tmp', (await readdir(path.join(root, 'tmp')))[0]!))).size).toBeGreaterThan(0);
    expect(await shardDirs(root)).toEqual([]);
    expect(existsSync(store.blobPath(sha256(data)))).toBe(false);
    source.end(data.subarray(2 * 1024 * 1024));
    const info = await putting;
    expect(info.key).toBe(sha256(data));
    expectSameBytes(await readFile(store.blobPath(info.key)), data);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('leaves nothing behind when the source fails half-way', async () => {
    const half = randomBytes(2 * 1024 * 1024 + 17);
    await expect(store.put(failingHalfWay(half))).rejects.toThrow('connection reset');
    expect(await shardDirs(root)).toEqual([]);
    expect(existsSync(store.blobPath(sha256(half)))).toBe(false);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    await expect(store.writeQuarantine(failingHalfWay(half))).rejects.toThrow('connection reset');
    expect(await readdir(path.join(root, 'quarantine'))).toEqual([]);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('removes temp files left by a crash (older than an hour) when it starts, and keeps fresh ones', async () => {
    const tmp = path.join(root, 'tmp');
    const old = path.join(tmp, 'crashed.tmp');
    const fresh = path.join(tmp, 'being-written.tmp');
    await writeFile(old, 'half a blob');
    await writeFile(fresh, 'a blob being written');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    const restarted = new FileBlobStore(root);
    await restarted.init();
    expect(await readdir(tmp)).toEqual(['being-written.tmp']);
    // A store constructed on a fresh root creates its directories by itself.
    const elsewhere = path.join(root, 'nested', 'store');
    await new FileBlobStore(elsewhere).init();
    expect((await readdir(elsewhere)).sort()).toEqual(['quarantine', 'tmp']);
  });

  it('fails get with BlobCorruptError when a byte changed on disk, without delivering the whole content', async () => {
    const small = randomBytes(1000);
    const smallKey = (await store.put(Readable.from([small]))).key;
    await flipByte(store.blobPath(smallKey), 500);
    const smallRead = await readUntilError(await store.get(smallKey));
    expect(smallRead.error).toBeInstanceOf(BlobCorruptError);
    expect(smallRead.received).toBe(0);

    const large = randomBytes(1024 * 1024);
    const largeKey = (await store.put(Readable.from([large]))).key;
    await flipByte(store.blobPath(largeKey), large.length - 3);
    const largeRead = await readUntilError(await store.get(largeKey));
    expect(largeRead.error).toBeInstanceOf(BlobCorruptError);
    expect((largeRead.error as BlobCorruptError).key).toBe(largeKey);
    expect(largeRead.received).toBeLessThan(large.length);
  });

  it('serves exact byte ranges', async () => {
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
    // Many at once, as a video player seeking does.
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

  it('verifies the whole blob before serving a range, again after the file changed', async () => {
    const data = randomBytes(500_000);
    const corrupted = (await store.put(Readable.from([data]))).key;
    await flipByte(store.blobPath(corrupted), 400_000);
    // Even a range far from the changed byte is refused.
    await expect(store.getRange(corrupted, { start: 0, end: 9 })).rejects.toBeInstanceOf(BlobCorruptError);
    await expect(store.getRange(corrupted, { start: 0, end: 9 })).rejects.toBeInstanceOf(BlobCorruptError);

    const other = randomBytes(500_000);
    const key = (await store.put(Readable.from([other]))).key;
    expectSameBytes(await readAll(await store.getRange(key, { start: 10, end: 19 })), other.subarray(10, 20));
    // Verified and remembered; a later change on disk (new mtime/ctime) is noticed.
    await flipByte(store.blobPath(key), 5);
    await expect(store.getRange(key, { start: 100_000, end: 100_009 })).rejects.toBeInstanceOf(BlobCorruptError);
    // A fresh put of the right content repairs the blob.
    expect((await store.put(Readable.from([other]))).key).toBe(key);
    expectSameBytes(await readAll(await store.getRange(key, { start: 0, end: 9 })), other.subarray(0, 10));
    expectSameBytes(await readAll(await store.get(key)), other);
  });

  it('refuses keys that are not SHA-256 hex, so no other path can be reached', async () => {
    await writeFile(path.join(root, 'secret'), 'not a blob');
    const bad = [
      '../secret',
      '../../etc/passwd',
      `${'a'.repeat(62)}/..`,
      'A'.repeat(64),
      'a'.repeat(63),
      'a'.repeat(65),
      `${'a'.repeat(63)}\0`,
      '',
      'tmp',
    ];
    for (const key of bad) {
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.getRange(key, { start: 0, end: 0 })).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.stat(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      expect(() => store.quarantinePath(key)).toThrow(InvalidBlobKeyError);
      await expect(store.deleteQuarantine(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
    // An invalid key is also "not found" for callers that only distinguish that.
    await expect(store.get('../secret')).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(existsSync(path.join(root, 'secret'))).toBe(true);
  });

  it('answers a missing blob with BlobNotFoundError (get, range), null (stat) and a no-op (delete)', async () => {
    const missing = sha256(Buffer.from('never stored'));
    await expect(store.get(missing)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.getRange(missing, { start: 0, end: 0 })).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.stat(missing)).toBeNull();
    await expect(store.delete(missing)).resolves.toBeUndefined();
  });

  it('deletes a blob', async () => {
    const { key } = await store.put(Readable.from([randomBytes(100)]));
    await store.delete(key);
    expect(await store.stat(key)).toBeNull();
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('keeps raw uploads in quarantine under a random key', async () => {
    const data = randomBytes(150_000);
    const first = await store.writeQuarantine(Readable.from([data]));
    const second = await store.writeQuarantine(Readable.from([data]));
    expect(first.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(second.key).not.toBe(first.key);
    expect(first).toMatchObject({ sha256: sha256(data), size: data.length });
    expect(store.quarantinePath(first.key)).toBe(path.join(root, 'quarantine', first.key));
    expectSameBytes(await readFile(store.quarantinePath(first.key)), data);
    expectSameBytes(await readAll(await store.openQuarantine(first.key)), data);
    // Quarantine is not the store.
    expect(await store.stat(sha256(data))).toBeNull();
    await store.deleteQuarantine(first.key);
    await store.deleteQuarantine(first.key);
    expect(existsSync(store.quarantinePath(first.key))).toBe(false);
    await expect(store.openQuarantine(first.key)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('takes over a finished file into quarantine by moving it, hashing it only when no hash is given', async () => {
    const data = randomBytes(300_000);
    const outside = path.join(root, 'uploads');
    await mkdir(outside);
    for (const known of [undefined, sha256(data)]) {
      const file = path.join(outside, 'finished');
      await writeFile(file, data);
      const inode = (await stat(file)).ino;
      const adopted = await store.adoptQuarantine(file, { sha256: known });
      expect(adopted).toMatchObject({ sha256: sha256(data), size: data.length });
      expect(existsSync(file)).toBe(false);
      // Moved, not copied: the same file, made read-only like every stored file.
      const placed = await stat(store.quarantinePath(adopted.key));
      expect(placed.ino).toBe(inode);
      expect(placed.mode & 0o777).toBe(0o440);
      expectSameBytes(await readAll(await store.openQuarantine(adopted.key)), data);
    }
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('stops a quarantine write at maxBytes and keeps nothing', async () => {
    await expect(store.writeQuarantine(generated(5 * 1024 * 1024), { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await readdir(path.join(root, 'quarantine'))).toEqual([]);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    const exact = await store.writeQuarantine(generated(1024 * 1024), { maxBytes: 1024 * 1024 });
    expect(exact.size).toBe(1024 * 1024);
  });

  it('streams 200 MB with backpressure, never holding the content in memory', { timeout: 120_000 }, async () => {
    const total = 200 * 1024 * 1024;
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
      const quarantined = await store.writeQuarantine(generated(total));
      expect(quarantined).toMatchObject({ sha256: expectedSha, size: total });
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
    const growth = peak - baseline;
    expect(growth).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('FileBlobStore on a directory it cannot write', () => {
  it('rejects operations with the file system error instead of crashing', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'kasus-blobs-'));
    try {
      const blocked = path.join(root, 'blocked');
      await mkdir(blocked);
      await writeFile(path.join(blocked, 'tmp'), 'a file where the tmp directory should be');
      const store = new FileBlobStore(blocked);
      await expect(store.put(Readable.from([Buffer.from('x')]))).rejects.toThrow();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
