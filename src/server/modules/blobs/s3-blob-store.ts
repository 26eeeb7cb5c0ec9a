import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import { createRequire } from 'node:module';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type * as LibStorage from '@aws-sdk/lib-storage';
import {
  BlobCorruptError,
  BlobNotFoundError,
  InvalidRangeError,
  assertBlobKey,
  type BlobInfo,
  type BlobSource,
  type ByteRange,
  type MediaBlobStore,
} from './blob-store.js';
import { TEMP_MAX_AGE_MS } from './durable-files.js';
import { VerifyingStream, type FileBlobStore } from './file-blob-store.js';

// The AWS SDK takes about half a second to load; only an installation that stores blobs in S3
// (and not every process or test that builds the services) pays for it.
const requireHere = createRequire(import.meta.url);
let s3Sdk: typeof S3Sdk | undefined;
let libStorage: typeof LibStorage | undefined;
const s3 = () => (s3Sdk ??= requireHere('@aws-sdk/client-s3') as typeof S3Sdk);
const storage = () => (libStorage ??= requireHere('@aws-sdk/lib-storage') as typeof LibStorage);

/** Where the blobs are: `KASUS_BLOB_STORE=s3://bucket/prefix` and the `KASUS_S3_*` settings. */
export interface S3Settings {
  bucket: string;
  /** Key prefix, empty or ending in '/'. */
  prefix: string;
  /** An S3-compatible service's address (MinIO, Ceph RGW, …); undefined: AWS for the region. */
  endpoint: string | undefined;
  region: string;
  /** Both or neither; neither: the AWS SDK's default chain (AWS_* variables, instance role). */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

/**
 * Parts of a multipart upload. At most QUEUE_SIZE parts are in flight and one is being filled,
 * so a stream of any length holds about (QUEUE_SIZE + 1) × PART_SIZE bytes in memory.
 */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;
/** CopyObject's limit; a larger temp object is streamed again into its final key instead. */
const MAX_COPY_BYTES = 5 * 1024 * 1024 * 1024;
const VERIFIED_CACHE_SIZE = 20_000;

const isMissingObject = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

/** Passes the bytes on while hashing and counting them. */
class Hashing extends Transform {
  readonly hash = createHash('sha256');
  /** Not `size`: lib-storage takes a body's `size` for its length. */
  bytes = 0;
  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.hash.update(bytes);
    this.bytes += bytes.length;
    callback(null, bytes);
  }
}

const readable = (source: BlobSource): Readable => (source instanceof Readable ? source : new Readable().wrap(source));

/**
 * The asked range of a ranged GET's body. Some S3-compatible servers answer a range such as
 * bytes=0-0 with more (the whole object): then the extra bytes are cut here.
 */
function exactRange(body: Readable, contentRange: string | undefined, range: ByteRange): Readable {
  const from = /^bytes (\d+)-(\d+)\//.exec(contentRange ?? '');
  if (from && Number(from[1]) === range.start && Number(from[2]) === range.end) return body;
  let skip = range.start - (from ? Number(from[1]) : 0);
  let left = range.end - range.start + 1;
  const cut = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let bytes = chunk;
      if (skip > 0) {
        const skipped = Math.min(skip, bytes.length);
        bytes = bytes.subarray(skipped);
        skip -= skipped;
      }
      if (left > 0 && bytes.length > 0) {
        const kept = bytes.subarray(0, left);
        left -= kept.length;
        this.push(kept);
      }
      callback();
      if (left === 0 && !done) {
        done = true;
        body.unpipe(cut);
        body.destroy();
        this.end();
      }
    },
  });
  let done = false;
  if (skip < 0) {
    body.destroy();
    cut.destroy(new Error(`The S3 server answered bytes ${from?.[1]}- for ${range.start}-${range.end}.`));
    return cut;
  }
  body.once('error', (error) => cut.destroy(error));
  cut.once('close', () => body.destroy());
  return body.pipe(cut);
}

/**
 * Blobs in an S3-compatible bucket, `<prefix><ab>/<cd>/<sha256>`, on the AWS SDK v3.
 *
 * put(stream): the key is known only at the end, so the bytes go by multipart upload (bounded
 * queue: memory stays at a few parts) to `<prefix>tmp/<uuid>` while they are hashed, are then
 * copied server-side to their SHA-256 key and the temp object is deleted. A crash leaves at most a
 * temp object (swept when older than an hour, at the next start) or an unfinished multipart upload
 * (never visible; a bucket lifecycle rule aborts those). An object appears under its final key only
 * complete: S3 publishes a PutObject, a CompleteMultipartUpload or a copy atomically.
 * moveFile(file): the hash is known (or read from the local file first), so the file is uploaded
 * straight to its final key. Reads verify the SHA-256 while streaming; a range is served only from
 * an object whose whole content was verified under its current ETag. Delete removes the object;
 * a bucket with versioning is refused, since there a delete would keep the old version.
 *
 * The quarantine of raw uploads stays on local disk (`quarantine`), as ffmpeg and sharp need paths.
 */
