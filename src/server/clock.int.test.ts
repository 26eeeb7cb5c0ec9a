import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { testDialects } from '../../test/helpers/databases.js';
import { TestClock } from './clock.js';

/** One clock for the whole app: the audit writer, sessions and the rules all read the time the test sets. */
describe.each(testDialects())('the one clock on %s', (dialect) => {
  const clock = new TestClock('2031-05-05T08:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { KASUS_SESSION_TTL_MINUTES: '30' }, { clock });
  });
  afterAll(() => t.close());

  it('stamps audit events with the clock’s time and ends a session when the clock passes its expiry', async () => {
    clock.set('2031-05-05T09:15:00Z');
    const nurse = await t.login('skoterska');
    const login = (await t.services.auditLog.list({ action: 'login' }, 1, 50)).items.find((e) => e.username === 'skoterska' && e.outcome === 'success');
    expect(login?.at).toBe('2031-05-05T09:15:00.000Z');

    // 29 minutes idle: still logged in (and the session slides on); 31 minutes after that: gone.
    clock.advance({ minutes: 29 });
    expect((await t.as(nurse, 'GET', '/api/session')).statusCode).toBe(200);
    clock.advance({ minutes: 29 });
    expect((await t.as(nurse, 'GET', '/api/session')).statusCode).toBe(200);
    clock.advance({ minutes: 31 });
    expect((await t.as(nurse, 'GET', '/api/session')).statusCode).toBe(401);
  });
});
