import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/helpers/app.js';
import { testDialects } from '../../../test/helpers/databases.js';
import { expectError } from '../../../test/helpers/expect-error.js';
import { parseStrictDateTime } from './schemas.js';

describe.each(testDialects())('the edge refuses bad text and impossible dates on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  const auditCount = async () =>
    Number((await t.services.database.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses a login whose username holds a lone surrogate, writes nothing, and the chain still verifies', async () => {
    const before = await auditCount();
    // JSON.parse turns the escape into a lone UTF-16 surrogate: the body must be sent as raw JSON text.
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"\\ud800evil","password":"x"}',
    });
    expectError(response, 400, 'invalid_text', 'username');
    expect(await auditCount()).toBe(before);
    expect(await t.services.auditLog.verify()).toMatchObject({ ok: true });
  });

  it('refuses NUL and control characters in a login body before anything is written', async () => {
    const before = await auditCount();
    expectError(await t.as(null, 'POST', '/api/session', { username: 'admin\u0000', password: 'x' }), 400, 'invalid_text', 'username');
    expectError(await t.as(null, 'POST', '/api/session', { username: 'admin', password: 'a\u0007b' }), 400, 'invalid_text', 'password');
    expectError(await t.as(null, 'POST', '/api/session', { username: 'admin\nroot', password: 'x' }), 400, 'invalid_text', 'username');
    expect(await auditCount()).toBe(before);
  });

  it('checks object keys and nested values of JSON bodies', async () => {
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"user\\u0000name":"admin","password":"x"}',
    });
    expectError(key, 400, 'invalid_text');
    const nested = await t.app.inject({
      method: 'POST',
      url: '/api/departments',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
      payload: '{"hsaId":"SE2321000016-4999","name":"Avd \\udc00"}',
    });
    expectError(nested, 400, 'invalid_text', 'name');
  });

  it('allows line breaks in free text but not in identifiers', async () => {
    // A multi-line department name is odd but not refused by the edge; an id with a line break is.
    expectError(await t.as(admin, 'POST', '/api/cases', { departmentId: 'a\nb' }), 400, 'invalid_text', 'departmentId');
    const response = await t.as(admin, 'POST', '/api/patients/lookup', { identifier: '19121212-1212\t' });
    expectError(response, 400, 'invalid_text', 'identifier');
  });

  it('refuses NUL and bad percent-encoding in path parameters, identically on both databases', async () => {
    expectError(await t.as(admin, 'GET', '/api/cases/%00'), 400, 'invalid_text', 'id');
    expectError(await t.as(admin, 'GET', '/api/cases/abc%01def'), 400, 'invalid_text', 'id');
    expectError(await t.as(admin, 'GET', '/api/media/%00/original'), 400, 'invalid_text', 'id');
    // Percent-encoding that is not UTF-8 in the path is refused by the router before any hook runs;
    // it is mapped with the malformed URLs (invalid_url). In the query string the edge names the field.
    const invalidUtf8 = await t.as(admin, 'GET', '/api/cases/%ED%A0%80');
    expect(invalidUtf8.statusCode).toBe(400);
    expect((invalidUtf8.json() as { code: string }).code).toMatch(/^(invalid_text|invalid_url)$/);
    expectError(await t.as(admin, 'GET', '/api/cases?from=%ED%A0%80'), 400, 'invalid_text', 'from');
  });

  it('refuses NUL in query strings without auditing an export first', async () => {
    const before = await auditCount();
    expectError(await t.as(admin, 'GET', '/api/audit.csv?action=%00'), 400, 'invalid_text', 'action');
    expectError(await t.as(admin, 'GET', '/api/audit?action=%00'), 400, 'invalid_text', 'action');
    expectError(await t.as(admin, 'GET', '/api/cases?q=%ED%A0%80'), 400, 'invalid_text', 'q');
    expectError(await t.as(admin, 'GET', '/api/cases?q%00=x'), 400, 'invalid_text', 'query');
    expectError(await t.as(admin, 'GET', '/api/cases?q=a%0Ab'), 400, 'invalid_text', 'q');
    expect(await auditCount()).toBe(before);
    expect(await t.services.auditLog.verify()).toMatchObject({ ok: true });
  });

  it('refuses bad text in the headers Kasus reads', async () => {
    expectError(await t.as(null, 'GET', '/api/cases', undefined, { authorization: 'Bearer abc\u0000' }), 400, 'invalid_text', 'authorization');
    expectError(await t.as(null, 'GET', '/api/cases', undefined, { cookie: 'kasus_session=%00abc' }), 400, 'invalid_text', 'cookie kasus_session');
    expectError(await t.as(admin, 'POST', '/api/cases', {}, { 'x-csrf-token': `${admin.csrfToken}\u0001` }), 400, 'invalid_text', 'x-csrf-token');
    const metadata = `caseId ${Buffer.from('a\u0000b').toString('base64')},filename ${Buffer.from('x.jpg').toString('base64')}`;
    expectError(await t.as(admin, 'POST', '/api/uploads', undefined, { 'upload-metadata': metadata, 'tus-resumable': '1.0.0', 'upload-length': '10' }), 400, 'invalid_text', 'upload-metadata caseId');
    // Behind a trusted proxy X-Forwarded-For becomes the client address the audit log stores.
    expectError(await t.as(null, 'POST', '/api/session', { username: 'admin', password: 'x' }, { 'x-forwarded-for': '10.0.0.1\u0000' }), 400, 'invalid_text', 'x-forwarded-for');
    // Another application's cookie on the same host is not Kasus's to judge.
    const other = await t.as(null, 'GET', '/api/health', undefined, { cookie: 'other=%00' });
    expect(other.statusCode).toBe(200);
  });

  it('accepts well-formed text everywhere: Swedish, Norwegian, emoji, CJK', async () => {
    const response = await t.as(admin, 'GET', `/api/cases?q=${encodeURIComponent('Ärr höger kind åäö øæ 🩺 漢字')}`);
    expect(response.statusCode).toBe(200);
    // A bare % in a hand-typed query is kept as a character, not refused.
    expect((await t.as(admin, 'GET', '/api/cases?q=100%')).statusCode).toBe(200);
    expect((await t.as(admin, 'GET', '/api/cases?q=50%25+rabatt')).statusCode).toBe(200);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"\\ud83e\\ude7a","password":"x"}',
    });
    expectError(login, 401, 'invalid_credentials');
  });

  it('refuses impossible dates with invalid_date naming the field', async () => {
    expectError(await t.as(admin, 'GET', '/api/cases?from=2026-13-45'), 400, 'invalid_date', 'from');
    expectError(await t.as(admin, 'GET', '/api/cases?to=2026-02-30T25:61'), 400, 'invalid_date', 'to');
    expectError(await t.as(admin, 'GET', '/api/cases?to=2026-02-30'), 400, 'invalid_date', 'to');
    expectError(await t.as(admin, 'GET', '/api/audit?from=2026-02-29'), 400, 'invalid_date', 'from');
    expectError(await t.as(admin, 'GET', '/api/audit.csv?to=2026-04-31T10:00Z'), 400, 'invalid_date', 'to');
    expectError(await t.as(admin, 'GET', '/api/emergency-access?from=2026-01-01T24:00'), 400, 'invalid_date', 'from');
    expectError(await t.as(admin, 'GET', '/api/contacts/now?at=2026-11-23T14:60:00Z'), 400, 'invalid_date', 'at');
    expectError(await t.as(admin, 'GET', '/api/routines?at=Mon%2C%2030%20Feb%202026'), 400, 'invalid_date', 'at');
    // Clock times of the contacts directory's validity windows: 24:00 ends a day, 24:30 does not exist.
    const contact = { site: 'Centralsjukhuset', function: 'IT-servicedesk', kind: 'phone', number: '010-123 45 67' };
    expectError(await t.as(admin, 'POST', '/api/contacts', { ...contact, validity: [{ days: [1], from: '24:30', to: '06:00' }] }), 400, 'invalid_date', 'validity.0.from');
    expectError(await t.as(admin, 'POST', '/api/contacts', { ...contact, validity: [{ days: [1], from: '07:00', to: '25:00' }] }), 400, 'invalid_date', 'validity.0.to');
    expect((await t.as(admin, 'POST', '/api/contacts', { ...contact, validity: [{ days: [1], from: '00:00', to: '24:00' }] })).statusCode).toBe(201);
  });

  it('accepts real dates in every ISO form', async () => {
    for (const value of ['2028-02-29', '2026-11-22T08:00', '2026-11-22T08:00:00Z', '2026-11-22T08:00:00.123+01:00', '2026-12-31T23:59:59-0530']) {
      const response = await t.as(admin, 'GET', `/api/cases?from=${encodeURIComponent(value)}`);
      expect({ value, status: response.statusCode }).toEqual({ value, status: 200 });
    }
    const audit = await t.as(admin, 'GET', '/api/audit?from=2026-01-01T00:00:00Z&to=2099-12-31T23:59:59Z');
    expect(audit.statusCode).toBe(200);
  });
});

describe('parseStrictDateTime', () => {
  it('reads real dates and times and nothing else', () => {
    expect(parseStrictDateTime('2026-11-22')?.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(parseStrictDateTime('2026-11-22T08:00:00.5+01:00')?.toISOString()).toBe('2026-11-22T07:00:00.500Z');
    expect(parseStrictDateTime('2024-02-29T23:59:59Z')?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
    for (const bad of ['2026-13-45', '2026-02-30T25:61', '2023-02-29', '1900-02-29', '2026-00-10', '2026-01-00', '2026-01-01T24:00', '2026-01-01T10:60', '2026-01-01T10:00:60', '2026-01-01T10:00+24:00', 'Mon, 30 Feb 2026', '2026-1-1', '', '2026-01-01T10', '0000-01-01']) {
      expect({ bad, parsed: parseStrictDateTime(bad) }).toEqual({ bad, parsed: null });
    }
  });
});
