import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobCorruptError } from '../blobs/blob-store.js';
import { BlobReader } from './blob-reader.js';

describe('BlobReader (a full snapshot\'s images read on a worker thread)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kasus-blob-reader-'));
  const reader = new BlobReader();
  afterAll(async () => {
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const image = (size: number) => {
    const data = randomBytes(size);
    const key = createHash('sha256').update(data).digest('hex');
    writeFileSync(path.join(dir, key), data);
    return { data, key, file: path.join(dir, key) };
  };

  it('answers each image as its base64 text, in the order asked, with the buffers given back used again', async () => {
    const images = [0, 1, 2, 3, 16 * 1024, 40_000, 5, 70_000].map(image);
    for (let round = 0; round < 3; round++) {
      const texts = await Promise.all(images.map((i) => reader.read(i.file, i.key)));
      texts.forEach((text, index) => expect(text.toString('latin1')).toBe(images[index]!.data.toString('base64')));
      for (const text of texts) reader.release(text);
    }
  });

  it('refuses an image whose bytes do not match its key, and a missing file', async () => {
    const good = image(100);
    const other = image(100);
    await expect(reader.read(other.file, good.key)).rejects.toBeInstanceOf(BlobCorruptError);
    await expect(reader.read(path.join(dir, 'missing'), good.key)).rejects.toMatchObject({ code: 'ENOENT' });
    // Still reading after a failure.
    expect((await reader.read(good.file, good.key)).toString('latin1')).toBe(good.data.toString('base64'));
  });
});
