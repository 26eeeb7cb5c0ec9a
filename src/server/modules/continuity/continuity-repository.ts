import { sql, type Transaction } from 'kysely';
import type { Database, DialectName } from '../../db/database.js';
import type { ClinicalSystemTable, DB, NoticeTable, SystemProbeTable, SystemStatusChangeTable } from '../../db/schema.js';

export type SystemRow = ClinicalSystemTable;
export type StatusChangeRow = SystemStatusChangeTable;
export type ProbeRow = SystemProbeTable;
export type NoticeRow = NoticeTable;

export interface SystemWithName extends SystemRow {
  status_set_by_name: string | null;
}

export interface StatusChangeWithName extends StatusChangeRow {
  set_by_name: string | null;
}

export interface NoticeWithName extends NoticeRow {
  created_by_name: string | null;
}

export interface SystemDepartmentRow {
  system_id: string;
  department_id: string;
}

export interface DependencyRow {
  system_id: string;
  depends_on_id: string;
}

export interface NoticeFilter {
  systemId?: string;
  /** Only outage notices that have not ended. */
  open?: boolean;
}

/** Status changes of all systems are made one at a time (this key's advisory lock on PostgreSQL). */
const STATUS_LOCK_KEY = 4_711_001;
/** The PostgreSQL channel a status change or notice signals on, so other nodes look at once. */
export const CONTINUITY_CHANNEL = 'kasus_continuity';

/** Whether a database error is a unique or primary key violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The SQL of a status change, run inside one transaction that holds the status lock, so the
 * propagation and notices are decided on statuses no one else is changing.
 */
export class StatusTransaction {
  /** The transaction itself, for work that must commit with the status change (job enqueues). */
  constructor(
    readonly trx: Transaction<DB>,
    private readonly dialect: DialectName,
  ) {}

  systems(): Promise<SystemRow[]> {
    return this.trx.selectFrom('clinical_system').selectAll().orderBy('name').execute();
  }

  dependencies(): Promise<DependencyRow[]> {
    return this.trx.selectFrom('clinical_system_dependency').select(['system_id', 'depends_on_id']).execute();
  }

  probe(systemId: string): Promise<ProbeRow | undefined> {
    return this.trx.selectFrom('system_probe').selectAll().where('system_id', '=', systemId).executeTakeFirst();
  }

  async updateProbe(systemId: string, changes: Partial<ProbeRow>): Promise<void> {
    await this.trx.updateTable('system_probe').set(changes).where('system_id', '=', systemId).execute();
  }

  openOutages(): Promise<NoticeRow[]> {
    return this.trx.selectFrom('notice').selectAll().where('kind', '=', 'outage').where('closed_at', 'is', null).execute();
  }

  async insertSystem(row: SystemRow, dependsOn: string[], departmentIds: string[] = []): Promise<void> {
    await this.trx.insertInto('clinical_system').values(row).execute();
    await this.replaceDependencies(row.id, dependsOn);
    await this.replaceDepartments(row.id, departmentIds);
  }

  systemDepartments(): Promise<SystemDepartmentRow[]> {
    return this.trx.selectFrom('clinical_system_department').select(['system_id', 'department_id']).execute();
  }

  async departmentIds(): Promise<string[]> {
    return (await this.trx.selectFrom('department').select('id').orderBy('id').execute()).map((d) => d.id);
  }

  /** The departments that use a system (its notices go to them). */
  async replaceDepartments(systemId: string, departmentIds: string[]): Promise<void> {
    await this.trx.deleteFrom('clinical_system_department').where('system_id', '=', systemId).execute();
    if (departmentIds.length > 0) {
      await this.trx
        .insertInto('clinical_system_department')
        .values(departmentIds.map((departmentId) => ({ system_id: systemId, department_id: departmentId })))
        .execute();
    }
  }

  async updateSystem(
    id: string,
    changes: Partial<Pick<SystemRow, 'name' | 'description' | 'vendor' | 'criticality' | 'owner' | 'service_desk_contact' | 'updated_at'>>,
    dependsOn?: string[],
  ): Promise<void> {
    await this.trx.updateTable('clinical_system').set(changes).where('id', '=', id).execute();
    if (dependsOn !== undefined) await this.replaceDependencies(id, dependsOn);
  }

