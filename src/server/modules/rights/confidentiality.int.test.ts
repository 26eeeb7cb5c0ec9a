import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { TestClock } from '../../clock.js';
import { Access } from './access.js';
import type { Actor } from './actor.js';
import { EmergencyAccessRepository } from './emergency-access-repository.js';

const IDENTIFIER = '19640823-3234';
const SECRET_WORD = 'hemligord';
const SECRET_CAPTION = 'hemligtext';
const CAPTURE = { purpose_explained: `Uppföljning ${SECRET_WORD}`, oral_consent: true, identity_verified_by: 'known_to_staff', captured_by: 'Lars Läkare' };

/**
 * The confidentiality matrix: for every route that returns patient data, a user without a running
 * emergency opening learns nothing identifying about a confidential patient's case.
 */
describe.each(testDialects())('confidential patients on %s', (dialect) => {
  /** The app's clock: the test moves it instead of back-dating rows. */
  const clock = new TestClock();
  let t: TestApp;
  let admin: Session;
  let sysadmin: Session;
  let doctor: Session;
  let nurse: Session;
  let logOperator: Session;
  let surgery: string;
  let dermatology: string;
  let patient: { id: string; identifier: string };
  let caseId: string;
  let dermatologyCaseId: string;
  let mediaId: string;
  let ordinaryCaseId: string;

  async function photo(name: string, red: number): Promise<string> {
    const file = path.join(mediaDir(), name);
    await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: red, g: 80, b: 120 } } }).jpeg().toFile(file);
    return file;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    admin = await t.login('admin');
    sysadmin = await t.login('sysadmin');
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    logOperator = await t.login('logg');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
    patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: IDENTIFIER })).json();
    const other = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json();
    const form = await t.as(admin, 'POST', '/api/forms', { name: 'Sekretesstest', fields: [], departmentIds: [surgery, dermatology] });
    expect(form.statusCode).toBe(201);
    const formId = form.json().id as string;

    caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId: surgery, formId })).json().id;
    await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: CAPTURE });
    const upload = await t.upload(doctor, caseId, [{ path: await photo('secret.jpg', 200) }]);
    mediaId = upload.body.items[0].id;
    await t.as(doctor, 'PATCH', `/api/cases/${caseId}/media/${mediaId}`, { caption: SECRET_CAPTION });
    expect((await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`)).statusCode).toBe(200);
    expect((await t.as(doctor, 'POST', `/api/cases/${caseId}/versions`)).statusCode).toBe(200);
    dermatologyCaseId = (await t.as(nurse, 'POST', '/api/cases', { patientId: patient.id, departmentId: dermatology, formId })).json().id;
    ordinaryCaseId = (await t.as(doctor, 'POST', '/api/cases', { patientId: other.id, departmentId: surgery, formId })).json().id;
    for (const id of [caseId, dermatologyCaseId, ordinaryCaseId, mediaId]) expect(id).toEqual(expect.any(String));
  });
  afterAll(() => t.close());

  it('only a system administrator marks a patient confidential, and only with a reason', async () => {
    const byDoctor = await t.as(doctor, 'POST', `/api/patients/${patient.id}/confidential`, { confidential: true, reason: 'Skyddad identitet' });
    expect(byDoctor.statusCode).toBe(403);
    const noReason = await t.as(sysadmin, 'POST', `/api/patients/${patient.id}/confidential`, { confidential: true, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ code: 'reason_required', field: 'reason' });
    const unknown = await t.as(sysadmin, 'POST', '/api/patients/no-such-patient/confidential', { confidential: true, reason: 'Skyddad identitet' });
    expect(unknown.statusCode).toBe(404);
    const marked = await t.as(sysadmin, 'POST', `/api/patients/${patient.id}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt Skatteverket' });
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toMatchObject({ id: patient.id, confidential: true });
    const history = (await t.as(sysadmin, 'GET', `/api/patients/${patient.id}/confidentiality`)).json();
    expect(history[0]).toMatchObject({ confidential: true, reason: 'Skyddad identitet enligt Skatteverket', changedBy: sysadmin.user.id });
  });

  /** Nothing of the patient or the case's content may be in the answer. */
  function expectNothingIdentifying(body: string, what: string) {
    for (const secret of [patient.id, patient.identifier, IDENTIFIER, SECRET_WORD, SECRET_CAPTION, 'secret.jpg']) {
      expect(body, `${what} leaks ${secret}`).not.toContain(secret);
    }
  }

  it('every case and media route that returns patient data refuses without an emergency opening, and leaks nothing', async () => {
    const spec = (await t.as(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([route, methods]) =>
      Object.keys(methods)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .filter(() => /^\/api\/(cases|media)\/\{id\}/.test(route))
        .map((method) => ({ method: method.toUpperCase(), route })),
    );
    // The matrix covers the case routes of shared/API.md and the rest, not a sample.
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const { method, route } of routes) {
      const isMedia = route.startsWith('/api/media/');
      let url = route.replace('{id}', isMedia ? mediaId : caseId).replace('{version}', '1').replace('{mediaId}', mediaId);
      if (route.endsWith('/compare')) url += '?from=1&to=2';
      const body =
        method === 'PATCH' && route.includes('{mediaId}')
          ? { caption: 'x' }
          : method === 'PATCH'
            ? { values: {} }
            : method === 'PUT'
              ? route.endsWith('/annotations')
                ? { shapes: [] }
                : { mediaIds: [mediaId] }
              : route.endsWith('/emergency-access')
                ? undefined
                : route.endsWith('/deidentified-copies')
                  ? { collectionId: '00000000-0000-4000-8000-000000000000', regions: [] }
                  : method === 'POST'
                  ? {}
                  : undefined;
      if (route.endsWith('/emergency-access')) continue; // the way in, tested below
      // A system administrator's action that reads no patient data; purge.int.test.ts checks who may start it.
      if (route.endsWith('/purge')) continue;
      if (route.endsWith('/media') && method === 'POST') {
        const upload = await t.upload(doctor, caseId, [{ path: await photo('another.jpg', 10) }]);
        expect(upload.status, `${method} ${route}`).toBe(403);
        expect(upload.body.code).toBe('confidential');
        continue;
      }
      // A de-identified copy needs teaching.manage on its collection before the source is looked at;
      // the demo physician has none, so the answer is the missing collection's, whoever the patient.
      const doctorExpects = route.endsWith('/deidentified-copies') ? 404 : 403;
      for (const [session, expected] of [
        [doctor, doctorExpects],
        [nurse, 404],
      ] as const) {
        const response = await t.as(session, method, url, body);
        expect(response.statusCode, `${session.user.username} ${method} ${url}: ${response.body}`).toBe(expected);
        if (expected === 403) expect(response.json().code).toBe('confidential');
        // No image bytes, no identifier, no content.
        expect(response.rawPayload.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(false);
        expectNothingIdentifying(response.body, `${method} ${url}`);
      }
    }
    // Refusals are audited, with the reason.
    const refusals = await t.services.database.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('user_id', '=', doctor.user.id)
      .where('outcome', '=', 'refused')
      .where('object_id', 'in', [caseId, mediaId])
      .execute();
    expect(refusals.length).toBeGreaterThanOrEqual(10);
    expect(refusals.every((r) => String(r.details).includes('confidential'))).toBe(true);
    // Nothing changed.
    const row = await t.services.database.db.selectFrom('clinical_case').select(['status', 'version']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', version: 2 });
  });

  it('lists and search show the case only as "Konfidentiellt", and words never find it', async () => {
    const byPatient = await t.as(doctor, 'GET', `/api/cases?patientId=${patient.id}`);
    expect(byPatient.statusCode).toBe(200);
    const items = byPatient.json().items as Record<string, unknown>[];
    expect(items.map((i) => i.id).sort()).toEqual([caseId, dermatologyCaseId].sort());
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['confidential', 'createdAt', 'departmentId', 'id']);
    expectNothingIdentifying(byPatient.body, 'patient list');
    const byDepartment = (await t.as(doctor, 'GET', `/api/cases?departmentId=${surgery}`)).json();
    expect(byDepartment.items.find((i: { id: string }) => i.id === caseId)).toEqual({ id: caseId, confidential: true, departmentId: surgery, createdAt: expect.any(String) });
    expect(byDepartment.items.find((i: { id: string }) => i.id === ordinaryCaseId)).toMatchObject({ confidential: false, patientId: expect.any(String) });
    for (const word of [SECRET_WORD, SECRET_CAPTION]) {
      const found = (await t.as(doctor, 'GET', `/api/cases?q=${word}`)).json();
      expect(found).toMatchObject({ items: [], total: 0 });
    }
  });

  it('emergency opening needs the right, access to the department and a reason; it is audited and reported', async () => {
    const nurseTry = await t.as(nurse, 'POST', `/api/cases/${dermatologyCaseId}/emergency-access`, { reason: 'Akut behov av bilderna vid operation' });
    expect(nurseTry.statusCode).toBe(403);
    expect(nurseTry.json().code).toBe('forbidden');
    const otherDepartment = await t.as(nurse, 'POST', `/api/cases/${caseId}/emergency-access`, { reason: 'Akut behov av bilderna vid operation' });
    expect(otherDepartment.statusCode).toBe(404);
    const shortReason = await t.as(doctor, 'POST', `/api/cases/${caseId}/emergency-access`, { reason: 'akut' });
    expect(shortReason.statusCode).toBe(400);
    expect(shortReason.json().message).toMatch(/anledning/);
    const ordinary = await t.as(doctor, 'POST', `/api/cases/${ordinaryCaseId}/emergency-access`, { reason: 'Akut behov av bilderna vid operation' });
    expect(ordinary.statusCode).toBe(409);
    expect(ordinary.json().code).toBe('not_confidential');

    const opened = await t.as(doctor, 'POST', `/api/cases/${caseId}/emergency-access`, { reason: 'Akut behov av bilderna vid operation' });
    expect(opened.statusCode).toBe(200);
    // An hour from the app's clock, to the millisecond.
    expect(opened.json().expiresAt).toBe(new Date(clock.now().getTime() + 60 * 60_000).toISOString());

    const view = await t.as(doctor, 'GET', `/api/cases/${caseId}`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ patient: { id: patient.id, confidential: true }, values: { purpose_explained: CAPTURE.purpose_explained } });
    const thumbnail = await t.as(doctor, 'GET', `/api/media/${mediaId}/original`);
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.rawPayload.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
    const listed = (await t.as(doctor, 'GET', `/api/cases?patientId=${patient.id}`)).json().items;
    expect(listed.find((i: { id: string }) => i.id === caseId)).toMatchObject({ confidential: false, patientId: patient.id });
    // The opening is personal: the nurse's list still shows only "Konfidentiellt".
    const nurseList = (await t.as(nurse, 'GET', `/api/cases?patientId=${patient.id}`)).json().items;
    expect(nurseList).toEqual([{ id: dermatologyCaseId, confidential: true, departmentId: dermatology, createdAt: expect.any(String) }]);

    const audit = await t.services.database.db
      .selectFrom('audit_event')
      .select(['outcome', 'details', 'patient_id'])
      .where('action', '=', 'case.emergency_open')
      .where('object_id', '=', caseId)
      .where('outcome', '=', 'success')
      .execute();
    expect(audit).toHaveLength(1);
    expect(String(audit[0]!.details)).toContain('Akut behov av bilderna vid operation');
    expect(audit[0]!.patient_id).toBe(patient.id);

    const report = await t.as(logOperator, 'GET', '/api/emergency-access');
    expect(report.statusCode).toBe(200);
    expect(report.json().items).toEqual([
      expect.objectContaining({ caseId, patientId: patient.id, departmentId: surgery, reason: 'Akut behov av bilderna vid operation', user: expect.objectContaining({ username: 'lakare' }) }),
    ]);
    expect((await t.as(logOperator, 'GET', `/api/emergency-access?departmentId=${dermatology}`)).json().items).toEqual([]);
    expect((await t.as(doctor, 'GET', '/api/emergency-access')).statusCode).toBe(403);
  });

  it('an opening expires', async () => {
    const { expiresAt } = (await t.as(logOperator, 'GET', '/api/emergency-access')).json().items[0] as { expiresAt: string };
    // A minute before it runs out, the opening still holds.
    clock.set(Date.parse(expiresAt) - 60_000);
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
    // At the instant it runs out, it no longer does.
    clock.set(expiresAt);
    const after = await t.as(doctor, 'GET', `/api/cases/${caseId}`);
    expect(after.statusCode).toBe(403);
    expect(after.json().code).toBe('confidential');
    expect((await t.as(doctor, 'GET', `/api/media/${mediaId}/thumbnail`)).statusCode).toBe(403);
  });

  it('lifting the mark makes the cases ordinary again', async () => {
    const lifted = await t.as(sysadmin, 'POST', `/api/patients/${patient.id}/confidential`, { confidential: false, reason: 'Skyddet upphört' });
    expect(lifted.json().confidential).toBe(false);
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
    expect((await t.as(doctor, 'GET', `/api/cases?q=${SECRET_WORD}`)).json().items.map((i: { id: string }) => i.id)).toEqual([caseId]);
    const history = (await t.as(sysadmin, 'GET', `/api/patients/${patient.id}/confidentiality`)).json();
    expect(history.map((h: { confidential: boolean }) => h.confidential)).toEqual([false, true]);
  });
});

