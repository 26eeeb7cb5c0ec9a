import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const base = { KASUS_DATA_DIR: '/tmp/kasus-config-blob-store-test' };

describe('KASUS_BLOB_STORE and KASUS_S3_*', () => {
  it('keeps blobs in the data directory by default', () => {
    expect(loadConfig(base).blobStore).toEqual({ kind: 'file' });
  });

  it('reads s3://bucket/prefix with endpoint, region, keys and path style', () => {
    const config = loadConfig({
      ...base,
      KASUS_BLOB_STORE: 's3://kasus-media/region-x/archive/',
      KASUS_S3_ENDPOINT: 'https://s3.sjukhuset.example:9000/',
      KASUS_S3_REGION: 'eu-north-1',
      KASUS_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      KASUS_S3_SECRET_ACCESS_KEY: 'secret',
      KASUS_S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.blobStore).toEqual({
      kind: 's3',
      bucket: 'kasus-media',
      prefix: 'region-x/archive/',
      endpoint: 'https://s3.sjukhuset.example:9000',
      region: 'eu-north-1',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret',
      forcePathStyle: true,
    });
    // No prefix, no keys (the SDK's own chain), AWS itself: virtual-hosted style.
    expect(loadConfig({ ...base, KASUS_BLOB_STORE: 's3://kasus-media' }).blobStore).toMatchObject({ bucket: 'kasus-media', prefix: '', endpoint: undefined, region: 'us-east-1', forcePathStyle: false });
  });

  it('stops the start naming the variable for a bad location, half a key pair, or S3 settings without an S3 store', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).variable;
      }
      return null;
    };
    expect(refused({ KASUS_BLOB_STORE: 's3://Bad_Bucket' })).toBe('KASUS_BLOB_STORE');
    expect(refused({ KASUS_BLOB_STORE: 'ftp://x' })).toBe('KASUS_BLOB_STORE');
    expect(refused({ KASUS_BLOB_STORE: 's3://kasus', KASUS_S3_ACCESS_KEY_ID: 'AKIA' })).toBe('KASUS_S3_SECRET_ACCESS_KEY');
    expect(refused({ KASUS_BLOB_STORE: 's3://kasus', KASUS_S3_ENDPOINT: 'minio:9000' })).toBe('KASUS_S3_ENDPOINT');
    expect(refused({ KASUS_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toBe('KASUS_S3_ENDPOINT');
  });
});
