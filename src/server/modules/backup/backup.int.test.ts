import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { chmod, open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../../../../test/helpers/databases.js';
import { demoCase } from '../../../../test/helpers/demo-ids.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { auditChainCheck } from '../../backup-command.js';
import { loadConfig } from '../../config/config.js';
import { openDatabase, type Database } from '../../db/database.js';
import { createBlobStore } from '../../services.js';
import { BackupError, readManifest, restoreBackup, verifyBackup } from './backup-service.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'src/server/cli.ts');

function kasus(env: Record<string, string>, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { cwd: ROOT, env: { ...process.env, KASUS_LOG_LEVEL: 'silent', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What a restore must bring back exactly: every case, media item and derived file, and the audit log up to the backup's head. */
async function contents(database: Database, upToSeq: number) {
  const db = database.db;
  return {
    cases: await db.selectFrom('clinical_case').selectAll().orderBy('id').execute(),
    media: await db.selectFrom('media').select(['id', 'case_id', 'status', 'sha256', 'size_bytes']).orderBy('id').execute(),
    derivatives: await db.selectFrom('media_derivative').select(['media_id', 'kind', 'blob_key']).orderBy('media_id').orderBy('kind').execute(),
    audit: await db.selectFrom('audit_event').selectAll().where('seq', '<=', upToSeq).orderBy('seq').execute(),
  };
}

/** Issue 17: backup through the CLI, restore into a fresh installation, every case, media hash and audit event compared; verify finds a flipped byte. */
describe.each(testDialects())('kasus backup and restore on %s', (dialect) => {
  let t: TestApp;
  let fresh: TestDatabase;
  let out: string;
  let env: Record<string, string>;
  let freshEnv: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const doctor = await t.login('lakare');
    const { caseId } = await demoCase(t, doctor);
    const file = path.join(mediaDir(), 'backup.jpg');
    await sharp({ create: { width: 240, height: 160, channels: 3, background: { r: 30, g: 120, b: dialect === 'sqlite' ? 200 : 90 } } }).jpeg().toFile(file);
    expect((await t.upload(doctor, caseId, [{ path: file }])).status).toBeLessThan(300);
    await waitFor('the photo and its thumbnail', async () => {
      const m = await t.services.database.db.selectFrom('media').select(['id', 'status']).where('case_id', '=', caseId).executeTakeFirst();
      return m?.status === 'ready' ? await t.services.database.db.selectFrom('media_derivative').select('kind').where('media_id', '=', m.id).execute() : [];
    }, (d) => d.length > 0, 30_000);
    fresh = await createTestDatabase(dialect);
    out = path.join(mkdtempSync(path.join(tmpdir(), 'kasus-backup-')), 'backup');
    env = { KASUS_DATA_DIR: t.config.dataDir, KASUS_DATABASE_URL: t.config.databaseUrl };
    freshEnv = { KASUS_DATA_DIR: fresh.dataDir, KASUS_DATABASE_URL: fresh.url };
  }, 90_000);
  afterAll(async () => {
    await t?.close();
    await fresh?.drop();
    if (out) rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it('backs up while the server runs, restores into an empty installation with every case, media hash and audit event, and refuses a non-empty one', { timeout: 120_000 }, async () => {
    const made = await kasus(env, ['backup', '--out', out]);
    expect(made.code, made.output).toBe(0);
    expect(made.output).toMatch(/1\/4 Database snapshot[\s\S]*2\/4 Blobs: \d+ referenced[\s\S]*3\/4 Audit[\s\S]*4\/4 Manifest[\s\S]*Backup complete: /);
    const manifest = await readManifest(out);
    expect(manifest.blobs.length).toBeGreaterThanOrEqual(2);
    expect(manifest.audit.checkpoint?.seq).toBe(manifest.audit.head?.seq);

    const restored = await kasus(freshEnv, ['restore', out]);
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toContain('Restore complete:');

    const source = await contents(t.services.database, manifest.audit.head!.seq);
    const target = await openDatabase(fresh.url);
    try {
      const copy = await contents(target, Number.MAX_SAFE_INTEGER);
      expect(copy.cases).toEqual(source.cases);
      expect(copy.media).toEqual(source.media);
      expect(copy.derivatives).toEqual(source.derivatives);
      expect(copy.audit.length).toBe(manifest.audit.head!.seq);
      expect(copy.audit).toEqual(source.audit);
    } finally {
      await target.close();
    }
    // Every blob is in the new installation's store, bytes hashing to their key.
    const blobs = createBlobStore(loadConfig(freshEnv));
    for (const { key } of manifest.blobs) {
      const chunks: Buffer[] = [];
      for await (const chunk of await blobs.get(key)) chunks.push(chunk as Buffer);
      expect(sha256(Buffer.concat(chunks))).toBe(key);
    }
    // A second restore into the now non-empty installation is refused, naming why.
    const again = restoreBackup({ databaseUrl: fresh.url, blobs, progress: () => {} }, out);
    await expect(again).rejects.toBeInstanceOf(BackupError);
    await expect(again).rejects.toThrow(/The installation is not empty: its database .* has \d+ tables/);
  });

  it('verifies a backup (blob hashes, manifest, audit chain in the snapshot) and fails on a flipped byte in a blob', { timeout: 120_000 }, async () => {
    const config = loadConfig(env);
    const intact = await verifyBackup(out, config.databaseUrl, auditChainCheck(config), () => {});
    expect(intact).toEqual({ ok: true, problems: [] });

    const [first] = (await readManifest(out)).blobs;
    const file = path.join(out, 'blobs', first!.key.slice(0, 2), first!.key);
    await chmod(file, 0o640);
    const handle = await open(file, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 7);
    byte[0] = byte[0]! ^ 0x01;
    await handle.write(byte, 0, 1, 7);
    await handle.close();
    // (In-process, as `kasus backup verify` calls it: each start of the CLI costs seconds.)
    const lines: string[] = [];
    const damaged = await verifyBackup(out, config.databaseUrl, auditChainCheck(config), (line) => lines.push(line));
    expect(damaged).toEqual({ ok: false, problems: [`Blob ${first!.key} is damaged: its content hashes to ${sha256(await readFile(file))}.`] });
    expect(lines.join('\n')).toMatch(/Audit chain in the snapshot\n\s+intact: \d+ events verified/);
    expect(readdirSync(out).sort()).toEqual(['audit-checkpoints.jsonl', 'audit-public-key.pem', 'blobs', dialect === 'sqlite' ? 'database.sqlite' : 'database.pgdump', 'manifest.json'].sort());
  });
});
