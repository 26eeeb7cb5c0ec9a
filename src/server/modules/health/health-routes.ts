import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';

export const healthRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/api/health', {
    schema: {
      tags: ['health'],
      summary: 'Liveness and mode; open to all, used by load balancers and probes',
      response: { 200: z.object({ status: z.literal('ok'), mode: z.enum(['read_write', 'read_only']) }) },
    },
  }, () => services.health());
};
