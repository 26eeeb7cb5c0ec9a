import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { TestClock } from '../../clock.js';

interface Created {
  id: string;
  name: string;
  token: string;
  createdAt: string;
  expiresAt: string;
  parentId: string | null;
}
interface Listed {
  id: string;
  name: string;
  expiresAt: string | null;
  parentId: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

const DAY_MS = 24 * 3_600_000;
const LOOKUP = { identifier: '19121212-1212' };

describe.each(testDialects())('API tokens and their lineage on %s', (dialect) => {
  /** The app's clock: the test moves it forward instead of back-dating rows. */
  const clock = new TestClock();
  let t: TestApp;
  let doctor: Session;
  let nurse: Session;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(dialect, { KASUS_TOKEN_TTL_DAYS: '30' }, { clock });
    await logIn();
  });
  afterAll(() => t.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** Creates a token while logged in (a root token) or with a bearer token (a child of it). */
  const create = async (by: Session | string, body: Record<string, unknown>): Promise<Created> => {
    const response =
      typeof by === 'string'
        ? await t.as(null, 'POST', '/api/tokens', body, bearer(by))
        : await t.as(by, 'POST', '/api/tokens', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Created;
  };
  const use = (token: string) => t.as(null, 'POST', '/api/patients/lookup', LOOKUP, bearer(token));
  const listOf = async (session: Session) => (await t.as(session, 'GET', '/api/tokens')).json() as Listed[];
  const events = async (action: string) => (await t.services.auditLog.list({ action }, 1, 200)).items;
  /** Logs the three users in (again, after the clock has moved past their sessions' expiry). */
  const logIn = async () => {
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    admin = await t.login('admin');
  };
  const setExpiry = (id: string, expiresAt: string) =>
    t.services.database.db.updateTable('api_token').set({ expires_at: expiresAt }).where('id', '=', id).execute();

  it('gives a token made while logged in no parent and the configured lifetime; a shorter one on request, never a longer one', async () => {
    const now = clock.now().getTime();
    const root = await create(doctor, { name: 'root' });
    expect(root.parentId).toBeNull();
    expect(Date.parse(root.expiresAt)).toBe(now + 30 * DAY_MS);

    const short = await create(doctor, { name: 'short', expiresInDays: 2 });
    expect(Date.parse(short.expiresAt)).toBe(now + 2 * DAY_MS);

    const tooLong = await t.as(doctor, 'POST', '/api/tokens', { name: 'too long', expiresInDays: 31 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: 'validation_failed' });
    expect(tooLong.json().message).toContain('30 dagar');
  });

  it("never lets a child outlive its parent: the child's expiry is capped at the parent's", async () => {
    const parent = await create(doctor, { name: 'parent', expiresInDays: 3 });
    const child = await create(parent.token, { name: 'child' });
    expect(child.parentId).toBe(parent.id);
    expect(child.expiresAt).toBe(parent.expiresAt);
    const asked = await create(parent.token, { name: 'child asking for more', expiresInDays: 30 });
    expect(asked.expiresAt).toBe(parent.expiresAt);
    const shorter = await create(parent.token, { name: 'shorter child', expiresInDays: 1 });
    expect(Date.parse(shorter.expiresAt)).toBeLessThan(Date.parse(parent.expiresAt));
    const grandchild = await create(shorter.token, { name: 'grandchild', expiresInDays: 2 });
    expect(grandchild.parentId).toBe(shorter.id);
    expect(grandchild.expiresAt).toBe(shorter.expiresAt);

    const listed = await listOf(doctor);
    expect(listed.find((x) => x.id === child.id)).toMatchObject({ parentId: parent.id, expiresAt: parent.expiresAt, status: 'active', revokedAt: null });
  });

  it('refuses children and grandchildren once the parent is revoked, and keeps them listed as revoked', async () => {
    const parent = await create(doctor, { name: 'nightly import' });
    const child = await create(parent.token, { name: 'child' });
    const grandchild = await create(child.token, { name: 'grandchild' });
    const sibling = await create(doctor, { name: 'unrelated' });
    for (const token of [parent, child, grandchild, sibling]) expect((await use(token.token)).statusCode).toBe(200);

    expect((await t.as(doctor, 'DELETE', `/api/tokens/${parent.id}`)).statusCode).toBe(204);
    for (const token of [parent, child, grandchild]) {
      const refused = await use(token.token);
      expect(refused.statusCode, token.name).toBe(401);
      expect(refused.json().code).toBe('not_authenticated');
      expect(refused.json().message).toMatch(/återkallad/);
    }
    expect((await use(sibling.token)).statusCode).toBe(200);

    const listed = await listOf(doctor);
    for (const token of [parent, child, grandchild]) {
      expect(listed.find((x) => x.id === token.id), token.name).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    }
    expect(listed.find((x) => x.id === sibling.id)!.status).toBe('active');

    const revocation = (await events('token.revoke')).find((e) => e.objectId === parent.id)!;
    expect(revocation.username).toBe('lakare');
    expect(revocation.details).toMatchObject({ ownerId: doctor.user.id, parentId: null, byAdministrator: false });
    expect((revocation.details.descendants as string[]).sort()).toEqual([child.id, grandchild.id].sort());
  });

  it('refuses a token whose ancestor is revoked even if its own row was missed by the revocation (made at the same moment)', async () => {
    const parent = await create(doctor, { name: 'parent' });
    const child = await create(parent.token, { name: 'child made during the revocation' });
    expect((await t.as(doctor, 'DELETE', `/api/tokens/${parent.id}`)).statusCode).toBe(204);
    // As if the child had been inserted after the revocation walked the tree.
    await t.services.database.db.updateTable('api_token').set({ revoked_at: null }).where('id', '=', child.id).execute();
    const refused = await use(child.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toMatch(/nyckeln som den skapades med är återkallad/);
    expect((await listOf(doctor)).find((x) => x.id === child.id)!.status).toBe('revoked');
  });

  it('refuses an expired token like a revoked one, with a message saying it expired, and audits the attempt', async () => {
    const token = await create(doctor, { name: 'expiring', expiresInDays: 1 });
    expect((await use(token.token)).statusCode).toBe(200);
    // A minute before it runs out it still works; at the instant it runs out it does not.
    clock.set(Date.parse(token.expiresAt) - 60_000);
    expect((await use(token.token)).statusCode).toBe(200);
    clock.set(token.expiresAt);
    // A day has passed: the sessions made at the start have run out too.
    expect((await t.as(doctor, 'GET', '/api/tokens')).statusCode).toBe(401);
    await logIn();
    const refused = await use(token.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('not_authenticated');
    expect(refused.json().message).toMatch(/gick ut/);
    expect((await listOf(doctor)).find((x) => x.id === token.id)!.status).toBe('expired');
    const attempt = (await events('token.use')).find((e) => e.objectId === token.id)!;
    expect(attempt).toMatchObject({ outcome: 'refused', userId: doctor.user.id, details: { reason: 'expired', tokenId: token.id } });

    // A child of an expired parent is refused too. Its own expiry is capped at the parent's, so only an
    // inconsistent row can show the ancestor check: the parent's expiry is moved back in the database.
    const parent = await create(doctor, { name: 'parent' });
    const child = await create(parent.token, { name: 'child' });
    await setExpiry(parent.id, new Date(clock.now().getTime() - 60_000).toISOString());
    const orphan = await use(child.token);
    expect(orphan.statusCode).toBe(401);
    expect(orphan.json().message).toMatch(/har gått ut/);
  });

  it('lets the owner list and revoke their tokens, never showing a secret', async () => {
    const token = await create(nurse, { name: 'nurse script' });
    expect((await use(token.token)).statusCode).toBe(200);
    const listed = await listOf(nurse);
    expect(listed.map((x) => x.id)).toEqual([token.id]);
    expect(listed[0]).toMatchObject({ name: 'nurse script', parentId: null, status: 'active', lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(token.token);
    // A token may list (and revoke) its owner's tokens too.
    const byToken = await t.as(null, 'GET', '/api/tokens', undefined, bearer(token.token));
    expect((byToken.json() as Listed[]).map((x) => x.id)).toEqual([token.id]);
    expect((await t.as(nurse, 'DELETE', `/api/tokens/${token.id}`)).statusCode).toBe(204);
    expect((await use(token.token)).statusCode).toBe(401);
  });

  it("does not let a non-administrator see or revoke another user's token: answers as for one that does not exist", async () => {
    const doctors = await create(doctor, { name: 'doctor only' });
    const ownRevoke = await t.as(nurse, 'DELETE', `/api/tokens/${doctors.id}`);
    const madeUp = await t.as(nurse, 'DELETE', `/api/tokens/${randomUUID()}`);
    expect(ownRevoke.statusCode).toBe(404);
    expect(ownRevoke.body).toBe(madeUp.body);
    const attempt = (await events('token.revoke')).find((e) => e.objectId === doctors.id)!;
    expect(attempt).toMatchObject({ outcome: 'refused', username: 'skoterska', details: { reason: 'not_found' } });
    expect((await listOf(nurse)).some((x) => x.id === doctors.id)).toBe(false);

    // The administrators' routes answer a non-administrator the same for a real and a made-up user or token.
    const list = await t.as(nurse, 'GET', `/api/users/${doctor.user.id}/tokens`);
    const listMadeUp = await t.as(nurse, 'GET', `/api/users/${randomUUID()}/tokens`);
    expect(list.statusCode).toBe(403);
    expect(list.body).toBe(listMadeUp.body);
    expect(list.body).not.toContain(doctors.id);
    const revoke = await t.as(nurse, 'DELETE', `/api/users/${doctor.user.id}/tokens/${doctors.id}`);
    const revokeMadeUp = await t.as(nurse, 'DELETE', `/api/users/${randomUUID()}/tokens/${randomUUID()}`);
    expect(revoke.statusCode).toBe(403);
    expect(revoke.body).toBe(revokeMadeUp.body);
    // Nor with a token of their own.
    const nurseToken = await create(nurse, { name: 'nurse' });
    expect((await t.as(null, 'DELETE', `/api/tokens/${doctors.id}`, undefined, bearer(nurseToken.token))).statusCode).toBe(404);

    expect((await use(doctors.token)).statusCode).toBe(200);
  });

  it("lets an administrator list and revoke another user's tokens, the revocation cascading and audited", async () => {
    const parent = await create(doctor, { name: 'integration' });
    const child = await create(parent.token, { name: 'its child' });
    const listed = await t.as(admin, 'GET', `/api/users/${doctor.user.id}/tokens`);
    expect(listed.statusCode).toBe(200);
    const tokens = listed.json() as Listed[];
    expect(tokens.find((x) => x.id === child.id)).toMatchObject({ parentId: parent.id, status: 'active' });
    expect(JSON.stringify(tokens)).not.toContain(parent.token);
    expect((await t.as(admin, 'GET', `/api/users/${randomUUID()}/tokens`)).statusCode).toBe(404);

    // A token of another user through this user's address is not found.
    const nurseToken = await create(nurse, { name: 'not the doctor’s' });
    const wrongOwner = await t.as(admin, 'DELETE', `/api/users/${doctor.user.id}/tokens/${nurseToken.id}`);
    expect(wrongOwner.statusCode).toBe(404);
    expect((await use(nurseToken.token)).statusCode).toBe(200);

    expect((await t.as(admin, 'DELETE', `/api/users/${doctor.user.id}/tokens/${parent.id}`)).statusCode).toBe(204);
    expect((await use(parent.token)).statusCode).toBe(401);
    expect((await use(child.token)).statusCode).toBe(401);
    const after = (await t.as(admin, 'GET', `/api/users/${doctor.user.id}/tokens`)).json() as Listed[];
    expect(after.find((x) => x.id === child.id)!.status).toBe('revoked');
    const revocation = (await events('token.revoke')).find((e) => e.objectId === parent.id)!;
    expect(revocation.username).toBe('admin');
    expect(revocation.details).toMatchObject({ ownerId: doctor.user.id, byAdministrator: true, descendants: [child.id] });
  });

  it('names the token (its id, never the secret) in the audit events of requests made with it, and in token creation', async () => {
    const token = await create(doctor, { name: 'audited script' });
    const created = (await events('token.create')).find((e) => e.objectId === token.id)!;
    expect(created.details).toMatchObject({ name: 'audited script', parentId: null, expiresAt: token.expiresAt });
    expect(created.details.tokenId).toBeUndefined();

    expect((await use(token.token)).statusCode).toBe(200);
    const lookup = (await events('patient.lookup'))[0]!;
    expect(lookup.username).toBe('lakare');
    expect(lookup.details.tokenId).toBe(token.id);
    expect(JSON.stringify(lookup)).not.toContain(token.token);

    const child = await create(token.token, { name: 'made by the script' });
    const childCreated = (await events('token.create')).find((e) => e.objectId === child.id)!;
    expect(childCreated.details).toMatchObject({ parentId: token.id, tokenId: token.id });

    // The same request with the session names no token.
    expect((await t.as(doctor, 'POST', '/api/patients/lookup', LOOKUP)).statusCode).toBe(200);
    expect((await events('patient.lookup'))[0]!.details.tokenId).toBeUndefined();
  });

  it('keeps the audit chain intact', async () => {
    const result = await t.services.auditLog.verify();
    expect(result.ok).toBe(true);
  });
});
