import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { BACKLOG_KINDS, BACKLOG_STATES } from './backlog-service.js';

const id = z.string().min(1).max(64);
const kind = z.enum(BACKLOG_KINDS, { error: 'välj paper_referral, paper_answer, paper_note eller offline_media (kind)' });
const state = z.enum(BACKLOG_STATES, { error: 'välj registered, entered eller verified' });
const ref = z.object({ id: z.string(), name: z.string() });
const step = z.object({ by: ref, at: z.string() });

const item = z.object({
  id: z.string(),
  outageId: z.string().nullable().describe('The outage notice the item was produced during; null for media captured offline outside a registered outage'),
  department: ref,
  patient: z.object({ id: z.string(), identifier: z.string().nullable().describe('Only for those with patient.read in the department') }).nullable(),
  kind,
  description: z.string(),
  count: z.number().int(),
  state,
  registered: step,
  entered: step.nullable(),
  verified: step.nullable(),
  updatedAt: z.string(),
});

const report = z.object({
  outage: z
    .object({ id: z.string(), system: ref, status: z.string(), startedAt: z.string(), closedAt: z.string().nullable(), message: z.string().nullable() })
    .nullable(),
  departments: z.array(
    z.object({
      department: ref,
      items: z.number().int(),
      count: z.number().int(),
      kinds: z.array(z.object({ kind, registered: z.number().int(), entered: z.number().int(), items: z.number().int(), count: z.number().int() })),
    }),
  ),
  total: z.object({ items: z.number().int(), count: z.number().int() }),
});

export const backlogRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const backlog = services.backlog;

  app.get('/api/backlog', {
    schema: {
      tags: ['continuity'],
      summary: 'The backlog of paper and offline material from outages (C8), newest first, in the departments the caller works in (all with continuity.manage)',
      querystring: z.strictObject({
        outageId: id.optional(),
        departmentId: id.optional(),
        state: state.optional(),
        kind: kind.optional(),
        outstanding: z.enum(['true', 'false']).optional().describe('true: only items not yet verified'),
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: { 200: z.object({ items: z.array(item), total: z.number() }), ...errorResponses },
    },
  }, (request) => {
    const { page, pageSize, outstanding, ...filter } = request.query;
    return backlog.list(request.ctx, { ...filter, outstanding: outstanding === 'true' }, page, pageSize);
  });

  app.post('/api/backlog', {
    schema: {
      tags: ['continuity'],
      summary: 'Register something produced during an outage (incident.report or case.write in the department); it starts as registered',
      body: z.strictObject({
        outageId: id.describe('The outage notice (an update or recovery notice stands for its outage)'),
        departmentId: id,
        patientId: id.nullable().optional().describe('Kasus’s patient id (from POST /api/patients/lookup); identifiers never go in URLs'),
        kind,
        description: z.string().max(2000, { error: 'får vara högst 2000 tecken (description)' }),
        count: z.number({ error: 'ska vara ett heltal (count)' }).int({ error: 'ska vara ett heltal (count)' }).min(1, { error: 'ska vara minst 1 (count)' }).max(100_000).optional().describe('How many sheets or files (default 1)'),
      }),
      response: { 201: item, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await backlog.register(request.ctx, request.body)));

  app.get('/api/backlog/report', {
    schema: {
      tags: ['continuity'],
      summary: 'What is still outstanding (not verified) per department and kind, for one outage or all',
      querystring: z.strictObject({ outageId: id.optional() }),
      response: { 200: report, ...errorResponses },
    },
  }, (request) => backlog.report(request.ctx, request.query.outageId));

  app.get('/api/backlog/:id', {
    schema: { tags: ['continuity'], summary: 'One backlog item', params: idParams, response: { 200: item, ...errorResponses } },
  }, (request) => backlog.get(request.ctx, request.params.id));

  app.post('/api/backlog/:id/advance', {
    schema: {
      tags: ['continuity'],
      summary: 'Move an item one step forward: registered → entered (incident.report or case.write), entered → verified (case.sign or continuity.manage)',
      description: 'Any other step (back, skipping, repeating) is refused with 409 conflict.',
      params: idParams,
      body: z.strictObject({ to: z.enum(['entered', 'verified'], { error: 'välj entered eller verified (to)' }) }),
      response: { 200: item, ...errorResponses },
    },
  }, (request) => backlog.advance(request.ctx, request.params.id, request.body.to));
};
