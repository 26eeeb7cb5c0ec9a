import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import type { WorkstationRow } from './offline-copy-repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The bearer secret a sync route was called with, taken off the request before users' authentication. */
    syncBearer: string | null;
    /** The backup workstation a sync route was called by (its sync token); null elsewhere. */
    offlineWorkstation: WorkstationRow | null;
  }
}

const SYNC_PREFIX = '/api/offline-copy/sync/';

/**
 * The sync token (kwt_…) is its own authentication path, apart from users' sessions and API tokens.
 * On the sync routes every user credential is taken off the request before users' authentication
 * runs (which refuses a sync token on every other route); the routes' own hook then accepts only a
 * valid sync token (a user's token or session gets 401). It runs after the read-only guard, so that
 * Kasus in read-only mode answers the access-log upload 503 like every other write.
 * Must be registered before the request context (src/server/http/context.ts).
 */
export function registerSyncTokenAuth(app: FastifyInstance): void {
  app.decorateRequest('syncBearer', null);
  app.decorateRequest('offlineWorkstation', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith(SYNC_PREFIX)) return;
    request.syncBearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null;
    delete request.headers.authorization;
    request.cookies = {};
  });
}

const workstationItem = z.object({
  id: z.string(),
  name: z.string(),
  departmentIds: z.array(z.string()),
  lastSyncAt: z.string().nullable(),
  sequence: z.number().int(),
  ageMinutes: z.number().int().nullable(),
  revokedAt: z.string().nullable(),
  missedSync: z.boolean(),
});

const nullableText = (max: number) => z.string().max(max).nullable();
const accessLogEntry = z.strictObject({
  seq: z.number().int().min(1),
  at: z.string().min(1).max(40),
  username: z.string().max(200),
  userId: nullableText(64),
  action: z.string().min(1).max(100),
  outcome: z.enum(['success', 'refused', 'failure']),
  objectType: nullableText(64),
  objectId: nullableText(200),
  patientId: nullableText(64),
  departmentId: nullableText(64),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Who is asking, for the audit log: the workstation (never a user) on the sync routes. */
const syncCtx = (request: FastifyRequest) => ({ actor: null, clientIp: request.ip ?? null, requestId: request.id });
const workstationOf = (request: FastifyRequest): WorkstationRow => {
  if (!request.offlineWorkstation) throw new AppError('not_authenticated');
  return request.offlineWorkstation;
};

export const offlineCopyRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['offline-copy'];
  // Runs after the application's own onRequest hooks (authentication of users, read-only guard).
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith(SYNC_PREFIX)) return;
    const workstation = request.syncBearer ? await services.offlineCopy.authenticateSync(request.syncBearer) : null;
    if (!workstation) throw new AppError('not_authenticated', 'Synkroniseringsnyckeln är ogiltig eller återkallad.');
    request.offlineWorkstation = workstation;
  });
  app.post('/api/offline-copy/workstations', {
    schema: {
      tags,
      summary: 'Register a backup workstation (admin); answers its sync token once',
      body: z.strictObject({
        name: z.string().trim().min(1).max(200),
        publicKey: z.string().max(200),
        departmentIds: z.array(z.string().min(1).max(64)).min(1).max(500),
      }),
      response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string() }), ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.offlineCopy.register(request.ctx, request.body)));

  app.get('/api/offline-copy/workstations', {
    schema: { tags, summary: 'List backup workstations and the age of their copies', response: { 200: z.object({ items: z.array(workstationItem) }), ...errorResponses } },
  }, (request) => services.offlineCopy.list(request.ctx));

  app.delete('/api/offline-copy/workstations/:id', {
    schema: { tags, summary: 'Revoke a backup workstation (admin); its token stops working', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await services.offlineCopy.revoke(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/offline-copy/snapshots', {
    schema: { tags, summary: 'Make a snapshot for every workstation now (a background job)', response: { 202: z.object({ sequence: z.number().int() }), ...errorResponses } },
  }, async (request, reply) => reply.status(202).send(await services.offlineCopy.requestSnapshot(request.ctx)));

  app.get('/api/offline-copy/server-key', {
    schema: { tags, summary: "The server's signing key, minisign public-key format", response: { 200: z.object({ publicKey: z.string() }), ...errorResponses } },
  }, () => services.offlineCopy.serverKey());

  // --- sync routes: the workstation's sync token only (registerSyncTokenAuth) ---

  app.get('/api/offline-copy/sync/manifest', {
    schema: {
      tags,
      summary: 'The signed manifest from the sequence the workstation has (sync token)',
      querystring: z.strictObject({ since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }),
      response: { 200: z.object({ manifest: z.string(), signature: z.string() }), ...errorResponses },
    },
  }, (request) => services.offlineCopy.manifest(syncCtx(request), workstationOf(request), request.query.since ?? 0));

  app.get('/api/offline-copy/sync/parts/:name', {
    schema: { tags, summary: 'One age-encrypted part of a manifest (sync token)', params: z.strictObject({ name: z.string().min(1).max(200) }) },
  }, async (request, reply) => {
    const { stream, size } = await services.offlineCopy.part(syncCtx(request), workstationOf(request), request.params.name);
    return reply.type('application/octet-stream').header('content-length', size).send(stream);
  });

  app.post('/api/offline-copy/sync/access-log', {
    bodyLimit: 32 * 1024 * 1024,
    schema: {
      tags,
      summary: "Upload the workstation's access log; appended to the audit log (sync token)",
      body: z.strictObject({ entries: z.array(accessLogEntry).max(100_000) }),
      response: { 200: z.object({ accepted: z.number().int() }), ...errorResponses },
    },
  }, (request) => services.offlineCopy.uploadAccessLog(syncCtx(request), workstationOf(request), request.body.entries));
};
