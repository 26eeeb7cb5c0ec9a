import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

describe.each(testDialects())('rights per department on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let surgeryId: string;
  let dermatologyId: string;
  let auditorRoleId: string;
  let auditorId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; hsaId: string }[];
    surgeryId = departments.find((d) => d.hsaId === 'SE2321000016-1001')!.id;
    dermatologyId = departments.find((d) => d.hsaId === 'SE2321000016-2002')!.id;
    const role = await t.as(admin, 'POST', '/api/roles', { name: 'Avdelningsgranskare', rights: ['audit.read', 'patient.read'] });
    expect(role.statusCode).toBe(201);
    auditorRoleId = role.json().id;
    const user = await t.as(admin, 'POST', '/api/users', {
      username: 'granskare.a',
      password: 'granskare-password',
      displayName: 'Granskare A',
      roles: [{ departmentId: surgeryId, roleId: auditorRoleId }],
    });
    expect(user.statusCode).toBe(201);
    auditorId = user.json().id;
    // Events in both departments.
    await t.as(admin, 'PATCH', `/api/departments/${surgeryId}`, { name: 'Kirurgkliniken' });
    await t.as(admin, 'PATCH', `/api/departments/${dermatologyId}`, { name: 'Hudkliniken' });
  });
  afterAll(() => t.close());

  it("shows a user of department A only department A's audit events, never B's", async () => {
    const auditor = await t.login('granskare.a', 'granskare-password');
    const all = await t.as(auditor, 'GET', '/api/audit?pageSize=500');
    expect(all.statusCode).toBe(200);
    const items = all.json().items as { departmentId: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.departmentId === surgeryId)).toBe(true);

    const other = await t.as(auditor, 'GET', `/api/audit?departmentId=${dermatologyId}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('forbidden');
    const csv = await t.as(auditor, 'GET', `/api/audit.csv?departmentId=${dermatologyId}`);
    expect(csv.statusCode).toBe(403);
    const ownCsv = await t.as(auditor, 'GET', '/api/audit.csv');
    expect(ownCsv.statusCode).toBe(200);
    expect(ownCsv.body).not.toContain(dermatologyId);
    expect(ownCsv.body).toContain(surgeryId);
  });

  it('lets the log operator (global role) see every department', async () => {
    const logg = await t.login('logg');
    const items = (await t.as(logg, 'GET', '/api/audit?pageSize=500')).json().items as { departmentId: string | null }[];
    const departments = new Set(items.map((e) => e.departmentId));
    expect(departments.has(surgeryId)).toBe(true);
    expect(departments.has(dermatologyId)).toBe(true);
    expect((await t.as(logg, 'GET', `/api/audit?departmentId=${dermatologyId}`)).statusCode).toBe(200);
  });

  it('refuses administration to users without the admin right, and audits the refusal', async () => {
    const nurse = await t.login('skoterska');
    const attempts = [
      await t.as(nurse, 'POST', '/api/departments', { hsaId: 'SE2321000016-9009', name: 'X' }),
      await t.as(nurse, 'PATCH', `/api/departments/${surgeryId}`, { active: false }),
      await t.as(nurse, 'GET', '/api/users'),
      await t.as(nurse, 'POST', '/api/users', { username: 'x1', password: 'xxxxxxxxxxxx', displayName: 'X', roles: [] }),
      await t.as(nurse, 'POST', '/api/roles', { name: 'X', rights: ['admin'] }),
      await t.as(nurse, 'GET', '/api/audit'),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    const refusals = (await t.services.auditLog.list({ userId: nurse.user.id }, 1, 100)).items.filter((e) => e.outcome === 'refused');
    expect(refusals.map((e) => e.action)).toEqual(
      expect.arrayContaining(['department.create', 'department.update', 'user.list', 'user.create', 'role.create', 'audit.list']),
    );
  });

  it('applies role changes to the very next request', async () => {
    const auditor = await t.login('granskare.a', 'granskare-password');
    expect((await t.as(auditor, 'GET', `/api/audit?departmentId=${dermatologyId}`)).statusCode).toBe(403);
    const grant = await t.as(admin, 'PATCH', `/api/users/${auditorId}`, {
      roles: [
        { departmentId: surgeryId, roleId: auditorRoleId },
        { departmentId: dermatologyId, roleId: auditorRoleId },
      ],
    });
    expect(grant.statusCode).toBe(200);
    expect((await t.as(auditor, 'GET', `/api/audit?departmentId=${dermatologyId}`)).statusCode).toBe(200);

    const narrowed = await t.as(admin, 'PATCH', `/api/roles/${auditorRoleId}`, { rights: ['patient.read'] });
    expect(narrowed.statusCode).toBe(200);
    expect((await t.as(auditor, 'GET', '/api/audit')).statusCode).toBe(403);
  });

  it('stops counting a role in a deactivated department', async () => {
    const lakare = await t.login('lakare');
    expect(lakare.user.rights).toContain('patient.read');
    const dept = await t.as(admin, 'POST', '/api/departments', { hsaId: 'SE2321000016-7007', name: 'Tillfällig' });
    const nurseRole = ((await t.as(admin, 'GET', '/api/roles')).json() as { id: string; name: string }[]).find((r) => r.name === 'Sjuksköterska')!;
    const user = await t.as(admin, 'POST', '/api/users', {
      username: 'vikarie',
      password: 'vikarie-password',
      displayName: 'Vikarie',
      roles: [{ departmentId: dept.json().id, roleId: nurseRole.id }],
    });
    expect(user.statusCode).toBe(201);
    const vikarie = await t.login('vikarie', 'vikarie-password');
    expect((await t.as(vikarie, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).statusCode).toBe(200);
    await t.as(admin, 'PATCH', `/api/departments/${dept.json().id}`, { active: false });
    const refused = await t.as(vikarie, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' });
    expect(refused.statusCode).toBe(404);
  });

  it('keeps global roles in force when their department is deactivated, so administrators are never locked out', async () => {
    const dept = await t.as(admin, 'POST', '/api/departments', { hsaId: 'SE2321000016-8008', name: 'Administration' });
    const adminRole = ((await t.as(admin, 'GET', '/api/roles')).json() as { id: string; builtIn: boolean; rights: string[] }[]).find(
      (r) => r.builtIn && r.rights.includes('admin'),
    )!;
    const created = await t.as(admin, 'POST', '/api/users', {
      username: 'ensam.admin',
      password: 'ensam-admin-password',
      displayName: 'Ensam',
      roles: [{ departmentId: dept.json().id, roleId: adminRole.id }],
    });
    expect(created.statusCode).toBe(201);
    await t.as(admin, 'PATCH', `/api/departments/${dept.json().id}`, { active: false });
    const lone = await t.login('ensam.admin', 'ensam-admin-password');
    expect(lone.user.rights).toContain('admin');
    expect((await t.as(lone, 'PATCH', `/api/departments/${dept.json().id}`, { active: true })).statusCode).toBe(200);
  });

  it('keeps built-in roles read-only and refuses unknown rights, duplicate names and two roles in one department', async () => {
    const roles = (await t.as(admin, 'GET', '/api/roles')).json() as { id: string; builtIn: boolean }[];
    const builtIn = roles.find((r) => r.builtIn)!;
    expect((await t.as(admin, 'PATCH', `/api/roles/${builtIn.id}`, { rights: [] })).json().code).toBe('conflict');
    const unknown = await t.as(admin, 'POST', '/api/roles', { name: 'Y', rights: ['patient.read', 'fly'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('fly');
    expect((await t.as(admin, 'POST', '/api/roles', { name: 'Läkare', rights: [] })).statusCode).toBe(409);
    const twice = await t.as(admin, 'POST', '/api/users', {
      username: 'dubbel',
      password: 'dubbel-password',
      displayName: 'Dubbel',
      roles: [
        { departmentId: surgeryId, roleId: auditorRoleId },
        { departmentId: surgeryId, roleId: builtIn.id },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toContain('en roll per avdelning');
  });

  it('removes a custom role only when nobody holds it', async () => {
    const inUse = await t.as(admin, 'DELETE', `/api/roles/${auditorRoleId}`);
    expect(inUse.statusCode).toBe(409);
    const unused = await t.as(admin, 'POST', '/api/roles', { name: 'Oanvänd', rights: ['case.read'] });
    expect((await t.as(admin, 'DELETE', `/api/roles/${unused.json().id}`)).statusCode).toBe(204);
    const roles = (await t.as(admin, 'GET', '/api/roles')).json() as { name: string }[];
    expect(roles.some((r) => r.name === 'Oanvänd')).toBe(false);
    expect((await t.as(admin, 'DELETE', `/api/roles/${unused.json().id}`)).statusCode).toBe(404);
  });

  it('does not let the last administrator remove their own administration right', async () => {
    const users = (await t.as(admin, 'GET', '/api/users')).json() as { id: string; username: string }[];
    for (const other of users.filter((u) => u.id !== admin.user.id)) {
      expect((await t.as(admin, 'PATCH', `/api/users/${other.id}`, { active: false })).statusCode).toBe(200);
    }
    const self = await t.as(admin, 'PATCH', `/api/users/${admin.user.id}`, { active: false });
    expect(self.statusCode).toBe(409);
    expect((await t.as(admin, 'GET', '/api/users')).statusCode).toBe(200);
  });
});
