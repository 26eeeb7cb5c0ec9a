import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { ageDecrypt, generateIdentityFile, readIdentity } from '../../../offline/keys.js';
import { startViewer } from '../../../offline/serve.js';
import { sync as syncCopy } from '../../../offline/sync.js';
import type { Manifest } from './offline-copy-service.js';

/**
 * Annotations reach the offline read copy (issue 19 "Exports and prints may include them", issue 13):
 * each held image's layer of its case's current version, put in a full snapshot, changed and removed
 * by incremental ones (the change log's triggers of migration 0026), and returned by the viewer's case read.
 */
type Line = { op: 'put' | 'del'; table: string; row?: Record<string, any>; key?: Record<string, any> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const arrow = (id: string, x2: number) => ({ id, type: 'arrow', x1: 0.1, y1: 0.1, x2, y2: 0.5 });
const ellipse = { id: 'ell-1', type: 'ellipse', cx: 0.5, cy: 0.5, rx: 0.2, ry: 0.1 };

describe.each(testDialects())('annotations in the offline read copy, on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let dir: string;
  let identity: string;
  let token: string;
  let caseId: string;
  let mediaId: string;
  let plainMediaId: string;
  let held = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = mkdtempSync(path.join(tmpdir(), 'kasus-offline-annot-'));
    admin = await t.login('admin');
    doctor = await t.login('lakare');
    const surgery = ((await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[]).find((d) => d.name === 'Kirurgkliniken')!.id;
    const patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id;
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json().id;
    const photos = [];
    for (const [i, r] of [200, 40].entries()) {
      const file = path.join(mediaDir(), `annot-${i}.jpg`);
      await sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g: 40, b: 90 } } }).jpeg().toFile(file);
      photos.push({ path: file });
    }
    const uploaded = await t.upload(doctor, caseId, photos);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
    const db = t.services.database.db;
    await waitFor(async () => {
      const media = await db.selectFrom('media').select(['id', 'status']).where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
      const thumbs = media.length ? await db.selectFrom('media_derivative').select('media_id').where('kind', '=', 'thumbnail').where('media_id', 'in', media.map((m) => m.id)).execute() : [];
      return media.length === 2 && media.every((m) => m.status === 'ready') && thumbs.length === 2;
    });
    const media = await db.selectFrom('media').select('id').where('case_id', '=', caseId).orderBy('id').execute();
    [mediaId, plainMediaId] = [media[0]!.id, media[1]!.id];
    // Drawn before the workstation exists: the full snapshot must still hold it.
    const saved = await t.as(doctor, 'PUT', `/api/cases/${caseId}/media/${mediaId}/annotations`, { shapes: [arrow('arr-1', 0.4)] });
    expect(saved.statusCode, saved.body).toBe(200);

    const keyFile = path.join(dir, 'identity.key');
    const { recipient } = await generateIdentityFile(keyFile);
    identity = readIdentity(keyFile);
    const registered = await t.as(admin, 'POST', '/api/offline-copy/workstations', { name: 'Reservdator', publicKey: recipient, departmentIds: [surgery] });
    expect(registered.statusCode, registered.body).toBe(201);
    token = registered.json().token;
  }, 90_000);

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function waitFor(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('timed out');
      await sleep(100);
    }
  }

  async function snapshot(): Promise<void> {
    const response = await t.as(admin, 'POST', '/api/offline-copy/snapshots');
    expect(response.statusCode, response.body).toBe(202);
    const { sequence } = response.json() as { sequence: number };
    await waitFor(async () => (await t.services.database.db.selectFrom('offline_snapshot').select('finished_at').where('sequence', '=', sequence).executeTakeFirst())?.finished_at != null);
  }

  /** The lines of what the workstation gets after the sequence it holds (then holds the new one). */
  async function fetchLines(): Promise<{ manifest: Manifest; lines: Line[] }> {
    const bearer = { authorization: `Bearer ${token}` };
    await waitFor(async () => (await t.app.inject({ method: 'GET', url: `/api/offline-copy/sync/manifest?since=${held}`, headers: bearer })).statusCode === 200);
    const response = await t.app.inject({ method: 'GET', url: `/api/offline-copy/sync/manifest?since=${held}`, headers: bearer });
    const manifest = JSON.parse(response.json().manifest) as Manifest;
    const lines: Line[] = [];
    for (const part of manifest.parts) {
      const bytes = await t.app.inject({ method: 'GET', url: `/api/offline-copy/sync/parts/${part.name}`, headers: bearer });
      expect(bytes.statusCode).toBe(200);
      const text = Buffer.from(await ageDecrypt(identity, bytes.rawPayload)).toString('utf8');
      lines.push(...text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line));
    }
    held = manifest.sequence;
    return { manifest, lines };
  }

  const annotationLines = (lines: Line[]) => lines.filter((l) => l.table === 'media_annotation');

  it('puts an annotated image\'s layer in the full snapshot, keyed by its image, after the image', async () => {
    const { manifest, lines } = await fetchLines();
    expect(manifest.full).toBe(true);
    // A workstation that does not know the annotations' schema refuses the copy (it must be updated first).
    expect(manifest.schema >= '2026-12-07-0026-offline-copy-annotations').toBe(true);
    const puts = annotationLines(lines);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.op).toBe('put');
    expect(puts[0]!.row).toMatchObject({ case_id: caseId, media_id: mediaId, version: 1 });
    expect(JSON.parse(puts[0]!.row!.shapes)).toEqual([arrow('arr-1', 0.4)]);
    // Foreign keys first: the image's media row comes before its layer.
    const mediaLine = lines.findIndex((l) => l.table === 'media' && l.row?.id === mediaId);
    expect(mediaLine).toBeGreaterThanOrEqual(0);
    expect(mediaLine).toBeLessThan(lines.indexOf(puts[0]!));
  });

  it('sends a changed layer in the next incremental snapshot, and nothing for an unchanged one', async () => {
    const changed = await t.as(doctor, 'PUT', `/api/cases/${caseId}/media/${mediaId}/annotations`, { shapes: [arrow('arr-1', 0.7), ellipse] });
    expect(changed.statusCode, changed.body).toBe(200);
    await snapshot();
    const { manifest, lines } = await fetchLines();
    expect(manifest.full).toBe(false);
    const puts = annotationLines(lines);
    expect(puts.map((l) => [l.op, l.row?.media_id])).toEqual([['put', mediaId]]);
    expect(JSON.parse(puts[0]!.row!.shapes)).toEqual([arrow('arr-1', 0.7), ellipse]);

    await snapshot();
    expect(annotationLines((await fetchLines()).lines)).toEqual([]);
  });

  it('sends a del when the layer is emptied or its row is gone, and a put when it comes back', async () => {
    expect((await t.as(doctor, 'PUT', `/api/cases/${caseId}/media/${mediaId}/annotations`, { shapes: [] })).statusCode).toBe(200);
    await snapshot();
    expect(annotationLines((await fetchLines()).lines)).toEqual([{ op: 'del', table: 'media_annotation', key: { media_id: mediaId } }]);

    expect((await t.as(doctor, 'PUT', `/api/cases/${caseId}/media/${mediaId}/annotations`, { shapes: [ellipse] })).statusCode).toBe(200);
    await snapshot();
    expect(annotationLines((await fetchLines()).lines).map((l) => [l.op, l.row?.media_id])).toEqual([['put', mediaId]]);

    // A row deleted outside the service (the DELETE trigger names its image too).
    await t.services.database.db.deleteFrom('media_annotation').where('media_id', '=', mediaId).execute();
    await snapshot();
    expect(annotationLines((await fetchLines()).lines)).toEqual([{ op: 'del', table: 'media_annotation', key: { media_id: mediaId } }]);
    expect((await t.as(doctor, 'PUT', `/api/cases/${caseId}/media/${mediaId}/annotations`, { shapes: [ellipse, arrow('arr-2', 0.3)] })).statusCode).toBe(200);
    await snapshot();
    expect(annotationLines((await fetchLines()).lines).map((l) => l.op)).toEqual(['put']);
  });

  it('the workstation applies the layers and its viewer returns them with the case; writing them is refused', async () => {
    // The workstation's own sync, from sequence 0: a full copy.
    const base = await t.listen();
    const wsDir = path.join(dir, 'ws');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(wsDir, { recursive: true });
    copyFileSync(path.join(dir, 'identity.key'), path.join(wsDir, 'identity.key'));
    // A new workstation directory (sequence 0) asks for a full copy, which the server makes on demand (409 until it is built).
    let result: Awaited<ReturnType<typeof syncCopy>> | null = null;
    await waitFor(async () => {
      result = await syncCopy({ server: base, token, dir: wsDir, log: () => {} }).catch(() => null);
      return result !== null;
    });
    expect(result!.status).toBe('updated');
    held = result!.sequence;
    const viewer = await startViewer({ dir: wsDir, keyFile: path.join(wsDir, 'identity.key'), port: 0, reloadMs: 0 });
    try {
      expect(viewer.counts.media_annotation).toBe(1);
      const login = await viewer.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'lakare', password: DEMO_PASSWORD } });
      expect(login.statusCode, login.body).toBe(200);
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
      const one = await viewer.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers });
      expect(one.statusCode, one.body).toBe(200);
      const body = one.json() as { media: { id: string }[]; annotations: { mediaId: string; shapes: unknown[] }[] };
      expect(body.media.map((m) => m.id).sort()).toEqual([mediaId, plainMediaId].sort());
      expect(body.annotations).toEqual([{ mediaId, shapes: [ellipse, arrow('arr-2', 0.3)] }]);

      const write = await viewer.app.inject({ method: 'PUT', url: `/api/cases/${caseId}/media/${mediaId}/annotations`, headers, payload: { shapes: [] } });
      expect(write.statusCode).toBe(405);
      expect(write.json()).toMatchObject({ code: 'read_only_copy', message: expect.any(String) });
      const missing = await viewer.app.inject({ method: 'GET', url: '/api/cases/00000000-0000-4000-8000-000000000000', headers });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'not_found' });
    } finally {
      await viewer.close();
    }
    // The same read on the server gives the same layers.
    const online = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json();
    expect(online.annotations).toEqual([{ mediaId, shapes: [ellipse, arrow('arr-2', 0.3)] }]);
  }, 60_000);

  it('a removed image and a new case version reach the copy: del for the image, the new version\'s layer put', async () => {
    const removed = await t.as(doctor, 'DELETE', `/api/cases/${caseId}/media/${plainMediaId}`);
    expect(removed.statusCode, removed.body).toBe(200);
    const saved = await t.as(doctor, 'PATCH', `/api/cases/${caseId}`, {
      values: { site: 'Vänster underarm', purpose_explained: 'Dokumentation', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const signed = await t.as(doctor, 'POST', `/api/cases/${caseId}/sign`, { version: saved.json().version });
    expect(signed.statusCode, signed.body).toBe(200);
    await snapshot();
    const first = await fetchLines();
    expect(first.manifest.full).toBe(false);
    expect(first.lines).toContainEqual({ op: 'del', table: 'media', key: { id: plainMediaId } });
    // Signing keeps the layer as it was (version 1): nothing to send.
    expect(annotationLines(first.lines)).toEqual([]);

    const next = await t.as(doctor, 'POST', `/api/cases/${caseId}/versions`);
    expect(next.statusCode, next.body).toBeLessThan(300);
    await snapshot();
    const puts = annotationLines((await fetchLines()).lines);
    expect(puts.map((l) => [l.op, l.row?.media_id, l.row?.version])).toEqual([['put', mediaId, 2]]);
    expect(JSON.parse(puts[0]!.row!.shapes)).toEqual([ellipse, arrow('arr-2', 0.3)]);
  });
});
