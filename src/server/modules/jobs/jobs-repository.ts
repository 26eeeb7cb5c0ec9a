import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, JobTable } from '../../db/schema.js';
import { JOB_STATUSES, type JobStatus } from './job-types.js';

export type JobRow = JobTable;

export interface NewJob {
  id: string;
  name: string;
  /** JSON text. */
  payload: string;
  maxAttempts: number;
  runAt: Date;
  uniqueKey: string | null;
  /** Now, for created_at / updated_at. */
  at: Date;
}

export interface ClaimRequest {
  workerId: string;
  /** Only jobs with these names are taken (those the worker has handlers for). */
  names: readonly string[];
  leaseMs: number;
  now: Date;
}

/** Which run of a job a call is about: the worker that claimed it and the attempt it claimed. */
export interface JobRun {
  id: string;
  workerId: string;
  attempt: number;
}

export interface JobFilter {
  status?: JobStatus;
  name?: string;
}

export const LEASE_LOST_ERROR = 'The lease ran out while the job was running: the worker stopped or died.';
export const LAST_LEASE_LOST_ERROR = 'The lease ran out during the last attempt: the worker stopped or died while running it.';

const iso = (date: Date) => date.toISOString();

/** The durable job queue's table. Timestamps are ISO-8601 UTC text, compared as text. */
/** The PostgreSQL channel an enqueue of a job due now signals on, so workers on other nodes claim it at once. */
export const JOBS_CHANNEL = 'kasus_jobs';

export class JobsRepository {
  constructor(private readonly database: Database) {}

  /** Signals each job due now that any node commits (PostgreSQL); null where there is no such signal (SQLite). */
  watch(onEnqueued: () => void, onError?: (error: unknown) => void): Promise<() => Promise<void>> | null {
    return this.database.listen?.(JOBS_CHANNEL, onEnqueued, onError) ?? null;
  }

  private get db(): Kysely<DB> {
    return this.database.db;
  }

