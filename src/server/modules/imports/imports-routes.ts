import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { receiveFiles } from '../media/multipart-files.js';
import type { StagePart } from './imports-service.js';

const refusal = z.object({ filename: z.string(), code: z.string(), message: z.string(), existingId: z.string().optional() });
const identifier = z.object({ normalized: z.string(), type: z.string(), formatted: z.string(), samePatient: z.boolean() });
const importFile = z.object({
  id: z.string(),
  filename: z.string(),
  kind: z.enum(['image', 'video', 'audio']),
  sizeBytes: z.number(),
  capturedAt: z.string().nullable().describe('Read from the file before it is cleaned'),
  camera: z.string().nullable(),
  ocr: z.string().describe('read, pending (not needed: not the first or last image of its session) or not_run (no OCR installed)'),
  identifier: identifier.nullable().describe('The patient identifier read on the image (an identity image)'),
  session: z.number().int(),
});
const problem = z
  .object({
    code: z.enum(['multiple_sessions', 'other_patient', 'identity_series_incomplete', 'forensic_identity_missing', 'identity_not_read']),
    sessions: z.number().int().optional(),
    session: z.number().int().optional(),
    missingStart: z.boolean().optional(),
    missingEnd: z.boolean().optional(),
    fileIds: z.array(z.string()).optional(),
    identifiers: z.array(z.object({ normalized: z.string(), type: z.string(), formatted: z.string().optional() })).optional(),
  })
  .describe('other_patient stops the import; multiple_sessions needs split; the others are flagged on the case');
export const importView = z.object({
  id: z.string(),
  caseId: z.string(),
  createdAt: z.string(),
  forensic: z.boolean().describe("The case's form is forensic: every image must show the identifier"),
  files: z.array(importFile),
  sessions: z.array(
    z.object({
      index: z.number().int(),
      fileIds: z.array(z.string()),
      firstCapturedAt: z.string().nullable(),
      lastCapturedAt: z.string().nullable(),
      camera: z.string().nullable(),
      identityAtStart: z.boolean(),
      identityAtEnd: z.boolean(),
    }),
  ),
  problems: z.array(problem),
});
const stageResult = z.object({ files: z.array(importFile), refused: z.array(refusal) });
const commitResult = z.object({
  cases: z.array(z.object({ caseId: z.string(), session: z.number().int(), added: z.number().int() })),
  added: z.number().int(),
  refused: z.array(refusal),
  flags: z.array(z.object({ caseId: z.string(), code: z.string(), count: z.number().int() })),
});
export const caseImportFlag = z.object({
  id: z.string(),
  code: z.enum(['identity_series_incomplete', 'forensic_identity_missing']),
  createdAt: z.string(),
  mediaIds: z.array(z.string()),
  filenames: z.array(z.string()),
  missingStart: z.boolean().optional(),
  missingEnd: z.boolean().optional(),
});

export const importsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post('/api/cases/:id/imports', {
    schema: {
      tags: ['media'],
      summary: 'Begin a card import into the case (rights as an upload); files are staged and analysed before anything is added',
      params: idParams,
      response: { 201: z.object({ id: z.string() }), ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.imports.create(request.ctx, request.params.id)));

  app.post('/api/imports/:id/files', {
    schema: {
      tags: ['media'],
      summary: 'Stage files of a card import (multipart/form-data, parts named "file"); capture time and camera are read before anything is stripped',
      params: idParams,
      consumes: ['multipart/form-data'],
      response: { 200: stageResult, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
    },
  }, async (request) => {
    return receiveFiles<Awaited<ReturnType<Services['imports']['stage']>>, StagePart>(
      request,
      { noFileMessage: 'Begäran innehåller ingen fil. Skicka filerna som delar med namnet "file".' },
      (files) => services.imports.stage(request.ctx, request.params.id, files),
    );
  });

  app.get('/api/imports/:id', {
    schema: {
      tags: ['media'],
      summary: "A staged card import: its files in capture-time order, the capture sessions, identity images read, and what is wrong with the card",
      params: idParams,
      response: { 200: importView, ...errorResponses },
    },
  }, (request) => services.imports.get(request.ctx, request.params.id));

  app.post('/api/imports/:id/commit', {
    schema: {
      tags: ['media'],
      summary: 'Add the staged files to the case (409 import_multiple_sessions unless split; 409 import_other_patient stops the import)',
      params: idParams,
      body: z.strictObject({ split: z.boolean().optional().describe('Each capture session into its own new draft case for the same patient (the first into this case)') }).optional(),
      response: { 200: commitResult, ...errorResponses },
    },
  }, (request) => services.imports.commit(request.ctx, request.params.id, request.body ?? {}));

  app.delete('/api/imports/:id', {
    schema: { tags: ['media'], summary: 'Discard a staged import: nothing of it is kept', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await services.imports.discard(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/cases/:id/import-flags', {
    schema: {
      tags: ['cases'],
      summary: 'What card imports flagged on the case: series without identity images at start and end, forensic images without one',
      params: idParams,
      response: { 200: z.object({ items: z.array(caseImportFlag) }), ...errorResponses },
    },
  }, async (request) => ({ items: await services.imports.flagsOf(request.ctx, request.params.id) }));
};
