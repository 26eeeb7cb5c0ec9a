import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { errorResponses, idParams } from '../../http/schemas.js';

const department = z.object({ id: z.string(), hsaId: z.string(), name: z.string(), active: z.boolean() });
const name = z.string().trim().min(1).max(200);

export const departmentsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/api/departments', {
    schema: { tags: ['departments'], summary: 'List departments', response: { 200: z.array(department), ...errorResponses } },
  }, (request) => services.departments.list(request.ctx));

  app.post('/api/departments', {
    schema: {
      tags: ['departments'],
      summary: 'Create a department (admin)',
      body: z.strictObject({ hsaId: z.string().max(40), name }),
      response: { 201: department, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.departments.create(request.ctx, request.body)));

  app.patch('/api/departments/:id', {
    schema: {
      tags: ['departments'],
      summary: 'Rename, deactivate or reactivate a department (admin)',
      params: idParams,
      body: z.strictObject({ name: name.optional(), active: z.boolean().optional() }),
      response: { 200: department, ...errorResponses },
    },
  }, (request) => services.departments.update(request.ctx, request.params.id, request.body));
};
