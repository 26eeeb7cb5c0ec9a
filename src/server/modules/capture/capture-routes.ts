import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { IDENTITY_VERIFICATIONS } from './capture-service.js';

const uuid = z.uuid({ error: 'ska vara ett UUID' });
const item = z.object({
  key: z.string(),
  state: z.literal('stored'),
  mediaId: z.string(),
  sha256: z.string().describe('SHA-256 (hex) of the bytes as received, which the device captured'),
});
const capture = z.object({
  id: z.string(),
  caseId: z.string().describe('The draft case the items are added to'),
  patientId: z.string(),
  departmentId: z.string(),
  items: z.array(item).describe('The items stored so far'),
});
const params = z.strictObject({ id: uuid });

/**
 * Offline capture (C10, issue 16). The items themselves arrive over the resumable upload
 * (POST /api/uploads with Upload-Metadata captureId, itemKey, sha256, filename, capturedAt).
 */
export const captureRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const captures = services.capture;

  app.post('/api/captures', {
    schema: {
      tags: ['media'],
      summary: 'Start (or repeat) an offline capture session: the patient found or registered, a draft case recording oral consent and purpose, an offline_media backlog item',
      description: '201 when created; 200 with the same answer when the caller repeats it for the same patient and department; 409 capture_conflict when the id is another patient’s, department’s or user’s.',
      body: z.strictObject({
        id: uuid.describe('Made on the device'),
        identifier: z.string().min(1).max(64).describe('The patient’s identifier as typed'),
        identityVerification: z.enum(IDENTITY_VERIFICATIONS, { error: 'välj id_document, known_to_staff eller ehr_context (identityVerification)' }),
        departmentId: z.string().min(1).max(64),
        oralConsent: z.boolean(),
        purpose: z.string().trim().min(1, { error: 'får inte vara tom (purpose)' }).max(500, { error: 'får vara högst 500 tecken (purpose)' }),
        startedAt: isoTime,
      }),
      response: { 200: capture, 201: capture, ...errorResponses },
    },
  }, async (request, reply) => {
    const { created, view } = await captures.create(request.ctx, request.body);
    return reply.status(created ? 201 : 200).send(view);
  });

  app.get('/api/captures/:id', {
    schema: { tags: ['media'], summary: 'The caller’s capture session and its stored items', params, response: { 200: capture, ...errorResponses } },
  }, (request) => captures.get(request.ctx, request.params.id));

  app.get('/api/captures/:id/items/:key', {
    schema: {
      tags: ['media'],
      summary: 'One item of the caller’s capture session: 200 when stored, 404 not_found while it is not',
      params: z.strictObject({ id: uuid, key: uuid }),
      response: { 200: item, ...errorResponses },
    },
  }, (request) => captures.getItem(request.ctx, request.params.id, request.params.key));
};
