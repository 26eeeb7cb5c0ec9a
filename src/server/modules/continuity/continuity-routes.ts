import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { PROBE_KINDS } from './probe-state.js';
import { SYSTEM_STATUSES } from './status-graph.js';

const id = z.string().min(1).max(64);
const status = z.enum(SYSTEM_STATUSES, { error: `okänd status; välj en av ${SYSTEM_STATUSES.join(', ')}` });
const criticality = z
  .number({ error: 'ska vara ett tal: 1 (högst), 2 eller 3' })
  .int({ error: 'ska vara ett heltal: 1 (högst), 2 eller 3' })
  .min(1, { error: 'ska vara 1 (högst), 2 eller 3' })
  .max(3, { error: 'ska vara 1 (högst), 2 eller 3' })
  .describe('1 = most critical (patient safety at once), 3 = least');
const text = (max: number) => z.string().max(max, { error: `får vara högst ${max} tecken` });
const wholeNumber = (min: number, max: number, what: string) =>
  z
    .number({ error: `ska vara ett heltal ${min}–${max} (${what})` })
    .int({ error: `ska vara ett heltal ${min}–${max} (${what})` })
    .min(min, { error: `ska vara minst ${min} (${what})` })
    .max(max, { error: `får vara högst ${max} (${what})` });

const systemRef = z.object({ id: z.string(), name: z.string() });

const probe = z.object({
  kind: z.enum(PROBE_KINDS),
  target: z.string(),
  intervalSeconds: z.number().int(),
  failuresBeforeDown: z.number().int(),
  successesBeforeUp: z.number().int(),
  enabled: z.boolean(),
  consecutiveFailures: z.number().int(),
  consecutiveSuccesses: z.number().int(),
  lastCheckedAt: z.string().nullable(),
  lastOk: z.boolean().nullable(),
  lastError: z.string().nullable(),
});

