import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fastSerializerCompiler } from '../../http/fast-serializer.js';
import { errorResponses, idParams, isoDayOrTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { annotationShape } from '../annotations/annotation-shapes.js';
import { formField } from '../forms/forms-fields.js';
import { mediaView } from '../media/media-schemas.js';

const id = z.string().min(1).max(64);
const status = z.enum(['draft', 'signed']);
const formValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const localized = z.object({ sv: z.string(), nb: z.string().optional(), en: z.string().optional() });
const formNameTranslations = z.object({ nb: z.string().optional(), en: z.string().optional() }).describe("The form's name in nb and en, when the form has them");

const caseSummary = z.object({
  id: z.string(),
  patientId: z.string().nullable(),
  collectionId: z.string().nullable(),
  departmentId: z.string(),
  formVersionId: z.string().nullable(),
  status,
  version: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
});

const caseForm = z.object({ id: z.string(), name: z.string(), nameTranslations: formNameTranslations, versionId: z.string(), version: z.number(), fields: z.array(formField) }).nullable();

/** GET /api/cases/{id} (exported for the serializer's test). */
export const caseDetail = caseSummary.extend({
  patient: z.object({ id: z.string(), identifier: z.string(), type: z.string(), confidential: z.boolean() }).nullable(),
  collection: z.object({ id: z.string(), name: z.string() }).nullable(),
  form: caseForm,
  values: z.record(z.string(), formValue),
  media: z.array(mediaView),
  signedByName: z.string().nullable(),
  annotations: z
    .array(z.object({ mediaId: z.string(), shapes: z.array(annotationShape) }))
    .optional()
    .describe("The annotation layers of its images in this version, images without shapes left out (GET /api/cases/{id} only; also on the offline read copy)"),
});

const listItem = z.union([
  caseSummary.extend({
    confidential: z.literal(false),
    formName: z.string().nullable(),
    formNameTranslations,
    signedByName: z.string().nullable(),
    thumbnailMediaId: z.string().nullable().describe('The first file with a thumbnail (GET /api/media/{id}/thumbnail), null when none has one'),
    capturedAt: z.string().nullable().describe('The earliest capture time of its files'),
  }),
  z
    .object({ id: z.string(), confidential: z.literal(true), departmentId: z.string(), createdAt: z.string() })
    .describe('A confidential patient\'s case: shown only as "Konfidentiellt" until opened in an emergency'),
]);

/** GET /api/cases (exported for the serializer's test). */
export const caseList = z.object({ items: z.array(listItem), total: z.number(), totalIsLowerBound: z.boolean(), page: z.number(), pageSize: z.number() });

const versionSummary = z.object({
  version: z.number(),
  status,
  current: z.boolean(),
  signedBy: z.string().nullable(),
  signedByName: z.string().nullable(),
  signedAt: z.string().nullable(),
});

const versionView = versionSummary.extend({ form: caseForm, values: z.record(z.string(), formValue), media: z.array(mediaView) });

const shapeSummary = z.object({ id: z.string(), type: z.enum(['arrow', 'ellipse', 'freehand', 'text', 'calibration', 'measure']), text: z.string().nullable() });

const comparison = z.object({
  from: z.number(),
  to: z.number(),
  fields: z.array(z.object({ key: z.string(), label: localized, before: formValue.nullable(), after: formValue.nullable() })),
  mediaAdded: z.array(z.string()),
  mediaRemoved: z.array(z.string()),
  captionsChanged: z.array(z.object({ mediaId: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  orderChanged: z.boolean(),
  annotations: z
    .array(z.object({ mediaId: z.string(), added: z.array(shapeSummary), removed: z.array(shapeSummary), changed: z.array(shapeSummary) }))
    .describe('Annotation shapes added, removed or changed, per image both versions hold'),
  media: z.array(mediaView).describe('Every item either version holds'),
});

const collection = z.object({
  id: z.string(),
  departmentId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  caseCount: z.number(),
  createdAt: z.string(),
});

const timeline = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      departmentId: z.string(),
      formName: z.string().nullable(),
      formNameTranslations,
      status: z.string(),
      version: z.number(),
      createdAt: z.string(),
      fields: z.array(z.object({ key: z.string(), label: localized, values: z.array(localized) })).describe('Short form values to filter by (choices by their labels)'),
    }),
  ),
  images: z.array(
    z.object({
      mediaId: z.string(),
      caseId: z.string(),
      capturedAt: z.string().nullable(),
      createdAt: z.string(),
      caption: z.string().nullable(),
      width: z.number().nullable(),
      height: z.number().nullable(),
    }),
  ),
  hiddenConfidential: z.number(),
  truncated: z.boolean(),
});

