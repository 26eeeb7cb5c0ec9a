import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { receiveFiles } from '../media/multipart-files.js';
import { CONSENT_DOCUMENT_MAX_BYTES } from './consent-document.js';
import { BYSTANDERS_SUMMARY, shownBystanders } from './consents-schemas.js';
import { CONSENT_SCOPES, type ConsentPerson, type ConsentScope, type NewConsent } from './consents-service.js';

const id = z.string().min(1).max(64);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Skriv datumet som ÅÅÅÅ-MM-DD.');
const consentParams = z.strictObject({ id, consentId: id });
const consent = z.object({
  id: z.string(),
  patientId: z.string(),
  caseId: z.string().nullable(),
  person: z.enum(['patient', 'bystander']),
  personDescription: z.string().nullable(),
  scopes: z.array(z.enum(CONSENT_SCOPES)),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  status: z.enum(['valid', 'not_yet_valid', 'expired', 'revoked']),
  document: z.object({ name: z.string(), mime: z.string(), size: z.number() }),
  recordedBy: z.object({ id: z.string(), name: z.string() }),
  recordedAt: z.string(),
  revokedOn: z.string().nullable(),
  revokedAt: z.string().nullable(),
  copies: z.object({ active: z.number(), withdrawn: z.number() }),
});
const refusedBody = z.object({ code: z.string(), message: z.string() }).passthrough();

const FIELDS = ['scopes', 'validFrom', 'validUntil', 'person', 'personDescription', 'caseId'] as const;

/** A real calendar date (not 2026-02-30). */
function calendarDay(field: string, text: string): string {
  const value = text.trim();
  const parsed = day.safeParse(value);
  const date = new Date(`${value}T00:00:00Z`);
  if (!parsed.success || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new AppError('invalid_date', `${field}: skriv ett datum som finns, t.ex. 2026-12-07.`, { field });
  }
  return value;
}

