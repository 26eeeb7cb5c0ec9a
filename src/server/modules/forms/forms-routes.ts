import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { formField, MAX_FIELDS, textTranslations } from './forms-fields.js';

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000);
const departmentIds = z.array(id).max(500);
const nameTranslations = textTranslations(200).describe('The name in Norwegian bokmål (nb) and English (en); a language left out shows the Swedish name');
const descriptionTranslations = textTranslations(2000).describe('The description in nb and en; a language left out shows the Swedish description');

/**
 * Field definitions in a request. They are checked by the service rather than here, so that an
 * error names the field (`field: "fields.2.options"`) in Swedish; their shape is `FormField`.
 */
const fieldsInput = z
  .array(z.record(z.string(), z.unknown()))
  .max(MAX_FIELDS)
  .describe(
    'The custom fields in order, each shaped like FormField (key, label {sv, nb?, en?}, type, required, help?, options? for choice types, min?/max? for number, maxLength? for text). The capture facts are added first automatically and their keys cannot be reused.',
  );

const formVersion = z.object({
  id: z.string().describe('The form version id cases refer to'),
  formId: z.string(),
  version: z.number().int(),
  fields: z.array(formField).describe('Every field in order, the capture facts first'),
  changeNote: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});

const formSummary = z.object({
  id: z.string(),
  name: z.string().describe('The Swedish name'),
  nameTranslations,
  description: z.string().nullable(),
  descriptionTranslations,
  active: z.boolean(),
  forensic: z.boolean().describe('Every image of its cases must show the patient identifier (M5)'),
  currentVersion: z.number().int(),
  departmentIds: z.array(z.string()),
  updatedAt: z.string(),
});

const formDetail = z.object({
  id: z.string(),
  name: z.string().describe('The Swedish name'),
  nameTranslations,
  description: z.string().nullable(),
  descriptionTranslations,
  active: z.boolean(),
  forensic: z.boolean().describe('Every image of its cases must show the patient identifier (M5)'),
  createdAt: z.string(),
  updatedAt: z.string(),
  departments: z.array(z.object({ id: z.string(), name: z.string() })),
  currentVersion: formVersion,
  versions: z.array(
    z.object({
      id: z.string(),
      version: z.number().int(),
      createdAt: z.string(),
      createdBy: z.string(),
      createdByName: z.string().nullable(),
      changeNote: z.string().nullable(),
    }),
  ),
  captureFactKeys: z.array(z.string()),
});

export const formsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  app.get('/api/forms', {
    schema: {
      tags: ['forms'],
      summary: 'List active case forms, optionally only those shared with a department',
      querystring: z.strictObject({
        departmentId: id.optional(),
        includeInactive: z
          .enum(['true', 'false'])
          .optional()
          .transform((v) => v === 'true')
          .describe('Also inactive forms (form.manage)'),
      }),
      response: { 200: z.array(formSummary), ...errorResponses },
    },
  }, (request) => services.forms.list(request.ctx, request.query));

  app.get('/api/forms/:id', {
    schema: {
      tags: ['forms'],
      summary: 'A form with its current version, departments and version history',
      params: idParams,
      response: { 200: formDetail, ...errorResponses },
    },
  }, (request) => services.forms.get(request.ctx, request.params.id));

  app.get('/api/forms/:id/versions/:version', {
    schema: {
      tags: ['forms'],
      summary: 'One version of a form, as cases written with it see it',
      params: z.strictObject({ id, version: z.coerce.number().int().min(1).max(1_000_000) }),
      response: { 200: formVersion, ...errorResponses },
    },
  }, (request) => services.forms.getVersion(request.ctx, request.params.id, request.params.version));

  app.post('/api/forms', {
    schema: {
      tags: ['forms'],
      summary: 'Create a case form with its first version (form.manage)',
      body: z.strictObject({
        name,
        nameTranslations: nameTranslations.optional(),
        description: description.optional(),
        descriptionTranslations: descriptionTranslations.optional(),
        forensic: z.boolean().optional().describe('A forensic form: every image must show the patient identifier'),
        fields: fieldsInput,
        departmentIds,
        changeNote: z.string().max(2000).optional(),
      }),
      response: { 201: formDetail, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await services.forms.create(request.ctx, request.body)));

  app.put('/api/forms/:id', {
    schema: {
      tags: ['forms'],
      summary: 'Save changed fields as a new version of the form (form.manage); 409 when nothing changed',
      params: idParams,
      body: z.strictObject({ fields: fieldsInput, changeNote: z.string().trim().min(1).max(2000) }),
      response: { 200: formDetail, ...errorResponses },
    },
  }, (request) => services.forms.newVersion(request.ctx, request.params.id, request.body));

  app.patch('/api/forms/:id', {
    schema: {
      tags: ['forms'],
      summary: 'Rename, describe, deactivate or share a form with departments, without a new version (form.manage)',
      params: idParams,
      body: z.strictObject({
        name: name.optional(),
        nameTranslations: nameTranslations.optional().describe('Replaces both translations of the name; {} removes them'),
        description: description.nullable().optional(),
        descriptionTranslations: descriptionTranslations.optional().describe('Replaces both translations of the description; {} removes them'),
        active: z.boolean().optional(),
        forensic: z.boolean().optional().describe('A forensic form: every image must show the patient identifier'),
        departmentIds: departmentIds.optional(),
      }),
      response: { 200: formDetail, ...errorResponses },
    },
  }, (request) => services.forms.update(request.ctx, request.params.id, request.body));
};
