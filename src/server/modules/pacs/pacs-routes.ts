import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';

const exportView = z.object({
  id: z.string(),
  status: z.enum(['queued', 'sending', 'retrying', 'sent', 'failed']).describe('retrying: the last attempt failed (errorCode) and the job tries again later; failed: given up'),
  caseVersion: z.number(),
  mediaCount: z.number().describe('Images and videos to send'),
  instancesSent: z.number().describe('DICOM instances the PACS has confirmed'),
  attempts: z.number(),
  errorCode: z
    .string()
    .nullable()
    .describe('Why the last attempt failed: unreachable, timeout, http_status, instance_refused, media_unreadable, too_large or internal'),
  errorDetail: z.string().nullable(),
  requestedBy: z.string(),
  requestedByName: z.string().nullable(),
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** DICOM export of a signed case to its department's PACS over STOW-RS (issue 15, I3). */
export const pacsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const tags = ['cases'];
  app.post('/api/cases/:id/pacs-exports', {
    schema: {
      tags,
      summary: "Send a signed case's images and videos to the department's PACS (DICOM over STOW-RS); a background job with retries",
      description:
        'Right media.export in the case’s department. 409 case_not_signed for a draft, 409 pacs_not_configured when the department has no PACS (KASUS_PACS), 409 pacs_nothing_to_send without images or videos. Asked again while a send is under way, the same export answers (200) instead of a new one (202).',
      params: idParams,
      response: { 200: exportView, 202: exportView, ...errorResponses },
    },
  }, async (request, reply) => {
    const { export: view, created } = await services.pacs.request(request.ctx, request.params.id);
    return reply.status(created ? 202 : 200).send(view);
  });

  app.get('/api/cases/:id/pacs-exports', {
    schema: {
      tags,
      summary: "The case's sends to PACS, newest first, and whether its department has a PACS",
      params: idParams,
      response: { 200: z.object({ configured: z.boolean(), items: z.array(exportView) }), ...errorResponses },
    },
  }, (request) => services.pacs.list(request.ctx, request.params.id));
};
