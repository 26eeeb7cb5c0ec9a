import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
}

describe.each(testDialects())('user accounts: e-mail address on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let counter = 0;
  const username = () => `epost.${++counter}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  const users = async () => (await t.as(admin, 'GET', '/api/users')).json() as User[];
  const create = async (body: Record<string, unknown>) =>
    t.as(admin, 'POST', '/api/users', { username: username(), password: 'ett-langt-losenord', displayName: 'Eva Post', roles: [], ...body });
  const expectEmailRefused = (response: { statusCode: number; body: string }) => {
    expect(response.statusCode, response.body).toBe(400);
    const body = JSON.parse(response.body) as { code: string; field: string; message: string };
    expect(body).toMatchObject({ code: 'validation_failed', field: 'email' });
    expect(body.message).toMatch(/giltig e-postadress/);
  };

  it('stores an address given at creation (trimmed) and returns it, and none when none is given', async () => {
    const created = await create({ email: '  eva.post@sjukhuset.example ' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ email: 'eva.post@sjukhuset.example' });
    expect((await users()).find((u) => u.id === created.json().id)).toMatchObject({ email: 'eva.post@sjukhuset.example' });

    for (const email of [undefined, null, '', '   ']) {
      const none = await create(email === undefined ? {} : { email });
      expect(none.statusCode, none.body).toBe(201);
      expect(none.json().email).toBeNull();
    }
    // The demo users have none.
    expect((await users()).find((u) => u.username === 'admin')!.email).toBeNull();
  });

  it('sets, changes and clears the address, and leaves it alone when not given', async () => {
    const id = (await create({})).json().id as string;
    const set = await t.as(admin, 'PATCH', `/api/users/${id}`, { email: 'ny@sjukhuset.example' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().email).toBe('ny@sjukhuset.example');

    const renamed = await t.as(admin, 'PATCH', `/api/users/${id}`, { displayName: 'Eva Omdöpt' });
    expect(renamed.json()).toMatchObject({ displayName: 'Eva Omdöpt', email: 'ny@sjukhuset.example' });

    const cleared = await t.as(admin, 'PATCH', `/api/users/${id}`, { email: '' });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().email).toBeNull();
    await t.as(admin, 'PATCH', `/api/users/${id}`, { email: 'igen@sjukhuset.example' });
    const nulled = await t.as(admin, 'PATCH', `/api/users/${id}`, { email: null });
    expect(nulled.json().email).toBeNull();
    expect((await users()).find((u) => u.id === id)!.email).toBeNull();

    const audit = (await t.services.auditLog.list({ action: 'user.update' }, 1, 100)).items.filter((e) => e.objectId === id);
    expect(audit.map((e) => e.details.email ?? null)).toEqual([null, 'igen@sjukhuset.example', null, null, 'ny@sjukhuset.example']);
  });

  it('refuses what cannot be an address with 400 validation_failed on field email, storing nothing', async () => {
    for (const email of ['inte en adress', 'saknar-snabel-a.se', 'två@@sjukhuset.se', 'namn@sjukhuset', 'namn@.se', 'na mn@sjukhuset.se', `${'a'.repeat(250)}@sjukhuset.se`]) {
      const name = `epost.fel.${++counter}`;
      expectEmailRefused(await t.as(admin, 'POST', '/api/users', { username: name, password: 'ett-langt-losenord', displayName: 'Fel', email, roles: [] }));
      expect((await users()).map((u) => u.username)).not.toContain(name);
    }
    const id = (await create({ email: 'kvar@sjukhuset.example' })).json().id as string;
    expectEmailRefused(await t.as(admin, 'PATCH', `/api/users/${id}`, { email: 'inte en adress', displayName: 'Ändras inte' }));
    expect((await users()).find((u) => u.id === id)).toMatchObject({ email: 'kvar@sjukhuset.example', displayName: 'Eva Post' });
    // Not a string at all: refused by the schema, on the same field.
    const wrongType = await t.as(admin, 'PATCH', `/api/users/${id}`, { email: 42 });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('lets only an administrator set an address', async () => {
    const nurse = await t.login('skoterska');
    const before = (await users()).find((u) => u.id === nurse.user.id)!.email;
    expect(before).toBe('stina.sjukskoterska@sjukhus.example');
    const response = await t.as(nurse, 'PATCH', `/api/users/${nurse.user.id}`, { email: 'skoterska@sjukhuset.example' });
    expect(response.statusCode).toBe(403);
    expect((await users()).find((u) => u.id === nurse.user.id)!.email).toBe(before);
  });
});
