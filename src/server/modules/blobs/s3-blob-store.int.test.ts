import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { demoCase } from '../../../../test/helpers/demo-ids.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { startS3, type TestS3 } from '../../../../test/helpers/s3-server.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { S3BlobStore } from './s3-blob-store.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Kasus with KASUS_BLOB_STORE=s3://…: a photo's original and derived files live in the bucket only, and a purge deletes them there. */
describe.each(testDialects())('Kasus on an S3 blob store, %s', (dialect) => {
  let s3: TestS3;
  let t: TestApp;
  let doctor: Session;
  let sysadmin: Session;
  const prefix = `kasus-${dialect}/`;
  const objects = async () => {
    const found: string[] = [];
    for await (const o of (t.services.blobs as S3BlobStore).list(prefix)) found.push(o.key.slice(o.key.lastIndexOf('/') + 1));
    return found.sort();
  };

  beforeAll(async () => {
    s3 = await startS3();
    t = await createTestApp(dialect, s3.env(prefix));
    doctor = await t.login('lakare');
    sysadmin = await t.login('sysadmin');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await s3?.close();
  });

  it('stores an uploaded photo in the bucket, serves its original (also a range) and thumbnail from there, and a purge deletes the objects', async () => {
    expect(t.services.blobs).toBeInstanceOf(S3BlobStore);
    const { caseId } = await demoCase(t, doctor);
    const file = path.join(mediaDir(), `s3-${dialect}.jpg`);
    await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg().toFile(file);
    const uploaded = await t.upload(doctor, caseId, [{ path: file }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
    const db = t.services.database.db;
    const media = await waitFor('the photo and its derived files', async () => {
      const m = await db.selectFrom('media').select(['id', 'status', 'sha256']).where('case_id', '=', caseId).executeTakeFirst();
      const derived = m ? await db.selectFrom('media_derivative').select(['kind', 'blob_key']).where('media_id', '=', m.id).execute() : [];
      return { ...m, derived };
    }, (m) => m.status === 'ready' && m.derived.some((d) => d.kind === 'thumbnail'), 30_000);
    const keys = [media.sha256!, ...media.derived.map((d) => d.blob_key)].sort();
    expect(await objects()).toEqual([...new Set(keys)]);
    // Nothing of it on local disk: the data directory's blob area holds only the quarantine and temp directories.
    expect(readdirSync(path.join(t.config.dataDir, 'blobs')).sort()).toEqual(['quarantine', 'tmp']);
    expect(readdirSync(path.join(t.config.dataDir, 'blobs', 'quarantine'))).toEqual([]);

    const original = await t.as(doctor, 'GET', `/api/media/${media.id}/original`);
    expect(original.statusCode).toBe(200);
    expect(sha256(original.rawPayload)).toBe(media.sha256);
    const range = await t.as(doctor, 'GET', `/api/media/${media.id}/original`, undefined, { range: 'bytes=0-9' });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload).toEqual(original.rawPayload.subarray(0, 10));
    const thumbnail = await t.as(doctor, 'GET', `/api/media/${media.id}/thumbnail`);
    expect(thumbnail.statusCode).toBe(200);
    expect(sha256(thumbnail.rawPayload)).toBe(media.derived.find((d) => d.kind === 'thumbnail')!.blob_key);

    const asked = await t.as(sysadmin, 'POST', `/api/cases/${caseId}/purge`, { basis: 'decision', decisionRef: 'Dnr 2026/17', decisionDate: '2026-12-01' });
    expect(asked.statusCode, asked.body).toBe(202);
    const done = await waitFor('the purge', async () => (await t.as(sysadmin, 'GET', `/api/purges/${asked.json().jobId}`)).json(), (s) => s.status === 'done' || s.status === 'failed', 30_000);
    expect(done.status).toBe('done');
    expect(done.counts.files).toBe(new Set(keys).size);
    expect(await objects()).toEqual([]);
  });

  it('a bucket that gets versioning after the start: the purge deletes nothing and is not reported done until it is gone; health shows it', async () => {
    const store = t.services.blobs as S3BlobStore;
    const health = async () => (await t.as(null, 'GET', '/api/health')).json();
    expect((await health()).blobStore).toMatchObject({ deletes: 'real' });
    const { caseId } = await demoCase(t, doctor);
    const file = path.join(mediaDir(), `s3-versioned-${dialect}.jpg`);
    await sharp({ create: { width: 300, height: 220, channels: 3, background: { r: 20, g: 140, b: 90 } } }).jpeg().toFile(file);
    expect((await t.upload(doctor, caseId, [{ path: file }])).status).toBeLessThan(300);
    const db = t.services.database.db;
    await waitFor('the photo', () => db.selectFrom('media').select('status').where('case_id', '=', caseId).executeTakeFirst(), (m) => m?.status === 'ready', 30_000);
    const stored = await objects();
    expect(stored.length).toBeGreaterThan(0);

    // s3rver cannot turn versioning on (see s3-versioning.int.test.ts; moto can): its answer is the bucket's
    // from here on, as when an administrator turns versioning on while Kasus runs.
    const send = store.client.send.bind(store.client);
    const spy = vi.spyOn(store.client, 'send').mockImplementation((async (command: { constructor: { name: string } }, ...rest: unknown[]) =>
      command.constructor.name === 'GetBucketVersioningCommand' ? { Status: 'Enabled', $metadata: {} } : (send as (...a: unknown[]) => Promise<unknown>)(command, ...rest)) as never);
    let jobId: string;
    try {
      const asked = await t.as(sysadmin, 'POST', `/api/cases/${caseId}/purge`, { basis: 'working_material', reasonKind: 'test_material' });
      expect(asked.statusCode, asked.body).toBe(202);
      jobId = asked.json().jobId;
      const job = await waitFor('the refused purge', () => db.selectFrom('job').select(['status', 'last_error']).where('id', '=', jobId).executeTakeFirstOrThrow(), (j) => j.last_error !== null, 30_000);
      expect(job.last_error).toContain(`The S3 bucket "${s3.bucket}" has versioning enabled: a purge would leave the old versions.`);
      expect(job.last_error).toContain('The purge is not done');
      expect((await t.as(sysadmin, 'GET', `/api/purges/${jobId}`)).json().status).toBe('running');
      // The rows are gone, the bytes not deleted into hidden versions, no completion event.
      expect(await db.selectFrom('media').select('id').where('case_id', '=', caseId).execute()).toEqual([]);
      expect(await objects()).toEqual(stored);
      expect(await db.selectFrom('audit_event').select('seq').where('action', '=', 'purge.done').where('object_id', '=', caseId).execute()).toEqual([]);
      expect((await health()).blobStore).toMatchObject({ deletes: 'refused', problem: expect.stringContaining('has versioning enabled') });
    } finally {
      spy.mockRestore();
    }
    // Versioning gone (a new bucket, in real life): the retried job finishes the purge.
    await db.updateTable('job').set({ run_at: new Date().toISOString() }).where('id', '=', jobId).where('status', '=', 'queued').execute();
    const done = await waitFor('the purge', async () => (await t.as(sysadmin, 'GET', `/api/purges/${jobId}`)).json(), (p) => p.status === 'done', 30_000);
    expect(done.counts.files).toBe(stored.length);
    expect(await objects()).toEqual([]);
    expect((await health()).blobStore).toMatchObject({ deletes: 'real' });
  });
});
