import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { IDENTIFIER_TYPES } from '../identifiers/identifier.js';

const identifierBody = z.strictObject({ identifier: z.string().max(64) });
const patient = z.object({
  id: z.string(),
  identifier: z.string(),
  type: z.enum(IDENTIFIER_TYPES),
  confidential: z.boolean(),
  region: z.object({ name: z.string(), oid: z.string() }).optional(),
});

// Identifiers travel in bodies only, never in URLs (they would end up in access logs).
export const patientsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post('/api/identifiers/validate', {
    schema: {
      tags: ['patients'],
      summary: 'Validate a national patient identifier',
      body: identifierBody,
      response: {
        200: z.object({
          valid: z.boolean(),
          type: z.enum(IDENTIFIER_TYPES).nullable(),
          normalized: z.string().nullable(),
          rule: z.string().optional(),
          error: z.string().optional(),
          birthDate: z.string().optional(),
          region: z.object({ name: z.string(), oid: z.string() }).optional(),
        }),
        ...errorResponses,
      },
    },
  }, (request) => {
    const result = services.patients.validateFor(request.ctx, request.body.identifier);
    return result.valid
      ? {
          valid: true,
          type: result.type,
          normalized: result.normalized,
          ...(result.birthDate ? { birthDate: result.birthDate } : {}),
          ...(result.region ? { region: result.region } : {}),
        }
      : { valid: false, type: result.type ?? null, normalized: null, rule: result.rule, error: result.message };
  });

  app.post('/api/patients/lookup', {
    schema: {
      tags: ['patients'],
      summary: 'Find a patient by identifier',
      body: identifierBody,
      response: { 200: patient, ...errorResponses },
    },
  }, (request) => services.patients.lookup(request.ctx, request.body.identifier));

  app.get('/api/patients/:id', {
    schema: {
      tags: ['patients'],
      summary: 'A patient by Kasus’s id (the identifier as the patient card shows it; a confidential patient only during an emergency opening)',
      params: idParams,
      response: { 200: patient, ...errorResponses },
    },
  }, (request) => services.patients.get(request.ctx, request.params.id));

  app.post('/api/patients', {
    schema: {
      tags: ['patients'],
      summary: 'Register a patient by identifier',
      body: identifierBody,
      response: { 201: patient, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.patients.register(request.ctx, request.body.identifier)));

  app.post('/api/patients/:id/confidential', {
    schema: {
      tags: ['patients'],
      summary: 'Mark a patient confidential or lift the mark, with a reason (system administrators)',
      params: idParams,
      // The reason must hold real words (normalizeReason in the service): 400 reason_required otherwise.
      body: z.strictObject({ confidential: z.boolean(), reason: z.string().max(4000) }),
      response: { 200: patient, ...errorResponses },
    },
  }, (request) => services.patients.setConfidential(request.ctx, request.params.id, request.body));

  app.get('/api/patients/:id/confidentiality', {
    schema: {
      tags: ['patients'],
      summary: 'Who marked or lifted the confidentiality, when and why (system administrators)',
      params: idParams,
      response: {
        200: z.array(z.object({ confidential: z.boolean(), reason: z.string(), changedBy: z.string(), changedByName: z.string().nullable(), changedAt: z.string() })),
        ...errorResponses,
      },
    },
  }, (request) => services.patients.confidentialityHistory(request.ctx, request.params.id));
};
