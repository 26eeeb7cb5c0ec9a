import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { demoCase, demoIds } from '../../../../test/helpers/demo-ids.js';

/**
 * Kasus's own read-only mode. The test keeps its own list of what must keep working, independent of
 * the implementation's, and walks every route the server has.
 */
const CONTINUITY = /^\/api\/(systems|notices|notice-subscriptions|routines|scenarios|continuity|incidents|service-desks|contacts|backlog)(\/|$)/;
const WRITES_ALLOWED = new Set([
  'POST /api/session',
  'DELETE /api/session',
  // Reads sent as POST (identifiers never go in URLs) and the break-glass opening for reading.
  'POST /api/identifiers/validate',
  'POST /api/patients/lookup',
  'POST /api/audit/search',
  'POST /api/cases/{id}/emergency-access',
  // The FHIR API's search by identifier: a read, and the FHIR API writes nothing.
  'POST /fhir/R4/Patient/_search',
]);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes left out of OpenAPI (the tus protocol's), tested by hand below. */
const HIDDEN_WRITES = ['POST /api/uploads', 'PATCH /api/uploads/{id}', 'DELETE /api/uploads/{id}'];

const mayWrite = (route: string) => WRITES_ALLOWED.has(route) || CONTINUITY.test(route.split(' ')[1]!);
const fill = (pathTemplate: string) => pathTemplate.replace(/\{[^}]+\}/g, () => randomUUID());

