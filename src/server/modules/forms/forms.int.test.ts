import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

const CAPTURE_FACTS = ['purpose_explained', 'oral_consent', 'identity_verified_by', 'captured_by'];

const field = (key: string, extra: Record<string, unknown> = {}) => ({ key, label: { sv: `Fält ${key}` }, type: 'text', required: false, ...extra });
const siteField = field('site', {
  type: 'single_choice',
  required: true,
  label: { sv: 'Lokal', en: 'Site' },
  options: [
    { code: 'arm', label: { sv: 'Arm' } },
    { code: 'leg', label: { sv: 'Ben' } },
  ],
});

describe.each(testDialects())('case forms on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let sysadmin: Session;
  let nurse: Session;
  let surgery: string;
  let dermatology: string;
  let counter = 0;
  const uniqueName = (base: string) => `${base} ${++counter}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    sysadmin = await t.login('sysadmin');
    nurse = await t.login('skoterska');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, session: Session = admin) =>
    t.as(session, 'POST', '/api/forms', { fields: [], departmentIds: [], ...body, name: body.name ?? uniqueName('Formulär') });

  it('creates a form with fields and departments, the capture facts first', async () => {
    const response = await create({
      name: uniqueName('Sårdokumentation'),
      description: 'För sårmottagningen',
      fields: [field('wound_size', { type: 'number', min: 0, max: 500 }), siteField],
      departmentIds: [surgery, dermatology],
      changeNote: 'Första utgåvan',
    });
    expect(response.statusCode).toBe(201);
    const form = response.json();
    expect(form).toMatchObject({ description: 'För sårmottagningen', active: true, captureFactKeys: CAPTURE_FACTS });
    expect(form.currentVersion).toMatchObject({ version: 1, changeNote: 'Första utgåvan', createdBy: admin.user.id, formId: form.id });
    expect(form.currentVersion.fields.map((f: { key: string }) => f.key)).toEqual([...CAPTURE_FACTS, 'wound_size', 'site']);
    expect(form.currentVersion.fields[1]).toMatchObject({ key: 'oral_consent', type: 'yes_no', required: true });
    expect(form.currentVersion.fields[5]).toEqual(siteField);
    expect(form.departments.map((d: { id: string }) => d.id).sort()).toEqual([surgery, dermatology].sort());
    expect(form.versions).toEqual([
      { id: form.currentVersion.id, version: 1, createdAt: expect.any(String), createdBy: admin.user.id, createdByName: expect.any(String), changeNote: 'Första utgåvan' },
    ]);
    const audit = (await t.services.auditLog.list({ action: 'form.create' }, 1, 50)).items.find((e) => e.objectId === form.id);
    expect(audit).toMatchObject({ outcome: 'success', username: 'admin', objectType: 'form' });

    const again = await create({ name: form.name });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', field: 'name' });
  });

  it('carries the name and description in nb and en, renamed by PATCH, shown with the form on a case', async () => {
    const name = uniqueName('Hudfoto');
    const created = await create({
      name,
      nameTranslations: { nb: `${name} nb`, en: `${name} en` },
      description: 'Beskrivning',
      descriptionTranslations: { en: 'Description' },
      departmentIds: [surgery],
    });
    expect(created.statusCode).toBe(201);
    const form = created.json();
    expect(form).toMatchObject({ name, nameTranslations: { nb: `${name} nb`, en: `${name} en` }, descriptionTranslations: { en: 'Description' } });
    expect(form.descriptionTranslations).not.toHaveProperty('nb');
    // A form made without translations answers empty objects, so clients need no null checks.
    const plain = (await create({})).json();
    expect(plain).toMatchObject({ nameTranslations: {}, descriptionTranslations: {} });

    // PATCH replaces both translations; a language left out is removed, the Swedish name stays.
    const renamed = await t.as(sysadmin, 'PATCH', `/api/forms/${form.id}`, { nameTranslations: { en: ' Skin photo ' }, descriptionTranslations: {} });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name, nameTranslations: { en: 'Skin photo' }, descriptionTranslations: {} });
    expect(renamed.json().nameTranslations).not.toHaveProperty('nb');
    const listed = ((await t.as(nurse, 'GET', '/api/forms')).json() as { id: string; nameTranslations: unknown }[]).find((f) => f.id === form.id);
    expect(listed?.nameTranslations).toEqual({ en: 'Skin photo' });
    const audit = (await t.services.auditLog.list({ action: 'form.update' }, 1, 50)).items.find((e) => e.objectId === form.id);
    expect(audit?.details).toMatchObject({ nameTranslations: { en: 'Skin photo' } });

    // The case views name the form in every language too: the case, the search list, the timeline.
    const patientId = (await t.as(sysadmin, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    const doctor = await t.login('lakare');
    const kase = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery, formId: form.id });
    expect(kase.statusCode).toBe(201);
    expect((await t.as(doctor, 'GET', `/api/cases/${kase.json().id}`)).json().form).toMatchObject({ name, nameTranslations: { en: 'Skin photo' } });
    const found = (await t.as(doctor, 'GET', `/api/cases?patientId=${patientId}&formId=${form.id}`)).json();
    expect(found.items[0]).toMatchObject({ formName: name, formNameTranslations: { en: 'Skin photo' } });
  });

  it('refuses bad translations with 400 and a code and message', async () => {
    const form = (await create({})).json();
    const bad: Record<string, unknown>[] = [
      { nameTranslations: { de: 'Formular' } },
      { nameTranslations: { nb: '' } },
      { nameTranslations: { en: '   ' } },
      { nameTranslations: { en: 'x'.repeat(201) } },
      { nameTranslations: { en: 5 } },
      { nameTranslations: 'Form' },
      { descriptionTranslations: { nb: 'x'.repeat(2001) } },
    ];
    for (const body of bad) {
      for (const response of [await create(body), await t.as(admin, 'PATCH', `/api/forms/${form.id}`, body)]) {
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json()).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('Translations') });
      }
    }
    const lone = await t.as(admin, 'PATCH', `/api/forms/${form.id}`, { nameTranslations: { en: 'Skin \ud800' } });
    expect(lone.statusCode).toBe(400);
    expect(lone.json()).toMatchObject({ code: 'invalid_text', message: expect.any(String) });
    expect((await t.as(admin, 'GET', `/api/forms/${form.id}`)).json()).toMatchObject({ nameTranslations: {}, descriptionTranslations: {} });
  });

  it('makes a new version on PUT and keeps the old one readable and unchanged', async () => {
    const form = (await create({ fields: [field('title')], departmentIds: [surgery] })).json();
    const v1 = (await t.as(nurse, 'GET', `/api/forms/${form.id}/versions/1`)).json();
    const put = await t.as(sysadmin, 'PUT', `/api/forms/${form.id}`, { fields: [field('title', { required: true }), siteField], changeNote: 'Lokal tillagd' });
    expect(put.statusCode).toBe(200);
    const updated = put.json();
    expect(updated.currentVersion).toMatchObject({ version: 2, changeNote: 'Lokal tillagd', createdBy: sysadmin.user.id });
    expect(updated.currentVersion.id).not.toBe(v1.id);
    expect(updated.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(updated.currentVersion.fields.map((f: { key: string }) => f.key)).toEqual([...CAPTURE_FACTS, 'title', 'site']);

    const old = await t.as(nurse, 'GET', `/api/forms/${form.id}/versions/1`);
    expect(old.statusCode).toBe(200);
    expect(old.json()).toEqual(v1);
    expect(v1.fields.map((f: { key: string }) => f.key)).toEqual([...CAPTURE_FACTS, 'title']);
    expect(v1.fields[4].required).toBe(false);
    expect((await t.as(nurse, 'GET', `/api/forms/${form.id}/versions/3`)).statusCode).toBe(404);
    expect((await t.as(nurse, 'GET', `/api/forms/${form.id}`)).json().currentVersion.version).toBe(2);

    const audit = (await t.services.auditLog.list({ action: 'form.version' }, 1, 50)).items.find((e) => e.objectId === form.id);
    expect(audit).toMatchObject({ outcome: 'success', username: 'sysadmin', details: { version: 2 } });
  });

  it('answers 409 to a PUT with the same fields as the current version', async () => {
    const fields = [field('title', { label: { sv: 'Rubrik', en: 'Title' } })];
    const form = (await create({ fields })).json();
    // The same definition with its properties in another order is still the same.
    const reordered = [{ required: false, type: 'text', label: { en: 'Title', sv: 'Rubrik' }, key: 'title' }];
    const response = await t.as(admin, 'PUT', `/api/forms/${form.id}`, { fields: reordered, changeNote: 'Ingen ändring' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'conflict' });
    expect((await t.as(admin, 'GET', `/api/forms/${form.id}`)).json().versions).toHaveLength(1);
  });

  it.each([
    ['a bad key', [field('Bad-Key')], 'fields.0.key'],
    ['a duplicate key', [field('title'), field('title')], 'fields.1.key'],
    ['a reused capture-fact key', [field('oral_consent', { type: 'yes_no' })], 'fields.0.key'],
    ['a choice without options', [field('ok'), field('site', { type: 'multiple_choice' })], 'fields.1.options'],
    ['options on a text field', [field('note', { options: [{ code: 'a', label: { sv: 'A' } }] })], 'fields.0.options'],
    ['an unknown field type', [field('when', { type: 'datetime' })], 'fields.0.type'],
  ])('refuses %s with 400 naming the field', async (_what, fields, path) => {
    const created = await create({ fields });
    expect(created.statusCode).toBe(400);
    expect(created.json()).toMatchObject({ code: 'validation_failed', field: path });
    expect(created.json().message).toContain(path);

    const form = (await create({ fields: [field('title')] })).json();
    const put = await t.as(admin, 'PUT', `/api/forms/${form.id}`, { fields, changeNote: 'Fel' });
    expect(put.statusCode).toBe(400);
    expect(put.json()).toMatchObject({ code: 'validation_failed', field: path });
  });

  it('refuses unknown departments', async () => {
    const response = await create({ departmentIds: ['no-such-department'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', field: 'departmentIds' });
  });

  it('refuses writes without form.manage with 403 and audits the refusal', async () => {
    const form = (await create({ fields: [field('title')] })).json();
    const attempts = [
      ['POST', '/api/forms', { name: uniqueName('Smygformulär'), fields: [], departmentIds: [] }, 'form.create'],
      ['PUT', `/api/forms/${form.id}`, { fields: [field('other')], changeNote: 'x' }, 'form.version'],
      ['PATCH', `/api/forms/${form.id}`, { active: false }, 'form.update'],
    ] as const;
    for (const [method, url, body, action] of attempts) {
      const response = await t.as(nurse, method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden' });
      const refused = (await t.services.auditLog.list({ action }, 1, 100)).items.filter((e) => e.outcome === 'refused' && e.username === 'skoterska');
      expect(refused.length, action).toBeGreaterThan(0);
      expect(refused[0]!.details).toMatchObject({ missingRight: 'form.manage' });
    }
    const unchanged = (await t.as(nurse, 'GET', `/api/forms/${form.id}`)).json();
    expect(unchanged).toMatchObject({ active: true, currentVersion: { version: 1 } });
    expect((await t.as(null, 'GET', '/api/forms')).statusCode).toBe(401);
  });

  it('lists active forms, filtered by department, with their current version', async () => {
    const shared = (await create({ name: uniqueName('Delad'), departmentIds: [surgery, dermatology] })).json();
    const surgeryOnly = (await create({ name: uniqueName('Kirurgi'), departmentIds: [surgery] })).json();
    await t.as(admin, 'PUT', `/api/forms/${surgeryOnly.id}`, { fields: [field('extra')], changeNote: 'Nytt fält' });

    const all = (await t.as(nurse, 'GET', '/api/forms')).json() as { id: string; currentVersion: number; departmentIds: string[] }[];
    expect(all.map((f) => f.id)).toEqual(expect.arrayContaining([shared.id, surgeryOnly.id]));
    expect(all.find((f) => f.id === surgeryOnly.id)).toMatchObject({ currentVersion: 2, departmentIds: [surgery], active: true });

    const derm = (await t.as(nurse, 'GET', `/api/forms?departmentId=${dermatology}`)).json() as { id: string; departmentIds: string[] }[];
    expect(derm.map((f) => f.id)).toContain(shared.id);
    expect(derm.map((f) => f.id)).not.toContain(surgeryOnly.id);
    expect(derm.every((f) => f.departmentIds.includes(dermatology))).toBe(true);

    // Sharing with another department is a PATCH, not a new version.
    const patched = await t.as(admin, 'PATCH', `/api/forms/${surgeryOnly.id}`, { departmentIds: [surgery, dermatology], description: 'Nu delad' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ description: 'Nu delad', currentVersion: { version: 2 } });
    const derm2 = (await t.as(nurse, 'GET', `/api/forms?departmentId=${dermatology}`)).json() as { id: string }[];
    expect(derm2.map((f) => f.id)).toContain(surgeryOnly.id);
    const audit = (await t.services.auditLog.list({ action: 'form.update' }, 1, 50)).items.find((e) => e.objectId === surgeryOnly.id);
    expect(audit).toMatchObject({ outcome: 'success', details: { description: 'Nu delad' } });
  });

  it('hides a deactivated form from the list but still shows it by id', async () => {
    const form = (await create({ name: uniqueName('Gammalt'), departmentIds: [dermatology] })).json();
    const deactivated = await t.as(admin, 'PATCH', `/api/forms/${form.id}`, { active: false });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ active: false, currentVersion: { version: 1 } });
    expect(((await t.as(nurse, 'GET', '/api/forms')).json() as { id: string }[]).map((f) => f.id)).not.toContain(form.id);
    expect(((await t.as(nurse, 'GET', `/api/forms?departmentId=${dermatology}`)).json() as { id: string }[]).map((f) => f.id)).not.toContain(form.id);
    const byId = await t.as(nurse, 'GET', `/api/forms/${form.id}`);
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toMatchObject({ id: form.id, active: false });
    expect((await t.as(nurse, 'GET', `/api/forms/${form.id}/versions/1`)).statusCode).toBe(200);
    // Form managers can still find it to reactivate it; others may not ask for inactive forms.
    const withInactive = (await t.as(admin, 'GET', '/api/forms?includeInactive=true')).json() as { id: string }[];
    expect(withInactive.map((f) => f.id)).toContain(form.id);
    expect((await t.as(nurse, 'GET', '/api/forms?includeInactive=true')).statusCode).toBe(403);
    await t.as(admin, 'PATCH', `/api/forms/${form.id}`, { active: true });
    expect(((await t.as(nurse, 'GET', '/api/forms')).json() as { id: string }[]).map((f) => f.id)).toContain(form.id);
  });

  it('answers 404 for a form that does not exist', async () => {
    expect((await t.as(nurse, 'GET', '/api/forms/no-such-form')).statusCode).toBe(404);
    expect((await t.as(admin, 'PUT', '/api/forms/no-such-form', { fields: [], changeNote: 'x' })).statusCode).toBe(404);
    expect((await t.as(admin, 'PATCH', '/api/forms/no-such-form', { active: false })).statusCode).toBe(404);
  });

  it('never gives two concurrent PUTs the same version number', async () => {
    const form = (await create({ fields: [field('title')] })).json();
    const responses = await Promise.all(
      ['one', 'two', 'three'].map((key) => t.as(admin, 'PUT', `/api/forms/${form.id}`, { fields: [field(key)], changeNote: `Samtidig ${key}` })),
    );
    const ok = responses.filter((r) => r.statusCode === 200);
    for (const r of responses) expect([200, 409]).toContain(r.statusCode);
    expect(ok.length).toBeGreaterThanOrEqual(2);
    const versions = (await t.as(admin, 'GET', `/api/forms/${form.id}`)).json().versions.map((v: { version: number }) => v.version);
    expect(versions).toEqual(Array.from({ length: ok.length + 1 }, (_, i) => i + 1));
    const rows = await t.services.database.db.selectFrom('form_version').select('version').where('form_id', '=', form.id).execute();
    expect(new Set(rows.map((r) => Number(r.version))).size).toBe(rows.length);
  });

  it('documents every forms route in the OpenAPI description', async () => {
    const spec = (await t.as(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths['/api/forms']!)).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(spec.paths['/api/forms/{id}']!)).toEqual(expect.arrayContaining(['get', 'put', 'patch']));
    expect(spec.paths['/api/forms/{id}/versions/{version}']).toHaveProperty('get');
  });
});
