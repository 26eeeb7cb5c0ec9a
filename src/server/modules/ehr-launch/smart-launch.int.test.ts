// SMART App Launch 2.x, EHR launch (issue 15, I1), against a real authorization server (oidc-provider)
// and a FHIR endpoint (test/helpers/smart-ehr.ts), over real HTTP: the launch ends in a session marked
// with the EHR context on the patient's page, and each refusal answers 403 with one audited event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { identifier, SMART_CLIENT, startSmartEhr, SYSTEMS, type EhrLaunch, type SmartEhr } from '../../../../test/helpers/smart-ehr.js';

/** A valid Swedish personnummer (Luhn check digit) for a patient Kasus does not know yet. */
function personnummer(date: string, serial: number): string {
  const digits = `${date.slice(2)}${String(serial).padStart(3, '0')}`;
  const sum = [...digits].reduce((s, d, i) => {
    const n = Number(d) * (i % 2 === 0 ? 2 : 1);
    return s + (n > 9 ? n - 9 : n);
  }, 0);
  return `${date}-${String(serial).padStart(3, '0')}${(10 - (sum % 10)) % 10}`;
}

/** A browser in miniature: follows redirects by hand, keeps cookies (one host, as a browser keeps them across ports). */
async function drive(startUrl: string, accept = 'application/json', jar = new Map<string, string>()) {
  let url = startUrl;
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, { redirect: 'manual', headers: { accept, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const name = pair!.slice(0, pair!.indexOf('='));
      const value = pair!.slice(pair!.indexOf('=') + 1);
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get('location');
    const done = new URL(url).pathname.startsWith('/launch');
    if (done && (response.status !== 302 || !location)) return { response, url, jar, body: await response.text() };
    if (!location) throw new Error(`stopped at ${url} with ${response.status}: ${await response.text()}`);
    await response.body?.cancel();
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}

describe.each(testDialects())('SMART App Launch from the EHR on %s', (dialect) => {
  let t: TestApp;
  let ehr: SmartEhr;
  let base: string;
  let doctor: Session;

  beforeAll(async () => {
    ehr = await startSmartEhr();
    t = await createTestApp(dialect, {
      KASUS_SMART_CLIENTS: JSON.stringify([
        {
          iss: ehr.fhirBase,
          clientId: SMART_CLIENT.clientId,
          clientSecret: SMART_CLIENT.clientSecret,
          scope: 'launch openid fhirUser patient/Patient.read user/Practitioner.read user/Location.read',
          department: 'SE2321000016-2002',
          users: { 'Practitioner/dr-map': 'lakare', 'Practitioner/log-1': 'logg' },
        },
      ]),
    });
    base = await t.listen();
    await ehr.start([`${base}/launch/callback`]);
    doctor = await t.login('lakare');
    ehr.resources.set('Practitioner/dr-hsa', { resourceType: 'Practitioner', id: 'dr-hsa', identifier: [identifier(SYSTEMS.hsaId, 'LAKARE')] });
    ehr.resources.set('Practitioner/nobody', { resourceType: 'Practitioner', id: 'nobody', identifier: [identifier(SYSTEMS.hsaId, 'SE2321000016-9999')] });
    ehr.resources.set('Location/surgery', { resourceType: 'Location', id: 'surgery', identifier: [identifier(SYSTEMS.hsaId, 'SE2321000016-1001')] });
    ehr.resources.set('Patient/known', { resourceType: 'Patient', id: 'known', identifier: [identifier('urn:oid:1.2.3.4', 'MRN-1'), identifier(SYSTEMS.personnummer, '191212121212')] });
    ehr.resources.set('Patient/bad', { resourceType: 'Patient', id: 'bad', identifier: [identifier(SYSTEMS.personnummer, '19121212-1213')] });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await ehr?.close();
  });

  const launchUrl = (launch: EhrLaunch, iss = ehr.fhirBase) => `${base}/launch?iss=${encodeURIComponent(iss)}&launch=${ehr.launch(launch)}`;
  const eventsOf = async (requestId: string | null) =>
    (await t.services.database.db.selectFrom('audit_event').selectAll().where('request_id', '=', String(requestId)).execute()).map((e) => ({ ...e, details: JSON.parse(e.details) as Record<string, unknown> }));
  const sessionOf = async (jar: Map<string, string>) => (await t.as(null, 'GET', '/api/session', undefined, { cookie: `kasus_session=${jar.get('kasus_session')}` })).json();
  const department = async (hsaId: string) => ((await t.as(doctor, 'GET', '/api/departments')).json() as { id: string; hsaId: string }[]).find((d) => d.hsaId === hsaId)!.id;

  it('registers a new patient from the EHR’s Patient and opens their page in an EHR-context session: user by HSA-id, department by the Location, one success event', async () => {
    const id = personnummer('19850412', 337);
    ehr.resources.set('Patient/new-1', { resourceType: 'Patient', id: 'new-1', identifier: [identifier(SYSTEMS.personnummer, id.replace('-', ''))] });
    const { response, jar, url } = await drive(launchUrl({ practitioner: 'dr-hsa', patient: 'new-1', encounter: 'enc-7', location: 'surgery' }));
    expect(new URL(url).pathname).toBe('/launch/callback');
    expect(response.status).toBe(303);
    const location = String(response.headers.get('location'));
    expect(location).toMatch(/^\/patients\/[0-9a-f-]{36}$/);
    const patientId = location.split('/')[2]!;
    expect(await sessionOf(jar)).toMatchObject({ ehrContext: true, readOnly: null, user: { username: 'lakare' } });
    // The state cookie is spent.
    expect([...jar.keys()].some((k) => k.startsWith('kasus_smart_'))).toBe(false);
    expect((await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: id })).json().id).toBe(patientId);
    const events = await eventsOf(response.headers.get('x-request-id'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'ehr.launch', outcome: 'success', username: 'lakare', patient_id: patientId, department_id: await department('SE2321000016-1001') });
    expect(events[0]!.details).toMatchObject({ launch: 'smart', issuer: ehr.fhirBase, fhirUser: 'Practitioner/dr-hsa', encounter: 'enc-7', registered: true, verification: 'ehr_context', readOnly: null });
    expect(ehr.reads).toEqual(expect.arrayContaining(['Patient/new-1', 'Practitioner/dr-hsa', 'Location/surgery']));
  });

  it('opens a known patient read-only when the EHR says it is in read mode (user by the configured mapping, the configured department)', async () => {
    const { response, jar } = await drive(launchUrl({ practitioner: 'dr-map', patient: 'known', extra: { kasus_mode: 'read' } }));
    expect(response.status).toBe(303);
    const session = await sessionOf(jar);
    expect(session).toMatchObject({ ehrContext: true, readOnly: 'ehr_launch', user: { username: 'lakare' } });
    const write = await t.as({ cookie: `kasus_session=${jar.get('kasus_session')}`, csrfToken: session.csrfToken, user: session.user }, 'POST', '/api/cases', { patientId: String(response.headers.get('location')).split('/')[2], departmentId: await department('SE2321000016-2002') });
    expect(write.json()).toMatchObject({ code: 'ehr_read_only' });
    const events = await eventsOf(response.headers.get('x-request-id'));
    expect(events[0]).toMatchObject({ outcome: 'success', department_id: await department('SE2321000016-2002') });
    expect(events[0]!.details).toMatchObject({ registered: false, readOnly: 'ehr_launch' });
  });

  const refusals: [string, () => Promise<Awaited<ReturnType<typeof drive>>>, string][] = [
    ['from an iss that is not configured', () => drive(`${base}/launch?iss=${encodeURIComponent('https://evil.test/fhir')}&launch=x`), 'unknown_issuer'],
    ['for a patient whose identifier is not valid', () => drive(launchUrl({ practitioner: 'dr-map', patient: 'bad' })), 'invalid_identifier'],
    ['for a patient the EHR does not have', () => drive(launchUrl({ practitioner: 'dr-map', patient: 'missing' })), 'fhir_failed'],
    ['for an EHR user who is not a Kasus user', () => drive(launchUrl({ practitioner: 'nobody', patient: 'known' })), 'unknown_user'],
    ['the EHR’s authorization refused', () => drive(launchUrl({ practitioner: 'dr-map', patient: 'known', deny: true })), 'authorization_denied'],
    ['whose state is not the one this browser started', async () => {
      // The launch is started in one browser; the EHR's answer is opened in another (no cookie for its state).
      const started = await fetch(launchUrl({ practitioner: 'dr-map', patient: 'known' }), { redirect: 'manual' });
      const state = new URL(String(started.headers.get('location'))).searchParams.get('state');
      return drive(`${base}/launch/callback?code=stolen&state=${state}`);
    }, 'bad_state'],
  ];
  it.each(refusals)('refuses a launch %s: 403 ehr_launch_refused, no session, one refused event', async (_name, make, reason) => {
    const { response, body, jar } = await make();
    expect(response.status, body).toBe(403);
    expect(JSON.parse(body)).toMatchObject({ code: 'ehr_launch_refused', reason });
    expect(jar.has('kasus_session')).toBe(false);
    const events = await eventsOf(response.headers.get('x-request-id'));
    expect(events.map((e) => [e.action, e.outcome, e.details.reason, e.details.launch])).toEqual([['ehr.launch', 'refused', reason, 'smart']]);
  });

  it('registers no patient for a user without the right to read patients (403 forbidden, one refused event), and shows a browser a Swedish page', async () => {
    const id = personnummer('19720830', 551);
    ehr.resources.set('Patient/new-2', { resourceType: 'Patient', id: 'new-2', identifier: [identifier(SYSTEMS.personnummer, id)] });
    const { response, body } = await drive(launchUrl({ practitioner: 'log-1', patient: 'new-2' }), 'text/html');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(body).toContain('Kasus kunde inte öppnas från journalen');
    const events = await eventsOf(response.headers.get('x-request-id'));
    expect(events.map((e) => [e.action, e.outcome, e.username])).toEqual([['ehr.launch', 'refused', 'logg']]);
    expect((await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: id })).statusCode).toBe(404);
  });
});
