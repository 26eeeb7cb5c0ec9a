import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { callNow } from '../contacts/contacts-routes.js';
import { COMPETENCES, LANGUAGES, PLACEHOLDERS } from './incident-format.js';
import { LEVELS, PRIORITIES } from './incident-priority.js';
import { INCIDENT_STATUSES } from './incident-views.js';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max, { error: `får vara högst ${max} tecken` });
const count = (what: string) =>
  z
    .number({ error: `ska vara ett heltal (${what})` })
    .int({ error: `ska vara ett heltal (${what})` })
    .min(0, { error: `kan inte vara negativt (${what})` })
    .max(1_000_000)
    .nullable()
    .optional();
const level = (what: string) => z.enum(LEVELS, { error: `välj high, medium eller low (${what})` });
const status = z.enum(INCIDENT_STATUSES, { error: 'välj open, acknowledged eller resolved' });

const template = z.strictObject({
  subject: text(500).describe(`Placeholders: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`),
  body: text(10_000),
});
const templates = z.strictObject({ sv: template.optional(), nb: template.optional(), en: template.optional() });
const templateOut = z.object({ subject: z.string(), body: z.string() });

const serviceDesk = z.object({
  id: z.string(),
  name: z.string(),
  webhookUrl: z.string().nullable().describe('Shown to those with continuity.manage only'),
  hasWebhook: z.boolean(),
  email: z.string().nullable(),
  contactFunction: z.string().nullable().describe('The contacts function phoned about its incidents'),
  templates: z.object({ sv: templateOut.optional(), nb: templateOut.optional(), en: templateOut.optional() }),
  effectiveTemplates: z.object({ sv: templateOut, nb: templateOut, en: templateOut }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const serviceDeskFields = {
  name: text(200),
  webhookUrl: text(2000).nullable().optional().describe('Receives each report as a JSON POST'),
  email: text(320).nullable().optional().describe('Receives each report as e-mail (needs KASUS_SMTP_URL)'),
  contactFunction: text(200).nullable().optional(),
  templates: templates.optional().describe('Subject and body per language; a language left out uses the built-in template'),
};

const ref = z.object({ id: z.string(), name: z.string() });

const summary = z.object({
  id: z.string(),
  number: z.number().int(),
  system: ref,
  department: ref.extend({ hsaId: z.string() }),
  serviceDesk: ref.nullable(),
  site: z.string().nullable(),
  description: z.string(),
  priority: z.enum(PRIORITIES),
  status: z.enum(INCIDENT_STATUSES),
  serviceDeskCaseNumber: z.string().nullable(),
  reportedBy: ref,
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

const incident = summary.extend({
  affected: z.object({ users: z.number().nullable(), pcs: z.number().nullable(), servers: z.number().nullable() }),
  competence: z.array(z.enum(COMPETENCES)),
  contactName: z.string(),
  contactMobile: z.string(),
  impact: z.enum(LEVELS),
  urgency: z.enum(LEVELS),
  language: z.enum(LANGUAGES),
  message: templateOut.describe('The report as formatted for the service desk'),
  deliveries: z.array(
    z.object({
      id: z.string(),
      channel: z.enum(['webhook', 'email']),
      target: z.string(),
      status: z.enum(['pending', 'sent', 'failed']),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      sentAt: z.string().nullable(),
    }),
  ),
  timeline: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['reported', 'comment', 'status', 'case_number', 'delivered', 'delivery_failed', 'not_sent']),
      status: z.enum(INCIDENT_STATUSES).nullable(),
      message: z.string().nullable(),
      by: ref.nullable(),
      at: z.string(),
    }),
  ),
  callNext: callNow.describe('Who to phone next: the contacts valid now for the site and the service desk’s function'),
});

export const incidentsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { serviceDesks, incidentReports, incidents } = services;

  app.get('/api/service-desks', {
    schema: { tags: ['continuity'], summary: 'Service desks that receive urgent incident reports (every logged-in user)', response: { 200: z.array(serviceDesk), ...errorResponses } },
  }, (request) => serviceDesks.list(request.ctx));

  app.post('/api/service-desks', {
    schema: {
      tags: ['continuity'],
      summary: 'Register a service desk with its webhook and/or e-mail and its templates (continuity.manage)',
      body: z.strictObject(serviceDeskFields),
      response: { 201: serviceDesk, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await serviceDesks.create(request.ctx, request.body)));

  app.patch('/api/service-desks/:id', {
    schema: {
      tags: ['continuity'],
      summary: 'Change a service desk (continuity.manage)',
      params: idParams,
      body: z.strictObject({ ...serviceDeskFields, name: serviceDeskFields.name.optional() }),
      response: { 200: serviceDesk, ...errorResponses },
    },
  }, (request) => serviceDesks.update(request.ctx, request.params.id, request.body));

  app.get('/api/incidents', {
    schema: {
      tags: ['continuity'],
      summary: 'Urgent incidents of the departments where the caller may report them (all with continuity.manage), newest first',
      querystring: z.strictObject({
        status: status.optional(),
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: { 200: z.object({ items: z.array(summary), total: z.number() }), ...errorResponses },
    },
  }, (request) => incidents.list(request.ctx, { status: request.query.status }, request.query.page, request.query.pageSize));

  app.post('/api/incidents', {
    schema: {
      tags: ['continuity'],
      summary: 'File an urgent incident report for a criticality-1 system (incident.report in the department); it is sent to the service desk',
      description: 'Priority from impact × urgency: high/high P1; high/medium and medium/high P2; high/low, medium/medium and low/high P3; the rest P4.',
      body: z.strictObject({
        systemId: id,
        departmentId: id,
        serviceDeskId: id.optional().describe('Needed when more than one service desk is registered'),
        site: text(200).nullable().optional().describe('Where the fault is; also picks the contacts to phone'),
        description: text(4000).describe('Description of the fault'),
        affectedUsers: count('affectedUsers'),
        affectedPcs: count('affectedPcs'),
        affectedServers: count('affectedServers'),
        competence: z.array(z.enum(COMPETENCES, { error: 'välj onsite_technical, clinical_applications eller server_group' })).max(3).describe('Competence needed'),
        contactName: text(200),
        contactMobile: z.string().regex(/^\+?[0-9][0-9 ()-]{4,24}$/, { error: 'ange ett mobilnummer, t.ex. 070-123 45 67' }),
        impact: level('impact').describe('high: several departments or the whole hospital; medium: one department or a group; low: one user or workstation'),
        urgency: level('urgency').describe('high: care stopped or patient safety at risk now; medium: care hampered, routine works a while; low: can wait'),
        language: z.enum(LANGUAGES).optional().describe('The UI language; the report is worded in it (default sv)'),
      }),
      response: { 201: incident, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await incidentReports.report(request.ctx, request.body)));

  app.get('/api/incidents/:id', {
    schema: { tags: ['continuity'], summary: 'An incident with its formatted message, deliveries, timeline and who to phone next', params: idParams, response: { 200: incident, ...errorResponses } },
  }, (request) => incidents.get(request.ctx, request.params.id));

  app.post('/api/incidents/:id/updates', {
    schema: {
      tags: ['continuity'],
      summary: 'Add an update to the timeline, possibly with a new status',
      params: idParams,
      body: z.strictObject({ message: text(4000), status: status.optional() }),
      response: { 201: incident, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await incidents.addUpdate(request.ctx, request.params.id, request.body)));

  app.patch('/api/incidents/:id', {
    schema: {
      tags: ['continuity'],
      summary: 'Record the service desk’s case number and/or change the status (open, acknowledged, resolved)',
      params: idParams,
      body: z.strictObject({ serviceDeskCaseNumber: text(100).nullable().optional(), status: status.optional(), message: text(4000).optional() }),
      response: { 200: incident, ...errorResponses },
    },
  }, (request) => incidents.update(request.ctx, request.params.id, request.body));
};
