import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

describe.each(testDialects())('patient look-up on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('validates identifiers and names the rule that failed', async () => {
    const nurse = await t.login('skoterska');
    const valid = await t.as(nurse, 'POST', '/api/identifiers/validate', { identifier: '121212+1212' });
    expect(valid.json()).toMatchObject({ valid: true, type: 'se_personnummer', normalized: '191212121212' });
    // "-" means under 100 years: the same digits name someone born in 2012.
    const young = await t.as(nurse, 'POST', '/api/identifiers/validate', { identifier: '121212-1212' });
    expect(young.json()).toMatchObject({ valid: true, normalized: '201212121212' });
    const bad = await t.as(nurse, 'POST', '/api/identifiers/validate', { identifier: '19121212-1213' });
    expect(bad.json()).toMatchObject({ valid: false, rule: 'check_digit' });
    expect(bad.json().error).toMatch(/kontrollsiffr/i);
    const date = await t.as(nurse, 'POST', '/api/identifiers/validate', { identifier: '19990230-1234' });
    expect(date.json()).toMatchObject({ valid: false, rule: 'invalid_date' });
    const anonymous = await t.as(null, 'POST', '/api/identifiers/validate', { identifier: '121212-1212' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('finds a patient by any valid spelling of the identifier and audits the read', async () => {
    const nurse = await t.login('skoterska');
    const found = await t.as(nurse, 'POST', '/api/patients/lookup', { identifier: '191212121212' });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ identifier: '191212121212', type: 'se_personnummer', confidential: false });
    const same = await t.as(nurse, 'POST', '/api/patients/lookup', { identifier: ' 121212+1212 ' });
    expect(same.json().id).toBe(found.json().id);
    const norwegian = await t.as(nurse, 'POST', '/api/patients/lookup', { identifier: '15067545602' });
    expect(norwegian.json()).toMatchObject({ type: 'no_fodselsnummer' });
    const events = (await t.services.auditLog.list({ patientId: found.json().id, action: 'patient.lookup' }, 1, 10)).items;
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ username: 'skoterska', outcome: 'success', role: 'Sjuksköterska' });
  });

  it('refuses an invalid identifier with 400 and the rule, and an unknown one with 404', async () => {
    const nurse = await t.login('skoterska');
    const invalid = await t.as(nurse, 'POST', '/api/patients/lookup', { identifier: '19121212-1213' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'invalid_identifier', rule: 'check_digit' });
    const unknown = await t.as(nurse, 'POST', '/api/patients/lookup', { identifier: '19900101-2385' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('patient_not_found');
    const failure = (await t.services.auditLog.list({ action: 'patient.lookup', userId: nurse.user.id }, 1, 50)).items.find(
      (e) => e.outcome === 'failure',
    )!;
    expect(JSON.stringify(failure.details)).not.toContain('2385');
  });

  it('answers a user without patient.read as if the patient did not exist, and audits the refusal', async () => {
    const logg = await t.login('logg');
    const refused = await t.as(logg, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' });
    const unknown = await t.as(logg, 'POST', '/api/patients/lookup', { identifier: '19900101-2385' });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toEqual(unknown.json());
    const events = (await t.services.auditLog.list({ action: 'patient.lookup', userId: logg.user.id }, 1, 10)).items;
    expect(events.every((e) => e.outcome === 'refused')).toBe(true);
    expect(events).toHaveLength(2);
  });

  it('registers a new patient once; a second registration is a conflict', async () => {
    const doctor = await t.login('lakare');
    const created = await t.as(doctor, 'POST', '/api/patients', { identifier: '19900101-2385' });
    expect(created.statusCode).toBe(201);
    expect((await t.as(doctor, 'POST', '/api/patients', { identifier: '900101-2385' })).json().code).toBe('patient_exists');
    expect((await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '199001012385' })).json().id).toBe(created.json().id);
    const logg = await t.login('logg');
    expect((await t.as(logg, 'POST', '/api/patients', { identifier: '19640823-3234' })).statusCode).toBe(403);
  });

  it('keeps identifiers out of URLs: the API has no route that takes one in the path or query', async () => {
    const spec = (await t.as(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    for (const [route, methods] of Object.entries(spec.paths)) {
      // Path parameters are Kasus's own opaque ids (and version numbers, the offline copy's part
      // names, which the server builds from a workstation id and numbers, and the random key a
      // capturing device gives each file), never identifiers.
      for (const parameter of route.match(/\{[^}]+\}/g) ?? []) expect(['{id}', '{version}', '{mediaId}', '{tokenId}', '{consentId}', '{name}', '{key}']).toContain(parameter);
      if (route.includes('{name}')) expect(route).toBe('/api/offline-copy/sync/parts/{name}');
      if (route.includes('{key}')) expect(route).toBe('/api/captures/{id}/items/{key}');
      for (const [method, operation] of Object.entries(methods)) {
        // FHIR's GET Patient?identifier= is refused (400, use POST _search) unless an installation
        // turns on KASUS_FHIR_IDENTIFIER_IN_URL for a client that cannot search by POST (issue 15);
        // fhir.int.test.ts checks both answers.
        if (route === '/fhir/R4/Patient' && method === 'get') continue;
        for (const parameter of operation.parameters ?? []) expect(parameter.name, `${method} ${route}`).not.toMatch(/identifier|personnummer|ssn/i);
      }
    }
  });
});
