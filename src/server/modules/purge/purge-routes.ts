import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { PURGE_REASON_KINDS } from './purge-service.js';

const body = z.discriminatedUnion('basis', [
  z.strictObject({
    basis: z.literal('decision').describe('A retention decision: its reference and date are required'),
    decisionRef: z.string().trim().min(1).max(200),
    decisionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  }),
  z.strictObject({
    basis: z.literal('working_material').describe('Removal of working material, with the kind of reason'),
    reasonKind: z.enum(PURGE_REASON_KINDS),
  }),
]);

const accepted = z.object({ jobId: z.string() });

const status = z.object({
  jobId: z.string(),
  scope: z.enum(['case', 'patient']),
  targetId: z.string(),
  basis: z.enum(['decision', 'working_material']),
  decisionRef: z.string().nullable(),
  decisionDate: z.string().nullable(),
  reasonKind: z.string().nullable(),
  status: z.enum(['queued', 'running', 'done']),
  counts: z.record(z.string(), z.number()),
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** M11: purge of a case or of a patient's cases (a durable job) and its status. */
export const purgeRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['purge'];
  app.post('/api/cases/:id/purge', {
    schema: { tags, summary: 'Purge a case for real (system administrator, right case.purge); a background job', params: idParams, body, response: { 202: accepted, ...errorResponses } },
  }, async (request, reply) => reply.status(202).send(await services.purge.purgeCase(request.ctx, request.params.id, request.body)));

  app.post('/api/patients/:id/purge', {
    schema: { tags, summary: "Purge all of a patient's cases for real (right case.purge); a background job", params: idParams, body, response: { 202: accepted, ...errorResponses } },
  }, async (request, reply) => reply.status(202).send(await services.purge.purgePatient(request.ctx, request.params.id, request.body)));

  app.get('/api/purges/:id', {
    schema: { tags, summary: 'A purge’s status and counts, by its job id', params: idParams, response: { 200: status, ...errorResponses } },
  }, (request) => services.purge.status(request.ctx, request.params.id));
};
