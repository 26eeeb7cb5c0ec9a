import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { expectError } from '../../../../test/helpers/expect-error.js';
import { FACE_CENTRE, facePng } from '../../../../test/helpers/face-fixture.js';
import { mediaDir, taggedMp4 } from '../../../../test/helpers/media-fixtures.js';
import { waitFor } from '../../../../test/helpers/wait.js';

const run = promisify(execFile);
const PDF = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const BOX = { x: 40, y: 30, width: 60, height: 50 };

/** Mean of each channel over a rectangle of raw RGB pixels. */
function mean(raw: Buffer, width: number, box: { x: number; y: number; width: number; height: number }): number[] {
  const sum = [0, 0, 0];
  for (let y = box.y; y < box.y + box.height; y++) for (let x = box.x; x < box.x + box.width; x++) for (let c = 0; c < 3; c++) sum[c]! += raw[(y * width + x) * 3 + c]!;
  return sum.map((s) => s / (box.width * box.height));
}
function maxIn(raw: Buffer, width: number, box: { x: number; y: number; width: number; height: number }): number {
  let max = 0;
  for (let y = box.y; y < box.y + box.height; y++) for (let x = box.x; x < box.x + box.width; x++) for (let c = 0; c < 3; c++) max = Math.max(max, raw[(y * width + x) * 3 + c]!);
  return max;
}

/**
 * M9: a de-identified copy is made on the server from the cleaned original (which stays as it was),
 * into a teaching collection under the patient's written consent to teaching, and goes when the
 * consent is revoked; a purge of the source keeps it only under its own valid consent.
 */
