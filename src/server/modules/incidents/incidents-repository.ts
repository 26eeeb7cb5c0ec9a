import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, IncidentDeliveryTable, IncidentTable, IncidentUpdateTable, ServiceDeskTable } from '../../db/schema.js';

export type IncidentRow = IncidentTable;
export type IncidentUpdateRow = IncidentUpdateTable;
export type DeliveryRow = IncidentDeliveryTable;
export type ServiceDeskRow = ServiceDeskTable;

export interface IncidentWithNames extends IncidentRow {
  system_name: string;
  system_criticality: number;
  department_name: string;
  department_hsa_id: string;
  service_desk_name: string | null;
  reported_by_name: string;
}

export interface UpdateWithName extends IncidentUpdateRow {
  created_by_name: string | null;
}

export interface IncidentFilter {
  /** Only these departments; 'all' for every one. */
  departments: 'all' | string[];
  status?: string;
}

/** Incident numbers and timeline entries are numbered one at a time (this key's advisory lock on PostgreSQL). */
const INCIDENT_LOCK_KEY = 4_711_002;

/** The SQL of one change to incidents, inside a transaction holding the incident lock. */
export class IncidentTransaction {
  constructor(readonly trx: Transaction<DB>) {}

  async insertIncident(row: Omit<IncidentRow, 'seq'>): Promise<number> {
    const seq = await this.nextSeq('incident');
    await this.trx.insertInto('incident').values({ ...row, seq }).execute();
    return seq;
  }

  async updateIncident(id: string, changes: Partial<Omit<IncidentRow, 'id' | 'seq'>>): Promise<void> {
    await this.trx.updateTable('incident').set(changes).where('id', '=', id).execute();
  }

