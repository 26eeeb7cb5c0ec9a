import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { TestClock } from '../../clock.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../test/helpers/receivers.js';
import { DAY_MS } from './routine-rules.js';
import type { MyReminderView, ReminderView } from './routine-reminders-service.js';

interface Version {
  version: number;
  state: string;
  title: string;
  scenarioId: string;
  steps: string[];
  changeNote: string;
  approvedAt: string | null;
  [key: string]: unknown;
}

interface Routine {
  id: string;
  documentId: string;
  state: string;
  versionInForce: number | null;
  latestVersion: number;
  latest: Version;
  versions: Version[];
}

interface InForce {
  at: string;
  scenarios: {
    scenario: { id: string; name: string };
    matchedBy: { systemId: string; systemName: string; status: string; via: { id: string; name: string } | null }[];
    routines: (Version & { documentId: string })[];
  }[];
}

/** `n` days from the clock's present, as ISO text. */
const daysFrom = (clock: TestClock) => (n: number) => new Date(clock.now().getTime() + n * DAY_MS).toISOString();

describe.each(testDialects())('downtime routines and scenarios on %s', (dialect) => {
  /** The app's clock: rules see the time the test sets. */
  const clock = new TestClock();
  const days = daysFrom(clock);
  let t: TestApp;
  let admin: Session;
  let nurse: Session;
  let doctor: Session;
  let counter = 0;
  const unique = (base: string) => `${base}-${++counter}`;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    admin = await t.login('admin');
    nurse = await t.login('skoterska');
    doctor = await t.login('lakare');
  });
  afterAll(() => t.close());

  const systems = async () => (await t.as(nurse, 'GET', '/api/systems')).json() as { id: string; name: string; isKasus: boolean }[];
  const createSystem = async (body: Record<string, unknown> = {}) => {
    const response = await t.as(admin, 'POST', '/api/systems', { name: unique('System'), criticality: 1, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; name: string };
  };
  const setStatus = async (id: string, status: string) => {
    const response = await t.as(admin, 'PUT', `/api/systems/${id}/status`, { status, message: status === 'operational' ? '' : `Test: ${status}` });
    expect(response.statusCode, response.body).toBe(200);
  };
  const createScenario = async (body: Record<string, unknown>) => {
    const response = await t.as(admin, 'POST', '/api/scenarios', { name: unique('Scenario'), ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; name: string; priority: number; condition: unknown };
  };
  let defaultScenario: string | null = null;
  const routineBody = async (body: Record<string, unknown> = {}) => {
    defaultScenario ??= (await createScenario({ condition: { match: 'any', clauses: [{ systemId: (await createSystem()).id, statuses: ['down'] }] } })).id;
    return {
      documentId: unique('RUT-TEST'),
      title: 'Reservrutin',
      scenarioId: defaultScenario,
      steps: ['Använd pappersremiss för röntgen', 'Ring röntgens expedition'],
      forms: [{ name: 'Pappersremiss', url: '/blanketter/remiss.pdf' }],
      contacts: [{ name: 'Röntgens expedition', phone: '010-100 12 00' }],
      ownerId: admin.user.id,
      reviewer: 'Eva Granskare',
      approver: 'Anders Chef',
      validFrom: days(-10),
      validTo: days(300),
      ...body,
    };
  };
  const createRoutine = async (body: Record<string, unknown> = {}, session = admin): Promise<Routine> => {
    const response = await t.as(session, 'POST', '/api/routines', await routineBody(body));
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const approve = async (id: string, body?: Record<string, unknown>): Promise<Routine> => {
    const response = await t.as(admin, 'POST', `/api/routines/${id}/approve`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const inForce = async (session = nurse): Promise<InForce> => {
    const response = await t.as(session, 'GET', '/api/continuity/in-force');
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const expect400 = (response: { statusCode: number; body: string }, field: string, text: RegExp) => {
    expect(response.statusCode, response.body).toBe(400);
    const body = JSON.parse(response.body) as { code: string; message: string };
    expect(body.code).toBe('validation_failed');
    expect(body.message).toMatch(text);
    expect(body.message).toContain(field);
  };

  it('has the demo hospital’s scenarios and approved routines, and reminds the owner of the one about to expire', async () => {
    const scenarios = (await t.as(nurse, 'GET', '/api/scenarios')).json() as { name: string }[];
    expect(scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining(['PACS nere', 'Beställningssystem eller RIS nere', 'Totalt avbrott', 'Journalsystemet endast i läsläge']),
    );
    const routines = (await t.as(nurse, 'GET', '/api/routines')).json() as Routine[];
    const byDocument = new Map(routines.map((r) => [r.documentId, r]));
    for (const documentId of ['RUT-PACS-001', 'RUT-BEST-001', 'RUT-TOTAL-001']) {
      expect(byDocument.get(documentId), documentId).toMatchObject({ state: 'in_force', versionInForce: 1, latest: { approvedAt: expect.any(String) } });
    }
    expect(byDocument.get('RUT-JOURNAL-001')).toMatchObject({ state: 'expiring', versionInForce: 1 });
    expect(byDocument.get('RUT-BEST-001')!.latest.steps).toContain('Använd pappersremiss för röntgen och laboratorium.');

    // The check at start may or may not have run yet; either way there is exactly one reminder.
    await t.services.routineReminders.checkReminders();
    const sysadmin = await t.login('sysadmin');
    const reminders = (await t.as(sysadmin, 'GET', '/api/routines/reminders')).json() as ReminderView[];
    expect(reminders).toEqual([expect.objectContaining({ documentId: 'RUT-JOURNAL-001', version: 1, kind: 'expiring', ownerId: sysadmin.user.id })]);
    expect((await t.as(nurse, 'GET', '/api/routines/reminders')).json()).toEqual([]);
  });

  it('derives the demo scenarios from the statuses and shows their routines with steps, total outage first', async () => {
    const byName = new Map((await systems()).map((s) => [s.name, s.id]));
    const [ehr, pacs, orders] = [byName.get('Journalsystem')!, byName.get('PACS')!, byName.get('Beställningssystem')!];
    expect((await inForce()).scenarios).toEqual([]);
    try {
      await setStatus(pacs, 'down');
      let now = await inForce();
      expect(now.scenarios.map((s) => s.scenario.name)).toEqual(['PACS nere']);
      expect(now.scenarios[0]!.matchedBy).toEqual([{ systemId: pacs, systemName: 'PACS', status: 'down', via: null }]);
      expect(now.scenarios[0]!.routines).toEqual([
        expect.objectContaining({ documentId: 'RUT-PACS-001', version: 1, state: 'in_force', steps: expect.arrayContaining([expect.stringMatching(/minneskort, ett kort per patient/)]) }),
      ]);

      await setStatus(ehr, 'down');
      now = await inForce();
      expect(now.scenarios.map((s) => s.scenario.name)).toEqual(['Totalt avbrott', 'PACS nere']);
      expect(now.scenarios[0]!.routines.map((r) => r.documentId)).toEqual(['RUT-TOTAL-001']);

      await setStatus(ehr, 'read_only');
      await setStatus(orders, 'down');
      now = await inForce();
      // PACS depends on RIS, which depends on the order system: the PACS scenario asks for PACS's own status.
      expect(now.scenarios.map((s) => s.scenario.name)).toEqual(['Beställningssystem eller RIS nere', 'Journalsystemet endast i läsläge', 'PACS nere']);
      expect(now.scenarios[1]!.routines[0]).toMatchObject({ documentId: 'RUT-JOURNAL-001', state: 'expiring' });
      expect(now.scenarios[0]!.routines[0]!.forms).toEqual([expect.objectContaining({ name: expect.stringMatching(/Pappersremiss/) })]);
    } finally {
      for (const id of [pacs, ehr, orders]) await setStatus(id, 'operational');
    }
    expect((await inForce()).scenarios).toEqual([]);
  });

  it('follows propagation when a clause asks for it, and orders by priority and specificity', async () => {
    const upstream = await createSystem({ name: unique('Beställningar') });
    const dependant = await createSystem({ name: unique('Röntgen'), dependsOn: [upstream.id] });
    const other = await createSystem({ name: unique('Bildarkiv') });
    const own = await createScenario({ condition: { match: 'any', clauses: [{ systemId: dependant.id, statuses: ['down'] }] } });
    const via = await createScenario({ condition: { match: 'any', clauses: [{ systemId: dependant.id, statuses: ['down'], viaDependencies: true }] } });
    const both = await createScenario({ condition: { match: 'all', clauses: [{ systemId: upstream.id, statuses: ['down'] }, { systemId: other.id, statuses: ['down', 'degraded'] }] } });
    const urgent = await createScenario({ priority: 100, condition: { match: 'any', clauses: [{ systemId: other.id, statuses: ['degraded'] }] } });
    const routine = await createRoutine({ scenarioId: via.id, systemIds: [dependant.id] });
    await approve(routine.id);
    const draft = await createRoutine({ scenarioId: via.id });
    const mine = (view: InForce) => view.scenarios.filter((s) => [own.id, via.id, both.id, urgent.id].includes(s.scenario.id));
    try {
      await setStatus(upstream.id, 'down');
      let view = mine(await inForce());
      expect(view.map((s) => s.scenario.id)).toEqual([via.id]);
      expect(view[0]!.matchedBy).toEqual([{ systemId: dependant.id, systemName: dependant.name, status: 'down', via: { id: upstream.id, name: upstream.name } }]);
      // Only the approved routine is shown, not the draft.
      expect(view[0]!.routines.map((r) => r.documentId)).toEqual([routine.documentId]);
      expect(view[0]!.routines.map((r) => r.documentId)).not.toContain(draft.documentId);

      await setStatus(dependant.id, 'down');
      await setStatus(other.id, 'degraded');
      view = mine(await inForce());
      // Priority first, then the all-of over two systems, then by name.
      const byName = [own, via].sort((x, y) => x.name.localeCompare(y.name, 'sv')).map((x) => x.id);
      expect(view.map((s) => s.scenario.id)).toEqual([urgent.id, both.id, ...byName]);
    } finally {
      for (const id of [upstream.id, dependant.id, other.id]) await setStatus(id, 'operational');
    }
    expect(mine(await inForce())).toEqual([]);
  });

  it('keeps every version: an edit makes a draft version while the approved one stays in force until the new one is approved', async () => {
    const created = await createRoutine();
    expect(created).toMatchObject({ state: 'draft', versionInForce: null, latestVersion: 1, latest: { changeNote: 'Första versionen.', approvedAt: null } });
    expect(created.versions).toHaveLength(1);

    const approved = await approve(created.id, { version: 1 });
    expect(approved).toMatchObject({ state: 'in_force', versionInForce: 1, latest: { approvedBy: admin.user.id, approvedAt: expect.any(String) } });
    const again = await t.as(admin, 'POST', `/api/routines/${created.id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/redan godkänd/);

    const edited = await t.as(admin, 'PUT', `/api/routines/${created.id}`, {
      ...(await routineBody()),
      documentId: undefined,
      steps: ['Använd pappersremiss för röntgen', 'Ring röntgens expedition', 'Fotografera till minneskort, ett kort per patient'],
      changeNote: 'Lagt till steg om foton.',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const v2 = edited.json() as Routine;
    expect(v2).toMatchObject({ latestVersion: 2, versionInForce: 1, state: 'in_force', latest: { version: 2, state: 'draft', changeNote: 'Lagt till steg om foton.' } });
    expect(v2.versions.map((v) => [v.version, v.state, v.steps.length])).toEqual([[2, 'draft', 3], [1, 'in_force', 2]]);

    const stale = await t.as(admin, 'POST', `/api/routines/${created.id}/approve`, { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toMatch(/inte den senaste/);
    const v2Approved = await approve(created.id, { version: 2 });
    expect(v2Approved.versions.map((v) => [v.version, v.state])).toEqual([[2, 'in_force'], [1, 'superseded']]);
    const read = (await t.as(nurse, 'GET', `/api/routines/${created.id}`)).json() as Routine;
    expect(read.versions[1]).toMatchObject({ version: 1, changeNote: 'Första versionen.', steps: ['Använd pappersremiss för röntgen', 'Ring röntgens expedition'] });

    const audit = (await t.services.auditLog.list({ action: 'routine.approve' }, 1, 100)).items.filter((e) => e.objectId === created.id);
    expect(audit.map((e) => e.details.version)).toEqual([2, 1]);
    expect((await t.as(admin, 'GET', '/api/routines/no-such-routine')).statusCode).toBe(404);
    expect((await t.as(admin, 'POST', '/api/routines/no-such-routine/approve')).statusCode).toBe(404);
  });

  it('marks routines scheduled, in force, expiring and expired by their validity, now and at a given instant', async () => {
    const scheduled = await approve((await createRoutine({ validFrom: days(10), validTo: days(400) })).id);
    const expiring = await approve((await createRoutine({ validFrom: days(-100), validTo: days(5) })).id);
    const expired = await approve((await createRoutine({ validFrom: days(-100), validTo: days(-1) })).id);
    const inForceNow = await approve((await createRoutine({ validFrom: days(-1), validTo: days(200) })).id);
    expect(scheduled).toMatchObject({ state: 'scheduled', versionInForce: null });
    expect(expiring).toMatchObject({ state: 'expiring', versionInForce: 1 });
    expect(expired).toMatchObject({ state: 'expired', versionInForce: null });
    expect(inForceNow).toMatchObject({ state: 'in_force', versionInForce: 1 });

    const at = async (instant: string) => new Map(((await t.as(nurse, 'GET', `/api/routines?at=${encodeURIComponent(instant)}`)).json() as Routine[]).map((r) => [r.id, r.state]));
    const in20 = await at(days(20));
    expect([in20.get(scheduled.id), in20.get(expiring.id), in20.get(expired.id), in20.get(inForceNow.id)]).toEqual(['in_force', 'expired', 'expired', 'in_force']);
    const in180 = await at(days(180));
    expect(in180.get(inForceNow.id)).toBe('expiring');
    expect((await at(days(-50))).get(expired.id)).toBe('in_force');
    expect((await at(days(-50))).get(inForceNow.id)).toBe('scheduled');

    const expiredList = (await t.as(nurse, 'GET', '/api/routines?state=expired')).json() as Routine[];
    expect(expiredList.map((r) => r.id)).toContain(expired.id);
    expect(expiredList.every((r) => r.state === 'expired')).toBe(true);

    // An expired routine is not shown on the status page even while its scenario holds.
    const system = await createSystem();
    const scenario = await createScenario({ condition: { match: 'any', clauses: [{ systemId: system.id, statuses: ['down'] }] } });
    const old = await approve((await createRoutine({ scenarioId: scenario.id, validFrom: days(-100), validTo: days(-1) })).id);
    const current = await approve((await createRoutine({ scenarioId: scenario.id })).id);
    const future = await approve((await createRoutine({ scenarioId: scenario.id, validFrom: days(3) })).id);
    await setStatus(system.id, 'down');
    const shown = (await inForce()).scenarios.find((s) => s.scenario.id === scenario.id)!;
    expect(shown.routines.map((r) => r.documentId)).toEqual([current.documentId]);
    expect(shown.routines.map((r) => r.documentId)).not.toContain(old.documentId);
    expect(shown.routines.map((r) => r.documentId)).not.toContain(future.documentId);
    await setStatus(system.id, 'operational');
  });

  it('reminds each owner once per version, however often and however concurrently the check runs', async () => {
    const delivered: ReminderView[] = [];
    const stop = t.services.routineReminders.onReminder((r) => void delivered.push(r));
    try {
      const routine = await approve((await createRoutine({ ownerId: doctor.user.id, validTo: days(10) })).id);
      const untouched = await approve((await createRoutine({ ownerId: doctor.user.id, validTo: days(300) })).id);
      const draft = await createRoutine({ ownerId: doctor.user.id, validTo: days(3) });

      const [first, second] = await Promise.all([t.services.routineReminders.checkReminders(), t.services.routineReminders.checkReminders()]);
      const forRoutine = (list: ReminderView[]) => list.filter((r) => r.routineId === routine.id);
      expect(forRoutine(first).length + forRoutine(second).length).toBe(1);
      expect(forRoutine(await t.services.routineReminders.checkReminders())).toEqual([]);
      // Later, after it has expired: still the one reminder for this version and owner.
      expect(forRoutine(await t.services.routineReminders.checkReminders(new Date(clock.now().getTime() + 20 * DAY_MS)))).toEqual([]);

      const mine = (await t.as(doctor, 'GET', '/api/routines/reminders')).json() as ReminderView[];
      expect(mine.filter((r) => r.routineId === routine.id)).toEqual([
        expect.objectContaining({ documentId: routine.documentId, version: 1, kind: 'expiring', ownerId: doctor.user.id, validTo: routine.latest.validTo }),
      ]);
      expect(mine.map((r) => r.routineId)).not.toContain(untouched.id);
      expect(mine.map((r) => r.routineId)).not.toContain(draft.id);
      expect(delivered.filter((r) => r.routineId === routine.id)).toHaveLength(1);
      const audit = (await t.services.auditLog.list({ action: 'routine.reminder' }, 1, 200)).items.filter((e) => e.objectId === routine.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ outcome: 'success', userId: null, details: expect.objectContaining({ version: 1, kind: 'expiring', ownerId: doctor.user.id }) });

      // A new approved version that takes over in time needs no reminder; one expiring again gets its own.
      const renewed = await t.as(admin, 'PUT', `/api/routines/${routine.id}`, {
        ...(await routineBody({ ownerId: doctor.user.id, validFrom: days(-1), validTo: days(8) })),
        documentId: undefined,
        changeNote: 'Förlängd i väntan på revision.',
      });
      expect(renewed.statusCode, renewed.body).toBe(200);
      await approve(routine.id);
      const v2 = forRoutine(await t.services.routineReminders.checkReminders());
      expect(v2).toEqual([expect.objectContaining({ version: 2, kind: 'expiring' })]);
      expect(forRoutine(await t.services.routineReminders.checkReminders())).toEqual([]);

      // The owner's list says which reminders still need attention: version 1's was answered by version 2.
      const all = forRoutine((await t.as(doctor, 'GET', '/api/routines/reminders')).json() as ReminderView[]);
      expect(all.map((r) => [r.version, (r as ReminderView & { open: boolean }).open])).toEqual([[2, true], [1, false]]);
      const open = forRoutine((await t.as(doctor, 'GET', '/api/routines/reminders?open=true')).json() as ReminderView[]);
      expect(open).toEqual([expect.objectContaining({ version: 2, open: true, currentKind: 'expiring', title: 'Reservrutin', documentId: routine.documentId })]);
      expect((await t.as(doctor, 'GET', '/api/routines/reminders?open=maybe')).statusCode).toBe(400);
    } finally {
      stop();
    }
  });

  it('finishes the e-mail job without sending when Kasus has no e-mail server; the reminder is still shown', async () => {
    expect(t.config.smtpUrl).toBeUndefined();
    const patched = await t.as(admin, 'PATCH', `/api/users/${doctor.user.id}`, { email: 'lakare@sjukhuset.example' });
    expect(patched.statusCode, patched.body).toBe(200);
    try {
      const routine = await approve((await createRoutine({ ownerId: doctor.user.id, validTo: days(4) })).id);
      const reminder = (await t.services.routineReminders.checkReminders()).find((r) => r.routineId === routine.id)!;
      expect(reminder).toMatchObject({ kind: 'expiring', ownerId: doctor.user.id });
      // This app runs the worker inline: the job is taken and finishes as done, not retried, not dead.
      const job = async () =>
        (await t.services.database.db.selectFrom('job').selectAll().where('name', '=', 'routine.remind').execute()).find(
          (j) => (JSON.parse(j.payload) as { reminderId: string }).reminderId === reminder.id,
        );
      const deadline = Date.now() + 20_000;
      while ((await job())?.status !== 'done' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await job()).toMatchObject({ status: 'done', attempts: 1, last_error: null });
      expect(await t.services.routineReminders.sendReminder(reminder.id)).toEqual({ sent: false, reason: 'no_mail_server' });
      expect(((await t.as(doctor, 'GET', '/api/routines/reminders')).json() as ReminderView[]).map((r) => r.id)).toContain(reminder.id);
    } finally {
      await t.as(admin, 'PATCH', `/api/users/${doctor.user.id}`, { email: null });
    }
  });

  it('lets every logged-in user read routines, scenarios and what is in force, and only continuity.manage change them', async () => {
    const routine = await createRoutine();
    const scenario = (await t.as(admin, 'GET', '/api/scenarios')).json()[0] as { id: string; name: string; condition: unknown };
    for (const url of ['/api/routines', `/api/routines/${routine.id}`, '/api/scenarios', '/api/continuity/in-force', '/api/routines/reminders']) {
      expect((await t.as(nurse, 'GET', url)).statusCode, url).toBe(200);
      expect((await t.as(null, 'GET', url)).statusCode, url).toBe(401);
    }
    const body = await routineBody();
    for (const [method, url, payload] of [
      ['POST', '/api/routines', body],
      ['PUT', `/api/routines/${routine.id}`, { ...body, documentId: undefined, changeNote: 'x' }],
      ['POST', `/api/routines/${routine.id}/approve`, undefined],
      ['POST', '/api/scenarios', { name: unique('Obehörigt'), condition: scenario.condition }],
      ['PUT', `/api/scenarios/${scenario.id}`, { name: scenario.name, condition: scenario.condition }],
    ] as const) {
      const response = await t.as(nurse, method, url, payload);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    expect((await t.as(nurse, 'GET', `/api/routines/${routine.id}`)).json()).toMatchObject({ state: 'draft', latestVersion: 1 });
    const refused = (await t.services.auditLog.list({ action: 'routine.approve' }, 1, 100)).items.find((e) => e.objectId === routine.id && e.outcome === 'refused');
    expect(refused).toMatchObject({ username: 'skoterska' });
  });

  it('refuses bad input with 400 and a Swedish message naming the field', async () => {
    const base = await routineBody();
    expect400(await t.as(admin, 'POST', '/api/routines', { ...base, validFrom: days(10), validTo: days(5) }), 'validTo', /giltig till ska ligga efter giltig från/i);
    expect400(await t.as(admin, 'POST', '/api/routines', { ...base, validTo: base.validFrom }), 'validTo', /efter giltig från/i);
    expect400(await t.as(admin, 'POST', '/api/routines', { ...base, steps: [] }), 'steps', /minst ett steg/);
    expect400(await t.as(admin, 'POST', '/api/routines', { ...base, steps: ['  '] }), 'steps', /tomt/);
    const notADate = await t.as(admin, 'POST', '/api/routines', { ...base, validFrom: 'i morgon' });
    expect({ status: notADate.statusCode, ...notADate.json() }).toMatchObject({ status: 400, code: 'invalid_date', field: 'validFrom', message: expect.stringMatching(/datum/) });
    expect400(await t.as(admin, 'POST', '/api/routines', { ...base, scenarioId: 'no-such-scenario' }), 'scenarioId', /finns inte/);
    expect400(await t.as(admin, 'POST', '/api/routines', { ...base, systemIds: ['no-such-system'] }), 'systemIds', /no-such-system finns inte i systemregistret/);
    expect400(await t.as(admin, 'POST', '/api/routines', { ...base, ownerId: 'no-such-user' }), 'ownerId', /finns inte/);
    expect400(await t.as(admin, 'POST', '/api/routines', { ...base, documentId: 'RUT PACS/1' }), 'documentId', /bokstäver, siffror/);
    expect400(await t.as(admin, 'POST', '/api/routines', { ...base, reviewer: '' }), 'reviewer', /tomt/);
    const { documentId: _documentId, ...content } = base;
    const routine = await createRoutine();
    expect400(await t.as(admin, 'PUT', `/api/routines/${routine.id}`, content), 'changeNote', /Uppgifterna är inte giltiga/);
    expect400(await t.as(admin, 'PUT', `/api/routines/${routine.id}`, { ...content, changeNote: '   ' }), 'changeNote', /tomt/);
    expect((await t.as(admin, 'PUT', '/api/routines/no-such-routine', { ...content, changeNote: 'x' })).statusCode).toBe(404);
    const taken = await t.as(admin, 'POST', '/api/routines', { ...base, documentId: routine.documentId });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'conflict', field: 'documentId' });

    const system = await createSystem();
    expect400(
      await t.as(admin, 'POST', '/api/scenarios', { name: unique('X'), condition: { match: 'any', clauses: [{ systemId: 'no-such-system', statuses: ['down'] }] } }),
      'condition',
      /no-such-system finns inte i systemregistret/,
    );
    expect400(await t.as(admin, 'POST', '/api/scenarios', { name: unique('X'), condition: { match: 'any', clauses: [] } }), 'condition.clauses', /minst ett villkor/);
    expect400(await t.as(admin, 'POST', '/api/scenarios', { name: unique('X'), condition: { match: 'any', clauses: [{ systemId: system.id, statuses: ['broken'] }] } }), 'statuses', /okänd status/);
    expect400(await t.as(admin, 'POST', '/api/scenarios', { name: unique('X'), condition: { match: 'some', clauses: [{ systemId: system.id, statuses: ['down'] }] } }), 'condition.match', /any .* all/);
    const name = unique('Dubblett');
    await createScenario({ name, condition: { match: 'any', clauses: [{ systemId: system.id, statuses: ['down'] }] } });
    const dup = await t.as(admin, 'POST', '/api/scenarios', { name, condition: { match: 'any', clauses: [{ systemId: system.id, statuses: ['down'] }] } });
    expect(dup.statusCode).toBe(409);
    // Nothing was stored by the refusals.
    expect(((await t.as(admin, 'GET', '/api/routines')).json() as Routine[]).filter((r) => r.documentId === routine.documentId)).toHaveLength(1);
  });

  it('changes a scenario, and the change applies to what is in force at once', async () => {
    const a = await createSystem();
    const b = await createSystem();
    const scenario = await createScenario({ condition: { match: 'any', clauses: [{ systemId: a.id, statuses: ['down'] }] } });
    try {
      await setStatus(b.id, 'maintenance');
      expect((await inForce()).scenarios.map((s) => s.scenario.id)).not.toContain(scenario.id);
      const changed = await t.as(admin, 'PUT', `/api/scenarios/${scenario.id}`, {
        name: scenario.name,
        priority: 5,
        condition: { match: 'any', clauses: [{ systemId: a.id, statuses: ['down'] }, { systemId: b.id, statuses: ['maintenance'] }] },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ priority: 5 });
      expect((await inForce()).scenarios.map((s) => s.scenario.id)).toContain(scenario.id);
    } finally {
      await setStatus(b.id, 'operational');
    }
    expect((await t.as(admin, 'PUT', '/api/scenarios/no-such-scenario', { name: 'x', condition: { match: 'any', clauses: [{ systemId: a.id, statuses: ['down'] }] } })).statusCode).toBe(404);
  });

  it('keeps working in Kasus’s read-only mode: routines are what staff need during an outage', async () => {
    const kasus = (await systems()).find((s) => s.isKasus)!;
    await setStatus(kasus.id, 'read_only');
    try {
      expect((await t.as(null, 'GET', '/api/health')).json().mode).toBe('read_only');
      const created = await createRoutine();
      await approve(created.id);
      expect((await t.as(admin, 'POST', '/api/cases', {})).statusCode).toBe(503);
      expect((await inForce()).scenarios).toEqual([]);
    } finally {
      await setStatus(kasus.id, 'operational');
    }
  });

  // Last in this block: it moves the app's clock forward by two months.
  it('follows a routine through its expiry as the clock moves: in force, expiring with one reminder, expired and off the status page', async () => {
    const system = await createSystem();
    const scenario = await createScenario({ condition: { match: 'any', clauses: [{ systemId: system.id, statuses: ['down'] }] } });
    const routine = await approve((await createRoutine({ scenarioId: scenario.id, ownerId: doctor.user.id, validFrom: days(-1), validTo: days(45) })).id);
    const stateNow = async () => ((await t.as(nurse, 'GET', '/api/routines')).json() as Routine[]).find((r) => r.id === routine.id)!.state;
    const remindersNow = async () => (await t.services.routineReminders.checkReminders()).filter((r) => r.routineId === routine.id);
    await setStatus(system.id, 'down');
    try {
      expect(await stateNow()).toBe('in_force');
      expect(await remindersNow()).toEqual([]);

      // 16 days on, 29 days are left (KASUS_ROUTINE_REMINDER_DAYS is 30): expiring, and its owner is reminded once.
      clock.advance({ days: 16 });
      [admin, nurse, doctor] = [await t.login('admin'), await t.login('skoterska'), await t.login('lakare')];
      expect(await stateNow()).toBe('expiring');
      expect(await remindersNow()).toEqual([expect.objectContaining({ kind: 'expiring', version: 1, ownerId: doctor.user.id })]);
      expect(await remindersNow()).toEqual([]);
      expect(((await t.as(doctor, 'GET', '/api/routines/reminders')).json() as ReminderView[]).filter((r) => r.routineId === routine.id)).toHaveLength(1);
      expect((await inForce()).scenarios.find((s) => s.scenario.id === scenario.id)!.routines.map((r) => r.documentId)).toEqual([routine.documentId]);

      // Past its valid-to: expired, no longer shown while its scenario holds, and no second reminder.
      clock.advance({ days: 30 });
      [admin, nurse, doctor] = [await t.login('admin'), await t.login('skoterska'), await t.login('lakare')];
      expect(await stateNow()).toBe('expired');
      expect(await remindersNow()).toEqual([]);
      expect((await inForce()).scenarios.find((s) => s.scenario.id === scenario.id)?.routines ?? []).toEqual([]);
    } finally {
      await setStatus(system.id, 'operational');
    }
  });
});

describe.each(testDialects())('routine expiry reminders by e-mail on %s', (dialect) => {
  const clock = new TestClock();
  const days = daysFrom(clock);
  let t: TestApp;
  let smtp: SmtpReceiver;
  let admin: Session;
  let owner: { id: string; email: string };
  let ownerWithoutEmail: Session;
  let scenarioId: string;
  let counter = 0;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    // No inline worker: the test sees the job as it was queued, then runs a worker itself.
    t = await createTestApp(dialect, { KASUS_SMTP_URL: smtp.url, KASUS_SMTP_FROM: 'kasus@sjukhuset.example', KASUS_WORKER: 'off', KASUS_PUBLIC_URL: 'https://kasus.sjukhuset.example/' }, { clock });
    admin = await t.login('admin');
    // Routine owners need no rights of their own to be reminded and to read their reminders.
    const roles: never[] = [];
    const created = await t.as(admin, 'POST', '/api/users', {
      username: 'rutin.agare',
      password: 'rutin-agare-losen',
      displayName: 'Rut Ägare',
      email: 'rut.agare@sjukhuset.example',
      roles,
    });
    expect(created.statusCode, created.body).toBe(201);
    owner = { id: created.json().id, email: created.json().email };
    expect(owner.email).toBe('rut.agare@sjukhuset.example');
    const without = await t.as(admin, 'POST', '/api/users', { username: 'utan.epost', password: 'utan-epost-losen', displayName: 'Utan Epost', roles });
    expect(without.statusCode, without.body).toBe(201);
    expect(without.json().email).toBeNull();
    ownerWithoutEmail = await t.login('utan.epost', 'utan-epost-losen');
    const system = await t.as(admin, 'POST', '/api/systems', { name: 'Påminnelsesystem', criticality: 2 });
    expect(system.statusCode, system.body).toBe(201);
    const scenario = await t.as(admin, 'POST', '/api/scenarios', {
      name: 'Påminnelsesystem nere',
      condition: { match: 'any', clauses: [{ systemId: system.json().id, statuses: ['down'] }] },
    });
    expect(scenario.statusCode, scenario.body).toBe(201);
    scenarioId = scenario.json().id;
    // The check at start has run (or runs now): the demo reminders are out of the way.
    await t.services.routineReminders.checkReminders();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const approvedRoutine = async (ownerId: string, validFrom: string, validTo: string) => {
    const created = await t.as(admin, 'POST', '/api/routines', {
      documentId: `RUT-PAMIN-${++counter}`,
      title: `Reservrutin ${counter}`,
      scenarioId,
      steps: ['Använd pappersblankett'],
      ownerId,
      reviewer: 'Eva Granskare',
      approver: 'Anders Chef',
      validFrom,
      validTo,
    });
    expect(created.statusCode, created.body).toBe(201);
    const approved = await t.as(admin, 'POST', `/api/routines/${created.json().id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    return approved.json() as Routine;
  };
  const remindJobs = async (reminderId: string) =>
    (await t.services.database.db.selectFrom('job').selectAll().where('name', '=', 'routine.remind').execute()).filter(
      (j) => (JSON.parse(j.payload) as { reminderId: string }).reminderId === reminderId,
    );
  const mailsAbout = (documentId: string) => smtp.messages.filter((m) => m.subject.includes(`Rutin ${documentId} `));
  /** Runs a worker until `done` holds (or the time is up), then stops it. */
  const runWorker = async (done: () => Promise<boolean>, timeoutMs = 20_000) => {
    const worker = t.services.startWorker({ pollIntervalMs: 50 });
    try {
      const deadline = Date.now() + timeoutMs;
      while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
    }
  };
  const finished = (reminderId: string) => async () => (await remindJobs(reminderId)).every((j) => j.status === 'done' || j.status === 'dead');
  const localDate = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: t.config.timeZone, dateStyle: 'short' }).format(new Date(iso));

  it('queues the e-mail in the reminder’s own transaction and sends it once to the owner', async () => {
    const routine = await approvedRoutine(owner.id, days(-100), days(10));
    const at = clock.now();

    // The queue fails: the reminder is not recorded either, and the next check records both.
    const enqueue = vi.spyOn(t.services.jobs.queue, 'enqueue').mockRejectedValueOnce(new Error('queue down'));
    try {
      await expect(t.services.routineReminders.checkReminders(at)).rejects.toThrow('queue down');
    } finally {
      enqueue.mockRestore();
    }
    const ownerSession = await t.login('rutin.agare', 'rutin-agare-losen');
    expect(((await t.as(ownerSession, 'GET', '/api/routines/reminders')).json() as ReminderView[]).filter((r) => r.routineId === routine.id)).toEqual([]);

    const recorded = (await t.services.routineReminders.checkReminders(at)).filter((r) => r.routineId === routine.id);
    expect(recorded).toEqual([expect.objectContaining({ kind: 'expiring', version: 1, ownerId: owner.id })]);
    const reminder = recorded[0]!;
    // The job exists as soon as the reminder does, before any worker ran.
    expect(await remindJobs(reminder.id)).toEqual([expect.objectContaining({ status: 'queued', unique_key: `routine.remind:${reminder.id}` })]);
    expect(mailsAbout(routine.documentId)).toEqual([]);

    await runWorker(finished(reminder.id));
    expect(await remindJobs(reminder.id)).toEqual([expect.objectContaining({ status: 'done', attempts: 1, last_error: null })]);
    const mails = mailsAbout(routine.documentId);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toEqual([owner.email]);
    expect(mail.from).toBe('kasus@sjukhuset.example');
    expect(mail.subject).toBe(`Rutin ${routine.documentId} version 1 löper ut ${localDate(routine.latest.validTo as string)}`);
    expect(mail.headers['message-id']).toBe(`<kasus-routine-reminder-${reminder.id}@kasus>`);
    expect(mail.text).toContain('Hej Rut Ägare,');
    expect(mail.text).toContain(`Rutinen ${routine.documentId} "${routine.latest.title}", version 1, löper snart ut.`);
    expect(mail.text).toMatch(new RegExp(`Giltig till: ${localDate(routine.latest.validTo as string)} \\d{2}:\\d{2} \\(${t.config.timeZone.replace('/', '\\/')}\\)`));
    expect(mail.text).toMatch(/godkänns innan den nuvarande går ut/);
    // A whole link, from KASUS_PUBLIC_URL (its trailing slash dropped).
    expect(mail.text).toContain(`Rutinen i Kasus: https://kasus.sjukhuset.example/status/routines/${routine.id}\n`);
    // The owner sees where the e-mail went; a retry of the job sends nothing again.
    const shown = ((await t.as(ownerSession, 'GET', '/api/routines/reminders')).json() as MyReminderView[]).find((r) => r.id === reminder.id);
    expect(shown?.mail).toEqual({ outcome: 'sent', to: owner.email, at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(await t.services.routineReminders.sendReminder(reminder.id)).toEqual({ sent: true, to: owner.email, messageId: `<kasus-routine-reminder-${reminder.id}@kasus>` });
    expect(mailsAbout(routine.documentId)).toHaveLength(1);

    // Checking again records nothing and queues nothing: no second e-mail.
    expect((await t.services.routineReminders.checkReminders(at)).filter((r) => r.routineId === routine.id)).toEqual([]);
    expect((await t.services.routineReminders.checkReminders(new Date(at.getTime() + 2 * DAY_MS))).filter((r) => r.routineId === routine.id)).toEqual([]);
    await runWorker(async () => false, 500);
    expect(await remindJobs(reminder.id)).toHaveLength(1);
    expect(mailsAbout(routine.documentId)).toHaveLength(1);
    expect(((await t.as(ownerSession, 'GET', '/api/routines/reminders')).json() as ReminderView[]).filter((r) => r.routineId === routine.id)).toHaveLength(1);
  });

  it('sends no e-mail to an owner without an address, and the job ends done, not dead', async () => {
    const routine = await approvedRoutine(ownerWithoutEmail.user.id, days(-100), days(5));
    const reminder = (await t.services.routineReminders.checkReminders()).find((r) => r.routineId === routine.id)!;
    expect(reminder).toMatchObject({ kind: 'expiring', ownerId: ownerWithoutEmail.user.id });
    expect(await remindJobs(reminder.id)).toEqual([expect.objectContaining({ status: 'queued' })]);
    await runWorker(finished(reminder.id));
    expect(await remindJobs(reminder.id)).toEqual([expect.objectContaining({ status: 'done', attempts: 1, last_error: null })]);
    expect(mailsAbout(routine.documentId)).toEqual([]);
    expect(await t.services.routineReminders.sendReminder(reminder.id)).toEqual({ sent: false, reason: 'no_email_address' });
    // Shown in Kasus instead, with why no e-mail came.
    const mine = (await t.as(ownerWithoutEmail, 'GET', '/api/routines/reminders')).json() as MyReminderView[];
    expect(mine.find((r) => r.id === reminder.id)?.mail).toEqual({ outcome: 'no_email_address', to: null, at: expect.any(String) });
  });

  it('sends nothing when a new version was approved before the job ran', async () => {
    const routine = await approvedRoutine(owner.id, days(-100), days(6));
    const reminder = (await t.services.routineReminders.checkReminders()).find((r) => r.routineId === routine.id)!;
    expect(await remindJobs(reminder.id)).toEqual([expect.objectContaining({ status: 'queued' })]);
    const renewed = await t.as(admin, 'PUT', `/api/routines/${routine.id}`, {
      title: routine.latest.title,
      scenarioId,
      steps: ['Använd pappersblankett', 'Ring expeditionen'],
      ownerId: owner.id,
      reviewer: 'Eva Granskare',
      approver: 'Anders Chef',
      validFrom: days(-1),
      validTo: days(365),
      changeNote: 'Granskad och förlängd.',
    });
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect((await t.as(admin, 'POST', `/api/routines/${routine.id}/approve`, { version: 2 })).statusCode).toBe(200);
    await runWorker(finished(reminder.id));
    expect(await remindJobs(reminder.id)).toEqual([expect.objectContaining({ status: 'done', last_error: null })]);
    expect(mailsAbout(routine.documentId)).toEqual([]);
    expect(await t.services.routineReminders.sendReminder(reminder.id)).toEqual({ sent: false, reason: 'no_longer_due' });
    // And the owner's notice no longer lists it.
    const ownerSession = await t.login('rutin.agare', 'rutin-agare-losen');
    const open = (await t.as(ownerSession, 'GET', '/api/routines/reminders?open=true')).json() as ReminderView[];
    expect(open.map((r) => r.routineId)).not.toContain(routine.id);
  });

  it('tells the owner of an expired version that it has expired', async () => {
    const routine = await approvedRoutine(owner.id, days(-100), days(-2));
    expect(routine.state).toBe('expired');
    const reminder = (await t.services.routineReminders.checkReminders()).find((r) => r.routineId === routine.id)!;
    expect(reminder).toMatchObject({ kind: 'expired', version: 1 });
    await runWorker(finished(reminder.id));
    const mails = mailsAbout(routine.documentId);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Rutin ${routine.documentId} version 1 har gått ut ${localDate(routine.latest.validTo as string)}`);
    expect(mails[0]!.text).toContain('har gått ut och gäller inte längre');
    expect(mails[0]!.text).toContain(`/status/routines/${routine.id}`);
    expect(mails[0]!.headers['message-id']).toBe(`<kasus-routine-reminder-${reminder.id}@kasus>`);
    const ownerSession = await t.login('rutin.agare', 'rutin-agare-losen');
    const open = (await t.as(ownerSession, 'GET', '/api/routines/reminders?open=true')).json() as ReminderView[];
    expect(open.find((r) => r.id === reminder.id)).toMatchObject({ kind: 'expired', open: true, currentKind: 'expired', title: routine.latest.title });
  });
});
