import { writeFile } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { expectError } from '../../../../test/helpers/expect-error.js';
import { cameraJpeg, mediaDir, PLANTED } from '../../../../test/helpers/media-fixtures.js';
import { waitFor } from '../../../../test/helpers/wait.js';

const CAPTURE = { purpose_explained: 'Undervisning om sårläkning', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' };
const PDF = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';

describe.each(testDialects())('written consent on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let teacher: Session;
  let dir: string;
  let patientId: string;
  let mediaId: string;
  let collectionId: string;
  let pdf: string;

  /** POSTs a consent as multipart, the file first or last as a browser may send it. */
  async function postConsent(session: Session, fields: Record<string, string>, file: string | null, name = path.basename(file ?? 'x')) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append('file', await openAsBlob(file), name);
    const response = await fetch(`${await t.listen()}/api/patients/${patientId}/consents`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: form });
    return { statusCode: response.status, body: (await response.json()) as any, json() { return this.body; } };
  }
  const teaching = { scopes: 'teaching', validFrom: '2026-01-01' };
  const copy = (body: Record<string, string>) => t.as(teacher, 'POST', `/api/collections/${collectionId}/media`, body);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    doctor = await t.login('lakare');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const role = (await t.as(admin, 'POST', '/api/roles', { name: 'Lärare', rights: ['case.read', 'patient.read', 'teaching.manage'] })).json().id as string;
    expect((await t.as(admin, 'POST', '/api/users', { username: 'larare', password: 'ett-langt-losenord', displayName: 'Lena Lärare', roles: [{ departmentId: surgery, roleId: role }] })).statusCode).toBe(201);
    teacher = await t.login('larare', 'ett-langt-losenord');
    const formId = (await t.as(admin, 'POST', '/api/forms', { name: 'Samtycke', fields: [], departmentIds: [surgery] })).json().id as string;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    const caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery, formId })).json().id as string;
    expect((await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: CAPTURE })).statusCode).toBe(200);
    dir = mediaDir();
    const upload = await t.upload(doctor, caseId, [{ path: await cameraJpeg(dir, 'sar.jpg', 3, { width: 64, height: 48 }) }]);
    expect(upload.status, JSON.stringify(upload.body)).toBe(200);
    mediaId = upload.body.items[0].id;
    await waitFor('the picture ready', async () => (await t.as(doctor, 'GET', `/api/media/${mediaId}`)).json().status, (s) => s === 'ready');
    const collection = await t.as(admin, 'POST', '/api/collections', { departmentId: surgery, name: 'Sårläkning' });
    collectionId = collection.json().id as string;
    pdf = path.join(dir, 'samtycke.pdf');
    await writeFile(pdf, PDF);
  });
  afterAll(() => t.close());

  it('records a PDF and an image consent, lists them, serves the documents, and audits each', async () => {
    const created = await postConsent(doctor, { ...teaching, validUntil: '2030-12-31' }, pdf);
    expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ person: 'patient', scopes: ['teaching'], status: 'valid', document: { mime: 'application/pdf', name: 'samtycke.pdf' }, recordedBy: { name: 'Lars Läkare' } });
    const pdfBack = await t.as(doctor, 'GET', `/api/patients/${patientId}/consents/${created.body.id}/document`);
    expect(pdfBack.statusCode).toBe(200);
    expect(pdfBack.body).toBe(PDF);

    // A photographed form with a camera's metadata is cleaned as a photo is: the serial number is gone.
    const photo = await cameraJpeg(dir, 'blankett.jpg', 7, { width: 120, height: 90 });
    const bystander = await postConsent(doctor, { scopes: 'publication,teaching', validFrom: '2026-02-01', person: 'bystander', personDescription: 'Anhörig till vänster i bilden' }, photo);
    expect(bystander.statusCode, JSON.stringify(bystander.body)).toBe(201);
    expect(bystander.body).toMatchObject({ person: 'bystander', personDescription: 'Anhörig till vänster i bilden', scopes: ['publication', 'teaching'], document: { mime: 'image/jpeg' } });
    const image = await t.as(doctor, 'GET', `/api/patients/${patientId}/consents/${bystander.body.id}/document`);
    expect(image.statusCode).toBe(200);
    const meta = await sharp(image.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(image.rawPayload.includes(Buffer.from(PLANTED.serial))).toBe(false);

    const list = await t.as(doctor, 'GET', `/api/patients/${patientId}/consents`);
    expect(list.statusCode).toBe(200);
    expect((list.json() as { id: string }[]).map((c) => c.id).sort()).toEqual([created.body.id, bystander.body.id].sort());
    const events = await t.services.database.db.selectFrom('audit_event').select(['action', 'outcome', 'patient_id']).where('action', 'like', 'consent.%').execute();
    expect(events.filter((e) => e.outcome === 'success').map((e) => e.action).sort()).toEqual(['consent.create', 'consent.create', 'consent.document', 'consent.document', 'consent.list']);
    expect(events.every((e) => e.patient_id === patientId)).toBe(true);
  });

  it('refuses bad documents and fields with 4xx and a code, storing nothing', async () => {
    const before = (await t.as(doctor, 'GET', `/api/patients/${patientId}/consents`)).json().length as number;
    const text = path.join(dir, 'samtycke.txt');
    await writeFile(text, 'Jag samtycker.\n');
    expectError(await postConsent(doctor, teaching, text), 422, 'document_refused');
    const script = path.join(dir, 'skript.pdf');
    await writeFile(script, PDF.replace('/Type /Catalog', '/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>'));
    expectError(await postConsent(doctor, teaching, script), 422, 'document_refused');
    const cut = path.join(dir, 'avkortad.pdf');
    await writeFile(cut, PDF.slice(0, 60));
    expectError(await postConsent(doctor, teaching, cut), 422, 'document_refused');
    // A PDF named as a picture is judged by its content: accepted as a PDF would be refused as a JPEG.
    const truncatedJpeg = path.join(dir, 'trasig.jpg');
    await writeFile(truncatedJpeg, (await sharp({ create: { width: 40, height: 40, channels: 3, background: '#884422' } }).jpeg().toBuffer()).subarray(0, 120));
    expectError(await postConsent(doctor, teaching, truncatedJpeg), 422, 'document_refused');
    expectError(await postConsent(doctor, { validFrom: '2026-01-01' }, pdf), 400, 'validation_failed', 'scopes');
    expectError(await postConsent(doctor, { scopes: 'marketing', validFrom: '2026-01-01' }, pdf), 400, 'validation_failed', 'scopes');
    expectError(await postConsent(doctor, { scopes: 'teaching', validFrom: '2026-02-30' }, pdf), 400, 'invalid_date', 'validFrom');
    expectError(await postConsent(doctor, { ...teaching, validUntil: '2025-01-01' }, pdf), 400, 'validation_failed', 'validUntil');
    expectError(await postConsent(doctor, { ...teaching, person: 'bystander' }, pdf), 400, 'validation_failed', 'personDescription');
    expectError(await postConsent(doctor, teaching, null), 400, 'validation_failed');
    // Who may not write cases anywhere is refused as if the patient were not there (the rights module's answer).
    expectError(await postConsent(teacher, teaching, pdf), 404, 'patient_not_found');
    expect((await t.as(doctor, 'GET', `/api/patients/${patientId}/consents`)).json()).toHaveLength(before);
  });

  it('copies a picture into a teaching collection only under a valid consent covering teaching (409 consent_required otherwise)', async () => {
    // Fresh patient state: revoke what the first test left so that nothing valid remains.
    const existing = (await t.as(doctor, 'GET', `/api/patients/${patientId}/consents`)).json() as { id: string; person: string }[];
    for (const c of existing) expect((await t.as(doctor, 'POST', `/api/patients/${patientId}/consents/${c.id}/revoke`, { revokedOn: '2026-03-01' })).statusCode).toBe(200);
    const revoked = copy({ mediaId });
    const refusal = await revoked;
    expectError(refusal, 409, 'consent_required');
    expect(refusal.json().reason).toBe('revoked');

    const research = await postConsent(doctor, { scopes: 'research', validFrom: '2026-01-01' }, pdf);
    expect(research.statusCode).toBe(201);
    expect((await copy({ mediaId, consentId: research.body.id })).json()).toMatchObject({ code: 'consent_required', reason: 'scope' });

    const expired = await postConsent(doctor, { scopes: 'teaching', validFrom: '2020-01-01', validUntil: '2020-12-31' }, pdf);
    expect(expired.statusCode).toBe(201);
    expect(expired.body.status).toBe('expired');
    const expiredCopy = await copy({ mediaId, consentId: expired.body.id });
    expectError(expiredCopy, 409, 'consent_required');
    expect(expiredCopy.json().reason).toBe('expired');

    const valid = await postConsent(doctor, { scopes: 'teaching,research', validFrom: '2026-01-01' }, pdf);
    expect(valid.statusCode).toBe(201);
    const copied = await copy({ mediaId });
    expect(copied.statusCode, copied.body).toBe(201);
    expect(copied.json()).toMatchObject({ collectionId, mediaId, consentId: valid.body.id });
    const listed = await t.as(teacher, 'GET', `/api/collections/${collectionId}/media`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([expect.objectContaining({ id: copied.json().id, mediaId, consentId: valid.body.id })]);
    // Who may not manage teaching is refused even with a consent.
    // A collection the caller may not manage is answered as one that does not exist (no existence oracle).
    expectError(await t.as(doctor, 'POST', `/api/collections/${collectionId}/media`, { mediaId }), 404, 'not_found');
    expectError(await copy({ mediaId: 'no-such-media' }), 404, 'not_found');

    // Revocation withdraws the copy and tells both holders (the collection's creator and who copied).
    const revoke = await t.as(doctor, 'POST', `/api/patients/${patientId}/consents/${valid.body.id}/revoke`, { revokedOn: '2026-06-01' });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(revoke.json()).toMatchObject({ status: 'revoked', revokedOn: '2026-06-01', copies: { active: 0, withdrawn: 1 } });
    const row = await t.services.database.db.selectFrom('teaching_copy').select('withdrawn_at').where('id', '=', copied.json().id).executeTakeFirstOrThrow();
    expect(row.withdrawn_at).not.toBeNull();
    for (const holder of [admin, teacher]) {
      const notices = (await t.as(holder, 'GET', '/api/consent-notices')).json() as { collectionName: string; revokedOn: string }[];
      expect(notices).toEqual([expect.objectContaining({ collectionId, collectionName: 'Sårläkning', revokedOn: '2026-06-01' })]);
    }
    expect((await t.as(doctor, 'GET', '/api/consent-notices')).json()).toEqual([]);
    expect((await t.as(teacher, 'GET', `/api/collections/${collectionId}/media`)).json()).toEqual([]);
    const event = await t.services.database.db.selectFrom('audit_event').select('details').where('action', '=', 'consent.revoke').where('object_id', '=', valid.body.id).executeTakeFirstOrThrow();
    expect(JSON.parse(event.details!)).toMatchObject({ withdrawnCopies: 1, notices: 2 });
    expectError(await t.as(doctor, 'POST', `/api/patients/${patientId}/consents/${valid.body.id}/revoke`, { revokedOn: '2026-06-01' }), 409, 'conflict');
    expectError(await t.as(doctor, 'POST', `/api/patients/${patientId}/consents/${research.body.id}/revoke`, { revokedOn: '2999-01-01' }), 400, 'validation_failed', 'revokedOn');
    expect((await copy({ mediaId })).json().code).toBe('consent_required');
  });

  it('copies a picture showing bystanders only when each has a valid consent to teaching; revoking one withdraws the copies made under it', async () => {
    const patientConsent = await postConsent(doctor, { scopes: 'teaching', validFrom: '2026-01-01' }, pdf);
    expect(patientConsent.statusCode).toBe(201);
    const sister = await postConsent(doctor, { scopes: 'teaching', validFrom: '2026-01-01', person: 'bystander', personDescription: 'Syster till höger' }, pdf);
    const father = await postConsent(doctor, { scopes: 'publication', validFrom: '2026-01-01', person: 'bystander', personDescription: 'Pappa i bakgrunden' }, pdf);
    expect([sister.statusCode, father.statusCode]).toEqual([201, 201]);
    const copies = async () => ((await t.as(teacher, 'GET', `/api/collections/${collectionId}/media`)).json() as { id: string }[]).map((c) => c.id);
    const before = await copies();

    // Refused, naming who is missing and why: the father's consent does not cover teaching, and someone shown has none.
    const refused = await t.as(teacher, 'POST', `/api/collections/${collectionId}/media`, { mediaId, bystanders: { consentIds: [sister.body.id, father.body.id], unrecorded: true } });
    expectError(refused, 409, 'consent_required');
    expect(refused.json()).toMatchObject({
      reason: 'bystander',
      bystanders: [
        { consentId: father.body.id, description: 'Pappa i bakgrunden', reason: 'scope' },
        { consentId: null, reason: 'unrecorded' },
      ],
    });
    expect(refused.json().message).toContain('Pappa i bakgrunden');
    // The patient's own consent is not a bystander's, and another patient's consent is not found.
    expect((await t.as(teacher, 'POST', `/api/collections/${collectionId}/media`, { mediaId, bystanders: { consentIds: [patientConsent.body.id] } })).json()).toMatchObject({ reason: 'bystander', bystanders: [{ reason: 'not_found' }] });
    expectError(await t.as(teacher, 'POST', `/api/collections/${collectionId}/media`, { mediaId, bystanders: { consentIds: 'x' } }), 400, 'validation_failed');
    const deidentify = (bystanders: unknown) =>
      t.as(teacher, 'POST', `/api/media/${mediaId}/deidentified-copies`, { collectionId, regions: [{ shape: 'rect', x: 0, y: 0, width: 10, height: 10, effect: 'black' }], bystanders });
    expect((await deidentify({ consentIds: [father.body.id] })).json()).toMatchObject({ code: 'consent_required', reason: 'bystander' });
    expect(await copies()).toEqual(before);
    const refusalEvent = await t.services.database.db.selectFrom('audit_event').select('details').where('action', '=', 'collection.copy').where('outcome', '!=', 'success').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(refusalEvent.details!)).toMatchObject({ reason: 'bystander' });

    // Allowed with the sister's consent, in a plain and a de-identified copy, and recorded with them.
    const plain = await t.as(teacher, 'POST', `/api/collections/${collectionId}/media`, { mediaId, bystanders: { consentIds: [sister.body.id] } });
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json()).toMatchObject({ consentId: patientConsent.body.id, bystanderConsentIds: [sister.body.id] });
    const ordered = await deidentify({ consentIds: [sister.body.id] });
    expect(ordered.statusCode, ordered.body).toBe(202);
    // Made by the 'deidentify.run' job: its order names the copy once it is done.
    const cleaned = await waitFor('the de-identified copy', async () => (await t.as(teacher, 'GET', `/api/deidentify-orders/${ordered.json().id}`)).json(), (o) => o.status !== 'queued' && o.status !== 'running', 60_000);
    expect(cleaned.status, JSON.stringify(cleaned)).toBe('done');
    // Nobody else shown, stated: no bystander consent needed.
    const alone = await t.as(teacher, 'POST', `/api/collections/${collectionId}/media`, { mediaId, bystanders: { consentIds: [] } });
    expect(alone.statusCode, alone.body).toBe(201);
    const listed = (await t.as(doctor, 'GET', `/api/patients/${patientId}/consents`)).json() as { id: string; copies: { active: number } }[];
    expect(listed.find((c) => c.id === sister.body.id)!.copies).toEqual({ active: 2, withdrawn: 0 });

    // Revoking the sister's consent withdraws the two copies that show her; the one showing only the patient stays.
    const revoke = await t.as(doctor, 'POST', `/api/patients/${patientId}/consents/${sister.body.id}/revoke`, { revokedOn: '2026-11-01' });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(revoke.json().copies).toEqual({ active: 0, withdrawn: 2 });
    expect(await copies()).toEqual([...before, alone.json().id]);
    expect((await t.as(teacher, 'GET', `/api/collections/${collectionId}/deidentified-copies`)).json()).toEqual([]);
    expectError(await t.as(teacher, 'GET', `/api/deidentified-copies/${cleaned.copy.id}/file`), 404, 'not_found');
    const event = await t.services.database.db.selectFrom('audit_event').select('details').where('action', '=', 'consent.revoke').where('object_id', '=', sister.body.id).executeTakeFirstOrThrow();
    expect(JSON.parse(event.details!)).toMatchObject({ withdrawnCopies: 1, withdrawnDeidentified: 1 });
    expect((await t.as(teacher, 'POST', `/api/collections/${collectionId}/media`, { mediaId, bystanders: { consentIds: [sister.body.id] } })).json()).toMatchObject({ reason: 'bystander', bystanders: [{ reason: 'revoked', description: 'Syster till höger' }] });
  });
});
