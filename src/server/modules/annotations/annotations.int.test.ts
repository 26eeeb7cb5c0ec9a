import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { AnnotationsRepository } from './annotations-repository.js';

const CAPTURE = { purpose_explained: 'Dokumentation av sårläkning', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' };

const arrow = { id: 'a1', type: 'arrow', x1: 0.1, y1: 0.2, x2: 0.5, y2: 0.5 };
const calibration = { id: 'c1', type: 'calibration', x1: 0.1, y1: 0.9, x2: 0.6, y2: 0.9, lengthMm: 10 };
const measure = { id: 'm1', type: 'measure', x1: 0.2, y1: 0.3, x2: 0.2, y2: 0.8 };
const label = { id: 't1', type: 'text', x: 0.4, y: 0.1, text: 'Sårkant' };
const ellipse = { id: 'e1', type: 'ellipse', cx: 0.5, cy: 0.5, rx: 0.2, ry: 0.1 };
const freehand = { id: 'f1', type: 'freehand', points: [[0.1, 0.1], [0.2, 0.15], [0.3, 0.1]] };

describe.each(testDialects())('annotations on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let nurse: Session;
  let reader: Session;
  let caseId: string;
  let mediaId: string;
  const url = () => `/api/cases/${caseId}/media/${mediaId}/annotations`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.login('admin');
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    // Someone who may read surgery's cases but not change them.
    const role = (await t.as(admin, 'POST', '/api/roles', { name: 'Läsare av markeringar', rights: ['case.read', 'patient.read'] })).json().id as string;
    const created = await t.as(admin, 'POST', '/api/users', { username: 'lasare', password: 'ett-langt-losenord', displayName: 'Lisa Läsare', roles: [{ departmentId: surgery, roleId: role }] });
    expect(created.statusCode, created.body).toBe(201);
    reader = await t.login('lasare', 'ett-langt-losenord');
    const formId = (await t.as(admin, 'POST', '/api/forms', { name: 'Markeringar', fields: [], departmentIds: [surgery] })).json().id as string;
    const patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery, formId })).json().id as string;
    expect((await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: CAPTURE })).statusCode).toBe(200);
    const file = path.join(mediaDir(), 'sar.jpg');
    await sharp({ create: { width: 80, height: 60, channels: 3, background: { r: 180, g: 90, b: 80 } } }).jpeg().toFile(file);
    const upload = await t.upload(doctor, caseId, [{ path: file }]);
    expect(upload.status, JSON.stringify(upload.body)).toBe(200);
    mediaId = upload.body.items[0].id;
  });
  afterAll(() => t.close());

  const events = (action: string) =>
    t.services.database.db.selectFrom('audit_event').select(['user_id', 'outcome', 'details']).where('action', '=', action).where('object_id', '=', caseId).execute();

  it('saves shapes of every kind on the draft, reads them back, and audits both', async () => {
    expect((await t.as(doctor, 'GET', url())).json()).toMatchObject({ version: 1, editable: true, shapes: [], updatedAt: null });
    const saved = await t.as(doctor, 'PUT', url(), { shapes: [arrow, calibration, measure, label, ellipse, freehand], version: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    const read = await t.as(doctor, 'GET', url());
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ caseId, mediaId, version: 1, editable: true, shapes: [arrow, calibration, measure, label, ellipse, freehand], updatedByName: expect.any(String) });
    const writes = await events('media.annotations.write');
    expect(writes.map((e) => [e.user_id, e.outcome])).toEqual([[doctor.user.id, 'success']]);
    expect(JSON.parse(writes[0]!.details!)).toMatchObject({ mediaId, version: 1, shapes: 6 });
    expect((await events('media.annotations.read')).filter((e) => e.outcome === 'success')).toHaveLength(2);
  });

  it('refuses bad shapes with 400 and a code, storing nothing', async () => {
    const bad: unknown[] = [
      [{ ...arrow, x2: 1.5 }],
      [{ ...arrow, x1: -0.1 }],
      [{ ...arrow, id: 'a b' }],
      [arrow, { ...measure, id: 'a1' }],
      [calibration, { ...calibration, id: 'c2' }],
      [{ ...calibration, x2: calibration.x1, y2: calibration.y1 }],
      [{ ...calibration, lengthMm: 0 }],
      [{ ...label, text: '   ' }],
      [{ ...label, text: 'x'.repeat(201) }],
      [{ ...label, text: 'två\nrader' }],
      [{ ...freehand, points: Array.from({ length: 501 }, () => [0.5, 0.5]) }],
      [{ ...arrow, colour: 'red' }],
      [{ id: 'z', type: 'polygon' }],
      Array.from({ length: 201 }, (_, i) => ({ ...arrow, id: `a${i}` })),
    ];
    for (const shapes of bad) {
      const response = await t.as(doctor, 'PUT', url(), { shapes });
      expect(response.statusCode, JSON.stringify(shapes).slice(0, 120)).toBe(400);
      expect(response.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    // 1e999 is Infinity once parsed: refused, not stored as null.
    const infinite = await t.as(doctor, 'PUT', url(), `{"shapes":[{"id":"a","type":"arrow","x1":1e999,"y1":0,"x2":0,"y2":0}]}`, { 'content-type': 'application/json' });
    expect(infinite.statusCode).toBe(400);
    const lone = await t.as(doctor, 'PUT', url(), `{"shapes":[{"id":"t","type":"text","x":0,"y":0,"text":"\\ud800"}]}`, { 'content-type': 'application/json' });
    expect(lone.statusCode).toBe(400);
    expect(lone.json().code).toBe('invalid_text');
    expect((await t.as(doctor, 'GET', url())).json().shapes).toHaveLength(6);
  });

  it('hides another department\'s case like a missing one, and audits the refusal', async () => {
    for (const [method, body] of [['GET', undefined], ['PUT', { shapes: [] }]] as const) {
      const refused = await t.as(nurse, method, url(), body);
      const missing = await t.as(nurse, method, `/api/cases/00000000-0000-4000-8000-000000000000/media/${mediaId}/annotations`, body);
      expect(refused.statusCode).toBe(404);
      expect(refused.body).toBe(missing.body);
    }
    const refusals = [...(await events('media.annotations.read')), ...(await events('media.annotations.write'))].filter((e) => e.user_id === nurse.user.id);
    expect(refusals.map((e) => e.outcome)).toEqual(['refused', 'refused']);
    // Who may read the case but not change it sees the layer, not editable, and is told no (403) when writing.
    expect((await t.as(reader, 'GET', url())).json()).toMatchObject({ editable: false, shapes: expect.any(Array) });
    const forbidden = await t.as(reader, 'PUT', url(), { shapes: [] });
    expect(forbidden.statusCode).toBe(403);
    expect((await events('media.annotations.write')).filter((e) => e.user_id === reader.user.id).map((e) => e.outcome)).toEqual(['refused']);
    expect((await t.as(doctor, 'GET', url())).json().shapes).toHaveLength(6);
    // A file that is not in this case is not found, even for the case's own doctor.
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}/media/00000000-0000-4000-8000-000000000000/annotations`)).statusCode).toBe(404);
  });

  it('is locked by signing (409), carried to the next version, and compared between versions', async () => {
    const signed = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    const locked = await t.as(doctor, 'PUT', url(), { shapes: [arrow] });
    expect(locked.statusCode).toBe(409);
    expect(locked.json()).toMatchObject({ code: 'case_locked', message: expect.any(String) });
    expect((await events('media.annotations.write')).at(-1)!.outcome).toBe('refused');
    expect((await t.as(doctor, 'GET', url())).json()).toMatchObject({ version: 1, editable: false });
    // A save that read the draft just before the signing cannot land in the signed version either.
    const late = { case_id: caseId, version: 1, media_id: mediaId, shapes: '[]', updated_by: doctor.user.id, updated_at: new Date().toISOString() };
    const repository = new AnnotationsRepository(t.services.database);
    expect(await t.services.database.db.transaction().execute((tx) => repository.save(tx, late))).toBe(false);
    expect((await t.as(doctor, 'GET', url())).json().shapes).toHaveLength(6);

    expect((await t.as(doctor, 'POST', `/api/cases/${caseId}/versions`)).statusCode).toBe(200);
    const carried = (await t.as(doctor, 'GET', url())).json();
    expect(carried).toMatchObject({ version: 2, editable: true });
    expect(carried.shapes).toEqual([arrow, calibration, measure, label, ellipse, freehand]);

    // Version 2: the arrow moved, the label removed, a second measurement added.
    const moved = { ...arrow, x2: 0.7 };
    const measure2 = { ...measure, id: 'm2', x1: 0.6 };
    expect((await t.as(doctor, 'PUT', url(), { shapes: [moved, calibration, measure, ellipse, freehand, measure2], version: 2 })).statusCode).toBe(200);
    // Version 1 is as it was signed.
    expect((await t.as(doctor, 'GET', `${url()}?version=1`)).json().shapes).toEqual([arrow, calibration, measure, label, ellipse, freehand]);
    expect((await t.as(doctor, 'GET', `${url()}?version=3`)).statusCode).toBe(404);
    // A save made on an older version is refused.
    expect((await t.as(doctor, 'PUT', url(), { shapes: [], version: 1 })).json().code).toBe('case_changed');

    const diff = await t.as(doctor, 'GET', `/api/cases/${caseId}/compare?from=1&to=2`);
    expect(diff.statusCode, diff.body).toBe(200);
    expect(diff.json().annotations).toEqual([
      {
        mediaId,
        added: [{ id: 'm2', type: 'measure', text: null }],
        removed: [{ id: 't1', type: 'text', text: 'Sårkant' }],
        changed: [{ id: 'a1', type: 'arrow', text: null }],
      },
    ]);
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}/compare?from=1&to=1`)).json().annotations).toEqual([]);
  });
});
