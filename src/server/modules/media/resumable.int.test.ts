import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { allTags, cameraJpeg, findLeaks, mediaDir, taggedMp4 } from '../../../../test/helpers/media-fixtures.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(testDialects())('resumable uploads (tus) on %s', (dialect) => {
  let t: TestApp;
  let url: string;
  let doctor: Session;
  let caseId: string;
  let video: Buffer;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    url = await t.listen();
    doctor = await t.login('lakare');
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json();
    const departmentId = (doctor.user as unknown as { assignments: { departmentId: string; departmentName: string }[] }).assignments.find(
      (a) => a.departmentName === 'Kirurgkliniken',
    )!.departmentId;
    caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId })).json().id;
    video = readFileSync(await taggedMp4(mediaDir(), 'ward-round.mp4', 3, '640x480'));
  });
  afterAll(() => t.close());

  const headers = (session: Session, extra: Record<string, string> = {}) => ({
    cookie: session.cookie,
    'x-csrf-token': session.csrfToken,
    'tus-resumable': '1.0.0',
    ...extra,
  });

  async function create(session: Session, metadata: string, length = video.length) {
    return fetch(`${url}/api/uploads`, {
      method: 'POST',
      headers: headers(session, { 'upload-length': String(length), 'upload-metadata': metadata }),
    });
  }

  const patch = (session: Session, location: string, offset: number, bytes: Buffer) =>
    fetch(`${url}${location}`, {
      method: 'PATCH',
      headers: headers(session, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }),
      body: new Uint8Array(bytes),
    });

  const offsetOf = async (session: Session, location: string) => {
    const head = await fetch(`${url}${location}`, { method: 'HEAD', headers: headers(session) });
    expect(head.status).toBe(200);
    return Number(head.headers.get('upload-offset'));
  };

  /** Sends part of a PATCH body and then drops the connection, as a train going into a tunnel would. */
  function patchAndDrop(location: string, offset: number, bytes: Buffer, sendBytes: number): Promise<void> {
    return new Promise((resolve) => {
      const request = http.request(`${url}${location}`, {
        method: 'PATCH',
        headers: {
          ...headers(doctor, { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' }),
          'content-length': String(bytes.length),
        },
      });
      request.on('error', () => resolve());
      request.on('close', () => resolve());
      request.write(bytes.subarray(0, sendBytes), () => {
        setTimeout(() => request.destroy(), 200);
      });
    });
  }

  it('resumes after a dropped connection and ingests the file like any upload', async () => {
    const created = await create(doctor, `caseId ${b64(caseId)},filename ${b64('ward-round.mp4')}`);
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/api\/uploads\/[\w-]+$/);

    const first = await patch(doctor, location, 0, video.subarray(0, 20_000));
    expect(first.status).toBe(204);
    expect(Number(first.headers.get('upload-offset'))).toBe(20_000);

    await patchAndDrop(location, 20_000, video.subarray(20_000), 30_000);
    await sleep(300);
    const resumeAt = await offsetOf(doctor, location);
    expect(resumeAt).toBeGreaterThanOrEqual(20_000);
    expect(resumeAt).toBeLessThan(video.length);

    const last = await patch(doctor, location, resumeAt, video.subarray(resumeAt));
    expect(last.status).toBe(204);
    const mediaId = last.headers.get('kasus-media-id');
    expect(mediaId).toMatch(/^[0-9a-f-]{36}$/);

    const media = (await t.as(doctor, 'GET', `/api/media/${mediaId}`)).json();
    expect(media).toMatchObject({ kind: 'video', status: 'ready', originalFilename: 'ward-round.mp4', width: 640, height: 480 });
    const original = await t.as(doctor, 'GET', `/api/media/${mediaId}/original`);
    const file = path.join(mediaDir(), 'resumed.mp4');
    writeFileSync(file, original.rawPayload);
    expect(findLeaks(await allTags(file))).toEqual([]);
    // The finished upload is handed over and gone from the resumable area.
    expect((await fetch(`${url}${location}`, { method: 'HEAD', headers: headers(doctor) })).status).toBe(404);
    // Through the dropped connection too, the hash made on arrival covers exactly the bytes kept.
    expect(await uploadHash(mediaId!)).toBe(sha256(video));
  });

  const uploadHash = async (mediaId: string) =>
    (await t.services.database.db.selectFrom('media').select('upload_sha256').where('id', '=', mediaId).executeTakeFirstOrThrow()).upload_sha256;

  it('moves a finished upload into quarantine with the hash made as its bytes arrived; the same bytes again are a duplicate', async () => {
    const photoFile = await cameraJpeg(mediaDir(), 'tus-photo.jpg', 7);
    const photo = readFileSync(photoFile);
    const created = await create(doctor, `caseId ${b64(caseId)},filename ${b64('tus-photo.jpg')}`, photo.length);
    const location = created.headers.get('location')!;
    const cuts = [0, 1000, Math.floor(photo.length / 2), photo.length];
    let last: Response | undefined;
    for (let i = 0; i + 1 < cuts.length; i++) {
      last = await patch(doctor, location, cuts[i]!, photo.subarray(cuts[i], cuts[i + 1]));
      expect(last.status, await last.clone().text()).toBe(204);
    }
    const mediaId = last!.headers.get('kasus-media-id')!;
    expect(mediaId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await uploadHash(mediaId)).toBe(sha256(photo));
    // Nothing left behind: neither the upload (nor its record) nor the raw file in quarantine.
    expect(readdirSync(path.join(t.config.dataDir, 'uploads')).filter((name) => name.startsWith(location.split('/').pop()!))).toEqual([]);
    // The same bytes over multipart and over tus: both recognised by the hash.
    const again = await t.upload(doctor, caseId, [{ path: photoFile, name: 'again.jpg' }]);
    expect(again.body.refused).toEqual([expect.objectContaining({ code: 'duplicate', existingId: mediaId })]);
    const second = await create(doctor, `caseId ${b64(caseId)},filename ${b64('again.jpg')}`, photo.length);
    const refused = await patch(doctor, second.headers.get('location')!, 0, photo);
    expect(refused.status).toBe(422);
    expect((await refused.json()).refused).toEqual([expect.objectContaining({ code: 'duplicate', existingId: mediaId })]);
  });

  it('refuses to create an upload without a case, for a case the user may not add to, or beyond the size limit', async () => {
    const noCase = await create(doctor, `filename ${b64('x.mp4')}`);
    expect(noCase.status).toBe(400);
    expect((await noCase.json()).code).toBe('validation_failed');
    const nurse = await t.login('skoterska'); // not in the case's department
    const foreign = await create(nurse, `caseId ${b64(caseId)},filename ${b64('x.mp4')}`);
    expect(foreign.status).toBe(404);
    const huge = await create(doctor, `caseId ${b64(caseId)},filename ${b64('x.mp4')}`, t.config.media.maxUploadBytes + 1);
    expect(huge.status).toBe(413);
  });

  it("lets nobody else see or continue someone's upload", async () => {
    const created = await create(doctor, `caseId ${b64(caseId)},filename ${b64('mine.mp4')},${'kasususer'} ${b64('someone-else')}`);
    const location = created.headers.get('location')!;
    const admin = await t.login('admin');
    expect((await fetch(`${url}${location}`, { method: 'HEAD', headers: headers(admin) })).status).toBe(404);
    const hijack = await patch(admin, location, 0, video.subarray(0, 100));
    expect(hijack.status).toBe(404);
    // The owner was set by Kasus, not by the client's metadata.
    expect(await offsetOf(doctor, location)).toBe(0);
  });

  it('answers a file that is not media with the refusal when its last byte arrives', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00', 'latin1'), Buffer.alloc(500, 7)]);
    const created = await create(doctor, `caseId ${b64(caseId)},filename ${b64('notes.jpg')}`, zip.length);
    const done = await patch(doctor, created.headers.get('location')!, 0, zip);
    expect(done.status).toBe(422);
    const body = await done.json();
    expect(body).toMatchObject({ code: 'media_refused', refused: [{ filename: 'notes.jpg', code: 'unsupported_type' }] });
  });
});
