import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../../../../test/helpers/databases.js';
import { createAppOn, type Session, type TestApp } from '../../../../test/helpers/kasus-app.js';
import { TestClock } from '../../clock.js';

const SESSION_TTL_MINUTES = 10;

// Issue 20: an authenticated read writes the session's expiry or the token's last use at most once a
// minute, yet a revoked token or an ended session is refused at once, on every node.
describe.each(testDialects())('session and token writes held back on %s', (dialect) => {
  const clock = new TestClock('2026-12-07T08:00:00.000Z');
  /** Two nodes on one database (on SQLite: two connections to one file). */
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const database = await createTestDatabase(dialect);
    const env = { KASUS_SESSION_TTL_MINUTES: String(SESSION_TTL_MINUTES) };
    a = await createAppOn(database, env, { clock });
    b = await createAppOn({ ...database, drop: async () => {} }, env, { clock });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const db = () => a.services.database.db;
  const at = (seconds: number) => new Date(Date.parse('2026-12-07T08:00:00.000Z') + seconds * 1000).toISOString();
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const lastUsed = async (id: string) => (await db().selectFrom('api_token').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;
  const sessionRow = async () => db().selectFrom('session').select(['last_seen_at', 'expires_at']).executeTakeFirstOrThrow();
  const statusOf = async (app: TestApp, session: Session | null, headers: Record<string, string> = {}) =>
    (await app.as(session, 'GET', '/api/tokens', undefined, headers)).statusCode;

  it('writes a token\'s last use at most once a minute, and refuses it on every node once revoked', async () => {
    clock.set(at(0));
    const owner = await a.login('lakare');
    const created = await a.as(owner, 'POST', '/api/tokens', { name: 'script' });
    expect(created.statusCode, created.body).toBe(201);
    const { id, token } = created.json() as { id: string; token: string };
    expect(await lastUsed(id)).toBeNull();

    clock.set(at(5));
    expect(await statusOf(a, null, bearer(token))).toBe(200);
    expect(await lastUsed(id)).toBe(at(5));

    // Within the minute: many uses on both nodes, concurrently, and not one write.
    clock.set(at(35));
    const uses = await Promise.all(Array.from({ length: 10 }, (_, i) => statusOf(i % 2 ? a : b, null, bearer(token))));
    expect(uses).toEqual(Array(10).fill(200));
    expect(await lastUsed(id)).toBe(at(5));

    // A minute after the write: the next use is written (on whichever node it comes to).
    clock.set(at(66));
    expect(await statusOf(b, null, bearer(token))).toBe(200);
    expect(await lastUsed(id)).toBe(at(66));
    // Node a wrote at 5 s, but the row says 66 s: a does not write again within that minute either.
    clock.set(at(100));
    expect(await statusOf(a, null, bearer(token))).toBe(200);
    expect(await lastUsed(id)).toBe(at(66));

    // Revoked on node a: node b refuses the very next request, with no minute of grace.
    expect((await a.as(owner, 'DELETE', `/api/tokens/${id}`)).statusCode).toBe(204);
    expect(await statusOf(b, null, bearer(token))).toBe(401);
    expect(await statusOf(a, null, bearer(token))).toBe(401);
  });

  it('writes a session\'s sliding expiry at most once a minute; it still ends at its time, and a logout ends it on every node at once', async () => {
    await db().deleteFrom('session').execute();
    clock.set(at(1000));
    const session = await a.login('skoterska');
    expect(await sessionRow()).toEqual({ last_seen_at: at(1000), expires_at: at(1000 + SESSION_TTL_MINUTES * 60) });

    clock.set(at(1030));
    const uses = await Promise.all(Array.from({ length: 10 }, (_, i) => statusOf(i % 2 ? a : b, session)));
    expect(uses).toEqual(Array(10).fill(200));
    expect(await sessionRow()).toEqual({ last_seen_at: at(1000), expires_at: at(1000 + SESSION_TTL_MINUTES * 60) });

    // Past the minute: one request slides the expiry; concurrent ones on this node do not write again.
    clock.set(at(1061));
    expect(await Promise.all([statusOf(a, session), statusOf(a, session), statusOf(a, session)])).toEqual([200, 200, 200]);
    const slid = at(1061 + SESSION_TTL_MINUTES * 60);
    expect(await sessionRow()).toEqual({ last_seen_at: at(1061), expires_at: slid });

    // The session ends at its expiry, however recently this node held back a write.
    clock.set(at(1061 + SESSION_TTL_MINUTES * 60 - 1));
    expect(await statusOf(b, session)).toBe(200);
    const expiry = (await sessionRow()).expires_at;
    clock.set(new Date(Date.parse(expiry) + 1000));
    expect(await statusOf(a, session)).toBe(401);
    expect(await statusOf(b, session)).toBe(401);

    // Logged out on node b: node a refuses the next request at once.
    clock.set(at(5000));
    const again = await a.login('skoterska');
    expect(await statusOf(a, again)).toBe(200);
    expect((await b.as(again, 'DELETE', '/api/session')).statusCode).toBe(204);
    expect(await statusOf(a, again)).toBe(401);
  });
  // The node remembers resolved sessions and tokens (migration 0024's counter): a change made anywhere
  // else — another node, the CLI, an administrator's SQL — applies to the very next request.
  it('a node that remembers a session or token sees a role taken away, a deactivation and a revocation made elsewhere at once', async () => {
    clock.set(at(9000));
    const session = await a.login('lakare');
    const { id, token } = (await a.as(session, 'POST', '/api/tokens', { name: 'remembered' })).json() as { id: string; token: string };
    const rightsOn = async (app: TestApp) => ((await app.as(session, 'GET', '/api/session')).json() as { user: { rights: string[] } }).user.rights;
    // Resolved once on each node, so both remember them.
    expect(await rightsOn(a)).toContain('case.read');
    expect(await statusOf(a, null, bearer(token))).toBe(200);
    expect(await statusOf(b, null, bearer(token))).toBe(200);

    const userId = session.user.id;
    const grants = await db().selectFrom('user_role').selectAll().where('user_id', '=', userId).execute();
    await db().deleteFrom('user_role').where('user_id', '=', userId).execute();
    expect(await rightsOn(a)).toEqual([]);

    await db().insertInto('user_role').values(grants).execute();
    expect(await rightsOn(a)).toContain('case.read');
    await db().updateTable('user_account').set({ active: 0 }).where('id', '=', userId).execute();
    expect(await statusOf(a, null, bearer(token))).toBe(401);
    expect(await statusOf(a, session)).toBe(401);
    await db().updateTable('user_account').set({ active: 1 }).where('id', '=', userId).execute();
    expect(await statusOf(b, null, bearer(token))).toBe(200);

    // Revoked by SQL rather than through a node: still refused at once on both.
    await db().updateTable('api_token').set({ revoked_at: at(9001) }).where('id', '=', id).execute();
    expect(await statusOf(a, null, bearer(token))).toBe(401);
    expect(await statusOf(b, null, bearer(token))).toBe(401);
  });
});