/**
 * Why a bucket is refused for its versioning, or null when it is fine. A purge must remove the bytes
 * for real, and in a bucket with versioning (enabled, or suspended: the versions made before stay)
 * a delete only hides them. A server without versioning at all answers NotImplemented (s3rver and
 * some gateways): fine. Any other failure (AccessDenied, …) leaves it unknown, and unknown is refused.
 */
export function versioningRefusal(bucket: string, answer: { status?: string | undefined } | { error: unknown }): string | null {
  if ('error' in answer) {
    const error = answer.error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number }; message?: string };
    if (error.name === 'NotImplemented' || error.Code === 'NotImplemented' || error.$metadata?.httpStatusCode === 501) return null;
    return `Kasus cannot tell whether the S3 bucket "${bucket}" has versioning (GetBucketVersioning failed: ${error.name ?? 'Error'} ${error.message ?? ''}`.trimEnd() +
      `). A purge must delete for real; give Kasus's key the s3:GetBucketVersioning permission on the bucket.`;
  }
  if (answer.status === 'Enabled' || answer.status === 'Suspended') {
    return `The S3 bucket "${bucket}" has versioning ${answer.status.toLowerCase()}: a purge would leave the old versions. Use a bucket without versioning (a new one: versioning, once enabled, can only be suspended).`;
  }
  return null;
}

export class S3BlobStore implements MediaBlobStore {
  readonly client: S3Sdk.S3Client;
  readonly quarantineDir: string;
  readonly tempDir: string;
  /** key → ETag of the object version whose content was verified. */
  private readonly verified = new Map<string, string>();
  private readonly verifying = new Map<string, Promise<void>>();
  private readying: Promise<void> | null = null;
  private versioning: { checkedAt: number; problem: string | null } | null = null;
  private checkingVersioning: Promise<string | null> | null = null;

