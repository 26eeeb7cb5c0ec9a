import { openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainJobs, orphanFiles } from '../../../../test/faults/invariants.js';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { demoCase } from '../../../../test/helpers/demo-ids.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';

const PDF = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';

/**
 * A de-identified copy (M9) is made by a durable job ('deidentify.run'): a run that dies after
 * storing the copy's bytes but before filing its row (what kill -9 leaves) is taken over once its
 * lease runs out and completes, and the dead run's bytes do not outlive it; an order that can no
 * longer be made (the consent revoked while it waited) ends failed, audited, with nothing stored.
 */
describe.each(testDialects())('de-identified copies as durable jobs on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let patientId: string;
  let imageId: string;
  let collectionId: string;
  let dir: string;

  const db = () => t.services.database.db;
  const order = (id: string) => db().selectFrom('deidentify_order').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const job = (orderId: string) => db().selectFrom('job').select(['status', 'attempts', 'last_error']).where('unique_key', '=', `deidentify.run:${orderId}`).executeTakeFirstOrThrow();

  async function postConsent(): Promise<string> {
    const form = new FormData();
    form.append('scopes', 'teaching');
    form.append('validFrom', '2026-01-01');
    form.append('file', await openAsBlob(path.join(dir, 'samtycke.pdf')), 'samtycke.pdf');
    const response = await fetch(`${await t.listen()}/api/patients/${patientId}/consents`, { method: 'POST', headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken }, body: form });
    const body = (await response.json()) as { id: string };
    expect(response.status, JSON.stringify(body)).toBe(201);
    return body.id;
  }
  async function ask(): Promise<string> {
    const asked = await t.as(admin, 'POST', `/api/media/${imageId}/deidentified-copies`, { collectionId, regions: [{ shape: 'rect', x: 10, y: 10, width: 40, height: 30, effect: 'blur' }] });
    expect(asked.statusCode, asked.body).toBe(202);
    return asked.json().id as string;
  }
  async function runAll() {
    const worker = t.services.startWorker({ pollIntervalMs: 50 });
    try {
      expect(await drainJobs(t, 30_000)).toEqual([]);
    } finally {
      await worker.stop();
    }
  }

  beforeAll(async () => {
    // No worker: the test decides when jobs run.
    t = await createTestApp(dialect, { KASUS_WORKER: 'off', KASUS_UPLOAD_WAIT_MS: '0' });
    admin = await t.login('admin');
    doctor = await t.login('lakare');
    const { caseId, patientId: patient } = await demoCase(t, doctor);
    patientId = patient;
    dir = mediaDir();
    const png = path.join(dir, 'bild.png');
    await sharp({ create: { width: 120, height: 90, channels: 3, background: { r: 180, g: 120, b: 80 } } }).png().toFile(png);
    const uploaded = await t.upload(doctor, caseId, [{ path: png }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    imageId = uploaded.body.items[0].id as string;
    await t.services.media.processUpload(imageId);
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    collectionId = (await t.as(admin, 'POST', '/api/collections', { departmentId: departments.find((d) => d.name === 'Kirurgkliniken')!.id, name: 'Jobb' })).json().id as string;
    await writeFile(path.join(dir, 'samtycke.pdf'), PDF);
  }, 60_000);
  afterAll(() => t?.close());

  it('a run killed after storing the bytes is taken over when its lease runs out, completes, and leaves no orphan blob', async () => {
    await postConsent();
    const orderId = await ask();
    expect(await order(orderId)).toMatchObject({ status: 'queued', copy_id: null });
    // A worker claims the job and dies: its lease (1 ms) runs out with the job still running.
    const claimed = await t.services.jobs.queue.claim('killed-worker', ['deidentify.run'], 1);
    expect(JSON.parse(String(claimed?.payload))).toEqual({ orderId });
    // What it left between the store and the commit: bytes in the blob store, named only by the order.
    const half = await t.services.blobs.put(Readable.from([Buffer.from(`half-made copy of ${orderId}`)]));
    await db().updateTable('deidentify_order').set({ status: 'running', pending_blob_key: half.key }).where('id', '=', orderId).execute();
    // Named by no copy: as things stand, an orphan.
    expect((await orphanFiles(t)).some((f) => f.endsWith(half.key))).toBe(true);

    await runAll();
    const done = await order(orderId);
    expect(done).toMatchObject({ status: 'done', pending_blob_key: null });
    expect(await job(orderId)).toMatchObject({ status: 'done', attempts: 2 });
    const copy = await db().selectFrom('deidentified_copy').select(['id', 'blob_key', 'source_media_id']).where('id', '=', done.copy_id!).executeTakeFirstOrThrow();
    expect(copy.source_media_id).toBe(imageId);
    expect(await t.services.blobs.stat(copy.blob_key)).not.toBeNull();
    // The dead run's bytes are gone, and no other blob or file is left that no row names.
    expect(await t.services.blobs.stat(half.key)).toBeNull();
    expect(await orphanFiles(t)).toEqual([]);
    const events = await db().selectFrom('audit_event').select(['outcome', 'details']).where('action', '=', 'deidentify.done').execute();
    expect(events.map((e) => JSON.parse(e.details))).toMatchObject([{ orderId, copyId: copy.id, attempt: 2 }]);
    // A second run of the finished job (at least once, not exactly once) changes nothing.
    await t.services.deidentify.run(orderId, { jobId: 'again', attempt: 3, maxAttempts: 5, signal: new AbortController().signal });
    expect(await db().selectFrom('deidentified_copy').select('id').where('source_media_id', '=', imageId).execute()).toHaveLength(1);
  });

  it('an order whose consent was revoked while it waited fails (consent_required), audited, with nothing stored; the job is dead', async () => {
    const copiesBefore = (await db().selectFrom('deidentified_copy').select('id').execute()).length;
    const orderId = await ask();
    const consents = (await t.as(doctor, 'GET', `/api/patients/${patientId}/consents`)).json() as { id: string }[];
    for (const consent of consents) {
      expect((await t.as(doctor, 'POST', `/api/patients/${patientId}/consents/${consent.id}/revoke`, { revokedOn: '2026-03-01' })).statusCode).toBe(200);
    }
    await runAll();
    const failed = (await t.as(admin, 'GET', `/api/deidentify-orders/${orderId}`)).json();
    expect(failed).toMatchObject({ status: 'failed', copy: null, error: { code: 'consent_required' } });
    expect(failed.error.message).not.toBe('');
    expect(await job(orderId)).toMatchObject({ status: 'dead', attempts: 1 });
    expect((await db().selectFrom('deidentified_copy').select('id').execute()).length).toBe(copiesBefore);
    expect(await orphanFiles(t)).toEqual([]);
    const events = await db().selectFrom('audit_event').select(['outcome', 'patient_id', 'details']).where('action', '=', 'deidentify.failed').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: 'failure', patient_id: patientId });
    expect(JSON.parse(events[0]!.details)).toMatchObject({ orderId, errorCode: 'consent_required' });
  });
});
