import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import {
  PLANTED,
  allTags,
  cameraJpeg,
  exiftool,
  ffprobe,
  findLeaks,
  mediaDir,
  taggedM4a,
  taggedMp4,
  taggedPng,
} from '../../../../test/helpers/media-fixtures.js';
import { heifEnc, heifItems, heifWithTransform, rawImage } from './sanitize/test-fixtures.js';

describe.each(testDialects())('media ingest on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let caseId: string;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = mediaDir();
    // Opened from the EHR: audio is accepted only in such a session (M5).
    doctor = await t.ehrLogin();
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json();
    const surgery = doctor.user as unknown as { assignments: { departmentId: string; departmentName: string }[] };
    const departmentId = surgery.assignments.find((a) => a.departmentName === 'Kirurgkliniken')!.departmentId;
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId });
    expect(created.statusCode).toBe(201);
    caseId = created.json().id;
  });
  afterAll(() => t.close());

  /** Waits until the derived files of an item exist (made by the background worker). */
  async function waitForDerivatives(id: string, kinds: string[], timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const media = (await t.as(doctor, 'GET', `/api/media/${id}`)).json();
      if (kinds.every((k) => media.derivatives[k])) return media;
      if (Date.now() > deadline) throw new Error(`derivatives ${kinds} not made: ${JSON.stringify(media)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function download(id: string, variant: string): Promise<string> {
    const response = await t.as(doctor, 'GET', `/api/media/${id}/${variant}`);
    expect(response.statusCode).toBe(200);
    const file = path.join(dir, `${id}.${variant}`);
    writeFileSync(file, response.rawPayload);
    return file;
  }

  it('accepts a camera JPEG and keeps none of its device metadata, in the original or any derived file', async () => {
    const source = await cameraJpeg(dir);
    expect(findLeaks(await allTags(source)).length).toBeGreaterThan(5);
    const { status, body } = await t.upload(doctor, caseId, [{ path: source }]);
    expect(status).toBe(200);
    expect(body.refused).toEqual([]);
    expect(body.items).toEqual([expect.objectContaining({ status: 'ready', filename: 'camera.jpg' })]);
    const id = body.items[0].id;
    const media = await waitForDerivatives(id, ['thumbnail', 'preview']);
    // Orientation 6 was applied: 640x480 comes out portrait.
    expect(media).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 480, height: 640, status: 'ready' });
    expect(media.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const variant of ['original', 'thumbnail', 'preview']) {
      const tags = await allTags(await download(id, variant));
      expect(findLeaks(tags), `${variant}: ${tags}`).toEqual([]);
      expect(tags).not.toMatch(/"(IFD0|ExifIFD):Orientation"/);
    }
    const thumb = JSON.parse(await allTags(await download(id, 'thumbnail')))[0];
    expect(Math.max(thumb['File:ImageWidth'], thumb['File:ImageHeight'])).toBeLessThanOrEqual(256);
  });

  it('accepts a HEIC photo (turned by irot, with EXIF, GPS and XMP) and stores it as a clean JPEG, as displayed', async () => {
    await rawImage(160, 120).png().toFile(path.join(dir, 'heic-source.png'));
    const encoded = path.join(dir, 'encoded.heic');
    await heifEnc([path.join(dir, 'heic-source.png')], encoded);
    const source = path.join(dir, 'IMG_0042.HEIC');
    const bytes = readFileSync(encoded);
    writeFileSync(source, heifWithTransform(bytes, heifItems(bytes).primary, { irot: 3 }));
    await exiftool([
      '-overwrite_original', `-Make=${PLANTED.make}`, `-Model=${PLANTED.model}`, `-SerialNumber=${PLANTED.serial}`,
      `-GPSLatitude=${PLANTED.gpsLatitude}`, '-GPSLatitudeRef=N', `-XMP-dc:Creator=${PLANTED.creator}`, source,
    ]);
    expect(findLeaks(await allTags(source))).toEqual(expect.arrayContaining(['make', 'model', 'serial', 'creator', 'gps']));
    const { status, body } = await t.upload(doctor, caseId, [{ path: source }]);
    expect(status).toBe(200);
    expect(body.refused).toEqual([]);
    const id = body.items[0].id;
    const media = await waitForDerivatives(id, ['thumbnail', 'preview']);
    expect(media).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 120, height: 160, status: 'ready' });
    for (const variant of ['original', 'thumbnail', 'preview']) {
      const tags = await allTags(await download(id, variant));
      expect(findLeaks(tags), `${variant}: ${tags}`).toEqual([]);
      expect(JSON.parse(tags)[0]['File:FileType'], variant).toBe('JPEG');
    }
  });

  it('accepts PNG, MP4 and M4A and strips container and stream metadata; makes poster and playable files', async () => {
    const files = [await taggedPng(dir), await taggedMp4(dir), await taggedM4a(dir)];
    const { status, body } = await t.upload(doctor, caseId, files.map((f) => ({ path: f })));
    expect(status).toBe(200);
    expect(body.refused).toEqual([]);
    expect(body.items).toHaveLength(3);
    const [png, mp4, m4a] = body.items.map((i: { id: string }) => i.id);
    await waitForDerivatives(png, ['thumbnail', 'preview']);
    const video = await waitForDerivatives(mp4, ['thumbnail', 'poster', 'playable']);
    expect(video).toMatchObject({ kind: 'video', width: 320, height: 240 });
    expect(video.durationMs).toBeGreaterThan(500);
    const audio = await waitForDerivatives(m4a, ['playable']);
    expect(audio.kind).toBe('audio');
    for (const [id, variants] of [[png, ['original', 'preview']], [mp4, ['original', 'poster', 'playable']], [m4a, ['original', 'playable']]] as const) {
      for (const variant of variants) {
        const file = await download(id, variant);
        expect(findLeaks(await allTags(file)), `${id} ${variant}`).toEqual([]);
        if (variant !== 'poster' && variant !== 'preview' && id !== png) {
          const probe = await ffprobe(file);
          expect(findLeaks(JSON.stringify(probe)), `${id} ${variant} ffprobe`).toEqual([]);
          expect(probe.format.tags?.creation_time).toBeUndefined();
        }
      }
    }
    const playable = await ffprobe(await download(mp4, 'playable'));
    expect(playable.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  });

  it('serves byte ranges of the original for seeking', async () => {
    const list = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as { id: string; kind: string; sizeBytes: number }[];
    const video = list.find((m) => m.kind === 'video')!;
    const part = await t.as(doctor, 'GET', `/api/media/${video.id}/original`, undefined, { range: 'bytes=10-109' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-109/${video.sizeBytes}`);
    expect(part.rawPayload.length).toBe(100);
    const whole = await t.as(doctor, 'GET', `/api/media/${video.id}/original`);
    expect(part.rawPayload.equals(whole.rawPayload.subarray(10, 110))).toBe(true);
    const beyond = await t.as(doctor, 'GET', `/api/media/${video.id}/original`, undefined, { range: `bytes=${video.sizeBytes + 10}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.json().code).toBe('range_not_satisfiable');
  });

  it('refuses a corpus of bad files with 4xx and a code each, and stays up', async () => {
    const bad = async (name: string, bytes: Buffer) => {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      return file;
    };
    const jpeg = await cameraJpeg(dir, 'good.jpg', 7);
    const jpegBytes = (await import('node:fs')).readFileSync(jpeg);
    const zip = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'), Buffer.alloc(200, 1)]);
    const corpus: [string, Buffer, string[]][] = [
      ['truncated.jpg', jpegBytes.subarray(0, Math.floor(jpegBytes.length / 2)), ['truncated', 'corrupt']],
      ['zip.jpg', zip, ['unsupported_type']],
      ['polyglot.jpg', Buffer.concat([jpegBytes, zip]), ['polyglot']],
      ['page.html', Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), ['unsupported_type']],
      ['doc.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n'), ['unsupported_type']],
      ['empty.jpg', Buffer.alloc(0), ['empty']],
      ['setup.exe', Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(300)]), ['unsupported_type']],
    ];
    for (const [name, bytes, codes] of corpus) {
      const { status, body } = await t.upload(doctor, caseId, [{ path: await bad(name, bytes) }]);
      expect(status, name).toBe(422);
      expect(body.code, name).toBe('media_refused');
      expect(body.refused).toHaveLength(1);
      expect(codes, `${name}: ${body.refused[0].code}`).toContain(body.refused[0].code);
      expect(body.refused[0].message.length, name).toBeGreaterThan(10);
    }
    expect((await t.as(null, 'GET', '/api/health')).statusCode).toBe(200);
    const media = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as { originalFilename: string }[];
    expect(media.map((m) => m.originalFilename)).not.toContain('polyglot.jpg');
  });

  it('reports the same content added twice instead of storing it twice, even with different metadata', async () => {
    const first = await cameraJpeg(dir, 'same-a.jpg', 3);
    const again = await t.upload(doctor, caseId, [{ path: first }]);
    expect(again.status).toBe(200);
    const repeat = await t.upload(doctor, caseId, [{ path: first, name: 'same-again.jpg' }]);
    expect(repeat.status).toBe(422);
    expect(repeat.body.refused[0]).toMatchObject({ code: 'duplicate', existingId: again.body.items[0].id });
  });

  it('answers media of a case the user may not read as not found, and audits reads and refusals', async () => {
    const list = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as { id: string }[];
    const id = list[0]!.id;
    const nurse = await t.login('skoterska'); // Hudkliniken only; the case is Kirurgkliniken's
    for (const url of [`/api/media/${id}`, `/api/media/${id}/original`, `/api/media/${id}/thumbnail`, `/api/cases/${caseId}`]) {
      const response = await t.as(nurse, 'GET', url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().code).toBe('not_found');
      expect(response.body).not.toContain(id.slice(0, 8) + 'x');
    }
    const upload = await t.upload(nurse, caseId, [{ path: await cameraJpeg(dir, 'n.jpg', 11) }]);
    expect(upload.status).toBe(404);
    const events = (await t.services.auditLog.list({ userId: nurse.user.id }, 1, 50)).items;
    expect(events.filter((e) => e.outcome === 'refused').map((e) => e.action)).toEqual(
      expect.arrayContaining(['media.read', 'media.original', 'media.thumbnail', 'case.read', 'media.upload']),
    );
    const reads = (await t.services.auditLog.list({ userId: doctor.user.id, action: 'media.original' }, 1, 50)).items;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]!.patientId).toBeTruthy();
  });

  it('refuses uploads that are not multipart, to unknown cases, and without CSRF', async () => {
    const json = await t.as(doctor, 'POST', `/api/cases/${caseId}/media`, { file: 'x' });
    expect(json.statusCode).toBe(415);
    const unknown = await t.upload(doctor, 'no-such-case', [{ path: await taggedPng(dir, 'u.png') }]);
    expect(unknown.status).toBe(404);
    const url = await t.listen();
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('x')]), 'x.jpg');
    const noCsrf = await fetch(`${url}/api/cases/${caseId}/media`, { method: 'POST', headers: { cookie: doctor.cookie }, body: form });
    expect(noCsrf.status).toBe(403);
  });
});
