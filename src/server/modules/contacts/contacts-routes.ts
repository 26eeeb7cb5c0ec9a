import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParams, INVALID_DATE_PARAMS, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { CONTACT_KINDS, parseClock } from './contact-rules.js';

const text = (max: number) => z.string().max(max, { error: `får vara högst ${max} tecken` });
// A clock time that exists (00:00–23:59, and 24:00 for the end of the day); anything else is 400 invalid_date naming the field.
const clock = z
  .string()
  .max(5)
  .refine((v) => parseClock(v) !== null, { message: 'ska vara en tid som finns, TT:MM, t.ex. 07:30 (24:00 = dygnets slut)', params: INVALID_DATE_PARAMS });

const window = z.strictObject({
  days: z
    .array(z.number().int().min(1, { error: 'veckodagar 1 (måndag) till 7 (söndag)' }).max(7, { error: 'veckodagar 1 (måndag) till 7 (söndag)' }))
    .min(1, { error: 'ange minst en veckodag' })
    .max(7)
    .describe('ISO weekdays: 1 = Monday … 7 = Sunday; for a window crossing midnight, the day it starts'),
  from: clock.describe('Local time, inclusive'),
  to: clock.describe('Local time, exclusive; not after `from` means the window ends the next day'),
});

const contact = z.object({
  id: z.string(),
  site: z.string(),
  function: z.string(),
  label: z.string().nullable(),
  kind: z.enum(CONTACT_KINDS),
  number: z.string(),
  validity: z.array(z.object({ days: z.array(z.number().int()), from: z.string(), to: z.string() })),
  priority: z.number().int(),
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const contactFields = {
  site: text(200).describe('The hospital or site, e.g. "Centralsjukhuset"'),
  function: text(200).describe('E.g. "IT-servicedesk", "Röntgenexpeditionen", "Jour systemförvaltning"'),
  label: text(200).nullable().optional().describe('E.g. "Dagtid", "Jour", "Natt"'),
  kind: z.enum(CONTACT_KINDS, { error: 'välj phone, fax eller email' }),
  number: text(200).describe('The phone or fax number, or the e-mail address'),
  validity: z.array(window).max(50).optional().describe('When the number is valid, in the configured time zone; empty or left out: always'),
  priority: z.number().int().min(1, { error: 'ska vara 1 eller mer' }).max(99, { error: 'får vara högst 99' }).optional().describe('Lower is called first when several are valid (default 1)'),
  note: text(2000).nullable().optional(),
};

export const callNow = z.object({
  at: z.string(),
  timeZone: z.string(),
  local: z.object({ date: z.string(), time: z.string(), weekday: z.number().int(), offset: z.string() }),
  contacts: z.array(contact),
});

export const contactsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const contacts = services.contacts;

  app.get('/api/contacts', {
    schema: { tags: ['continuity'], summary: 'The contacts directory (every logged-in user)', response: { 200: z.array(contact), ...errorResponses } },
  }, (request) => contacts.list(request.ctx));

  app.get('/api/contacts/now', {
    schema: {
      tags: ['continuity'],
      summary: 'Who do I call now? The numbers valid at this moment (or at `at`), first to call first',
      description: 'Validity windows are read in the configured time zone (KASUS_TIME_ZONE), daylight saving included.',
      querystring: z.strictObject({
        site: text(200).optional(),
        function: text(200).optional(),
        at: isoTime.optional().describe('Another instant than now, e.g. 2026-11-23T14:31:00Z'),
      }),
      response: { 200: callNow, ...errorResponses },
    },
  }, (request) => contacts.now(request.ctx, { site: request.query.site, function: request.query.function }, request.query.at));

  app.get('/api/contacts/:id', {
    schema: { tags: ['continuity'], summary: 'One contact', params: idParams, response: { 200: contact, ...errorResponses } },
  }, (request) => contacts.get(request.ctx, request.params.id));

  app.post('/api/contacts', {
    schema: {
      tags: ['continuity'],
      summary: 'Add a number to the directory (continuity.manage)',
      body: z.strictObject(contactFields),
      response: { 201: contact, ...errorResponses },
    },
  }, async (request, reply) => reply.status(201).send(await contacts.create(request.ctx, request.body)));

  app.patch('/api/contacts/:id', {
    schema: {
      tags: ['continuity'],
      summary: 'Change a contact (continuity.manage)',
      params: idParams,
      body: z.strictObject({ ...contactFields, site: contactFields.site.optional(), function: contactFields.function.optional(), kind: contactFields.kind.optional(), number: contactFields.number.optional() }),
      response: { 200: contact, ...errorResponses },
    },
  }, (request) => contacts.update(request.ctx, request.params.id, request.body));

  app.delete('/api/contacts/:id', {
    schema: { tags: ['continuity'], summary: 'Remove a contact (continuity.manage)', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await contacts.delete(request.ctx, request.params.id);
    return reply.status(204).send(null);
  });
};
