import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';

const CAPTURE = { purpose_explained: 'Dokumentation av sårläkning', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' };

describe.each(testDialects())('cases on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let nurse: Session;
  let surgery: string;
  let dermatology: string;
  let patientId: string;
  let otherPatientId: string;
  let dir: string;
  let photoSeed = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = mediaDir();
    admin = await t.login('admin');
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id;
    otherPatientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19850615-2381' })).json().id;
  });
  afterAll(() => t.close());

  /** A small photo of its own colour, so that no two are duplicates. */
  async function photo(name = `photo-${++photoSeed}.jpg`): Promise<string> {
    const file = path.join(dir, name);
    const seed = ++photoSeed;
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: (seed * 37) % 256, g: (seed * 91) % 256, b: (seed * 53) % 256 } } })
      .jpeg()
      .toFile(file);
    return file;
  }

  async function form(departmentIds: string[], fields: unknown[] = [{ key: 'site', label: { sv: 'Lokalisation' }, type: 'text', required: true }]) {
    const response = await t.as(admin, 'POST', '/api/forms', { name: `Formulär ${Math.random().toString(36).slice(2)}`, fields, departmentIds });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; currentVersion: { id: string; version: number } };
  }

  async function newCase(session: Session, body: Record<string, unknown>) {
    const response = await t.as(session, 'POST', '/api/cases', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number; status: string; formVersionId: string | null };
  }

  async function signedCase(session = doctor, values: Record<string, unknown> = {}, formId?: string) {
    const created = await newCase(session, { patientId, departmentId: surgery, ...(formId ? { formId } : {}) });
    const saved = await t.as(session, 'PATCH', `/api/cases/${created.id}`, { values: { ...CAPTURE, ...values } });
    expect(saved.statusCode, saved.body).toBe(200);
    const signed = await t.as(session, 'POST', `/api/cases/${created.id}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    return signed.json();
  }

  describe('forms and versions', () => {
    let formId: string;
    beforeAll(async () => {
      formId = (await form([surgery, dermatology])).id;
    });

    it('a department with several forms must be told which; a case keeps its form version when the form changes', async () => {
      // Both demo departments now have this form and possibly others from other tests.
      const created = await newCase(doctor, { patientId, departmentId: surgery, formId });
      const version1 = (await t.as(admin, 'GET', `/api/forms/${formId}`)).json().currentVersion.id;
      expect(created.formVersionId).toBe(version1);
      const edited = await t.as(admin, 'PUT', `/api/forms/${formId}`, {
        fields: [
          { key: 'site', label: { sv: 'Lokalisation' }, type: 'text', required: true },
          { key: 'size_mm', label: { sv: 'Storlek (mm)' }, type: 'number', required: false },
        ],
        changeNote: 'Storlek tillagd',
      });
      expect(edited.statusCode, edited.body).toBe(200);
      const version2 = edited.json().currentVersion.id;
      expect(version2).not.toBe(version1);
      const old = (await t.as(doctor, 'GET', `/api/cases/${created.id}`)).json();
      expect(old.form).toMatchObject({ id: formId, versionId: version1, version: 1 });
      expect(old.form.fields.map((f: { key: string }) => f.key)).not.toContain('size_mm');
      // A value of a field the old version does not have is refused for the old case.
      const refused = await t.as(doctor, 'PATCH', `/api/cases/${created.id}`, { values: { size_mm: 4 } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', field: 'values.size_mm' });
      const fresh = await newCase(doctor, { patientId, departmentId: surgery, formId });
      expect(fresh.formVersionId).toBe(version2);
      await form([surgery]);
      const ambiguous = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
      expect(ambiguous.statusCode).toBe(400);
      expect(ambiguous.json()).toMatchObject({ code: 'validation_failed', field: 'formId' });
      const foreign = await form([dermatology]);
      const wrongDepartment = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery, formId: foreign.id });
      expect(wrongDepartment.statusCode).toBe(400);
      expect(wrongDepartment.json()).toMatchObject({ code: 'validation_failed', field: 'formId' });
    });

    it('saves drafts partially, refuses wrong values, signs only a complete form, and locks the signed case', async () => {
      const created = await newCase(doctor, { patientId, departmentId: surgery, formId });
      const wrong = await t.as(doctor, 'PATCH', `/api/cases/${created.id}`, { values: { oral_consent: 'kanske', identity_verified_by: 'guess' } });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().code).toBe('validation_failed');
      expect(wrong.json().message).toMatch(/Muntligt samtycke/);
      const partial = await t.as(doctor, 'PATCH', `/api/cases/${created.id}`, { values: { purpose_explained: '  Uppföljning  ' } });
      expect(partial.statusCode).toBe(200);
      expect(partial.json().values).toEqual({ purpose_explained: 'Uppföljning' });
      const incomplete = await t.as(doctor, 'POST', `/api/cases/${created.id}/sign`);
      expect(incomplete.statusCode).toBe(422);
      expect(incomplete.json().code).toBe('form_incomplete');
      expect(incomplete.json().errors.map((e: { key: string }) => e.key)).toEqual(expect.arrayContaining(['oral_consent', 'site']));
      // The nurse may edit but not sign: she is told so (she can see the case).
      await t.as(doctor, 'PATCH', `/api/cases/${created.id}`, { values: { ...CAPTURE, site: 'Vänster underarm' } });
      const upload = await t.upload(doctor, created.id, [{ path: await photo() }]);
      expect(upload.status).toBe(200);
      const signed = await t.as(doctor, 'POST', `/api/cases/${created.id}/sign`, { version: 1 });
      expect(signed.statusCode, signed.body).toBe(200);
      expect(signed.json()).toMatchObject({ status: 'signed', version: 1, signedBy: doctor.user.id, signedByName: 'Lars Läkare' });
      expect(signed.json().signedAt).toEqual(expect.any(String));

      const mediaId = upload.body.items[0].id;
      const attempts = [
        t.as(doctor, 'PATCH', `/api/cases/${created.id}`, { values: { site: 'Höger' } }),
        t.as(doctor, 'PATCH', `/api/cases/${created.id}/media/${mediaId}`, { caption: 'Ny text' }),
        t.as(doctor, 'DELETE', `/api/cases/${created.id}/media/${mediaId}`),
        t.as(doctor, 'PUT', `/api/cases/${created.id}/media-order`, { mediaIds: [mediaId] }),
        t.as(doctor, 'POST', `/api/cases/${created.id}/sign`),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.statusCode, response.body).toBe(409);
        expect(response.json().code).toBe('case_locked');
      }
      const addMedia = await t.upload(doctor, created.id, [{ path: await photo() }]);
      expect(addMedia.status).toBe(409);
      expect(addMedia.body.code).toBe('case_locked');
      const still = (await t.as(doctor, 'GET', `/api/cases/${created.id}`)).json();
      expect(still.values.site).toBe('Vänster underarm');
      expect(still.media).toHaveLength(1);
    });

    it('only who holds the sign right signs; the others are told, not hidden from', async () => {
      const created = await newCase(nurse, { patientId, departmentId: dermatology, formId });
      await t.as(nurse, 'PATCH', `/api/cases/${created.id}`, { values: { ...CAPTURE, site: 'Rygg' } });
      const refused = await t.as(nurse, 'POST', `/api/cases/${created.id}/sign`);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('forbidden');
      const byDoctor = await t.as(doctor, 'POST', `/api/cases/${created.id}/sign`);
      expect(byDoctor.statusCode).toBe(200);
      // The nurse works only in dermatology: a surgery case does not exist for her.
      const surgeryCase = await signedCase(doctor, { site: 'Knä' }, formId);
      for (const [method, url] of [
        ['GET', `/api/cases/${surgeryCase.id}`],
        ['GET', `/api/cases/${surgeryCase.id}/versions`],
        ['POST', `/api/cases/${surgeryCase.id}/versions`],
        ['PATCH', `/api/cases/${surgeryCase.id}`],
      ] as const) {
        const response = await t.as(nurse, method, url, method === 'PATCH' ? { values: {} } : undefined);
        expect(response.statusCode, `${method} ${url}`).toBe(404);
      }
      const audit = await t.services.database.db
        .selectFrom('audit_event')
        .select(['action', 'outcome'])
        .where('object_id', '=', surgeryCase.id)
        .where('user_id', '=', nurse.user.id)
        .execute();
      expect(audit).toEqual(expect.arrayContaining([{ action: 'case.read', outcome: 'refused' }, { action: 'case.new_version', outcome: 'refused' }]));
      expect(audit.every((a) => a.outcome === 'refused')).toBe(true);
    });

    it('a new version is an editable copy; history steps through every version and compares any two', async () => {
      const created = await newCase(doctor, { patientId, departmentId: surgery, formId });
      await t.as(doctor, 'PATCH', `/api/cases/${created.id}`, { values: { ...CAPTURE, site: 'Vänster hand' } });
      const first = await t.upload(doctor, created.id, [{ path: await photo() }, { path: await photo() }, { path: await photo() }]);
      const [a, b, c] = first.body.items.map((i: { id: string }) => i.id) as [string, string, string];
      await t.as(doctor, 'PATCH', `/api/cases/${created.id}/media/${a}`, { caption: 'Före behandling' });
      await t.as(doctor, 'PATCH', `/api/cases/${created.id}/media/${b}`, { caption: 'Detalj' });
      expect((await t.as(doctor, 'POST', `/api/cases/${created.id}/sign`)).statusCode).toBe(200);

      const notSigned = await t.as(doctor, 'POST', `/api/cases/${(await newCase(doctor, { patientId, departmentId: surgery, formId })).id}/versions`);
      expect(notSigned.json().code).toBe('case_not_signed');

      const next = await t.as(doctor, 'POST', `/api/cases/${created.id}/versions`);
      expect(next.statusCode).toBe(200);
      expect(next.json()).toMatchObject({ status: 'draft', version: 2, signedBy: null });
      expect(next.json().values.site).toBe('Vänster hand');
      // Edit version 2: a field, a caption, remove one item, add one, new order.
      await t.as(doctor, 'PATCH', `/api/cases/${created.id}`, { values: { site: 'Vänster handled' } });
      await t.as(doctor, 'PATCH', `/api/cases/${created.id}/media/${a}`, { caption: 'Före behandling, dag 1' });
      const removed = await t.as(doctor, 'DELETE', `/api/cases/${created.id}/media/${b}`);
      expect(removed.json().media.map((m: { id: string }) => m.id)).toEqual([a, c]);
      const added = await t.upload(doctor, created.id, [{ path: await photo() }]);
      const d = added.body.items[0].id as string;
      const badOrder = await t.as(doctor, 'PUT', `/api/cases/${created.id}/media-order`, { mediaIds: [c, a] });
      expect(badOrder.statusCode).toBe(400);
      expect(badOrder.json()).toMatchObject({ code: 'validation_failed', field: 'mediaIds' });
      const ordered = await t.as(doctor, 'PUT', `/api/cases/${created.id}/media-order`, { mediaIds: [c, d, a] });
      expect(ordered.json().media.map((m: { id: string }) => m.id)).toEqual([c, d, a]);

      const draftHistory = (await t.as(doctor, 'GET', `/api/cases/${created.id}/versions`)).json();
      expect(draftHistory.map((v: { version: number; status: string; current: boolean }) => [v.version, v.status, v.current])).toEqual([
        [2, 'draft', true],
        [1, 'signed', false],
      ]);
      expect((await t.as(doctor, 'POST', `/api/cases/${created.id}/sign`)).statusCode).toBe(200);
      const history = (await t.as(doctor, 'GET', `/api/cases/${created.id}/versions`)).json();
      expect(history.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
        [2, 'signed'],
        [1, 'signed'],
      ]);

      const v1 = (await t.as(doctor, 'GET', `/api/cases/${created.id}/versions/1`)).json();
      expect(v1).toMatchObject({ version: 1, status: 'signed', current: false, values: { site: 'Vänster hand' } });
      expect(v1.media.map((m: { id: string; caption: string | null }) => [m.id, m.caption])).toEqual([
        [a, 'Före behandling'],
        [b, 'Detalj'],
        [c, null],
      ]);
      // The media of an old version can still be read.
      expect((await t.as(doctor, 'GET', `/api/media/${b}/original`)).statusCode).toBe(200);
      const missing = await t.as(doctor, 'GET', `/api/cases/${created.id}/versions/3`);
      expect(missing.statusCode).toBe(404);

      const diff = (await t.as(doctor, 'GET', `/api/cases/${created.id}/compare?from=1&to=2`)).json();
      expect(diff).toMatchObject({
        from: 1,
        to: 2,
        fields: [{ key: 'site', before: 'Vänster hand', after: 'Vänster handled', label: { sv: 'Lokalisation' } }],
        mediaAdded: [d],
        mediaRemoved: [b],
        captionsChanged: [{ mediaId: a, before: 'Före behandling', after: 'Före behandling, dag 1' }],
        orderChanged: true,
      });
      expect(diff.media.map((m: { id: string }) => m.id).sort()).toEqual([a, b, c, d].sort());
      const same = (await t.as(doctor, 'GET', `/api/cases/${created.id}/compare?from=2&to=2`)).json();
      expect(same).toMatchObject({ fields: [], mediaAdded: [], mediaRemoved: [], captionsChanged: [], orderChanged: false });
      const badQuery = await t.as(doctor, 'GET', `/api/cases/${created.id}/compare?from=0&to=x`);
      expect(badQuery.statusCode).toBe(400);

      const actions = (
        await t.services.database.db.selectFrom('audit_event').select('action').where('object_id', '=', created.id).where('outcome', '=', 'success').execute()
      ).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['case.create', 'case.update', 'case.sign', 'case.new_version', 'media.caption', 'media.remove', 'media.reorder', 'case.compare', 'case.versions']));
    });
  });

  describe('search', () => {
    let formId: string;
    let signedSurgery: { id: string };
    let draftDermatology: { id: string };
    let otherPatient: { id: string };

    beforeAll(async () => {
      formId = (await form([surgery, dermatology], [{ key: 'finding', label: { sv: 'Fynd' }, type: 'long_text', required: false }])).id;
      signedSurgery = await signedCase(doctor, { finding: 'Misstänkt melanom på ryggen' }, formId);
      draftDermatology = await newCase(nurse, { patientId, departmentId: dermatology, formId });
      await t.as(nurse, 'PATCH', `/api/cases/${draftDermatology.id}`, { values: { finding: 'Eksem, kontroll' } });
      const photoUpload = await t.upload(nurse, draftDermatology.id, [{ path: await photo() }]);
      await t.as(nurse, 'PATCH', `/api/cases/${draftDermatology.id}/media/${photoUpload.body.items[0].id}`, { caption: 'Fjällande melanom-liknande fläck' });
      otherPatient = await newCase(doctor, { patientId: otherPatientId, departmentId: surgery, formId });
    });

    const search = async (session: Session, query: string) => {
      const response = await t.as(session, 'GET', `/api/cases?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { items: { id: string; confidential: boolean; formName?: string }[]; total: number; totalIsLowerBound: boolean };
    };
    const ids = (result: { items: { id: string }[] }) => result.items.map((i) => i.id);

    it('finds by patient, department, form, status, signer, dates and words in fields and captions, newest first', async () => {
      const byPatient = await search(doctor, `patientId=${otherPatientId}&formId=${formId}`);
      expect(ids(byPatient)).toEqual([otherPatient.id]);
      expect(byPatient.items[0]).toMatchObject({ confidential: false, formName: expect.stringMatching(/^Formulär/) });
      const byForm = await search(doctor, `formId=${formId}`);
      expect(ids(byForm)).toEqual([otherPatient.id, draftDermatology.id, signedSurgery.id]);
      expect(byForm.total).toBe(3);
      expect(ids(await search(doctor, `formId=${formId}&departmentId=${dermatology}`))).toEqual([draftDermatology.id]);
      expect(ids(await search(doctor, `formId=${formId}&status=signed`))).toEqual([signedSurgery.id]);
      expect(ids(await search(doctor, `formId=${formId}&signedBy=${doctor.user.id}`))).toEqual([signedSurgery.id]);
      // Words: form text, captions; every word must match; case and accents as written.
      expect(ids(await search(doctor, 'q=melanom'))).toEqual([draftDermatology.id, signedSurgery.id]);
      expect(ids(await search(doctor, 'q=MELANOM%20ryggen'))).toEqual([signedSurgery.id]);
      expect(ids(await search(doctor, 'q=fjällande'))).toEqual([draftDermatology.id]);
      expect(ids(await search(doctor, 'q=melanom&departmentId=' + surgery))).toEqual([signedSurgery.id]);
      expect(ids(await search(doctor, 'q=psoriasis'))).toEqual([]);
      const today = new Date().toISOString().slice(0, 10);
      expect(ids(await search(doctor, `formId=${formId}&from=${today}&to=${today}`))).toHaveLength(3);
      expect(ids(await search(doctor, `formId=${formId}&to=2000-01-01`))).toEqual([]);
      // Paging.
      const page1 = await search(doctor, `formId=${formId}&pageSize=2&page=1`);
      const page2 = await search(doctor, `formId=${formId}&pageSize=2&page=2`);
      expect([...ids(page1), ...ids(page2)]).toEqual(ids(byForm));
      // The total of a full page is counted; a page that is not full says it itself; past the end it is counted again.
      expect(page1.total).toBe(3);
      expect(page2.total).toBe(3);
      const past = await search(doctor, `formId=${formId}&pageSize=2&page=3`);
      expect(past).toMatchObject({ items: [], total: 3, totalIsLowerBound: false });
    });

    it('shows only cases of the departments where the user may read', async () => {
      expect(ids(await search(nurse, `formId=${formId}`))).toEqual([draftDermatology.id]);
      expect(ids(await search(nurse, 'q=melanom'))).toEqual([draftDermatology.id]);
      expect(ids(await search(nurse, `formId=${formId}&departmentId=${surgery}`))).toEqual([]);
    });

    it('refuses bad search input with a clear error', async () => {
      for (const query of ['q=%20-%20', 'from=igår', 'status=maybe', 'page=0', 'pageSize=1000', 'identifier=191212121212']) {
        const response = await t.as(doctor, 'GET', `/api/cases?${query}`);
        expect(response.statusCode, query).toBe(400);
        expect(response.json().code).toBe(query.startsWith('from=') ? 'invalid_date' : 'validation_failed');
        expect(response.json().message).toEqual(expect.any(String));
      }
    });
  });

  describe('teaching collections', () => {
    it('holds cases without a patient; creating needs the teaching right', async () => {
      const refused = await t.as(doctor, 'POST', '/api/collections', { departmentId: dermatology, name: 'Hudundervisning' });
      expect(refused.statusCode).toBe(403);
      const created = await t.as(admin, 'POST', '/api/collections', { departmentId: dermatology, name: 'Hudundervisning', description: 'Avidentifierat' });
      expect(created.statusCode, created.body).toBe(201);
      const collection = created.json();
      const twice = await t.as(admin, 'POST', '/api/collections', { departmentId: dermatology, name: 'hudundervisning' });
      expect(twice.statusCode).toBe(409);
      const teachingCase = await newCase(admin, { collectionId: collection.id });
      expect(teachingCase).toMatchObject({ patientId: null, collectionId: collection.id, departmentId: dermatology });
      const both = await t.as(admin, 'POST', '/api/cases', { collectionId: collection.id, patientId, departmentId: dermatology });
      expect(both.statusCode).toBe(400);
      const list = (await t.as(nurse, 'GET', '/api/collections')).json();
      expect(list).toEqual([expect.objectContaining({ id: collection.id, name: 'Hudundervisning', caseCount: 1 })]);
      const inCollection = (await t.as(nurse, 'GET', `/api/cases?collectionId=${collection.id}`)).json();
      expect(inCollection.items.map((i: { id: string }) => i.id)).toEqual([teachingCase.id]);
      const view = (await t.as(nurse, 'GET', `/api/cases/${teachingCase.id}`)).json();
      expect(view).toMatchObject({ patient: null, collection: { id: collection.id, name: 'Hudundervisning' } });
    });
  });
});
