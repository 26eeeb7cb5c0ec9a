import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/helpers/databases.js';
import { runCli } from './cli-program.js';
import { openDatabase } from './db/database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/server/cli.ts');
// A real process costs seconds (node, tsx and all of Kasus loaded): each command family (migrate,
// create-admin) runs as a process once, on the first database, to prove the wiring (arguments,
// environment, standard input, exit code); every other run is the same command in-process.
const SPAWN_ON = testDialects()[0];

/** `kasus …` as a real process. */
async function kasusProcess(env: Record<string, string>, args: string[], input?: string) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

/** `kasus …` in this process (the same commands, output and exit code). */
async function kasus(env: Record<string, string>, args: string[], input?: string) {
  const { code, output } = await runCli(args, { env: { ...process.env, ...env }, ...(input !== undefined && { stdin: input }) });
  return { code, output };
}

describe.each(testDialects())('kasus CLI on %s', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    env = { KASUS_DATA_DIR: db.dataDir, KASUS_DATABASE_URL: db.url, KASUS_LOG_LEVEL: 'silent' };
  });
  afterAll(() => db.drop());
  const wired = (env: Record<string, string>, args: string[], input?: string) => (dialect === SPAWN_ON ? kasusProcess : kasus)(env, args, input);

  const users = async () => {
    const database = await openDatabase(db.url);
    try {
      return await database.db.selectFrom('user_account').select(['username', 'password_hash', 'email']).orderBy('username').execute();
    } finally {
      await database.close();
    }
  };

  it('migrates an empty database, then reports it up to date', async () => {
    const first = await wired(env, ['migrate']);
    expect(first.code).toBe(0);
    expect(first.output).toContain('Applied: 2026-11-22-0001-foundation');
    const second = await kasus(env, ['migrate']);
    expect(second.output).toContain('up to date');
  });

  it('creates an administrator with a printed password, and resets it from standard input', async () => {
    const created = await kasus(env, ['create-admin', '--username', 'drift']);
    expect(created.code).toBe(0);
    expect(created.output).toMatch(/Administrator "drift" created\.\nPassword: \S{12,}/);
    const before = (await users()).find((u) => u.username === 'drift')!.password_hash;
    const reset = await wired(env, ['create-admin', '--username', 'drift', '--password-stdin'], 'a-chosen-password\n');
    expect(reset.code).toBe(0);
    expect(reset.output).not.toContain('a-chosen-password');
    const after = (await users()).find((u) => u.username === 'drift')!.password_hash;
    expect(after).not.toBe(before);
    expect((await users()).map((u) => u.username)).toEqual(['drift']);
    const short = await kasus(env, ['create-admin', '--username', 'drift', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.output).toContain('minst 10 tecken');
  });

  it("records the administrator's e-mail address, keeps it on a reset without one, and refuses a malformed one", async () => {
    const created = await kasus(env, ['create-admin', '--username', 'jour', '--email', ' jour-it@sjukhuset.example ']);
    expect(created.code).toBe(0);
    expect((await users()).find((u) => u.username === 'jour')?.email).toBe('jour-it@sjukhuset.example');
    const reset = await kasus(env, ['create-admin', '--username', 'jour', '--password-stdin'], 'another-chosen-password\n');
    expect(reset.code).toBe(0);
    expect((await users()).find((u) => u.username === 'jour')?.email).toBe('jour-it@sjukhuset.example');
    const bad = await kasus(env, ['create-admin', '--username', 'natt', '--email', 'natt-it']);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('Ange en giltig e-postadress');
    expect((await users()).map((u) => u.username)).not.toContain('natt');
  });

  it('stops with exit code 2 and the variable named when configuration is wrong', async () => {
    const result = await kasus({ ...env, KASUS_SESSION_TTL_MINUTES: 'forever' }, ['migrate']);
    expect(result.code).toBe(2);
    expect(result.output).toContain('KASUS_SESSION_TTL_MINUTES');
  });
});
