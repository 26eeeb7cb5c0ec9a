import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { FormsRepository } from '../forms/forms-repository.js';
import { MediaRepository, type MediaRow } from '../media/media-repository.js';

/**
 * A signed version is exactly what was checked (DESIGN §3, invariant 5): a sign decides on the draft
 * and its files as read, then commits; an upload or a media change decides on the draft, then
 * commits. Each test puts the other request's commit into that gap (by wrapping the read the first
 * request decides on) and expects the late one to be refused, with nothing of it kept, instead of a
 * signed case that changed after its check or a version that left a live file out.
 */
describe.each(testDialects())('changes racing a sign on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let patientId: string;
  let surgery: string;
  let media: MediaRepository;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    doctor = await t.login('lakare');
    media = new MediaRepository(t.services.database);
    const departments = (await t.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    dir = mkdtempSync(path.join(tmpdir(), 'kasus-sign-race-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  function photoRow(caseId: string): Omit<MediaRow, 'position'> {
    const now = new Date().toISOString();
    return {
      id: randomUUID(), case_id: caseId, kind: 'image', status: 'ready', error_code: null, error_message: null, duplicate_of: null,
      original_filename: 'bild.jpg', quarantine_key: null, upload_sha256: randomUUID().replace(/-/g, ''), upload_size: 10, mime: 'image/jpeg',
      size_bytes: 10, width: 4, height: 3, duration_ms: null, sha256: null, captured_at: null, camera_make: null, camera_model: null,
      edit: null, caption: null, removed_at: null, uploaded_by: doctor.user.id, created_at: now, updated_at: now,
    };
  }

  /** A draft with one processed photo. */
  async function draftWithPhoto(): Promise<{ caseId: string; photoId: string }> {
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json().id as string;
    const values = { purpose_explained: 'Uppföljning', oral_consent: true, identity_verified_by: 'known_to_staff', captured_by: 'Lars Läkare', site: 'Vänster underarm' };
    const saved = await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values });
    expect(saved.statusCode, saved.body).toBe(200);
    const row = photoRow(caseId);
    expect(await media.insert(row, 1, async () => {})).toBe(true);
    return { caseId, photoId: row.id };
  }

  /** Runs `between` once, right after the next read of a case's files has answered (then reads as before). */
  function afterNextMediaRead(between: () => Promise<void>): void {
    const service = t.services.media;
    const original = service.listForCase.bind(service);
    service.listForCase = async (caseId: string) => {
      service.listForCase = original; // once, and `between` may read the list itself
      const seen = await original(caseId);
      await between();
      return seen;
    };
  }

  const liveIds = async (caseId: string) =>
    (await t.services.database.db.selectFrom('media').select('id').where('case_id', '=', caseId).where('removed_at', 'is', null).orderBy('position').execute()).map((r) => r.id);

  it('refuses a sign when a file was added after the sign checked the files', async () => {
    const { caseId, photoId } = await draftWithPhoto();
    const late = photoRow(caseId);
    afterNextMediaRead(async () => {
      expect(await media.insert(late, 1, async () => {})).toBe(true);
    });
    const signed = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
    expect(signed.statusCode, signed.body).toBe(409);
    expect(signed.json().code).toBe('case_changed');
    const read = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json();
    expect(read.status).toBe('draft');
    expect(await liveIds(caseId)).toEqual([photoId, late.id]);
    // Signed again, the version holds both files.
    const again = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
    expect(again.statusCode, again.body).toBe(200);
    const version = await t.services.database.db.selectFrom('case_version').select('media').where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect((JSON.parse(version.media) as { mediaId: string }[]).map((m) => m.mediaId)).toEqual([photoId, late.id]);
  });

  it('refuses a sign when a caption or a form value was saved after the sign read the case', async () => {
    const { caseId, photoId } = await draftWithPhoto();
    afterNextMediaRead(async () => {
      const captioned = await t.as(doctor, 'PATCH', `/api/cases/${caseId}/media/${photoId}`, { caption: 'Sent bildtext' });
      expect(captioned.statusCode, captioned.body).toBe(200);
    });
    const signed = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
    expect(signed.statusCode, signed.body).toBe(409);
    expect(signed.json().code).toBe('case_changed');
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().status).toBe('draft');
  });

  it('refuses a media change when the case was signed after the change read it, and changes nothing', async () => {
    const { caseId, photoId } = await draftWithPhoto();
    afterNextMediaRead(async () => {
      const signed = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
      expect(signed.statusCode, signed.body).toBe(200);
    });
    const removed = await t.as(doctor, 'DELETE', `/api/cases/${caseId}/media/${photoId}`);
    expect(removed.statusCode, removed.body).toBe(409);
    expect(removed.json().code).toBe('case_changed');
    expect(await liveIds(caseId)).toEqual([photoId]);
    const read = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json();
    expect(read.status).toBe('signed');
  });

  it('refuses a file whose case was signed while it was received, and keeps nothing of it', async () => {
    const { caseId, photoId } = await draftWithPhoto();
    const file = path.join(dir, 'sen.jpg');
    writeFileSync(file, await sharp({ create: { width: 32, height: 24, channels: 3, background: '#a05030' } }).jpeg().toBuffer());
    // The upload checks the case (a draft), then the case is signed, then the file is committed.
    const cases = t.services.cases;
    const original = cases.authorizedIn.bind(cases);
    cases.authorizedIn = async (...args: Parameters<typeof original>) => {
      cases.authorizedIn = original;
      const row = await original(...args);
      const signed = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
      expect(signed.statusCode, signed.body).toBe(200);
      return row;
    };
    const uploaded = await t.upload(doctor, caseId, [{ path: file }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(422);
    expect(uploaded.body.code).toBe('media_refused');
    expect(uploaded.body.items).toEqual([]);
    expect(uploaded.body.refused).toEqual([expect.objectContaining({ filename: 'sen.jpg', code: 'case_locked' })]);
    expect(await liveIds(caseId)).toEqual([photoId]);
    expect(await t.services.database.db.selectFrom('job').select('id').where('payload', 'like', `%${caseId}%`).execute()).toEqual([]);
    const quarantine = path.join(t.config.dataDir, 'blobs', 'quarantine');
    expect(readdirSync(quarantine, { recursive: true }).filter((f) => !String(f).startsWith('.'))).toEqual([]);
  });

  it('keeps both of two saves of different fields made at the same moment', async () => {
    const created = await t.as(doctor, 'POST', `/api/cases`, { patientId, departmentId: surgery });
    const caseId = created.json().id as string;
    // The first save has read the draft and its form when the second is saved.
    const original = FormsRepository.prototype.versionById;
    FormsRepository.prototype.versionById = async function (this: FormsRepository, ...args: Parameters<typeof original>) {
      FormsRepository.prototype.versionById = original;
      const version = await original.apply(this, args);
      const other = await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: { captured_by: 'Lars Läkare' } });
      expect(other.statusCode, other.body).toBe(200);
      return version;
    };
    const first = await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: { site: 'Vänster underarm' } });
    FormsRepository.prototype.versionById = original;
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().values).toEqual(expect.objectContaining({ site: 'Vänster underarm', captured_by: 'Lars Läkare' }));
    const read = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json();
    expect(read.values).toEqual(expect.objectContaining({ site: 'Vänster underarm', captured_by: 'Lars Läkare' }));
    // A bad value is still refused as before, and nothing is saved.
    const bad = await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: { oral_consent: 'kanske' } });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().values).toEqual(read.values);
  });

  it('adds nothing to a case that is no longer the draft version the uploader saw', async () => {
    const { caseId } = await draftWithPhoto();
    const stale = photoRow(caseId);
    expect(await media.insert(stale, 2, async () => {})).toBe(false);
    expect(await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`).then((r) => r.statusCode)).toBe(200);
    let alsoRan = false;
    expect(await media.insert(photoRow(caseId), 1, async () => void (alsoRan = true))).toBe(false);
    expect(alsoRan).toBe(false);
    expect(await media.insert(photoRow(randomUUID()), 1, async () => {})).toBe(false);
  });
});
