import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { KasusTusServer } from './tus-errors.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.js';
import { mapError } from '../../http/error-handler.js';
import { parseStrictDateTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { heldFiles } from '../blobs/held-files.js';
import type { RequestContext } from '../rights/actor.js';
import { checkedFilename } from './filename.js';
import { HashingFileStore } from './hashing-file-store.js';
import { parseMediaEdit } from './media-edit.js';

export const UPLOADS_PATH = '/api/uploads';
const OWNER_KEY = 'kasususer';

/** Parses tus's Upload-Metadata header: comma-separated `key base64value` pairs. */
export function parseUploadMetadata(header: string | undefined): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const pair of (header ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key) metadata[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return metadata;
}

/** Replaces a request header where tus reads it (it builds its request from rawHeaders). */
function setRawHeader(raw: import('node:http').IncomingMessage, name: string, value: string): void {
  raw.headers[name] = value;
  const pairs: string[] = [];
  for (let i = 0; i < raw.rawHeaders.length; i += 2) {
    if (raw.rawHeaders[i]!.toLowerCase() !== name) pairs.push(raw.rawHeaders[i]!, raw.rawHeaders[i + 1]!);
  }
  raw.rawHeaders.splice(0, raw.rawHeaders.length, ...pairs, name, value);
}

/**
 * tus (through srvx) ends a response with `end(callback)`; fastify.inject's response takes a function
 * there for data and never finishes (every 204 of tus hangs under inject). Passing the callback in its
 * own place works for both.
 */
function endableWithCallback(res: ServerResponse): ServerResponse {
  const end = res.end as (...args: unknown[]) => ServerResponse;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    return typeof args[0] === 'function' ? end.call(this, undefined, undefined, args[0]) : end.apply(this, args);
  } as ServerResponse['end'];
  return res;
}

const encodeMetadata = (metadata: Record<string, string>) =>
  Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An offline capture's item (issue 16): `captureId` and `itemKey` are the device's UUIDs, `sha256`
 * the lower-case hex hash of the bytes it captured, `capturedAt` optionally when (ISO 8601,
 * normalised to UTC in place).
 */
function checkCaptureMetadata(metadata: Record<string, string>): void {
  if (metadata.caseId !== undefined) throw new AppError('validation_failed', 'Upload-Metadata har både captureId och caseId: ange en av dem.', { field: 'caseId' });
  if (!UUID.test(metadata.captureId ?? '')) throw new AppError('validation_failed', 'Upload-Metadata captureId ska vara ett UUID.', { field: 'captureId' });
  if (!UUID.test(metadata.itemKey ?? '')) throw new AppError('validation_failed', 'Upload-Metadata itemKey ska vara ett UUID.', { field: 'itemKey' });
  if (!/^[0-9a-f]{64}$/.test(metadata.sha256 ?? '')) {
    throw new AppError('validation_failed', 'Upload-Metadata sha256 ska vara filens SHA-256 med 64 hexadecimala gemener.', { field: 'sha256' });
  }
  if (metadata.capturedAt !== undefined) {
    const at = parseStrictDateTime(metadata.capturedAt);
    if (!at) throw new AppError('invalid_date', 'Upload-Metadata capturedAt ska vara en tidpunkt som finns, t.ex. 2026-11-22T08:00:00Z.', { field: 'capturedAt' });
    metadata.capturedAt = at.toISOString();
  }
}

/**
 * Resumable uploads (the tus protocol) for large files over unreliable connections. The client
 * creates an upload with Upload-Metadata `caseId` and `filename` (or, for an offline capture's item,
 * `captureId`, `itemKey`, `sha256` and `filename`); PATCH requests append bytes and
 * a dropped connection resumes from the offset HEAD reports. When the last byte arrives the file
 * enters the same ingest as a multipart upload, and the answer carries `Kasus-Media-Id`.
 * Rights are checked by Kasus before tus sees a request; an upload belongs to the user who made it.
 */
