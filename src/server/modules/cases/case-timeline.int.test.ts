import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';

const CAPTURE = { purpose_explained: 'Uppföljning av sår', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' };

interface Timeline {
  cases: { id: string; departmentId: string; formName: string | null; fields: { key: string; values: { sv: string }[] }[] }[];
  images: { mediaId: string; caseId: string; capturedAt: string | null; caption: string | null }[];
  hiddenConfidential: number;
  truncated: boolean;
}

/** The patient timeline (issue 19): the case list's rights, confidential cases left out unless opened, one event a request. */
describe.each(testDialects())('patient timeline on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let sysadmin: Session;
  let doctor: Session;
  let nurse: Session;
  let logg: Session;
  let patientId: string;
  let surgeryCase: string;
  let dermatologyCase: string;
  const surgeryImages: string[] = [];
  let dermatologyImage: string;
  let seed = 0;

  async function photo(): Promise<string> {
    const file = path.join(mediaDir(), `timeline-${++seed}.jpg`);
    await sharp({ create: { width: 48, height: 36, channels: 3, background: { r: (seed * 61) % 256, g: 90, b: (seed * 17) % 256 } } })
      .jpeg()
      .toFile(file);
    return file;
  }

  const timeline = async (as: Session, id = patientId) => {
    const response = await t.as(as, 'GET', `/api/patients/${id}/timeline`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Timeline;
  };

  const events = async () => {
    const response = await t.as(logg, 'GET', `/api/audit?action=case.timeline&patientId=${patientId}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { outcome: string; userId: string | null }[]; total: number };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    sysadmin = await t.login('sysadmin');
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    logg = await t.login('logg');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19850615-2381' })).json().id;
    const fields = [
      { key: 'site', label: { sv: 'Lokalisation' }, type: 'single_choice', required: false, options: [{ code: 'arm', label: { sv: 'Arm', en: 'Arm' } }, { code: 'leg', label: { sv: 'Ben', en: 'Leg' } }] },
    ];
    const form = await t.as(admin, 'POST', '/api/forms', { name: 'Sårfoto', nameTranslations: { en: 'Wound photo' }, fields, departmentIds: [surgery, dermatology] });
    expect(form.statusCode, form.body).toBe(201);
    const formId = form.json().id as string;

    surgeryCase = (await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery, formId })).json().id;
    expect((await t.as(doctor, 'PATCH', `/api/cases/${surgeryCase}`, { values: { ...CAPTURE, site: 'leg' } })).statusCode).toBe(200);
    const upload = await t.upload(doctor, surgeryCase, [{ path: await photo() }, { path: await photo() }]);
    expect(upload.status).toBe(200);
    for (const item of upload.body.items as { id: string }[]) surgeryImages.push(item.id);
    await t.as(doctor, 'PATCH', `/api/cases/${surgeryCase}/media/${surgeryImages[0]}`, { caption: 'Sår vänster ben' });

    dermatologyCase = (await t.as(nurse, 'POST', '/api/cases', { patientId, departmentId: dermatology, formId })).json().id;
    const other = await t.upload(nurse, dermatologyCase, [{ path: await photo() }]);
    expect(other.status).toBe(200);
    dermatologyImage = other.body.items[0].id;
  });
  afterAll(() => t.close());

  it('lists the images of the cases the caller may read, with the fields to filter by, and one event a request', async () => {
    const before = (await events()).total;
    const seen = await timeline(doctor);
    expect(seen.images.map((i) => i.mediaId).sort()).toEqual([...surgeryImages, dermatologyImage].sort());
    expect(seen.images.find((i) => i.mediaId === surgeryImages[0])).toMatchObject({ caseId: surgeryCase, caption: 'Sår vänster ben' });
    const surgery = seen.cases.find((c) => c.id === surgeryCase)!;
    expect(surgery).toMatchObject({ id: surgeryCase, formName: 'Sårfoto', formNameTranslations: { en: 'Wound photo' } });
    expect(surgery.fields.find((f) => f.key === 'site')?.values).toEqual([{ sv: 'Ben', en: 'Leg' }]);
    expect(seen.cases.find((c) => c.id === dermatologyCase)!.fields).toEqual([]);
    expect(seen.hiddenConfidential).toBe(0);
    // Exactly the cases the case list shows the same user.
    const search = (await t.as(doctor, 'GET', `/api/cases?patientId=${patientId}`)).json() as { items: { id: string }[] };
    expect(seen.cases.map((c) => c.id).sort()).toEqual(search.items.map((i) => i.id).sort());

    const nurseSees = await timeline(nurse);
    expect(nurseSees.images.map((i) => i.mediaId)).toContain(dermatologyImage);

    // Without case.read: an empty timeline, audited as a success (as the case list).
    const none = await timeline(logg);
    expect(none).toMatchObject({ images: [], cases: [], hiddenConfidential: 0 });
    const after = await events();
    expect(after.total - before).toBe(3);
    expect(after.items.every((e) => e.outcome === 'success')).toBe(true);
  });

  it('leaves a confidential patient\'s cases out (only counted) until opened in an emergency', async () => {
    const marked = await t.as(sysadmin, 'POST', `/api/patients/${patientId}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt Skatteverket' });
    expect(marked.statusCode, marked.body).toBe(200);
    const hidden = await timeline(doctor);
    expect(hidden.images).toEqual([]);
    expect(hidden.cases).toEqual([]);
    expect(hidden.hiddenConfidential).toBe(2);
    expect(JSON.stringify(hidden)).not.toContain('Sår vänster ben');

    const opened = await t.as(doctor, 'POST', `/api/cases/${surgeryCase}/emergency-access`, { reason: 'Akut behov av bilderna vid operation' });
    expect(opened.statusCode, opened.body).toBe(200);
    const shown = await timeline(doctor);
    // Only the opened case comes back; the other stays counted.
    expect(shown.images.map((i) => i.mediaId).sort()).toEqual([...surgeryImages].sort());
    expect(shown.hiddenConfidential).toBe(1);
  });

  it('refuses bad input with a 4xx and answers an unknown patient with an empty timeline', async () => {
    expect((await t.as(null, "GET", `/api/patients/${patientId}/timeline`)).statusCode).toBe(401);
    const long = await t.as(doctor, 'GET', `/api/patients/${'x'.repeat(200)}/timeline`);
    expect(long.statusCode).toBeGreaterThanOrEqual(400);
    expect(long.statusCode).toBeLessThan(500);
    expect(long.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(await timeline(doctor, 'no-such-patient')).toMatchObject({ images: [], cases: [] });
  });
});