  /**
   * Inserts a queued job. With a unique key already taken, nothing is inserted and the existing
   * job's id is returned (`created: false`). Pass a transaction to enqueue together with your row.
   */
  async enqueue(job: NewJob, executor?: Transaction<DB>): Promise<{ id: string; created: boolean }> {
    const db = executor ?? this.db;
    const now = iso(job.at);
    const inserted = await db
      .insertInto('job')
      .values({
        id: job.id,
        name: job.name,
        payload: job.payload,
        status: 'queued',
        attempts: 0,
        max_attempts: job.maxAttempts,
        run_at: iso(job.runAt),
        lease_until: null,
        locked_by: null,
        last_error: null,
        unique_key: job.uniqueKey,
        created_at: now,
        updated_at: now,
        finished_at: null,
      })
      .onConflict((oc) => oc.column('unique_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      // Delivered when (and only if) the caller's transaction commits; delayed jobs wait for the polls.
      if (this.database.dialect === 'postgres' && job.runAt.getTime() <= job.at.getTime()) await sql`select pg_notify(${JOBS_CHANNEL}, '')`.execute(db);
      return { id: inserted.id, created: true };
    }
    if (job.uniqueKey === null) throw new Error(`Job ${job.id} was not inserted`);
    const existing = await db.selectFrom('job').select('id').where('unique_key', '=', job.uniqueKey).executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  }

  /**
   * Atomically takes the one due job that has waited longest: a queued job whose time has come,
   * or a running one whose lease ran out (its worker died). It becomes running, leased to the
   * worker, with one more attempt. Running jobs whose lease ran out on their last attempt are
   * declared dead first, so a job that kills its worker cannot loop for ever.
   */
  async claim(request: ClaimRequest): Promise<JobRow | null> {
    if (request.names.length === 0) return null;
    const now = iso(request.now);
    await this.buryExpired(request.now);
    const due = (eb: ExpressionBuilder<DB, 'job'>) =>
      eb.and([
        eb('name', 'in', request.names),
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now), eb('attempts', '<', eb.ref('max_attempts'))]),
        ]),
      ]);
    const claim = {
      status: 'running',
      attempts: sql<number>`attempts + 1`,
      lease_until: iso(new Date(request.now.getTime() + request.leaseMs)),
      locked_by: request.workerId,
      // A job taken over from a dead worker says so until this run ends.
      last_error: sql<string | null>`case when status = 'running' then ${LEASE_LOST_ERROR} else last_error end`,
      updated_at: now,
    };

    if (this.database.dialect === 'postgres') {
      // Concurrent claimers skip each other's locked candidates instead of waiting on them.
      return this.db.transaction().execute(async (trx) => {
        const candidate = await trx
          .selectFrom('job')
          .select('id')
          .where(due)
          .orderBy('run_at')
          .orderBy('created_at')
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!candidate) return null;
        const row = await trx.updateTable('job').set(claim).where('id', '=', candidate.id).returningAll().executeTakeFirst();
        return row ?? null;
      });
    }
    // SQLite: one UPDATE … WHERE id = (SELECT … LIMIT 1) RETURNING * is atomic (one writer at a time).
    const row = await this.db
      .updateTable('job')
      .set(claim)
      .where('id', '=', (eb) =>
        eb.selectFrom('job').select('id').where(due).orderBy('run_at').orderBy('created_at').orderBy('id').limit(1),
      )
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  /** Running jobs whose lease ran out on their last attempt become dead. */
  async buryExpired(at: Date): Promise<number> {
    const now = iso(at);
    const result = await this.db
      .updateTable('job')
      .set({ status: 'dead', last_error: LAST_LEASE_LOST_ERROR, lease_until: null, finished_at: now, updated_at: now })
      .where('status', '=', 'running')
      .where('lease_until', '<', now)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  private held(run: JobRun) {
    return this.db
      .updateTable('job')
      .where('id', '=', run.id)
      .where('status', '=', 'running')
      .where('locked_by', '=', run.workerId)
      .where('attempts', '=', run.attempt);
  }

  /** Marks the job done, only if this run still holds it. */
  async complete(run: JobRun, at: Date): Promise<boolean> {
    const now = iso(at);
    const result = await this.held(run)
      .set({ status: 'done', lease_until: null, finished_at: now, updated_at: now })
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Records a failed run, only if this run still holds the job: back to queued at retryAt, or dead
   * when retryAt is null (attempts used up, or an error that retrying cannot mend).
   */
  async fail(run: JobRun, error: string, retryAt: Date | null, at: Date): Promise<boolean> {
    const now = iso(at);
    const changes =
      retryAt === null
        ? { status: 'dead', last_error: error, lease_until: null, finished_at: now, updated_at: now }
        : { status: 'queued', last_error: error, run_at: iso(retryAt), lease_until: null, locked_by: null, updated_at: now };
    const result = await this.held(run).set(changes).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Heartbeat: moves the lease on, only if this run still holds the job. */
  async extendLease(run: JobRun, leaseUntil: Date, at: Date): Promise<boolean> {
    const result = await this.held(run)
      .set({ lease_until: iso(leaseUntil), updated_at: iso(at) })
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  find(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Most recently changed first. */
  async list(filter: JobFilter, page: number, pageSize: number): Promise<{ items: JobRow[]; total: number }> {
    let query = this.db.selectFrom('job');
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.name) query = query.where('name', '=', filter.name);
    const [items, count] = await Promise.all([
      query
        .selectAll()
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.total) };
  }

  async counts(): Promise<Record<JobStatus, number>> {
    const rows = await this.db
      .selectFrom('job')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const row of rows) if (row.status in counts) counts[row.status as JobStatus] = Number(row.n);
    return counts;
  }

  /** A dead job back to queued with its attempts reset; undefined when the job is not dead (or missing). */
  async retryDead(id: string, at: Date): Promise<JobRow | undefined> {
    const now = iso(at);
    const result = await this.db
      .updateTable('job')
      .set({ status: 'queued', attempts: 0, run_at: now, lease_until: null, locked_by: null, finished_at: null, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? this.find(id) : undefined;
  }

  /** The payloads (JSON text) of the jobs with these names and statuses (the leftover sweep: which files jobs still own). */
  async payloadsOf(names: readonly string[], statuses: readonly JobStatus[]): Promise<string[]> {
    if (names.length === 0 || statuses.length === 0) return [];
    const rows = await this.db.selectFrom('job').select('payload').where('status', 'in', statuses).where('name', 'in', names).execute();
    return rows.map((r) => r.payload);
  }

  /** Deletes done jobs finished before the given time (their unique keys become free again). */
  async purgeDone(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('job')
      .where('status', '=', 'done')
      .where('finished_at', '<', iso(before))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
