import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { demoCase, demoIds } from '../../../../test/helpers/demo-ids.js';
import { signLaunch, TEST_EHR } from '../../../../test/helpers/kasus-app.js';
import { cameraJpeg, taggedM4a } from '../../../../test/helpers/media-fixtures.js';
import { run } from '../media/sanitize/process.js';

/** A valid Swedish personnummer (Luhn check digit) for a patient Kasus does not know yet. */
function personnummer(date: string, serial: number): string {
  const digits = `${date.slice(2)}${String(serial).padStart(3, '0')}`;
  const sum = [...digits].reduce((s, d, i) => {
    const n = Number(d) * (i % 2 === 0 ? 2 : 1);
    return s + (n > 9 ? n - 9 : n);
  }, 0);
  return `${date}-${String(serial).padStart(3, '0')}${(10 - (sum % 10)) % 10}`;
}

const ES_ISSUER = 'https://ehr-es.test';
const es = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const esPublic = es.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const now = () => Math.floor(Date.now() / 1000);

describe.each(testDialects())('signed-URL launch from the EHR on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      KASUS_EHR_LAUNCH_KEYS: JSON.stringify([
        { issuer: TEST_EHR.issuer, alg: 'HS256', key: TEST_EHR.secret },
        { issuer: ES_ISSUER, alg: 'ES256', key: esPublic, system: 'Journalsystem' },
      ]),
    });
    admin = await t.login('admin');
    doctor = await t.login('lakare');
    dir = mkdtempSync(path.join(tmpdir(), 'kasus-ehr-'));
  });
  afterAll(() => t.close());

  const launch = (token: string, accept?: string) => t.app.inject({ method: 'GET', url: `/launch/signed?token=${token}`, headers: accept ? { accept } : {} });
  const eventsOf = async (requestId: string) =>
    (await t.services.database.db.selectFrom('audit_event').selectAll().where('request_id', '=', requestId).execute()).map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown> }));
  const esToken = (claims: Record<string, unknown> = {}) =>
    new SignJWT({ patient: '19121212-1212', user: 'lakare', department: 'SE2321000016-1001', jti: randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(ES_ISSUER)
      .setIssuedAt(now())
      .setExpirationTime(now() + 60)
      .sign(es.privateKey);

  it('opens a new patient’s cases in an EHR-context session: patient registered, one success event, no identifier in the URL', async () => {
    const identifier = personnummer('19790203', 468);
    const response = await launch(await signLaunch({ patient: identifier }));
    expect(response.statusCode, response.body).toBe(303);
    const location = String(response.headers.location);
    expect(location).toMatch(/^\/patients\/[0-9a-f-]{36}$/);
    expect(location).not.toContain(identifier.replace('-', '').slice(2));
    const cookie = response.cookies.find((c) => c.name === 'kasus_session')!;
    expect(cookie.httpOnly).toBe(true);
    const session = (await t.as(null, 'GET', '/api/session', undefined, { cookie: `kasus_session=${cookie.value}` })).json();
    expect(session).toMatchObject({ ehrContext: true, readOnly: null, user: { username: 'lakare' } });
    const patientId = location.split('/')[2]!;
    const lookup = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier })).json();
    expect(lookup.id).toBe(patientId);
    const events = await eventsOf(String(response.headers['x-request-id']));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'ehr.launch', outcome: 'success', username: 'lakare', patient_id: patientId, object_id: patientId });
    expect(events[0]!.details).toMatchObject({ issuer: TEST_EHR.issuer, registered: true, verification: 'ehr_context', readOnly: null });
    // An ordinary login is not an EHR context.
    expect((await t.as(doctor, 'GET', '/api/session')).json()).toMatchObject({ ehrContext: false, readOnly: null });
  });

  it('accepts an ES256-signed launch of a known patient (department by Kasus id)', async () => {
    const ids = await demoIds(t, admin);
    const response = await launch(await esToken({ department: ids.department('Hudkliniken') }));
    expect(response.statusCode, response.body).toBe(303);
    const events = await eventsOf(String(response.headers['x-request-id']));
    expect(events[0]).toMatchObject({ action: 'ehr.launch', outcome: 'success', department_id: ids.department('Hudkliniken') });
    expect(events[0]!.details).toMatchObject({ registered: false });
  });

  const refusals: [string, () => Promise<string>, string][] = [
    ['expired', () => signLaunch({ iat: now() - 200, exp: now() - 100 }), 'expired'],
    ['issued in the future', () => signLaunch({ iat: now() + 600, exp: now() + 660 }), 'not_yet_valid'],
    ['living too long', () => signLaunch({ exp: now() + 3600 }), 'too_long_lived'],
    ['unsigned (alg none)', async () => new UnsecuredJWT({ patient: '19121212-1212', user: 'lakare', department: 'SE2321000016-1001', jti: randomUUID() }).setIssuer(TEST_EHR.issuer).setIssuedAt().setExpirationTime('1m').encode(), 'unsigned'],
    ['signed with another secret', () => signLaunch({}, { secret: 'another-secret-that-is-long-enough-too' }), 'bad_signature'],
    ['from an unknown issuer', () => signLaunch({}, { issuer: 'https://evil.test' }), 'unknown_issuer'],
    ['with HS256 for an ES256 issuer', () => signLaunch({}, { issuer: ES_ISSUER }), 'wrong_algorithm'],
    ['for an unknown user', () => signLaunch({ user: 'nobody' }), 'unknown_user'],
    ['for an unknown department', () => signLaunch({ department: 'SE0000000000-9999' }), 'unknown_department'],
    ['with an invalid identifier', () => signLaunch({ patient: '19121212-1213' }), 'invalid_identifier'],
    ['without a patient', () => signLaunch({ patient: '' }), 'invalid_claims'],
    ['that is not a JWT', async () => 'not.a.jwt', 'malformed'],
  ];
  it.each(refusals)('refuses a launch %s: 403 ehr_launch_refused, no session, one refused event with the reason', async (_name, make, reason) => {
    const response = await launch(await make());
    expect(response.statusCode, response.body).toBe(403);
    expect(response.json()).toMatchObject({ code: 'ehr_launch_refused', reason });
    expect(response.json().message).toMatch(/journal/i);
    expect(response.cookies.find((c) => c.name === 'kasus_session')).toBeUndefined();
    const events = await eventsOf(String(response.headers['x-request-id']));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'ehr.launch', outcome: 'refused' });
    expect(events[0]!.details.reason).toBe(reason);
  });

  it('refuses a user without the right to read patients in the department (no patient registered), with one refused event', async () => {
    const identifier = personnummer('19650911', 794);
    const response = await launch(await signLaunch({ user: 'logg', patient: identifier }));
    expect(response.statusCode, response.body).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    expect(response.cookies.find((c) => c.name === 'kasus_session')).toBeUndefined();
    const events = await eventsOf(String(response.headers['x-request-id']));
    expect(events.map((e) => [e.action, e.outcome, e.username])).toEqual([['ehr.launch', 'refused', 'logg']]);
    expect((await t.as(doctor, 'POST', '/api/patients/lookup', { identifier })).statusCode).toBe(404);
  });

  it('refuses a replayed launch token, and shows a browser a Swedish page', async () => {
    const token = await signLaunch();
    expect((await launch(token)).statusCode).toBe(303);
    const again = await launch(token, 'text/html,application/xhtml+xml');
    expect(again.statusCode).toBe(403);
    expect(again.headers['content-type']).toMatch(/text\/html/);
    expect(again.body).toContain('redan använts');
    expect(again.body).toContain('Kasus kunde inte öppnas från journalen');
    const events = await eventsOf(String(again.headers['x-request-id']));
    expect(events.map((e) => [e.action, e.outcome, e.details.reason])).toEqual([['ehr.launch', 'refused', 'replayed']]);
  });

  it('opens read-only in EHR read mode: writes refused with 403 ehr_read_only, reads work', async () => {
    const session = await t.ehrLogin({ mode: 'read' });
    expect((await t.as(session, 'GET', '/api/session')).json()).toMatchObject({ ehrContext: true, readOnly: 'ehr_launch' });
    const patientId = session.location.split('/')[2]!;
    const departmentId = (await demoIds(t, admin)).department('Kirurgkliniken');
    const write = await t.as(session, 'POST', '/api/cases', { patientId, departmentId });
    expect(write.statusCode, write.body).toBe(403);
    expect(write.json()).toMatchObject({ code: 'ehr_read_only' });
    expect(write.json().message).toMatch(/Journalsystemet är i läsläge/);
    const tus = await t.as(session, 'POST', '/api/uploads', undefined, { 'tus-resumable': '1.0.0', 'upload-length': '10' });
    expect(tus.json()).toMatchObject({ code: 'ehr_read_only' });
    expect((await t.as(session, 'GET', `/api/patients/${patientId}/timeline`)).statusCode).toBe(200);
    expect((await t.as(session, 'GET', `/api/patients/${patientId}`)).json()).toMatchObject({ id: patientId, identifier: '191212121212' });
    expect((await t.as(session, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).statusCode).toBe(200);
  });

  it('opens read-only when the EHR is read_only in the systems registry', async () => {
    const journal = (await demoIds(t, admin)).system('Journalsystem');
    const set = (status: string) => t.as(admin, 'PUT', `/api/systems/${journal}/status`, { status, message: 'Journalen går bara att läsa.' });
    expect((await set('read_only')).statusCode).toBe(200);
    try {
      const response = await launch(await esToken());
      expect(response.statusCode, response.body).toBe(303);
      const cookie = `kasus_session=${response.cookies.find((c) => c.name === 'kasus_session')!.value}`;
      const session = (await t.as(null, 'GET', '/api/session', undefined, { cookie })).json();
      expect(session).toMatchObject({ ehrContext: true, readOnly: 'ehr_system' });
      const write = await t.as({ cookie, csrfToken: session.csrfToken, user: session.user }, 'POST', '/api/tokens', { name: 'x' });
      expect(write.json()).toMatchObject({ code: 'ehr_read_only' });
    } finally {
      await set('operational');
    }
  });

  it('accepts audio and ultrasound only from an EHR-context session (403 ehr_context_required otherwise), in multipart and tus', async () => {
    const { caseId } = await demoCase(t, doctor);
    const note = await taggedM4a(dir, 'note.m4a');
    const refused = await t.upload(doctor, caseId, [{ path: note }]);
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(refused.body).toMatchObject({ code: 'ehr_context_required', refused: [{ filename: 'note.m4a', code: 'ehr_context_required' }] });
    expect(refused.body.message).toMatch(/öppnats från journalen/);
    // With a photo beside it, the photo is added and the recording named as refused.
    const photo = await cameraJpeg(dir, 'photo.jpg', 3);
    const mixed = await t.upload(doctor, caseId, [{ path: photo }, { path: note }]);
    expect(mixed.status, JSON.stringify(mixed.body)).toBe(200);
    expect(mixed.body.items).toHaveLength(1);
    expect(mixed.body.refused).toMatchObject([{ filename: 'note.m4a', code: 'ehr_context_required' }]);
    // A photo marked as ultrasound.
    const base = await t.listen();
    let shade = 40;
    const ultrasound = async (session: Session) => {
      const form = new FormData();
      form.append('ultrasound', 'true');
      shade += 1;
      form.append('file', new Blob([await readFile(await cameraJpeg(dir, `us-${shade}.jpg`, shade))]), 'ultraljud.jpg');
      const r = await fetch(`${base}/api/cases/${caseId}/media`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: form });
      return { status: r.status, body: await r.json() };
    };
    expect(await ultrasound(doctor)).toMatchObject({ status: 403, body: { code: 'ehr_context_required' } });
    const tusMeta = (entries: Record<string, string>) => Object.entries(entries).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');
    const tus = await t.as(doctor, 'POST', '/api/uploads', undefined, { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': tusMeta({ caseId, filename: 'u.jpg', ultrasound: 'true' }) });
    expect(tus.statusCode).toBe(403);
    expect(tus.json()).toMatchObject({ code: 'ehr_context_required' });
    // A bearer token never carries the EHR context.
    const token = (await t.as(doctor, 'POST', '/api/tokens', { name: 'script' })).json().token as string;
    const form = new FormData();
    form.append('file', new Blob([await readFile(note)]), 'note.m4a');
    const bearer = await fetch(`${base}/api/cases/${caseId}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(bearer.status).toBe(403);

    // Audio over tus is known only from its bytes: refused when the last byte arrives, nothing kept.
    const tusAudio = async (session: Session, file = note) => {
      const bytes = await readFile(file);
      const tusHeaders = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'tus-resumable': '1.0.0' };
      const created = await fetch(`${base}/api/uploads`, { method: 'POST', headers: { ...tusHeaders, 'upload-length': String(bytes.length), 'upload-metadata': tusMeta({ caseId, filename: 'diktat.m4a' }) } });
      expect(created.status).toBe(201);
      const patched = await fetch(`${base}${created.headers.get('location')}`, {
        method: 'PATCH',
        headers: { ...tusHeaders, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body: new Uint8Array(bytes),
      });
      return { status: patched.status, body: await patched.text(), mediaId: patched.headers.get('kasus-media-id') };
    };
    const tusRefused = await tusAudio(doctor);
    expect(tusRefused.status, tusRefused.body).toBe(403);
    expect(JSON.parse(tusRefused.body)).toMatchObject({ code: 'ehr_context_required' });

    const ehr = await t.ehrLogin();
    const other = path.join(dir, 'other.m4a');
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=550', '-t', '1', '-c:a', 'aac', other], { timeoutMs: 60_000 });
    const tusAccepted = await tusAudio(ehr, other);
    expect(tusAccepted.status, tusAccepted.body).toBe(204);
    expect(tusAccepted.mediaId).toBeTruthy();
    const accepted = await t.upload(ehr, caseId, [{ path: note }]);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.items).toHaveLength(1);
    expect((await ultrasound(ehr)).status).toBe(200);
    const event = await t.services.database.db.selectFrom('audit_event').select('details').where('action', '=', 'media.upload').where('object_id', '=', accepted.body.items[0].id).executeTakeFirstOrThrow();
    expect(JSON.parse(event.details)).toMatchObject({ ehrContext: true });
  });
});
