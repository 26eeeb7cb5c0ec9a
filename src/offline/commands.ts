import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { CliExit, type CliIo } from '../server/cli-io.js';
import { IDENTITY_FILE, OfflineCopyError, generateIdentityFile } from './keys.js';
import { startViewer } from './serve.js';
import { sync } from './sync.js';

/** A refusal is one clear line and a non-zero exit; anything else is a bug and keeps its stack. */
async function guarded(io: CliIo, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof OfflineCopyError) {
      io.writeError(`${error.message}\n`);
      throw new CliExit(error.exitCode);
    }
    throw error;
  }
}

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number 0–65535');
  return n;
};

/** `kasus offline-copy keygen|sync|serve`: the backup workstation's side of the offline read copy (issue 13). */
export function registerOfflineCopyCommands(program: Command, io: CliIo): void {
  const say = (line: string) => io.write(`${line}\n`);
  const offline = program.command('offline-copy').description('the backup workstation: its key, syncing the encrypted read copy, and the offline viewer');

  offline
    .command('keygen')
    .description('make the workstation identity (DIR/identity.key, mode 0600); the last line printed is the age1… key to register on the server')
    .requiredOption('--dir <dir>', 'the workstation directory')
    .action((options: { dir: string }) =>
      guarded(io, async () => {
        mkdirSync(options.dir, { recursive: true, mode: 0o700 });
        const file = path.join(options.dir, IDENTITY_FILE);
        const { recipient } = await generateIdentityFile(file);
        say(`Identity written to ${file} (keep it on this workstation only; without it the copy cannot be read).`);
        say('Register the workstation on the server with this public key:');
        say(recipient);
      }),
    );

  offline
    .command('sync')
    .description('fetch, verify and apply the newest copy; exit 0 when the copy is current, non-zero with the copy untouched when anything is wrong')
    .requiredOption('--server <url>', 'the Kasus server, e.g. https://kasus.sjukhuset.se')
    .requiredOption('--token <token>', 'the sync token given when the workstation was registered (kwt_…)')
    .requiredOption('--dir <dir>', 'the workstation directory')
    .option('--server-key <key>', "the server's signing key (the base64 line, or a file); default: pinned on the first sync")
    .action((options: { server: string; token: string; dir: string; serverKey?: string }) =>
      guarded(io, async () => {
        await sync({ server: options.server, token: options.token, dir: options.dir, log: say, ...(options.serverKey !== undefined && { serverKey: options.serverKey }) });
      }),
    );

  offline
    .command('serve')
    .description('serve the copy read-only on 127.0.0.1 (no network needed)')
    .requiredOption('--dir <dir>', 'the workstation directory')
    .option('--key <file>', 'the identity file (default: DIR/identity.key)')
    .option('--port <n>', 'the port on 127.0.0.1', port, 8080)
    .action((options: { dir: string; key?: string; port: number }) =>
      guarded(io, async () => {
        const viewer = await startViewer({ dir: options.dir, keyFile: options.key ?? path.join(options.dir, IDENTITY_FILE), port: options.port });
        const shutdown = async () => {
          await viewer.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void shutdown());
        process.once('SIGTERM', () => void shutdown());
        const cases = viewer.counts.clinical_case ?? 0;
        say(`Kasus backup copy (read only) on ${viewer.url} — workstation ${viewer.state.workstationName}, sequence ${viewer.state.sequence}, snapshot of ${viewer.state.snapshotAt}, ${cases} case(s).`);
      }),
    );
}
