import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../clock.js';
import { series, writeCard, type CardShot } from '../../../../test/helpers/card-fixtures.js';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

// Issue 16, M5: a memory card is staged and analysed before anything is added; one session, one
// patient per card unless split; identity images read by OCR (Debian's tesseract) on cards the test writes.
const PATIENT = '19121212-1212';
const OTHER = '19850615-2381';

describe.each(testDialects())('card import on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let nurse: Session;
  let patientId: string;
  let departmentId: string;
  let demoFormId: string;
  const clock = new TestClock('2026-12-07T12:00:00Z');
  const dir = mkdtempSync(path.join(tmpdir(), 'kasus-card-'));

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: PATIENT })).json().id;
    const user = doctor.user as unknown as { assignments: { departmentId: string; departmentName: string }[] };
    departmentId = user.assignments.find((a) => a.departmentName === 'Kirurgkliniken')!.departmentId;
    demoFormId = (await t.as(doctor, 'GET', `/api/forms?departmentId=${departmentId}`)).json()[0].id;
  }, 60_000);
  afterAll(() => t.close());

  async function newCase(formId?: string): Promise<string> {
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId, formId: formId ?? demoFormId });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id;
  }

  async function begin(caseId: string, as = doctor): Promise<string> {
    const response = await t.as(as, 'POST', `/api/cases/${caseId}/imports`);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  }

  async function stage(importId: string, files: string[], as = doctor) {
    const url = await t.listen();
    const form = new FormData();
    for (const file of files) form.append('file', await openAsBlob(file), path.basename(file));
    const response = await fetch(`${url}/api/imports/${importId}/files`, { method: 'POST', headers: { cookie: as.cookie, 'x-csrf-token': as.csrfToken }, body: form });
    return { status: response.status, body: (await response.json()) as any };
  }

  async function card(name: string, shots: CardShot[]): Promise<string[]> {
    return writeCard(path.join(dir, name), shots);
  }

  const mediaOf = async (caseId: string) => (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as { id: string; originalFilename: string; capturedAt: string | null; cameraMake?: string }[];
  const stagedDir = (importId: string) => path.join(t.config.dataDir, 'imports', importId);

  it('stages a card of two sessions, reads capture time, camera and the identity images, and refuses to add it unsplit', async () => {
    const caseId = await newCase();
    // Morning: identity image, two photos, identity image. Afternoon (4 h later): two photos, no identity image.
    const files = await card('two', [...series('AM', '2026:12:01 09:00', 2, PATIENT), ...series('PM', '2026:12:01 13:00', 2, null, undefined, 10)]);
    const importId = await begin(caseId);
    const staged = await stage(importId, files);
    expect(staged.status, JSON.stringify(staged.body)).toBe(200);
    expect(staged.body.refused).toEqual([]);
    expect(staged.body.files).toHaveLength(6);
    expect(staged.body.files.find((f: any) => f.filename === 'AM_0001.JPG')).toMatchObject({ kind: 'image', capturedAt: '2026-12-01T08:01:00.000Z', camera: 'Canon EOS R6' });

    const view = (await t.as(doctor, 'GET', `/api/imports/${importId}`)).json();
    expect(view.files.map((f: any) => f.filename)).toEqual(['AM_ID1.JPG', 'AM_0001.JPG', 'AM_0002.JPG', 'AM_ID2.JPG', 'PM_0001.JPG', 'PM_0002.JPG']);
    expect(view.files.map((f: any) => f.session)).toEqual([0, 0, 0, 0, 1, 1]);
    const id1 = view.files[0];
    expect(id1.ocr).toBe('read');
    expect(id1.identifier).toMatchObject({ normalized: '191212121212', formatted: PATIENT, samePatient: true });
    expect(view.files[1].identifier).toBeNull();
    expect(view.sessions).toHaveLength(2);
    expect(view.sessions[0]).toMatchObject({ identityAtStart: true, identityAtEnd: true, camera: 'Canon EOS R6', firstCapturedAt: '2026-12-01T08:00:00.000Z' });
    expect(view.sessions[1]).toMatchObject({ identityAtStart: false, identityAtEnd: false });
    const codes = view.problems.map((p: any) => p.code);
    expect(codes).toContain('multiple_sessions');
    expect(view.problems.find((p: any) => p.code === 'identity_series_incomplete')).toMatchObject({ session: 1, missingStart: true, missingEnd: true });
    expect(codes).not.toContain('other_patient');

    const refused = await t.as(doctor, 'POST', `/api/imports/${importId}/commit`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'import_multiple_sessions' });
    expect(refused.json().message).toContain('2 fotograferingstillfällen');
    expect(await mediaOf(caseId)).toEqual([]);
    // Still there to be split.
    expect((await t.as(doctor, 'GET', `/api/imports/${importId}`)).statusCode).toBe(200);

    // Split: the morning into this case, the afternoon into a new draft for the same patient.
    const split = await t.as(doctor, 'POST', `/api/imports/${importId}/commit`, { split: true });
    expect(split.statusCode, split.body).toBe(200);
    const result = split.json();
    expect(result.added).toBe(6);
    expect(result.cases).toHaveLength(2);
    expect(result.cases[0]).toMatchObject({ caseId, session: 0, added: 4 });
    const second = result.cases[1].caseId as string;
    expect(second).not.toBe(caseId);
    const first = await mediaOf(caseId);
    expect(first.map((m) => m.originalFilename)).toEqual(['AM_ID1.JPG', 'AM_0001.JPG', 'AM_0002.JPG', 'AM_ID2.JPG']);
    expect(first[1]).toMatchObject({ capturedAt: '2026-12-01T08:01:00.000Z', cameraMake: 'Canon' });
    const secondCase = (await t.as(doctor, 'GET', `/api/cases/${second}`)).json();
    expect(secondCase).toMatchObject({ status: 'draft', patientId });
    expect(secondCase.media.map((m: any) => m.originalFilename)).toEqual(['PM_0001.JPG', 'PM_0002.JPG']);
    // Flags: the morning series is complete, the afternoon one has no identity images.
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}/import-flags`)).json().items).toEqual([]);
    const flags = (await t.as(doctor, 'GET', `/api/cases/${second}/import-flags`)).json().items;
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ code: 'identity_series_incomplete', missingStart: true, missingEnd: true, filenames: ['PM_0001.JPG', 'PM_0002.JPG'] });
    expect(flags[0].mediaIds).toHaveLength(2);
    // Nothing staged is left, and the import is gone.
    expect(existsSync(stagedDir(importId))).toBe(false);
    expect((await t.as(doctor, 'GET', `/api/imports/${importId}`)).statusCode).toBe(404);
    // Audited: the commit's own event and one upload event per added file.
    const events = await t.services.database.db.selectFrom('audit_event').select(['action', 'outcome']).where('action', 'like', 'media.import%').execute();
    expect(events.filter((e) => e.action === 'media.import.commit').map((e) => e.outcome).sort()).toEqual(['refused', 'success']);
  }, 120_000);

  it("stops an import whose identity image names another patient: nothing is added and nothing staged is kept", async () => {
    const caseId = await newCase();
    const files = await card('other', [...series('X', '2026:12:02 10:00', 1, PATIENT).slice(0, 2), { name: 'X_ID2.JPG', at: '2026:12:02 10:05:00', make: 'Canon', model: 'EOS R6', identifier: OTHER }]);
    const importId = await begin(caseId);
    expect((await stage(importId, files)).status).toBe(200);
    const view = (await t.as(doctor, 'GET', `/api/imports/${importId}`)).json();
    const problem = view.problems.find((p: any) => p.code === 'other_patient');
    expect(problem.identifiers).toEqual([{ normalized: '198506152381', type: 'se_personnummer', formatted: OTHER }]);
    const response = await t.as(doctor, 'POST', `/api/imports/${importId}/commit`, { split: true });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'import_other_patient' });
    expect(response.json().message).toContain(OTHER);
    expect(await mediaOf(caseId)).toEqual([]);
    expect(existsSync(stagedDir(importId))).toBe(false);
    expect((await t.as(doctor, 'GET', `/api/imports/${importId}`)).statusCode).toBe(404);
  }, 60_000);

  it('a forensic form: every image is read, and those without the identifier are flagged on the case', async () => {
    const admin = await t.login('admin');
    const form = await t.as(admin, 'POST', '/api/forms', { name: 'Rättsmedicinsk dokumentation', forensic: true, fields: [], departmentIds: [departmentId] });
    expect(form.statusCode, form.body).toBe(201);
    expect(form.json().forensic).toBe(true);
    const caseId = await newCase(form.json().id);
    const files = await card('forensic', [
      { name: 'F1.JPG', at: '2026:12:03 10:00:00', identifier: PATIENT },
      { name: 'F2.JPG', at: '2026:12:03 10:01:00', identifier: PATIENT },
      { name: 'F3.JPG', at: '2026:12:03 10:02:00', colour: '#335' },
      { name: 'F4.JPG', at: '2026:12:03 10:03:00', identifier: PATIENT },
    ]);
    const importId = await begin(caseId);
    expect((await stage(importId, files)).status).toBe(200);
    const view = (await t.as(doctor, 'GET', `/api/imports/${importId}`)).json();
    expect(view.forensic).toBe(true);
    expect(view.files.map((f: any) => f.ocr)).toEqual(['read', 'read', 'read', 'read']);
    expect(view.files.map((f: any) => f.identifier?.samePatient ?? false)).toEqual([true, true, false, true]);
    expect(view.problems.map((p: any) => p.code)).toEqual(['forensic_identity_missing']);
    const result = (await t.as(doctor, 'POST', `/api/imports/${importId}/commit`, {})).json();
    expect(result).toMatchObject({ added: 4, flags: [{ caseId, code: 'forensic_identity_missing', count: 1 }] });
    const flags = (await t.as(doctor, 'GET', `/api/cases/${caseId}/import-flags`)).json().items;
    expect(flags).toHaveLength(1);
    const f3 = (await mediaOf(caseId)).find((m) => m.originalFilename === 'F3.JPG')!;
    expect(flags[0]).toMatchObject({ code: 'forensic_identity_missing', filenames: ['F3.JPG'], mediaIds: [f3.id] });
    // Switched off again in the form editor.
    const off = await t.as(admin, 'PATCH', `/api/forms/${form.json().id}`, { forensic: false });
    expect(off.json().forensic).toBe(false);
  }, 60_000);

  it('a staged file that is gone by the commit is refused by name; the others are added', async () => {
    const caseId = await newCase();
    const files = await card('gone', series('G', '2026:12:04 07:00', 2, PATIENT, undefined, 40));
    const importId = await begin(caseId);
    const staged = await stage(importId, files);
    const lost = staged.body.files.find((f: any) => f.filename === 'G_0001.JPG').id as string;
    rmSync(path.join(stagedDir(importId), lost));
    const response = await t.as(doctor, 'POST', `/api/imports/${importId}/commit`, {});
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ added: 3, refused: [{ filename: 'G_0001.JPG', code: 'staged_missing' }] });
    expect((await mediaOf(caseId)).map((m) => m.originalFilename)).toEqual(['G_ID1.JPG', 'G_0002.JPG', 'G_ID2.JPG']);
  }, 60_000);

  it('a discarded import leaves no bytes; an abandoned one is removed by the leftover sweep', async () => {
    const caseId = await newCase();
    const files = await card('discard', series('D', '2026:12:04 08:00', 1, null, undefined, 30));
    const discarded = await begin(caseId);
    expect((await stage(discarded, files)).status).toBe(200);
    expect(readdirSync(stagedDir(discarded))).toHaveLength(1);
    const gone = await t.as(doctor, 'DELETE', `/api/imports/${discarded}`);
    expect(gone.statusCode).toBe(204);
    expect(existsSync(stagedDir(discarded))).toBe(false);
    expect((await t.as(doctor, 'GET', `/api/imports/${discarded}`)).statusCode).toBe(404);
    expect((await t.as(doctor, 'DELETE', `/api/imports/${discarded}`)).statusCode).toBe(404);

    const abandoned = await begin(caseId);
    expect((await stage(abandoned, files)).status).toBe(200);
    // Within the resume window it stays…
    expect((await t.services.leftovers.run()).imports.files).toBe(0);
    expect(existsSync(stagedDir(abandoned))).toBe(true);
    // …after it, it goes, rows and bytes.
    clock.advance({ ms: t.config.media.uploadResumeMs + 60_000 });
    const swept = await t.services.leftovers.run();
    expect(swept.imports.files).toBeGreaterThanOrEqual(1);
    expect(existsSync(stagedDir(abandoned))).toBe(false);
    expect(await t.services.database.db.selectFrom('media_import').select('id').where('id', '=', abandoned).executeTakeFirst()).toBeUndefined();
    // Sessions ran out with the day that passed.
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    expect(await mediaOf(caseId)).toEqual([]);
  }, 60_000);

  it('bad input gets a 4xx with a code: not multipart, a text part, a file that is not media, another user, unknown ids, a bad body', async () => {
    const caseId = await newCase();
    const importId = await begin(caseId);
    const notMultipart = await t.as(doctor, 'POST', `/api/imports/${importId}/files`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
    expect(notMultipart.json().code).toBe('unsupported_media_type');

    const url = await t.listen();
    const form = new FormData();
    form.append('note', 'hej');
    const textPart = await fetch(`${url}/api/imports/${importId}/files`, { method: 'POST', headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken }, body: form });
    expect(textPart.status).toBe(400);
    expect(((await textPart.json()) as { code: string }).code).toBe('validation_failed');

    const notMedia = path.join(dir, 'notes.jpg');
    writeFileSync(notMedia, 'this is not a picture at all, only text');
    const photo = (await card('bad', [{ name: 'OK.JPG', at: '2026:12:05 09:00:00', colour: '#393' }]))[0]!;
    const mixed = await stage(importId, [notMedia, photo, photo]);
    expect(mixed.status).toBe(200);
    expect(mixed.body.files.map((f: any) => f.filename)).toEqual(['OK.JPG']);
    expect(mixed.body.refused.map((r: any) => r.code)).toEqual([expect.stringMatching(/^[a-z_]+$/), 'duplicate']);
    expect(readdirSync(stagedDir(importId))).toHaveLength(1);

    // Another user's import is not found, for every route.
    expect((await t.as(nurse, 'GET', `/api/imports/${importId}`)).statusCode).toBe(404);
    expect((await stage(importId, [photo], nurse)).status).toBe(404);
    expect((await t.as(nurse, 'POST', `/api/imports/${importId}/commit`, {})).statusCode).toBe(404);
    expect((await t.as(nurse, 'DELETE', `/api/imports/${importId}`)).statusCode).toBe(404);
    // Unknown ids; a bad body.
    expect((await t.as(doctor, 'POST', '/api/cases/00000000-0000-4000-8000-000000000000/imports')).statusCode).toBe(404);
    expect((await t.as(doctor, 'GET', '/api/imports/00000000-0000-4000-8000-000000000000')).json().code).toBe('not_found');
    const badBody = await t.as(doctor, 'POST', `/api/imports/${importId}/commit`, { split: 'yes' });
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json().code).toBe('validation_failed');
    // A staff member without the upload right in the department may not begin one (the log-and-statistics operator).
    const logg = await t.login('logg');
    expect((await t.as(logg, 'POST', `/api/cases/${caseId}/imports`)).statusCode).toBeGreaterThanOrEqual(403);
    // An empty import cannot be committed.
    const empty = await begin(caseId);
    const nothing = await t.as(doctor, 'POST', `/api/imports/${empty}/commit`, {});
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().code).toBe('validation_failed');
  }, 60_000);
});
