import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { prepareByName } from '../../db/prepared-statements.js';
import type { AuditCheckpointTable, AuditEventTable, DB } from '../../db/schema.js';
import { canonicalContent, eventHash, type HashedEventContent } from './audit-hash.js';
import type { AuditEvent } from './audit-event.js';
import { resolveAuditNames, type AuditEventNames } from './audit-names-repository.js';
import { AuditSqliteWriter, type ChainHead } from './audit-sqlite-writer.js';

export type AuditEventRow = AuditEventTable;
export type AuditCheckpointRow = AuditCheckpointTable;

export interface AuditFilter {
  userId?: string;
  patientId?: string;
  departmentId?: string;
  action?: string;
  /** success, refused or failure (the reports' emergency-opening kind counts granted openings only). */
  outcome?: string;
  from?: string;
  to?: string;
  /** Restrict to these departments (rights); undefined means all. */
  departmentIds?: string[];
}

/** Rows per INSERT statement of a batch. */
const INSERT_CHUNK = 500;

/** An audit_event row's columns, as the SQLite writer thread inserts them. */
const EVENT_COLUMNS = ['at', 'user_id', 'username', 'role', 'department_id', 'action', 'object_type', 'object_id', 'patient_id', 'outcome', 'client_ip', 'request_id', 'details', 'prev_hash', 'seq', 'hash'] as const;

/**
 * PostgreSQL: a batch's events and the new chain head in one statement of fixed text (one array per
 * column), so it is parsed once per connection and costs one round trip however many events the
 * batch holds; building a multi-row insert with Kysely cost about 1 ms of CPU for 20 events (issue 20).
 */
const PG_BATCH_SQL: readonly string[] = [
  `with inserted as (insert into audit_event (${EVENT_COLUMNS.map((c) => `"${c}"`).join(', ')}) select * from unnest(`,
  ...EVENT_COLUMNS.slice(0, -1).map((c) => `::${c === 'seq' ? 'bigint' : 'text'}[], `),
  `::text[])) update audit_chain_head set seq = `,
  ', hash = ',
  ' where id = 1',
];
/** The statement for these values (an array per column, then the new head's seq and hash). */
const pgBatch = (values: unknown[]) => sql<never>(PG_BATCH_SQL as unknown as TemplateStringsArray, ...values);

/** How often a batch is chained again after another writer moved the head, before it is written on the main thread. */
const CONFLICT_RETRIES = 5;

/** The events chained after `head`, in the order given, and the head they leave. */
function chainRows(head: ChainHead, contents: Omit<HashedEventContent, 'prev_hash'>[]) {
  let seq = head.seq;
  let prevHash = head.hash;
  const rows = contents.map((content) => {
    // Canonical text first, so the hash covers exactly what the database keeps and reads back.
    const row = canonicalContent({ ...content, prev_hash: prevHash });
    const hash = eventHash(row);
    seq += 1;
    prevHash = hash;
    return { ...row, seq, hash };
  });
  return { rows, head: { seq, hash: prevHash } };
}

export class AuditRepository {
  /** SQLite on a file: the batches' writes and fsyncs happen on a worker thread (see AuditSqliteWriter). */
  private readonly writer: AuditSqliteWriter | null;
  /** The head this process last wrote or saw: the next batch is chained from it. */
  private knownHead: ChainHead | null = null;

  constructor(private readonly database: Database) {
    this.writer = database.dialect === 'sqlite' && database.sqliteFile ? new AuditSqliteWriter(database.sqliteFile, EVENT_COLUMNS) : null;
    if (this.writer) database.beforeClose?.(() => this.writer!.close());
    // PostgreSQL: parsed once per connection (its text is the same for every batch).
    if (database.dialect === 'postgres') prepareByName(pgBatch(Array(EVENT_COLUMNS.length + 2).fill(null)).compile(database.db).sql);
  }

  /**
   * Appends one event to the chain inside the caller's transaction (it commits or rolls back with
   * the change it records). The chain head row is locked until that transaction ends, so concurrent
   * writers (several app nodes on PostgreSQL) chain their events in one order.
   */
  async append(content: Omit<HashedEventContent, 'prev_hash'>, executor?: Transaction<DB>): Promise<number> {
    return executor ? this.chain(executor, [content]) : this.appendBatch([content]);
  }

  /**
   * Appends many events in one transaction (one commit, one fsync, one head lock), chained in the
   * order given. Returns the last sequence number written.
   */
  async appendBatch(contents: Omit<HashedEventContent, 'prev_hash'>[]): Promise<number> {
    if (this.writer) {
      for (let attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
        const expected = this.knownHead ?? (await this.head());
        const { rows, head } = chainRows(expected, contents);
        const result = await this.writer.write(expected, rows, head);
        if ('written' in result) {
          this.knownHead = head;
          return head.seq;
        }
        this.knownHead = result.conflict;
      }
    }
    return this.database.db.transaction().execute(async (trx) => {
      // A batch holds many requests' events: a transaction stuck with the head lock must fail them
      // (their requests get an error) instead of stalling every audited request of this node.
      if (this.database.dialect !== 'postgres') return this.chain(trx, contents);
      await sql`set local lock_timeout = '15s'`.execute(trx);
      const current = await this.lockedHead(trx);
      const { rows, head } = chainRows(current, contents);
      const columns = EVENT_COLUMNS.map((column) => rows.map((row) => row[column]));
      await pgBatch([...columns, head.seq, head.hash]).execute(trx);
      return head.seq;
    });
  }