const dayOrTime = isoDayOrTime;
const versionNumber = z.coerce.number().int().min(1).max(1_000_000);
const mediaParams = z.strictObject({ id, mediaId: id });
const expectedVersion = z.number().int().min(1).optional().describe('The version the change was made on; refused with case_changed if the case has moved on');

export const casesRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.post('/api/cases', {
    schema: {
      tags: ['cases'],
      summary: 'Create a draft case for a patient (or in a teaching collection) in a department',
      description:
        'Give patientId and departmentId, or collectionId for teaching material without a patient. Without formId the department\'s only form is used; a department with several forms needs formId.',
      body: z.strictObject({ patientId: id.optional(), collectionId: id.optional(), departmentId: id.optional(), formId: id.optional() }),
      response: { 201: caseSummary, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.cases.lifecycle.create(request.ctx, request.body)));

  app.get('/api/cases', {
    // The hottest read routes (issue 20): see fastSerializerCompiler.
    serializerCompiler: fastSerializerCompiler,
    schema: {
      tags: ['cases'],
      summary: 'Search cases you may read, newest first',
      description:
        'q matches whole words in the form\'s text fields and the captions (every word must occur). Dates are whole days (YYYY-MM-DD) or ISO times; to is inclusive for days. total is counted up to 1000; totalIsLowerBound says there are more.',
      querystring: z.strictObject({
        patientId: id.optional(),
        departmentId: id.optional(),
        collectionId: id.optional(),
        formId: id.optional(),
        status: status.optional(),
        signedBy: id.optional(),
        from: dayOrTime.optional(),
        to: dayOrTime.optional(),
        q: z.string().max(200).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: {
        200: caseList,
        ...errorResponses,
      },
    },
  }, (request) => {
    const { page, pageSize, ...query } = request.query;
    return services.cases.reads.search(request.ctx, query, page, pageSize);
  });

  app.get('/api/cases/:id', {
    serializerCompiler: fastSerializerCompiler,
    schema: { tags: ['cases'], summary: 'A case with its form, values and media (its latest version)', params: idParams, response: { 200: caseDetail, ...errorResponses } },
  }, (request) => services.cases.reads.view(request.ctx, request.params.id));

  app.patch('/api/cases/:id', {
    schema: {
      tags: ['cases'],
      summary: 'Change form values of a draft (null clears a field); required fields may stay empty until signing',
      params: idParams,
      body: z.strictObject({ values: z.record(z.string().max(40), formValue.nullable()), version: expectedVersion }),
      response: { 200: caseDetail, ...errorResponses },
    },
  }, (request) => services.cases.lifecycle.update(request.ctx, request.params.id, request.body));

  app.post('/api/cases/:id/sign', {
    schema: {
      tags: ['cases'],
      summary: 'Sign the draft: it is locked and kept as a version',
      params: idParams,
      body: z.strictObject({ version: expectedVersion }).nullish(),
      response: { 200: caseDetail, ...errorResponses },
    },
  }, (request) => services.cases.lifecycle.sign(request.ctx, request.params.id, request.body?.version));

  app.post('/api/cases/:id/versions', {
    schema: {
      tags: ['cases'],
      summary: 'Start a new editable version of a signed case',
      params: idParams,
      response: { 200: caseDetail, ...errorResponses },
    },
  }, (request) => services.cases.lifecycle.newVersion(request.ctx, request.params.id));

  app.get('/api/cases/:id/versions', {
    schema: { tags: ['cases'], summary: 'The case\'s versions, newest first', params: idParams, response: { 200: z.array(versionSummary), ...errorResponses } },
  }, (request) => services.cases.reads.versions(request.ctx, request.params.id));

  app.get('/api/cases/:id/versions/:version', {
    schema: {
      tags: ['cases'],
      summary: 'One version of the case as it was signed (or the current draft)',
      params: z.strictObject({ id, version: versionNumber }),
      response: { 200: versionView, ...errorResponses },
    },
  }, (request) => services.cases.reads.version(request.ctx, request.params.id, request.params.version));

  app.get('/api/cases/:id/compare', {
    schema: {
      tags: ['cases'],
      summary: 'Differences between two versions: form fields, media added or removed, captions, order',
      params: idParams,
      querystring: z.strictObject({ from: versionNumber, to: versionNumber }),
      response: { 200: comparison, ...errorResponses },
    },
  }, (request) => services.cases.reads.compare(request.ctx, request.params.id, request.query.from, request.query.to));

  app.patch('/api/cases/:id/media/:mediaId', {
    schema: {
      tags: ['cases'],
      summary: 'Caption a file of the draft (null or empty removes the caption)',
      params: mediaParams,
      body: z.strictObject({ caption: z.string().max(2000).nullable() }),
      response: { 200: caseDetail, ...errorResponses },
    },
  }, (request) => {
    const caption = request.body.caption?.trim() || null;
    return services.cases.lifecycle.setCaption(request.ctx, request.params.id, request.params.mediaId, caption);
  });

  app.delete('/api/cases/:id/media/:mediaId', {
    schema: {
      tags: ['cases'],
      summary: 'Remove a file from the draft (signed versions keep it)',
      params: mediaParams,
      response: { 200: caseDetail, ...errorResponses },
    },
  }, (request) => services.cases.lifecycle.removeMedia(request.ctx, request.params.id, request.params.mediaId));

  app.put('/api/cases/:id/media-order', {
    schema: {
      tags: ['cases'],
      summary: 'Put the draft\'s files in a new order (all of them, each once)',
      params: idParams,
      body: z.strictObject({ mediaIds: z.array(id).max(10_000) }),
      response: { 200: caseDetail, ...errorResponses },
    },
  }, (request) => services.cases.lifecycle.reorderMedia(request.ctx, request.params.id, request.body.mediaIds));

  app.get('/api/patients/:id/timeline', {
    schema: {
      tags: ['cases'],
      summary: "A patient's images across the cases you may read, newest capture first",
      description:
        'The same rights as the case list: departments where you hold case.read; a confidential patient\'s cases are left out (counted in hiddenConfidential) unless opened in an emergency. At most 2000 images (truncated says there were more).',
      params: idParams,
      response: { 200: timeline, ...errorResponses },
    },
  }, (request) => services.cases.timeline.timeline(request.ctx, request.params.id));

  app.get('/api/collections', {
    schema: {
      tags: ['cases'],
      summary: 'Teaching collections of the departments you work in',
      querystring: z.strictObject({ departmentId: id.optional() }),
      response: { 200: z.array(collection), ...errorResponses },
    },
  }, (request) => services.cases.collections.list(request.ctx, request.query.departmentId));

  app.post('/api/collections', {
    schema: {
      tags: ['cases'],
      summary: 'Create a teaching collection in a department (teaching.manage)',
      body: z.strictObject({ departmentId: id, name: z.string().trim().min(1).max(200), description: z.string().max(2000).optional() }),
      response: { 201: collection, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.cases.collections.create(request.ctx, request.body)));
};
