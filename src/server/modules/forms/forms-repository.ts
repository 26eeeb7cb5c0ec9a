import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB, FormTable, FormVersionTable } from '../../db/schema.js';

export type FormRow = FormTable;
export type FormVersionRow = FormVersionTable;

export interface FormListRow extends FormRow {
  current_version: number;
}

export interface VersionSummaryRow {
  id: string;
  version: number;
  change_note: string | null;
  created_by: string;
  created_by_name: string | null;
  created_at: string;
}

/** Whether a database error is a unique or primary key violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export class FormsRepository {
  constructor(private readonly database: Database) {}

  /** Forms with their newest version number, by name; only active ones unless asked. */
  async list(options: { departmentId?: string; includeInactive?: boolean }): Promise<FormListRow[]> {
    let query = this.database.db
      .selectFrom('form')
      .innerJoin('form_version', 'form_version.form_id', 'form.id')
      .selectAll('form')
      .select((eb) => eb.fn.max('form_version.version').as('current_version'))
      .groupBy(['form.id', 'form.name', 'form.description', 'form.active', 'form.created_at', 'form.updated_at', 'form.name_nb', 'form.name_en', 'form.description_nb', 'form.description_en', 'form.forensic'])
      .orderBy('form.name');
    if (!options.includeInactive) query = query.where('form.active', '=', 1);
    if (options.departmentId !== undefined) {
      const departmentId = options.departmentId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('form_department')
            .select('form_department.form_id')
            .whereRef('form_department.form_id', '=', 'form.id')
            .where('form_department.department_id', '=', departmentId),
        ),
      );
    }
    const rows = await query.execute();
    return rows.map((r) => ({ ...r, current_version: Number(r.current_version) }));
  }

  find(id: string): Promise<FormRow | undefined> {
    return this.database.db.selectFrom('form').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByName(name: string): Promise<FormRow | undefined> {
    return this.database.db.selectFrom('form').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async departmentIdsByForm(formIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(formIds.map((id) => [id, []]));
    if (formIds.length === 0) return result;
    const rows = await this.database.db
      .selectFrom('form_department')
      .select(['form_id', 'department_id'])
      .where('form_id', 'in', formIds)
      .orderBy('department_id')
      .execute();
    for (const row of rows) result.get(row.form_id)?.push(row.department_id);
    return result;
  }

  departments(formId: string): Promise<{ id: string; name: string }[]> {
    return this.database.db
      .selectFrom('form_department')
      .innerJoin('department', 'department.id', 'form_department.department_id')
      .select(['department.id', 'department.name'])
      .where('form_department.form_id', '=', formId)
      .orderBy('department.name')
      .execute();
  }

  /** Which of the given department ids exist. */
  async existingDepartmentIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db.selectFrom('department').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  findVersion(formId: string, version: number): Promise<FormVersionRow | undefined> {
    return this.database.db
      .selectFrom('form_version')
      .selectAll()
      .where('form_id', '=', formId)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  versionById(id: string): Promise<FormVersionRow | undefined> {
    return this.database.db.selectFrom('form_version').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async isSharedWith(formId: string, departmentId: string): Promise<boolean> {
    const row = await this.database.db
      .selectFrom('form_department')
      .select('form_id')
      .where('form_id', '=', formId)
      .where('department_id', '=', departmentId)
      .executeTakeFirst();
    return row !== undefined;
  }

  currentVersion(formId: string, executor: Kysely<DB> = this.database.db): Promise<FormVersionRow | undefined> {
    return executor.selectFrom('form_version').selectAll().where('form_id', '=', formId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  }

  async versions(formId: string): Promise<VersionSummaryRow[]> {
    const rows = await this.database.db
      .selectFrom('form_version')
      .leftJoin('user_account', 'user_account.id', 'form_version.created_by')
      .select([
        'form_version.id',
        'form_version.version',
        'form_version.change_note',
        'form_version.created_by',
        'form_version.created_at',
        'user_account.display_name as created_by_name',
      ])
      .where('form_version.form_id', '=', formId)
      .orderBy('form_version.version')
      .execute();
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  }

  /** Inserts the form, its first version and its departments in one transaction. */
  async insertForm(form: FormRow, version: FormVersionRow, departmentIds: string[]): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('form').values(form).execute();
      await trx.insertInto('form_version').values(version).execute();
      if (departmentIds.length > 0) {
        await trx.insertInto('form_department').values(departmentIds.map((department_id) => ({ form_id: form.id, department_id }))).execute();
      }
    });
  }

  /**
   * Adds the next version of a form in one transaction. The form row is updated first, which
   * locks it on PostgreSQL (SQLite runs one transaction at a time), so concurrent writers take
   * turns; the unique (form_id, version) constraint is the last line of defence. `decide` sees the
   * current version and returns the new row without its number, or throws to abort.
   */
  async insertNextVersion(
    formId: string,
    updatedAt: string,
    decide: (current: FormVersionRow | undefined) => Omit<FormVersionRow, 'version'>,
  ): Promise<FormVersionRow> {
    return this.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('form').set({ updated_at: updatedAt }).where('id', '=', formId).execute();
      const current = await this.currentVersion(formId, trx);
      const row: FormVersionRow = { ...decide(current), version: (current ? Number(current.version) : 0) + 1 };
      await trx.insertInto('form_version').values(row).execute();
      return row;
    });
  }

  /** Changes the form row and, when given, replaces its departments, in one transaction. */
  async update(id: string, changes: Partial<Omit<FormRow, 'id' | 'created_at'>>, departmentIds?: string[]): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('form').set(changes).where('id', '=', id).execute();
      if (departmentIds) {
        await trx.deleteFrom('form_department').where('form_id', '=', id).execute();
        if (departmentIds.length > 0) {
          await trx.insertInto('form_department').values(departmentIds.map((department_id) => ({ form_id: id, department_id }))).execute();
        }
      }
    });
  }
}