  /** The chain head, locked until the transaction ends (PostgreSQL nodes wait here for each other's batches). */
  private async lockedHead(trx: Transaction<DB>): Promise<ChainHead> {
    const current = await trx.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
    return { seq: Number(current.seq), hash: current.hash };
  }

  private async chain(trx: Transaction<DB>, contents: Omit<HashedEventContent, 'prev_hash'>[]): Promise<number> {
    let headQuery = trx.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1);
    // SQLite has one writer at a time already; PostgreSQL nodes wait here for each other's batches.
    if (this.database.dialect === 'postgres') headQuery = headQuery.forUpdate();
    const current = await headQuery.executeTakeFirstOrThrow();
    const { rows, head } = chainRows({ seq: Number(current.seq), hash: current.hash }, contents);
    // 16 parameters a row: well below both databases' limit per statement.
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx.insertInto('audit_event').values(rows.slice(i, i + INSERT_CHUNK)).execute();
    }
    await trx.updateTable('audit_chain_head').set(head).where('id', '=', 1).execute();
    // Only a guess once this transaction ends (it may roll back): the writer thread checks it.
    this.knownHead = null;
    return head.seq;
  }

  private filtered(filter: AuditFilter) {
    let query = this.database.db.selectFrom('audit_event');
    if (filter.userId) query = query.where('user_id', '=', filter.userId);
    if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
    if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.to) query = query.where('at', '<=', filter.to);
    if (filter.departmentIds) {
      const ids = filter.departmentIds;
      query = ids.length === 0 ? query.where(sql<boolean>`1 = 0`) : query.where('department_id', 'in', ids);
    }
    return query;
  }

  /**
   * A page of events, newest first, and how many match. With `countUpTo`, counting stops after that
   * many (the log report: an action's count at 10 million events reads millions of index entries);
   * `totalIsLowerBound` then says that more than `total` events match.
   */
  async list(filter: AuditFilter, page: number, pageSize: number, countUpTo?: number): Promise<{ items: AuditEventRow[]; total: number; totalIsLowerBound: boolean }> {
    const base = this.filtered(filter);
    // The page's seqs first, then its rows: the seqs come from an index alone (migration 0035's
    // (department_id, at, seq) for a department's period), so only the page's rows are read. For a
    // department's period the order is written `seq + 0`: ordered by plain seq, PostgreSQL walks the
    // department's (department_id, seq) index from the newest event, reading each row for its time,
    // until it reaches the period (seconds for a period years back); this way it takes the period's
    // seqs from the index and sorts them (same rows, same order).
    const byDepartmentPeriod = Boolean(filter.departmentId && (filter.from || filter.to));
    const pageSeqs = base
      .select('seq')
      .orderBy(byDepartmentPeriod ? sql`seq + 0` : sql.ref('seq'), 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const [items, count] = await Promise.all([
      this.database.db.selectFrom('audit_event').selectAll().where('seq', 'in', pageSeqs).orderBy('seq', 'desc').execute(),
      countUpTo === undefined
        ? base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
        : this.database.db
            .selectFrom(base.select('seq').limit(countUpTo + 1).as('matching'))
            .select((eb) => eb.fn.countAll<number>().as('total'))
            .executeTakeFirstOrThrow(),
    ]);
    const total = Number(count.total);
    if (countUpTo !== undefined && total > countUpTo) return { items, total: countUpTo, totalIsLowerBound: true };
    return { items, total, totalIsLowerBound: false };
  }

  /** Names for a page of listed events (presentation), in a fixed number of queries. */
  names(events: AuditEvent[]): Promise<AuditEventNames[]> {
    return resolveAuditNames(this.database, events);
  }

  /** Events oldest first, in batches, for export and verification without loading all at once. */
  async *iterate(filter: AuditFilter = {}, batchSize = 1000): AsyncGenerator<AuditEventRow> {
    let after = 0;
    for (;;) {
      const batch = await this.filtered(filter)
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq', 'asc')
        .limit(batchSize)
        .execute();
      for (const row of batch) yield row;
      if (batch.length < batchSize) return;
      after = Number(batch[batch.length - 1]!.seq);
    }
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const head = await this.database.db
      .selectFrom('audit_chain_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { seq: Number(head.seq), hash: head.hash };
  }

  /** The sequence number of an event with this hash, or null when no event has it. */
  async seqOfHash(hash: string): Promise<number | null> {
    const row = await this.database.db.selectFrom('audit_event').select('seq').where('hash', '=', hash).limit(1).executeTakeFirst();
    return row ? Number(row.seq) : null;
  }

  /**
   * Keeps a signed checkpoint. A scheduled one carries its period, which is unique: when another
   * node already wrote that period's checkpoint, nothing is written and false is returned.
   */
  async insertCheckpoint(row: AuditCheckpointRow): Promise<boolean> {
    const result = await this.database.db
      .insertInto('audit_checkpoint')
      .values(row)
      .onConflict((oc) => oc.column('period').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Every checkpoint, oldest first. */
  async listCheckpoints(): Promise<AuditCheckpointRow[]> {
    const rows = await this.database.db.selectFrom('audit_checkpoint').selectAll().orderBy('at', 'asc').orderBy('seq', 'asc').execute();
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }
}
