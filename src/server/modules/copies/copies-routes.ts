import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';

const copyBody = {
  reasonCode: z.string().max(40).optional().describe('A code from GET /api/copy-reasons; missing or unknown: 400 reason_required'),
  reasonText: z.string().max(1000).optional().describe('Free text beside the reason; required (real words) when the reason says textRequired'),
  recipient: z.string().max(300).optional().describe('To whom the copy is given, when it leaves the hospital'),
  mediaIds: z.array(z.string().min(1).max(64)).max(500).optional().describe('Only these media of the case (all when absent)'),
};

const copyView = z.object({
  id: z.string(),
  kind: z.enum(['print', 'export', 'download']),
  version: z.number(),
  reasonCode: z.string(),
  reason: z.string().describe("The reason's label (Swedish) as configured"),
  reasonText: z.string().nullable(),
  recipient: z.string().nullable(),
  mediaIds: z.array(z.string()),
  watermark: z.boolean(),
  madeBy: z.string(),
  madeByName: z.string().nullable(),
  madeAt: z.string(),
});

const copyReason = z.object({ code: z.string(), label: z.string(), labelNb: z.string().optional(), labelEn: z.string().optional(), textRequired: z.boolean() });

/** Prints and exports of a case with a reason, and the list of copies given out (M7). */
export const copiesRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/api/copy-reasons', {
    schema: { tags: ['cases'], summary: 'The reasons offered for a print, an export or a kept original (KASUS_COPY_REASONS)', response: { 200: z.array(copyReason), ...errorResponses } },
  }, (request) => {
    // Configuration, not patient data; only for those logged in.
    if (!request.ctx.actor) throw new AppError('not_authenticated');
    return services.copies.reasons();
  });

  app.post('/api/cases/:id/print', {
    schema: {
      tags: ['cases'],
      summary: 'Print the case (or chosen media) as a PDF, with a reason (400 reason_required without)',
      description: 'Form values, images (web previews), signature and version; every page has a footer with patient, department, user, time and reason. The copy is listed under GET /api/cases/{id}/copies. Answers application/pdf.',
      params: idParams,
      body: z.strictObject(copyBody),
      response: { 200: z.unknown().describe('The file'), ...errorResponses },
    },
  }, async (request, reply) => {
    const { pdf, filename } = await services.copies.print(request.ctx, request.params.id, request.body);
    return reply
      .type('application/pdf')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(Buffer.from(pdf));
  });

  app.post('/api/cases/:id/export', {
    schema: {
      tags: ['cases'],
      summary: 'Export the case as a ZIP of its cleaned originals with manifest.json, with a reason (400 reason_required without)',
      description: 'manifest.json holds the case, patient, department, user, time, reason, recipient and each file. With watermark true the images get a visible band with patient, user, time and reason burnt in. Answers application/zip.',
      params: idParams,
      body: z.strictObject({ ...copyBody, watermark: z.boolean().optional() }),
      response: { 200: z.unknown().describe('The file'), ...errorResponses },
    },
  }, async (request, reply) => {
    const { stream, filename } = await services.copies.export(request.ctx, request.params.id, request.body);
    return reply
      .type('application/zip')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(stream);
  });

  app.get('/api/cases/:id/copies', {
    schema: {
      tags: ['cases'],
      summary: 'Copies of the case given out (prints, exports, kept originals): who, when, reason, to whom',
      params: idParams,
      response: { 200: z.array(copyView), ...errorResponses },
    },
  }, (request) => services.copies.list(request.ctx, request.params.id));
};