/** The text parts of a consent upload, checked as they come. */
function consentFields(fields: Map<string, string>): NewConsent {
  const scopes = (fields.get('scopes') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (scopes.length === 0) throw new AppError('validation_failed', 'Välj minst ett ändamål (undervisning, publicering, forskning) (scopes).', { field: 'scopes' });
  const unknown = scopes.find((s) => !(CONSENT_SCOPES as readonly string[]).includes(s));
  if (unknown !== undefined) throw new AppError('validation_failed', 'Ändamålen är teaching, publication och research (scopes).', { field: 'scopes' });
  const validFrom = fields.get('validFrom');
  if (!validFrom) throw new AppError('validation_failed', 'Ange från vilket datum samtycket gäller (validFrom).', { field: 'validFrom' });
  const until = fields.get('validUntil')?.trim();
  const person = fields.get('person') ?? 'patient';
  if (person !== 'patient' && person !== 'bystander') throw new AppError('validation_failed', 'Personen är patient eller bystander (person).', { field: 'person' });
  const description = fields.get('personDescription')?.trim() ?? '';
  if (description.length > 200) throw new AppError('validation_failed', 'Beskrivningen av personen får vara högst 200 tecken (personDescription).', { field: 'personDescription' });
  const caseId = fields.get('caseId')?.trim();
  if (caseId !== undefined && caseId.length > 64) throw new AppError('validation_failed', 'Ärendet finns inte (caseId).', { field: 'caseId' });
  return {
    scopes: scopes as ConsentScope[],
    validFrom: calendarDay('validFrom', validFrom),
    validUntil: until ? calendarDay('validUntil', until) : null,
    person: person as ConsentPerson,
    personDescription: description || null,
    caseId: caseId || null,
  };
}

export const consentsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const staging = path.join(services.config.dataDir, 'consent-uploads');

  app.get('/api/patients/:id/consents', {
    schema: { tags: ['consents'], summary: "The patient's written consents (M8), the patient's own and bystanders', with their teaching copies counted", params: idParams, response: { 200: z.array(consent), ...errorResponses } },
  }, (request) => services.consents.list(request.ctx, request.params.id));

  app.post('/api/patients/:id/consents', {
    schema: {
      tags: ['consents'],
      summary:
        'Record a written consent (multipart/form-data): one part "file" (a PDF, kept as signed, or an image, cleaned as a photo), and text parts ' +
        '"scopes" (comma-separated teaching,publication,research), "validFrom" and optional "validUntil" (YYYY-MM-DD), "person" (patient or bystander), ' +
        '"personDescription" (required for a bystander) and optional "caseId". A file that is neither is refused 422 document_refused',
      params: idParams,
      consumes: ['multipart/form-data'],
      response: { 201: consent, 413: refusedBody, 415: refusedBody, 422: refusedBody, ...errorResponses },
    },
  }, async (request, reply) => {
    const fields = new Map<string, string>();
    await mkdir(staging, { recursive: true });
    const file = path.join(staging, randomUUID());
    try {
      const filename = await receiveFiles(
        request,
        {
          noFileMessage: 'Samtycket saknar dokument. Skicka det i en del med namnet "file".',
          fields: FIELDS,
          onField(name, text) {
            fields.set(name, text);
          },
        },
        async (files) => {
          let name: string | null = null;
          for await (const part of files) {
            if (name !== null) throw new AppError('validation_failed', 'Skicka ett dokument per samtycke (file).', { field: 'file' });
            name = part.filename;
            let size = 0;
            const limit = new Transform({
              transform(chunk: Buffer, _encoding, done) {
                size += chunk.length;
                done(size > CONSENT_DOCUMENT_MAX_BYTES ? new AppError('document_refused', 'Filen är större än 20 MB. Skanna samtycket med lägre upplösning (file).', { field: 'file' }) : null, chunk);
              },
            });
            await pipeline(part.stream, limit, createWriteStream(file));
            if (part.truncated()) throw new AppError('payload_too_large');
          }
          return name!;
        },
      );
      const created = await services.consents.create(request.ctx, request.params.id, consentFields(fields), { path: file, filename });
      return reply.status(201).send(created);
    } finally {
      await rm(file, { force: true });
    }
  });

  app.get('/api/patients/:id/consents/:consentId/document', {
    schema: { tags: ['consents'], summary: "The consent's document as stored (the PDF as signed or the cleaned image)", params: consentParams },
  }, async (request, reply) => {
    const doc = await services.consents.document(request.ctx, request.params.id, request.params.consentId);
    reply.header('cache-control', 'private, no-store').header('content-disposition', 'inline').header('content-length', doc.size).type(doc.mime);
    return reply.send(doc.stream);
  });

  app.post('/api/patients/:id/consents/:consentId/revoke', {
    schema: {
      tags: ['consents'],
      summary: 'Revoke a written consent from a date (not in the future): its teaching copies are withdrawn from their collections and their holders told',
      params: consentParams,
      body: z.strictObject({ revokedOn: day }),
      response: { 200: consent, ...errorResponses },
    },
  }, (request) => services.consents.revoke(request.ctx, request.params.id, request.params.consentId, calendarDay('revokedOn', request.body.revokedOn)));

  app.post('/api/collections/:id/media', {
    schema: {
      tags: ['consents'],
      summary:
        "Put a ready picture into a teaching collection (teaching.manage) under a written consent of the picture's patient that covers teaching today " +
        '(the one named, or any); 409 consent_required with a reason (none, scope, revoked, expired, not_yet_valid, not_found) otherwise. ' +
        BYSTANDERS_SUMMARY,
      params: idParams,
      body: z.strictObject({ mediaId: id, consentId: id.optional(), bystanders: shownBystanders }),
      response: {
        201: z.object({ id: z.string(), collectionId: z.string(), mediaId: z.string(), consentId: z.string(), bystanderConsentIds: z.array(z.string()).optional(), createdAt: z.string() }),
        ...errorResponses,
      },
    },
  }, async (request, reply) => reply.status(201).send(await services.consents.copyToCollection(request.ctx, request.params.id, request.body)));

  app.get('/api/collections/:id/media', {
    schema: {
      tags: ['consents'],
      summary: 'The pictures copied into a teaching collection and not withdrawn (case.read or teaching.manage in its department)',
      params: idParams,
      response: { 200: z.array(z.object({ id: z.string(), collectionId: z.string(), mediaId: z.string(), consentId: z.string(), createdAt: z.string() })), ...errorResponses },
    },
  }, (request) => services.consents.copies(request.ctx, request.params.id));

  app.get('/api/consent-notices', {
    schema: {
      tags: ['consents'],
      summary: 'Your notices of teaching copies withdrawn because their consent was revoked (collection and dates only)',
      response: { 200: z.array(z.object({ id: z.string(), createdAt: z.string(), collectionId: z.string(), collectionName: z.string(), revokedOn: z.string().nullable() })), ...errorResponses },
    },
  }, (request) => services.consents.notices(request.ctx));
};