const system = z.object({
  id: z.string(),
  isKasus: z.boolean().describe('Kasus itself: its status read_only puts Kasus in read-only mode'),
  name: z.string(),
  description: z.string().nullable(),
  vendor: z.string().nullable(),
  criticality: z.number().int(),
  owner: z.string().nullable(),
  serviceDeskContact: z.string().nullable(),
  dependsOn: z.array(z.string()).describe('Ids of the systems this one needs'),
  departmentIds: z.array(z.string()).describe('The departments that use the system: its notices go to them'),
  status: z.enum(SYSTEM_STATUSES),
  message: z.string().nullable().describe('The message to staff that came with the status'),
  startedAt: z.string().describe('When the current status began'),
  expectedEnd: z.string().nullable(),
  source: z.enum(['initial', 'manual', 'probe']),
  setBy: z.string().nullable(),
  setByName: z.string().nullable(),
  affected: z.boolean().describe('Something this system depends on, directly or not, is not operational'),
  affectedBy: z.array(systemRef.extend({ status: z.enum(SYSTEM_STATUSES) })).describe('Those systems, nearest first'),
  probe: probe.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const statusChange = z.object({
  id: z.string(),
  status: z.enum(SYSTEM_STATUSES),
  previousStatus: z.enum(SYSTEM_STATUSES).nullable(),
  message: z.string().nullable(),
  startedAt: z.string(),
  expectedEnd: z.string().nullable(),
  source: z.enum(['initial', 'manual', 'probe']),
  setBy: z.string().nullable(),
  setByName: z.string().nullable(),
  recordedAt: z.string(),
});

export const notice = z.object({
  id: z.string(),
  seq: z.number().int().describe('Orders notices; the event id in GET /api/events'),
  kind: z.enum(['outage', 'update', 'recovery']),
  system: systemRef.describe('The system whose status changed (the root of an outage)'),
  status: z.enum(SYSTEM_STATUSES),
  message: z.string().nullable(),
  startedAt: z.string(),
  expectedEnd: z.string().nullable(),
  affected: z.array(systemRef).describe('Every system that depends on it, directly or not, nearest first'),
  source: z.enum(['initial', 'manual', 'probe']),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  outageId: z.string().nullable().describe('For an update or recovery: the outage notice it follows'),
  closedAt: z.string().nullable().describe('For an outage: when it ended or was taken into an upstream outage'),
  mergedInto: z.string().nullable(),
  departments: z.array(systemRef).describe('The departments the notice concerns'),
});

const systemFields = {
  name: z.string().trim().min(1, { error: 'får inte vara tomt' }).max(200, { error: 'får vara högst 200 tecken' }),
  description: text(4000).nullable().optional(),
  vendor: text(200).nullable().optional(),
  criticality,
  owner: text(500).nullable().optional().describe('Who owns the system (förvaltare)'),
  serviceDeskContact: text(500).nullable().optional().describe('How to reach the service desk for it'),
  dependsOn: z.array(id).max(200).optional().describe('Ids of the systems this one needs'),
  departmentIds: z.array(id).max(500).optional().describe('The departments that use the system (its notices go to them)'),
};

const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

export const continuityRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { systemRegistry, systemStatuses, probes, notices } = services;

  app.get('/api/systems', {
    schema: {
      tags: ['continuity'],
      summary: 'The clinical systems with their status and what affects them (every logged-in user)',
      response: { 200: z.array(system), ...errorResponses },
    },
  }, (request) => systemRegistry.list(request.ctx));

  app.get('/api/systems/:id', {
    schema: { tags: ['continuity'], summary: 'One system with its status', params: idParams, response: { 200: system, ...errorResponses } },
  }, (request) => systemRegistry.get(request.ctx, request.params.id));

  app.post('/api/systems', {
    schema: {
      tags: ['continuity'],
      summary: 'Register a clinical system (continuity.manage); it starts operational',
      body: z.strictObject(systemFields),
      response: { 201: system, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await systemRegistry.create(request.ctx, request.body)));

  app.patch('/api/systems/:id', {
    schema: {
      tags: ['continuity'],
      summary: 'Change a system’s details or dependencies (continuity.manage); a dependency cycle is refused',
      params: idParams,
      body: z.strictObject({ ...systemFields, name: systemFields.name.optional(), criticality: criticality.optional() }),
      response: { 200: system, ...errorResponses },
    },
  }, (request) => systemRegistry.update(request.ctx, request.params.id, request.body));

  app.put('/api/systems/:id/status', {
    schema: {
      tags: ['continuity'],
      summary: 'Set a system’s status with a message to staff (continuity.manage); kept in the history, published as a notice',
      params: idParams,
      body: z.strictObject({
        status,
        message: text(2000).describe('What is happening and what staff should do; required unless operational'),
        startedAt: isoTime.optional().describe('When it began; now when left out'),
        expectedEnd: isoTime.nullable().optional(),
        expectedDurationMinutes: wholeNumber(1, 60 * 24 * 60, 'minuter').optional().describe('Instead of expectedEnd'),
      }),
      response: { 200: system, ...errorResponses },
    },
  }, (request) => systemStatuses.setStatus(request.ctx, request.params.id, request.body));

  app.get('/api/systems/:id/history', {
    schema: {
      tags: ['continuity'],
      summary: 'Every status the system has had, newest first',
      params: idParams,
      querystring: z.strictObject(pageQuery),
      response: { 200: z.object({ items: z.array(statusChange), total: z.number() }), ...errorResponses },
    },
  }, (request) => systemStatuses.history(request.ctx, request.params.id, request.query.page, request.query.pageSize));

  app.put('/api/systems/:id/probe', {
    schema: {
      tags: ['continuity'],
      summary: 'Add or change the system’s health probe (continuity.manage)',
      description:
        'http: a GET of the target URL must answer 2xx or 3xx; tcp: a connection to host:port must be accepted. ' +
        'After failuresBeforeDown failures in a row an operational system is set down; after successesBeforeUp successes in a row a system the probe set down is operational again. ' +
        'A status set by a duty officer is never changed by a probe.',
      params: idParams,
      body: z.strictObject({
        kind: z.enum(PROBE_KINDS, { error: 'välj http eller tcp' }),
        target: z.string().trim().min(1, { error: 'får inte vara tomt' }).max(2000).describe('http: a URL; tcp: host:port'),
        intervalSeconds: wholeNumber(1, 86_400, 'sekunder'),
        failuresBeforeDown: wholeNumber(1, 100, 'misslyckade kontroller i rad'),
        successesBeforeUp: wholeNumber(1, 100, 'lyckade kontroller i rad'),
        enabled: z.boolean().optional().describe('false keeps the probe configured without running it'),
      }),
      response: { 200: system, ...errorResponses },
    },
  }, (request) => probes.setProbe(request.ctx, request.params.id, request.body));

  app.delete('/api/systems/:id/probe', {
    schema: {
      tags: ['continuity'],
      summary: 'Remove the system’s health probe (continuity.manage)',
      params: idParams,
      response: { 200: system, ...errorResponses },
    },
  }, (request) => probes.removeProbe(request.ctx, request.params.id));

  app.get('/api/notices', {
    schema: {
      tags: ['continuity'],
      summary: 'Outage, update and recovery notices, newest first; one per upstream outage, naming every affected dependant',
      querystring: z.strictObject({
        ...pageQuery,
        systemId: id.optional(),
        open: z
          .enum(['true', 'false'])
          .optional()
          .transform((v) => v === 'true')
          .describe('Only outages that have not ended'),
      }),
      response: { 200: z.object({ items: z.array(notice), total: z.number() }), ...errorResponses },
    },
  }, (request) => {
    const { page, pageSize, systemId, open } = request.query;
    return notices.notices(request.ctx, { systemId, open }, page, pageSize);
  });
};
