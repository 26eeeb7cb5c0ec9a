import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import dcmjs from 'dcmjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../clock.js';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir, taggedMp4 } from '../../../../test/helpers/media-fixtures.js';
import { startOrthanc, type TestOrthanc } from '../../../../test/helpers/orthanc.js';
import { caseUids, SOP_CLASS, TRANSFER_SYNTAX } from './dicom-instance.js';
import { jpegForDicom } from './dicom-media.js';

const run = promisify(execFile);

type Json = Record<string, { vr?: string; Value?: unknown[] } | undefined>;
const value = (json: Json, tag: string) => json[tag]?.Value?.[0];

/** The parts of a multipart/related answer (WADO-RS), as bytes. */
function multipartParts(body: Buffer, contentType: string): Buffer[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const parts: Buffer[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) parts.push(part.subarray(headerEnd + 4, part.length - 2));
    at = next;
  }
  return parts;
}

/** The pixel data's fragments of a Part 10 file (dcmjs reads it). */
function pixelFragments(file: Buffer): { dataset: Record<string, unknown>; meta: Record<string, unknown>; fragments: Buffer[] } {
  const read = dcmjs.data.DicomMessage.readFile(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  const dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(read.dict);
  const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(read.meta);
  const fragments = ((dataset['PixelData'] as ArrayBuffer[]) ?? []).map((b) => Buffer.from(b));
  return { dataset, meta, fragments };
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found) return found as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** dciodvfy's error lines for a file (warnings are allowed). */
async function dciodvfyErrors(file: string): Promise<string[]> {
  const result = await run('dciodvfy', [file]).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
  return `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => /^Error/.test(line));
}

let orthanc: TestOrthanc;
// One Orthanc for the whole file (both databases): the sends of each go to their own study UIDs.
beforeAll(async () => {
  orthanc = await startOrthanc();
}, 30_000);
afterAll(() => orthanc?.stop());

/**
 * Issue 15, I3: a signed case's photo and video go to a real Orthanc (Debian's, with its DICOMweb
 * plugin) over STOW-RS as a durable job; read back over QIDO-RS and WADO-RS, the patient, study and
 * modality are Kasus's, the JPEG is the one made from the cleaned original and the video is H.264,
 * and dciodvfy finds no error in what the PACS stored. Refusals: a draft, a department without a
 * PACS, a case the caller may not see. A PACS that refuses is retried and then shown as failed.
 */
describe.each(testDialects())('DICOM export to PACS on %s', (dialect) => {
  const clock = new TestClock();
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let nurse: Session;
  let sysadmin: Session;
  let surgery: string;
  let dermatology: string;
  let eyes: string;
  let patientId: string;
  let dir: string;
  let photo: string;
  let clip: string;

  beforeAll(async () => {
    const pacs = {
      'SE2321000016-1001': { url: `${orthanc.dicomWeb}/`, username: orthanc.username, password: orthanc.password },
      // A PACS that refuses Kasus (a wrong password): the send is retried, then shown as failed.
      'SE2321000016-3003': { url: orthanc.dicomWeb, username: orthanc.username, password: 'not-the-password' },
    };
    t = await createTestApp(dialect, { KASUS_PACS: JSON.stringify(pacs), KASUS_TIME_ZONE: 'Europe/Stockholm', KASUS_JOB_LEASE_SECONDS: '3600' }, { clock });
    [admin, doctor, nurse, sysadmin] = await Promise.all([t.login('admin'), t.login('lakare'), t.login('skoterska'), t.login('sysadmin')]);
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
    const created = await t.as(admin, 'POST', '/api/departments', { hsaId: 'SE2321000016-3003', name: 'Ögonkliniken' });
    expect(created.statusCode, created.body).toBeLessThan(300);
    eyes = created.json().id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id;
    dir = mediaDir();
    photo = path.join(dir, 'sar.jpg');
    const width = 240;
    const height = 160;
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set([x, (y * 3) & 0xff, (x + y) & 0xff], (y * width + x) * 3);
    await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toFile(photo);
    clip = await taggedMp4(dir, 'sar.mp4', 1, '320x240');
  }, 60_000);
  afterAll(() => t?.close());

  /** A case in the department with the files uploaded and ready; signed unless told otherwise. */
  async function caseWith(as: Session, departmentId: string, files: string[], sign = true): Promise<{ caseId: string; mediaIds: string[] }> {
    const created = await t.as(as, 'POST', '/api/cases', { patientId, departmentId });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json().id as string;
    if (created.json().formVersionId) {
      const values = { purpose_explained: 'Uppföljning', oral_consent: true, identity_verified_by: 'known_to_staff', captured_by: 'Lars Läkare', site: 'Vänster underarm' };
      const saved = await t.as(as, 'PATCH', `/api/cases/${caseId}`, { values });
      expect(saved.statusCode, saved.body).toBe(200);
    }
    const uploaded = await t.upload(as, caseId, files.map((p) => ({ path: p })));
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
    const mediaIds = await waitFor(async () => {
      const detail = (await t.as(as, 'GET', `/api/cases/${caseId}`)).json() as { media: { id: string; status: string }[] };
      return detail.media.length === files.length && detail.media.every((m) => m.status === 'ready') ? detail.media.map((m) => m.id) : null;
    }, 'the files to be ready');
    if (sign) {
      const signed = await t.as(as, 'POST', `/api/cases/${caseId}/sign`);
      expect(signed.statusCode, signed.body).toBe(200);
    }
    return { caseId, mediaIds };
  }

  const exportsOf = async (as: Session, caseId: string) => (await t.as(as, 'GET', `/api/cases/${caseId}/pacs-exports`)).json() as { configured: boolean; items: { id: string; status: string; errorCode: string | null; errorDetail: string | null; attempts: number; instancesSent: number; mediaCount: number }[] };

  it('sends a signed photo and video as VL Photographic and Video Photographic Images; QIDO-RS and WADO-RS give them back; dciodvfy finds no error', async () => {
    const { caseId, mediaIds } = await caseWith(doctor, surgery, [photo, clip], false);
    const draft = await t.as(doctor, 'POST', `/api/cases/${caseId}/pacs-exports`);
    expect(draft.statusCode, draft.body).toBe(409);
    expect(draft.json().code).toBe('case_not_signed');
    expect((await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`)).statusCode).toBe(200);

    const asked = await t.as(doctor, 'POST', `/api/cases/${caseId}/pacs-exports`);
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toMatchObject({ status: 'queued', mediaCount: 2, instancesSent: 0 });
    const sent = await waitFor(async () => {
      const item = (await exportsOf(doctor, caseId)).items[0];
      if (item?.status === 'failed') throw new Error(`the send failed: ${item.errorCode} ${item.errorDetail}`);
      return item?.status === 'sent' ? item : null;
    }, 'the case to be sent');
    expect(sent).toMatchObject({ instancesSent: 2, attempts: 1, errorCode: null });
    expect((await exportsOf(doctor, caseId)).configured).toBe(true);

    // QIDO-RS: the study and its two instances, with the patient and the department as Kasus has them.
    const studyUid = caseUids.study(caseId);
    const fields = ['00100010', '00100020', '00100021', '00080060', '00080080', '00080016', '00280008'].map((f) => `includefield=${f}`).join('&');
    const found = await orthanc.get(`/dicom-web/studies/${studyUid}/instances?${fields}`);
    expect(found.status).toBe(200);
    const instances = (await found.json()) as Json[];
    expect(instances).toHaveLength(2);
    for (const instance of instances) {
      expect(value(instance, '00100020')).toBe('191212121212');
      expect(value(instance, '00100021')).toBe('1.2.752.129.2.1.3.1');
      // Kasus keeps no names: Patient Name is present and empty (Type 2).
      expect(instance['00100010']?.vr).toBe('PN');
      expect(instance['00100010']?.Value).toBeUndefined();
      expect(value(instance, '00080060')).toBe('XC');
      expect(value(instance, '00080080')).toBe('Kirurgkliniken');
      expect(value(instance, '0020000D')).toBe(studyUid);
    }
    const byClass = new Map(instances.map((i) => [value(i, '00080016'), i]));
    expect([...byClass.keys()].sort()).toEqual([SOP_CLASS.vlPhotographic, SOP_CLASS.videoPhotographic].sort());

    // WADO-RS: each instance as the PACS stored it.
    const originals = new Map<string, Buffer>();
    for (const id of mediaIds) originals.set(id, (await t.as(doctor, 'GET', `/api/media/${id}/original`)).rawPayload);
    const detail = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json() as { media: { id: string; kind: string; sha256: string }[] };
    for (const media of detail.media) {
      const uid = caseUids.instance(media.id, media.sha256);
      const series = caseUids.series(caseId, media.kind === 'video' ? 'video' : 'image');
      const answer = await orthanc.get(`/dicom-web/studies/${studyUid}/series/${series}/instances/${uid}`, 'multipart/related; type="application/dicom"; transfer-syntax=*');
      expect(answer.status).toBe(200);
      const [file] = multipartParts(Buffer.from(await answer.arrayBuffer()), answer.headers.get('content-type') ?? '');
      expect(file).toBeDefined();
      const stored = path.join(dir, `${media.kind}.dcm`);
      writeFileSync(stored, file!);
      expect(await dciodvfyErrors(stored), `dciodvfy ${media.kind}`).toEqual([]);
      const { dataset, meta, fragments } = pixelFragments(file!);
      expect(dataset['PatientID']).toBe('191212121212');
      expect(dataset['PatientBirthDate']).toBe('19121212');
      expect(dataset['PatientSex']).toBe('M');
      expect(dataset['StudyInstanceUID']).toBe(studyUid);
      expect(dataset['SOPInstanceUID']).toBe(uid);
      expect(fragments).toHaveLength(1);
      if (media.kind === 'image') {
        expect(meta['TransferSyntaxUID']).toBe(TRANSFER_SYNTAX.jpegBaseline);
        expect(dataset['PhotometricInterpretation']).toBe('YBR_FULL_422');
        // The JPEG bytes are the ones made from the cleaned original…
        const expected = await jpegForDicom(originals.get(media.id)!);
        expect(fragments[0]!.subarray(0, expected.jpeg.length).equals(expected.jpeg)).toBe(true);
        expect([dataset['Columns'], dataset['Rows']]).toEqual([expected.width, expected.height]);
        // …and show the original's pixels (lossy: close, not equal).
        const [a, b] = await Promise.all([sharp(fragments[0]!).raw().toBuffer(), sharp(originals.get(media.id)!).raw().toBuffer()]);
        expect(a.length).toBe(b.length);
        let difference = 0;
        for (let i = 0; i < a.length; i++) difference += Math.abs(a[i]! - b[i]!);
        expect(difference / a.length).toBeLessThan(4);
      } else {
        expect(meta['TransferSyntaxUID']).toBe(TRANSFER_SYNTAX.h264HighProfile41);
        expect(dataset['PhotometricInterpretation']).toBe('YBR_PARTIAL_420');
        const mp4 = path.join(dir, 'from-pacs.mp4');
        writeFileSync(mp4, fragments[0]!.subarray(0, fragments[0]!.length - (fragments[0]!.at(-1) === 0 ? 1 : 0)));
        const probe = JSON.parse((await run('ffprobe', ['-v', 'error', '-count_packets', '-show_streams', '-of', 'json', mp4])).stdout) as { streams: { codec_type: string; codec_name: string; profile: string; width: number; height: number; nb_read_packets: string }[] };
        expect(probe.streams.map((s) => s.codec_type)).toEqual(['video']);
        expect(probe.streams[0]).toMatchObject({ codec_name: 'h264', profile: 'High', width: 320, height: 240 });
        expect(Number(dataset['NumberOfFrames'])).toBe(Number(probe.streams[0]!.nb_read_packets));
      }
    }

    // Sent again: the same UIDs, so the PACS still holds two instances, not four.
    const again = await t.as(doctor, 'POST', `/api/cases/${caseId}/pacs-exports`);
    expect(again.statusCode, again.body).toBe(202);
    // (The test clock stands still: both sends have the same time, so wait for both, not the first listed.)
    await waitFor(async () => (await exportsOf(doctor, caseId)).items.filter((i) => i.status === 'sent').length === 2, 'the second send');
    expect(((await (await orthanc.get(`/dicom-web/studies/${studyUid}/instances`)).json()) as unknown[]).length).toBe(2);
    expect((await exportsOf(doctor, caseId)).items).toHaveLength(2);

    // Audited: each request by the user, and each attempt by the job.
    const events = await t.services.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'user_id', 'patient_id'])
      .where('object_id', '=', caseId)
      .where('action', 'in', ['case.pacs_export', 'pacs.send'])
      .orderBy('seq')
      .execute();
    expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual(['case.pacs_export:refused', 'case.pacs_export:success', 'pacs.send:success', 'case.pacs_export:success', 'pacs.send:success']);
    expect(events.filter((e) => e.action === 'pacs.send').every((e) => e.user_id === doctor.user.id && e.patient_id === patientId)).toBe(true);
  }, 120_000);

  it('refuses a department without a PACS (409), and a case the caller may not see answers as a missing one (404)', async () => {
    const { caseId } = await caseWith(doctor, dermatology, [photo]);
    const refused = await t.as(doctor, 'POST', `/api/cases/${caseId}/pacs-exports`);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().code).toBe('pacs_not_configured');
    expect((await exportsOf(doctor, caseId)).configured).toBe(false);

    const surgical = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
    const hidden = surgical.json().id as string;
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const method of ['POST', 'GET'] as const) {
      const forbidden = await t.as(nurse, method, `/api/cases/${hidden}/pacs-exports`);
      const absent = await t.as(nurse, method, `/api/cases/${missing}/pacs-exports`);
      expect(forbidden.statusCode).toBe(404);
      expect(forbidden.json()).toEqual(absent.json());
    }
    expect((await t.as(null, 'POST', `/api/cases/${hidden}/pacs-exports`)).statusCode).toBe(401);
  }, 60_000);

  it('a PACS that refuses Kasus: retried with the reason shown, then failed after the last attempt, each attempt audited', async () => {
    const { caseId } = await caseWith(sysadmin, eyes, [photo]);
    expect((await t.as(sysadmin, 'POST', `/api/cases/${caseId}/pacs-exports`)).statusCode).toBe(202);
    const first = await waitFor(async () => {
      const item = (await exportsOf(sysadmin, caseId)).items[0];
      return item?.status === 'retrying' ? item : null;
    }, 'the first attempt to fail');
    expect(first).toMatchObject({ attempts: 1, errorCode: 'http_status' });
    expect(first.errorDetail).toMatch(/^HTTP 401/);
    // Asked again while it waits for its next attempt: the same send answers (200), no second job.
    const again = await t.as(sysadmin, 'POST', `/api/cases/${caseId}/pacs-exports`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: first.id, status: 'retrying' });
    expect((await exportsOf(sysadmin, caseId)).items).toHaveLength(1);
    // The retries come after a backoff on the one clock: move it on instead of waiting.
    const failed = await waitFor(async () => {
      const item = (await exportsOf(sysadmin, caseId)).items[0];
      // Only between attempts (the backoff is at most 80 s before the fifth).
      if (item?.status === 'retrying') clock.advance({ minutes: 2 });
      return item?.status === 'failed' ? item : null;
    }, 'the send to be given up');
    expect(failed).toMatchObject({ attempts: 5, errorCode: 'http_status', instancesSent: 0 });
    const attempts = await t.services.database.db
      .selectFrom('audit_event')
      .select(['outcome', 'details'])
      .where('object_id', '=', caseId)
      .where('action', '=', 'pacs.send')
      .orderBy('seq')
      .execute();
    expect(attempts.map((a) => a.outcome)).toEqual(['failure', 'failure', 'failure', 'failure', 'failure']);
    const last = attempts.at(-1)!.details as unknown;
    expect(typeof last === 'string' ? JSON.parse(last) : last).toMatchObject({ attempt: 5, final: true, errorCode: 'http_status' });
  }, 90_000);
});
