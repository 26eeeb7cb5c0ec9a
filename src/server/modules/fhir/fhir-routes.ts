import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mapError } from '../../http/error-handler.js';
import { AppError } from '../../http/errors.js';
import { idParams, parseStrictDateTime } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { IDENTIFIER_SYSTEMS } from './fhir-identifiers.js';
import {
  auditEventResource,
  consentResource,
  documentReferenceResource,
  mediaResource,
  patientResource,
  searchset,
  type Resource,
} from './fhir-resources.js';
import type { MediaResourceKind, Page } from './fhir-service.js';
import { FHIR_BASE_PATH, FHIR_JSON, operationOutcome } from './operation-outcome.js';

/**
 * The FHIR R4 read API (issue 15, I2), registered under /fhir/R4. Authenticated as the REST API is
 * (Authorization: Bearer with a Kasus API token, or the session cookie; a POST by cookie needs
 * X-CSRF-Token); answers and errors are application/fhir+json, errors as OperationOutcome with the
 * HTTP status of the REST API's error. Patient identifiers travel in POST Patient/_search's body;
 * GET Patient?identifier= answers only when KASUS_FHIR_IDENTIFIER_IN_URL=true.
 */

const resource = (type: string) => z.object({ resourceType: z.literal(type) }).loose().describe(`An R4 ${type} (application/fhir+json)`);
const bundle = z.object({ resourceType: z.literal('Bundle'), type: z.literal('searchset') }).loose().describe('An R4 Bundle of type searchset');
const outcome = z
  .object({ resourceType: z.literal('OperationOutcome'), issue: z.array(z.object({ severity: z.string(), code: z.string(), diagnostics: z.string() }).loose()) })
  .loose()
  .describe("An R4 OperationOutcome: the issue's type follows the status, details.coding carries Kasus's error code, diagnostics the message");
const outcomes = { 400: outcome, 401: outcome, 403: outcome, 404: outcome } as const;

const format = z.enum(['json', 'application/json', 'application/fhir+json']).optional().describe('Only JSON is served');
/** A patient reference as FHIR search parameters give it: `Patient/{id}` or the bare id. */
const patientReference = z.string().max(80).describe('Patient/{id} or {id}: Kasus’s id of the patient');
const count = z.coerce.number().int().min(1).max(1000).optional().describe('Matches per page (default 100; audit events 50, at most 500)');
const pageNumber = z.coerce.number().int().min(1).max(1_000_000).optional().describe('The page, from 1');

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

function patientIdOf(reference: string | undefined): string {
  if (reference === undefined) throw new AppError('validation_failed', 'Ange patienten: patient=Patient/{id} (Kasus id för patienten).', { field: 'patient' });
  const id = reference.startsWith('Patient/') ? reference.slice('Patient/'.length) : reference;
  if (!FHIR_ID.test(id)) throw new AppError('validation_failed', 'patient ska vara Patient/{id} med Kasus id för patienten.', { field: 'patient' });
  return id;
}

/** The period of `date=geYYYY-MM-DD&date=le…` (ge, gt, le, lt, eq or no prefix) as the audit list's from and to. */
function period(values: string | string[] | undefined): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  for (const value of values === undefined ? [] : Array.isArray(values) ? values : [values]) {
    const match = /^(ge|gt|le|lt|eq)?(.+)$/.exec(value);
    const instant = match ? parseStrictDateTime(match[2]!) : null;
    if (!match || !instant) {
      throw new AppError('invalid_date', 'date ska vara ett datum eller en tidpunkt som finns, med prefixet ge, gt, le, lt eller eq, t.ex. date=ge2026-11-22.', { field: 'date' });
    }
    const day = /^\d{4}-\d{2}-\d{2}$/.test(match[2]!);
    const end = new Date(instant.getTime() + (day ? 86_400_000 - 1 : 0)).toISOString();
    const prefix = match[1] ?? 'eq';
    if (prefix === 'ge' || prefix === 'gt' || prefix === 'eq') out.from = instant.toISOString();
    if (prefix === 'le' || prefix === 'lt' || prefix === 'eq') out.to = end;
  }
  return out;
}