describe.each(testDialects())('the consent hook on %s', (dialect) => {
  let t: TestApp;
  afterAll(() => t.close());

  it('asks the external blocking/consent service before showing a patient case, and honours a refusal', async () => {
    t = await createTestApp(dialect);
    const doctor = await t.login('lakare');
    const patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    const departments = (await t.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const departmentId = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId })).json().id as string;
    const asked: unknown[] = [];
    const blocking = new Access(t.services.auditLog, new EmergencyAccessRepository(t.services.database), {
      allows: async (request) => {
        asked.push(request);
        return false;
      },
    });
    // The doctor as the rights module sees them (the session answer carries the same assignments).
    const user = doctor.user as unknown as { id: string; username: string; displayName: string; assignments: Actor['assignments'] };
    const actor: Actor = { userId: user.id, username: user.username, displayName: user.displayName, via: 'session', assignments: user.assignments };
    const request = { actor, clientIp: '127.0.0.1', requestId: 'consent-test' };
    const scope = { id: caseId, departmentId, patientId, confidential: false };
    await expect(blocking.requireCase(request, 'case.read', scope, 'case.read')).rejects.toMatchObject({ code: 'access_blocked' });
    expect(asked).toEqual([{ userId: doctor.user.id, patientId, departmentId, caseId }]);
    const refusal = await t.services.database.db
      .selectFrom('audit_event')
      .select(['outcome', 'details'])
      .where('request_id', '=', 'consent-test')
      .executeTakeFirstOrThrow();
    expect(refusal.outcome).toBe('refused');
    expect(String(refusal.details)).toContain('consent_blocked');
    // Teaching material has no patient to ask about.
    await expect(blocking.requireCase(request, 'case.read', { ...scope, patientId: null }, 'case.read')).resolves.toMatchObject({ userId: doctor.user.id });
  });
});
