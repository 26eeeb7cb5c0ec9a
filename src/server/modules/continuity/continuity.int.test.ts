import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

interface System {
  id: string;
  isKasus: boolean;
  name: string;
  status: string;
  message: string | null;
  startedAt: string;
  expectedEnd: string | null;
  source: string;
  setBy: string | null;
  dependsOn: string[];
  affected: boolean;
  affectedBy: { id: string; name: string; status: string }[];
  [key: string]: unknown;
}

interface Notice {
  id: string;
  kind: string;
  system: { id: string; name: string };
  status: string;
  message: string | null;
  affected: { id: string; name: string }[];
  source: string;
  outageId: string | null;
  closedAt: string | null;
  createdBy: string | null;
}

describe.each(testDialects())('systems registry, status and notices on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let nurse: Session;
  let counter = 0;
  const unique = (base: string) => `${base} ${++counter}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    nurse = await t.login('skoterska');
  });
  afterAll(() => t.close());

  const create = async (body: Record<string, unknown> = {}, session = admin): Promise<System> => {
    const response = await t.as(session, 'POST', '/api/systems', { name: unique('System'), criticality: 2, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const setStatus = async (id: string, body: Record<string, unknown>, session = admin): Promise<System> => {
    const response = await t.as(session, 'PUT', `/api/systems/${id}/status`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const systems = async (session = nurse): Promise<System[]> => {
    const response = await t.as(session, 'GET', '/api/systems');
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const notices = async (query = ''): Promise<{ items: Notice[]; total: number }> => {
    const response = await t.as(nurse, 'GET', `/api/notices${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const expect400 = (response: { statusCode: number; json(): any }, field: string, text: RegExp) => {
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('validation_failed');
    expect(body.message).toMatch(text);
    expect(body.message).toContain(field);
  };

  it('registers Kasus itself at start, and the demo hospital’s systems with their dependencies', async () => {
    const list = await systems();
    const byName = new Map(list.map((s) => [s.name, s]));
    const kasus = list.find((s) => s.isKasus)!;
    expect(kasus).toMatchObject({ name: 'Kasus', status: 'operational', source: 'initial', affected: false });
    expect(list.filter((s) => s.isKasus)).toHaveLength(1);
    for (const name of ['Journalsystem', 'Beställningssystem', 'RIS', 'PACS', 'Laboratoriesystem']) {
      expect(byName.get(name), name).toMatchObject({ status: 'operational', description: expect.stringMatching(/\w{10}/) });
    }
    expect(kasus.dependsOn).toEqual([byName.get('Journalsystem')!.id]);
    expect(byName.get('RIS')!.dependsOn).toEqual([byName.get('Beställningssystem')!.id]);
    expect(byName.get('Laboratoriesystem')!.dependsOn).toEqual([byName.get('Beställningssystem')!.id]);
    expect(byName.get('PACS')!.dependsOn).toEqual([byName.get('RIS')!.id]);
    expect((await t.as(null, 'GET', '/api/health')).json()).toEqual({ status: 'ok', mode: 'read_write' });
    // Bootstrapping again (every start) keeps the one Kasus row.
    await t.services.systemRegistry.ensureKasusSystem();
    expect((await systems()).filter((s) => s.isKasus)).toHaveLength(1);
  });

  it('registers a system with its details, changes it and keeps the registration in its history', async () => {
    const upstream = await create();
    const name = unique('Operationsplanering');
    const created = await create({
      name,
      description: 'Planering av operationer',
      vendor: 'Exempel AB',
      criticality: 1,
      owner: 'Förvaltning Operation',
      serviceDeskContact: '010-100 00 00',
      dependsOn: [upstream.id],
    });
    expect(created).toMatchObject({
      name,
      description: 'Planering av operationer',
      vendor: 'Exempel AB',
      criticality: 1,
      owner: 'Förvaltning Operation',
      serviceDeskContact: '010-100 00 00',
      dependsOn: [upstream.id],
      status: 'operational',
      source: 'initial',
      isKasus: false,
      probe: null,
    });
    const patched = await t.as(admin, 'PATCH', `/api/systems/${created.id}`, { criticality: 3, vendor: null, dependsOn: [] });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ criticality: 3, vendor: null, dependsOn: [], name });
    const history = (await t.as(nurse, 'GET', `/api/systems/${created.id}/history`)).json();
    expect(history).toMatchObject({ total: 1, items: [{ status: 'operational', previousStatus: null, source: 'initial' }] });
    const audit = (await t.services.auditLog.list({ action: 'system.update' }, 1, 50)).items.find((e) => e.objectId === created.id);
    expect(audit).toMatchObject({ outcome: 'success', username: 'admin' });

    const again = await t.as(admin, 'POST', '/api/systems', { name, criticality: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', field: 'name' });
    expect((await t.as(admin, 'GET', '/api/systems/no-such-system')).statusCode).toBe(404);
    expect((await t.as(admin, 'PUT', '/api/systems/no-such-system/status', { status: 'down', message: 'x' })).json()).toMatchObject({ code: 'not_found' });
  });

  it('refuses bad input with 400 and a Swedish message naming the field', async () => {
    const system = await create();
    expect400(await t.as(admin, 'POST', '/api/systems', { name: unique('X'), criticality: 4 }), 'criticality', /1 \(högst\), 2 eller 3/);
    expect400(await t.as(admin, 'POST', '/api/systems', { name: unique('X'), criticality: 0 }), 'criticality', /1 \(högst\), 2 eller 3/);
    expect400(await t.as(admin, 'POST', '/api/systems', { name: unique('X'), criticality: 1.5 }), 'criticality', /heltal/);
    expect400(await t.as(admin, 'PATCH', `/api/systems/${system.id}`, { criticality: 7 }), 'criticality', /1 \(högst\), 2 eller 3/);
    expect400(await t.as(admin, 'POST', '/api/systems', { name: '  ', criticality: 1 }), 'name', /tomt/);

    expect400(await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'broken', message: 'x' }), 'status', /okänd status; välj en av operational, degraded, read_only, down, maintenance/);
    expect400(await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'down', message: '  ' }), 'message', /meddelande/);
    expect400(
      await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'down', message: 'x', startedAt: '2026-11-22T10:00:00Z', expectedEnd: '2026-11-22T09:00:00Z' }),
      'expectedEnd',
      /efter starten/,
    );
    const notADate = await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'down', message: 'x', expectedEnd: 'snart' });
    expect({ status: notADate.statusCode, ...notADate.json() }).toMatchObject({ status: 400, code: 'invalid_date', field: 'expectedEnd', message: expect.stringMatching(/datum/) });
    expect400(await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'operational', message: '', expectedEnd: '2030-01-01' }), 'expectedEnd', /i drift/);

    const unknown = await t.as(admin, 'POST', '/api/systems', { name: unique('X'), criticality: 1, dependsOn: ['no-such-system'] });
    expect400(unknown, 'dependsOn', /no-such-system finns inte i systemregistret/);
    expect(unknown.json().field).toBe('dependsOn');
    expect400(await t.as(admin, 'PATCH', `/api/systems/${system.id}`, { dependsOn: [system.id] }), 'dependsOn', /sig självt/);

    const a = await create({ name: unique('Cirkel A') });
    const b = await create({ name: unique('Cirkel B'), dependsOn: [a.id] });
    const c = await create({ name: unique('Cirkel C'), dependsOn: [b.id] });
    const cycle = await t.as(admin, 'PATCH', `/api/systems/${a.id}`, { dependsOn: [c.id] });
    expect400(cycle, 'dependsOn', /cirkel/);
    expect(cycle.json().message).toContain(`${a.name} → ${c.name} → ${b.name} → ${a.name}`);
    // Nothing was changed by the refusals.
    expect((await t.as(nurse, 'GET', `/api/systems/${a.id}`)).json()).toMatchObject({ dependsOn: [], status: 'operational' });
    expect((await t.as(nurse, 'GET', `/api/systems/${system.id}/history`)).json().total).toBe(1);
  });

  it('moves through every status and keeps the full history, newest first', async () => {
    const system = await create();
    const degraded = await setStatus(system.id, { status: 'degraded', message: 'Långsamma svar', startedAt: '2026-11-22T08:00:00Z', expectedDurationMinutes: 90 });
    expect(degraded).toMatchObject({
      status: 'degraded',
      message: 'Långsamma svar',
      startedAt: '2026-11-22T08:00:00.000Z',
      expectedEnd: '2026-11-22T09:30:00.000Z',
      source: 'manual',
      setBy: admin.user.id,
      setByName: expect.any(String),
    });
    await setStatus(system.id, { status: 'down', message: 'Servern svarar inte', expectedEnd: '2099-01-01T12:00:00Z' });
    await setStatus(system.id, { status: 'read_only', message: 'Bara läsning' });
    await setStatus(system.id, { status: 'maintenance', message: 'Planerat underhåll' });
    const back = await setStatus(system.id, { status: 'operational', message: '' });
    expect(back).toMatchObject({ status: 'operational', message: null, expectedEnd: null });

    const history = (await t.as(nurse, 'GET', `/api/systems/${system.id}/history`)).json();
    expect(history.total).toBe(6);
    expect(history.items.map((h: { status: string; previousStatus: string | null }) => [h.previousStatus, h.status])).toEqual([
      ['maintenance', 'operational'],
      ['read_only', 'maintenance'],
      ['down', 'read_only'],
      ['degraded', 'down'],
      ['operational', 'degraded'],
      [null, 'operational'],
    ]);
    expect(history.items[3]).toMatchObject({ message: 'Servern svarar inte', expectedEnd: '2099-01-01T12:00:00.000Z', source: 'manual', setBy: admin.user.id });
    const page2 = (await t.as(nurse, 'GET', `/api/systems/${system.id}/history?page=2&pageSize=2`)).json();
    expect(page2.items.map((h: { status: string }) => h.status)).toEqual(['read_only', 'down']);
    const audit = (await t.services.auditLog.list({ action: 'system.status' }, 1, 100)).items.filter((e) => e.objectId === system.id);
    expect(audit).toHaveLength(5);
    expect(audit[0]).toMatchObject({ username: 'admin', outcome: 'success', details: expect.objectContaining({ from: 'maintenance', to: 'operational' }) });
  });

  it('propagates an upstream outage to every dependant and makes exactly one notice, then one recovery notice', async () => {
    const root = await create({ name: unique('Beställningar') });
    const direct = await create({ name: unique('Röntgen'), dependsOn: [root.id] });
    const indirect = await create({ name: unique('Bildarkiv'), dependsOn: [direct.id] });
    const other = await create({ name: unique('Labb'), dependsOn: [root.id] });
    const unrelated = await create({ name: unique('Fristående') });
    const before = (await notices()).total;

    await setStatus(root.id, { status: 'down', message: 'Beställningar kan inte skickas. Använd pappersremiss.', expectedDurationMinutes: 120 });
    const list = new Map((await systems()).map((s) => [s.id, s]));
    expect(list.get(root.id)).toMatchObject({ status: 'down', affected: false, affectedBy: [] });
    for (const dependant of [direct, indirect, other]) {
      expect(list.get(dependant.id), dependant.name).toMatchObject({
        status: 'operational',
        affected: true,
        affectedBy: [{ id: root.id, name: root.name, status: 'down' }],
      });
    }
    expect(list.get(unrelated.id)).toMatchObject({ affected: false, affectedBy: [] });

    const afterOutage = await notices();
    expect(afterOutage.total).toBe(before + 1);
    const outage = afterOutage.items[0]!;
    expect(outage).toMatchObject({
      kind: 'outage',
      system: { id: root.id, name: root.name },
      status: 'down',
      message: 'Beställningar kan inte skickas. Använd pappersremiss.',
      source: 'manual',
      createdBy: admin.user.id,
      outageId: null,
      closedAt: null,
    });
    // Nearest first (by name within the same distance).
    expect(outage.affected).toEqual([
      { id: other.id, name: other.name },
      { id: direct.id, name: direct.name },
      { id: indirect.id, name: indirect.name },
    ]);
    for (const dependant of [direct, indirect, other]) expect((await notices(`?systemId=${dependant.id}`)).total).toBe(0);
    expect((await notices('?open=true')).items.map((n) => n.id)).toContain(outage.id);

    await setStatus(root.id, { status: 'operational', message: '' });
    const afterRecovery = await notices();
    expect(afterRecovery.total).toBe(before + 2);
    const [recovery, closed] = afterRecovery.items;
    expect(recovery).toMatchObject({ kind: 'recovery', system: { id: root.id }, status: 'operational', outageId: outage.id, message: `${root.name} är i drift igen.` });
    expect(recovery!.affected.map((s) => s.id)).toEqual([other.id, direct.id, indirect.id]);
    expect(closed).toMatchObject({ id: outage.id, closedAt: expect.any(String) });
    expect((await notices('?open=true')).items.map((n) => n.id)).not.toContain(outage.id);
    expect((await systems()).find((s) => s.id === indirect.id)).toMatchObject({ affected: false, affectedBy: [] });
  });

  it('publishes a change of an outage as an update, not as a second outage', async () => {
    const root = await create();
    const dependant = await create({ dependsOn: [root.id] });
    const before = (await notices(`?systemId=${root.id}`)).total;
    expect(before).toBe(0);
    await setStatus(root.id, { status: 'down', message: 'Nere' });
    await setStatus(root.id, { status: 'degraded', message: 'Delvis tillbaka, långsamt' });
    await setStatus(root.id, { status: 'degraded', message: 'Nytt beräknat slut', expectedDurationMinutes: 30 });
    await setStatus(root.id, { status: 'operational', message: 'Allt fungerar' });
    const list = (await notices(`?systemId=${root.id}`)).items;
    expect(list.map((n) => n.kind)).toEqual(['recovery', 'update', 'update', 'outage']);
    const outage = list[3]!;
    expect(list.slice(0, 3).every((n) => n.outageId === outage.id)).toBe(true);
    expect(list[0]).toMatchObject({ message: 'Allt fungerar' });
    expect(list.every((n) => n.affected.length === 1 && n.affected[0]!.id === dependant.id)).toBe(true);
    // Setting an operational system operational publishes nothing.
    await setStatus(root.id, { status: 'operational', message: '' });
    expect((await notices(`?systemId=${root.id}`)).total).toBe(4);
  });

  it('lets every logged-in user read systems, history and notices, and only continuity.manage change them', async () => {
    const system = await create();
    expect((await t.as(nurse, 'GET', `/api/systems/${system.id}`)).statusCode).toBe(200);
    expect((await t.as(nurse, 'GET', `/api/systems/${system.id}/history`)).statusCode).toBe(200);
    expect((await t.as(nurse, 'GET', '/api/notices')).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['PUT', `/api/systems/${system.id}/status`, { status: 'down', message: 'Nere' }],
      ['POST', '/api/systems', { name: unique('Obehörig'), criticality: 2 }],
      ['PATCH', `/api/systems/${system.id}`, { criticality: 1 }],
      ['PUT', `/api/systems/${system.id}/probe`, { kind: 'tcp', target: '127.0.0.1:1', intervalSeconds: 60, failuresBeforeDown: 3, successesBeforeUp: 2 }],
      ['DELETE', `/api/systems/${system.id}/probe`, undefined],
    ] as const) {
      const response = await t.as(nurse, method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    expect((await t.as(nurse, 'GET', `/api/systems/${system.id}`)).json()).toMatchObject({ status: 'operational', criticality: 2 });
    const refused = (await t.services.auditLog.list({ action: 'system.status' }, 1, 100)).items.find((e) => e.objectId === system.id && e.outcome === 'refused');
    expect(refused).toMatchObject({ username: 'skoterska' });
    expect((await t.as(null, 'GET', '/api/systems')).statusCode).toBe(401);
    expect((await t.as(null, 'GET', '/api/notices')).statusCode).toBe(401);

    // A custom role with only continuity.manage (a duty officer) may set statuses.
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string }[];
    const role = (await t.as(admin, 'POST', '/api/roles', { name: unique('Driftledare'), rights: ['continuity.manage'] })).json();
    const user = await t.as(admin, 'POST', '/api/users', {
      username: `driftledare${counter}`,
      password: 'driftledare-lösen-2026',
      displayName: 'Dora Driftledare',
      roles: [{ departmentId: departments[0]!.id, roleId: role.id }],
    });
    expect(user.statusCode, user.body).toBe(201);
    const officer = await t.login(`driftledare${counter}`, 'driftledare-lösen-2026');
    const changed = await setStatus(system.id, { status: 'maintenance', message: 'Uppgradering pågår', expectedDurationMinutes: 60 }, officer);
    expect(changed).toMatchObject({ status: 'maintenance', setBy: officer.user.id, setByName: 'Dora Driftledare' });
  });
});
