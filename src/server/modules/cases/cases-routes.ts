import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { mediaView } from '../media/media-schemas.js';

const caseSummary = z.object({
  id: z.string(),
  patientId: z.string().nullable(),
  departmentId: z.string(),
  status: z.enum(['draft', 'signed']),
  version: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const casesRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post('/api/cases', {
    schema: {
      tags: ['cases'],
      summary: 'Create a draft case for a patient in a department',
      body: z.strictObject({ patientId: z.string().min(1).max(64), departmentId: z.string().min(1).max(64), formId: z.string().max(64).optional() }),
      response: { 201: caseSummary, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.cases.create(request.ctx, request.body)));

  app.get('/api/cases', {
    schema: {
      tags: ['cases'],
      summary: 'List cases you may read, newest first',
      querystring: z.strictObject({
        patientId: z.string().max(64).optional(),
        departmentId: z.string().max(64).optional(),
        status: z.enum(['draft', 'signed']).optional(),
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(caseSummary), total: z.number(), page: z.number(), pageSize: z.number() }), ...errorResponses },
    },
  }, (request) => {
    const { page, pageSize, ...filter } = request.query;
    return services.cases.list(request.ctx, filter, page, pageSize);
  });

  app.get('/api/cases/:id', {
    schema: {
      tags: ['cases'],
      summary: 'A case with its media',
      params: idParams,
      response: { 200: caseSummary.extend({ media: z.array(mediaView) }), ...errorResponses },
    },
  }, (request) => services.cases.view(request.ctx, request.params.id));
};
