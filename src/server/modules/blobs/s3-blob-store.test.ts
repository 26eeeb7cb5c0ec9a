import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { describeBlobStoreContract } from '../../../../test/helpers/blob-store-contract.js';
import { startS3, type TestS3 } from '../../../../test/helpers/s3-server.js';
import { FileBlobStore } from './file-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.close());

let run = 0;
describeBlobStoreContract(
  'S3BlobStore',
  async () => {
    // One prefix per test: each starts with an empty store in the one bucket.
    const prefix = `run-${++run}/`;
    const local = mkdtempSync(path.join(tmpdir(), 'kasus-s3-local-'));
    // Small parts, so that a few MB already take the multipart path.
    const store = new S3BlobStore(s3.settings(prefix), new FileBlobStore(local), { partSize: 5 * 1024 * 1024 });
    await store.init();
    const keys = async (under: string) => {
      const found: string[] = [];
      for await (const o of store.list(`${prefix}${under}`)) found.push(o.key);
      return found;
    };
    return {
      store,
      corrupt: async (key, position) => {
        // Rewritten in the bucket behind Kasus's back, as tampering or a faulty backend would.
        const Key = store.objectKey(key);
        const object = await store.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key }));
        const bytes = Buffer.from(await object.Body!.transformToByteArray());
        bytes[position] = bytes[position]! ^ 0xff;
        await store.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: bytes }));
      },
      temps: () => keys('tmp/'),
      count: async () => (await keys('')).filter((k) => !k.startsWith(`${prefix}tmp/`)).length,
      cleanup: async () => rmSync(local, { recursive: true, force: true }),
    };
  },
  { streamBytes: 64 * 1024 * 1024 },
);
