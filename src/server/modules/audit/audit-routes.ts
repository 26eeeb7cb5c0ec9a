import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';

const filters = {
  userId: z.string().max(64).optional(),
  patientId: z.string().max(64).optional(),
  departmentId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
};

const event = z.object({
  seq: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  departmentId: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  patientId: z.string().nullable(),
  outcome: z.string(),
  clientIp: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  // Presentation: names resolved when listing, never stored in the log.
  userDisplayName: z.string().nullable().describe('The user’s display name, when the user still exists'),
  departmentName: z.string().nullable(),
  patientIdentifier: z.string().nullable().describe('The patient’s identifier as people write it (19121212-1212)'),
  objectName: z.string().nullable().describe('The object’s name: a case’s or media item’s department, a user’s, system’s, routine’s… name'),
  objectDate: z.string().nullable().describe('When the case (of a case or media event) was created'),
  caseId: z.string().nullable().describe('The case a case or media event concerns: consecutive events of one case can be shown as one'),
});

/** The filters that were given, without paging. */
const pick = <T extends Record<string, unknown>>(q: T) => {
  const { page: _page, pageSize: _pageSize, ...rest } = q;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as {
    userId?: string; patientId?: string; patientIdentifier?: string; departmentId?: string; action?: string; from?: string; to?: string;
  };
};

export const auditRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'List audit events, newest first',
      querystring: z.strictObject({
        ...filters,
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: {
        200: z.object({ items: z.array(event), total: z.number(), page: z.number(), pageSize: z.number(), timeZone: z.string().describe('The hospital’s time zone, for showing times') }),
        ...errorResponses,
      },
    },
  }, async (request) => ({
    ...(await services.audit.list(request.ctx, pick(request.query), request.query.page, request.query.pageSize)),
    timeZone: services.config.timeZone,
  }));

  app.post('/api/audit/search', {
    schema: {
      tags: ['audit'],
      summary: 'Search audit events; takes a patient identifier in the body (never in the URL)',
      body: z.strictObject({
        ...filters,
        patientIdentifier: z.string().max(64).optional(),
        page: z.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.number().int().min(1).max(500).default(50),
      }),
      response: {
        200: z.object({
          items: z.array(event),
          total: z.number(),
          page: z.number(),
          pageSize: z.number(),
          patientId: z.string().nullable().optional(),
          timeZone: z.string().describe('The hospital’s time zone, for showing times'),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const { page, pageSize, ...query } = request.body;
    return { ...(await services.audit.search(request.ctx, pick(query), page, pageSize)), timeZone: services.config.timeZone };
  });

  app.get('/api/audit/users', {
    schema: {
      tags: ['audit'],
      summary: 'Users by id and name, for the audit filter',
      response: { 200: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string() })), ...errorResponses },
    },
  }, (request) => services.audit.users(request.ctx));

  app.get('/api/audit.csv', {
    schema: {
      tags: ['audit'],
      summary: 'Export audit events as CSV (UTF-8, oldest first)',
      querystring: z.strictObject(filters),
    },
  }, async (request, reply) => {
    const rows = services.audit.exportCsv(request.ctx, pick(request.query));
    // Pull the first chunk here so that a refusal answers as JSON before the CSV starts.
    const first = await rows.next();
    const stamp = services.clock.now().toISOString().slice(0, 10);
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="kasus-audit-${stamp}.csv"`)
      .header('cache-control', 'no-store');
    return reply.send(Readable.from((async function* () {
      if (!first.done) yield first.value;
      yield* rows;
    })()));
  });
};
