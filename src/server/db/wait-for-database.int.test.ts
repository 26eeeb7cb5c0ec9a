import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivatePostgres } from '../../../test/faults/processes.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../../../test/helpers/databases.js';
import { kasusCli } from '../../../test/helpers/kasus-cli.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { runCli } from '../cli-program.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** A port nobody listens on (taken and released). */
const closedPort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const withPort = (url: string, port: number, database?: string) => {
  const u = new URL(url);
  u.port = String(port);
  if (database) u.pathname = `/${database}`;
  return u.toString();
};

/**
 * Starting while PostgreSQL is unavailable (issue 17): `kasus serve` and `kasus worker` try again with
 * backoff for KASUS_DATABASE_STARTUP_SECONDS, saying so on each attempt, start once it is there, and
 * stop with a clear reason after that time; a refusal that waiting cannot mend stops at once.
 */
describe.skipIf(!testDialects().includes('postgres'))('waiting for PostgreSQL at start', () => {
  let db: TestDatabase;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kasus-startup-'));
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(() => db?.drop());

  it('gives up after KASUS_DATABASE_STARTUP_SECONDS with each attempt and the last reason said, exit code 2', async () => {
    const port = await closedPort();
    const started = Date.now();
    const run = await runCli(['worker'], { env: { KASUS_DATA_DIR: dataDir, KASUS_DATABASE_URL: withPort(db.url, port), KASUS_DATABASE_STARTUP_SECONDS: '2' } });
    const took = Date.now() - started;
    expect(run.code, run.output).toBe(2);
    const waits = run.stderr.split('\n').filter((l) => l.startsWith('Waiting for PostgreSQL at postgres://'));
    // Backoff 0.5, 1 s, then what is left of the 2 s: three or four attempts before the last one.
    expect(waits.length, run.stderr).toBeGreaterThanOrEqual(2);
    expect(waits[0]).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*attempt 1 failed after \\d+\\.\\d s of 2 s: .*ECONNREFUSED.*Trying again in 0\\.5 s\\.$`));
    expect(run.stderr).toMatch(/Kasus cannot start: PostgreSQL at \S+ was not available within 2 s \(KASUS_DATABASE_STARTUP_SECONDS\), \d+ attempts; last: .*ECONNREFUSED/);
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(8000);
  });

  it('stops at once when PostgreSQL answers with a refusal that waiting cannot mend (no such database)', async () => {
    const run = await runCli(['worker'], { env: { KASUS_DATA_DIR: dataDir, KASUS_DATABASE_URL: withPort(db.url, Number(new URL(db.url).port || 5432), 'kasus_no_such_database'), KASUS_DATABASE_STARTUP_SECONDS: '60' } });
    expect(run.code, run.output).toBe(2);
    expect(run.stderr).not.toContain('Waiting for PostgreSQL');
    expect(run.stderr).toMatch(/Kasus cannot start: PostgreSQL at \S+ refused Kasus: .*kasus_no_such_database.*\(3D000\)/);
  });

  it.skipIf(!PrivatePostgres.available())(
    'a worker started before its database waits while it is down, then while it is a standby in recovery, and starts once it is promoted',
    { timeout: 90_000 },
    async () => {
      // A private cluster (the shared server is never stopped): made, not started; then a standby; then promoted.
      const cluster = await PrivatePostgres.create({ standby: true, start: false });
      const child = spawn(process.execPath, [kasusCli(), 'worker'], {
        cwd: ROOT,
        env: { ...process.env, KASUS_DATA_DIR: dataDir, KASUS_DATABASE_URL: cluster.adminUrl, KASUS_DATABASE_STARTUP_SECONDS: '60', KASUS_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await waitFor('an attempt refused', async () => stderr, (out) => /attempt \d+ failed .*ECONNREFUSED/.test(out) || child.exitCode !== null, 30_000);
        await cluster.start();
        await waitFor('an attempt on the standby', async () => stderr, (out) => /the server is in recovery \(a standby, read-only\)/.test(out) || child.exitCode !== null, 30_000);
        expect(child.exitCode, stderr).toBeNull();
        expect(stdout).not.toMatch(/Kasus worker \S+ running/);
        await cluster.promote();
        await waitFor('the worker to run', async () => stdout, (out) => /Kasus worker \S+ running/.test(out) || child.exitCode !== null, 30_000);
        expect(stdout).toMatch(/Kasus worker \S+ running/);
        expect(stderr).not.toContain('cannot start');
      } finally {
        child.kill('SIGTERM');
        await exited;
        await cluster.destroy();
      }
    },
  );
});
