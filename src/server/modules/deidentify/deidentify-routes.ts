import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { BYSTANDERS_SUMMARY, shownBystanders } from '../consents/consents-schemas.js';
import { cropBox, region, trimRange } from './deidentify-edits.js';

const id = z.string().min(1).max(64);
const copy = z.object({
  id: z.string(),
  collectionId: z.string(),
  consentId: z.string(),
  kind: z.enum(['image', 'video']),
  mime: z.string(),
  size: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  durationMs: z.number().nullable(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  source: z.object({ mediaId: z.string(), caseId: z.string() }).nullable(),
});

const order = z.object({
  id: z.string(),
  jobId: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  mediaId: z.string(),
  collectionId: z.string(),
  copy: copy.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const deidentifyRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post('/api/media/:id/deidentified-copies', {
    schema: {
      tags: ['deidentify'],
      summary:
        'Order a de-identified copy of a ready picture or video (M9) into a teaching collection (teaching.manage there, case.read on the source) under the ' +
        "patient's written consent to teaching (the one named, or any; 409 consent_required with a reason otherwise). The server applies the regions " +
        '(rect or freehand polygon, in the source\'s pixels; blur, pixelate or black — a video only black rectangles), the crop and, for a video, the trim ' +
        'to the cleaned original, which is never changed. Everything is checked in the request; the copy is then made by a durable background job: ' +
        'the answer is 202 with the order (status queued) to poll at GET /api/deidentify-orders/{id}. title and description are refused 422 identifier_in_text when they hold a personnummer or fødselsnummer. ' +
        BYSTANDERS_SUMMARY.replace('the picture shows', 'the copy still shows'),
      params: idParams,
      body: z.strictObject({
        collectionId: id,
        consentId: id.optional(),
        bystanders: shownBystanders,
        regions: z.array(region).max(200),
        crop: cropBox.optional(),
        trim: trimRange.optional(),
        title: z.string().max(200).optional(),
        description: z.string().max(4000).optional(),
      }),
      response: { 202: order, 422: errorBody, ...errorResponses },
    },
  }, async (request, reply) => reply.status(202).send(await services.deidentify.create(request.ctx, request.params.id, request.body)));

  app.get('/api/deidentify-orders/:id', {
    schema: {
      tags: ['deidentify'],
      summary:
        "An ordered de-identified copy's progress (teaching.manage in its collection's department): queued, running, done with the copy (its source as in the " +
        'collection\'s list), or failed with the reason (the source or the consent gone meanwhile, edits ffmpeg could not apply, or every attempt failed)',
      params: idParams,
      response: { 200: order, ...errorResponses },
    },
  }, (request) => services.deidentify.order(request.ctx, request.params.id));

  app.post('/api/media/:id/face-suggestions', {
    schema: {
      tags: ['deidentify'],
      summary: 'Faces found in a picture (case.read), in its own pixels with a margin, for the de-identification editor to offer; found by @vladmandic/face-api on the server, without network',
      params: idParams,
      response: { 200: z.array(z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), score: z.number() })), ...errorResponses },
    },
  }, (request) => services.deidentify.suggestFaces(request.ctx, request.params.id));

  app.get('/api/collections/:id/deidentified-copies', {
    schema: {
      tags: ['deidentify'],
      summary: "The de-identified copies in a teaching collection, not withdrawn (case.read or teaching.manage in its department); each one's source only for who may read the source's case",
      params: idParams,
      response: { 200: z.array(copy), ...errorResponses },
    },
  }, (request) => services.deidentify.list(request.ctx, request.params.id));

  app.get('/api/deidentified-copies/:id/file', {
    schema: { tags: ['deidentify'], summary: "A de-identified copy's picture or video (who may see its collection; 404 once withdrawn)", params: idParams },
  }, async (request, reply) => {
    const file = await services.deidentify.file(request.ctx, request.params.id);
    reply.header('cache-control', 'private, no-store').header('content-disposition', 'inline').header('content-length', file.size).type(file.mime);
    return reply.send(file.stream);
  });
};
