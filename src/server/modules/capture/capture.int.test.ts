import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { demoIds } from '../../../../test/helpers/demo-ids.js';
import { cameraJpeg, mediaDir } from '../../../../test/helpers/media-fixtures.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const NEW_PATIENT = '19800101-0001';

describe.each(testDialects())('offline capture (issue 16) on %s', (dialect) => {
  let t: TestApp;
  let url: string;
  let doctor: Session;
  let nurse: Session;
  let surgery: string;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    url = await t.listen();
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska'); // works in Hudkliniken only
    surgery = (await demoIds(t, doctor)).department('Kirurgkliniken');
    dir = mediaDir();
  });
  afterAll(() => t.close());

  const session = (overrides: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    identifier: NEW_PATIENT,
    identityVerification: 'id_document',
    departmentId: surgery,
    oralConsent: true,
    purpose: 'Dokumentation av brännskada',
    startedAt: '2026-12-07T10:00:00Z',
    ...overrides,
  });

  const headers = (s: Session, extra: Record<string, string> = {}) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'tus-resumable': '1.0.0', ...extra });
  const metadata = (fields: Record<string, string>) =>
    Object.entries(fields)
      .map(([k, v]) => `${k} ${b64(v)}`)
      .join(',');
  const createUpload = (s: Session, fields: Record<string, string>, length: number) =>
    fetch(`${url}/api/uploads`, { method: 'POST', headers: headers(s, { 'upload-length': String(length), 'upload-metadata': metadata(fields) }) });
  const patch = (s: Session, location: string, offset: number, bytes: Buffer) =>
    fetch(`${url}${location}`, {
      method: 'PATCH',
      headers: headers(s, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }),
      body: new Uint8Array(bytes),
    });

  /** Sends one item over tus in two PATCHes, as the device does. */
  async function sendItem(captureId: string, key: string, bytes: Buffer, hash = sha256(bytes)): Promise<Response> {
    const created = await createUpload(doctor, { captureId, itemKey: key, sha256: hash, filename: 'sar.jpg', capturedAt: '2026-12-07T10:05:00+01:00' }, bytes.length);
    expect(created.status, await created.clone().text()).toBe(201);
    const location = created.headers.get('location')!;
    const half = Math.floor(bytes.length / 2);
    expect((await patch(doctor, location, 0, bytes.subarray(0, half))).status).toBe(204);
    return patch(doctor, location, half, bytes.subarray(half));
  }

  const mediaRows = async (caseId: string) =>
    Number((await t.services.database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);
  const leftovers = () => [
    ...readdirSync(path.join(t.config.dataDir, 'uploads')),
    ...readdirSync(t.services.blobs.quarantineDir),
  ];
  const photo = async (seed: number) => readFileSync(await cameraJpeg(dir, `capture-${seed}.jpg`, seed));

  it('creates a session with a draft case and a backlog item (201), repeats it (200) and refuses what does not fit', async () => {
    const body = session();
    const created = await t.as(doctor, 'POST', '/api/captures', body);
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json();
    expect(view).toMatchObject({ id: body.id, departmentId: surgery, items: [] });
    // The patient was registered from the identifier typed on the device.
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: NEW_PATIENT })).json();
    expect(view.patientId).toBe(patient.id);
    // The draft case records the oral consent, the purpose and how identity was verified.
    const draft = (await t.as(doctor, 'GET', `/api/cases/${view.caseId}`)).json();
    expect(draft).toMatchObject({ status: 'draft', values: { oral_consent: true, purpose_explained: body.purpose, identity_verified_by: 'id_document' } });

    const repeat = await t.as(doctor, 'POST', '/api/captures', body);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual(view);

    const otherPatient = await t.as(doctor, 'POST', '/api/captures', { ...body, identifier: '19121212-1212' });
    expect(otherPatient.statusCode).toBe(409);
    expect(otherPatient.json().code).toBe('capture_conflict');
    const otherUser = await t.as(nurse, 'POST', '/api/captures', { ...body, departmentId: (await demoIds(t, nurse)).department('Hudkliniken') });
    expect(otherUser.statusCode).toBe(409);

    const badIdentifier = await t.as(doctor, 'POST', '/api/captures', session({ identifier: '19121212-1213' }));
    expect(badIdentifier.statusCode).toBe(400);
    expect(badIdentifier.json().code).toBe('invalid_identifier');
    const noPurpose = await t.as(doctor, 'POST', '/api/captures', session({ purpose: ' ' }));
    expect(noPurpose.statusCode).toBe(400);
    // A department the caller does not work in: refused like creating a case there.
    const forbidden = await t.as(nurse, 'POST', '/api/captures', session());
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('forbidden');
    // Someone else's session is not found.
    expect((await t.as(nurse, 'GET', `/api/captures/${body.id}`)).statusCode).toBe(404);
    expect((await t.as(doctor, 'GET', `/api/captures/${body.id}`)).json()).toEqual(view);

    // The backlog shows media captured offline for the department and patient, no outage.
    const backlog = (await t.as(doctor, 'GET', `/api/backlog?kind=offline_media&departmentId=${surgery}`)).json();
    const item = backlog.items.find((i: { patient: { id: string } | null }) => i.patient?.id === patient.id);
    expect(item).toMatchObject({ kind: 'offline_media', outageId: null, count: 0, state: 'registered' });
    const report = (await t.as(doctor, 'GET', '/api/backlog/report')).json();
    expect(report.total.items).toBeGreaterThanOrEqual(1);
  });

  it('stores an item sent over tus once: a repeat answers the same media and stores nothing new', async () => {
    const view = (await t.as(doctor, 'POST', '/api/captures', session())).json();
    const key = randomUUID();
    const bytes = await photo(21);
    expect((await t.as(doctor, 'GET', `/api/captures/${view.id}/items/${key}`)).statusCode).toBe(404);

    const done = await sendItem(view.id, key, bytes);
    expect(done.status, await done.clone().text()).toBe(204);
    const mediaId = done.headers.get('kasus-media-id')!;
    expect(mediaId).toMatch(/^[0-9a-f-]{36}$/);
    const item = await t.as(doctor, 'GET', `/api/captures/${view.id}/items/${key}`);
    expect(item.statusCode).toBe(200);
    // The hash of what arrived is the hash of what was captured.
    expect(item.json()).toEqual({ key, state: 'stored', mediaId, sha256: sha256(bytes) });
    const media = (await t.as(doctor, 'GET', `/api/media/${mediaId}`)).json();
    expect(media).toMatchObject({ caseId: view.caseId, capturedAt: '2026-12-07T09:05:00.000Z' });
    expect(await mediaRows(view.caseId)).toBe(1);

    const again = await sendItem(view.id, key, bytes);
    expect(again.status).toBe(204);
    expect(again.headers.get('kasus-media-id')).toBe(mediaId);
    expect(await mediaRows(view.caseId)).toBe(1);
    expect(leftovers()).toEqual([]);
    expect((await t.as(doctor, 'GET', `/api/captures/${view.id}`)).json().items).toEqual([item.json()]);

    const backlog = (await t.as(doctor, 'GET', `/api/backlog?kind=offline_media&departmentId=${surgery}`)).json();
    expect(backlog.items.find((i: { patient: { id: string } | null; count: number }) => i.patient?.id === view.patientId && i.count === 1)).toBeTruthy();
  });

  it('refuses bytes that differ from the captured ones (422) and keeps none of them', async () => {
    const view = (await t.as(doctor, 'POST', '/api/captures', session())).json();
    const key = randomUUID();
    const bytes = await photo(22);
    const done = await sendItem(view.id, key, bytes, sha256(Buffer.from('something else')));
    expect(done.status).toBe(422);
    expect((await done.json()).code).toBe('checksum_mismatch');
    expect(leftovers()).toEqual([]);
    expect(await mediaRows(view.caseId)).toBe(0);
    expect((await t.as(doctor, 'GET', `/api/captures/${view.id}/items/${key}`)).statusCode).toBe(404);
  });

  it('stores one media row when two uploads of the same key finish at the same time', async () => {
    const view = (await t.as(doctor, 'POST', '/api/captures', session())).json();
    const key = randomUUID();
    const bytes = await photo(23);
    const hash = sha256(bytes);
    const locations = await Promise.all(
      [0, 1].map(async () => (await createUpload(doctor, { captureId: view.id, itemKey: key, sha256: hash, filename: 'sar.jpg' }, bytes.length)).headers.get('location')!),
    );
    const half = Math.floor(bytes.length / 2);
    for (const location of locations) expect((await patch(doctor, location, 0, bytes.subarray(0, half))).status).toBe(204);
    const finished = await Promise.all(locations.map((location) => patch(doctor, location, half, bytes.subarray(half))));
    expect(finished.map((r) => r.status)).toEqual([204, 204]);
    const ids = finished.map((r) => r.headers.get('kasus-media-id'));
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(await mediaRows(view.caseId)).toBe(1);
    expect((await t.as(doctor, 'GET', `/api/captures/${view.id}`)).json().items).toHaveLength(1);
    expect(leftovers()).toEqual([]);
  });

  it('refuses item uploads with bad metadata or for a session that is not the caller’s', async () => {
    const view = (await t.as(doctor, 'POST', '/api/captures', session())).json();
    const fields = { captureId: view.id, itemKey: randomUUID(), sha256: sha256(Buffer.from('x')), filename: 'a.jpg' };
    const bads: Record<string, string>[] = [{ itemKey: 'not-a-uuid' }, { sha256: 'ABC' }, { capturedAt: '2026-02-30T10:00:00Z' }, { caseId: view.caseId }];
    for (const bad of bads) {
      const response = await createUpload(doctor, { ...fields, ...bad }, 10);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect((await response.json()).code).toMatch(/^(validation_failed|invalid_date)$/);
    }
    const foreign = await createUpload(nurse, fields, 10);
    expect(foreign.status).toBe(404);
    const unknown = await createUpload(doctor, { ...fields, captureId: randomUUID() }, 10);
    expect(unknown.status).toBe(404);
  });
});
