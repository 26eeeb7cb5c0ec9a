import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../src/server/modules/blobs/s3-blob-store.js';

export interface TestS3 {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  bucket: string;
  settings(prefix?: string): S3Settings;
  /** The KASUS_* variables that point Kasus at this bucket. */
  env(prefix?: string): Record<string, string>;
  close(): Promise<void>;
}

/** A real S3 protocol server (s3rver) on a free port, its objects in a temp directory, with one bucket. */
export async function startS3(bucket = 'kasus'): Promise<TestS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'kasus-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver's default credentials.
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    bucket,
    settings: (prefix = '') => ({ bucket, prefix, endpoint, region: 'us-east-1', ...credentials, forcePathStyle: true }),
    env: (prefix = '') => ({
      KASUS_BLOB_STORE: `s3://${bucket}${prefix ? `/${prefix.replace(/\/$/, '')}` : ''}`,
      KASUS_S3_ENDPOINT: endpoint,
      KASUS_S3_REGION: 'us-east-1',
      KASUS_S3_ACCESS_KEY_ID: credentials.accessKeyId,
      KASUS_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      KASUS_S3_FORCE_PATH_STYLE: 'true',
    }),
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
