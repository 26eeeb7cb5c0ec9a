import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/helpers/databases.js';
import { openDatabase } from './db/database.js';
import { kasusCli } from '../../test/helpers/kasus-cli.js';
import { waitFor } from '../../test/helpers/wait.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/server/cli.ts');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `kasus serve` until its welcome is printed, sends `requests`, waits for `until` in its output,
 * then stops it with SIGTERM and returns everything it printed.
 */
async function serve(env: Record<string, string>, requests: string[], until?: RegExp, args: string[] = [], entry = [kasusCli()]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...entry, 'serve', ...args], { cwd: ROOT, env: { ...process.env, ...env, KASUS_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitFor('the welcome', async () => stdout + stderr, (out) => out.includes('Stop with Ctrl+C.') || child.exitCode !== null, 60_000);
    expect(child.exitCode, stderr).toBeNull();
    for (const url of requests) await fetch(`http://127.0.0.1:${port}${url}`);
    if (until) await waitFor(String(until), async () => stdout, (out) => until.test(out), 10_000);
  } finally {
    child.kill('SIGTERM');
  }
  return { stdout, stderr, code: await exited };
}

/**
 * The source as `npm start` runs it (one node process with tsx's loader, not the tsx wrapper: when
 * its child does not acknowledge a relayed SIGTERM within 30 ms on a busy machine, the wrapper kills
 * it with SIGKILL and exits 143), once; the run's bundled CLI otherwise (a start costs less than half).
 */
const SOURCE = ['--import', 'tsx', CLI];
const SOURCE_ON = testDialects()[0];

// Defect 11 of issue 19: `npm start` buried its welcome under one JSON line per request.
describe.each(testDialects())('kasus serve output on %s', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    // The default log level (info), as `npm start` runs it.
    env = { KASUS_DATA_DIR: db.dataDir, KASUS_DATABASE_URL: db.url, KASUS_LOG_LEVEL: 'info', KASUS_REQUEST_LOG: 'off' };
  });
  afterAll(() => db.drop());

  it('prints the welcome last (address, administrator, demo users and their rights) and logs no requests by default', { timeout: 90_000 }, async () => {
    const { stdout, code } = await serve(env, ['/api/health', '/api/no-such-route', '/login'], undefined, [], dialect === SOURCE_ON ? SOURCE : undefined);
    expect(code).toBe(0);
    const [before, welcome] = stdout.split('Kasus is ready: open http://localhost:');
    // Nothing but the welcome on standard output: no JSON log line before or after it.
    expect(stdout).not.toContain('{"level"');
    expect(before!.trim()).toBe('');
    expect(welcome).toMatch(/^\d+\n/);
    expect(welcome).toMatch(/\n  Jobs: +run in this process \(\d+ at a time\)\n/);
    expect(welcome).toMatch(/Administrator: user "admin", password "\S{12,}"/);
    expect(welcome).toContain('Demo users, password "kasus-demo-2026":');
    for (const user of ['logg', 'sysadmin', 'lakare', 'skoterska']) expect(welcome).toMatch(new RegExp(`\\n  ${user} +\\S.{10,}`));
    expect(welcome).toContain('nurse in Hudkliniken');
    // After the welcome, at most the goodbye (which may be lost on exit through tsx's pipe).
    expect(welcome!.slice(welcome!.indexOf('Stop with Ctrl+C.'))).toMatch(/^Stop with Ctrl\+C\.\s*(Kasus is stopping \(SIGTERM\)\.\s*)?$/);
  });

  it('logs one compact line per request with KASUS_REQUEST_LOG=compact, without query strings; --no-worker runs no job', { timeout: 90_000 }, async () => {
    // A job waiting before the start: `serve --no-worker` answers requests but leaves it to `kasus worker`.
    const database = await openDatabase(db.url);
    const now = new Date().toISOString();
    const job = { id: '00000000-0000-4000-8000-0000000000aa', name: 'routine.remind', payload: '{"reminderId":"none"}', status: 'queued', attempts: 0, max_attempts: 5, run_at: now, unique_key: null, created_at: now, updated_at: now };
    await database.db.insertInto('job').values(job).execute();
    const { stdout } = await serve({ ...env, KASUS_REQUEST_LOG: 'compact' }, ['/api/health', '/api/audit?action=case.read'], /GET \/api\/audit /, ['--no-worker']);
    try {
      expect(await database.db.selectFrom('job').select(['status', 'attempts']).where('id', '=', job.id).executeTakeFirst()).toEqual({ status: 'queued', attempts: 0 });
    } finally {
      await database.close();
    }
    expect(stdout).toContain('  Jobs:            not run here (--no-worker): start `kasus worker` for them');
    // Second start: the password is not shown again.
    expect(stdout).toContain('Administrator: user "admin" (every right; password as set at the first start).');
    const lines = stdout.slice(stdout.indexOf('Stop with Ctrl+C.')).split('\n').filter((l) => / \/api\//.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d GET \/api\/health 200 \d+ ms$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d GET \/api\/audit 401 \d+ ms$/);
    expect(stdout).not.toContain('{"level"');
  });
});