describe.each(testDialects())('de-identified copies on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let teacher: Session;
  let curator: Session;
  let dir: string;
  let patientId: string;
  let caseId: string;
  let imageId: string;
  let videoId: string;
  let collectionId: string;

  async function postConsent(validUntil?: string): Promise<string> {
    const form = new FormData();
    form.append('scopes', 'teaching');
    form.append('validFrom', '2026-01-01');
    if (validUntil) form.append('validUntil', validUntil);
    form.append('file', await openAsBlob(path.join(dir, 'samtycke.pdf')), 'samtycke.pdf');
    const response = await fetch(`${await t.listen()}/api/patients/${patientId}/consents`, { method: 'POST', headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken }, body: form });
    const body = (await response.json()) as { id: string };
    expect(response.status, JSON.stringify(body)).toBe(201);
    return body.id;
  }
  const deidentify = (session: Session, mediaId: string, body: Record<string, unknown>) => t.as(session, 'POST', `/api/media/${mediaId}/deidentified-copies`, { collectionId, ...body });
  /** Orders a copy (202, queued), then polls the order as the web app does until the worker has made it. */
  async function made(session: Session, mediaId: string, body: Record<string, unknown>) {
    const ordered = await deidentify(session, mediaId, body);
    expect(ordered.statusCode, ordered.body).toBe(202);
    expect(ordered.json()).toMatchObject({ status: 'queued', mediaId, collectionId, copy: null, error: null });
    const order = await waitFor('the copy made', async () => (await t.as(session, 'GET', `/api/deidentify-orders/${ordered.json().id}`)).json(), (o) => o.status === 'done' || o.status === 'failed', 60_000);
    expect(order.status, JSON.stringify(order)).toBe('done');
    return order as { id: string; jobId: string; copy: Record<string, unknown> & { id: string; durationMs: number } };
  }
  /** The source's stored original, read from the blob store (no API read, so no audit event). */
  const sourceBytes = async (mediaId: string) => {
    const row = await t.services.database.db.selectFrom('media').select('sha256').where('id', '=', mediaId).executeTakeFirstOrThrow();
    const chunks: Buffer[] = [];
    for await (const chunk of await t.services.blobs.get(row.sha256!)) chunks.push(chunk as Buffer);
    return { key: row.sha256!, bytes: Buffer.concat(chunks) };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    doctor = await t.login('lakare');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const teacherRole = (await t.as(admin, 'POST', '/api/roles', { name: 'Lärare', rights: ['case.read', 'patient.read', 'teaching.manage'] })).json().id as string;
    const curatorRole = (await t.as(admin, 'POST', '/api/roles', { name: 'Samlingsansvarig', rights: ['teaching.manage'] })).json().id as string;
    for (const [username, roleId] of [['larare', teacherRole], ['kurator', curatorRole]] as const) {
      expect((await t.as(admin, 'POST', '/api/users', { username, password: 'ett-langt-losenord', displayName: username, roles: [{ departmentId: surgery, roleId }] })).statusCode).toBe(201);
    }
    teacher = await t.login('larare', 'ett-langt-losenord');
    curator = await t.login('kurator', 'ett-langt-losenord');
    const formId = (await t.as(admin, 'POST', '/api/forms', { name: 'Avidentifiering', fields: [], departmentIds: [surgery] })).json().id as string;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery, formId })).json().id as string;
    dir = mediaDir();
    // A picture of coloured noise-free bands: what is outside the black box can be compared exactly.
    const png = path.join(dir, 'sar.png');
    await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: 200, g: 150, b: 90 } } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120"><rect x="80" width="80" height="120" fill="#3070c0"/></svg>') }])
      .png()
      .toFile(png);
    const upload = await t.upload(doctor, caseId, [{ path: png }, { path: await taggedMp4(dir, 'klipp.mp4', 2, '320x240') }]);
    expect(upload.status, JSON.stringify(upload.body)).toBe(200);
    [imageId, videoId] = upload.body.items.map((i: { id: string }) => i.id);
    for (const id of [imageId, videoId]) await waitFor('the media ready', async () => (await t.as(doctor, 'GET', `/api/media/${id}`)).json().status, (s) => s === 'ready', 60_000);
    collectionId = (await t.as(admin, 'POST', '/api/collections', { departmentId: surgery, name: 'Avidentifierat' })).json().id as string;
    await writeFile(path.join(dir, 'samtycke.pdf'), PDF);
  }, 90_000);
  afterAll(() => t?.close());

  it('refuses without consent (409), a forbidden source as a missing one (404), and identifiers in the texts (422)', async () => {
    const rect = { regions: [{ shape: 'rect', ...BOX, effect: 'black' }] };
    const refused = await deidentify(teacher, imageId, rect);
    expectError(refused, 409, 'consent_required');
    expect(refused.json().reason).toBe('none');
    // Who manages teaching but may not read the case: the source answers exactly as one that does not exist.
    const forbidden = await deidentify(curator, imageId, rect);
    const missing = await deidentify(curator, '00000000-0000-4000-8000-000000000000', rect);
    expect(forbidden.statusCode).toBe(404);
    expect(forbidden.json()).toEqual(missing.json());
    await postConsent();
    const named = await deidentify(teacher, imageId, { ...rect, title: 'Sår', description: 'Patienten 19121212-1212 kom på kontroll' });
    expectError(named, 422, 'identifier_in_text');
    expect(named.json().fields).toEqual(['description']);
    expectError(await deidentify(teacher, imageId, { regions: [{ shape: 'rect', x: 150, y: 0, width: 40, height: 10, effect: 'black' }] }), 400, 'invalid_edit');
    expectError(await deidentify(teacher, imageId, { regions: [] }), 400, 'invalid_edit');
    expectError(await deidentify(teacher, videoId, { regions: [{ shape: 'rect', ...BOX, effect: 'blur' }] }), 400, 'invalid_edit');
    expectError(await deidentify(teacher, imageId, { regions: [{ shape: 'circle' }] }), 400, 'validation_failed');
  });

  it('blacks out a rectangle on the server: black inside, unchanged outside, the source untouched, one audit event', async () => {
    const before = await sourceBytes(imageId);
    const order = await made(teacher, imageId, {
      regions: [{ shape: 'rect', ...BOX, effect: 'black' }, { shape: 'freehand', points: [[120, 80], [150, 80], [150, 110]], effect: 'pixelate' }],
      title: 'Sår på underbenet',
    });
    const copy = order.copy;
    expect(copy).toMatchObject({ collectionId, kind: 'image', mime: 'image/png', width: 160, height: 120, title: 'Sår på underbenet', source: { mediaId: imageId, caseId } });
    const file = await t.as(teacher, 'GET', `/api/deidentified-copies/${copy.id}/file`);
    expect(file.statusCode).toBe(200);
    const { data, info } = await sharp(file.rawPayload).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const original = await sharp(before.bytes).removeAlpha().raw().toBuffer();
    expect(info.width).toBe(160);
    expect(maxIn(data, 160, BOX)).toBe(0);
    // Outside the regions the copy is the original, pixel for pixel (PNG in, PNG out).
    for (const box of [{ x: 0, y: 0, width: 40, height: 120 }, { x: 100, y: 0, width: 60, height: 70 }, { x: 0, y: 80, width: 110, height: 40 }]) {
      expect(mean(data, 160, box)).toEqual(mean(original, 160, box));
    }
    // One audit event per read of the copy's file.
    const reads = () => t.services.database.db.selectFrom('audit_event').select('seq').where('action', '=', 'deidentified.read').execute();
    const readsBefore = (await reads()).length;
    expect((await t.as(curator, 'GET', `/api/deidentified-copies/${copy.id}/file`)).statusCode).toBe(200);
    expect((await reads()).length).toBe(readsBefore + 1);
    // The source's blob and row are as they were.
    const after = await sourceBytes(imageId);
    expect(after.key).toBe(before.key);
    expect(sha256(after.bytes)).toBe(before.key);
    // The order in the request, the copy by the job: one event each.
    const events = await t.services.database.db.selectFrom('audit_event').select(['action', 'outcome', 'patient_id', 'details']).where('action', 'in', ['media.deidentify', 'deidentify.done']).where('outcome', '=', 'success').orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['media.deidentify', 'deidentify.done']);
    expect(events.map((e) => e.patient_id)).toEqual([patientId, patientId]);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ orderId: order.id, jobId: order.jobId, regions: 2, effects: ['black', 'pixelate'] });
    expect(JSON.parse(events[1]!.details)).toMatchObject({ orderId: order.id, copyId: copy.id, attempt: 1 });
    // The order is for who manages the collection's teaching; who does not answers as a missing one. One event per read.
    const orderReads = () => t.services.database.db.selectFrom('audit_event').select('outcome').where('action', '=', 'deidentify.order.read').orderBy('seq').execute();
    const readsOfOrders = (await orderReads()).length;
    expect((await t.as(curator, 'GET', `/api/deidentify-orders/${order.id}`)).json()).toMatchObject({ status: 'done', copy: { id: copy.id, source: null } });
    const notHers = await t.as(doctor, 'GET', `/api/deidentify-orders/${order.id}`);
    expect(notHers.statusCode).toBe(404);
    expect(notHers.json()).toEqual((await t.as(doctor, 'GET', '/api/deidentify-orders/00000000-0000-4000-8000-000000000000')).json());
    expect((await orderReads()).slice(readsOfOrders).map((e) => e.outcome)).toEqual(['success', 'refused', 'failure']);
    // Listed in the collection; the source only for who may read its case.
    expect((await t.as(teacher, 'GET', `/api/collections/${collectionId}/deidentified-copies`)).json()).toMatchObject([{ id: copy.id, source: { mediaId: imageId } }]);
    expect((await t.as(curator, 'GET', `/api/collections/${collectionId}/deidentified-copies`)).json()).toMatchObject([{ id: copy.id, source: null }]);
  });

  it('crops, trims and blacks out a fixed rectangle of a video with ffmpeg', async () => {
    const { copy } = await made(teacher, videoId, { regions: [{ shape: 'rect', x: 0, y: 0, width: 100, height: 80, effect: 'black' }], crop: { x: 0, y: 0, width: 200, height: 160 }, trim: { startMs: 500, endMs: 1500 } });
    expect(copy).toMatchObject({ kind: 'video', mime: 'video/mp4', width: 200, height: 160 });
    expect(Math.abs(copy.durationMs - 1000)).toBeLessThan(150);
    const file = await t.as(teacher, 'GET', `/api/deidentified-copies/${copy.id}/file`);
    const clip = path.join(dir, 'kopia.mp4');
    await writeFile(clip, file.rawPayload);
    const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', clip, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 8 * 1024 * 1024 });
    const frame = stdout as Buffer;
    expect(frame.length).toBe(200 * 160 * 3);
    expect(maxIn(frame, 200, { x: 4, y: 4, width: 92, height: 72 })).toBeLessThan(24);
    // The test pattern outside the box is not black.
    expect(Math.max(...mean(frame, 200, { x: 110, y: 90, width: 80, height: 60 }))).toBeGreaterThan(60);
    const streams = JSON.parse((await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', clip])).stdout) as { streams: { codec_type: string }[] };
    expect(streams.streams.map((s) => s.codec_type)).toEqual(['video']);
  });

  // The detector does not depend on the database: once, on SQLite.
  it.runIf(dialect === 'sqlite')('suggests a face in a picture with @vladmandic/face-api, on the server without network', async () => {
    const face = path.join(dir, 'ansikte.png');
    const [cx, cy] = [FACE_CENTRE.x, FACE_CENTRE.y];
    await writeFile(face, await facePng());
    const upload = await t.upload(doctor, caseId, [{ path: face }]);
    const faceId = upload.body.items[0].id as string;
    await waitFor('the face ready', async () => (await t.as(doctor, 'GET', `/api/media/${faceId}`)).json().status, (st) => st === 'ready');
    // The detector loads on first use (the server warms it at start): until then the answer is 409 faces_starting.
    const found = await waitFor('the face detector', () => t.as(teacher, 'POST', `/api/media/${faceId}/face-suggestions`), (r) => r.statusCode !== 409, 30_000);
    expect(found.statusCode, found.body).toBe(200);
    const faces = found.json() as { x: number; y: number; width: number; height: number; score: number }[];
    expect(faces.length).toBeGreaterThanOrEqual(1);
    // The box holds the drawn face's centre.
    expect(faces[0]!.x).toBeLessThan(cx);
    expect(faces[0]!.x + faces[0]!.width).toBeGreaterThan(cx);
    expect(faces[0]!.y).toBeLessThan(cy);
    expect(faces[0]!.y + faces[0]!.height).toBeGreaterThan(cy);
    expect((await t.as(curator, 'POST', `/api/media/${faceId}/face-suggestions`)).statusCode).toBe(404);
    // One event per request: the suggestion (success) and the refusal.
    const events = await t.services.database.db.selectFrom('audit_event').select(['outcome', 'details']).where('action', '=', 'media.faces').where('object_id', '=', faceId).orderBy('seq').execute();
    expect(events.map((e) => e.outcome).slice(-2)).toEqual(['success', 'refused']);
    expect(JSON.parse(events.at(-2)!.details)).toEqual({ faces: faces.length });
  });

  it('withdraws the copies when the consent is revoked; a purge of the source keeps only a copy under its own valid consent', async () => {
    const consents = (await t.as(doctor, 'GET', `/api/patients/${patientId}/consents`)).json() as { id: string; copies: { active: number } }[];
    expect(consents[0]!.copies.active).toBe(2);
    const listed = (await t.as(teacher, 'GET', `/api/collections/${collectionId}/deidentified-copies`)).json() as { id: string }[];
    const revoked = await t.as(doctor, 'POST', `/api/patients/${patientId}/consents/${consents[0]!.id}/revoke`, { revokedOn: '2026-03-01' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().copies).toEqual({ active: 0, withdrawn: 2 });
    expect((await t.as(teacher, 'GET', `/api/collections/${collectionId}/deidentified-copies`)).json()).toEqual([]);
    expect((await t.as(teacher, 'GET', `/api/deidentified-copies/${listed[0]!.id}/file`)).statusCode).toBe(404);
    expect((await t.as(teacher, 'GET', '/api/consent-notices')).json()).toHaveLength(2);

    // A new consent, a new copy: it stays after the purge of its source, without the link; the withdrawn ones go, bytes and all.
    await postConsent();
    const kept = (await made(teacher, imageId, { regions: [], crop: { x: 0, y: 0, width: 80, height: 60 } })).copy;
    const withdrawn = await t.services.database.db.selectFrom('deidentified_copy').select(['id', 'blob_key']).where('withdrawn_at', 'is not', null).execute();
    const sysadmin = await t.login('sysadmin');
    const asked = await t.as(sysadmin, 'POST', `/api/cases/${caseId}/purge`, { basis: 'working_material', reasonKind: 'test_material' });
    expect(asked.statusCode, asked.body).toBe(202);
    const done = await waitFor('the purge', async () => (await t.as(sysadmin, 'GET', `/api/purges/${asked.json().jobId}`)).json(), (p) => p.status === 'done', 60_000);
    expect(done.counts).toMatchObject({ deidentifiedCopies: 2, deidentifiedCopiesKept: 1, deidentifyOrders: 3 });
    expect(await t.services.database.db.selectFrom('deidentify_order').select('id').execute()).toEqual([]);
    const left = await t.services.database.db.selectFrom('deidentified_copy').selectAll().execute();
    expect(left.map((r) => [r.id, r.source_media_id, r.source_case_id])).toEqual([[kept.id, null, null]]);
    for (const copy of withdrawn) expect(await t.services.blobs.stat(copy.blob_key)).toBeNull();
    const file = await t.as(teacher, 'GET', `/api/deidentified-copies/${kept.id}/file`);
    expect(file.statusCode).toBe(200);
    expect((await sharp(file.rawPayload).metadata()).width).toBe(80);
  });
});
