import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditRoutes } from '../modules/audit/audit-routes.js';
import { registerCompactRequestLog, requestLogController, type RequestLogMode } from './request-log.js';
import { casesRoutes } from '../modules/cases/cases-routes.js';
import { annotationsRoutes } from '../modules/annotations/annotations-routes.js';
import { copiesRoutes } from '../modules/copies/copies-routes.js';
import { contactsRoutes } from '../modules/contacts/contacts-routes.js';
import { incidentsRoutes } from '../modules/incidents/incidents-routes.js';
import { broadcastRoutes } from '../modules/continuity/broadcast-routes.js';
import { backlogRoutes } from '../modules/backlog/backlog-routes.js';
import { captureRoutes } from '../modules/capture/capture-routes.js';
import { downtimeFormRoutes } from '../modules/backlog/downtime-form-routes.js';
import { continuityRoutes } from '../modules/continuity/continuity-routes.js';
import { routinesRoutes } from '../modules/routines/routines-routes.js';
import { emergencyAccessRoutes } from '../modules/rights/emergency-access-routes.js';
import { reportsRoutes } from '../modules/reports/reports-routes.js';
import { jobsRoutes } from '../modules/jobs/jobs-routes.js';
import { purgeRoutes } from '../modules/purge/purge-routes.js';
import { pacsRoutes } from '../modules/pacs/pacs-routes.js';
import { mediaRoutes } from '../modules/media/media-routes.js';
import { importsRoutes } from '../modules/imports/imports-routes.js';
import { resumableUploadRoutes } from '../modules/media/resumable-routes.js';
import { authRoutes } from '../modules/auth/auth-routes.js';
import { ehrLaunchRoutes } from '../modules/ehr-launch/ehr-launch-routes.js';
import { fhirRoutes } from '../modules/fhir/fhir-routes.js';
import { departmentsRoutes } from '../modules/departments/departments-routes.js';
import { formsRoutes } from '../modules/forms/forms-routes.js';
import { healthRoutes } from '../modules/health/health-routes.js';
import { patientsRoutes } from '../modules/patients/patients-routes.js';
import { consentsRoutes } from '../modules/consents/consents-routes.js';
import { deidentifyRoutes } from '../modules/deidentify/deidentify-routes.js';
import { usersRoutes } from '../modules/users/users-routes.js';
import { offlineCopyRoutes, registerSyncTokenAuth } from '../modules/offline-copy/offline-copy-routes.js';
import type { Services } from '../services.js';
import { registerRequestContext } from './context.js';
import { registerErrorHandling } from './error-handler.js';
import { clientErrorHandler, frameworkErrors, registerContentEncodingCheck, trackRouteMethods } from './malformed.js';
import { registerEdgeText } from './edge-text.js';
import { registerReadOnlyGuard } from './read-only.js';
import { AppError } from './errors.js';

/** The project root: three levels above this file both in src/server/http and dist/server/http. */
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WEB_ROOT = path.join(PROJECT_ROOT, 'dist', 'web');

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

/** Bodies of refused requests up to this size are read and dropped, so the connection stays usable. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * An answer given before the request body was read to its end (an upload refused part-way, or before
 * its first byte): a half-read body left paused would stall the keep-alive connection, and closing the
 * connection at once makes clients still sending fail with EPIPE instead of reading the answer. So the
 * rest is read and dropped; a body too large for that closes the connection after the answer.
 */
function drainUnreadBody(raw: IncomingMessage, reply: FastifyReply): void {
  const declared = Number(raw.headers['content-length']);
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT_BYTES) {
    reply.header('connection', 'close');
    return;
  }
  let dropped = 0;
  raw.unpipe();
  raw.removeAllListeners('data');
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_LIMIT_BYTES) raw.socket?.destroy();
  });
  raw.resume();
}