export async function resumableUploadRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  // An unfinished upload may be resumed for KASUS_UPLOAD_RESUME_HOURS from its creation (tus answers
  // Upload-Expires, and 410 after it); the leftover sweep then removes its bytes.
  const datastore = new HashingFileStore({
    directory: path.join(services.config.dataDir, 'uploads'),
    expirationPeriodInMilliseconds: services.config.media.uploadResumeMs,
  });
  /** The context of the request that delivers an upload's last bytes, for the ingest that follows. */
  const finishing = new Map<string, RequestContext>();
  /** The context of a creation request that completes its upload at once (an empty file, creation-with-upload). */
  const creating = new WeakMap<IncomingMessage, RequestContext>();

  // Errors are answered as Kasus's { code, message } JSON, tus's protocol headers kept (tus-errors.ts).
  const tus = new KasusTusServer({
    path: UPLOADS_PATH,
    datastore,
    maxSize: services.config.media.maxUploadBytes,
    relativeLocation: true,
    respectForwardedHeaders: services.config.trustProxy,
    allowedOrigins: [],
    onUploadFinish: async (req, upload) => {
      const creation = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
      const ctx = finishing.get(upload.id) ?? (creation ? creating.get(creation) : undefined);
      const metadata = upload.metadata ?? {};
      const file = path.join(services.config.dataDir, 'uploads', upload.id);
      // Complete but not yet ingested: held, so no sweep takes it meanwhile.
      const release = heldFiles.hold(file);
      try {
        if (!ctx) throw new AppError('not_authenticated');
        // Moved into quarantine, not copied, with the hash made while the bytes arrived.
        const sha256 = datastore.takeHash(upload.id, upload.size ?? -1);
        if (metadata.captureId) {
          // An item of an offline capture: checked against the device's hash and stored once by its key.
          const stored = await services.capture.storeItem(ctx, {
            captureId: metadata.captureId,
            itemKey: metadata.itemKey ?? '',
            sha256: metadata.sha256 ?? '',
            filename: metadata.filename || 'namnlös',
            ...(metadata.capturedAt ? { capturedAt: metadata.capturedAt } : {}),
            path: file,
            ...(sha256 ? { receivedSha256: sha256 } : {}),
          });
          return { headers: { 'Kasus-Media-Id': stored.mediaId, 'Kasus-Media-Status': stored.status } };
        }
        const result = await services.media.upload(ctx, metadata.caseId ?? '', (async function* () {
          // Checked at creation; parsed again here from what tus kept.
          const edit = metadata.edit ? parseMediaEdit(metadata.edit) : undefined;
          const ultrasound = metadata.ultrasound === 'true';
          yield { filename: metadata.filename || 'namnlös', file: { path: file, sha256 }, truncated: () => false, ...(edit ? { edit } : {}), ...(ultrasound ? { ultrasound } : {}) };
        })());
        const item = result.items[0]!;
        return { headers: { 'Kasus-Media-Id': item.id, 'Kasus-Media-Status': item.status } };
      } catch (error) {
        const { status, body } = mapError(error);
        throw { status_code: status, body: JSON.stringify(body) };
      } finally {
        await datastore.remove(upload.id).catch(() => {});
        release();
      }
    },
  });

  // Kasus's own refusals (not logged in, not found, read-only) carry the protocol version too, as tus requires.
  app.addHook('onSend', async (request, reply) => {
    if (request.method !== 'OPTIONS' && !reply.hasHeader('tus-resumable')) reply.header('tus-resumable', '1.0.0');
  });

  // tus reads the body itself.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  /** Only the user who created an upload may see or continue it; others get "not found". */
  async function requireOwner(request: FastifyRequest, id: string): Promise<void> {
    const actor = services.access.authenticated(request.ctx);
    const upload = await datastore.getUpload(id).catch(() => null);
    if (!upload || upload.metadata?.[OWNER_KEY] !== actor.userId) throw new AppError('not_found', 'Uppladdningen finns inte.');
  }

  app.route({
    method: ['POST', 'OPTIONS'],
    url: UPLOADS_PATH,
    schema: { hide: true },
    handler: async (request, reply) => {
      if (request.method === 'POST') {
        const actor = services.access.authenticated(request.ctx);
        const metadata = parseUploadMetadata(request.headers['upload-metadata'] as string | undefined);
        if (metadata.captureId !== undefined) checkCaptureMetadata(metadata);
        else if (!metadata.caseId) throw new AppError('validation_failed', 'Upload-Metadata saknar caseId.', { field: 'caseId' });
        if (!metadata.filename) throw new AppError('validation_failed', 'Upload-Metadata saknar filename.', { field: 'filename' });
        // Refused when it is not clean text, cut and cleaned like a multipart file name otherwise.
        metadata.filename = checkedFilename(metadata.filename, 'upload-metadata filename');
        // A crop or trim for the file (as the multipart field "edit"): refused before any byte is sent.
        if (metadata.edit !== undefined) parseMediaEdit(metadata.edit);
        if (metadata.ultrasound !== undefined && metadata.ultrasound !== 'true' && metadata.ultrasound !== 'false') {
          throw new AppError('validation_failed', 'Upload-Metadata ultrasound ska vara true eller false.', { field: 'ultrasound' });
        }
        // Ultrasound outside an EHR-launched session (M5) is refused before any byte is sent; audio is known only from its bytes.
        if (metadata.ultrasound === 'true' && !request.ctx.ehr) throw new AppError('ehr_context_required');
        if (metadata.captureId !== undefined) await services.capture.beginItem(request.ctx, metadata.captureId);
        else await services.media.requireUploadable(request.ctx, metadata.caseId!);
        // The owner is set by Kasus, never taken from the client.
        delete metadata[OWNER_KEY];
        setRawHeader(request.raw, 'upload-metadata', encodeMetadata({ ...metadata, [OWNER_KEY]: actor.userId }));
        creating.set(request.raw, request.ctx);
      }
      reply.hijack();
      await tus.handle(request.raw, endableWithCallback(reply.raw));
    },
  });

  app.route({
    method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'],
    url: `${UPLOADS_PATH}/:id`,
    schema: { hide: true },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string };
      if (request.method !== 'OPTIONS') await requireOwner(request, id);
      if (request.method === 'PATCH') finishing.set(id, request.ctx);
      try {
        reply.hijack();
        await tus.handle(request.raw, endableWithCallback(reply.raw));
      } finally {
        finishing.delete(id);
      }
    },
  });
}
