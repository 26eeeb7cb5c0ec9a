import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, isoTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { REPORT_LANGUAGES } from './report-text.js';

const id = z.string().min(1).max(64);
const lang = z.enum(REPORT_LANGUAGES).default('sv').describe('Language of the CSV and PDF headings');

const reportRow = z.object({
  seq: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  userDisplayName: z.string().nullable(),
  role: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  patientIdentifier: z.string().nullable().describe('As people write it (19121212-1212)'),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  reason: z.string().nullable().describe('The reason the event holds (an emergency opening’s, a print’s), else null'),
});

const counts = {
  cases: z.number(),
  media: z.number(),
  storageBytes: z.number().describe('Bytes of the media added in the period, originals and derivatives'),
  printsExports: z.number(),
  emergencyOpenings: z.number(),
  consents: z.number().describe('Written consents recorded in the period'),
};

/** Starts a streamed download after its first chunk, so that a refusal still answers as JSON. */
async function download(reply: FastifyReply, rows: AsyncGenerator<string>, type: string, filename: string) {
  const first = await rows.next();
  reply.type(type).header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store');
  return reply.send(Readable.from((async function* () {
    if (!first.done) yield first.value;
    yield* rows;
  })()));
}

/** A finished file (the PDF), sent past the JSON response schema. */
function sendFile(reply: FastifyReply, body: Buffer, type: string, filename: string) {
  return reply.type(type).header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(body);
}

export const reportsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const stamp = () => services.clock.now().toISOString().slice(0, 10);

  app.get('/api/reports/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Log report: the audit log by department, user, patient, action and period, or the emergency openings with their reasons',
      description: 'Needs audit.read (department-scoped unless global). format=json answers a page, newest first; csv (streamed, UTF-8 with BOM, formula-defused cells) and pdf hold every event oldest first (the PDF at most 5,000). One audit.report event per request.',
      querystring: z.strictObject({
        kind: z.enum(['events', 'emergency']).default('events'),
        userId: id.optional(),
        patientId: id.optional(),
        departmentId: id.optional(),
        action: z.string().min(1).max(64).optional(),
        from: isoTime.optional(),
        to: isoTime.optional(),
        format: z.enum(['json', 'csv', 'pdf']).default('json'),
        lang,
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: {
        200: z.object({
          items: z.array(reportRow),
          total: z.number().describe('How many events match, counted up to 10,000; when totalIsLowerBound is true, more than this many match'),
          totalIsLowerBound: z.boolean().describe('true when counting stopped at total (more events match); the CSV holds every matching event'),
          page: z.number(),
          pageSize: z.number(),
          timeZone: z.string(),
        })
          .describe('format=json; format=csv answers text/csv and format=pdf application/pdf'),
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const { format, lang: language, page, pageSize, ...filter } = request.query;
    if (format === 'csv') {
      return download(reply, services.reports.auditCsv(request.ctx, filter, language), 'text/csv; charset=utf-8', `kasus-${filter.kind === 'emergency' ? 'emergency-openings' : 'log-report'}-${stamp()}.csv`);
    }
    if (format === 'pdf') {
      const pdf = await services.reports.auditPdf(request.ctx, filter, language);
      return sendFile(reply, Buffer.from(pdf), 'application/pdf', `kasus-${filter.kind === 'emergency' ? 'emergency-openings' : 'log-report'}-${stamp()}.pdf`);
    }
    return services.reports.auditPage(request.ctx, filter, page, pageSize);
  });

  app.get('/api/statistics', {
    schema: {
      tags: ['audit'],
      summary: 'Statistics per department and month: cases, media, storage, prints and exports, emergency openings, written consents',
      description: 'Needs statistics.read (department-scoped unless global). A written consent given for a case counts in the case\'s department; one for the whole patient under departmentId "" (seen only with a global right). The period defaults to the last twelve months. Months are calendar months in the hospital\'s time zone (KASUS_TIME_ZONE). format=csv answers text/csv, one line per department and month. One statistics.report event per request.',
      querystring: z.strictObject({
        from: isoTime.optional(),
        to: isoTime.optional(),
        departmentId: id.optional(),
        format: z.enum(['json', 'csv']).default('json'),
        lang,
      }),
      response: {
        200: z.object({
          from: z.string(),
          to: z.string(),
          cells: z.array(z.object({ departmentId: z.string(), departmentName: z.string(), month: z.string(), ...counts })),
          departments: z.array(z.object({ departmentId: z.string(), departmentName: z.string(), ...counts })),
          months: z.array(z.object({ month: z.string(), ...counts })),
          totals: z.object(counts),
        }).describe('format=json; format=csv answers text/csv'),
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const { format, lang: language, ...rest } = request.query;
    const now = services.clock.now();
    const to = rest.to ?? now.toISOString();
    const from = rest.from ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString();
    const query = { from, to, ...(rest.departmentId ? { departmentId: rest.departmentId } : {}) };
    if (format === 'csv') return download(reply, services.reports.statisticsCsv(request.ctx, query, language), 'text/csv; charset=utf-8', `kasus-statistics-${stamp()}.csv`);
    return services.reports.statistics(request.ctx, query);
  });
};
