import { z } from 'zod';
import type { S3Settings } from '../modules/blobs/s3-blob-store.js';

/** Where cleaned originals and derived files are kept: the data directory (default) or an S3-compatible bucket. */
export type BlobStoreConfig = { kind: 'file' } | ({ kind: 's3' } & S3Settings);

/** `file` (default) or `s3://bucket` / `s3://bucket/prefix`. */
export const blobStoreLocation = z
  .string()
  .regex(
    /^(file|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()\-/]*)?)$/,
    'must be file or s3://bucket/prefix (an S3 bucket name: lower-case letters, digits, dots and hyphens)',
  );

export const s3Endpoint = z.string().regex(/^https?:\/\/[^\s/?#]+\/?$/, 'must be an http or https address such as https://s3.sjukhuset.se:9000');
export const s3Region = z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a region name such as eu-north-1 (any name for most S3-compatible servers)');

/** The KASUS_S3_* settings, already parsed one by one, checked together. */
export function blobStoreConfig(
  location: string,
  s3: { endpoint?: string | undefined; region: string; accessKeyId?: string | undefined; secretAccessKey?: string | undefined; forcePathStyle?: boolean | undefined },
): BlobStoreConfig | { error: [variable: string, message: string] } {
  if (location === 'file') {
    const given = Object.entries({ KASUS_S3_ENDPOINT: s3.endpoint, KASUS_S3_ACCESS_KEY_ID: s3.accessKeyId, KASUS_S3_SECRET_ACCESS_KEY: s3.secretAccessKey, KASUS_S3_FORCE_PATH_STYLE: s3.forcePathStyle })
      .find(([, value]) => value !== undefined);
    return given ? { error: [given[0], 'is set, but KASUS_BLOB_STORE is not s3://bucket/prefix'] } : { kind: 'file' };
  }
  if ((s3.accessKeyId === undefined) !== (s3.secretAccessKey === undefined)) {
    return { error: [s3.accessKeyId === undefined ? 'KASUS_S3_ACCESS_KEY_ID' : 'KASUS_S3_SECRET_ACCESS_KEY', 'KASUS_S3_ACCESS_KEY_ID and KASUS_S3_SECRET_ACCESS_KEY go together (neither: the AWS SDK finds credentials itself)'] };
  }
  const [bucket, ...rest] = location.slice('s3://'.length).split('/');
  const prefix = rest.join('/').replace(/^\/+|\/+$/g, '');
  return {
    kind: 's3',
    bucket: bucket!,
    prefix: prefix ? `${prefix}/` : '',
    endpoint: s3.endpoint?.replace(/\/$/, ''),
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: s3.forcePathStyle ?? false,
  };
}