  find(id: string): Promise<IncidentRow | undefined> {
    return this.trx.selectFrom('incident').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertUpdate(row: Omit<IncidentUpdateRow, 'seq'>): Promise<void> {
    const seq = await this.nextSeq('incident_update');
    await this.trx.insertInto('incident_update').values({ ...row, seq }).execute();
  }

  async insertDelivery(row: DeliveryRow): Promise<void> {
    await this.trx.insertInto('incident_delivery').values(row).execute();
  }

  delivery(id: string): Promise<DeliveryRow | undefined> {
    return this.trx.selectFrom('incident_delivery').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateDelivery(id: string, changes: Partial<Omit<DeliveryRow, 'id' | 'incident_id'>>): Promise<void> {
    await this.trx.updateTable('incident_delivery').set(changes).where('id', '=', id).execute();
  }

  private async nextSeq(table: 'incident' | 'incident_update'): Promise<number> {
    const row = await this.trx.selectFrom(table).select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  }
}

export class IncidentsRepository {
  constructor(private readonly database: Database) {}

  /** Runs `work` in a transaction holding the incident lock. */
  withLock<T>(work: (tx: IncidentTransaction) => Promise<T>): Promise<T> {
    return this.database.db.transaction().execute(async (trx) => {
      if (this.database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${INCIDENT_LOCK_KEY})`.execute(trx);
      return work(new IncidentTransaction(trx));
    });
  }

  system(id: string): Promise<{ id: string; name: string; criticality: number } | undefined> {
    return this.database.db.selectFrom('clinical_system').select(['id', 'name', 'criticality']).where('id', '=', id).executeTakeFirst();
  }

  department(id: string): Promise<{ id: string; name: string; hsa_id: string } | undefined> {
    return this.database.db.selectFrom('department').select(['id', 'name', 'hsa_id']).where('id', '=', id).executeTakeFirst();
  }

  private incidents(executor: Kysely<DB> | Transaction<DB> = this.database.db) {
    return executor
      .selectFrom('incident')
      .innerJoin('clinical_system', 'clinical_system.id', 'incident.system_id')
      .innerJoin('department', 'department.id', 'incident.department_id')
      .innerJoin('user_account', 'user_account.id', 'incident.reported_by')
      .leftJoin('service_desk', 'service_desk.id', 'incident.service_desk_id')
      .selectAll('incident')
      .select([
        'clinical_system.name as system_name',
        'clinical_system.criticality as system_criticality',
        'department.name as department_name',
        'department.hsa_id as department_hsa_id',
        'service_desk.name as service_desk_name',
        'user_account.display_name as reported_by_name',
      ]);
  }

  async find(id: string, executor: Kysely<DB> | Transaction<DB> = this.database.db): Promise<IncidentWithNames | undefined> {
    const row = await this.incidents(executor).where('incident.id', '=', id).executeTakeFirst();
    return row ? { ...row, seq: Number(row.seq) } : undefined;
  }

  /**
   * The incident with its timeline and deliveries as of one moment: read in one repeatable-read
   * transaction, so a delivery shown as sent always has its timeline entry (on PostgreSQL separate
   * reads could fall either side of the delivery's commit).
   */
  snapshot(id: string): Promise<{ incident: IncidentWithNames; timeline: UpdateWithName[]; deliveries: DeliveryRow[] } | undefined> {
    return this.database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const incident = await this.find(id, trx);
        if (!incident) return undefined;
        return { incident, timeline: await this.timeline(id, trx), deliveries: await this.deliveries(id, trx) };
      });
  }

  async list(filter: IncidentFilter, page: number, pageSize: number): Promise<{ items: IncidentWithNames[]; total: number }> {
    if (filter.departments !== 'all' && filter.departments.length === 0) return { items: [], total: 0 };
    let items = this.incidents();
    let count = this.database.db.selectFrom('incident').select((eb) => eb.fn.countAll().as('n'));
    if (filter.departments !== 'all') {
      items = items.where('incident.department_id', 'in', filter.departments);
      count = count.where('incident.department_id', 'in', filter.departments);
    }
    if (filter.status !== undefined) {
      items = items.where('incident.status', '=', filter.status);
      count = count.where('incident.status', '=', filter.status);
    }
    const rows = await items
      .orderBy('incident.seq', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const total = await count.executeTakeFirst();
    return { items: rows.map((r) => ({ ...r, seq: Number(r.seq) })), total: Number(total?.n ?? 0) };
  }

  async timeline(incidentId: string, executor: Kysely<DB> | Transaction<DB> = this.database.db): Promise<UpdateWithName[]> {
    const rows = await executor
      .selectFrom('incident_update')
      .leftJoin('user_account', 'user_account.id', 'incident_update.created_by')
      .selectAll('incident_update')
      .select('user_account.display_name as created_by_name')
      .where('incident_update.incident_id', '=', incidentId)
      .orderBy('incident_update.seq')
      .execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  deliveries(incidentId: string, executor: Kysely<DB> | Transaction<DB> = this.database.db): Promise<DeliveryRow[]> {
    return executor.selectFrom('incident_delivery').selectAll().where('incident_id', '=', incidentId).orderBy('channel').execute();
  }

  delivery(id: string): Promise<DeliveryRow | undefined> {
    return this.database.db.selectFrom('incident_delivery').selectAll().where('id', '=', id).executeTakeFirst();
  }

  serviceDesks(): Promise<ServiceDeskRow[]> {
    return this.database.db.selectFrom('service_desk').selectAll().orderBy('name').execute();
  }

  serviceDesk(id: string): Promise<ServiceDeskRow | undefined> {
    return this.database.db.selectFrom('service_desk').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertServiceDesk(row: ServiceDeskRow): Promise<void> {
    await this.database.db.insertInto('service_desk').values(row).execute();
  }

  async updateServiceDesk(id: string, changes: Partial<Omit<ServiceDeskRow, 'id' | 'created_at'>>): Promise<void> {
    await this.database.db.updateTable('service_desk').set(changes).where('id', '=', id).execute();
  }
}