  async setStatus(systemId: string, changes: Pick<SystemRow, 'status' | 'status_message' | 'status_started_at' | 'status_expected_end' | 'status_source' | 'status_set_by' | 'updated_at'>): Promise<void> {
    await this.trx.updateTable('clinical_system').set(changes).where('id', '=', systemId).execute();
  }

  async insertHistory(row: Omit<StatusChangeRow, 'seq'>): Promise<number> {
    const seq = await this.nextSeq('system_status_change');
    await this.trx.insertInto('system_status_change').values({ ...row, seq }).execute();
    await this.signalOtherNodes();
    return seq;
  }

  async insertNotice(row: Omit<NoticeRow, 'seq'>): Promise<number> {
    const seq = await this.nextSeq('notice');
    await this.trx.insertInto('notice').values({ ...row, seq }).execute();
    await this.signalOtherNodes();
    return seq;
  }

  /** PostgreSQL delivers the signal when (and only if) this transaction commits, once however often it is sent. */
  private async signalOtherNodes(): Promise<void> {
    if (this.dialect === 'postgres') await sql`select pg_notify(${CONTINUITY_CHANNEL}, '')`.execute(this.trx);
  }

  async closeNotices(ids: string[], closedAt: string, mergedInto: string | null): Promise<void> {
    if (ids.length === 0) return;
    await this.trx.updateTable('notice').set({ closed_at: closedAt, merged_into: mergedInto }).where('id', 'in', ids).execute();
  }

  private async replaceDependencies(systemId: string, dependsOn: string[]): Promise<void> {
    await this.trx.deleteFrom('clinical_system_dependency').where('system_id', '=', systemId).execute();
    if (dependsOn.length > 0) {
      await this.trx
        .insertInto('clinical_system_dependency')
        .values(dependsOn.map((dependsOnId) => ({ system_id: systemId, depends_on_id: dependsOnId })))
        .execute();
    }
  }

  private async nextSeq(table: 'system_status_change' | 'notice'): Promise<number> {
    const row = await this.trx.selectFrom(table).select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  }
}

export class ContinuityRepository {
  constructor(private readonly database: Database) {}

