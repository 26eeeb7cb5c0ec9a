import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import { JOB_STATUSES } from './job-types.js';
import type { JobsService } from './jobs-service.js';

const job = z.object({
  id: z.string(),
  name: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(JOB_STATUSES),
  attempts: z.number(),
  maxAttempts: z.number(),
  runAt: z.string(),
  leaseUntil: z.string().nullable(),
  lockedBy: z.string().nullable(),
  lastError: z.string().nullable(),
  uniqueKey: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const counts = z.object({ queued: z.number(), running: z.number(), done: z.number(), dead: z.number() });

/**
 * What the routes need of the services; `Services` satisfies it once it has `jobs` (from
 * createJobs), so the plugin registers like the others with `{ services }`.
 */
export interface JobsRouteServices {
  jobs: { service: JobsService };
}

export const jobsRoutes: FastifyPluginAsyncZod<{ services: JobsRouteServices }> = async (app, { services }) => {
  app.get('/api/jobs', {
    schema: {
      tags: ['jobs'],
      summary: 'List background jobs, most recently changed first (admin)',
      querystring: z.strictObject({
        status: z.enum(JOB_STATUSES).optional(),
        name: z.string().max(100).optional(),
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: { 200: z.object({ items: z.array(job), total: z.number() }), ...errorResponses },
    },
  }, (request) => services.jobs.service.list(request.ctx, request.query));

  app.get('/api/jobs/counts', {
    schema: { tags: ['jobs'], summary: 'Number of jobs per status (admin)', response: { 200: counts, ...errorResponses } },
  }, (request) => services.jobs.service.counts(request.ctx));

  app.post('/api/jobs/:id/retry', {
    schema: {
      tags: ['jobs'],
      summary: 'Run a dead job again, with its attempts reset (admin)',
      params: idParams,
      response: { 200: job, ...errorResponses },
    },
  }, (request) => services.jobs.service.retry(request.ctx, request.params.id));
};