  constructor(
    readonly settings: S3Settings,
    private readonly quarantine: FileBlobStore,
    private readonly options: { partSize?: number; queueSize?: number } = {},
  ) {
    // Kasus runs on Node 20, which this SDK version supports; its notice about later versions is noise in every start.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new (s3().S3Client)({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.accessKeyId && settings.secretAccessKey
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
        : {}),
      // Checksums only where S3 requires them: S3-compatible servers do not all know the newer trailers.
      // Kasus checks the content itself (SHA-256 on every read).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.quarantineDir = quarantine.quarantineDir;
    this.tempDir = quarantine.tempDir;
  }

  objectKey(key: string): string {
    assertBlobKey(key);
    return `${this.settings.prefix}${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
  }

  localPath(): null {
    return null;
  }

  init(): Promise<void> {
    return this.ready();
  }

  /** Checks the bucket once (reachable, no versioning) and sweeps temp objects left by a crash. */
  private ready(): Promise<void> {
    this.readying ??= (async () => {
      const { bucket } = this.settings;
      try {
        await this.client.send(new (s3().HeadBucketCommand)({ Bucket: bucket }));
      } catch (error) {
        this.readying = null;
        throw new Error(`The S3 bucket "${bucket}" cannot be reached${this.settings.endpoint ? ` at ${this.settings.endpoint}` : ''}: ${(error as Error).name} ${(error as Error).message}`.trim());
      }
      const refusal = await this.deletesProblem();
      if (refusal) {
        this.readying = null;
        throw new Error(refusal);
      }
      await this.sweepTemp();
    })();
    return this.readying;
  }

  /**
   * Asks the bucket's versioning afresh (joined with a question under way) unless the last answer is
   * younger than `maxAgeMs`: versioning can be turned on after the start, and then a delete only hides
   * the bytes. A failure to answer leaves it unknown, and unknown is a problem (versioningRefusal).
   */
  deletesProblem(maxAgeMs = 0): Promise<string | null> {
    if (this.versioning && Date.now() - this.versioning.checkedAt <= maxAgeMs) return Promise.resolve(this.versioning.problem); // wall time: the answer's age
    this.checkingVersioning ??= this.client
      .send(new (s3().GetBucketVersioningCommand)({ Bucket: this.settings.bucket }))
      .then((v) => ({ status: v.Status }), (error: unknown) => ({ error }))
      .then((answer) => {
        const problem = versioningRefusal(this.settings.bucket, answer);
        this.versioning = { checkedAt: Date.now(), problem }; // wall time, as above
        return problem;
      })
      .finally(() => (this.checkingVersioning = null));
    return this.checkingVersioning;
  }

  lastDeletesCheck(): { problem: string | null; checkedAt: string } | null {
    return this.versioning ? { problem: this.versioning.problem, checkedAt: new Date(this.versioning.checkedAt).toISOString() } : null;
  }

  private async sweepTemp(): Promise<void> {
    const cutoff = Date.now() - TEMP_MAX_AGE_MS;
    for await (const object of this.list(`${this.settings.prefix}tmp/`)) {
      if (object.lastModified < cutoff) await this.deleteObject(object.key);
    }
  }

  /** Every object under a prefix (key, size, last change), page by page. */
  async *list(prefix: string): AsyncGenerator<{ key: string; size: number; lastModified: number }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new (s3().ListObjectsV2Command)({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) yield { key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified?.getTime() ?? 0 };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async put(source: BlobSource): Promise<BlobInfo> {
    await this.ready();
    const temp = `${this.settings.prefix}tmp/${randomUUID()}`;
    const hashing = new Hashing();
    const body = pipeline(readable(source), hashing, () => {});
    try {
      await this.upload(temp, body);
      const key = hashing.hash.digest('hex');
      const size = hashing.bytes;
      if (!(await this.holdsVerified(key, size))) {
        this.forget(key);
        if (size <= MAX_COPY_BYTES) {
          await this.client.send(new (s3().CopyObjectCommand)({ Bucket: this.settings.bucket, Key: this.objectKey(key), CopySource: `${this.settings.bucket}/${temp}` }));
        } else {
          const again = await this.client.send(new (s3().GetObjectCommand)({ Bucket: this.settings.bucket, Key: temp }));
          await this.upload(this.objectKey(key), again.Body as Readable);
        }
      }
      return { key, sha256: key, size };
    } finally {
      body.destroy();
      // A failed upload left nothing (lib-storage aborts the multipart upload); a finished one leaves its temp object.
      await this.deleteObject(temp).catch(() => {});
    }
  }

  putFile(file: string): Promise<BlobInfo> {
    return this.put(createReadStream(file));
  }

  async moveFile(file: string, knownSha256?: string): Promise<BlobInfo> {
    await this.ready();
    let key = knownSha256;
    let size = 0;
    if (!key) {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
      key = hash.digest('hex');
    }
    assertBlobKey(key);
    const hashing = new Hashing();
    if (!(await this.holdsVerified(key, null))) {
      this.forget(key);
      await this.upload(this.objectKey(key), pipeline(createReadStream(file), hashing, () => {}));
      size = hashing.bytes;
    } else {
      size = (await this.stat(key))?.size ?? 0;
    }
    await unlink(file).catch(() => {});
    return { key, sha256: key, size };
  }

  async get(key: string): Promise<Readable> {
    const objectKey = this.objectKey(key);
    await this.ready();
    let response;
    try {
      response = await this.client.send(new (s3().GetObjectCommand)({ Bucket: this.settings.bucket, Key: objectKey }));
    } catch (error) {
      if (isMissingObject(error)) throw new BlobNotFoundError(key);
      throw error;
    }
    const etag = response.ETag ?? '';
    const verifier = new VerifyingStream(key, (ok) => (ok ? this.remember(key, etag) : this.forget(key)));
    return pipeline(response.Body as Readable, verifier, () => {});
  }

  async getRange(key: string, range: ByteRange): Promise<Readable> {
    const objectKey = this.objectKey(key);
    const { start, end } = range;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
      throw new InvalidRangeError(range, -1);
    }
    await this.ready();
    for (let attempt = 0; ; attempt++) {
      const head = await this.head(key);
      if (!head) throw new BlobNotFoundError(key);
      if (end >= head.size) throw new InvalidRangeError(range, head.size);
      await this.verifyOnce(key, head.etag);
      const response = await this.client.send(
        new (s3().GetObjectCommand)({ Bucket: this.settings.bucket, Key: objectKey, Range: `bytes=${start}-${end}`, IfMatch: head.etag }),
      ).catch((error: unknown) => {
        if (isMissingObject(error)) throw new BlobNotFoundError(key);
        // 412: the object changed since it was verified (a server that honours If-Match).
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412 && attempt === 0) return null;
        throw error;
      });
      if (response && response.ETag === head.etag) return exactRange(response.Body as Readable, response.ContentRange, range);
      // Changed between the check and the read (a server that ignores If-Match): check again, once.
      (response?.Body as Readable | undefined)?.destroy();
      this.forget(key);
      if (attempt > 0) throw new Error(`Blob ${key} kept changing while it was read.`);
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    this.objectKey(key);
    await this.ready();
    const head = await this.head(key);
    return head ? { size: head.size } : null;
  }

  async delete(key: string): Promise<void> {
    const objectKey = this.objectKey(key);
    await this.ready();
    this.forget(key);
    await this.deleteObject(objectKey);
  }

  // The quarantine of raw uploads stays on local disk.
  writeQuarantine(source: BlobSource, options: { maxBytes?: number } = {}): Promise<BlobInfo> {
    return this.quarantine.writeQuarantine(source, options);
  }

  adoptQuarantine(file: string, known?: { sha256?: string }): Promise<BlobInfo> {
    return this.quarantine.adoptQuarantine(file, known);
  }

  quarantinePath(key: string): string {
    return this.quarantine.quarantinePath(key);
  }

  openQuarantine(key: string): Promise<Readable> {
    return this.quarantine.openQuarantine(key);
  }

  deleteQuarantine(key: string): Promise<void> {
    return this.quarantine.deleteQuarantine(key);
  }

  private async upload(objectKey: string, body: Readable): Promise<void> {
    const upload = new (storage().Upload)({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: objectKey, Body: body, ContentType: 'application/octet-stream' },
      partSize: this.options.partSize ?? PART_SIZE,
      queueSize: this.options.queueSize ?? QUEUE_SIZE,
      // Aborted below instead, so that the source's own error is the one thrown (not a failed abort's).
      leavePartsOnError: true,
    });
    try {
      await upload.done();
    } catch (error) {
      if (upload.uploadId) {
        // Never visible unfinished; a server that cannot abort leaves it to the bucket's lifecycle rule.
        await this.client.send(new (s3().AbortMultipartUploadCommand)({ Bucket: this.settings.bucket, Key: objectKey, UploadId: upload.uploadId })).catch(() => {});
      }
      throw error;
    }
  }

  private async head(key: string): Promise<{ size: number; etag: string } | null> {
    try {
      const head = await this.client.send(new (s3().HeadObjectCommand)({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      return { size: head.ContentLength ?? 0, etag: head.ETag ?? '' };
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw error;
    }
  }

  /** Whether the object exists (with this size, when given) and its current version was verified. */
  private async holdsVerified(key: string, size: number | null): Promise<boolean> {
    const head = await this.head(key);
    if (!head || (size !== null && head.size !== size)) return false;
    try {
      await this.verifyOnce(key, head.etag);
      return true;
    } catch (error) {
      if (error instanceof BlobCorruptError || error instanceof BlobNotFoundError) return false;
      throw error;
    }
  }

  /** Hashes the whole object once per ETag; concurrent first requests share one pass. */
  private async verifyOnce(key: string, etag: string): Promise<void> {
    if (this.verified.get(key) === etag) return;
    const flight = `${key}|${etag}`;
    let pending = this.verifying.get(flight);
    if (!pending) {
      pending = (async () => {
        let response;
        try {
          response = await this.client.send(new (s3().GetObjectCommand)({ Bucket: this.settings.bucket, Key: this.objectKey(key), IfMatch: etag }));
        } catch (error) {
          if (isMissingObject(error)) throw new BlobNotFoundError(key);
          throw error;
        }
        const hash = createHash('sha256');
        for await (const chunk of response.Body as Readable) hash.update(chunk as Buffer);
        const actual = hash.digest('hex');
        if (actual !== key) {
          this.forget(key);
          throw new BlobCorruptError(key, actual);
        }
        this.remember(key, response.ETag ?? etag);
      })().finally(() => this.verifying.delete(flight));
      this.verifying.set(flight, pending);
    }
    await pending;
  }

  private async deleteObject(objectKey: string): Promise<void> {
    await this.client.send(new (s3().DeleteObjectCommand)({ Bucket: this.settings.bucket, Key: objectKey }));
  }

  private remember(key: string, etag: string): void {
    this.verified.delete(key);
    this.verified.set(key, etag);
    if (this.verified.size > VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
  }

  private forget(key: string): void {
    this.verified.delete(key);
  }
}
