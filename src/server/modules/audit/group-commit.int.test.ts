import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../../../../test/helpers/databases.js';
import { createAppOn, type TestApp } from '../../../../test/helpers/kasus-app.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'src/server/cli.ts');
const LOOKUP = { identifier: '19121212-1212' };

// Group commit (issues 12 and 20): events recorded outside a transaction are written many per
// transaction, each record() resolving only once its batch is durable; the chain stays one chain.
describe.each(testDialects())('group-committed audit log on %s', (dialect) => {
  let database: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    t = await createAppOn({ ...database, drop: async () => {} });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  const db = () => t.services.database.db;
  /** Events of the test's own actions (the app may record others meanwhile, e.g. its background jobs). */
  const count = async (actions = ['test.read', 'test.change', 'test.killed', 'patient.lookup', 'login']) =>
    Number((await db().selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'in', actions).executeTakeFirstOrThrow()).n);
  const head = () => db().selectFrom('audit_chain_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  const verify = async () => t.services.auditLog.verify(await t.services.auditCheckpoints.verificationInput());
  const cliVerify = async () => {
    const env = { ...process.env, KASUS_DATA_DIR: t.config.dataDir, KASUS_DATABASE_URL: t.config.databaseUrl };
    return run(TSX, [CLI, 'audit', 'verify'], { cwd: ROOT, env });
  };
  const record = (i: number, log = t.services.auditLog) =>
    log.record(null, { action: 'test.read', outcome: 'success', objectType: 'test', objectId: String(i), details: { i } });

  it('resolves many concurrent records, writes them in few transactions, in the order recorded, and the chain verifies', async () => {
    const before = await count();
    const batchesBefore = t.services.auditLog.appender.counts().batches;
    await Promise.all(Array.from({ length: 400 }, (_, i) => record(i)));
    expect(await count()).toBe(before + 400);
    const batches = t.services.auditLog.appender.counts().batches - batchesBefore;
    // All 400 were queued in one turn of the event loop: one batch, where there were 400 transactions.
    expect(batches).toBeLessThanOrEqual(2);
    const written = await db().selectFrom('audit_event').select('object_id').where('action', '=', 'test.read').orderBy('seq').execute();
    expect(written.map((r) => Number(r.object_id))).toEqual(Array.from({ length: 400 }, (_, i) => i));
    expect(await verify()).toMatchObject({ ok: true, breaks: [] });
  });

  it('answers many concurrent audited requests, each with its event durable, and the chain verifies', async () => {
    const admin = await t.login('admin');
    const before = await count();
    const answers = await Promise.all(Array.from({ length: 60 }, () => t.as(admin, 'POST', '/api/patients/lookup', LOOKUP)));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(60).fill(200));
    // Every answered request's event is already in the database when its answer arrives.
    expect(await count()).toBe(before + 60);
    expect(await verify()).toMatchObject({ ok: true, breaks: [] });
  });

  it('rejects every record waiting for a batch that fails, and writes nothing of it', async () => {
    const before = await count();
    await sql`alter table audit_event rename to audit_event_away`.execute(db());
    let results: PromiseSettledResult<void>[];
    try {
      results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => record(1000 + i)));
    } finally {
      await sql`alter table audit_event_away rename to audit_event`.execute(db());
    }
    expect(results.map((r) => r.status)).toEqual(Array(20).fill('rejected'));
    expect(await count()).toBe(before);
    // The appender goes on with the next batch.
    await record(2000);
    expect(await count()).toBe(before + 1);
    expect(await verify()).toMatchObject({ ok: true, breaks: [] });
  });

  it('writes a record given the caller\'s transaction inside it: rolled back with it, committed with it', async () => {
    const before = await count();
    const headBefore = await head();
    const failed = db()
      .transaction()
      .execute(async (trx) => {
        await t.services.auditLog.record(null, { action: 'test.change', outcome: 'success', objectId: 'rolled-back' }, trx);
        // Visible inside the transaction, before it commits.
        const inside = await trx.selectFrom('audit_event').select('seq').where('object_id', '=', 'rolled-back').execute();
        expect(inside).toHaveLength(1);
        throw new Error('the change fails');
      });
    await expect(failed).rejects.toThrow('the change fails');
    expect(await count()).toBe(before);
    expect(Number((await head()).seq)).toBeGreaterThanOrEqual(Number(headBefore.seq));

    await db()
      .transaction()
      .execute((trx) => t.services.auditLog.record(null, { action: 'test.change', outcome: 'success', objectId: 'committed' }, trx));
    const committed = await db().selectFrom('audit_event').select('seq').where('object_id', '=', 'committed').execute();
    expect(committed).toHaveLength(1);
    expect(Number(committed[0]!.seq)).toBeGreaterThan(Number(headBefore.seq));
    // Batched and in-transaction events interleave in one chain.
    await Promise.all([record(3000), db().transaction().execute((trx) => t.services.auditLog.record(null, { action: 'test.change', outcome: 'success' }, trx)), record(3001)]);
    expect(await verify()).toMatchObject({ ok: true, breaks: [] });
  });

  it('keeps one chain when the process is killed in the middle of writing batches', async () => {
    // A second process appends in a loop and is killed with SIGKILL; whatever it committed verifies.
    const before = await count();
    // Node itself (not the tsx wrapper, whose own child would outlive the kill).
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript(t.config.databaseUrl)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('appending') && resolve());
      child.on('exit', (code) => reject(new Error(`the appending process ended first (${code})`)));
    });
    // Killed once it has committed something (a loaded machine may take longer than a moment), mid-stream.
    const deadline = Date.now() + 30_000;
    while ((await count()) === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
    expect(await count()).toBeGreaterThan(before);
    expect(await verify()).toMatchObject({ ok: true, breaks: [] });
    await record(4000);
    expect(await verify()).toMatchObject({ ok: true, breaks: [] });
  });

  it.runIf(dialect === 'postgres')('keeps one chain with two nodes appending at once, and `kasus audit verify` passes', async () => {
    const other = await createAppOn({ ...database, drop: async () => {} });
    try {
      const before = await count();
      const [adminA, adminB] = [await t.login('admin'), await other.login('admin')];
      const requests = (app: TestApp, session: typeof adminA) =>
        Array.from({ length: 30 }, () => app.as(session, 'POST', '/api/patients/lookup', LOOKUP).then((r) => r.statusCode));
      const [statuses] = await Promise.all([
        Promise.all([...requests(t, adminA), ...requests(other, adminB)]),
        Promise.all(Array.from({ length: 200 }, (_, i) => record(5000 + i))),
        Promise.all(Array.from({ length: 200 }, (_, i) => record(6000 + i, other.services.auditLog))),
      ]);
      expect(statuses).toEqual(Array(60).fill(200));
      // Two logins, 60 lookups, 400 records.
      expect(await count()).toBe(before + 2 + 60 + 400);
      const seqs = (await db().selectFrom('audit_event').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect(await verify()).toMatchObject({ ok: true, breaks: [] });
      const { stdout } = await cliVerify();
      expect(stdout).toContain('Audit log intact');
    } finally {
      await other.close();
    }
  });
});

/** A process that opens the database and records batches of events until it is killed. */
function childScript(databaseUrl: string): string {
  return `
    const { openDatabase } = await import(${JSON.stringify(path.join(ROOT, 'src/server/db/database.ts'))});
    const { AuditRepository } = await import(${JSON.stringify(path.join(ROOT, 'src/server/modules/audit/audit-repository.ts'))});
    const { AuditLog } = await import(${JSON.stringify(path.join(ROOT, 'src/server/modules/audit/audit-log.ts'))});
    const database = await openDatabase(${JSON.stringify(databaseUrl)});
    const log = new AuditLog(new AuditRepository(database));
    process.stdout.write('appending\\n');
    for (let round = 0; ; round++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => log.record(null, { action: 'test.killed', outcome: 'success', details: { round, i } })));
    }
  `;
}
