import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { SYSTEM_STATUSES } from '../continuity/status-graph.js';
import { REMINDER_MAIL_NOT_SENT } from './routine-reminders-service.js';

const VERSION_STATES = ['draft', 'scheduled', 'in_force', 'expiring', 'expired', 'superseded'] as const;

const text = (max: number) => z.string().max(max, { error: `får vara högst ${max} tecken` });
const required = (max: number) => z.string().trim().min(1, { error: 'får inte vara tomt' }).max(max, { error: `får vara högst ${max} tecken` });
const id = z.string().min(1).max(64);
const status = z.enum(SYSTEM_STATUSES, { error: `okänd status; välj en av ${SYSTEM_STATUSES.join(', ')}` });

const clause = z.strictObject({
  systemId: id,
  statuses: z.array(status).min(1, { error: 'ange minst en status' }).max(SYSTEM_STATUSES.length),
  viaDependencies: z.boolean().optional().describe('Also holds when a system this one depends on (directly or not) has one of the statuses'),
});

const condition = z
  .strictObject({
    match: z.enum(['any', 'all'], { error: 'välj any (något av villkoren) eller all (alla villkoren)' }),
    clauses: z.array(clause).min(1, { error: 'ett scenario behöver minst ett villkor' }).max(50),
  })
  .describe('A condition over the systems’ statuses: any or all of the clauses');

const scenarioBody = z.strictObject({
  name: required(200),
  description: text(4000).nullable().optional(),
  priority: z.number({ error: 'ska vara ett heltal 0–1000' }).int({ error: 'ska vara ett heltal 0–1000' }).min(0, { error: 'ska vara minst 0' }).max(1000, { error: 'får vara högst 1000' }).optional().describe('Higher is shown first; default 0'),
  condition,
});

