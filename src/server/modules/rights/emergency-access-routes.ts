import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';

const id = z.string().min(1).max(64);

export const emergencyAccessRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post('/api/cases/:id/emergency-access', {
    schema: {
      tags: ['cases'],
      summary: 'Open a confidential patient\'s case in an emergency, for a limited time, with a reason',
      description: 'Needs case.emergency_open and case.read in the case\'s department. The reason must hold real words (at least two words of two letters or more, after NFKC and removing invisible characters), else 400 reason_required. The opening and its normalised reason are audited and reported to log operators.',
      params: idParams,
      // The reason's rule (real words, normalised) is normalizeReason's, applied by the rights module.
      body: z.strictObject({ reason: z.string().max(4000) }),
      response: { 200: z.object({ expiresAt: z.string() }), ...errorResponses },
    },
  }, (request) => {
    return services.emergencyOpening.open(request.ctx, request.params.id, request.body.reason);
  });

  app.get('/api/emergency-access', {
    schema: {
      tags: ['audit'],
      summary: 'Emergency openings of confidential cases, newest first (log operators)',
      querystring: z.strictObject({
        departmentId: id.optional(),
        userId: id.optional(),
        from: isoTime.optional(),
        to: isoTime.optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: {
        200: z.object({
          items: z.array(
            z.object({
              id: z.string(),
              grantedAt: z.string(),
              expiresAt: z.string(),
              user: z.object({ id: z.string(), username: z.string().nullable(), displayName: z.string().nullable() }),
              departmentId: z.string(),
              caseId: z.string(),
              patientId: z.string().nullable(),
              reason: z.string(),
            }),
          ),
          total: z.number(),
          page: z.number(),
          pageSize: z.number(),
        }),
        ...errorResponses,
      },
    },
  }, (request) => {
    const { page, pageSize, ...filter } = request.query;
    return services.emergencyAccess.list(request.ctx, filter, page, pageSize);
  });
};