/** Form-encoded search parameters as an object; a parameter given twice becomes a list (and is refused by the schema). */
function parseForm(text: string): Record<string, string | string[]> {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(text)) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  return Object.fromEntries([...grouped].map(([key, values]) => [key, values.length === 1 ? values[0]! : values]));
}

export const fhirRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { fhir, config } = services;
  /** Where links point: KASUS_PUBLIC_URL, or the address the request came to. */
  const baseOf = (request: FastifyRequest) => (config.publicUrl ? config.publicUrl.replace(/\/+$/, '') : `${request.protocol}://${request.host}`);
  /** The request's own address with the page changed (for the next link). */
  const linkTo = (request: FastifyRequest, changes: Record<string, string> = {}, keepQuery = true) => {
    const [path, query = ''] = request.url.split('?', 2) as [string, string?];
    const params = new URLSearchParams(keepQuery ? query : '');
    for (const [key, value] of Object.entries(changes)) params.set(key, value);
    const text = params.toString();
    return `${baseOf(request)}${path}${text ? `?${text}` : ''}`;
  };
  /** Sends a resource as application/fhir+json (the handler then returns nothing). */
  const send = (reply: FastifyReply, body: Resource | ReturnType<typeof operationOutcome>, status = 200): void => {
    void reply.status(status).type(FHIR_JSON).send(body);
  };

  // Errors as OperationOutcome with the REST API's status (the one mapping of errors, http/error-handler.ts).
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = mapError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="Kasus"');
    return reply.status(status).type(FHIR_JSON).send(operationOutcome(status, String(body.code), String(body.message)));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type(FHIR_JSON)
      .send(operationOutcome(404, 'not_found', `${request.method} ${request.url.split('?')[0]} finns inte i Kasus FHIR-API. Det som finns står i ${FHIR_BASE_PATH}/metadata.`)),
  );
  // Search parameters come form-encoded (FHIR's own POST _search) or as JSON; FHIR's JSON type is JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, parseForm(String(body))));
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.get('/metadata', {
    schema: { tags: ['fhir'], summary: 'FHIR R4 CapabilityStatement: what this FHIR API serves (no sign-in needed)', querystring: z.strictObject({ _format: format, mode: z.literal('full').optional() }), response: { 200: resource('CapabilityStatement'), ...outcomes } },
  }, (request, reply) => send(reply, capabilityStatement(baseOf(request), fhir.now(), config.fhirIdentifierInUrl)));

  const patientSearch = async (request: FastifyRequest, reply: FastifyReply, identifier: string) => {
    const base = baseOf(request);
    const rows = await fhir.searchPatients(request.ctx, identifier);
    const today = fhir.today();
    // The self link never repeats the identifier.
    return send(reply, searchset(rows.map((row) => patientResource(row, today)), { base, self: `${base}${FHIR_BASE_PATH}/Patient`, total: rows.length, now: fhir.now(), readable: true }));
  };

  app.post('/Patient/_search', {
    schema: {
      tags: ['fhir'],
      summary:
        'Search patients by identifier (form-encoded or JSON body: identifier=system|value), so the identifier stays out of the URL. Systems: ' +
        `${Object.values(IDENTIFIER_SYSTEMS).flat().join(', ')}, a reservnummer region's urn:oid, or none (any)`,
      consumes: ['application/x-www-form-urlencoded', 'application/fhir+json', 'application/json'],
      querystring: z.strictObject({ _format: format }),
      body: z.strictObject({ identifier: z.string().min(1).max(200), _format: format }),
      response: { 200: bundle, ...outcomes },
    },
  }, (request, reply) => patientSearch(request, reply, request.body.identifier));

  app.get('/Patient', {
    schema: {
      tags: ['fhir'],
      summary: 'Search patients by identifier in the URL: only when KASUS_FHIR_IDENTIFIER_IN_URL=true; otherwise 400 (use POST /fhir/R4/Patient/_search)',
      querystring: z.strictObject({ identifier: z.string().min(1).max(200).optional(), _format: format }),
      response: { 200: bundle, ...outcomes },
    },
  }, (request, reply) => {
    if (!config.fhirIdentifierInUrl) {
      const message =
        'Sök patienter med POST /fhir/R4/Patient/_search och identifier=system|värde i kroppen: i Kasus står patientidentiteter aldrig i adresser (de hamnar i loggar). Sökning i adressen är avstängd (KASUS_FHIR_IDENTIFIER_IN_URL).';
      return send(reply, operationOutcome(400, 'identifier_in_url', message), 400);
    }
    if (request.query.identifier === undefined) throw new AppError('validation_failed', 'Ange identifier=system|värde.', { field: 'identifier' });
    return patientSearch(request, reply, request.query.identifier);
  });

  app.get('/Patient/:id', {
    schema: { tags: ['fhir'], summary: 'A patient by Kasus’s id, with the rights of GET /api/patients/{id}', params: idParams, querystring: z.strictObject({ _format: format }), response: { 200: resource('Patient'), ...outcomes } },
  }, async (request, reply) => send(reply, patientResource(await fhir.readPatient(request.ctx, request.params.id), fhir.today())));

  const mediaRoutes = (kind: MediaResourceKind, make: typeof mediaResource) => {
    const name = kind === 'Media' ? 'media item' : 'media item as a document';
    app.get(`/${kind}`, {
      schema: {
        tags: ['fhir'],
        summary: `A patient's ${name}s (${kind}) in the cases the caller may read, newest first; each links to its file at GET /api/media/{id}/original`,
        querystring: z.strictObject({ patient: patientReference.optional(), subject: patientReference.optional(), _count: count, _page: pageNumber, _format: format }),
        response: { 200: bundle, ...outcomes },
      },
    }, async (request, reply) => {
      const page: Page = { page: request.query._page ?? 1, count: request.query._count ?? 100 };
      const patientId = patientIdOf(request.query.patient ?? request.query.subject);
      const { rows, more } = await fhir.searchMedia(request.ctx, kind, patientId, page);
      const base = baseOf(request);
      return send(
        reply,
        searchset(rows.map((row) => make(row, base)), {
          base,
          self: linkTo(request),
          ...(more ? { next: linkTo(request, { _page: String(page.page + 1), _count: String(page.count) }) } : { total: (page.page - 1) * page.count + rows.length }),
          now: fhir.now(),
          readable: true,
        }),
      );
    });
    app.get(`/${kind}/:id`, {
      schema: { tags: ['fhir'], summary: `One ${name} (${kind}), with the rights of GET /api/media/{id}`, params: idParams, querystring: z.strictObject({ _format: format }), response: { 200: resource(kind), ...outcomes } },
    }, async (request, reply) => send(reply, make(await fhir.readMedia(request.ctx, kind, request.params.id), baseOf(request))));
  };
  mediaRoutes('Media', mediaResource);
  mediaRoutes('DocumentReference', documentReferenceResource);

  app.get('/Consent', {
    schema: {
      tags: ['fhir'],
      summary: "A patient's written consents (Consent), with the rights and audit of GET /api/patients/{id}/consents; each links to its document",
      querystring: z.strictObject({ patient: patientReference.optional(), _format: format }),
      response: { 200: bundle, ...outcomes },
    },
  }, async (request, reply) => {
    const views = await services.consents.list(request.ctx, patientIdOf(request.query.patient));
    const base = baseOf(request);
    return send(reply, searchset(views.map((view) => consentResource(view, base)), { base, self: linkTo(request), total: views.length, now: fhir.now(), readable: false }));
  });

  app.get('/AuditEvent', {
    schema: {
      tags: ['fhir'],
      summary: 'Audit events (AuditEvent) for audit readers, newest first, with the rights and audit of GET /api/audit: by patient, date (ge/le) and subtype (Kasus action)',
      querystring: z.strictObject({
        patient: patientReference.optional(),
        date: z.union([z.string().max(40), z.array(z.string().max(40)).max(2)]).optional(),
        subtype: z.string().max(64).optional(),
        _count: z.coerce.number().int().min(1).max(500).optional(),
        _page: pageNumber,
        _format: format,
      }),
      response: { 200: bundle, ...outcomes },
    },
  }, async (request, reply) => {
    const query = {
      ...(request.query.patient !== undefined ? { patientId: patientIdOf(request.query.patient) } : {}),
      ...(request.query.subtype !== undefined ? { action: request.query.subtype.replace(/^urn:kasus:audit-action\|/, '') } : {}),
      ...period(request.query.date),
    };
    const page: Page = { page: request.query._page ?? 1, count: request.query._count ?? 50 };
    const { items, total } = await services.audit.list(request.ctx, query, page.page, page.count);
    const base = baseOf(request);
    const more = page.page * page.count < total;
    return send(
      reply,
      searchset(items.map(auditEventResource), {
        base,
        self: linkTo(request),
        ...(more ? { next: linkTo(request, { _page: String(page.page + 1), _count: String(page.count) }) } : {}),
        total,
        now: fhir.now(),
        readable: false,
      }),
    );
  });
};