const scenario = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  priority: z.number().int(),
  condition: z.object({
    match: z.enum(['any', 'all']),
    clauses: z.array(z.object({ systemId: z.string(), statuses: z.array(z.enum(SYSTEM_STATUSES)), viaDependencies: z.boolean().optional() })),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const form = z.object({ name: z.string(), url: z.string().nullable() });
const contact = z.object({ name: z.string(), phone: z.string().nullable(), note: z.string().nullable(), contactId: z.string().nullable() });

const version = z.object({
  version: z.number().int(),
  state: z.enum(VERSION_STATES),
  title: z.string(),
  scenarioId: z.string(),
  scenarioName: z.string().nullable(),
  systemIds: z.array(z.string()),
  steps: z.array(z.string()),
  forms: z.array(form),
  contacts: z.array(contact),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  reviewer: z.string(),
  approver: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  changeNote: z.string(),
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedByName: z.string().nullable(),
});

const routine = z.object({
  id: z.string(),
  documentId: z.string(),
  state: z.enum(VERSION_STATES).describe('expiring: in force but ends within KASUS_ROUTINE_REMINDER_DAYS; expired: its last version in force has ended'),
  versionInForce: z.number().int().nullable(),
  latestVersion: z.number().int(),
  latest: version,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const routineDetail = routine.extend({ versions: z.array(version).describe('Every version, newest first') });

const reminder = z.object({
  id: z.string(),
  routineId: z.string(),
  documentId: z.string(),
  version: z.number().int(),
  ownerId: z.string(),
  kind: z.enum(['expiring', 'expired']),
  validTo: z.string(),
  createdAt: z.string(),
  title: z.string().nullable().describe('The reminded version’s title'),
  open: z.boolean().describe('Still needs the owner’s attention: the reminded version is current and no approved successor takes over in time'),
  currentKind: z.enum(['expiring', 'expired']).nullable().describe('While open: expiring or expired now (null once no longer open)'),
  mail: z
    .object({
      outcome: z.enum(['sent', ...REMINDER_MAIL_NOT_SENT]).describe('sent, or why no e-mail was sent'),
      to: z.string().nullable().describe('The address it was sent to'),
      at: z.string(),
    })
    .nullable()
    .describe('What became of the e-mail to the owner; null until it has been tried'),
});

const content = {
  title: required(300),
  scenarioId: id,
  systemIds: z.array(id).max(100).optional(),
  steps: z
    .array(required(2000))
    .min(1, { error: 'en rutin behöver minst ett steg' })
    .max(100, { error: 'får ha högst 100 steg' })
    .describe('The steps, in order'),
  forms: z.array(z.strictObject({ name: required(300), url: text(2000).nullable().optional() })).max(50).optional().describe('Forms to use, e.g. the paper referral'),
  contacts: z
    .array(z.strictObject({ name: required(300), phone: text(100).nullable().optional(), note: text(1000).nullable().optional(), contactId: text(64).nullable().optional() }))
    .max(50)
    .optional(),
  ownerId: id.describe('The user who owns the routine (reminded before it expires)'),
  reviewer: required(300),
  approver: required(300),
  validFrom: isoTime,
  validTo: isoTime,
};

const withValidity = <T extends z.ZodType<{ validFrom: string; validTo: string }>>(schema: T) =>
  schema.refine((b) => Date.parse(b.validTo) > Date.parse(b.validFrom), { error: 'giltig till ska ligga efter giltig från', path: ['validTo'] });

export const routinesRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { scenarios, routines, routineReminders, routinesInForce } = services;

  app.get('/api/scenarios', {
    schema: { tags: ['continuity'], summary: 'Downtime scenarios: named conditions over the systems’ statuses', response: { 200: z.array(scenario), ...errorResponses } },
  }, (request) => scenarios.scenarios(request.ctx));

  app.post('/api/scenarios', {
    schema: { tags: ['continuity'], summary: 'Add a scenario (continuity.manage)', body: scenarioBody, response: { 201: scenario, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await scenarios.createScenario(request.ctx, request.body)));

  app.put('/api/scenarios/:id', {
    schema: { tags: ['continuity'], summary: 'Change a scenario (continuity.manage)', params: idParams, body: scenarioBody, response: { 200: scenario, ...errorResponses } },
  }, (request) => scenarios.updateScenario(request.ctx, request.params.id, request.body));

  app.get('/api/routines', {
    schema: {
      tags: ['continuity'],
      summary: 'Downtime routines with their state (every logged-in user)',
      querystring: z.strictObject({
        state: z.enum(VERSION_STATES).optional(),
        scenarioId: id.optional(),
        systemId: id.optional(),
        at: isoTime.optional().describe('Evaluate validity at this instant instead of now'),
      }),
      response: { 200: z.array(routine), ...errorResponses },
    },
  }, (request) => routines.list(request.ctx, request.query));

  app.get('/api/routines/reminders', {
    schema: {
      tags: ['continuity'],
      summary: 'Expiry reminders of the routines the logged-in user owns, newest first',
      querystring: z.strictObject({
        open: z.enum(['true', 'false']).optional().describe('true: only the reminders that still need attention (no approved successor yet)'),
      }),
      response: { 200: z.array(reminder), ...errorResponses },
    },
  }, (request) => routineReminders.myReminders(request.ctx, { open: request.query.open === 'true' }));

  app.get('/api/routines/:id', {
    schema: { tags: ['continuity'], summary: 'One routine with every version', params: idParams, response: { 200: routineDetail, ...errorResponses } },
  }, (request) => routines.get(request.ctx, request.params.id));

  app.post('/api/routines', {
    schema: {
      tags: ['continuity'],
      summary: 'Add a routine as a controlled document, version 1, not yet approved (continuity.manage)',
      body: withValidity(z.strictObject({ documentId: required(64).describe('e.g. RUT-PACS-001'), ...content, changeNote: text(2000).optional() })),
      response: { 201: routineDetail, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await routines.create(request.ctx, request.body)));

  app.put('/api/routines/:id', {
    schema: {
      tags: ['continuity'],
      summary: 'Make a new version of a routine with a change note (continuity.manage); earlier versions are kept, the approved one stays in force until the new one is approved',
      params: idParams,
      body: withValidity(z.strictObject({ ...content, changeNote: required(2000) })),
      response: { 200: routineDetail, ...errorResponses },
    },
  }, (request) => routines.update(request.ctx, request.params.id, request.body));

  app.post('/api/routines/:id/approve', {
    schema: {
      tags: ['continuity'],
      summary: 'Approve the latest version of a routine (continuity.manage)',
      params: idParams,
      body: z.strictObject({ version: z.number().int().min(1).optional().describe('The version reviewed; refused with 409 when it is not the latest') }).nullish(),
      response: { 200: routineDetail, ...errorResponses },
    },
  }, (request) => routines.approve(request.ctx, request.params.id, request.body?.version));

  app.get('/api/continuity/in-force', {
    schema: {
      tags: ['continuity'],
      summary: 'The scenarios in force now, from the systems’ current statuses, most important first, each with its routines in force and their steps',
      response: {
        200: z.object({
          at: z.string(),
          scenarios: z.array(
            z.object({
              scenario,
              matchedBy: z.array(
                z.object({ systemId: z.string(), systemName: z.string(), status: z.enum(SYSTEM_STATUSES), via: z.object({ id: z.string(), name: z.string() }).nullable() }),
              ),
              routines: z.array(version.extend({ routineId: z.string(), documentId: z.string() })),
            }),
          ),
        }),
        ...errorResponses,
      },
    },
  }, (request) => routinesInForce.inForce(request.ctx));
};
