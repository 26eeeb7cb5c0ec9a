import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from './config/config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { readCheckpointFile } from './modules/audit/audit-checkpoints.js';
import { parsePublicKey } from './modules/audit/audit-key.js';
import { BackupError, makeBackup, restoreBackup, verifyBackup, type AuditChainCheck } from './modules/backup/backup-service.js';
import { createBlobStore, createServices } from './services.js';

const say = (line: string) => console.log(line);

/** Runs a backup command; a BackupError is printed as the reason and exits 1. */
async function guarded(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}

/** Checks the audit chain of a snapshot opened at `databaseUrl` against its checkpoints and the backup's public key. */
export const auditChainCheck = (config: Config): AuditChainCheck => async (databaseUrl, checkpointFile, publicKeyPem) => {
  const database = await openDatabase(databaseUrl);
  try {
    const services = createServices({ ...config, databaseUrl, blobStore: { kind: 'file' } }, database);
    const checkpoints = [...(await services.auditCheckpoints.entries()), ...readCheckpointFile(checkpointFile)];
    const result = await services.auditLog.verify({ checkpoints, publicKeys: publicKeyPem ? [parsePublicKey(publicKeyPem)] : [] });
    const { checked, valid } = result.checkpoints;
    if (result.ok) return { ok: true, events: result.events, message: `intact: ${result.events} events verified, ${checked} signed checkpoint(s) checked (${valid} valid).` };
    const first = result.breaks[0]!;
    return { ok: false, events: result.events, message: `NOT intact: ${result.breaks.length} break(s) in ${result.events} events; first at event ${first.firstSeq} (${first.kind}): ${first.message}` };
  } finally {
    await database.close();
  }
};

/** `kasus backup --out DIR`, `kasus backup verify DIR`, `kasus restore DIR` (issue 17). */
export function registerBackupCommands(program: Command, configOrExit: () => Config): void {
  const backup = program
    .command('backup')
    .description('back up the database (SQLite online backup or pg_dump), every blob it references and the signed audit checkpoints into a new directory')
    .option('-o, --out <dir>', 'a new or empty directory for the backup')
    .option('--progress-seconds <seconds>', 'how often the long steps (raw uploads, blobs, files) report how far they are', '10')
    .action(async (options: { out?: string; progressSeconds: string }) => {
      if (!options.out) {
        console.error('Give the backup directory: kasus backup --out DIR (or kasus backup verify DIR).');
        process.exitCode = 2;
        return;
      }
      const out = path.resolve(options.out);
      const progressSeconds = Number(options.progressSeconds);
      if (!(progressSeconds >= 0)) {
        console.error(`--progress-seconds takes a number of seconds (0 or more), not ${JSON.stringify(options.progressSeconds)}.`);
        process.exitCode = 2;
        return;
      }
      const config = configOrExit();
      await guarded(async () => {
        const database = await openDatabase(config.databaseUrl);
        try {
          await migrateToLatest(database);
          const services = createServices(config, database);
          // A checkpoint signed now: the backup's chain ends at a signed head.
          await services.auditCheckpoints.create('manual');
          const key = services.auditCheckpoints.key.exists() ? services.auditCheckpoints.key.publicKey() : null;
          const context = { databaseUrl: config.databaseUrl, blobs: services.blobs, dataDir: config.dataDir, progress: say, progressEveryMs: progressSeconds * 1000 };
          const manifest = await makeBackup(context, out, { publicKeyPem: key?.pem ?? null, publicKeyId: key?.keyId ?? null });
          const bytes = manifest.blobs.reduce((sum, b) => sum + b.size, 0);
          say(`Backup complete: ${out} — ${manifest.counts.clinical_case ?? 0} cases, ${manifest.counts.media ?? 0} media items, ${manifest.blobs.length} blobs (${(bytes / 1024 / 1024).toFixed(1)} MB), ${manifest.counts.audit_event ?? 0} audit events.`);
        } finally {
          await database.close();
        }
      });
    });

  backup
    .command('verify')
    .description("check a backup: the manifest, the database file, every blob's SHA-256 and the audit chain in the snapshot (PostgreSQL: restored into a scratch database on KASUS_DATABASE_URL's server)")
    .argument('<dir>', 'the backup directory')
    .action(async (dir: string) => {
      const config = configOrExit();
      await guarded(async () => {
        const report = await verifyBackup(path.resolve(dir), config.databaseUrl, auditChainCheck(config), say);
        if (report.ok) {
          say(`Backup intact: ${path.resolve(dir)}.`);
        } else {
          console.error(`Backup NOT intact: ${report.problems.length} problem(s):`);
          for (const problem of report.problems) console.error(`  ${problem}`);
          process.exitCode = 1;
        }
      });
    });

  program
    .command('restore')
    .description('restore a backup into an empty installation (KASUS_DATABASE_URL and the blob store must be empty)')
    .argument('<dir>', 'the backup directory')
    .action(async (dir: string) => {
      const config = configOrExit();
      await guarded(async () => {
        const blobs = createBlobStore(config);
        const manifest = await restoreBackup({ databaseUrl: config.databaseUrl, blobs, dataDir: config.dataDir, progress: say }, path.resolve(dir));
        say(`Restore complete: ${manifest.counts.clinical_case ?? 0} cases, ${manifest.counts.media ?? 0} media items, ${manifest.blobs.length} blobs, ${manifest.counts.audit_event ?? 0} audit events.`);
        say(
          `The audit checkpoints were signed with key ${manifest.audit.publicKeyId ?? '(none)'}: put that key's file at KASUS_AUDIT_KEY_FILE (${config.auditKeyFile}) before the first start, ` +
            `or check the log with \`kasus audit verify --public-key ${path.join(path.resolve(dir), 'audit-public-key.pem')}\`.`,
        );
      });
    });
}
