import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';

export const healthRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/api/health', {
    schema: {
      tags: ['health'],
      summary: 'Liveness and mode; open to all, used by load balancers and probes',
      description:
        'With an S3 blob store, blobStore says whether deletes remove bytes for real: refused (with the problem) when the bucket has versioning, which a purge then waits on. Its last check; checked again in the background when older than a minute.',
      response: {
        200: z.object({
          status: z.literal('ok'),
          mode: z.enum(['read_write', 'read_only']),
          blobStore: z.object({ deletes: z.enum(['real', 'refused']), problem: z.string().optional(), checkedAt: z.string() }).optional(),
        }),
      },
    },
  }, () => services.health());
};
