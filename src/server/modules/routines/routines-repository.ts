import type { Insertable, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, RoutineReminderTable, RoutineTable, RoutineVersionTable, ScenarioTable } from '../../db/schema.js';

export type ScenarioRow = ScenarioTable;
export type RoutineRow = RoutineTable;
export type RoutineVersionRow = RoutineVersionTable;
export type ReminderRow = RoutineReminderTable;
export type NewReminderRow = Insertable<RoutineReminderTable>;

export interface VersionWithNames extends RoutineVersionRow {
  owner_name: string | null;
  approved_by_name: string | null;
}

export interface ReminderWithRoutine extends ReminderRow {
  document_id: string;
}

/** A reminder with what its e-mail says and where it goes. */
export interface ReminderForMail extends ReminderWithRoutine {
  title: string | null;
  owner_name: string | null;
  owner_email: string | null;
  owner_active: number | null;
}

/** Whether a database error is a unique or primary key violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const num = <T extends { version: number }>(row: T): T => ({ ...row, version: Number(row.version) });

/** The SQL of scenarios, routines and their versions, and reminders. */
export class RoutinesRepository {
  constructor(private readonly database: Database) {}

  scenarios(): Promise<ScenarioRow[]> {
    return this.database.db.selectFrom('scenario').selectAll().orderBy('name').execute();
  }

  scenario(id: string): Promise<ScenarioRow | undefined> {
    return this.database.db.selectFrom('scenario').selectAll().where('id', '=', id).executeTakeFirst();
  }

  scenarioByName(name: string): Promise<ScenarioRow | undefined> {
    return this.database.db.selectFrom('scenario').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async insertScenario(row: ScenarioRow): Promise<void> {
    await this.database.db.insertInto('scenario').values(row).execute();
  }

  async updateScenario(id: string, changes: Partial<Omit<ScenarioRow, 'id' | 'created_at' | 'created_by'>>): Promise<void> {
    await this.database.db.updateTable('scenario').set(changes).where('id', '=', id).execute();
  }

  routines(): Promise<RoutineRow[]> {
    return this.database.db.selectFrom('routine').selectAll().orderBy('document_id').execute();
  }

  routine(id: string): Promise<RoutineRow | undefined> {
    return this.database.db.selectFrom('routine').selectAll().where('id', '=', id).executeTakeFirst();
  }

  routineByDocumentId(documentId: string): Promise<RoutineRow | undefined> {
    return this.database.db.selectFrom('routine').selectAll().where('document_id', '=', documentId).executeTakeFirst();
  }

  /** Every version of the given routines (all routines when none are given), with owner and approver names. */
  async versions(routineIds?: string[]): Promise<VersionWithNames[]> {
    if (routineIds && routineIds.length === 0) return [];
    let query = this.database.db
      .selectFrom('routine_version')
      .leftJoin('user_account as owner', 'owner.id', 'routine_version.owner_id')
      .leftJoin('user_account as approver', 'approver.id', 'routine_version.approved_by')
      .selectAll('routine_version')
      .select(['owner.display_name as owner_name', 'approver.display_name as approved_by_name']);
    if (routineIds) query = query.where('routine_version.routine_id', 'in', routineIds);
    const rows = await query.orderBy('routine_version.routine_id').orderBy('routine_version.version', 'desc').execute();
    return rows.map(num);
  }

  /** A new routine and its first version, together. */
  async insertRoutine(routine: RoutineRow, version: RoutineVersionRow): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('routine').values(routine).execute();
      await trx.insertInto('routine_version').values(version).execute();
    });
  }

  /**
   * A new version of a routine, if the routine's latest version is still `expectedLatest` (two
   * editors at once cannot both make version n + 1). False when someone else was first.
   */
  async insertVersion(version: RoutineVersionRow, expectedLatest: number): Promise<boolean> {
    return this.database.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('routine')
        .set({ latest_version: version.version, updated_at: version.created_at })
        .where('id', '=', version.routine_id)
        .where('latest_version', '=', expectedLatest)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await trx.insertInto('routine_version').values(version).execute();
      return true;
    });
  }

  /** Approves a version not approved yet; false when it was approved already (or does not exist). */
  async approve(routineId: string, version: number, approvedBy: string | null, approvedAt: string): Promise<boolean> {
    const result = await this.database.db
      .updateTable('routine_version')
      .set({ approved_at: approvedAt, approved_by: approvedBy })
      .where('routine_id', '=', routineId)
      .where('version', '=', version)
      .where('approved_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Records a reminder unless one exists for the same version and owner; true when it was recorded
   * now. `withReminder` runs in the same transaction, only when the reminder was recorded (to queue
   * its delivery: the job exists exactly when the reminder does).
   */
  async insertReminder(row: NewReminderRow, withReminder?: (trx: Transaction<DB>) => Promise<void>): Promise<boolean> {
    return this.database.db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto('routine_reminder')
        .values(row)
        .onConflict((oc) => oc.columns(['routine_id', 'version', 'owner_id']).doNothing())
        .executeTakeFirst();
      const inserted = Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
      if (inserted && withReminder) await withReminder(trx);
      return inserted;
    });
  }

  /** One reminder with its routine's document id, its version's title and its owner's name and e-mail address. */
  async reminderForMail(id: string): Promise<ReminderForMail | undefined> {
    const row = await this.database.db
      .selectFrom('routine_reminder')
      .innerJoin('routine', 'routine.id', 'routine_reminder.routine_id')
      .leftJoin('routine_version', (join) =>
        join.onRef('routine_version.routine_id', '=', 'routine_reminder.routine_id').onRef('routine_version.version', '=', 'routine_reminder.version'),
      )
      .leftJoin('user_account as owner', 'owner.id', 'routine_reminder.owner_id')
      .selectAll('routine_reminder')
      .select(['routine.document_id', 'routine_version.title', 'owner.display_name as owner_name', 'owner.email as owner_email', 'owner.active as owner_active'])
      .where('routine_reminder.id', '=', id)
      .executeTakeFirst();
    return row ? num(row) : undefined;
  }

  /** What became of the reminder's e-mail: 'sent' (to `to`) or why not. */
  async recordMailOutcome(id: string, outcome: string, to: string | null, at: string): Promise<void> {
    await this.database.db.updateTable('routine_reminder').set({ mail_outcome: outcome, mail_to: to, mail_outcome_at: at }).where('id', '=', id).execute();
  }

  async remindersFor(ownerId: string): Promise<ReminderWithRoutine[]> {
    const rows = await this.database.db
      .selectFrom('routine_reminder')
      .innerJoin('routine', 'routine.id', 'routine_reminder.routine_id')
      .selectAll('routine_reminder')
      .select('routine.document_id')
      .where('routine_reminder.owner_id', '=', ownerId)
      .orderBy('routine_reminder.created_at', 'desc')
      .execute();
    return rows.map(num);
  }

  /** The ids among these that name user accounts. */
  async existingUserIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db.selectFrom('user_account').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }
}
