import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { ADMIN_USERNAME, bootstrap, ensureAdministrationDepartment } from './bootstrap/bootstrap.js';
import { DEMO_ACCOUNTS } from './bootstrap/demo-data.js';
import { welcomeText } from './welcome.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { DatabaseUnavailableError, waitForDatabase } from './db/wait-for-database.js';
import { buildApp } from './http/app.js';
import { AppError } from './http/errors.js';
import { AuditKey, parsePublicKey, type PublicKeyInfo } from './modules/audit/audit-key.js';
import { createServices } from './services.js';
import { CliExit, type CliIo } from './cli-io.js';
import { registerOfflineCopyCommands } from '../offline/commands.js';
import { registerImportCommand } from './import-command.js';
import { registerBackupCommands } from './backup-command.js';

async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config.databaseUrl);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

export { CliExit, processIo, type CliIo } from './cli-io.js';

const cliContext = { actor: null, clientIp: null, requestId: 'cli' };

const redact = (url: string) => url.replace(/\/\/([^:@/]*)(:[^@]*)?@/, '//$1:***@');

/** A public key given on the command line: a file (PEM) or the base64 text `kasus audit key` prints. */
const publicKeyArgument = (value: string, previous: PublicKeyInfo[] = []): PublicKeyInfo[] => {
  try {
    return [...previous, parsePublicKey(existsSync(value) ? readFileSync(value, 'utf8') : value)];
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}`);
  }
};

/**
 * The `kasus` command line, writing to and reading from `io`. A fresh program per run: commander
 * keeps option values between parses of one instance.
 */
export function createProgram(io: CliIo): Command {
  const say = (line: string) => io.write(`${line}\n`);
  const complain = (line: string) => io.writeError(`${line}\n`);

  const configOrExit = (): Config => {
    try {
      return loadConfig(io.env);
    } catch (error) {
      if (error instanceof ConfigError) {
        complain(`Kasus cannot start: ${error.message}`);
        throw new CliExit(2);
      }
      throw error;
    }
  };

  /** Checks the blob store (an S3 bucket's reachability) before anything starts; stops with its reason otherwise. */
  const blobStoreOrExit = async (services: { blobs: { init(): Promise<void> } }): Promise<void> => {
    try {
      await services.blobs.init();
    } catch (error) {
      complain(`Kasus cannot start: ${(error as Error).message}`);
      throw new CliExit(2);
    }
  };

  /** Opens the database and waits for PostgreSQL to be there (retrying with backoff); stops with the reason otherwise. */
  const databaseOrExit = async (config: Config): Promise<Database> => {
    const database = await openDatabase(config.databaseUrl);
    try {
      await waitForDatabase(database, { timeoutMs: config.databaseStartupMs, say: complain, label: redact(config.databaseUrl) });
    } catch (error) {
      await database.close().catch(() => {});
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      complain(`Kasus cannot start: ${error.message}`);
      throw new CliExit(2);
    }
    return database;
  };

  const program = new Command()
    .name('kasus')
    .description('Kasus — clinical media archive with downtime continuity')
    // Before any command is added: subcommands inherit both.
    .exitOverride()
    .configureOutput({ writeOut: io.write, writeErr: io.writeError })
    .showHelpAfterError();

  program
    .command('serve')
    .description('migrate the database and start the web server')
    .option('--no-worker', 'serve HTTP only: background jobs are left to `kasus worker` processes (as KASUS_WORKER=off)')
    .action(async (options: { worker: boolean }) => {
      const config = configOrExit();
      const runsJobs = options.worker && config.worker === 'inline';
      const database = await databaseOrExit(config);
      const applied = await migrateToLatest(database);
      const services = createServices(config, database);
      await blobStoreOrExit(services);
      const result = await bootstrap(services);
      const app = await buildApp(services);
      const worker = runsJobs ? services.startWorker({ logger: app.log }) : null;
      // The face detector of the de-identification editor (M9) loads in the background, off the first request.
      services.deidentify.warmUp();
      const purge = setInterval(() => {
        services.auth.purgeExpiredSessions().catch((error: unknown) => app.log.warn({ err: error }, 'session purge failed'));
      }, 60 * 60_000);
      purge.unref();
      const shutdown = async (signal: string) => {
        say(`Kasus is stopping (${signal}).`);
        clearInterval(purge);
        await worker?.stop({ graceMs: 10_000 });
        await app.close();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      // Start-up work first (the leftover sweep, audit checkpoints: onReady hooks), logged as usual.
      await app.ready();
      // Fastify's own "Server listening at" JSON lines would only repeat the welcome's address.
      const level = app.log.level;
      app.log.level = 'warn';
      await app.listen({ host: config.host, port: config.port });
      app.log.level = level;
      const demoAccounts = config.demoData && (await services.users.findByUsername(DEMO_ACCOUNTS[0].username)) ? DEMO_ACCOUNTS : [];
      say(welcomeText({
        url: `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`,
        database: `${redact(config.databaseUrl)}${applied.length ? ` (migrations applied: ${applied.length})` : ''}`,
        dataDir: config.dataDir,
        jobs: runsJobs
          ? `run in this process (${config.workerConcurrency} at a time)`
          : `not run here (${options.worker ? 'KASUS_WORKER=off' : '--no-worker'}): start \`kasus worker\` for them`,
        checkpoints: services.auditCheckpoints.key.exists()
          ? (() => {
            const key = services.auditCheckpoints.key.publicKey();
            return `every ${config.auditCheckpointMs / 60_000} min, key ${key.keyId} (${config.auditKeyFile})`;
          })()
          : null,
        generatedAdminPassword: result.generatedAdminPassword ?? null,
        demoAccounts,
        requestLog: config.requestLog,
      }));
    });

  program
    .command('worker')
    .description('run background jobs (media cleaning and derived files) until stopped')
    .action(async () => {
      const config = configOrExit();
      const database = await databaseOrExit(config);
      await migrateToLatest(database);
      const services = createServices(config, database);
      await blobStoreOrExit(services);
      // Workers sweep leftovers too: the work files they write may live on a disk of their own that no
      // server sweeps, and a worker may run where no server restarts. Sweeps on several nodes are safe
      // (ownership from the job table and media rows, a grace period for files being written).
      const sweep = await services.startLeftoverSweep({ logger: pino({ level: config.logLevel }) });
      const worker = services.startWorker();
      say(`Kasus worker ${worker.id} running ${worker.concurrency} job(s) at a time.`);
      const shutdown = async () => {
        await sweep.stop();
        await worker.stop({ graceMs: 30_000 });
        services.outbound.close();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    });

  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const config = configOrExit();
      await withDatabase(config, async (database) => {
        const applied = await migrateToLatest(database);
        say(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      });
    });

  program
    .command('create-admin')
    .description('create a system administrator, or reset the password of an existing one')
    .option('-u, --username <name>', 'username', ADMIN_USERNAME)
    .option('-n, --display-name <name>', 'display name', 'Systemadministratör')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .option('-e, --email <address>', "the administrator's e-mail address (routine reminders); kept as it is when not given")
    .action(async (options: { username: string; displayName: string; passwordStdin?: boolean; email?: string }) => {
      const config = configOrExit();
      let password = randomBytes(12).toString('base64url');
      if (options.passwordStdin) {
        const chunks: Buffer[] = [];
        for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk));
        password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
      }
      await withDatabase(config, async (database) => {
        await migrateToLatest(database);
        const services = createServices({ ...config, demoData: false }, database);
        const roles = await services.users.ensureBuiltInRoles();
        const departmentId = await ensureAdministrationDepartment(services);
        const existing = await services.users.findByUsername(options.username);
        const grant = { departmentId, roleId: roles.systemAdministrator.id };
        if (existing) {
          // Keep the user's roles in other departments; only this department's role becomes administrator.
          const others = (await services.users.rolesOf(existing.id)).filter((g) => g.departmentId !== departmentId);
          await services.users.updateTrusted(cliContext, existing.id, { password, active: true, roles: [...others, grant], ...(options.email !== undefined && { email: options.email }) });
          say(`Password reset and administrator role granted for "${existing.username}".`);
        } else {
          await services.users.createTrusted(cliContext, { username: options.username, password, displayName: options.displayName, email: options.email, roles: [grant] });
          say(`Administrator "${options.username}" created.`);
        }
        if (!options.passwordStdin) say(`Password: ${password}`);
      });
    });

  const audit = program.command('audit').description('audit log tools');
  audit
    .command('verify')
    .description('check the hash chain and the signed checkpoints; lists every event that was changed, removed, reordered, cut or recomputed')
    .option('-c, --checkpoints <file...>', 'checkpoint file(s) kept outside the database (written by `kasus audit checkpoint --out`)')
    .option('-k, --public-key <key>', 'a public key checkpoints may be signed with (PEM file or base64); repeatable', publicKeyArgument)
    .action(async (options: { checkpoints?: string[]; publicKey?: PublicKeyInfo[] }) => {
      const config = configOrExit();
      await withDatabase(config, async (database) => {
        const services = createServices(config, database);
        for (const file of options.checkpoints ?? []) {
          if (!existsSync(file)) {
            complain(`Checkpoint file ${file} does not exist.`);
            throw new CliExit(2);
          }
        }
        let input;
        try {
          input = await services.auditCheckpoints.verificationInput(options.checkpoints, options.publicKey);
        } catch (error) {
          complain((error as Error).message);
          throw new CliExit(2);
        }
        const result = await services.auditLog.verify(input);
        const { checked, valid, latest } = result.checkpoints;
        const checkpoints = `${checked} signed checkpoint${checked === 1 ? '' : 's'} checked (${valid} valid${latest ? `; latest: event ${latest.seq} at ${latest.at}` : ''})`;
        if (result.ok) {
          say(`Audit log intact: ${result.events} events verified, ${checkpoints}.`);
          if (!options.checkpoints?.length) {
            say('Only the checkpoints in the database were compared: give --checkpoints FILE to detect a log cut short or recomputed since the last kept copy.');
          }
        } else {
          complain(`Audit log NOT intact: ${result.breaks.length} break${result.breaks.length === 1 ? '' : 's'} found in ${result.events} events; ${checkpoints}.`);
          for (const b of result.breaks) {
            const where = b.firstSeq === b.lastSeq ? `event ${b.firstSeq}` : `events ${b.firstSeq}–${b.lastSeq}`;
            complain(`  ${where} (${b.kind}): ${b.message}`);
          }
          throw new CliExit(1);
        }
      });
    });

  audit
    .command('checkpoint')
    .description("sign the chain's head now; with --out, append every checkpoint the file lacks (one JSON line each)")
    .option('-o, --out <file>', 'a checkpoint file kept outside the database (e.g. on write-once storage); created if missing')
    .action(async (options: { out?: string }) => {
      const config = configOrExit();
      await withDatabase(config, async (database) => {
        await migrateToLatest(database);
        const services = createServices(config, database);
        const checkpoint = await services.auditCheckpoints.create('manual');
        const key = services.auditCheckpoints.key.publicKey();
        if (checkpoint) say(`Checkpoint signed: event ${checkpoint.seq} (hash ${checkpoint.hash}) at ${checkpoint.at}.`);
        say(`Signing key ${key.keyId} (${config.auditKeyFile}); public key: ${key.publicKey}`);
        if (options.out) {
          const { appended, total } = await services.auditCheckpoints.appendToFile(options.out);
          say(`${appended} checkpoint${appended === 1 ? '' : 's'} appended to ${options.out} (${total} in the file).`);
        }
      });
    });

  audit
    .command('key')
    .description('print the public key that checks the signed checkpoints (made on first use when missing)')
    .action(() => {
      const config = configOrExit();
      const key = new AuditKey(config.auditKeyFile).publicKey();
      say(`Key id: ${key.keyId}`);
      say(`Key file: ${config.auditKeyFile}`);
      say(`Public key (Ed25519, base64): ${key.publicKey}`);
      say(key.pem.trimEnd());
    });

  // Card import (issue 16, M5): `kasus import --patient ID --department D DIR`.
  registerImportCommand(program, configOrExit, io);

  // Backup and restore (issue 17): `kasus backup --out DIR`, `kasus backup verify DIR`, `kasus restore DIR`.
  registerBackupCommands(program, configOrExit);

  // The backup workstation's commands (issue 13); their code lives in src/offline.
  registerOfflineCopyCommands(program, io);

  return program;
}

