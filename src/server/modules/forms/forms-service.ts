import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import { blankToNull } from '../../http/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { buildVersionFields, CAPTURE_FACT_KEYS, sameFields, translationsOf, type FormField, type TextTranslations } from './forms-fields.js';
import { isUniqueViolation, type FormRow, type FormsRepository, type FormVersionRow, type VersionSummaryRow } from './forms-repository.js';

export interface FormSummary {
  id: string;
  /** The Swedish name; `nameTranslations` holds nb and en when given. */
  name: string;
  nameTranslations: TextTranslations;
  description: string | null;
  descriptionTranslations: TextTranslations;
  active: boolean;
  /** Forensic (M5): every image of its cases must show the patient's identifier; a card import flags those that do not. */
  forensic: boolean;
  currentVersion: number;
  departmentIds: string[];
  updatedAt: string;
}

export interface FormVersion {
  /** What a case refers to. */
  id: string;
  formId: string;
  version: number;
  fields: FormField[];
  changeNote: string | null;
  createdBy: string;
  createdAt: string;
}

export interface FormVersionSummary {
  id: string;
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName: string | null;
  changeNote: string | null;
}

export interface FormDetail {
  id: string;
  name: string;
  nameTranslations: TextTranslations;
  description: string | null;
  descriptionTranslations: TextTranslations;
  active: boolean;
  forensic: boolean;
  createdAt: string;
  updatedAt: string;
  departments: { id: string; name: string }[];
  currentVersion: FormVersion;
  versions: FormVersionSummary[];
  /** The fixed leading fields every version holds; they cannot be changed or removed. */
  captureFactKeys: string[];
}

export interface CreateFormInput {
  name: string;
  nameTranslations?: TextTranslations;
  description?: string | null;
  descriptionTranslations?: TextTranslations;
  forensic?: boolean;
  fields: unknown[];
  departmentIds: string[];
  changeNote?: string | null;
}

export interface UpdateFormInput {
  name?: string;
  nameTranslations?: TextTranslations;
  description?: string | null;
  descriptionTranslations?: TextTranslations;
  active?: boolean;
  forensic?: boolean;
  departmentIds?: string[];
}

/** The columns of a translations object; a blank text is stored as none. */
const translationColumns = <P extends 'name' | 'description'>(prefix: P, t: TextTranslations) =>
  ({ [`${prefix}_nb`]: blankToNull(t.nb), [`${prefix}_en`]: blankToNull(t.en) }) as Record<`${P}_nb` | `${P}_en`, string | null>;

