import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { BacklogItemTable, DB } from '../../db/schema.js';

export type BacklogItemRow = BacklogItemTable;

export interface BacklogItemWithNames extends BacklogItemRow {
  department_name: string;
  patient_identifier: string | null;
  /** 1 when the item's patient is marked confidential. */
  patient_confidential: number | null;
  registered_by_name: string;
  entered_by_name: string | null;
  verified_by_name: string | null;
}

export interface BacklogFilter {
  /** Only these departments; 'all' for every one. */
  departments: 'all' | string[];
  outageId?: string;
  departmentId?: string;
  state?: string;
  kind?: string;
  /** Only items not yet verified. */
  outstanding?: boolean;
}

export interface OutstandingRow {
  department_id: string;
  department_name: string;
  kind: string;
  state: string;
  items: number;
  count: number;
}

/** The SQL of the backlog (C8). */
export class BacklogRepository {
  constructor(private readonly database: Database) {}

  private withNames() {
    return this.database.db
      .selectFrom('backlog_item')
      .innerJoin('department', 'department.id', 'backlog_item.department_id')
      .leftJoin('patient', 'patient.id', 'backlog_item.patient_id')
      .innerJoin('user_account as registrar', 'registrar.id', 'backlog_item.registered_by')
      .leftJoin('user_account as enterer', 'enterer.id', 'backlog_item.entered_by')
      .leftJoin('user_account as verifier', 'verifier.id', 'backlog_item.verified_by')
      .selectAll('backlog_item')
      .select([
        'department.name as department_name',
        'patient.identifier as patient_identifier',
        'patient.confidential as patient_confidential',
        'registrar.display_name as registered_by_name',
        'enterer.display_name as entered_by_name',
        'verifier.display_name as verified_by_name',
      ]);
  }

  async find(id: string): Promise<BacklogItemWithNames | undefined> {
    const row = await this.withNames().where('backlog_item.id', '=', id).executeTakeFirst();
    return row ? { ...row, count: Number(row.count) } : undefined;
  }

  async list(filter: BacklogFilter, page: number, pageSize: number): Promise<{ items: BacklogItemWithNames[]; total: number }> {
    if (filter.departments !== 'all' && filter.departments.length === 0) return { items: [], total: 0 };
    let query = this.withNames();
    if (filter.departments !== 'all') query = query.where('backlog_item.department_id', 'in', filter.departments);
    if (filter.outageId) query = query.where('backlog_item.outage_id', '=', filter.outageId);
    if (filter.departmentId) query = query.where('backlog_item.department_id', '=', filter.departmentId);
    if (filter.state) query = query.where('backlog_item.state', '=', filter.state);
    if (filter.kind) query = query.where('backlog_item.kind', '=', filter.kind);
    if (filter.outstanding) query = query.where('backlog_item.state', '!=', 'verified');
    const total = await query
      .clearSelect()
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const rows = await query
      .orderBy('backlog_item.registered_at', 'desc')
      .orderBy('backlog_item.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { items: rows.map((r) => ({ ...r, count: Number(r.count) })), total: Number(total?.n ?? 0) };
  }

  /** What is not yet verified, per department, kind and state. */
  async outstanding(filter: { departments: 'all' | string[]; outageId?: string }): Promise<OutstandingRow[]> {
    if (filter.departments !== 'all' && filter.departments.length === 0) return [];
    let query = this.database.db
      .selectFrom('backlog_item')
      .innerJoin('department', 'department.id', 'backlog_item.department_id')
      .where('backlog_item.state', '!=', 'verified');
    if (filter.departments !== 'all') query = query.where('backlog_item.department_id', 'in', filter.departments);
    if (filter.outageId) query = query.where('backlog_item.outage_id', '=', filter.outageId);
    const rows = await query
      .select(['backlog_item.department_id', 'department.name as department_name', 'backlog_item.kind', 'backlog_item.state'])
      .select((eb) => [eb.fn.countAll().as('items'), eb.fn.sum('backlog_item.count').as('count')])
      .groupBy(['backlog_item.department_id', 'department.name', 'backlog_item.kind', 'backlog_item.state'])
      .orderBy('department.name')
      .orderBy('backlog_item.kind')
      .execute();
    return rows.map((r) => ({ ...r, items: Number(r.items), count: Number(r.count) }));
  }

  // The writes run in the caller's transaction, which commits them with their audit event.

  async insert(trx: Transaction<DB>, row: BacklogItemRow): Promise<void> {
    await trx.insertInto('backlog_item').values(row).execute();
  }

  async setCount(trx: Transaction<DB>, id: string, count: number, now: string): Promise<void> {
    await trx.updateTable('backlog_item').set({ count, updated_at: now }).where('id', '=', id).execute();
  }

  /** Moves an item one step, only if it is still in `from` (a concurrent step loses). */
  async advance(trx: Transaction<DB>, id: string, from: string, changes: Partial<BacklogItemRow>): Promise<boolean> {
    const result = await trx.updateTable('backlog_item').set(changes).where('id', '=', id).where('state', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