/**
 * Runs `kasus <args>` with `io` and resolves with its exit code: a refusal's code once its message is
 * printed, commander's for usage errors and --help, 1 for anything unexpected (printed with its stack).
 */
export async function execute(args: string[], io: CliIo): Promise<number> {
  try {
    await createProgram(io).parseAsync(args, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof CommanderError) return error.exitCode;
    io.writeError(`${error instanceof AppError ? `${error.code}: ${error.message}` : `Kasus failed: ${(error as Error).stack ?? String(error)}`}\n`);
    return 1;
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as written. */
  output: string;
}

/**
 * `kasus <args>` in this process, its output captured: for tests about a command's logic, without the
 * seconds a process start costs (keep one real spawn per command family to prove the wiring). The
 * import and backup commands still print to the console and set process.exitCode; the code set is
 * returned (and process.exitCode restored).
 */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliRun> {
  const run: CliRun = { code: 0, stdout: '', stderr: '', output: '' };
  const io: CliIo = {
    env: options.env ?? process.env,
    stdin: (async function* () {
      yield Buffer.from(options.stdin ?? '');
    })(),
    write: (text) => {
      run.stdout += text;
      run.output += text;
    },
    writeError: (text) => {
      run.stderr += text;
      run.output += text;
    },
  };
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  try {
    run.code = await execute(args, io);
    if (run.code === 0) run.code = Number(process.exitCode ?? 0);
  } finally {
    process.exitCode = exitCodeBefore;
  }
  return run;
}