export const toFormVersion = (row: FormVersionRow): FormVersion => ({
  id: row.id,
  formId: row.form_id,
  version: Number(row.version),
  fields: JSON.parse(row.fields) as FormField[],
  changeNote: row.change_note,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

const toVersionSummary = (row: VersionSummaryRow): FormVersionSummary => ({
  id: row.id,
  version: row.version,
  createdAt: row.created_at,
  createdBy: row.created_by,
  createdByName: row.created_by_name,
  changeNote: row.change_note,
});

export class FormsService {
  constructor(
    private readonly repository: FormsRepository,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Active forms (every form with `includeInactive`, for form managers), optionally only those shared with a department. */
  async list(ctx: RequestContext, options: { departmentId?: string; includeInactive?: boolean } = {}): Promise<FormSummary[]> {
    this.access.authenticated(ctx);
    if (options.includeInactive) {
      await this.access.require(ctx, { right: 'form.manage', action: 'form.list', objectType: 'form', disclose: true });
    }
    const rows = await this.repository.list(options);
    const departments = await this.repository.departmentIdsByForm(rows.map((r) => r.id));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      nameTranslations: translationsOf(row.name_nb, row.name_en),
      description: row.description,
      descriptionTranslations: translationsOf(row.description_nb, row.description_en),
      active: row.active === 1,
      forensic: row.forensic === 1,
      currentVersion: row.current_version,
      departmentIds: departments.get(row.id) ?? [],
      updatedAt: row.updated_at,
    }));
  }

  /** A form with its current version, its departments and its version history; inactive forms too. */
  async get(ctx: RequestContext, id: string): Promise<FormDetail> {
    this.access.authenticated(ctx);
    return this.detail(id);
  }

  async getVersion(ctx: RequestContext, id: string, version: number): Promise<FormVersion> {
    this.access.authenticated(ctx);
    const row = await this.repository.findVersion(id, version);
    if (!row) throw new AppError('not_found', `Formuläret har ingen version ${version}.`);
    return toFormVersion(row);
  }

  async create(ctx: RequestContext, input: CreateFormInput): Promise<FormDetail> {
    const actor = await this.access.require(ctx, { right: 'form.manage', action: 'form.create', objectType: 'form', disclose: true });
    return this.createTrusted(ctx, actor.userId, input);
  }

  /** Creates without a rights check, as the given user: for demo data and imports run by the operator. */
  async createTrusted(ctx: RequestContext, userId: string, input: CreateFormInput): Promise<FormDetail> {
    const name = input.name.trim();
    const fields = buildVersionFields(input.fields);
    const departmentIds = await this.checkDepartments(input.departmentIds);
    if (await this.repository.findByName(name)) throw this.nameTaken(name);
    const now = this.clock.now().toISOString();
    const form: FormRow = {
      id: randomUUID(),
      name,
      description: blankToNull(input.description),
      active: 1,
      forensic: input.forensic ? 1 : 0,
      created_at: now,
      updated_at: now,
      ...translationColumns('name', input.nameTranslations ?? {}),
      ...translationColumns('description', input.descriptionTranslations ?? {}),
    };
    const version: FormVersionRow = {
      id: randomUUID(),
      form_id: form.id,
      version: 1,
      fields: JSON.stringify(fields),
      change_note: blankToNull(input.changeNote),
      created_by: userId,
      created_at: now,
    };
    try {
      await this.repository.insertForm(form, version, departmentIds);
    } catch (error) {
      if (isUniqueViolation(error)) throw this.nameTaken(name);
      throw error;
    }
    await this.audit.record(ctx, {
      action: 'form.create',
      outcome: 'success',
      objectType: 'form',
      objectId: form.id,
      details: { name, nameTranslations: translationsOf(form.name_nb, form.name_en), version: 1, formVersionId: version.id, departmentIds, fieldKeys: fields.map((f) => f.key) },
    });
    return this.detail(form.id);
  }

  /** Saves changed fields as the next version; the earlier versions stay as they were. */
  async newVersion(ctx: RequestContext, id: string, input: { fields: unknown[]; changeNote: string }): Promise<FormDetail> {
    const actor = await this.access.require(ctx, { right: 'form.manage', action: 'form.version', objectType: 'form', objectId: id, disclose: true });
    if (!(await this.repository.find(id))) throw new AppError('not_found', 'Formuläret finns inte.');
    const fields = buildVersionFields(input.fields);
    const changeNote = blankToNull(input.changeNote);
    const attempt = () => {
      const now = this.clock.now().toISOString();
      return this.repository.insertNextVersion(id, now, (current) => {
        if (current && sameFields(JSON.parse(current.fields) as FormField[], fields)) {
          throw new AppError('conflict', `Fälten är desamma som i version ${current.version}. Ingen ny version sparades.`, { field: 'fields' });
        }
        return { id: randomUUID(), form_id: id, fields: JSON.stringify(fields), change_note: changeNote, created_by: actor.userId, created_at: now };
      });
    };
    let row: FormVersionRow;
    try {
      row = await attempt();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Someone saved a version at the same moment: try once more on top of theirs.
      try {
        row = await attempt();
      } catch (again) {
        if (!isUniqueViolation(again)) throw again;
        throw new AppError('conflict', 'Någon annan sparade en ny version av formuläret samtidigt. Ladda om och försök igen.', { field: 'fields' });
      }
    }
    await this.audit.record(ctx, {
      action: 'form.version',
      outcome: 'success',
      objectType: 'form',
      objectId: id,
      details: { version: row.version, formVersionId: row.id, changeNote, fieldKeys: fields.map((f) => f.key) },
    });
    return this.detail(id);
  }

  /** Renames, describes, (de)activates or shares a form with other departments; no new version. */
  async update(ctx: RequestContext, id: string, input: UpdateFormInput): Promise<FormDetail> {
    await this.access.require(ctx, { right: 'form.manage', action: 'form.update', objectType: 'form', objectId: id, disclose: true });
    const existing = await this.repository.find(id);
    if (!existing) throw new AppError('not_found', 'Formuläret finns inte.');
    const name = input.name?.trim();
    if (name !== undefined && name !== existing.name) {
      const other = await this.repository.findByName(name);
      if (other && other.id !== id) throw this.nameTaken(name);
    }
    const departmentIds = input.departmentIds !== undefined ? await this.checkDepartments(input.departmentIds) : undefined;
    const changes = {
      ...(name !== undefined ? { name } : {}),
      ...(input.nameTranslations !== undefined ? translationColumns('name', input.nameTranslations) : {}),
      ...(input.description !== undefined ? { description: blankToNull(input.description) } : {}),
      ...(input.descriptionTranslations !== undefined ? translationColumns('description', input.descriptionTranslations) : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      ...(input.forensic !== undefined ? { forensic: input.forensic ? 1 : 0 } : {}),
      updated_at: this.clock.now().toISOString(),
    };
    try {
      await this.repository.update(id, changes, departmentIds);
    } catch (error) {
      if (isUniqueViolation(error) && name !== undefined) throw this.nameTaken(name);
      throw error;
    }
    await this.audit.record(ctx, {
      action: 'form.update',
      outcome: 'success',
      objectType: 'form',
      objectId: id,
      details: {
        name,
        nameTranslations: input.nameTranslations,
        description: input.description,
        descriptionTranslations: input.descriptionTranslations,
        active: input.active,
        forensic: input.forensic,
        departmentIds,
      },
    });
    return this.detail(id);
  }

  private nameTaken(name: string) {
    return new AppError('conflict', `Det finns redan ett formulär som heter "${name}". Välj ett annat namn (name).`, { field: 'name' });
  }

  private async checkDepartments(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const existing = await this.repository.existingDepartmentIds(unique);
    const missing = unique.filter((id) => !existing.has(id));
    if (missing.length > 0) {
      throw new AppError('validation_failed', `Avdelningen ${missing.join(', ')} finns inte (departmentIds).`, { field: 'departmentIds' });
    }
    return unique;
  }

  private async detail(id: string): Promise<FormDetail> {
    const form = await this.repository.find(id);
    const current = form ? await this.repository.currentVersion(id) : undefined;
    if (!form || !current) throw new AppError('not_found', 'Formuläret finns inte.');
    return {
      id: form.id,
      name: form.name,
      nameTranslations: translationsOf(form.name_nb, form.name_en),
      description: form.description,
      descriptionTranslations: translationsOf(form.description_nb, form.description_en),
      active: form.active === 1,
      forensic: form.forensic === 1,
      createdAt: form.created_at,
      updatedAt: form.updated_at,
      departments: await this.repository.departments(id),
      currentVersion: toFormVersion(current),
      versions: (await this.repository.versions(id)).map(toVersionSummary),
      captureFactKeys: [...CAPTURE_FACT_KEYS],
    };
  }
}
