import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';

// A name with Swedish, Norwegian and Sámi letters, so the embedded font is shown to carry them all.
const NOTE = 'Sårkant på höger ärm; blødning i kæft, Ŋorgga Čáhppes Đ';
const CAPTURE = { purpose_explained: 'Dokumentation av sårläkning', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' };

const run = (command: string, args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(command, args, { maxBuffer: 20 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );

const bytesOf = (command: string, args: string[]) =>
  new Promise<Buffer>((resolve, reject) =>
    execFile(command, args, { encoding: 'buffer', maxBuffer: 20 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );

describe.each(testDialects())('print and export with a reason on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let outsider: Session;
  let caseId: string;
  let mediaId: string;
  let dir: string;
  let doctorName: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kasus-copies-'));
    t = await createTestApp(dialect);
    const admin = await t.login('admin');
    doctor = await t.login('lakare');
    doctorName = (await t.services.database.db.selectFrom('user_account').select('display_name').where('id', '=', doctor.user.id).executeTakeFirstOrThrow()).display_name;
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const other = departments.find((d) => d.name !== 'Kirurgkliniken')!.id;
    // May read cases, but only in another department.
    const role = (await t.as(admin, 'POST', '/api/roles', { name: 'Läsare annan avdelning', rights: ['case.read', 'patient.read'] })).json().id as string;
    expect((await t.as(admin, 'POST', '/api/users', { username: 'utanfor', password: 'ett-langt-losenord', displayName: 'Otto Utanför', roles: [{ departmentId: other, roleId: role }] })).statusCode).toBe(201);
    outsider = await t.login('utanfor', 'ett-langt-losenord');
    const formId = (
      await t.as(admin, 'POST', '/api/forms', { name: 'Sårdokumentation', fields: [{ key: 'note', label: { sv: 'Anteckning' }, type: 'long_text', required: false }], departmentIds: [surgery] })
    ).json().id as string;
    const patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery, formId })).json().id as string;
    // Enough text to run over more than one page, so the footer is checked on a second page too.
    const long = Array.from({ length: 90 }, (_, i) => `Rad ${i + 1}: ${NOTE}.`).join('\n');
    const patched = await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values: { ...CAPTURE, note: long } });
    expect(patched.statusCode, patched.body).toBe(200);
    const file = path.join(mediaDir(), 'kopia.jpg');
    await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 200, b: 200 } } }).jpeg().toFile(file);
    const upload = await t.upload(doctor, caseId, [{ path: file, name: 'sår.jpg' }]);
    expect(upload.status, JSON.stringify(upload.body)).toBe(200);
    mediaId = upload.body.items[0].id;
    const deadline = Date.now() + 30_000;
    while (!(await t.as(doctor, 'GET', `/api/media/${mediaId}`)).json().derivatives?.preview) {
      if (Date.now() > deadline) throw new Error('no preview made');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const events = (action: string) =>
    t.services.database.db.selectFrom('audit_event').select(['user_id', 'outcome', 'details']).where('action', '=', action).where('object_id', '=', caseId).execute();

  it('refuses a print or an export without a reason (400 reason_required) and records no copy', async () => {
    for (const [url, body] of [
      [`/api/cases/${caseId}/print`, {}],
      [`/api/cases/${caseId}/print`, { reasonCode: 'no-such-reason' }],
      [`/api/cases/${caseId}/print`, { reasonCode: 'other', reasonText: '...' }],
      [`/api/cases/${caseId}/export`, { recipient: 'Polisen' }],
    ] as const) {
      const response = await t.as(doctor, 'POST', url, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ code: 'reason_required', message: expect.any(String) });
    }
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}/copies`)).json()).toEqual([]);
    expect((await events('case.print')).map((e) => e.outcome)).toEqual(['failure', 'failure', 'failure']);
  });

  it('prints a PDF whose every page has the footer, with å ä ö ø æ and Sámi letters as written', async () => {
    const response = await t.as(doctor, 'POST', `/api/cases/${caseId}/print`, { reasonCode: 'referral', reasonText: 'Till plastikkirurgen', recipient: 'Sahlgrenska, plastikkirurgi' });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const file = path.join(dir, 'print.pdf');
    await writeFile(file, response.rawPayload);
    const pages = Number(/Pages:\s+(\d+)/.exec(await run('pdfinfo', [file]))![1]);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) {
      const text = await run('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-']);
      expect(text, `page ${page}`).toContain('Patient: 19121212-1212');
      expect(text).toContain('Avdelning: Kirurgkliniken');
      expect(text).toContain(`Utskriven av: ${doctorName}`);
      expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Europe\/Stockholm\)/);
      expect(text).toContain('Anledning: Remiss till annan vårdgivare – Till plastikkirurgen');
      expect(text).toContain(`Sida ${page} av ${pages}`);
    }
    const all = await run('pdftotext', [file, '-']);
    expect(all).toContain(NOTE);
    expect(all).toContain('Anteckning');
    expect(all).toContain('Mottagare: Sahlgrenska, plastikkirurgi');
    // The web preview is in it as an image.
    expect(all).not.toContain('kunde inte läsas');
    expect(await run('pdfimages', ['-list', file])).toMatch(/\n\s+\d+\s+\d+\s+image\s+\d+\s+\d+/);
    const [event] = (await events('case.print')).filter((e) => e.outcome === 'success');
    expect(JSON.parse(event!.details!)).toMatchObject({ kind: 'print', reasonCode: 'referral', reason: 'Remiss till annan vårdgivare', reasonText: 'Till plastikkirurgen', recipient: 'Sahlgrenska, plastikkirurgi', mediaIds: [mediaId] });
  });

  it('exports a ZIP of the cleaned original and a manifest, with a watermark when asked', async () => {
    const response = await t.as(doctor, 'POST', `/api/cases/${caseId}/export`, { reasonCode: 'legal', recipient: 'Polismyndigheten', watermark: true });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    const file = path.join(dir, 'export.zip');
    await writeFile(file, response.rawPayload);
    expect((await run('unzip', ['-Z1', file])).trim().split('\n')).toEqual(['manifest.json', '01-sår.jpg']);
    const manifest = JSON.parse(await run('unzip', ['-p', file, 'manifest.json']));
    expect(manifest).toMatchObject({
      kind: 'kasus.case-export',
      patient: '19121212-1212',
      department: 'Kirurgkliniken',
      reason: { code: 'legal', label: 'Rättsligt ärende/polisen', text: null },
      recipient: 'Polismyndigheten',
      watermark: true,
      case: { id: caseId, version: 1 },
      files: [{ name: '01-sår.jpg', mediaId, watermarked: true }],
    });
    expect(manifest.madeBy).toContain(doctorName);
    // The watermark band darkens the bottom of the light grey image; the top stays as it was.
    const { data, info } = await sharp(await bytesOf('unzip', ['-p', file, '01-sår.jpg'])).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect(at(200, 5)).toBeGreaterThan(180);
    expect(at(info.width - 3, info.height - 3)).toBeLessThan(130);

    // Without a watermark the cleaned original goes out byte for byte.
    const plain = await t.as(doctor, 'POST', `/api/cases/${caseId}/export`, { reasonCode: 'patient_request', mediaIds: [mediaId] });
    await writeFile(file, plain.rawPayload);
    const original = await t.as(doctor, 'GET', `/api/media/${mediaId}/original`);
    expect((await bytesOf('unzip', ['-p', file, '01-sår.jpg'])).equals(original.rawPayload)).toBe(true);
    const bad = await t.as(doctor, 'POST', `/api/cases/${caseId}/export`, { reasonCode: 'care', mediaIds: ['not-in-this-case'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('asks a reason for an original downloaded to keep, and records it; viewing it stays as it was', async () => {
    const original = `/api/media/${mediaId}/original`;
    const refused = await t.as(doctor, 'GET', `${original}?download=1`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'reason_required' });
    const viewed = await t.as(doctor, 'GET', original);
    expect(viewed.statusCode).toBe(200);
    expect(viewed.headers['content-disposition']).toBe('inline');
    const kept = await t.as(doctor, 'GET', `${original}?download=1&reasonCode=care&recipient=${encodeURIComponent('Vårdcentralen Ørje')}`);
    expect(kept.statusCode, kept.body.slice(0, 200)).toBe(200);
    expect(kept.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('sår.jpg')}`);
    expect(kept.rawPayload.equals(viewed.rawPayload)).toBe(true);
    const downloads = await t.services.database.db.selectFrom('audit_event').select(['outcome', 'details']).select(['object_type', 'object_id']).where('action', '=', 'media.download').orderBy('seq').execute();
    expect(downloads.map((e) => e.outcome)).toEqual(['failure', 'success']);
    expect(JSON.parse(downloads[1]!.details!)).toMatchObject({ kind: 'download', reasonCode: 'care', reason: 'Vård av patienten', recipient: 'Vårdcentralen Ørje', mediaIds: [mediaId] });
    const other = await t.as(outsider, 'GET', `${original}?download=1&reasonCode=care`);
    expect(other.statusCode).toBe(404);
  });

  it('lists every copy on the case to those who may read it; others get 404', async () => {
    const copies = (await t.as(doctor, 'GET', `/api/cases/${caseId}/copies`)).json() as { kind: string; reason: string; recipient: string | null; madeByName: string; watermark: boolean }[];
    expect(copies.map((c) => [c.kind, c.reason, c.recipient, c.watermark])).toEqual([
      ['download', 'Vård av patienten', 'Vårdcentralen Ørje', false],
      ['export', 'Begäran från patienten', null, false],
      ['export', 'Rättsligt ärende/polisen', 'Polismyndigheten', true],
      ['print', 'Remiss till annan vårdgivare', 'Sahlgrenska, plastikkirurgi', false],
    ]);
    expect(copies.every((c) => c.madeByName === doctorName)).toBe(true);
    for (const [method, url, body] of [
      ['GET', `/api/cases/${caseId}/copies`, undefined],
      ['POST', `/api/cases/${caseId}/print`, { reasonCode: 'care' }],
      ['POST', `/api/cases/${caseId}/export`, { reasonCode: 'care' }],
    ] as const) {
      const response = await t.as(outsider, method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found' });
    }
    expect((await t.as(doctor, 'GET', '/api/copy-reasons')).json()).toContainEqual({ code: 'other', label: 'Annat (beskriv)', labelNb: 'Annet (beskriv)', labelEn: 'Other (describe)', textRequired: true });
    expect((await t.as(null, 'GET', '/api/copy-reasons')).statusCode).toBe(401);
  });
});
