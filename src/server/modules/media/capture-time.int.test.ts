import path from 'node:path';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { allTags, findLeaks, mediaDir, PLANTED } from '../../../../test/helpers/media-fixtures.js';
import { run } from './sanitize/process.js';

// Issue 19: the capture time and camera are read from the upload before cleaning strips them, kept as data on
// the media row, and the stored file still carries no device metadata (DESIGN M3).
describe.each(testDialects())('capture time and camera on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let caseId: string;
  const dir = mediaDir();

  beforeAll(async () => {
    // A hospital zone other than the default, so the test fails if the zone were not taken from configuration.
    t = await createTestApp(dialect, { KASUS_TIME_ZONE: 'Europe/Helsinki' });
    // Opened from the EHR: audio is accepted only in such a session (M5).
    doctor = await t.ehrLogin();
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json();
    const user = doctor.user as unknown as { assignments: { departmentId: string; departmentName: string }[] };
    const departmentId = user.assignments.find((a) => a.departmentName === 'Kirurgkliniken')!.departmentId;
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId });
    expect(created.statusCode).toBe(201);
    caseId = created.json().id;
  });
  afterAll(() => t.close());

  async function photo(name: string, exif: Record<string, Record<string, string>>, colour: string): Promise<string> {
    const file = path.join(dir, name);
    await sharp({ create: { width: 96, height: 64, channels: 3, background: colour } }).jpeg().withExif(exif).toFile(file);
    return file;
  }

  async function uploadOne(file: string, query = '') {
    const { status, body } = await t.upload(doctor, caseId, [{ path: file }], query);
    expect(status).toBe(200);
    expect(body.refused).toEqual([]);
    const id = body.items[0].id as string;
    for (let i = 0; i < 150; i++) {
      const media = (await t.as(doctor, 'GET', `/api/media/${id}`)).json();
      if (media.status === 'ready') return media;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${file} not ready`);
  }

  async function storedTags(id: string): Promise<string> {
    const response = await t.as(doctor, 'GET', `/api/media/${id}/original`);
    expect(response.statusCode).toBe(200);
    const file = path.join(dir, `${id}.stored`);
    writeFileSync(file, response.rawPayload);
    return allTags(file);
  }

  it('a photo: DateTimeOriginal with its offset, make and model are kept as data; the stored file has none of them', async () => {
    const source = await photo('offset.jpg', {
      IFD0: { Make: PLANTED.make, Model: PLANTED.model },
      IFD2: { DateTimeOriginal: '2026:07:01 14:30:05', OffsetTimeOriginal: '+02:00' },
    }, '#a33');
    expect(await allTags(source)).toContain('2026:07:01 14:30:05');
    const media = await uploadOne(source);
    expect(media).toMatchObject({ capturedAt: '2026-07-01T12:30:05.000Z', cameraMake: PLANTED.make, cameraModel: PLANTED.model });
    const tags = await storedTags(media.id);
    expect(findLeaks(tags), tags).toEqual([]);
    expect(tags).not.toMatch(/DateTimeOriginal|OffsetTime|2026:07:01/);
  });

  it('a photo without an offset is read in the hospital zone from configuration (Helsinki, UTC+2 in winter)', async () => {
    const media = await uploadOne(await photo('local.jpg', { IFD2: { DateTimeOriginal: '2026:12:07 09:15:00' } }, '#3a3'));
    expect(media.capturedAt).toBe('2026-12-07T07:15:00.000Z');
    expect(media.cameraMake).toBeUndefined();
    expect(await storedTags(media.id)).not.toMatch(/DateTimeOriginal|2026:12:07 09:15/);
  });

  it('a capture time the uploader gave explicitly is kept', async () => {
    const source = await photo('explicit.jpg', { IFD0: { Make: 'Canon' }, IFD2: { DateTimeOriginal: '2020:01:01 00:00:00' } }, '#33a');
    const media = await uploadOne(source, '?capturedAt=2026-12-01T10:00:00.000Z');
    expect(media).toMatchObject({ capturedAt: '2026-12-01T10:00:00.000Z', cameraMake: 'Canon' });
  });

  it("a video as an iPhone writes it: Apple's creation date and camera; the stored file has no container tags", async () => {
    const source = path.join(dir, 'IMG_0001.MOV');
    await run('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      '-movflags', 'use_metadata_tags',
      '-metadata', 'creation_time=2026-06-10T18:00:09Z',
      '-metadata', 'com.apple.quicktime.creationdate=2026-06-10T20:00:00+0200',
      '-metadata', `com.apple.quicktime.make=${PLANTED.make}`, '-metadata', `com.apple.quicktime.model=${PLANTED.model}`,
      source,
    ], { timeoutMs: 60_000 });
    const media = await uploadOne(source);
    expect(media).toMatchObject({ kind: 'video', capturedAt: '2026-06-10T18:00:00.000Z', cameraMake: PLANTED.make, cameraModel: PLANTED.model });
    const tags = await storedTags(media.id);
    expect(findLeaks(tags), tags).toEqual([]);
    expect(tags).not.toMatch(/2026[-:]06[-:]10/);
  });

  it('an audio recording: creation_time', async () => {
    const source = path.join(dir, 'note.m4a');
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330', '-t', '1', '-c:a', 'aac', '-metadata', 'creation_time=2026-11-30T07:45:00Z', source], { timeoutMs: 60_000 });
    const media = await uploadOne(source);
    expect(media).toMatchObject({ kind: 'audio', capturedAt: '2026-11-30T07:45:00.000Z' });
    expect(await storedTags(media.id)).not.toMatch(/2026[-:]11[-:]30/);
  });

  it("the case's media list carries capture time and camera too", async () => {
    const response = await t.as(doctor, 'GET', `/api/cases/${caseId}`);
    expect(response.statusCode, response.body).toBe(200);
    const media = response.json().media as { originalFilename: string; capturedAt: string | null; cameraMake?: string }[];
    expect(media.find((m) => m.originalFilename === 'offset.jpg')).toMatchObject({ capturedAt: '2026-07-01T12:30:05.000Z', cameraMake: PLANTED.make });
    expect(media.find((m) => m.originalFilename === 'local.jpg')?.cameraMake).toBeUndefined();
  });
});
