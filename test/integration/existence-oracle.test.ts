import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURGE_REASON_KINDS } from '../../src/server/modules/purge/purge-service.js';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Standing guard (DESIGN §3.2, issue 21): refusals do not reveal whether a record exists. For
 * every route in /api/openapi.json with a path parameter, a made-up id and the id of an existing
 * record the caller may not see get byte-identical answers: status, body and headers. The routes
 * are read from the OpenAPI document, so a new route is walked without being listed here; a new
 * kind of record (a new first path segment or parameter name) makes this test fail until a record
 * of that kind is made below, or the route is put on SKIP with a reason.
 */

/** Routes not walked, each with the reason. */
const SKIP: Record<string, string> = {};

/** Routes whose refusal comes before the id is looked at for every body this test can make (so equal trivially). */
const NOT_REACHED: Record<string, string> = {
  'GET /api/offline-copy/sync/parts/{name}': "a workstation's sync token only: every user session is refused (401) before the name is read; src/server/modules/offline-copy tests the workstations' answers",
  'POST /api/patients/{id}/consents': 'a multipart form whose fields (scopes, validity, person) this test does not make; src/server/modules/consents/consents.int.test.ts checks who may record one',
};

/**
 * Lists filtered by the caller's rights, keyed by a record (as `GET /api/cases?patientId=` is by a
 * query): a record with nothing the caller may see and a made-up id answer the same empty 200.
 */
const FILTERED_LISTS: Record<string, string> = {
  'GET /api/patients/{id}/timeline': "the patient's images in the cases the caller may read; none visible and nobody answer alike",
};

/**
 * Records every logged-in user may read by design: shared reference data, not patient data. Here
 * the existing record must be shown (200) and a made-up id refused (404), which this test checks.
 */
const READABLE_BY_ALL: Record<string, string> = {
  'GET /api/forms/{id}': 'forms are shared by departments; capture needs them (M13)',
  'GET /api/forms/{id}/versions/{version}': 'old cases keep their form version; every reader needs it (M13)',
  'GET /api/systems/{id}': 'the systems registry is shown to all staff (C1)',
  'GET /api/systems/{id}/history': 'status history is shown to all staff (C2)',
  'GET /api/routines/{id}': 'downtime routines are for all staff (C3)',
  'GET /api/contacts/{id}': 'the contacts directory is for all staff (C6)',
};

/** Headers that differ between any two answers (time, the request's own id) and say nothing about the record. */
const VOLATILE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'x-request-id']);

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number | boolean;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
};

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const REASON_TEXT = 'Akut behov av bilderna vid operation';
/** A kind of working material a purge may remove. */
const PURGE_KIND = PURGE_REASON_KINDS[0];

/** A value the schema accepts, as plain as possible, so that a request gets past validation to the id. */
function sample(schema: JsonSchema | undefined, key = '', full = false): unknown {
  if (!schema) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice) return sample(choice.find((s) => s.type !== 'null') ?? choice[0], key, full);
  if (schema.allOf) return sample(Object.assign({}, ...schema.allOf) as JsonSchema, key, full);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'boolean':
      return true;
    case 'integer':
    case 'number': {
      const min = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : (schema.minimum ?? 1);
      return Math.max(min, 1);
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, key, full));
    case 'object': {
      const out: Record<string, unknown> = {};
      // The required properties, or (full) every property.
      for (const name of full ? Object.keys(schema.properties ?? {}) : (schema.required ?? [])) out[name] = sample(schema.properties?.[name], name, full);
      return out;
    }
    default: {
      if (schema.format === 'date-time') return '2026-01-15T08:00:00.000Z';
      if (schema.format === 'date') return '2026-01-15';
      if (schema.format === 'email') return 'stina@sjukhus.example';
      if (schema.format === 'uri' || schema.format === 'url') return 'https://sjukhus.example/';
      if (/^(to|validTo|until)$/.test(key)) return '2026-12-31';
      if (/^(from|validFrom|at|since)$/.test(key) || /(On|Date)$/.test(key)) return '2026-01-15';
      let text = REASON_TEXT;
      if (schema.maxLength !== undefined) text = text.slice(0, Math.max(schema.maxLength, 1));
      if (schema.minLength !== undefined && text.length < schema.minLength) text = text.padEnd(schema.minLength, ' ord');
      return text;
    }
  }
}