  /** Runs `work` in a transaction holding the status lock. */
  withStatusLock<T>(work: (tx: StatusTransaction) => Promise<T>): Promise<T> {
    return this.database.db.transaction().execute(async (trx) => {
      if (this.database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${STATUS_LOCK_KEY})`.execute(trx);
      return work(new StatusTransaction(trx, this.database.dialect));
    });
  }

  /** Every system by name, with the name of whoever set its status. */
  systems(): Promise<SystemWithName[]> {
    return this.database.db
      .selectFrom('clinical_system')
      .leftJoin('user_account', 'user_account.id', 'clinical_system.status_set_by')
      .selectAll('clinical_system')
      .select('user_account.display_name as status_set_by_name')
      .orderBy('clinical_system.name')
      .execute();
  }

  find(id: string): Promise<SystemRow | undefined> {
    return this.database.db.selectFrom('clinical_system').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByKey(key: string): Promise<SystemRow | undefined> {
    return this.database.db.selectFrom('clinical_system').selectAll().where('system_key', '=', key).executeTakeFirst();
  }

  findByName(name: string): Promise<SystemRow | undefined> {
    return this.database.db.selectFrom('clinical_system').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** The status of the system with this key (Kasus's own, for the read-only mode). */
  async statusByKey(key: string): Promise<string | undefined> {
    const row = await this.database.db.selectFrom('clinical_system').select('status').where('system_key', '=', key).executeTakeFirst();
    return row?.status;
  }

  dependencies(): Promise<DependencyRow[]> {
    return this.database.db.selectFrom('clinical_system_dependency').select(['system_id', 'depends_on_id']).execute();
  }

  systemDepartments(): Promise<SystemDepartmentRow[]> {
    return this.database.db.selectFrom('clinical_system_department').select(['system_id', 'department_id']).execute();
  }

  /** The ids among these that name departments. */
  async existingDepartmentIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db.selectFrom('department').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async departmentNames(): Promise<Map<string, string>> {
    const rows = await this.database.db.selectFrom('department').select(['id', 'name']).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Notices after this sequence number, oldest first (for the event stream and other nodes' notices). */
  async noticesAfter(seq: number, limit = 500): Promise<NoticeWithName[]> {
    const rows = await this.database.db
      .selectFrom('notice')
      .leftJoin('user_account', 'user_account.id', 'notice.created_by')
      .selectAll('notice')
      .select('user_account.display_name as created_by_name')
      .where('notice.seq', '>', seq)
      .orderBy('notice.seq', 'asc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  async noticeById(id: string): Promise<NoticeWithName | undefined> {
    const row = await this.database.db
      .selectFrom('notice')
      .leftJoin('user_account', 'user_account.id', 'notice.created_by')
      .selectAll('notice')
      .select('user_account.display_name as created_by_name')
      .where('notice.id', '=', id)
      .executeTakeFirst();
    return row ? { ...row, seq: Number(row.seq) } : undefined;
  }

  /** Signals each status change and notice committed by any node (PostgreSQL); null where there is no such signal (SQLite). */
  watch(onChange: () => void, onError?: (error: unknown) => void): Promise<() => Promise<void>> | null {
    return this.database.listen?.(CONTINUITY_CHANNEL, onChange, onError) ?? null;
  }

  async maxNoticeSeq(): Promise<number> {
    const row = await this.database.db.selectFrom('notice').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  /** Status changes after this sequence number, oldest first (changes made on other nodes). */
  async statusChangesAfter(seq: number, limit = 500): Promise<{ seq: number; system_id: string; status: string }[]> {
    const rows = await this.database.db
      .selectFrom('system_status_change')
      .select(['seq', 'system_id', 'status'])
      .where('seq', '>', seq)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  async maxStatusChangeSeq(): Promise<number> {
    const row = await this.database.db.selectFrom('system_status_change').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  probes(): Promise<ProbeRow[]> {
    return this.database.db.selectFrom('system_probe').selectAll().execute();
  }

  probe(systemId: string): Promise<ProbeRow | undefined> {
    return this.database.db.selectFrom('system_probe').selectAll().where('system_id', '=', systemId).executeTakeFirst();
  }

  /** The ids among these that name registered systems. */
  async existingIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db.selectFrom('clinical_system').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async upsertProbe(row: ProbeRow): Promise<void> {
    const { system_id: _systemId, created_at: _createdAt, ...changes } = row;
    await this.database.db
      .insertInto('system_probe')
      .values(row)
      .onConflict((oc) => oc.column('system_id').doUpdateSet(changes))
      .execute();
  }

  async deleteProbe(systemId: string): Promise<boolean> {
    const result = await this.database.db.deleteFrom('system_probe').where('system_id', '=', systemId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async history(systemId: string, page: number, pageSize: number): Promise<{ items: StatusChangeWithName[]; total: number }> {
    const db = this.database.db;
    const items = await db
      .selectFrom('system_status_change')
      .leftJoin('user_account', 'user_account.id', 'system_status_change.set_by')
      .selectAll('system_status_change')
      .select('user_account.display_name as set_by_name')
      .where('system_status_change.system_id', '=', systemId)
      .orderBy('system_status_change.seq', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const count = await db.selectFrom('system_status_change').select((eb) => eb.fn.countAll().as('n')).where('system_id', '=', systemId).executeTakeFirst();
    return { items: items.map((r) => ({ ...r, seq: Number(r.seq) })), total: Number(count?.n ?? 0) };
  }

  async notices(filter: NoticeFilter, page: number, pageSize: number): Promise<{ items: NoticeWithName[]; total: number }> {
    const db = this.database.db;
    let items = db
      .selectFrom('notice')
      .leftJoin('user_account', 'user_account.id', 'notice.created_by')
      .selectAll('notice')
      .select('user_account.display_name as created_by_name');
    let count = db.selectFrom('notice').select((eb) => eb.fn.countAll().as('n'));
    if (filter.systemId !== undefined) {
      items = items.where('notice.system_id', '=', filter.systemId);
      count = count.where('notice.system_id', '=', filter.systemId);
    }
    if (filter.open) {
      items = items.where('notice.kind', '=', 'outage').where('notice.closed_at', 'is', null);
      count = count.where('notice.kind', '=', 'outage').where('notice.closed_at', 'is', null);
    }
    const rows = await items
      .orderBy('notice.seq', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const total = await count.executeTakeFirst();
    return { items: rows.map((r) => ({ ...r, seq: Number(r.seq) })), total: Number(total?.n ?? 0) };
  }
}