export interface AppOptions {
  /** Pino logger options; false for tests. */
  logger?: boolean | object;
  /** Per-request logging (default: KASUS_REQUEST_LOG; never with `logger: false`). */
  requestLog?: RequestLogMode;
  /** Where compact request lines go (default: standard output). */
  requestLogWrite?: (line: string) => void;
  /**
   * The offline copy's viewer (src/offline/serve.ts): no schedulers are started (probes, reminders,
   * checkpoints, sweep, statistics compaction), and its plugin (registered before the routes, not encapsulated) refuses writes
   * and adds the viewer's own routes.
   */
  offlineCopy?: { plugin: FastifyPluginAsync };
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const requestLog = options.logger === false ? 'off' : (options.requestLog ?? config.requestLog);
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
      // An EHR launch URL's token carries the patient's identifier (readable, only signed), and so may a FHIR search (KASUS_FHIR_IDENTIFIER_IN_URL): never logged.
      serializers: { req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: /^\/(launch|fhir)(\/|\?|$)/.test(req.url) ? req.url.split('?')[0] : req.url, remoteAddress: req.ip }) },
    },
    logController: requestLogController(requestLog),
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    // Unknown fields are refused by the schemas (strict objects), not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // Requests refused by the router or by node's HTTP parser still get { code, message } (malformed.ts).
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  if (requestLog === 'compact') registerCompactRequestLog(app, config.timeZone, options.requestLogWrite ?? ((line) => process.stdout.write(`${line}\n`)));
  // Which methods each API path serves, for 405 with Allow on a known path asked with another method.
  const methodsOn = trackRouteMethods(app);

  await app.register(fastifyCookie, { secret: config.sessionSecret });
  // Uploads stream part by part to disk; a file over the limit is cut off and refused, never buffered.
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: config.media.maxUploadBytes, files: 500, fields: 20, parts: 520, fieldSize: 64 * 1024, headerPairs: 100 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Kasus API', version: '0.1.0', description: 'Clinical media archive with downtime continuity. Errors are { code, message }.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kasus_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (request.raw.complete === false && !request.raw.destroyed) drainUnreadBody(request.raw, reply);
  });
  // Text that is not well-formed Unicode, NUL or control characters are refused before authentication reads anything.
  registerEdgeText(app);
  // Compressed request bodies are refused (415), never parsed or stored as their compressed bytes.
  registerContentEncodingCheck(app);
  // The backup workstations' sync token is its own authentication path (only on the sync routes), before users'.
  registerSyncTokenAuth(app);
  registerRequestContext(app, services.auth);
  registerReadOnlyGuard(app, () => services.kasusMode.mode());
  // Kasus's mode is read at start; the probes and the mode refresh run until the server closes.
  let continuityScheduler: ReturnType<Services['startContinuity']> | null = null;
  let routineReminders: ReturnType<Services['startRoutineReminders']> | null = null;
  let auditCheckpoints: ReturnType<Services['startAuditCheckpoints']> | null = null;
  let leftoverSweep: Awaited<ReturnType<Services['startLeftoverSweep']>> | null = null;
  let offlineCopySchedule: ReturnType<Services['startOfflineCopySchedule']> | null = null;
  let statisticsCompaction: ReturnType<Services['startStatisticsCompaction']> | null = null;
  if (options.offlineCopy) await app.register(options.offlineCopy.plugin);
  app.addHook('onReady', async () => {
    if (options.offlineCopy) return;
    // Raw uploads, temp and partial files left by a crash are gone before the first request is served.
    leftoverSweep = await services.startLeftoverSweep({ logger: app.log });
    await services.kasusMode.refreshMode();
    continuityScheduler = services.startContinuity({ logger: app.log });
    routineReminders = services.startRoutineReminders({ logger: app.log });
    offlineCopySchedule = services.startOfflineCopySchedule({ logger: app.log });
    // The statistics counters' deltas (migration 0038) folded into their compacted rows.
    statisticsCompaction = services.startStatisticsCompaction({ logger: app.log });
    // The first checkpoint (and, on first start, the signing key) is written before requests are served.
    auditCheckpoints = services.startAuditCheckpoints({ logger: app.log });
    await auditCheckpoints.idle();
  });
  app.addHook('onClose', async () => {
    await leftoverSweep?.stop();
    await continuityScheduler?.stop();
    await routineReminders?.stop();
    await offlineCopySchedule?.stop();
    await statisticsCompaction?.stop();
    await auditCheckpoints?.stop();
    // The one SMTP transport of outbound delivery (notices, incidents, routine reminders).
    services.outbound.close();
  });

  for (const routes of [healthRoutes, authRoutes, patientsRoutes, departmentsRoutes, usersRoutes, auditRoutes, casesRoutes, annotationsRoutes, copiesRoutes, emergencyAccessRoutes, consentsRoutes, mediaRoutes, jobsRoutes, formsRoutes, continuityRoutes, broadcastRoutes, routinesRoutes]) {
    await app.register(routes, { services });
  }
  await app.register(resumableUploadRoutes, { services });
  // Launch from an EHR (issue 15, I1): a signed URL opens the patient's cases in a session marked with the EHR context.
  await app.register(ehrLaunchRoutes, { services });
  // The FHIR R4 read API (issue 15, I2): errors there are OperationOutcomes.
  await app.register(fhirRoutes, { services, prefix: '/fhir/R4' });
  // Card import (M5): staged, analysed, then added through the same upload.
  await app.register(importsRoutes, { services });
  // Log reports and statistics for log and statistics operators (M14).
  await app.register(reportsRoutes, { services });
  // Continuity (C5, C6): urgent incidents with their service desks, and the contacts directory.
  await app.register(contactsRoutes, { services });
  await app.register(incidentsRoutes, { services });
  // Continuity (C7, C8): the backlog of paper and offline material, and printable downtime forms.
  await app.register(backlogRoutes, { services });
  await app.register(captureRoutes, { services });
  await app.register(downtimeFormRoutes, { services });
  // Continuity (C9): backup workstations with the offline read copy.
  await app.register(offlineCopyRoutes, { services });
  // Governance (M11): purge of cases for real, as a durable job.
  await app.register(purgeRoutes, { services });
  // De-identified copies into teaching collections (M9).
  await app.register(deidentifyRoutes, { services });
  await app.register(pacsRoutes, { services });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const hasWeb = existsSync(path.join(WEB_ROOT, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_ROOT, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    if (pathname.startsWith('/api/') || pathname === '/api') {
      const allowed = methodsOn(pathname);
      if (allowed.length > 0) {
        reply.header('allow', allowed.join(', '));
        throw new AppError('method_not_allowed', `Metoden ${request.method} stöds inte för ${pathname}. Tillåtna metoder: ${allowed.join(', ')}.`);
      }
      throw new AppError('not_found', `Adressen ${request.method} ${pathname} finns inte i Kasus API.`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new AppError('method_not_allowed');
    // The web UI routes on the client: every other page is the single-page app.
    if (hasWeb) return reply.type('text/html').sendFile('index.html');
    return reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><title>Kasus</title><p>Webbgränssnittet är inte byggt. Kör <code>npm run build</code>.</p>');
  });
  return app;
}