/** A multipart body with one small JPEG part named "file" (for upload routes). */
async function multipart(): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 10, b: 10 } } }).jpeg().toBuffer();
  const boundary = 'kasusoracleboundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="bild.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`),
    jpeg,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function comparableHeaders(response: LightMyRequestResponse): Record<string, unknown> {
  return Object.fromEntries(Object.entries(response.headers).filter(([name]) => !VOLATILE_HEADERS.has(name.toLowerCase())));
}

/** The headers whose values differ, with both values; '' when none do. */
function headerDifference(a: LightMyRequestResponse, b: LightMyRequestResponse): string {
  const [x, y] = [comparableHeaders(a), comparableHeaders(b)];
  const names = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((n) => JSON.stringify(x[n]) !== JSON.stringify(y[n]));
  return names.map((n) => `header ${n}: ${JSON.stringify(x[n])} / ${JSON.stringify(y[n])}`).join(', ');
}

describe.each(testDialects())('no existence oracle on %s', (dialect) => {
  let t: TestApp;
  /** The ids of existing records the callers may not see, by the kind a path parameter names. */
  const records: Record<string, string[]> = {};
  let callers: Session[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.login('admin');
    const doctor = await t.login('lakare');
    // A nurse of dermatology only, and the log operator (no case rights at all).
    callers = [await t.login('skoterska'), await t.login('logg')];
    const db = t.services.database.db;
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;

    // Surgery's records: an ordinary case with a photo, signed and versioned, and a confidential patient's case.
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    const secret = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19640823-3234' })).json().id as string;
    const formId = (await t.as(admin, 'POST', '/api/forms', { name: 'Orakeltest', fields: [], departmentIds: [surgery] })).json().id as string;
    const caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId: patient, departmentId: surgery, formId })).json().id as string;
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 90, g: 80, b: 120 } } }).jpeg().toBuffer();
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/kasus-oracle-`)}/bild.jpg`;
    writeFileSync(file, photo);
    const capture = { purpose_explained: 'Uppföljning', oral_consent: true, identity_verified_by: 'known_to_staff', captured_by: 'Lars Läkare' };
    expect((await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: capture })).statusCode).toBe(200);
    const upload = await t.upload(doctor, caseId, [{ path: file }]);
    expect(upload.status, JSON.stringify(upload.body)).toBe(200);
    const mediaId = upload.body.items[0].id as string;
    const signed = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect((await t.as(doctor, 'POST', `/api/cases/${caseId}/versions`)).statusCode).toBe(200);
    const secretCreated = await t.as(doctor, 'POST', '/api/cases', { patientId: secret, departmentId: surgery, formId });
    expect(secretCreated.statusCode, secretCreated.body).toBe(201);
    const secretCase = secretCreated.json().id as string;
    const sysadmin = await t.login('sysadmin');
    expect((await t.as(sysadmin, 'POST', `/api/patients/${secret}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt Skatteverket' })).statusCode).toBe(200);

    // Continuity records of surgery: an outage with a backlog item, an urgent incident.
    const systems = (await t.as(admin, 'GET', '/api/systems')).json() as { id: string; name: string }[];
    const systemId = systems[0]!.id;
    expect((await t.as(admin, 'PUT', `/api/systems/${systemId}/status`, { status: 'down', message: 'Använd pappersremiss.', expectedDurationMinutes: 60 })).statusCode).toBe(200);
    const outageId = ((await t.as(admin, 'GET', `/api/notices?systemId=${systemId}`)).json().items as { id: string; kind: string }[]).find((n) => n.kind === 'outage')!.id;
    const backlog = await t.as(doctor, 'POST', '/api/backlog', { outageId, departmentId: surgery, patientId: patient, kind: 'paper_referral', description: 'Remiss till röntgen' });
    expect(backlog.statusCode, backlog.body).toBe(201);
    const incident = await t.as(doctor, 'POST', '/api/incidents', {
      systemId,
      departmentId: surgery,
      description: 'Journalen går inte att öppna.',
      competence: ['clinical_applications'],
      contactName: 'Lars Läkare',
      contactMobile: '+46 70 765 43 21',
      impact: 'high',
      urgency: 'medium',
      ...(((await t.as(admin, 'GET', '/api/service-desks')).json() as { id: string }[]).length > 1
        ? { serviceDeskId: ((await t.as(admin, 'GET', '/api/service-desks')).json() as { id: string }[])[0]!.id }
        : {}),
    });
    expect(incident.statusCode, incident.body).toBe(201);
    const token = await t.as(doctor, 'POST', '/api/tokens', { name: 'Läkarens skript' });
    expect(token.statusCode, token.body).toBe(201);

    // A backup workstation of surgery (issue 13), with an age recipient of its own.
    const { generateIdentity, identityToRecipient } = await import('age-encryption');
    const workstation = await t.as(sysadmin, 'POST', '/api/offline-copy/workstations', {
      name: 'Reservdator Kirurgen',
      publicKey: await identityToRecipient(await generateIdentity()),
      departmentIds: [surgery],
    });
    expect(workstation.statusCode, workstation.body).toBe(201);

    const first = async (table: 'form' | 'clinical_system' | 'scenario' | 'routine' | 'contact' | 'service_desk' | 'notice_subscription' | 'role' | 'job') =>
      (await db.selectFrom(table).select('id').orderBy('id').executeTakeFirst())?.id;
    const jobId = await first('job');
    const subscription = await t.as(admin, 'POST', '/api/notice-subscriptions', { departmentId: surgery, kind: 'webhook', target: 'https://kirurgen.sjukhus.example/driftmeddelanden' });
    expect(subscription.statusCode, subscription.body).toBe(201);

    // A written consent of surgery's patient (M8), its document a photographed form.
    const consentForm = new FormData();
    for (const [k, v] of Object.entries({ scopes: 'teaching', validFrom: '2026-01-01' })) consentForm.append(k, v);
    consentForm.append('file', new Blob([photo], { type: 'image/jpeg' }), 'samtycke.jpg');
    const consentResponse = await fetch(`${await t.listen()}/api/patients/${patient}/consents`, { method: 'POST', headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken }, body: consentForm });
    const consent = (await consentResponse.json()) as { id: string };
    expect(consentResponse.status, JSON.stringify(consent)).toBe(201);

    // A teaching collection of surgery.
    const collection = await t.as(admin, 'POST', '/api/collections', { departmentId: surgery, name: 'Sårläkning' });
    expect(collection.statusCode, collection.body).toBe(201);
    // A de-identified copy of surgery's photo in it (M9).
    const deidentified = await t.as(sysadmin, 'POST', `/api/media/${mediaId}/deidentified-copies`, { collectionId: collection.json().id, regions: [{ shape: 'rect', x: 0, y: 0, width: 10, height: 10, effect: 'black' }] });
    expect(deidentified.statusCode, deidentified.body).toBe(202);
    // Made by the 'deidentify.run' job; the order names the copy once it is done.
    const deidentifiedCopy = await waitFor('the de-identified copy', async () => (await t.as(sysadmin, 'GET', `/api/deidentify-orders/${deidentified.json().id}`)).json(), (o) => o.status !== 'queued' && o.status !== 'running', 60_000);
    expect(deidentifiedCopy.status, JSON.stringify(deidentifiedCopy)).toBe('done');

    // A card import being staged into surgery's case, and an offline capture session made on a device.
    const cardImport = await t.as(doctor, 'POST', `/api/cases/${caseId}/imports`);
    expect(cardImport.statusCode, cardImport.body).toBe(201);
    const captureId = '6f1c2b0e-4a8d-4c1e-9b7a-2d5e8f3a1c90';
    const captured = await t.as(doctor, 'POST', '/api/captures', { id: captureId, identifier: '19121212-1212', identityVerification: 'known_to_staff', departmentId: surgery, oralConsent: true, purpose: 'Dokumentation under avbrott', startedAt: '2026-01-15T08:00:00.000Z' });
    expect(captured.statusCode, captured.body).toBe(201);

    // A purge of a discarded draft of surgery's (M11): its job is a system administrator's record.
    const discarded = (await t.as(doctor, 'POST', '/api/cases', { patientId: patient, departmentId: surgery, formId })).json().id as string;
    const purge = await t.as(sysadmin, 'POST', `/api/cases/${discarded}/purge`, { basis: 'working_material', reasonKind: PURGE_KIND });
    expect(purge.statusCode, purge.body).toBe(202);

    Object.assign(records, {
      purges: [purge.json().jobId],
      imports: [cardImport.json().id],
      captures: [captureId],
      // An item key of that session (made on the device; no file is sent here): the session is the record the route guards.
      key: ['0d3b9f2e-7c41-4e8a-a5b6-1f2e3d4c5b6a'],
      consentId: [consent.id],
      collections: [collection.json().id],
      'deidentified-copies': [deidentifiedCopy.copy.id],
      'deidentify-orders': [deidentified.json().id],
      cases: [caseId, secretCase],
      media: [mediaId],
      mediaId: [mediaId],
      patients: [patient, secret],
      backlog: [backlog.json().id],
      incidents: [incident.json().id],
      tokens: [token.json().id],
      tokenId: [token.json().id],
      users: [doctor.user.id],
      roles: [await first('role')],
      departments: [surgery],
      forms: [await first('form')],
      systems: [systemId],
      scenarios: [await first('scenario')],
      routines: [await first('routine')],
      contacts: [await first('contact')],
      'service-desks': [await first('service_desk')],
      'notice-subscriptions': [subscription.json().id],
      jobs: [jobId],
      'offline-copy': [workstation.json().id],
      name: ['ws-part-1.age'],
      // The FHIR R4 read API (issue 15, I2): patients and media by Kasus's ids.
      Patient: [patient, secret],
      Media: [mediaId],
      DocumentReference: [mediaId],
    });
    for (const [kind, ids] of Object.entries(records)) for (const id of ids) expect(id, kind).toEqual(expect.any(String));
  });
  afterAll(() => t.close());

  it('a forbidden record and a made-up id get byte-identical answers on every route with a path parameter', async () => {
    const spec = (await t.as(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, Operation>> };
    const routes = Object.entries(spec.paths).flatMap(([route, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .filter(() => route.includes('{'))
        .map(([method, operation]) => ({ method: method.toUpperCase(), route, operation })),
    );
    // The walk covers the whole API, not a sample.
    expect(routes.length).toBeGreaterThanOrEqual(45);
    const upload = await multipart();
    const unreached: string[] = [];
    const failures: string[] = [];
    let compared = 0;

    for (const { method, route, operation } of routes) {
      const name = `${method} ${route}`;
      if (SKIP[name]) continue;
      // A FHIR route's kind is its resource type (/fhir/R4/Patient/{id} → Patient).
      const kind = route.startsWith('/fhir/') ? route.split('/')[3]! : route.split('/')[2]!;
      const params = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      for (const param of params) {
        if (param === 'version') continue;
        const key = param === 'id' ? kind : param;
        expect(records[key], `${name}: no record of kind "${key}" made for this test; make one in beforeAll or put the route on SKIP with a reason`).toBeDefined();
      }
      const query = new URLSearchParams();
      for (const p of operation.parameters ?? []) if (p.in === 'query' && p.required) query.set(p.name, String(sample(p.schema, p.name)));
      const url = (pick: (key: string) => string) =>
        route.replace(/\{(\w+)\}/g, (_, param: string) => (param === 'version' ? '1' : encodeURIComponent(pick(param === 'id' ? kind : param)))) +
        (query.size > 0 ? `?${query}` : '');
      const jsonSchema = operation.requestBody?.content?.['application/json']?.schema;
      const variants: { payload?: unknown; headers?: Record<string, string> }[] =
        method === 'GET' || method === 'DELETE'
          ? [{}]
          : [
              ...(jsonSchema ? [{ payload: sample(jsonSchema) }, { payload: sample(jsonSchema, '', true) }] : [{ payload: {} }]),
              {},
              { payload: upload.payload, headers: upload.headers },
            ];

      if (READABLE_BY_ALL[name]) {
        for (const caller of callers) {
          const shown = await t.as(caller, method, url((key) => records[key]![0]!));
          const refused = await t.as(caller, method, url(() => randomUUID()));
          if (shown.statusCode !== 200 || refused.statusCode !== 404) failures.push(`${caller.user.username} ${name} is on READABLE_BY_ALL but answered ${shown.statusCode} / ${refused.statusCode}`);
        }
        continue;
      }
      let reached = false;
      let otherAnswers = '';
      for (const caller of callers) {
        for (const variant of variants) {
          const madeUp = new Map<string, string>();
          const missingUrl = url((key) => madeUp.get(key) ?? madeUp.set(key, randomUUID()).get(key)!);
          for (let i = 0; i < Math.max(...params.filter((p) => p !== 'version').map((p) => records[p === 'id' ? kind : p]!.length)); i += 1) {
            const existingUrl = url((key) => records[key]![Math.min(i, records[key]!.length - 1)]!);
            const missing = await t.as(caller, method, missingUrl, variant.payload, variant.headers);
            const existing = await t.as(caller, method, existingUrl, variant.payload, variant.headers);
            const what = `${caller.user.username} ${name} (${variant.headers ? 'multipart' : variant.payload === undefined ? 'no body' : JSON.stringify(variant.payload).slice(0, 80)}): existing ${existing.statusCode} ${existing.body} / made-up ${missing.statusCode} ${missing.body}`;
            const problems = [
              FILTERED_LISTS[name] ? (existing.statusCode !== 200 ? 'not the filtered list' : '') : existing.statusCode < 400 || existing.statusCode >= 500 ? 'not a 4xx refusal' : '',
              existing.statusCode !== missing.statusCode ? 'status differs' : '',
              !existing.rawPayload.equals(missing.rawPayload) ? 'body differs' : '',
              headerDifference(existing, missing),
            ].filter(Boolean);
            if (problems.length > 0) failures.push(`${what}: ${problems.join(', ')}`);
            if ([403, 404].includes(existing.statusCode) || (FILTERED_LISTS[name] && existing.statusCode === 200)) reached = true;
            else if (!otherAnswers.includes(existing.body)) otherAnswers += ` | ${existing.statusCode} ${existing.body}`;
            compared += 1;
            if (method === 'GET') {
              // Fastify answers HEAD for every GET route: its headers must not tell either.
              const headMissing = await t.as(caller, 'HEAD', missingUrl);
              const headExisting = await t.as(caller, 'HEAD', existingUrl);
              const headProblem = headExisting.statusCode !== headMissing.statusCode ? `status ${headExisting.statusCode} / ${headMissing.statusCode}` : headerDifference(headExisting, headMissing);
              if (headProblem) failures.push(`HEAD ${what}: ${headProblem}`);
            }
          }
        }
      }
      if (!reached && !NOT_REACHED[name]) unreached.push(`${name}: ${otherAnswers}`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    // Every route got past validation to its rights check at least once, or says why not.
    expect(unreached).toEqual([]);
    expect(compared).toBeGreaterThan(100);
    // Hundreds of request pairs (two callers, every route with an id, HEAD too): on a loaded two-core CI machine
    // the walk on PostgreSQL went past the default 30 s.
  }, 120_000);
  it('the resumable-upload routes (tus, not in the OpenAPI document) answer a foreign and a made-up upload or case alike', async () => {
    const base = await t.listen();
    const doctor = await t.login('lakare');
    const tus = (session: Session, extra: Record<string, string> = {}) => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'tus-resumable': '1.0.0', ...extra });
    const metadata = (caseId: string) => `caseId ${Buffer.from(caseId).toString('base64')},filename ${Buffer.from('bild.jpg').toString('base64')}`;
    const created = await fetch(`${base}/api/uploads`, { method: 'POST', headers: tus(doctor, { 'upload-length': '1000', 'upload-metadata': metadata(records.cases![0]!) }) });
    expect(created.status, await created.text()).toBe(201);
    const location = created.headers.get('location')!;
    const uploadId = location.split('/').pop()!;
    expect(uploadId).toMatch(/\w/);

    const answer = async (response: Response) => ({
      status: response.status,
      body: Buffer.from(await response.arrayBuffer()).toString('hex'),
      headers: Object.fromEntries([...response.headers].filter(([name]) => !VOLATILE_HEADERS.has(name))),
    });
    for (const caller of callers) {
      for (const kind of ['cases', 'uploads'] as const) {
        const requests =
          kind === 'cases'
            ? [(id: string) => fetch(`${base}/api/uploads`, { method: 'POST', headers: tus(caller, { 'upload-length': '1000', 'upload-metadata': metadata(id) }) })]
            : [
                (id: string) => fetch(`${base}/api/uploads/${id}`, { method: 'HEAD', headers: tus(caller) }),
                (id: string) => fetch(`${base}/api/uploads/${id}`, { method: 'PATCH', headers: tus(caller, { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }), body: new Uint8Array(10) }),
                (id: string) => fetch(`${base}/api/uploads/${id}`, { method: 'DELETE', headers: tus(caller) }),
              ];
        for (const send of requests) {
          const existing = await answer(await send(kind === 'cases' ? records.cases![0]! : uploadId));
          const missing = await answer(await send(randomUUID().replace(/-/g, '')));
          expect(existing.status, `${caller.user.username} ${kind}`).toBeGreaterThanOrEqual(400);
          expect(existing, `${caller.user.username} ${kind}`).toEqual(missing);
        }
      }
    }
    // The upload is still there for its owner.
    expect((await fetch(`${base}${location}`, { method: 'HEAD', headers: tus(doctor) })).status).toBe(200);
  });
});