/** What this server serves, as an R4 CapabilityStatement. */
function capabilityStatement(base: string, now: string, identifierInUrl: boolean): Resource {
  const token = (name: string, documentation: string) => ({ name, type: 'token', documentation });
  const reference = (name: string) => ({ name, type: 'reference', documentation: 'Patient/{id}: Kasus’s id of the patient' });
  const paging = [
    { name: '_count', type: 'number', documentation: 'Matches per page' },
    { name: '_page', type: 'number', documentation: 'The page, from 1 (the Bundle’s next link leads on)' },
  ];
  const media = (type: string) => ({
    type,
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    searchParam: [reference('patient'), reference('subject'), ...paging],
    documentation: 'Photos, videos and audio recordings of cases; content.url leads to GET /api/media/{id}/original (the same rights check and audit)',
  });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now,
    publisher: 'Kasus',
    kind: 'instance',
    software: { name: 'Kasus', version: '0.1.0' },
    implementation: { description: 'Kasus clinical media archive: FHIR R4 read API', url: `${base}${FHIR_BASE_PATH}` },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Read only. Rights, confidentiality, emergency opening and audit as in Kasus’s REST API; a record the caller may not see is answered as a missing one.',
        security: { description: 'Authorization: Bearer with a Kasus API token (POST /api/tokens), or a Kasus session (cookie; a POST needs X-CSRF-Token).' },
        resource: [
          {
            type: 'Patient',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: [
              token(
                'identifier',
                `system|value with the systems ${Object.values(IDENTIFIER_SYSTEMS).flat().join(', ')} or a reservnummer region's urn:oid; ` +
                  (identifierInUrl ? 'by POST Patient/_search or in the URL.' : 'by POST Patient/_search only (identifiers never in URLs).'),
              ),
            ],
          },
          media('Media'),
          media('DocumentReference'),
          { type: 'Consent', interaction: [{ code: 'search-type' }], searchParam: [reference('patient')], documentation: 'Written consents (M8); sourceAttachment.url leads to the document' },
          {
            type: 'AuditEvent',
            interaction: [{ code: 'search-type' }],
            searchParam: [reference('patient'), { name: 'date', type: 'date', documentation: 'ge/gt/le/lt/eq' }, token('subtype', 'Kasus’s action, e.g. case.read'), ...paging],
            documentation: 'For audit readers (audit.read)',
          },
        ],
      },
    ],
  };
}
