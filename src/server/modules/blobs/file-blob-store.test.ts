import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeBlobStoreContract, expectSameBytes, failingHalfWay, generated, readAll, sha256 } from '../../../../test/helpers/blob-store-contract.js';
import { BlobNotFoundError, InvalidBlobKeyError } from './blob-store.js';
import { BlobTooLargeError } from './durable-files.js';
import { FileBlobStore } from './file-blob-store.js';

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

/** Every blob file under the shard directories. */
async function blobFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for (const a of await shardDirs(root)) for (const b of await readdir(path.join(root, a))) files.push(...(await readdir(path.join(root, a, b))));
  return files;
}

describeBlobStoreContract(
  'FileBlobStore',
  async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'kasus-blobs-'));
    const store = new FileBlobStore(root);
    await store.init();
    return {
      store,
      corrupt: (key, position) => flipByte(store.blobPath(key), position),
      temps: () => readdir(path.join(root, 'tmp')),
      count: async () => (await blobFiles(root)).length,
      cleanup: async () => rmSync(root, { recursive: true, force: true }),
    };
  },
  { streamBytes: 200 * 1024 * 1024 },
);

describe('FileBlobStore on disk', () => {
  let root: string;
  let store: FileBlobStore;
  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'kasus-blobs-'));
    store = new FileBlobStore(root);
    await store.init();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps a blob sharded by its SHA-256, read-only', async () => {
    const data = randomBytes(200_000);
    const info = await store.put(Readable.from([data]));
    const file = path.join(root, info.key.slice(0, 2), info.key.slice(2, 4), info.key);
    expect(store.blobPath(info.key)).toBe(file);
    expect(store.localPath(info.key)).toBe(file);
    expectSameBytes(await readFile(file), data);
    // Stored blobs are never changed in place.
    expect((await stat(file)).mode & 0o222).toBe(0);
  });

  it('moves a file Kasus wrote into place by renaming it, not copying, also for a second move', async () => {
    const work = path.join(root, 'work');
    await mkdir(work);
    const data = randomBytes(50_000);
    const first = path.join(work, 'clean.jpg');
    await writeFile(first, data);
    const inode = (await stat(first)).ino;
    const info = await store.moveFile(first);
    expect((await stat(store.blobPath(info.key))).ino).toBe(inode);
    expect((await stat(store.blobPath(info.key))).mode & 0o222).toBe(0);
    const second = path.join(work, 'again.jpg');
    await writeFile(second, data);
    expect((await store.moveFile(second)).key).toBe(info.key);
    expect((await stat(store.blobPath(info.key))).ino).toBe(inode);
  });

  it('keeps the existing file when the same content is put again', async () => {
    const data = randomBytes(10_000);
    const first = await store.put(Readable.from([data]));
    const before = await stat(store.blobPath(first.key));
    await store.put(Readable.from([data]));
    const after = await stat(store.blobPath(first.key));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(await shardDirs(root)).toHaveLength(1);
  });

  it('writes through tmp/: half a content is there, not in the store', async () => {
    const source = new PassThrough();
    const data = randomBytes(3 * 1024 * 1024);
    const putting = store.put(source);
    source.write(data.subarray(0, 2 * 1024 * 1024));
    await expect.poll(async () => (await readdir(path.join(root, 'tmp'))).length).toBe(1);
    await expect.poll(async () => (await stat(path.join(root, 'tmp', (await readdir(path.join(root, 'tmp')))[0]!))).size).toBeGreaterThan(0);
    expect(await shardDirs(root)).toEqual([]);
    source.end(data.subarray(2 * 1024 * 1024));
    await putting;
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

  it('refuses quarantine keys that are not UUIDs, so no other path can be reached', async () => {
    await writeFile(path.join(root, 'secret'), 'not a blob');
    for (const key of ['../secret', '../../etc/passwd', 'a'.repeat(64), '', 'tmp']) {
      expect(() => store.quarantinePath(key)).toThrow(InvalidBlobKeyError);
      await expect(store.deleteQuarantine(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
    expect(existsSync(path.join(root, 'secret'))).toBe(true);
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
    const half = randomBytes(2 * 1024 * 1024 + 17);
    await expect(store.writeQuarantine(failingHalfWay(half))).rejects.toThrow('connection reset');
    expect(await readdir(path.join(root, 'quarantine'))).toEqual([second.key]);
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

  it('streams 200 MB into quarantine with backpressure, never holding the content in memory', { timeout: 120_000 }, async () => {
    const total = 200 * 1024 * 1024;
    const expected = createHash('sha256');
    for await (const chunk of generated(total)) expected.update(chunk as Buffer);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      expect(await store.writeQuarantine(generated(total))).toMatchObject({ sha256: expected.digest('hex'), size: total });
    } finally {
      clearInterval(sampler);
    }
    expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);
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
