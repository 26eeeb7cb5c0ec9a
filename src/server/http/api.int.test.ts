import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/helpers/app.js';
import { testDialects } from '../../../test/helpers/databases.js';
import { expectError } from '../../../test/helpers/expect-error.js';

describe.each(testDialects())('HTTP API contract on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('reports health and mode without authentication', async () => {
    const response = await t.as(null, 'GET', '/api/health');
    expect(response.json()).toEqual({ status: 'ok', mode: 'read_write' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('publishes OpenAPI with every core route', async () => {
    const spec = (await t.as(null, 'GET', '/api/openapi.json')).json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(spec.openapi).toMatch(/^3\./);
    const routes = Object.entries(spec.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/health', 'POST /api/session', 'DELETE /api/session', 'POST /api/tokens',
        'POST /api/identifiers/validate', 'POST /api/patients/lookup', 'GET /api/departments', 'POST /api/departments',
        'GET /api/roles', 'POST /api/roles', 'POST /api/users', 'GET /api/audit',
        'POST /api/cases', 'GET /api/cases', 'GET /api/cases/{id}', 'POST /api/cases/{id}/media',
        'GET /api/media/{id}', 'GET /api/media/{id}/original', 'GET /api/media/{id}/thumbnail',
        'GET /api/media/{id}/preview', 'GET /api/media/{id}/playable',
      ]),
    );
  });

  it('refuses unknown fields, wrong types and missing fields with 400 validation_failed naming the field', async () => {
    const unknown = await t.as(admin, 'POST', '/api/departments', { hsaId: 'SE2321000016-5005', name: 'X', colour: 'red' });
    expectError(unknown, 400, 'validation_failed');
    expect(unknown.json().message).toContain('colour');
    const wrongType = await t.as(admin, 'POST', '/api/departments', { hsaId: 12, name: 'X' });
    expectError(wrongType, 400, 'validation_failed');
    expect(wrongType.json().message).toContain('hsaId');
    expectError(await t.as(admin, 'POST', '/api/users', { username: 'x' }), 400, 'validation_failed');
    expectError(await t.as(null, 'POST', '/api/session', { username: 'admin' }), 400, 'validation_failed');
    expectError(await t.as(admin, 'GET', '/api/audit?pageSize=100000'), 400, 'validation_failed');
    expectError(await t.as(admin, 'GET', '/api/audit?unknown=1'), 400, 'validation_failed');
  });

  it('refuses malformed JSON, oversized bodies and other content types', async () => {
    const malformed = await t.as(admin, 'POST', '/api/departments', '{"hsaId": ', { 'content-type': 'application/json' });
    expectError(malformed, 400, 'invalid_json');
    const huge = await t.as(admin, 'POST', '/api/departments', { hsaId: 'SE2321000016-5005', name: 'x'.repeat(300 * 1024) });
    expectError(huge, 413, 'payload_too_large');
    const xml = await t.as(admin, 'POST', '/api/departments', '<department/>', { 'content-type': 'application/xml' });
    expectError(xml, 415, 'unsupported_media_type');
    const empty = await t.as(admin, 'POST', '/api/departments', '', { 'content-type': 'application/json' });
    expect(empty.statusCode).toBe(400);
  });

  it('validates HSA-ids and refuses duplicates with a clear message', async () => {
    const bad = await t.as(admin, 'POST', '/api/departments', { hsaId: 'kirurgen', name: 'Kirurgen' });
    expectError(bad, 400, 'validation_failed');
    expect(bad.json().message).toContain('HSA-id');
    const lower = await t.as(admin, 'POST', '/api/departments', { hsaId: 'se2321000016-ab12', name: 'Plastikkirurgi' });
    expect(lower.statusCode).toBe(201);
    expect(lower.json().hsaId).toBe('SE2321000016-AB12');
    expectError(await t.as(admin, 'POST', '/api/departments', { hsaId: 'SE2321000016-AB12', name: 'Igen' }), 409, 'conflict');
    expectError(await t.as(admin, 'PATCH', '/api/departments/nope', { name: 'X' }), 404, 'not_found');
  });

  it('validates users: username format, password length, unknown department or role', async () => {
    const dept = ((await t.as(admin, 'GET', '/api/departments')).json() as { id: string }[])[0]!.id;
    const role = ((await t.as(admin, 'GET', '/api/roles')).json() as { id: string }[])[0]!.id;
    const base = { username: 'ny.anvandare', password: 'long-enough-password', displayName: 'Ny', roles: [{ departmentId: dept, roleId: role }] };
    expectError(await t.as(admin, 'POST', '/api/users', { ...base, username: 'Å Ä' }), 400, 'validation_failed');
    const short = await t.as(admin, 'POST', '/api/users', { ...base, password: 'short' });
    expectError(short, 400, 'validation_failed');
    expect(short.json().message).toContain('minst 10 tecken');
    expectError(await t.as(admin, 'POST', '/api/users', { ...base, roles: [{ departmentId: 'nope', roleId: role }] }), 400, 'validation_failed');
    expectError(await t.as(admin, 'POST', '/api/users', { ...base, roles: [{ departmentId: dept, roleId: 'nope' }] }), 400, 'validation_failed');
    expect((await t.as(admin, 'POST', '/api/users', base)).statusCode).toBe(201);
    expectError(await t.as(admin, 'POST', '/api/users', { ...base, username: 'NY.ANVANDARE' }), 409, 'conflict');
  });

  it('answers unknown API routes with JSON 404, known ones asked with another method with 405, and other paths with the web app', async () => {
    expectError(await t.as(admin, 'GET', '/api/nothing-here'), 404, 'not_found');
    // A known path asked with a method it does not take: 405 with the methods it does take.
    const wrongMethod = await t.as(admin, 'DELETE', '/api/departments');
    expectError(wrongMethod, 405, 'method_not_allowed');
    expect(wrongMethod.headers.allow).toContain('GET');
    const page = await t.as(null, 'GET', '/admin/users');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('requires authentication for everything but health, login and the API description', async () => {
    for (const [method, url] of [
      ['GET', '/api/departments'], ['GET', '/api/roles'], ['GET', '/api/users'], ['GET', '/api/audit'],
      ['GET', '/api/session'], ['GET', '/api/tokens'], ['POST', '/api/tokens'],
    ] as const) {
      const response = await t.as(null, method, url, method === 'POST' ? { name: 'x' } : undefined);
      expectError(response, 401, 'not_authenticated');
    }
  });
});
