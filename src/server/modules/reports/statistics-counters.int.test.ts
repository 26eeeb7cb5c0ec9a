import path from 'node:path';
import sharp from 'sharp';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import * as counters from '../../db/migrations/2026-12-07-0038-statistics-counters.js';
import { bucketOf, StatisticsRepository, type StatisticsFilter } from './statistics-repository.js';

/**
 * M14 statistics read counters kept by migration 0038's triggers in the transaction of each change.
 * After varied changes through the API — cases, photos (cleaned, with derivatives), a print, an
 * export, an emergency opening, written consents, a removed photo, a case moved to a month's edge and
 * a purge — the statistics equal a recount from the rows themselves (what the statistics queried before
 * the counters), for aligned and cut periods, for every department and for one; and so do the
 * counters the migration adds up from existing rows.
 */
describe.each(testDialects())('statistics counters on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let sysadmin: Session;
  let doctor: Session;
  let logg: Session;
  let surgery: string;
  let dermatology: string;
  let repository: StatisticsRepository;
  let seed = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    sysadmin = await t.login('sysadmin');
    doctor = await t.login('lakare');
    logg = await t.login('logg');
    repository = new StatisticsRepository(t.services.database, t.config.timeZone);
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
  }, 60_000);
  afterAll(() => t?.close());

  async function newCase(patientId: string, departmentId: string, formId: string): Promise<string> {
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId, formId });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }

  /** Uploads a photo and waits until it is cleaned (its size set) and has derivatives. */
  async function photo(caseId: string): Promise<string> {
    const file = path.join(mediaDir(), 'statistik.jpg');
    const s = ++seed;
    await sharp({ create: { width: 80 + s, height: 60, channels: 3, background: { r: (s * 53) % 256, g: 90, b: (s * 31) % 256 } } }).jpeg().toFile(file);
    const uploaded = await t.upload(doctor, caseId, [{ path: file }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
    const db = t.services.database.db;
    const ready = await waitFor('the photo to be ready with derivatives', async () => {
      const media = await db.selectFrom('media').select(['id', 'status', 'size_bytes']).where('case_id', '=', caseId).orderBy('created_at', 'desc').executeTakeFirst();
      const derivatives = media ? await db.selectFrom('media_derivative').select('kind').where('media_id', '=', media.id).execute() : [];
      return { media, derivatives: derivatives.length };
    }, (v) => v.media?.status === 'ready' && v.derivatives > 0, 30_000);
    return ready.media!.id;
  }

  async function consent(patientId: string, caseId: string | null) {
    // Rows as the consent module writes them (its multipart upload is covered by its own tests).
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    await t.services.database.db.insertInto('consent').values({
      id, patient_id: patientId, case_id: caseId, person: 'patient', person_description: null, scopes: '["teaching"]',
      valid_from: now.slice(0, 10), valid_until: null, document_key: `test-${id}`, document_mime: 'application/pdf', document_size: 1,
      document_name: 'samtycke.pdf', recorded_by: doctor.user.id, recorded_at: now, revoked_on: null, revoked_by: null, revoked_at: null,
    }).execute();
  }

  /** Periods: all time (aligned to buckets), the default twelve months, and periods cut inside buckets at either end. */
  function periods(): { from: string; to: string }[] {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    return [
      { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' },
      { from: iso(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 11, 1)), to: iso(now + 1000) },
      { from: iso(now - 3 * 86_400_000 - 1234), to: iso(now + 60_000) },
      { from: iso(now - 10 * 60_000), to: iso(now + 10 * 60_000) },
      { from: '2025-11-30T22:15:00.000Z', to: '2025-12-15T08:00:00.000Z' },
      { from: '2025-11-20T00:00:00.000Z', to: '2025-12-01T00:00:00.000Z' },
      { from: '2025-11-30T23:30:00.000Z', to: '2025-11-30T23:30:00.001Z' },
      { from: '2024-02-20T10:00:00.000Z', to: '2024-03-10T00:00:00.000Z' },
      { from: '2024-02-28T10:00:00.000Z', to: '2024-03-01T00:00:00.000Z' },
      { from: '2026-02-28T10:00:00.000Z', to: '2026-03-02T00:00:00.000Z' },
      { from: '2026-02-01T00:00:00.000Z', to: '2026-02-28T11:00:00.000Z' },
      { from: '2024-02-28T00:00:00.000Z', to: '2024-02-29T23:00:00.000Z' },
      { from: '2024-02-29T23:00:00.000Z', to: '2024-03-01T05:30:00.000Z' },
    ];
  }

  async function expectCountersEqualRecount(label: string) {
    for (const departmentIds of ['all', [surgery], [dermatology, surgery]] as StatisticsFilter['departmentIds'][]) {
      for (const period of periods()) {
        const filter = { ...period, departmentIds };
        expect(await repository.cells(filter), `${label}: ${JSON.stringify(filter)}`).toEqual(await repository.recount(filter));
      }
    }
  }

  it('equals a recount from the rows after cases, photos, a print, an export, an emergency opening, consents, a removal and a purge', async () => {
    const form = await t.as(admin, 'POST', '/api/forms', { name: 'Statistiktest', fields: [], departmentIds: [surgery, dermatology] });
    expect(form.statusCode, form.body).toBe(201);
    const formId = form.json().id as string;
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    const confidentialPatient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19640823-3234' })).json().id as string;

    const kept = await newCase(patient, surgery, formId);
    const skin = await newCase(patient, dermatology, formId);
    const doomed = await newCase(confidentialPatient, surgery, formId);
    const keptPhoto = await photo(kept);
    await photo(kept);
    await photo(skin);
    await photo(doomed);
    const printed = await t.as(doctor, 'POST', `/api/cases/${kept}/print`, { reasonCode: 'referral', reasonText: 'Till plastikkirurgen', recipient: 'Sahlgrenska' });
    expect(printed.statusCode, printed.body).toBe(200);
    const exported = await t.as(doctor, 'POST', `/api/cases/${doomed}/export`, { reasonCode: 'legal', recipient: 'Polismyndigheten' });
    expect(exported.statusCode, exported.body).toBe(200);
    // A refused export (no reason) is no copy.
    expect((await t.as(doctor, 'POST', `/api/cases/${skin}/export`, {})).statusCode).toBe(400);
    await consent(patient, kept);
    await consent(patient, null);
    await consent(confidentialPatient, doomed);
    expect((await t.as(sysadmin, 'POST', `/api/patients/${confidentialPatient}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt Skatteverket' })).statusCode).toBe(200);
    const opened = await t.as(doctor, 'POST', `/api/cases/${doomed}/emergency-access`, { reason: 'Akut blödning, patienten medvetslös' });
    expect(opened.statusCode, opened.body).toBe(200);
    // A removed photo stays counted (its row is kept), as before the counters.
    expect((await t.as(doctor, 'DELETE', `/api/cases/${kept}/media/${keptPhoto}`)).statusCode).toBe(200);
    // A case (and a photo) moved to the last hour of November UTC: December in Stockholm (an hour bucket).
    const db = t.services.database.db;
    await db.updateTable('clinical_case').set({ created_at: '2025-11-30T23:30:00.000Z' }).where('id', '=', skin).execute();
    await db.updateTable('media').set({ created_at: '2025-11-30T23:45:00.000Z' }).where('case_id', '=', skin).execute();
    // The last day of a leap February (an hour bucket): March in Stockholm.
    await db.updateTable('media').set({ created_at: '2024-02-29T23:10:00.000Z' }).where('id', '=', keptPhoto).execute();
    // 28 February: a day bucket in a leap year, an hour bucket (the month's last day) in 2026.
    await db.updateTable('consent').set({ recorded_at: '2024-02-28T10:20:00.000Z' }).where('patient_id', '=', patient).where('case_id', 'is', null).execute();
    await db.updateTable('consent').set({ recorded_at: '2026-02-28T10:20:00.000Z' }).where('case_id', '=', kept).execute();
    // The repository's buckets are the triggers' buckets.
    const keys = await db.selectFrom('statistics_counter').select('bucket').execute();
    expect(keys.map((k) => k.bucket)).toEqual(expect.arrayContaining(['2024-02-28T00', '2026-02-28T10', '2024-02-29T23', '2025-11-30T23']));
    for (const { bucket } of keys) expect(bucketOf(`${bucket}:00:00.000Z`).key, bucket).toBe(bucket);
    for (const { bucket } of keys) expect(bucketOf(`${bucket}:59:59.999Z`).key, bucket).toBe(bucket);

    const before = await repository.cells({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', departmentIds: 'all' });
    const total = (measure: 'cases' | 'media' | 'storageBytes' | 'printsExports' | 'emergencyOpenings' | 'consents', cells = before) => cells.reduce((s, c) => s + c[measure], 0);
    expect({ cases: total('cases'), media: total('media'), printsExports: total('printsExports'), emergencyOpenings: total('emergencyOpenings'), consents: total('consents') })
      .toEqual({ cases: 3, media: 4, printsExports: 2, emergencyOpenings: 1, consents: 3 });
    expect(total('storageBytes')).toBeGreaterThan(0);
    expect(before.find((c) => c.departmentId === dermatology)).toMatchObject({ month: '2025-12', cases: 1, media: 1 });
    expect(before.find((c) => c.month === '2024-03')).toMatchObject({ departmentId: surgery, cases: 0, media: 1 });
    expect(before.filter((c) => c.month === '2024-02')).toEqual([expect.objectContaining({ departmentId: '', media: 0, consents: 1 })]);
    await expectCountersEqualRecount('before the purge');

    // The triggers append deltas; compaction folds them into one row per bucket and department, and the
    // statistics read the same. The purge below then adds deltas on top of compacted rows.
    const deltas = () => db.selectFrom('statistics_counter').select((eb) => eb.fn.countAll<string>().as('n')).where('seq', '<>', 0).executeTakeFirstOrThrow();
    expect(Number((await deltas()).n)).toBeGreaterThan(0);
    expect(await repository.compact()).toBeGreaterThan(0);
    expect(Number((await deltas()).n)).toBe(0);
    expect(await repository.compact()).toBe(0);
    expect(await repository.cells({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', departmentIds: 'all' })).toEqual(before);
    await expectCountersEqualRecount('after a compaction');

    const asked = await t.as(sysadmin, 'POST', `/api/cases/${doomed}/purge`, { basis: 'decision', decisionRef: 'Dnr 2026/77', decisionDate: '2026-11-30' });
    expect(asked.statusCode, asked.body).toBe(202);
    await waitFor('the purge to finish', async () => (await t.as(sysadmin, 'GET', `/api/purges/${asked.json().jobId}`)).json().status, (s) => s === 'done', 30_000);

    const after = await repository.cells({ from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z', departmentIds: 'all' });
    // The purged case, its photo, derivatives and emergency opening are gone; its export event stays in
    // the log (and in the statistics); its consent, detached from the case, counts under no department.
    expect({ cases: total('cases', after), media: total('media', after), printsExports: total('printsExports', after), emergencyOpenings: total('emergencyOpenings', after), consents: total('consents', after) })
      .toEqual({ cases: 2, media: 3, printsExports: 2, emergencyOpenings: 0, consents: 3 });
    expect(total('storageBytes', after)).toBeLessThan(total('storageBytes'));
    expect(after.filter((c) => c.departmentId === '').reduce((s, c) => s + c.consents, 0)).toBe(2);
    expect(Number((await deltas()).n)).toBeGreaterThan(0);
    await expectCountersEqualRecount('after the purge');

    // Through the API: the default period, every department, from the counters.
    const api = (await t.as(logg, 'GET', '/api/statistics')).json() as { from: string; to: string; cells: Record<string, unknown>[] };
    const recounted = await repository.recount({ from: api.from, to: api.to, departmentIds: 'all' });
    expect(api.cells.map(({ departmentName: _name, ...cell }) => cell)).toEqual(recounted);

    // The migration's own count of existing rows gives the same counters as the triggers kept (compacted).
    await repository.compact();
    const kept0038 = await db.selectFrom('statistics_counter').selectAll().where((eb) => eb.or([
      eb('cases', '!=', 0), eb('media', '!=', 0), eb('storage_bytes', '!=', 0), eb('prints_exports', '!=', 0), eb('emergency_openings', '!=', 0), eb('consents', '!=', 0),
    ])).orderBy('bucket').orderBy('department_id').execute();
    await counters.down(db);
    await counters.up(db);
    const backfilled = await db.selectFrom('statistics_counter').selectAll().orderBy('bucket').orderBy('department_id').execute();
    expect(backfilled.map((r) => ({ ...r }))).toEqual(kept0038.map((r) => ({ ...r })));
    await expectCountersEqualRecount('after the backfill');
  }, 120_000);

  // A media change in one transaction and the case row locked, then a media change of the same
  // department and bucket, in another: the first takes the case row at commit (migration 0041's
  // deferred triggers). Upserted counters deadlocked on PostgreSQL (the first held the counter row and
  // waited for the case row, the second held the case row and waited for the counter row); the
  // triggers' appended deltas wait for nothing, so both commit.
  it('a media change and a case row lock with another media change of the same bucket in two transactions both commit', async () => {
    const form = await t.as(admin, 'POST', '/api/forms', { name: 'Statistiktest samtidigt', fields: [], departmentIds: [surgery] });
    expect(form.statusCode, form.body).toBe(201);
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id as string;
    const caseId = await newCase(patient, surgery, form.json().id as string);
    const [a, b] = [await photo(caseId), await photo(caseId)] as [string, string];
    const db = t.services.database.db;
    // Both photos in one bucket (an ordinary day's).
    await db.updateTable('media').set({ created_at: '2026-03-10T09:00:00.000Z' }).where('id', 'in', [a, b]).execute();

    let firstChanged!: () => void;
    const changedFirst = new Promise<void>((resolve) => (firstChanged = resolve));
    let caseLocked!: () => void;
    const lockedCase = new Promise<void>((resolve) => (caseLocked = resolve));
    // Like a processing job cleaning a photo: its size and a column the case list reads.
    const first = db.transaction().execute(async (trx) => {
      await sql`update media set size_bytes = size_bytes + 1, captured_at = ${'2026-03-10T08:00:00.000Z'} where id = ${a}`.execute(trx);
      firstChanged();
      // On SQLite the second waits for the connection until this one commits.
      await Promise.race([lockedCase, new Promise((resolve) => setTimeout(resolve, 500))]);
    });
    // Like an import into the case: the case row, then another photo.
    const second = (async () => {
      await changedFirst;
      await db.transaction().execute(async (trx) => {
        await sql`update clinical_case set updated_at = updated_at where id = ${caseId}`.execute(trx);
        caseLocked();
        await sql`update media set size_bytes = size_bytes + 2 where id = ${b}`.execute(trx);
      });
    })();
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual(['fulfilled', 'fulfilled']);

    const march = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z', departmentIds: [surgery] };
    expect(await repository.cells(march)).toEqual(await repository.recount(march));
    expect((await repository.cells(march)).find((c) => c.month === '2026-03')).toMatchObject({ media: 2 });
    await repository.compact();
    expect(await repository.cells(march)).toEqual(await repository.recount(march));
    await expectCountersEqualRecount('after two concurrent transactions');
  }, 60_000);
});
