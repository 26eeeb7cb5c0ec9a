import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { DepartmentLookup } from '../departments/department-lookup.js';
import type { FormCatalog } from '../forms/form-catalog.js';
import type { FormField } from '../forms/forms-fields.js';
import { validateFormValues, type FormValue, type FormValueError } from '../forms/forms-values.js';
import type { PatientLookup } from '../patients/patient-lookup.js';
import { departmentsWithRight, type Access, type CaseScope } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { Right } from '../rights/rights.js';
import type { MediaView } from '../media/media-service.js';
import { compareVersions, type ComparableVersion, type VersionComparison } from './case-compare.js';
import { wordsOf } from './case-words.js';
import type { CaseRow, CaseWithPatient, CasesRepository, CollectionRow, SearchRow } from './cases-repository.js';

export type CaseStatus = 'draft' | 'signed';

export interface CaseSummary {
  id: string;
  patientId: string | null;
  collectionId: string | null;
  departmentId: string;
  formVersionId: string | null;
  status: CaseStatus;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  signedBy: string | null;
  signedAt: string | null;
}

/** A row of a case list: in full, or, for a confidential patient's case not opened, nothing but "Konfidentiellt". */
export type CaseListItem =
  | (CaseSummary & { confidential: false; formName: string | null; signedByName: string | null })
  | { id: string; confidential: true; departmentId: string; createdAt: string };

export interface CaseForm {
  id: string;
  name: string;
  versionId: string;
  version: number;
  fields: FormField[];
}

export interface CaseDetail extends CaseSummary {
  patient: { id: string; identifier: string; type: string; confidential: boolean } | null;
  collection: { id: string; name: string } | null;
  form: CaseForm | null;
  values: Record<string, FormValue>;
  media: MediaView[];
  signedByName: string | null;
}

export interface CaseVersionView {
  version: number;
  status: CaseStatus;
  current: boolean;
  form: CaseForm | null;
  values: Record<string, FormValue>;
  media: MediaView[];
  signedBy: string | null;
  signedByName: string | null;
  signedAt: string | null;
}

export interface CaseVersionSummary {
  version: number;
  status: CaseStatus;
  current: boolean;
  signedBy: string | null;
  signedByName: string | null;
  signedAt: string | null;
}

export interface CaseSearchQuery {
  patientId?: string;
  departmentId?: string;
  collectionId?: string;
  formId?: string;
  status?: CaseStatus;
  signedBy?: string;
  from?: string;
  to?: string;
  q?: string;
}

export interface CollectionView {
  id: string;
  departmentId: string;
  name: string;
  description: string | null;
  caseCount: number;
  createdAt: string;
}

/** The case's media as the media module keeps it (MediaService); the cases service decides when it may change. */
export interface CaseMedia {
  listForCase(caseId: string): Promise<MediaView[]>;
  listByIds(ids: string[]): Promise<MediaView[]>;
  setCaption(mediaId: string, caption: string | null): Promise<void>;
  remove(mediaId: string): Promise<void>;
  reorder(caseId: string, mediaIds: string[]): Promise<void>;
}

export const toCaseSummary = (row: CaseRow): CaseSummary => ({
  id: row.id,
  patientId: row.patient_id,
  collectionId: row.collection_id,
  departmentId: row.department_id,
  formVersionId: row.form_version_id,
  status: row.status as CaseStatus,
  version: Number(row.version),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  signedBy: row.signed_by,
  signedAt: row.signed_at,
});

export const caseScope = (row: CaseWithPatient): CaseScope => ({
  id: row.id,
  departmentId: row.department_id,
  patientId: row.patient_id,
  confidential: row.patient_confidential === 1,
});

const parseValues = (json: string): Record<string, FormValue> => JSON.parse(json) as Record<string, FormValue>;

