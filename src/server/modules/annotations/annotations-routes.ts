import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { annotationShape, annotationShapes, MAX_SHAPES } from './annotation-shapes.js';

const id = z.string().min(1).max(64);
const params = z.strictObject({ id, mediaId: id });

const layer = z.object({
  caseId: z.string(),
  mediaId: z.string(),
  version: z.number(),
  editable: z.boolean().describe('The version is the draft and you may change it'),
  shapes: z.array(annotationShape),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});

export const annotationsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/api/cases/:id/media/:mediaId/annotations', {
    schema: {
      tags: ['cases'],
      summary: "An image's annotations in a version of the case (the latest without version)",
      description: 'Shapes in image-relative coordinates (0..1 of the width and height): arrow, ellipse, freehand, text, calibration (a line of known length in mm) and measure.',
      params,
      querystring: z.strictObject({ version: z.coerce.number().int().min(1).max(1_000_000).optional() }),
      response: { 200: layer, ...errorResponses },
    },
  }, (request) => services.annotations.read(request.ctx, request.params.id, request.params.mediaId, request.query.version));

  app.put('/api/cases/:id/media/:mediaId/annotations', {
    schema: {
      tags: ['cases'],
      summary: "Replace an image's annotations in the draft (a signed version is locked: 409 case_locked)",
      description: `At most ${MAX_SHAPES} shapes, ids unique, at most one calibration. Kept as data; the image itself is never changed.`,
      params,
      body: z.strictObject({
        shapes: annotationShapes,
        version: z.number().int().min(1).optional().describe('The version the change was made on; refused with case_changed if the case has moved on'),
      }),
      response: { 200: layer, ...errorResponses },
    },
  }, (request) => services.annotations.save(request.ctx, request.params.id, request.params.mediaId, request.body));
};