describe.each(testDialects())('Kasus read-only mode on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let kasusId: string;
  let caseId: string;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let patientId: string;
  let routes: string[];

  beforeAll(async () => {
    // Another node's change of the mode is picked up within a second.
    t = await createTestApp(dialect, { KASUS_STATUS_REFRESH_SECONDS: '1' });
    admin = await t.login('admin');
    doctor = await t.login('lakare');
    const systems = (await t.as(admin, 'GET', '/api/systems')).json() as { id: string; isKasus: boolean }[];
    kasusId = systems.find((s) => s.isKasus)!.id;
    ({ patientId, caseId } = await demoCase(t, doctor));
    ids = await demoIds(t, admin);
    const spec = (await t.as(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(spec.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
  });
  afterAll(() => t.close());

  const setKasus = (status: string, message: string) => t.as(admin, 'PUT', `/api/systems/${kasusId}/status`, { status, message });
  const mode = async () => (await t.as(null, 'GET', '/api/health')).json().mode as string;
  const expectReadOnly = (response: { statusCode: number; body: string }, route: string) => {
    expect(response.statusCode, `${route}: ${response.body}`).toBe(503);
    const body = JSON.parse(response.body) as { code: string; message: string };
    expect(body.code, route).toBe('read_only');
    expect(body.message).toMatch(/läsläge/);
    expect(body.message).toMatch(/minneskort, ett kort per patient/);
    expect(body.message).toMatch(/importera/);
  };

  it('answers health mode read_only once Kasus’s status is read_only, and publishes it as a notice', async () => {
    expect(await mode()).toBe('read_write');
    const response = await setKasus('read_only', 'Uppgradering av databasen. Läsning fungerar; fotografera till minneskort.');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ isKasus: true, status: 'read_only' });
    expect(await t.as(null, 'GET', '/api/health').then((r) => r.json())).toEqual({ status: 'ok', mode: 'read_only' });
    const notice = (await t.as(doctor, 'GET', '/api/notices?open=true')).json().items[0];
    expect(notice).toMatchObject({ kind: 'outage', status: 'read_only', system: { id: kasusId } });
  });

  it('refuses every state-changing route in OpenAPI with 503 read_only, except continuity, login/logout and reads sent as POST', async () => {
    const writes = routes.filter((r) => !SAFE.has(r.split(' ')[0]!));
    const refused = writes.filter((r) => !mayWrite(r));
    // The list really is the whole API, not a sample of it.
    expect(refused).toEqual(
      expect.arrayContaining([
        'POST /api/cases', 'PATCH /api/cases/{id}', 'POST /api/cases/{id}/sign', 'POST /api/cases/{id}/versions', 'POST /api/cases/{id}/media',
        'PUT /api/cases/{id}/media-order', 'POST /api/patients', 'POST /api/patients/{id}/confidential', 'POST /api/forms', 'PUT /api/forms/{id}',
        'POST /api/users', 'PATCH /api/users/{id}', 'POST /api/roles', 'DELETE /api/roles/{id}', 'POST /api/departments', 'POST /api/tokens',
        'DELETE /api/tokens/{id}', 'POST /api/jobs/{id}/retry', 'POST /api/collections',
      ]),
    );
    expect(writes.filter(mayWrite)).toEqual(
      expect.arrayContaining([
        'PUT /api/systems/{id}/status', 'POST /api/systems', 'POST /api/session', 'DELETE /api/session',
        // Downtime routines and scenarios are continuity functions: needed most during an outage.
        'POST /api/routines', 'PUT /api/routines/{id}', 'POST /api/routines/{id}/approve', 'POST /api/scenarios', 'PUT /api/scenarios/{id}',
        // Urgent incidents, their service desks and the contacts directory (C5, C6).
        'POST /api/incidents', 'PATCH /api/incidents/{id}', 'POST /api/incidents/{id}/updates', 'POST /api/service-desks', 'PATCH /api/service-desks/{id}',
        'POST /api/contacts', 'PATCH /api/contacts/{id}', 'DELETE /api/contacts/{id}',
        // Broadcast (C4): manual notices and the departments' notice subscriptions.
        'POST /api/notices', 'POST /api/notice-subscriptions', 'DELETE /api/notice-subscriptions/{id}',
        // The backlog of paper and offline material (C8): registered during the outage, entered after it.
        'POST /api/backlog', 'POST /api/backlog/{id}/advance',
      ]),
    );

    for (const route of refused) {
      const [method, template] = route.split(' ') as [string, string];
      expectReadOnly(await t.as(admin, method, fill(template), method === 'DELETE' ? undefined : {}), route);
    }
    for (const route of writes.filter(mayWrite)) {
      const [method, template] = route.split(' ') as [string, string];
      // Logging out is tried with a session of its own.
      const session = route === 'DELETE /api/session' ? await t.login('admin') : admin;
      const response = await t.as(session, method, fill(template), method === 'DELETE' ? undefined : {});
      expect(response.statusCode, `${route}: ${response.body}`).not.toBe(503);
      expect(response.statusCode, `${route}: ${response.body}`).toBeLessThan(500);
    }
    // Nothing was written by the refused requests.
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json()).toMatchObject({ status: 'draft', version: 1 });
  });

  it('covers every state-changing route the server has, including those outside OpenAPI (tus uploads)', async () => {
    // The FHIR API (/fhir/R4) changes nothing: its one POST is a search, served in read-only mode too.
    const inSpec = routes.filter((r) => !SAFE.has(r.split(' ')[0]!) && r.split(' ')[1]!.startsWith('/api/'));
    const served = t.app.readOnlyPolicy().map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(new Set(served)).toEqual(new Set([...inSpec, ...HIDDEN_WRITES]));
    expect(t.app.readOnlyPolicy().filter((r) => r.allowed).map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).every(mayWrite)).toBe(true);

    const tus = { 'tus-resumable': '1.0.0' };
    const metadata = `caseId ${Buffer.from(caseId).toString('base64')},filename ${Buffer.from('bild.jpg').toString('base64')}`;
    expectReadOnly(await t.as(doctor, 'POST', '/api/uploads', undefined, { ...tus, 'upload-length': '1000', 'upload-metadata': metadata }), 'POST /api/uploads');
    expectReadOnly(
      await t.as(doctor, 'PATCH', `/api/uploads/${randomUUID()}`, Buffer.alloc(10), { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }),
      'PATCH /api/uploads/{id}',
    );
    expectReadOnly(await t.as(doctor, 'DELETE', `/api/uploads/${randomUUID()}`, undefined, tus), 'DELETE /api/uploads/{id}');
    // HEAD (where an interrupted upload stands) is a read.
    expect((await t.as(doctor, 'HEAD', `/api/uploads/${randomUUID()}`, undefined, tus)).statusCode).not.toBe(503);

    // A multipart upload over real HTTP is refused before its body is read.
    const dir = mkdtempSync(path.join(tmpdir(), 'kasus-readonly-'));
    const file = path.join(dir, 'bild.jpg');
    writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]));
    const upload = await t.upload(doctor, caseId, [{ path: file }]);
    expect(upload.status).toBe(503);
    expect(upload.body.code).toBe('read_only');
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media).toEqual([]);
  });

  it('serves every read: all GET routes, a patient lookup and the case itself', async () => {
    for (const route of routes.filter((r) => r.startsWith('GET '))) {
      const response = await t.as(admin, 'GET', fill(route.slice(4)));
      expect(response.statusCode, `${route}: ${response.body.slice(0, 200)}`).not.toBe(503);
      expect(response.statusCode, `${route}: ${response.body.slice(0, 200)}`).toBeLessThan(500);
    }
    expect((await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json()).toMatchObject({ id: patientId });
    expect((await t.as(doctor, 'POST', '/api/identifiers/validate', { identifier: '19121212-1212' })).json()).toMatchObject({ valid: true });
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
    const list = (await t.as(doctor, 'GET', `/api/cases?patientId=${patientId}`)).json();
    expect(list.items.map((c: { id: string }) => c.id)).toContain(caseId);
    expect((await t.as(admin, 'GET', '/api/audit?action=case.read')).statusCode).toBe(200);
  });

  it('keeps urgent incident reports and the contacts directory working (C5, C6)', async () => {
    const filed = await t.as(doctor, 'POST', '/api/incidents', {
      systemId: ids.system('Journalsystem'),
      departmentId: ids.department('Kirurgkliniken'),
      description: 'Journalen svarar inte.',
      competence: ['server_group'],
      contactName: 'Lars Läkare',
      contactMobile: '070-111 22 33',
      impact: 'high',
      urgency: 'high',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id as string;
    expect((await t.as(doctor, 'PATCH', `/api/incidents/${id}`, { serviceDeskCaseNumber: 'INC-1', status: 'acknowledged' })).statusCode).toBe(200);
    expect((await t.as(doctor, 'POST', `/api/incidents/${id}/updates`, { message: 'Reservrutin i gång.' })).statusCode).toBe(201);
    const contact = await t.as(admin, 'POST', '/api/contacts', { site: 'Centralsjukhuset', function: 'Växeln', kind: 'phone', number: '010-100 10 00' });
    expect(contact.statusCode, contact.body).toBe(201);
    expect((await t.as(admin, 'PATCH', `/api/contacts/${contact.json().id}`, { label: 'Dygnet runt' })).statusCode).toBe(200);
    expect((await t.as(admin, 'DELETE', `/api/contacts/${contact.json().id}`)).statusCode).toBe(204);
    expect((await t.as(admin, 'POST', '/api/service-desks', { name: 'Reservdesk' })).statusCode).toBe(201);
    expect(await mode()).toBe('read_only');
  });

  it('keeps the continuity functions and logging in and out working', async () => {
    const created = await t.as(admin, 'POST', '/api/systems', { name: 'Telefoni', criticality: 2 });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await t.as(admin, 'PATCH', `/api/systems/${id}`, { owner: 'IT' })).statusCode).toBe(200);
    expect((await t.as(admin, 'PUT', `/api/systems/${id}/status`, { status: 'down', message: 'Växeln nere' })).statusCode).toBe(200);
    expect((await t.as(admin, 'PUT', `/api/systems/${id}/probe`, { kind: 'tcp', target: '127.0.0.1:1', intervalSeconds: 60, failuresBeforeDown: 3, successesBeforeUp: 2, enabled: false })).statusCode).toBe(200);
    expect((await t.as(admin, 'DELETE', `/api/systems/${id}/probe`)).statusCode).toBe(200);
    expect((await t.as(admin, 'PUT', `/api/systems/${id}/status`, { status: 'operational', message: '' })).statusCode).toBe(200);
    expect((await t.as(doctor, 'GET', '/api/notices')).json().items[0]).toMatchObject({ kind: 'recovery', system: { id } });
    const session = await t.login('skoterska');
    expect((await t.as(session, 'DELETE', '/api/session')).statusCode).toBe(204);
    expect(await mode()).toBe('read_only');
  });

  it('accepts writes again when Kasus is back in operation', async () => {
    expect((await setKasus('operational', 'Uppgraderingen klar')).statusCode).toBe(200);
    expect(await mode()).toBe('read_write');
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: ids.department('Kirurgkliniken') });
    expect(created.statusCode, created.body).toBe(201);
    const notices = (await t.as(doctor, 'GET', `/api/notices?systemId=${kasusId}`)).json().items;
    expect(notices.map((n: { kind: string }) => n.kind)).toEqual(['recovery', 'outage']);
  });

  it('picks up read-only mode set by another node within the refresh interval', async () => {
    const { db } = t.services.database;
    const setDirectly = (status: string) => db.updateTable('clinical_system').set({ status }).where('system_key', '=', 'kasus').execute();
    await setDirectly('read_only');
    try {
      const deadline = Date.now() + 10_000;
      while ((await mode()) !== 'read_only' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await mode()).toBe('read_only');
      expectReadOnly(await t.as(admin, 'POST', '/api/departments', { hsaId: 'SE2321000016-9009', name: 'Ny klinik' }), 'POST /api/departments');
    } finally {
      await setDirectly('operational');
    }
    await t.services.kasusMode.refreshMode();
    expect(await mode()).toBe('read_write');
  });
});
