/**
 * Offline read copy: a full snapshot of N cases with 3N thumbnails for one backup workstation, timed
 * against age-encrypting the same plaintext alone (same parts, same files) in the same run; then an
 * incremental snapshot after 1 % of the cases changed, as a share of the full one; and the process's
 * resident memory while the full snapshot is built. Targets (issue 13, at N = 100,000): full ≤ 1.5×
 * the encryption alone, incremental ≤ 0.05× the full, RSS < 300 MB.
 *
 *   npm run bench:offline-copy          (CASES=2000 by default; THUMB_KB=16; DIALECT=sqlite|postgres)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { Insertable } from 'kysely';
import pg from 'pg';
import { bootstrap } from '../src/server/bootstrap/bootstrap.js';
import { loadConfig } from '../src/server/config/config.js';
import { openDatabase } from '../src/server/db/database.js';
import type { ClinicalCaseTable, MediaDerivativeTable, MediaTable, PatientTable } from '../src/server/db/schema.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { OfflineCopyRepository } from '../src/server/modules/offline-copy/offline-copy-repository.js';
import { hashToken } from '../src/server/modules/offline-copy/offline-copy-service.js';
import { createServices } from '../src/server/services.js';

const CASES = Number(process.env.CASES ?? 2000);
const THUMB_KB = Number(process.env.THUMB_KB ?? 16);
const DIALECT = process.env.DIALECT ?? 'sqlite';
const BATCH = 500;

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const seconds = (ms: number) => (ms / 1000).toFixed(2);

const dir = mkdtempSync(path.join(tmpdir(), 'kasus-offline-bench-'));
let dropPostgres: (() => Promise<void>) | null = null;
let databaseUrl = `sqlite:${path.join(dir, 'kasus.db')}`;
if (DIALECT === 'postgres') {
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `kasus_offline_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropPostgres = async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
}

const config = loadConfig({ KASUS_DATA_DIR: path.join(dir, 'data'), KASUS_DATABASE_URL: databaseUrl, KASUS_ADMIN_PASSWORD: 'bench-admin-password', KASUS_LOG_LEVEL: 'silent' });
const database = await openDatabase(config.databaseUrl);
try {
  await migrateToLatest(database);
  const services = createServices(config, database);
  await bootstrap(services);
  const db = database.db;
  const department = await db.selectFrom('department').select('id').orderBy('hsa_id').executeTakeFirstOrThrow();
  const creator = await db.selectFrom('user_account').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();

  // --- the archive: N cases (one patient each), 3 photos per case, a thumbnail of THUMB_KB each ---
  console.log(`Seeding ${CASES} cases and ${CASES * 3} thumbnails of ${THUMB_KB} KB (${DIALECT})…`);
  const seedStart = performance.now();
  const now = new Date().toISOString();
  for (let start = 0; start < CASES; start += BATCH) {
    const patients: Insertable<PatientTable>[] = [];
    const cases: Insertable<ClinicalCaseTable>[] = [];
    const media: Insertable<MediaTable>[] = [];
    const derivatives: Insertable<MediaDerivativeTable>[] = [];
    for (let i = start; i < Math.min(CASES, start + BATCH); i++) {
      const patientId = randomUUID();
      const caseId = randomUUID();
      patients.push({ id: patientId, identifier: `BENCH${String(i).padStart(10, '0')}`, identifier_type: 'se_personnummer', region_oid: null, region_name: null, confidential: 0, created_at: now, updated_at: now });
      cases.push({
        id: caseId, patient_id: patientId, department_id: department.id, status: 'signed', version: 1, created_by: creator.id, created_at: now, updated_at: now,
        collection_id: null, form_version_id: null, form_values: JSON.stringify({ site: 'vänster underarm', note: `Sårkontroll dag ${i % 30}, läker väl.` }), signed_by: creator.id, signed_at: now,
      });
      for (let m = 0; m < 3; m++) {
        const mediaId = randomUUID();
        const blob = await services.blobs.put(Readable.from([randomBytes(THUMB_KB * 1024)]));
        media.push({
          id: mediaId, case_id: caseId, position: m, kind: 'image', status: 'ready', error_code: null, error_message: null, duplicate_of: null, original_filename: `IMG_${i}_${m}.jpg`,
          quarantine_key: null, upload_sha256: randomBytes(32).toString('hex'), upload_size: 3_000_000, mime: 'image/jpeg', size_bytes: 3_000_000, width: 4000, height: 3000,
          duration_ms: null, sha256: randomBytes(32).toString('hex'), captured_at: now, caption: null, removed_at: null, uploaded_by: creator.id, created_at: now, updated_at: now,
        });
        derivatives.push({ media_id: mediaId, kind: 'thumbnail', blob_key: blob.key, mime: 'image/jpeg', size_bytes: blob.size, width: 320, height: 240, created_at: now });
      }
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('patient').values(patients).execute();
      await trx.insertInto('clinical_case').values(cases).execute();
      for (let k = 0; k < media.length; k += 200) await trx.insertInto('media').values(media.slice(k, k + 200)).execute();
      for (let k = 0; k < derivatives.length; k += 300) await trx.insertInto('media_derivative').values(derivatives.slice(k, k + 300)).execute();
    });
  }
  console.log(`Seeded in ${seconds(performance.now() - seedStart)} s.`);

  // --- one workstation ---
  const identity = await generateX25519Identity();
  const workstationId = randomUUID();
  await new OfflineCopyRepository(database).insertWorkstation({
    id: workstationId, name: 'Bench', public_key: await identityToRecipient(identity), department_ids: JSON.stringify([department.id]),
    token_hash: hashToken(`kwt_${randomUUID()}`), created_by: null, created_at: now, revoked_at: null, revoked_by: null, last_sync_at: null,
    synced_sequence: 0, synced_snapshot_at: null, built_sequence: 0, needs_full: 1, build_lease_until: null, missed_notified_for: null, access_log_seq: 0,
  });

  // --- the full snapshot, with RSS sampled ---
  global.gc?.();
  const idleRss = rssMb();
  let peakRss = idleRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb())), 50);
  const fullStart = performance.now();
  await services.offlineCopy.runSnapshot(1);
  const fullMs = performance.now() - fullStart;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, rssMb());
  const fullParts = await db.selectFrom('offline_part').selectAll().where('workstation_id', '=', workstationId).where('sequence', '=', 1).orderBy('number').execute();
  const cipherBytes = fullParts.reduce((sum, p) => sum + Number(p.size), 0);

  // --- the baseline: the same plaintext, age-encrypted alone into the same number of files ---
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const plainFiles: string[] = [];
  let plainBytes = 0;
  for (const part of fullParts) {
    const plain = await decrypter.decrypt(new Uint8Array(readFileSync(path.join(services.offlineCopy.partsDir, part.name))));
    const file = path.join(dir, `${part.name}.plain`);
    writeFileSync(file, plain);
    plainFiles.push(file);
    plainBytes += plain.length;
  }
  const recipient = await identityToRecipient(identity);
  const baseStart = performance.now();
  for (const file of plainFiles) {
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const encrypted = await encrypter.encrypt(Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>);
    const out = `${file}.age`;
    await pipeline(Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>), createWriteStream(out));
    const handle = await open(out, 'r');
    await handle.sync();
    await handle.close();
  }
  const baseMs = performance.now() - baseStart;
  for (const file of plainFiles) rmSync(file, { force: true });

  // --- 1 % of the cases change; the incremental snapshot ---
  const changed = Math.max(1, Math.round(CASES / 100));
  const ids = (await db.selectFrom('clinical_case').select('id').orderBy('id').limit(changed).execute()).map((r) => r.id);
  await db.updateTable('clinical_case').set({ form_values: JSON.stringify({ site: 'höger underarm', note: 'Ändrad.' }), updated_at: new Date().toISOString() }).where('id', 'in', ids).execute();
  const incStart = performance.now();
  await services.offlineCopy.runSnapshot(2);
  const incMs = performance.now() - incStart;
  const incBuild = await db.selectFrom('offline_build').selectAll().where('workstation_id', '=', workstationId).where('sequence', '=', 2).executeTakeFirstOrThrow();
  const incParts = await db.selectFrom('offline_part').select('size').where('workstation_id', '=', workstationId).where('sequence', '=', 2).execute();

  const fullRatio = fullMs / baseMs;
  const incRatio = incMs / fullMs;
  const growth = peakRss - idleRss;
  console.log('');
  console.log(`Full snapshot:        ${seconds(fullMs)} s, ${fullParts.length} part(s), ${(plainBytes / 1048576).toFixed(1)} MiB plaintext, ${(cipherBytes / 1048576).toFixed(1)} MiB age`);
  console.log(`age-encrypting alone: ${seconds(baseMs)} s (same plaintext, same files)`);
  console.log(`  ratio full / encryption alone: ${fullRatio.toFixed(2)}  (target ≤ 1.5)  ${fullRatio <= 1.5 ? 'PASS' : 'FAIL'}`);
  console.log(`Incremental (${changed} of ${CASES} cases changed, full: ${incBuild.full === 1}): ${seconds(incMs)} s, ${incParts.reduce((s, p) => s + Number(p.size), 0)} bytes`);
  console.log(`  ratio incremental / full: ${incRatio.toFixed(3)}  (target ≤ 0.05)  ${incRatio <= 0.05 ? 'PASS' : 'FAIL'}`);
  console.log(`RSS during the full snapshot: idle ${idleRss.toFixed(0)} MB, peak ${peakRss.toFixed(0)} MB (growth ${growth.toFixed(0)} MB)  (target peak < 300 MB)  ${peakRss < 300 ? 'PASS' : 'FAIL'}`);
} finally {
  await database.close();
  await dropPostgres?.();
  rmSync(dir, { recursive: true, force: true });
}
