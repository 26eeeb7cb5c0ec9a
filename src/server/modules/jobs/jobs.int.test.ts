import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { openDatabase, type Database } from '../../db/database.js';
import { registerRequestContext } from '../../http/context.js';
import { registerErrorHandling } from '../../http/error-handler.js';
import { JobQueue } from './job-queue.js';
import { PermanentJobError, type JobContext, type JobHandlers } from './job-types.js';
import { createJobs, type Jobs } from './jobs.js';
import { LAST_LEASE_LOST_ERROR, LEASE_LOST_ERROR, JobsRepository } from './jobs-repository.js';
import { jobsRoutes } from './jobs-routes.js';
import { Worker, type WorkerLogger } from './worker.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects what workers log, so failures are visible to the test and not on the console. */
function captureLog() {
  const entries: { level: string; message: string | undefined; object: object }[] = [];
  const at =
    (level: string) =>
    (object: object, message?: string): void => {
      entries.push({ level, message, object });
    };
  const logger: WorkerLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, entries };
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(testDialects())('durable job queue on %s', (dialect) => {
  let t: TestApp;
  let database: Database;
  /** A second connection (pool) to the same database: another process, as far as the queue can tell. */
  let otherDatabase: Database;
  let clock: number;
  /** A queue on a clock the test moves; backoff small so retries are quick on the real clock too. */
  let jobs: Jobs;
  const workers: Worker[] = [];

  beforeAll(async () => {
    // No inline worker of the app: only the workers made here take jobs.
    t = await createTestApp(dialect, { KASUS_WORKER: 'off' });
    database = t.services.database;
    otherDatabase = await openDatabase(t.config.databaseUrl);
  });
  afterAll(async () => {
    await otherDatabase.close();
    await t.close();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('job').execute();
    clock = Date.parse('2030-01-01T08:00:00.000Z');
    jobs = createJobs(database, t.services.access, t.services.auditLog, { clock: { now: () => new Date(clock) }, backoff: { baseMs: 1000, maxMs: 8000 } });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop({ graceMs: 0 })));
  });

  const row = (id: string) => database.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** A queue on the real clock, for workers. */
  const realQueue = (db: Database = database) => new JobQueue(new JobsRepository(db), { backoff: { baseMs: 40, maxMs: 200 } });
  const worker = (queue: JobQueue, handlers: JobHandlers, options: ConstructorParameters<typeof Worker>[2] = {}) => {
    const w = new Worker(queue, handlers, { logger: captureLog().logger, ...options });
    workers.push(w);
    return w;
  };

  it('enqueues, claims one due job for a worker, and completes it', async () => {
    const id = await jobs.queue.enqueue('media.process', { mediaId: 'm1' });
    expect(await row(id)).toMatchObject({
      name: 'media.process',
      payload: '{"mediaId":"m1"}',
      status: 'queued',
      attempts: 0,
      max_attempts: 5,
      run_at: '2030-01-01T08:00:00.000Z',
      lease_until: null,
      locked_by: null,
    });
    // A worker without a handler for the name does not take it.
    expect(await jobs.queue.claim('w-derivatives', ['media.derivatives'], 60_000)).toBeNull();

    const job = await jobs.queue.claim('w1', ['media.process', 'media.derivatives'], 60_000);
    expect(job).toMatchObject({ id, name: 'media.process', payload: '{"mediaId":"m1"}', attempt: 1, maxAttempts: 5 });
    expect(await row(id)).toMatchObject({ status: 'running', attempts: 1, locked_by: 'w1', lease_until: '2030-01-01T08:01:00.000Z' });
    expect(await jobs.queue.claim('w2', ['media.process'], 60_000)).toBeNull();

    // Only the worker holding the job may finish it.
    expect(await jobs.queue.complete(job!, 'w2')).toBe(false);
    clock += 5000;
    expect(await jobs.queue.complete(job!, 'w1')).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'done', finished_at: '2030-01-01T08:00:05.000Z', lease_until: null });
    expect(await jobs.queue.complete(job!, 'w1')).toBe(false);
    expect(await jobs.queue.claim('w1', ['media.process'], 60_000)).toBeNull();
  });

  it('takes jobs oldest first and not before their time', async () => {
    const later = await jobs.queue.enqueue('media.process', { mediaId: 'later' }, { runAt: new Date(clock + 60_000) });
    clock += 1;
    const first = await jobs.queue.enqueue('media.process', { mediaId: 'first' });
    clock += 1;
    const second = await jobs.queue.enqueue('media.derivatives', { mediaId: 'second' });
    const names = ['media.process', 'media.derivatives'] as const;
    expect((await jobs.queue.claim('w', names, 3_600_000))?.id).toBe(first);
    expect((await jobs.queue.claim('w', names, 3_600_000))?.id).toBe(second);
    expect(await jobs.queue.claim('w', names, 3_600_000)).toBeNull();
    clock += 60_000;
    expect((await jobs.queue.claim('w', names, 3_600_000))?.id).toBe(later);
  });

  it('gives one job per unique key, also for concurrent and transactional enqueues', async () => {
    const a = await jobs.queue.enqueue('media.process', { mediaId: 'm1' }, { uniqueKey: 'media.process:m1' });
    const b = await jobs.queue.enqueue('media.process', { mediaId: 'm1' }, { uniqueKey: 'media.process:m1' });
    expect(b).toBe(a);
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? jobs.queue : realQueue(otherDatabase)).enqueue('media.process', { mediaId: 'm2' }, { uniqueKey: 'media.process:m2' }),
      ),
    );
    expect(new Set(concurrent).size).toBe(1);
    // Still one job when the first has run: the key is taken for good.
    const job = await jobs.queue.claim('w', ['media.process'], 1000);
    await jobs.queue.complete(job!, 'w');
    expect(await jobs.queue.enqueue('media.process', { mediaId: 'm1' }, { uniqueKey: 'media.process:m1' })).toBe(a);
    expect(await database.db.selectFrom('job').select('id').execute()).toHaveLength(2);

    // In the caller's transaction: the job exists exactly when the transaction commits.
    await expect(
      database.db.transaction().execute(async (trx) => {
        await jobs.queue.enqueue('media.process', { mediaId: 'm3' }, { uniqueKey: 'media.process:m3', executor: trx });
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await database.db.selectFrom('job').select('id').where('unique_key', '=', 'media.process:m3').execute()).toEqual([]);
    const committed = await database.db
      .transaction()
      .execute((trx) => jobs.queue.enqueue('media.process', { mediaId: 'm3' }, { uniqueKey: 'media.process:m3', executor: trx }));
    expect(await row(committed)).toMatchObject({ status: 'queued', unique_key: 'media.process:m3' });
    // Inside a transaction the existing job is found too.
    const again = await database.db
      .transaction()
      .execute((trx) => jobs.queue.enqueue('media.process', { mediaId: 'm3' }, { uniqueKey: 'media.process:m3', executor: trx }));
    expect(again).toBe(committed);
  });

  it('wakes a worker on another node as soon as a job is committed (PostgreSQL NOTIFY; polling on SQLite)', async () => {
    // On PostgreSQL this worker polls once a minute, so a prompt run can only come from the signal.
    const ran: string[] = [];
    const w = worker(realQueue(), { 'media.process': async ({ mediaId }) => void ran.push(mediaId) }, { pollIntervalMs: dialect === 'postgres' ? 60_000 : 200 });
    w.start();
    // SQLite serves one node: its second connection in this process would only wait on the first one's locks.
    const otherConnection = dialect === 'postgres' ? otherDatabase : database;
    const otherNode = realQueue(otherConnection);
    // A job enqueued inside a transaction that is then rolled back wakes no one and runs nowhere.
    await otherConnection.db
      .transaction()
      .execute(async (trx) => {
        await otherNode.enqueue('media.process', { mediaId: 'rolled-back' }, { executor: trx });
        throw new Error('roll back');
      })
      .catch(() => {});
    // Give the listener time to connect, then enqueue on the other node in a committed transaction.
    await new Promise((r) => setTimeout(r, 300));
    await otherConnection.db.transaction().execute((trx) => otherNode.enqueue('media.process', { mediaId: 'committed' }, { executor: trx }));
    await expect.poll(() => ran, { timeout: 5000, interval: 20 }).toEqual(['committed']);
  });

  it('refuses unknown job names and bad attempt counts', async () => {
    await expect(jobs.queue.enqueue('no.such.job' as 'media.process', { mediaId: 'x' })).rejects.toThrow(/Unknown job name/);
    await expect(jobs.queue.enqueue('media.process', { mediaId: 'x' }, { maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
  });

  it('never gives the same job to two of 20 concurrent claims', async () => {
    for (let i = 0; i < 10; i++) await jobs.queue.enqueue('media.process', { mediaId: `m${i}` });
    const otherQueue = new JobQueue(new JobsRepository(otherDatabase), { clock: { now: () => new Date(clock) } });
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? otherQueue : jobs.queue).claim(`w${i}`, ['media.process'], 60_000)),
    );
    const taken = claims.filter((c) => c !== null);
    expect(taken).toHaveLength(10);
    expect(new Set(taken.map((c) => c!.id)).size).toBe(10);
    const rows = await database.db.selectFrom('job').selectAll().execute();
    expect(rows.every((r) => r.status === 'running' && r.attempts === 1)).toBe(true);
    // Each row is locked by the worker that got it.
    for (const [i, claim] of claims.entries()) if (claim) expect(rows.find((r) => r.id === claim.id)?.locked_by).toBe(`w${i}`);
  });

  it('retries a failed job with growing backoff, buries it after max_attempts, and brings it back on retryDead', async () => {
    const id = await jobs.queue.enqueue('media.process', { mediaId: 'm1' }, { maxAttempts: 3 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      const job = await jobs.queue.claim('w', ['media.process'], 60_000);
      expect(job).toMatchObject({ id, attempt });
      expect(await jobs.queue.fail(job!, 'w', new Error(`broken ${attempt}`))).toBe('retry');
      const failed = await row(id);
      expect(failed).toMatchObject({ status: 'queued', attempts: attempt, last_error: `Error: broken ${attempt}`, locked_by: null, lease_until: null });
      const delay = Date.parse(failed.run_at) - clock;
      // Between half and all of base · 2^(attempt − 1).
      expect(delay).toBeGreaterThanOrEqual(500 * 2 ** (attempt - 1));
      expect(delay).toBeLessThanOrEqual(1000 * 2 ** (attempt - 1));
      delays.push(delay);
      // Not due before its time.
      clock += delay - 1;
      expect(await jobs.queue.claim('w', ['media.process'], 60_000)).toBeNull();
      clock += 1;
    }
    const last = await jobs.queue.claim('w', ['media.process'], 60_000);
    expect(last).toMatchObject({ attempt: 3 });
    expect(await jobs.queue.fail(last!, 'w', new Error('broken 3'))).toBe('dead');
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 3, last_error: 'Error: broken 3', finished_at: new Date(clock).toISOString() });
    clock += 24 * 60 * 60_000;
    expect(await jobs.queue.claim('w', ['media.process'], 60_000)).toBeNull();

    // Visible to administrators.
    await jobs.queue.enqueue('media.derivatives', { mediaId: 'm1' });
    expect(await jobs.repository.counts()).toEqual({ queued: 1, running: 0, done: 0, dead: 1 });
    const dead = await jobs.repository.list({ status: 'dead' }, 1, 10);
    expect(dead).toMatchObject({ total: 1, items: [{ id, last_error: 'Error: broken 3' }] });
    expect((await jobs.repository.list({}, 1, 1)).total).toBe(2);
    expect((await jobs.repository.list({ name: 'media.derivatives' }, 1, 10)).items).toHaveLength(1);

    // retryDead: back to queued with attempts reset; only dead jobs.
    expect(await jobs.repository.retryDead(id, new Date(clock))).toMatchObject({ status: 'queued', attempts: 0, finished_at: null });
    expect(await jobs.repository.retryDead(id, new Date(clock))).toBeUndefined();
    expect(await jobs.queue.claim('w', ['media.process'], 60_000)).toMatchObject({ id, attempt: 1 });
  });

  it('buries a job at once on a permanent error, and caps the backoff', async () => {
    const id = await jobs.queue.enqueue('media.process', { mediaId: 'gone' });
    const job = await jobs.queue.claim('w', ['media.process'], 60_000);
    expect(await jobs.queue.fail(job!, 'w', new PermanentJobError('media gone'))).toBe('dead');
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 1, last_error: 'PermanentJobError: media gone' });

    const capped = await jobs.queue.enqueue('media.process', { mediaId: 'slow' }, { maxAttempts: 20 });
    for (let attempt = 1; attempt <= 8; attempt++) {
      const claimed = await jobs.queue.claim('w', ['media.process'], 60_000);
      await jobs.queue.fail(claimed!, 'w', 'a string thrown');
      const delay = Date.parse((await row(capped)).run_at) - clock;
      expect(delay).toBeLessThanOrEqual(8000);
      clock += delay;
    }
    expect((await row(capped)).last_error).toBe('a string thrown');
  });

  it('reclaims the job of a worker that died once its lease has passed', async () => {
    const id = await jobs.queue.enqueue('media.process', { mediaId: 'm1' });
    // The "killed" worker claims with a short lease and never reports back.
    const killed = await jobs.queue.claim('killed', ['media.process'], 2000);
    expect(killed).toMatchObject({ id, attempt: 1 });
    clock += 1999;
    expect(await jobs.queue.claim('survivor', ['media.process'], 60_000)).toBeNull();
    clock += 2;
    const taken = await jobs.queue.claim('survivor', ['media.process'], 60_000);
    expect(taken).toMatchObject({ id, attempt: 2 });
    expect(await row(id)).toMatchObject({ status: 'running', locked_by: 'survivor', last_error: LEASE_LOST_ERROR });
    // The dead worker's late messages change nothing.
    expect(await jobs.queue.extendLease(killed!, 'killed', 60_000)).toBe(false);
    expect(await jobs.queue.complete(killed!, 'killed')).toBe(false);
    expect(await jobs.queue.fail(killed!, 'killed', new Error('late'))).toBe('lost');
    expect(await jobs.queue.complete(taken!, 'survivor')).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('reclaims after a real lease expiry, and a heartbeat keeps the lease', async () => {
    const queue = realQueue();
    const id = await queue.enqueue('media.process', { mediaId: 'm1' });
    // Wide margins: on a loaded machine a timer may fire hundreds of milliseconds late.
    const held = await queue.claim('a', ['media.process'], 1000);
    await sleep(600);
    expect(await queue.extendLease(held!, 'a', 1000)).toBe(true);
    await sleep(600);
    // Past the first lease, but the heartbeat moved it on.
    expect(await queue.claim('b', ['media.process'], 1000)).toBeNull();
    await sleep(1100);
    const taken = await queue.claim('b', ['media.process'], 1000);
    expect(taken).toMatchObject({ id, attempt: 2 });
  });

  it('buries a job whose worker died on its last attempt instead of running it for ever', async () => {
    const id = await jobs.queue.enqueue('media.process', { mediaId: 'crashes-worker' }, { maxAttempts: 2 });
    await jobs.queue.claim('w1', ['media.process'], 1000);
    clock += 1001;
    expect(await jobs.queue.claim('w2', ['media.process'], 1000)).toMatchObject({ id, attempt: 2 });
    clock += 1001;
    expect(await jobs.queue.claim('w3', ['media.process'], 1000)).toBeNull();
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 2, last_error: LAST_LEASE_LOST_ERROR });
  });

  it('runs jobs with a Worker: handlers get payload and context, failures are retried, the worker lives on', async () => {
    const queue = realQueue();
    const seen: { payload: unknown; ctx: Omit<JobContext, 'heartbeat' | 'signal'> & { aborted: boolean } }[] = [];
    let flaky = 0;
    const log = captureLog();
    const w = worker(
      queue,
      {
        'media.process': async (payload, ctx) => {
          seen.push({ payload, ctx: { jobId: ctx.jobId, attempt: ctx.attempt, maxAttempts: ctx.maxAttempts, aborted: ctx.signal.aborted } });
          if (payload.mediaId === 'flaky' && ++flaky === 1) throw new Error('first time fails');
          if (payload.mediaId === 'hopeless') throw new Error('always fails');
        },
        'media.derivatives': async () => {
          throw new TypeError('a bug in the handler');
        },
      },
      { pollIntervalMs: 50, logger: log.logger },
    ).start();
    expect(w.jobNames).toEqual(['media.process', 'media.derivatives']);
    const ok = await queue.enqueue('media.process', { mediaId: 'ok' });
    const flakyId = await queue.enqueue('media.process', { mediaId: 'flaky' });
    const hopeless = await queue.enqueue('media.process', { mediaId: 'hopeless' }, { maxAttempts: 2 });
    const buggy = await queue.enqueue('media.derivatives', { mediaId: 'x' }, { maxAttempts: 1 });
    await expect.poll(async () => (await row(ok)).status, { timeout: 5000 }).toBe('done');
    await expect.poll(async () => (await row(flakyId)).status, { timeout: 5000 }).toBe('done');
    await expect.poll(async () => (await row(hopeless)).status, { timeout: 5000 }).toBe('dead');
    await expect.poll(async () => (await row(buggy)).status, { timeout: 5000 }).toBe('dead');
    expect(await row(flakyId)).toMatchObject({ attempts: 2, last_error: 'Error: first time fails' });
    expect(await row(hopeless)).toMatchObject({ attempts: 2, last_error: 'Error: always fails' });
    expect(await row(buggy)).toMatchObject({ attempts: 1, last_error: 'TypeError: a bug in the handler' });
    expect(seen.find((s) => (s.payload as { mediaId: string }).mediaId === 'ok')).toMatchObject({
      ctx: { jobId: ok, attempt: 1, maxAttempts: 5, aborted: false },
    });
    expect(log.entries.some((e) => e.level === 'error' && e.message?.includes('dead'))).toBe(true);
    // Still working after all that.
    const after = await queue.enqueue('media.process', { mediaId: 'after' });
    await expect.poll(async () => (await row(after)).status, { timeout: 5000 }).toBe('done');
    expect(w.isRunning).toBe(true);
  });

  it('does not take jobs it has no handler for', async () => {
    const queue = realQueue();
    const ran: string[] = [];
    worker(queue, { 'media.derivatives': async (p) => void ran.push(p.mediaId) }, { pollIntervalMs: 20 }).start();
    const other = await queue.enqueue('media.process', { mediaId: 'not mine' });
    const mine = await queue.enqueue('media.derivatives', { mediaId: 'mine' });
    await expect.poll(async () => (await row(mine)).status, { timeout: 5000 }).toBe('done');
    await sleep(100);
    expect(await row(other)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(ran).toEqual(['mine']);
  });

  it('starts a newly enqueued job at once instead of at the next poll, also after a transaction commits', async () => {
    const queue = realQueue();
    const started: Record<string, number> = {};
    const w = worker(queue, { 'media.process': async (p) => void (started[p.mediaId] = Date.now()) }, { pollIntervalMs: 60_000 }).start();
    await sleep(100); // the first (empty) poll is over; the next one is a minute away
    const enqueuedAt = Date.now();
    await queue.enqueue('media.process', { mediaId: 'woken' });
    await expect.poll(() => started.woken, { timeout: 2000, interval: 10 }).toBeDefined();
    expect(started.woken! - enqueuedAt).toBeLessThan(1000);

    const committedAt = await database.db.transaction().execute(async (trx) => {
      await queue.enqueue('media.process', { mediaId: 'in-transaction' }, { executor: trx });
      await sleep(50);
      return Date.now();
    });
    await expect.poll(() => started['in-transaction'], { timeout: 2000, interval: 10 }).toBeDefined();
    expect(started['in-transaction']! - committedAt).toBeLessThan(1000);
    await expect.poll(() => w.active, { timeout: 2000 }).toBe(0);
  });

  it('lets two workers on two connections share the work without running any job twice', async () => {
    const runs = new Map<string, string[]>();
    const handler = (name: string) => async (_payload: unknown, ctx: JobContext) => {
      runs.set(ctx.jobId, [...(runs.get(ctx.jobId) ?? []), name]);
      await sleep(5);
    };
    const queueA = realQueue();
    const queueB = realQueue(otherDatabase);
    worker(queueA, { 'media.process': handler('a') }, { concurrency: 3, pollIntervalMs: 20, workerId: 'a' }).start();
    worker(queueB, { 'media.process': handler('b') }, { concurrency: 3, pollIntervalMs: 20, workerId: 'b' }).start();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await (i % 2 ? queueA : queueB).enqueue('media.process', { mediaId: `m${i}` }));
    await expect.poll(async () => (await jobs.repository.counts()).done, { timeout: 10_000 }).toBe(30);
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((by) => by.length === 1)).toBe(true);
    const by = [...runs.values()].flat();
    expect(by).toContain('a');
    expect(by).toContain('b');
  });

  it('heartbeats a long job so nobody else takes it, and aborts a run that lost its job', async () => {
    const queue = realQueue();
    const finish = deferred();
    let signal: AbortSignal | undefined;
    worker(
      queue,
      {
        'media.process': async (_p, ctx) => {
          signal = ctx.signal;
          await finish.promise;
        },
      },
      { leaseMs: 300, pollIntervalMs: 50, workerId: 'long' },
    ).start();
    const id = await queue.enqueue('media.process', { mediaId: 'long' });
    await expect.poll(() => signal, { timeout: 2000 }).toBeDefined();
    const firstLease = (await row(id)).lease_until!;
    await sleep(700);
    // Well past the first lease: still ours, the lease moved on, nobody else could claim it.
    expect(await queue.claim('thief', ['media.process'], 300)).toBeNull();
    expect((await row(id)).lease_until! > firstLease).toBe(true);
    expect(signal!.aborted).toBe(false);
    finish.resolve();
    await expect.poll(async () => (await row(id)).status, { timeout: 2000 }).toBe('done');
    expect((await row(id)).attempts).toBe(1);

    // Another run takes the job over (as after a long pause of this process): the handler is told.
    const stuck = deferred();
    let lostSignal: AbortSignal | undefined;
    const log = captureLog();
    worker(
      queue,
      {
        'media.derivatives': async (_p, ctx) => {
          lostSignal = ctx.signal;
          await stuck.promise;
        },
      },
      { leaseMs: 300, pollIntervalMs: 50, workerId: 'paused', logger: log.logger },
    ).start();
    const taken = await queue.enqueue('media.derivatives', { mediaId: 'taken' });
    await expect.poll(() => lostSignal, { timeout: 2000 }).toBeDefined();
    await database.db.updateTable('job').set({ locked_by: 'someone-else' }).where('id', '=', taken).execute();
    await expect.poll(() => lostSignal!.aborted, { timeout: 2000 }).toBe(true);
    stuck.resolve();
    await expect.poll(() => log.entries.some((e) => e.message?.includes('lease was lost')), { timeout: 2000 }).toBe(true);
    // Its outcome is not recorded over the other run's.
    expect(await row(taken)).toMatchObject({ status: 'running', locked_by: 'someone-else' });
  });

  it('stop() waits for running jobs, records their outcome, and takes no new ones', async () => {
    const queue = realQueue();
    const release = deferred();
    let running = 0;
    const w = worker(
      queue,
      {
        'media.process': async () => {
          running++;
          await release.promise;
        },
      },
      { concurrency: 2, pollIntervalMs: 20 },
    ).start();
    const a = await queue.enqueue('media.process', { mediaId: 'a' });
    const b = await queue.enqueue('media.process', { mediaId: 'b' });
    await expect.poll(() => running, { timeout: 2000 }).toBe(2);
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await sleep(150);
    expect(stopped).toBe(false);
    const c = await queue.enqueue('media.process', { mediaId: 'c' });
    release.resolve();
    await stopping;
    expect((await row(a)).status).toBe('done');
    expect((await row(b)).status).toBe('done');
    expect(w.active).toBe(0);
    await sleep(100);
    expect(await row(c)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(running).toBe(2);
  });

  it('stop({ graceMs }) aborts handlers that take too long', async () => {
    const queue = realQueue();
    let started = false;
    const w = worker(
      queue,
      {
        'media.process': (_p, ctx) =>
          new Promise<void>((_resolve, reject) => {
            started = true;
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error));
          }),
      },
      { pollIntervalMs: 20 },
    ).start();
    const id = await queue.enqueue('media.process', { mediaId: 'endless' });
    await expect.poll(() => started, { timeout: 2000 }).toBe(true);
    await w.stop({ graceMs: 50 });
    // Aborted counts as a failed attempt: it will be retried later, by this or another worker.
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'Error: The worker is stopping' });
  });

  describe('administration', () => {
    let api: FastifyInstance;
    let admin: Session;
    let physician: Session;

    beforeAll(async () => {
      api = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
      api.setValidatorCompiler(validatorCompiler);
      api.setSerializerCompiler(serializerCompiler);
      registerErrorHandling(api);
      await api.register(fastifyCookie);
      registerRequestContext(api, t.services.auth);
      // The routes reach the jobs through the services; the current test's `jobs` is looked up per request.
      await api.register(jobsRoutes, { services: { get jobs() { return jobs; } } });
      await api.ready();
      admin = await t.login('admin');
      physician = await t.login('lakare');
    });
    afterAll(() => api.close());

    const call = (session: Session | null, method: 'GET' | 'POST', url: string) =>
      api.inject({
        method,
        url,
        headers: {
          ...(session ? { cookie: session.cookie } : {}),
          ...(session && method === 'POST' ? { 'x-csrf-token': session.csrfToken } : {}),
        },
      });

    it('lists jobs with paging and counts them per status, for administrators only', async () => {
      for (let i = 0; i < 3; i++) await jobs.queue.enqueue('media.process', { mediaId: `m${i}` });
      const deadId = await jobs.queue.enqueue('media.derivatives', { mediaId: 'd' }, { maxAttempts: 1 });
      const claimed = await jobs.queue.claim('w', ['media.derivatives'], 1000);
      await jobs.queue.fail(claimed!, 'w', new Error('no ffmpeg'));

      const all = await call(admin, 'GET', '/api/jobs?pageSize=2&page=1');
      expect(all.statusCode).toBe(200);
      expect(all.json().total).toBe(4);
      expect(all.json().items).toHaveLength(2);
      const page2 = await call(admin, 'GET', '/api/jobs?pageSize=2&page=2');
      expect(page2.json().items).toHaveLength(2);
      const dead = await call(admin, 'GET', '/api/jobs?status=dead');
      expect(dead.json()).toMatchObject({
        total: 1,
        items: [{ id: deadId, name: 'media.derivatives', payload: { mediaId: 'd' }, status: 'dead', attempts: 1, maxAttempts: 1, lastError: 'Error: no ffmpeg' }],
      });
      expect((await call(admin, 'GET', '/api/jobs/counts')).json()).toEqual({ queued: 3, running: 0, done: 0, dead: 1 });
      expect((await call(admin, 'GET', '/api/jobs?status=broken')).statusCode).toBe(400);

      expect((await call(physician, 'GET', '/api/jobs')).statusCode).toBe(403);
      expect((await call(physician, 'GET', '/api/jobs/counts')).statusCode).toBe(403);
      expect((await call(null, 'GET', '/api/jobs')).statusCode).toBe(401);
      const refusal = (await t.services.auditLog.list({ action: 'job.list', userId: physician.user.id }, 1, 10)).items[0];
      expect(refusal).toMatchObject({ outcome: 'refused', objectType: 'job' });
    });

    it('retries a dead job, audited; refuses jobs that are not dead or do not exist', async () => {
      const id = await jobs.queue.enqueue('media.process', { mediaId: 'm' }, { maxAttempts: 1 });
      const claimed = await jobs.queue.claim('w', ['media.process'], 1000);

      expect((await call(admin, 'POST', `/api/jobs/${id}/retry`)).statusCode).toBe(409);
      await jobs.queue.fail(claimed!, 'w', new Error('boom'));
      expect((await call(physician, 'POST', `/api/jobs/${id}/retry`)).statusCode).toBe(403);
      expect((await row(id)).status).toBe('dead');

      const retried = await call(admin, 'POST', `/api/jobs/${id}/retry`);
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ id, status: 'queued', attempts: 0, finishedAt: null });
      const event = (await t.services.auditLog.list({ action: 'job.retry' }, 1, 10)).items.find((e) => e.objectId === id);
      expect(event).toMatchObject({ outcome: 'success', username: 'admin', objectType: 'job', details: { name: 'media.process', attempts: 1 } });

      const again = await call(admin, 'POST', `/api/jobs/${id}/retry`);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'conflict', status: 'queued' });
      const missing = await call(admin, 'POST', '/api/jobs/00000000-0000-0000-0000-000000000000/retry');
      expect(missing.statusCode).toBe(404);
      expect((await call(admin, 'POST', `/api/jobs/${id}/retry`.replace(id, 'x'.repeat(65)))).statusCode).toBe(400);
    });
  });
});