/** A date (YYYY-MM-DD, a whole day in UTC) or a full ISO time, as the bounds of a search. */
function searchBound(value: string | undefined, end: boolean): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00.000Z`);
    if (end) day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString();
  }
  return new Date(value).toISOString();
}

/**
 * Cases (M1), their versions and signing (M6), teaching collections (M4) and search. The latest
 * version lives in the case row and the media rows; a signed version is also kept whole in
 * case_version and never changed. Rights and confidentiality are decided by the rights module.
 */
export class CasesService {
  constructor(
    private readonly repository: CasesRepository,
    private readonly patients: PatientLookup,
    private readonly departments: DepartmentLookup,
    private readonly forms: FormCatalog,
    private readonly access: Access,
    private readonly audit: AuditLog,
    /** The media module; resolved late because it is given the cases service (as MediaCases) when it is made. */
    private readonly media: () => CaseMedia,
    private readonly clock: Clock = systemClock,
  ) {}

  // ---- reading ----

  /** A case with its form, values and media; reading it is audited. */
  async view(ctx: RequestContext, id: string): Promise<CaseDetail> {
    const row = await this.authorized(ctx, id, 'case.read', 'case.read');
    await this.audited(ctx, 'case.read', row);
    return this.detail(row);
  }

  /** Loads a case the caller holds the right for (and may see, if confidential); a missing case and one the caller may not read get the same 404 (the rights module's). */
  async authorized(ctx: RequestContext, id: string, right: Right, action: string): Promise<CaseWithPatient> {
    this.access.authenticated(ctx);
    const row = await this.repository.find(id);
    if (!row) return this.access.missing(ctx, { action, objectType: 'case', objectId: id });
    // Who cannot read the case is told it does not exist; who can read it but lacks the right to
    // change it is told so.
    const scope = caseScope(row);
    await this.access.requireCase(ctx, 'case.read', scope, action);
    if (right !== 'case.read') {
      await this.access.require(ctx, { right, action, departmentId: scope.departmentId, patientId: scope.patientId, objectType: 'case', objectId: scope.id, disclose: true });
    }
    return row;
  }

  /** The scope of a case for the rights module's own routes (emergency opening). */
  async scopeOf(ctx: RequestContext, id: string, action: string): Promise<CaseScope> {
    this.access.authenticated(ctx);
    const row = await this.repository.find(id);
    if (!row) return this.access.missing(ctx, { action, objectType: 'case', objectId: id });
    return caseScope(row);
  }

  async search(ctx: RequestContext, query: CaseSearchQuery, page: number, pageSize: number) {
    const actor = this.access.authenticated(ctx);
    const readable = departmentsWithRight(actor, 'case.read');
    const departmentIds =
      query.departmentId === undefined ? readable : readable === 'all' || readable.includes(query.departmentId) ? [query.departmentId] : [];
    const words = wordsOf(query.q);
    if (query.q !== undefined && query.q.trim() !== '' && words.length === 0) {
      throw new AppError('validation_failed', 'Sökordet måste innehålla minst två bokstäver eller siffror.', { field: 'q' });
    }
    const from = searchBound(query.from, false);
    const to = searchBound(query.to, true);
    const { items, total, totalIsLowerBound } = await this.repository.search(
      {
        departmentIds,
        words,
        ...(query.patientId ? { patientId: query.patientId } : {}),
        ...(query.collectionId ? { collectionId: query.collectionId } : {}),
        ...(query.formId ? { formId: query.formId } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.signedBy ? { signedBy: query.signedBy } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      },
      page,
      pageSize,
    );
    const visibility = await this.access.caseVisibility(actor, items.map(caseScope));
    await this.audit.record(ctx, {
      action: 'case.search',
      outcome: 'success',
      departmentId: query.departmentId ?? null,
      patientId: query.patientId ?? null,
      objectType: 'case',
      details: { filter: query, page, returned: items.length },
    });
    return { items: items.map((row) => this.listItem(row, visibility.get(row.id) ?? 'confidential')), total, totalIsLowerBound, page, pageSize };
  }

  async versions(ctx: RequestContext, id: string): Promise<CaseVersionSummary[]> {
    const row = await this.authorized(ctx, id, 'case.read', 'case.versions');
    const signed = await this.repository.signedVersions(id);
    await this.audited(ctx, 'case.versions', row);
    const list: CaseVersionSummary[] = signed.map((v) => ({
      version: Number(v.version),
      status: 'signed',
      current: Number(v.version) === row.version,
      signedBy: v.signed_by,
      signedByName: v.signed_by_name,
      signedAt: v.signed_at,
    }));
    if (row.status === 'draft') list.unshift({ version: row.version, status: 'draft', current: true, signedBy: null, signedByName: null, signedAt: null });
    return list;
  }

  async version(ctx: RequestContext, id: string, version: number): Promise<CaseVersionView> {
    const row = await this.authorized(ctx, id, 'case.read', 'case.version.read');
    const view = await this.versionView(row, version);
    await this.audited(ctx, 'case.version.read', row, { version });
    return view;
  }

  async compare(ctx: RequestContext, id: string, from: number, to: number): Promise<VersionComparison & { media: MediaView[] }> {
    const row = await this.authorized(ctx, id, 'case.read', 'case.compare');
    const [a, b] = await Promise.all([this.versionView(row, from), this.versionView(row, to)]);
    await this.audited(ctx, 'case.compare', row, { from, to });
    const comparable = (v: CaseVersionView): ComparableVersion => ({
      version: v.version,
      fields: v.form?.fields ?? [],
      values: v.values,
      media: v.media.map((m) => ({ mediaId: m.id, caption: m.caption })),
    });
    const media = new Map([...a.media, ...b.media].map((m) => [m.id, m]));
    return { ...compareVersions(comparable(a), comparable(b)), media: [...media.values()] };
  }

  // ---- writing ----

  async create(
    ctx: RequestContext,
    input: { patientId?: string; collectionId?: string; departmentId?: string; formId?: string },
  ): Promise<CaseSummary> {
    if ((input.patientId === undefined) === (input.collectionId === undefined)) {
      throw new AppError('validation_failed', 'Ange antingen en patient eller en undervisningssamling.', { field: 'patientId' });
    }
    let departmentId: string;
    let collection: CollectionRow | undefined;
    if (input.collectionId !== undefined) {
      collection = await this.repository.findCollection(input.collectionId);
      if (!collection) throw new AppError('validation_failed', 'Undervisningssamlingen finns inte.', { field: 'collectionId' });
      departmentId = collection.department_id;
      await this.access.require(ctx, { right: 'teaching.manage', action: 'case.create', departmentId, objectType: 'case', disclose: true });
    } else {
      if (input.departmentId === undefined) throw new AppError('validation_failed', 'Ange avdelning.', { field: 'departmentId' });
      departmentId = input.departmentId;
      await this.access.require(ctx, {
        right: 'case.write',
        action: 'case.create',
        departmentId,
        patientId: input.patientId ?? null,
        objectType: 'case',
        disclose: true,
      });
      if (!(await this.patients.find(input.patientId!))) {
        throw new AppError('validation_failed', 'Patienten finns inte. Sök fram patienten först.', { field: 'patientId' });
      }
    }
    const department = await this.departments.find(departmentId);
    if (!department || department.active !== 1) {
      throw new AppError('validation_failed', 'Avdelningen finns inte eller är inaktiv.', { field: 'departmentId' });
    }
    // Teaching material is de-identified: it has a form only when one is asked for.
    const formVersionId = collection && input.formId === undefined ? null : await this.formVersionFor(departmentId, input.formId);
    const now = this.clock.now().toISOString();
    const row: CaseRow = {
      id: randomUUID(),
      patient_id: input.patientId ?? null,
      collection_id: collection?.id ?? null,
      department_id: departmentId,
      form_version_id: formVersionId,
      form_values: '{}',
      status: 'draft',
      version: 1,
      created_by: ctx.actor!.userId,
      created_at: now,
      updated_at: now,
      signed_by: null,
      signed_at: null,
    };
    await this.repository.insert(row, []);
    await this.audited(ctx, 'case.create', row, { formVersionId });
    return toCaseSummary(row);
  }

  /**
   * Changes form values of the draft: the given keys replace theirs, null clears one. Required
   * fields may stay empty until signing. `version` guards against saving over a newer version.
   */
  async update(ctx: RequestContext, id: string, input: { values: Record<string, unknown>; version?: number }): Promise<CaseDetail> {
    const row = await this.editableDraft(ctx, id, 'case.update', input.version);
    const fields = await this.fieldsOf(row.form_version_id);
    const merged: Record<string, unknown> = { ...parseValues(row.form_values) };
    for (const [key, value] of Object.entries(input.values)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const checked = validateFormValues({ fields }, merged);
    const errors = checked.ok ? [] : checked.errors.filter((e) => e.code !== 'required');
    if (errors.length > 0) throw invalidValues(errors);
    const values = checked.ok ? checked.values : withoutErrors(merged, fields);
    const now = this.clock.now().toISOString();
    const media = await this.media().listForCase(row.id);
    const saved = await this.repository.updateDraft(row, { form_values: JSON.stringify(values), updated_at: now }, this.wordsFor(fields, values, media));
    if (!saved) throw new AppError('case_changed');
    await this.audited(ctx, 'case.update', row, { fields: Object.keys(input.values) });
    return this.detail({ ...row, form_values: JSON.stringify(values), updated_at: now });
  }

  /** Signs the draft: complete form, every file processed; the version is then kept whole and locked. */
  async sign(ctx: RequestContext, id: string, expectedVersion?: number): Promise<CaseDetail> {
    const row = await this.authorized(ctx, id, 'case.sign', 'case.sign');
    if (row.status !== 'draft') throw new AppError('case_locked', 'Ärendet är redan signerat.');
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw new AppError('case_changed');
    const fields = await this.fieldsOf(row.form_version_id);
    const checked = validateFormValues({ fields }, parseValues(row.form_values));
    if (!checked.ok) throw new AppError('form_incomplete', undefined, { errors: checked.errors });
    const media = await this.media().listForCase(row.id);
    if (media.some((m) => m.status !== 'ready')) throw new AppError('media_processing');
    const now = this.clock.now().toISOString();
    const actor = ctx.actor!;
    const signed = await this.repository.sign(row, {
      case_id: row.id,
      version: row.version,
      form_version_id: row.form_version_id,
      form_values: row.form_values,
      media: JSON.stringify(media.map((m) => ({ mediaId: m.id, caption: m.caption }))),
      signed_by: actor.userId,
      signed_at: now,
    });
    if (!signed) throw new AppError('case_changed');
    await this.audited(ctx, 'case.sign', row, { version: row.version });
    return this.detail({ ...row, status: 'signed', signed_by: actor.userId, signed_at: now, updated_at: now });
  }

  /** Starts an editable copy of a signed case as its next version; the signed one stays as it was. */
  async newVersion(ctx: RequestContext, id: string): Promise<CaseDetail> {
    const row = await this.authorized(ctx, id, 'case.write', 'case.new_version');
    if (row.status !== 'signed') throw new AppError('case_not_signed');
    const now = this.clock.now().toISOString();
    if (!(await this.repository.startNextVersion(row, now))) throw new AppError('case_changed');
    await this.audited(ctx, 'case.new_version', row, { from: row.version, version: row.version + 1 });
    return this.detail({ ...row, status: 'draft', version: row.version + 1, signed_by: null, signed_at: null, updated_at: now });
  }

  async setCaption(ctx: RequestContext, caseId: string, mediaId: string, caption: string | null): Promise<CaseDetail> {
    const row = await this.editableDraft(ctx, caseId, 'media.caption');
    await this.requireLiveMedia(row, mediaId);
    await this.media().setCaption(mediaId, caption);
    await this.afterMediaChange(ctx, row, 'media.caption', { mediaId });
    return this.detail(row);
  }

  async removeMedia(ctx: RequestContext, caseId: string, mediaId: string): Promise<CaseDetail> {
    const row = await this.editableDraft(ctx, caseId, 'media.remove');
    await this.requireLiveMedia(row, mediaId);
    await this.media().remove(mediaId);
    await this.afterMediaChange(ctx, row, 'media.remove', { mediaId });
    return this.detail(row);
  }

  async reorderMedia(ctx: RequestContext, caseId: string, mediaIds: string[]): Promise<CaseDetail> {
    const row = await this.editableDraft(ctx, caseId, 'media.reorder');
    const live = (await this.media().listForCase(row.id)).map((m) => m.id);
    if (mediaIds.length !== live.length || new Set(mediaIds).size !== live.length || !mediaIds.every((id) => live.includes(id))) {
      throw new AppError('validation_failed', 'Ange alla ärendets filer, var och en en gång, i den nya ordningen.', { field: 'mediaIds' });
    }
    await this.media().reorder(row.id, mediaIds);
    await this.afterMediaChange(ctx, row, 'media.reorder', { mediaIds });
    return this.detail(row);
  }

  // ---- teaching collections (M4) ----

  async createCollection(ctx: RequestContext, input: { departmentId: string; name: string; description?: string }): Promise<CollectionView> {
    await this.access.require(ctx, {
      right: 'teaching.manage',
      action: 'collection.create',
      departmentId: input.departmentId,
      objectType: 'collection',
      disclose: true,
    });
    const department = await this.departments.find(input.departmentId);
    if (!department || department.active !== 1) {
      throw new AppError('validation_failed', 'Avdelningen finns inte eller är inaktiv.', { field: 'departmentId' });
    }
    const now = this.clock.now().toISOString();
    const row: CollectionRow = {
      id: randomUUID(),
      department_id: input.departmentId,
      name: input.name.trim(),
      description: input.description?.trim() || null,
      created_by: ctx.actor!.userId,
      created_at: now,
      updated_at: now,
    };
    const existing = await this.repository.collections([input.departmentId]);
    if (existing.some((c) => c.name.toLocaleLowerCase('sv') === row.name.toLocaleLowerCase('sv'))) {
      throw new AppError('conflict', 'Avdelningen har redan en samling med det namnet.', { field: 'name' });
    }
    await this.repository.insertCollection(row);
    await this.audit.record(ctx, { action: 'collection.create', outcome: 'success', departmentId: row.department_id, objectType: 'collection', objectId: row.id });
    return { id: row.id, departmentId: row.department_id, name: row.name, description: row.description, caseCount: 0, createdAt: row.created_at };
  }

  /** Collections of the departments where the caller may read cases or manage teaching material. */
  async collections(ctx: RequestContext, departmentId?: string): Promise<CollectionView[]> {
    const actor = this.access.authenticated(ctx);
    const read = departmentsWithRight(actor, 'case.read');
    const manage = departmentsWithRight(actor, 'teaching.manage');
    let departments: string[] | 'all' = read === 'all' || manage === 'all' ? 'all' : [...new Set([...read, ...manage])];
    if (departmentId !== undefined) departments = departments === 'all' || departments.includes(departmentId) ? [departmentId] : [];
    const rows = await this.repository.collections(departments);
    return rows.map((r) => ({ id: r.id, departmentId: r.department_id, name: r.name, description: r.description, caseCount: r.case_count, createdAt: r.created_at }));
  }

  // ---- internals ----

  private listItem(row: SearchRow, visibility: 'full' | 'confidential'): CaseListItem {
    if (visibility === 'confidential') return { id: row.id, confidential: true, departmentId: row.department_id, createdAt: row.created_at };
    return { ...toCaseSummary(row), confidential: false, formName: row.form_name, signedByName: row.signed_by_name };
  }

  private async detail(row: CaseRow): Promise<CaseDetail> {
    const [patient, collection, form, media, signedByName] = await Promise.all([
      row.patient_id ? this.patients.find(row.patient_id) : undefined,
      row.collection_id ? this.repository.findCollection(row.collection_id) : undefined,
      this.formOf(row.form_version_id),
      this.media().listForCase(row.id),
      this.repository.userName(row.signed_by),
    ]);
    return {
      ...toCaseSummary(row),
      patient: patient ? { id: patient.id, identifier: patient.identifier, type: patient.identifier_type, confidential: patient.confidential === 1 } : null,
      collection: collection ? { id: collection.id, name: collection.name } : null,
      form,
      values: parseValues(row.form_values),
      media,
      signedByName,
    };
  }

  private async versionView(row: CaseRow, version: number): Promise<CaseVersionView> {
    if (version === row.version) {
      const detail = await this.detail(row);
      return {
        version,
        status: detail.status,
        current: true,
        form: detail.form,
        values: detail.values,
        media: detail.media,
        signedBy: detail.signedBy,
        signedByName: detail.signedByName,
        signedAt: detail.signedAt,
      };
    }
    const signed = await this.repository.signedVersion(row.id, version);
    if (!signed) throw new AppError('not_found', `Ärendet har ingen version ${version}.`);
    const entries = JSON.parse(signed.media) as { mediaId: string; caption: string | null }[];
    const captions = new Map(entries.map((e) => [e.mediaId, e.caption]));
    const [form, media, signedByName] = await Promise.all([
      this.formOf(signed.form_version_id),
      this.media().listByIds(entries.map((e) => e.mediaId)),
      this.repository.userName(signed.signed_by),
    ]);
    return {
      version,
      status: 'signed',
      current: false,
      form,
      values: parseValues(signed.form_values),
      media: media.map((m) => ({ ...m, caption: captions.get(m.id) ?? null })),
      signedBy: signed.signed_by,
      signedByName,
      signedAt: signed.signed_at,
    };
  }

  private async editableDraft(ctx: RequestContext, id: string, action: string, expectedVersion?: number): Promise<CaseWithPatient> {
    const row = await this.authorized(ctx, id, 'case.write', action);
    if (row.status !== 'draft') {
      await this.audit.record(ctx, { action, outcome: 'refused', departmentId: row.department_id, patientId: row.patient_id, objectType: 'case', objectId: row.id, details: { reason: 'case_locked' } });
      throw new AppError('case_locked');
    }
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw new AppError('case_changed');
    return row;
  }

  private async requireLiveMedia(row: CaseRow, mediaId: string): Promise<void> {
    const live = await this.media().listForCase(row.id);
    if (!live.some((m) => m.id === mediaId)) throw new AppError('not_found', 'Filen finns inte i ärendet.');
  }

  private async afterMediaChange(ctx: RequestContext, row: CaseRow, action: string, details: Record<string, unknown>): Promise<void> {
    const [fields, media] = await Promise.all([this.fieldsOf(row.form_version_id), this.media().listForCase(row.id)]);
    await this.repository.reindex(row, this.wordsFor(fields, parseValues(row.form_values), media));
    await this.audited(ctx, action, row, details);
  }

  private wordsFor(fields: readonly FormField[], values: Record<string, FormValue>, media: readonly MediaView[]): string[] {
    const texts = fields.filter((f) => f.type === 'text' || f.type === 'long_text').map((f) => values[f.key]);
    return wordsOf(...texts.map((t) => (typeof t === 'string' ? t : null)), ...media.map((m) => m.caption));
  }

  private async formVersionFor(departmentId: string, formId: string | undefined): Promise<string | null> {
    if (formId !== undefined) {
      const form = await this.forms.find(formId);
      if (!form || form.active !== 1 || !(await this.forms.isSharedWith(formId, departmentId))) {
        throw new AppError('validation_failed', 'Formuläret finns inte, är inaktivt eller används inte av avdelningen.', { field: 'formId' });
      }
      return (await this.forms.currentVersion(formId))!.id;
    }
    const available = await this.forms.list({ departmentId });
    if (available.length === 0) return null;
    if (available.length > 1) throw new AppError('validation_failed', 'Välj vilket av avdelningens formulär ärendet ska använda.', { field: 'formId' });
    return (await this.forms.currentVersion(available[0]!.id))!.id;
  }

  private async formOf(formVersionId: string | null): Promise<CaseForm | null> {
    if (!formVersionId) return null;
    const version = await this.forms.versionById(formVersionId);
    if (!version) return null;
    const form = await this.forms.find(version.form_id);
    return { id: version.form_id, name: form?.name ?? '', versionId: version.id, version: Number(version.version), fields: JSON.parse(version.fields) as FormField[] };
  }

  private async fieldsOf(formVersionId: string | null): Promise<FormField[]> {
    return (await this.formOf(formVersionId))?.fields ?? [];
  }

  private async audited(ctx: RequestContext, action: string, row: CaseRow, details?: Record<string, unknown>): Promise<void> {
    await this.audit.record(ctx, {
      action,
      outcome: 'success',
      departmentId: row.department_id,
      patientId: row.patient_id,
      objectType: 'case',
      objectId: row.id,
      ...(details ? { details } : {}),
    });
  }
}

function invalidValues(errors: FormValueError[]): AppError {
  return new AppError('validation_failed', errors.map((e) => e.message).join(' '), { field: `values.${errors[0]!.key}`, errors });
}

/** The values without the empty required ones (only `required` errors were left), normalised. */
function withoutErrors(values: Record<string, unknown>, fields: readonly FormField[]): Record<string, FormValue> {
  const optional = fields.map((f) => ({ ...f, required: false }));
  const checked = validateFormValues({ fields: optional }, values);
  return checked.ok ? checked.values : {};
}
