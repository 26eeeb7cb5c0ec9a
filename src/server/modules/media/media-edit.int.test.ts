import { existsSync, openAsBlob, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { cameraJpeg, mediaDir, taggedM4a, taggedMp4 } from '../../../../test/helpers/media-fixtures.js';
import { FFPROBE, run } from './sanitize/process.js';

const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile()) : []);

/** A file's length in ms, as ffprobe reads the container. */
async function probedMs(file: string): Promise<number> {
  const out = await run(FFPROBE, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { timeoutMs: 30_000, maxStdoutBytes: 1000 });
  return Math.round(Number(out.stdout.toString().trim()) * 1000);
}

describe.each(testDialects())('media edits before adding (issue 16) on %s', (dialect) => {
  let t: TestApp;
  let url: string;
  let doctor: Session;
  let caseId: string;
  let dir: string;
  let photo: string;
  let clip: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    url = await t.listen();
    dir = mediaDir();
    // Opened from the EHR: audio is accepted only in such a session (M5).
    doctor = await t.ehrLogin();
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json();
    const departmentId = (doctor.user as unknown as { assignments: { departmentId: string; departmentName: string }[] }).assignments.find(
      (a) => a.departmentName === 'Kirurgkliniken',
    )!.departmentId;
    caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId })).json().id;
    // 640 × 480 stored, EXIF orientation 6: shown as 480 × 640.
    photo = await cameraJpeg(dir, 'wound.jpg', 7);
    clip = await taggedMp4(dir, 'clip.mp4', 4, '320x240');
  });
  afterAll(() => t.close());

  /** A multipart upload whose parts are given in order: [name, value] for text, [name, file path] for files. */
  async function post(parts: ([string, string] | ['file', { path: string }])[]) {
    const form = new FormData();
    for (const [name, value] of parts) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, await openAsBlob(value.path), path.basename(value.path));
    }
    const response = await fetch(`${url}/api/cases/${caseId}/media`, {
      method: 'POST',
      headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken },
      body: form,
    });
    return { status: response.status, body: await response.json() };
  }

  async function original(id: string, name: string): Promise<string> {
    const response = await t.as(doctor, 'GET', `/api/media/${id}/original`);
    expect(response.statusCode).toBe(200);
    const file = path.join(dir, name);
    writeFileSync(file, response.rawPayload);
    return file;
  }

  const caseMediaCount = async () => ((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as unknown[]).length;

  it('crops an image as displayed (orientation applied), stores only the cut, shows and audits the edit', async () => {
    // y + height = 600 lies inside the picture only when it is turned upright (480 × 640).
    const crop = { x: 40, y: 300, width: 400, height: 300 };
    const { status, body } = await post([['edit', JSON.stringify({ crop })], ['file', { path: photo }]]);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.items).toEqual([expect.objectContaining({ status: 'ready', filename: 'wound.jpg' })]);
    const id = body.items[0].id;
    const media = (await t.as(doctor, 'GET', `/api/media/${id}`)).json();
    expect(media).toMatchObject({ kind: 'image', width: 400, height: 300, edit: { crop } });
    const stored = await sharp(await original(id, 'cropped.jpg')).metadata();
    expect({ width: stored.width, height: stored.height }).toEqual({ width: 400, height: 300 });
    // The upload's audit event says what was cut.
    const events = (await t.services.auditLog.list({ userId: doctor.user.id, action: 'media.upload' }, 1, 50)).items;
    const event = events.find((e) => e.objectId === id);
    expect(event?.outcome).toBe('success');
    expect(event?.details).toMatchObject({ edit: { crop } });
    // The same photo added whole afterwards is another picture, not a duplicate of the cut.
    const whole = await post([['file', { path: photo }]]);
    expect(whole.status, JSON.stringify(whole.body)).toBe(200);
    const wholeMedia = (await t.as(doctor, 'GET', `/api/media/${whole.body.items[0].id}`)).json();
    expect(wholeMedia).toMatchObject({ width: 480, height: 640 });
    expect(wholeMedia.edit).toBeUndefined();
  });

  it('trims a video and an audio recording to the stretch asked for (ffprobe), re-encoded', async () => {
    const video = await post([['edit', JSON.stringify({ trim: { startMs: 1000, endMs: 3000 } })], ['file', { path: clip }]]);
    expect(video.status, JSON.stringify(video.body)).toBe(200);
    const id = video.body.items[0].id;
    const media = (await t.as(doctor, 'GET', `/api/media/${id}`)).json();
    expect(media).toMatchObject({ kind: 'video', status: 'ready', edit: { trim: { startMs: 1000, endMs: 3000 } } });
    expect(Math.abs(media.durationMs - 2000)).toBeLessThanOrEqual(150);
    expect(Math.abs((await probedMs(await original(id, 'trimmed.mp4'))) - 2000)).toBeLessThanOrEqual(150);

    const note = await taggedM4a(dir, 'note.m4a'); // 1 s
    const audio = await post([['edit', JSON.stringify({ trim: { startMs: 200, endMs: 700 } })], ['file', { path: note }]]);
    expect(audio.status, JSON.stringify(audio.body)).toBe(200);
    const audioId = audio.body.items[0].id;
    expect((await t.as(doctor, 'GET', `/api/media/${audioId}`)).json()).toMatchObject({ kind: 'audio', edit: { trim: { startMs: 200, endMs: 700 } } });
    expect(Math.abs((await probedMs(await original(audioId, 'trimmed.m4a'))) - 500)).toBeLessThanOrEqual(150);
  });

  it('refuses bad or impossible edits with 400 invalid_edit and keeps nothing of the file', async () => {
    const before = await caseMediaCount();
    const other = await cameraJpeg(dir, 'other.jpg', 9);
    const cases: [string, ([string, string] | ['file', { path: string }])[], RegExp][] = [
      ['not JSON', [['edit', '{crop'], ['file', { path: photo }]], /JSON/],
      ['unknown shape', [['edit', JSON.stringify({ rotate: 90 })], ['file', { path: photo }]], /crop/],
      ['negative', [['edit', JSON.stringify({ crop: { x: -1, y: 0, width: 10, height: 10 } })], ['file', { path: photo }]], /crop\.x/],
      ['end before start', [['edit', JSON.stringify({ trim: { startMs: 3000, endMs: 1000 } })], ['file', { path: clip }]], /slut/],
      ['trim of an image', [['edit', JSON.stringify({ trim: { startMs: 0, endMs: 1000 } })], ['file', { path: photo }]], /bild kan inte trimmas/],
      ['crop of a video', [['edit', JSON.stringify({ crop: { x: 0, y: 0, width: 10, height: 10 } })], ['file', { path: clip }]], /video kan inte beskäras/],
      ['crop outside the image', [['edit', JSON.stringify({ crop: { x: 100, y: 0, width: 400, height: 100 } })], ['file', { path: photo }]], /480 × 640/],
      ['trim past the end', [['edit', JSON.stringify({ trim: { startMs: 1000, endMs: 9000 } })], ['file', { path: clip }]], /inspelningen är bara/],
      ['edit after its file', [['file', { path: other }], ['edit', JSON.stringify({ crop: { x: 0, y: 0, width: 10, height: 10 } })]], /före filen/],
    ];
    for (const [what, parts, message] of cases) {
      const { status, body } = await post(parts);
      expect(status, `${what}: ${JSON.stringify(body)}`).toBe(400);
      expect(body.code, what).toBe('invalid_edit');
      expect(body.message, what).toMatch(message);
    }
    // "edit after its file" stored its file (the part before the bad edit is a plain upload): one more.
    expect(await caseMediaCount()).toBe(before + 1);
    // Its cleaning may still be running (it owns its quarantined upload until then).
    for (let i = 0; i < 100; i++) {
      const media = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as { status: string }[];
      if (media.every((m) => m.status !== 'processing')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Nothing of the refused files is left in quarantine, the work directory or the store's temporary files.
    const blobs = path.join(t.config.dataDir, 'blobs');
    for (const leftovers of [path.join(blobs, 'quarantine'), path.join(blobs, 'tmp'), path.join(t.config.dataDir, 'work')]) {
      expect(filesIn(leftovers), leftovers).toEqual([]);
    }
  });

  it('takes an edit over tus (Upload-Metadata edit), refusing a bad one before any byte is sent', async () => {
    const bytes = readFileSync(photo);
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const headers = { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken, 'tus-resumable': '1.0.0' };
    const create = (edit: string) =>
      fetch(`${url}/api/uploads`, {
        method: 'POST',
        headers: {
          ...headers,
          'upload-length': String(bytes.length),
          'upload-metadata': `caseId ${b64(caseId)},filename ${b64('tus.jpg')},edit ${b64(edit)}`,
        },
      });
    const bad = await create(JSON.stringify({ trim: { startMs: 5, endMs: 1 } }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('invalid_edit');

    const crop = { x: 0, y: 0, width: 100, height: 50 };
    const created = await create(JSON.stringify({ crop }));
    expect(created.status).toBe(201);
    const done = await fetch(`${url}${created.headers.get('location')}`, {
      method: 'PATCH',
      headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(bytes),
    });
    expect(done.status).toBe(204);
    const id = done.headers.get('kasus-media-id')!;
    expect((await t.as(doctor, 'GET', `/api/media/${id}`)).json()).toMatchObject({ width: 100, height: 50, edit: { crop } });
  });
});
