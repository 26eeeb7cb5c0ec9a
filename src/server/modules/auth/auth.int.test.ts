import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

describe.each(testDialects())('authentication on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { KASUS_LOCKOUT_ATTEMPTS: '3', KASUS_LOCKOUT_MINUTES: '15' });
  });
  afterAll(() => t.close());

  const auditActions = async (action: string) =>
    (await t.services.auditLog.list({ action }, 1, 100)).items;

  it('logs in with the right password and returns user, rights and a CSRF token', async () => {
    const response = await t.as(null, 'POST', '/api/session', { username: 'lakare', password: 'kasus-demo-2026' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user.username).toBe('lakare');
    expect(body.user.rights).toContain('patient.read');
    expect(body.user.assignments).toHaveLength(2);
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = response.cookies.find((c) => c.name === 'kasus_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const session = await t.as(null, 'GET', '/api/session', undefined, { cookie: `kasus_session=${cookie.value}` });
    expect(session.statusCode).toBe(200);
    expect(session.json().csrfToken).toBe(body.csrfToken);
  });

  it('answers an unknown user and a wrong password with the same generic error, and audits both', async () => {
    const unknown = await t.as(null, 'POST', '/api/session', { username: 'nobody', password: 'whatever-password' });
    const wrong = await t.as(null, 'POST', '/api/session', { username: 'skoterska', password: 'wrong-password' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.json().code).toBe('invalid_credentials');
    const refused = (await auditActions('login')).filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => e.details.reason)).toEqual(expect.arrayContaining(['unknown_user', 'wrong_password']));
    expect(refused.find((e) => e.details.reason === 'unknown_user')!.username).toBe('nobody');
  });

  it('locks an account after repeated failures, refusing even the right password with the same message', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await t.as(null, 'POST', '/api/session', { username: 'logg', password: `wrong-${i}-password` });
      expect(r.statusCode).toBe(401);
    }
    const locked = await t.as(null, 'POST', '/api/session', { username: 'logg', password: 'kasus-demo-2026' });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().code).toBe('invalid_credentials');
    expect((await auditActions('account.lock')).some((e) => e.username === 'logg')).toBe(true);
    expect((await auditActions('login')).some((e) => e.username === 'logg' && e.details.reason === 'locked')).toBe(true);

    // An administrator resetting the password lifts the lock.
    const admin = await t.login('admin');
    const users = (await t.as(admin, 'GET', '/api/users')).json() as { id: string; username: string; locked: boolean }[];
    const logg = users.find((u) => u.username === 'logg')!;
    expect(logg.locked).toBe(true);
    const reset = await t.as(admin, 'PATCH', `/api/users/${logg.id}`, { password: 'a-new-password-1' });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().locked).toBe(false);
    await expect(t.login('logg', 'a-new-password-1')).resolves.toBeDefined();
  });

  it('refuses a state-changing request by cookie without a valid X-CSRF-Token', async () => {
    const admin = await t.login('admin');
    const body = { hsaId: 'SE2321000016-3003', name: 'Ögonkliniken' };
    const missing = await t.as(null, 'POST', '/api/departments', body, { cookie: admin.cookie });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_invalid');
    const wrong = await t.as(null, 'POST', '/api/departments', body, { cookie: admin.cookie, 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.json().code).toBe('csrf_invalid');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { hsaId: string }[];
    expect(departments.some((d) => d.hsaId === body.hsaId)).toBe(false);
    const right = await t.as(admin, 'POST', '/api/departments', body);
    expect(right.statusCode).toBe(201);
  });

  it('logs out: the session no longer works and the logout is audited', async () => {
    const session = await t.login('skoterska');
    const out = await t.as(session, 'DELETE', '/api/session');
    expect(out.statusCode).toBe(204);
    const after = await t.as(session, 'GET', '/api/session');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('not_authenticated');
    expect((await auditActions('logout')).some((e) => e.username === 'skoterska')).toBe(true);
  });

  it('authenticates scripts with a personal API token, without CSRF, until it is revoked', async () => {
    const session = await t.login('lakare');
    const created = await t.as(session, 'POST', '/api/tokens', { name: 'import script' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    expect(token).toMatch(/^kasus_/);
    const bearer = { authorization: `Bearer ${token}` };

    const lookup = await t.as(null, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' }, bearer);
    expect(lookup.statusCode).toBe(200);
    const listed = (await t.as(session, 'GET', '/api/tokens')).json() as { id: string; lastUsedAt: string | null }[];
    expect(listed.find((x) => x.id === id)!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token);

    expect((await t.as(session, 'DELETE', `/api/tokens/${id}`)).statusCode).toBe(204);
    const revoked = await t.as(null, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' }, bearer);
    expect(revoked.statusCode).toBe(401);
    const garbage = await t.as(null, 'GET', '/api/departments', undefined, { authorization: 'Bearer kasus_not-a-token' });
    expect(garbage.statusCode).toBe(401);
  });

  it('ends the sessions of a deactivated user at once', async () => {
    const admin = await t.login('admin');
    const sysadmin = await t.login('sysadmin');
    expect((await t.as(sysadmin, 'GET', '/api/users')).statusCode).toBe(200);
    const users = (await t.as(admin, 'GET', '/api/users')).json() as { id: string; username: string }[];
    const id = users.find((u) => u.username === 'sysadmin')!.id;
    expect((await t.as(admin, 'PATCH', `/api/users/${id}`, { active: false })).statusCode).toBe(200);
    expect((await t.as(sysadmin, 'GET', '/api/users')).statusCode).toBe(401);
    const again = await t.as(null, 'POST', '/api/session', { username: 'sysadmin', password: 'kasus-demo-2026' });
    expect(again.statusCode).toBe(401);
  });
});
