import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import type { DepartmentLookup } from '../departments/department-lookup.js';
import type { FormField } from '../forms/forms-fields.js';
import { validateFormValues, type FormValue } from '../forms/forms-values.js';
import type { PatientLookup } from '../patients/patient-lookup.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Tx } from '../rights/audited.js';
import type { MediaView } from '../media/media-service.js';
import type { CaseGate } from './case-gate.js';
import { invalidValues, parseValues, toCaseSummary, withoutErrors, type CaseDetail, type CaseSummary, type CaseViews } from './case-views.js';
import type { CaseRow, CaseWithPatient, CasesRepository, CollectionRow } from './cases-repository.js';

/**
 * The life of a case (M1, M6): creating it, changing the draft's values and media, signing it and
 * starting its next version. The latest version lives in the case row and the media rows; a signed
 * version is also kept whole in case_version and never changed. Every change is one audited
 * operation whose event is committed with the change.
 */
export class CaseLifecycleService {
  constructor(
    private readonly repository: CasesRepository,
    private readonly gate: CaseGate,
    private readonly views: CaseViews,
    private readonly patients: PatientLookup,
    private readonly departments: DepartmentLookup,
    private readonly audited: AuditedOperations,
    private readonly clock: Clock = systemClock,
  ) {}

  create(ctx: RequestContext, input: { patientId?: string; collectionId?: string; departmentId?: string; formId?: string }): Promise<CaseSummary> {
    return this.audited.write(ctx, 'case.create', { objectType: 'case' }, async (op) => {
      if ((input.patientId === undefined) === (input.collectionId === undefined)) {
        throw new AppError('validation_failed', 'Ange antingen en patient eller en undervisningssamling.', { field: 'patientId' });
      }
      let departmentId: string;
      let collection: CollectionRow | undefined;
      if (input.collectionId !== undefined) {
        collection = await this.repository.findCollection(input.collectionId);
        if (!collection) throw new AppError('validation_failed', 'Undervisningssamlingen finns inte.', { field: 'collectionId' });
        departmentId = collection.department_id;
        await op.require({ right: 'teaching.manage', departmentId, objectType: 'case', disclose: true });
      } else {
        if (input.departmentId === undefined) throw new AppError('validation_failed', 'Ange avdelning.', { field: 'departmentId' });
        departmentId = input.departmentId;
        await op.require({ right: 'case.write', departmentId, patientId: input.patientId ?? null, objectType: 'case', disclose: true });
        if (!(await this.patients.find(input.patientId!))) {
          throw new AppError('validation_failed', 'Patienten finns inte. Sök fram patienten först.', { field: 'patientId' });
        }
      }
      const department = await this.departments.find(departmentId);
      if (!department || department.active !== 1) {
        throw new AppError('validation_failed', 'Avdelningen finns inte eller är inaktiv.', { field: 'departmentId' });
      }
      // Teaching material is de-identified: it has a form only when one is asked for.
      const formVersionId = collection && input.formId === undefined ? null : await this.views.formVersionFor(departmentId, input.formId);
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
        created_by: op.actor.userId,
        created_at: now,
        updated_at: now,
        signed_by: null,
        signed_at: null,
      };
      op.about({ objectId: row.id, departmentId, patientId: row.patient_id });
      await op.commit((tx) => this.repository.insert(tx, row, []), { formVersionId });
      return toCaseSummary(row);
    });
  }

  /**
   * A draft for another module's own audited operation (offline capture, issue 16), which has decided
   * case.write in the department: built here (the department's form, the given capture facts), inserted
   * in that operation's transaction. Facts the form does not accept are refused (400); required ones may
   * stay empty, as in any draft.
   */
  async prepareDraft(input: { patientId: string; departmentId: string; createdBy: string; values: Record<string, unknown> }): Promise<{ id: string; insert: (tx: Tx) => Promise<void> }> {
    const department = await this.departments.find(input.departmentId);
    if (!department || department.active !== 1) {
      throw new AppError('validation_failed', 'Avdelningen finns inte eller är inaktiv.', { field: 'departmentId' });
    }
    const formVersionId = await this.views.defaultFormVersion(input.departmentId);
    const fields = await this.views.fieldsOf(formVersionId);
    const known = Object.fromEntries(Object.entries(input.values).filter(([key]) => fields.some((f) => f.key === key)));
    const checked = validateFormValues({ fields }, known);
    const errors = checked.ok ? [] : checked.errors.filter((e) => e.code !== 'required');
    if (errors.length > 0) throw invalidValues(errors);
    const values = checked.ok ? checked.values : withoutErrors(known, fields);
    const now = this.clock.now().toISOString();
    const row: CaseRow = {
      id: randomUUID(),
      patient_id: input.patientId,
      collection_id: null,
      department_id: input.departmentId,
      form_version_id: formVersionId,
      form_values: JSON.stringify(values),
      status: 'draft',
      version: 1,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
      signed_by: null,
      signed_at: null,
    };
    const words = this.views.wordsFor(fields, values, []);
    return { id: row.id, insert: (tx) => this.repository.insert(tx, row, words) };
  }

  /**
   * Changes form values of the draft: the given keys replace theirs, null clears one. Required
   * fields may stay empty until signing. `version` guards against saving over a newer version.
   */
  update(ctx: RequestContext, id: string, input: { values: Record<string, unknown>; version?: number }): Promise<CaseDetail> {
    return this.audited.write(ctx, 'case.update', { objectType: 'case', objectId: id }, async (op) => {
      const row = await this.gate.editableDraft(op, id, input.version);
      const fields = await this.views.fieldsOf(row.form_version_id);
      mergeValues(fields, row.form_values, input.values); // a bad value is refused before anything waits for the draft
      const now = this.clock.now().toISOString();
      // Merged again onto the values as they are once the draft is held: two saves of different fields at
      // the same moment both keep theirs (merged outside, the later one would write back the other's old value).
      const values = await op.commit(
        async (tx) => {
          const draft = await this.repository.lockDraft(tx, row.id, row.version);
          if (!draft) throw new AppError('case_changed');
          const merged = mergeValues(fields, draft.formValues, input.values);
          const words = this.views.wordsFor(fields, merged, draft.media);
          const saved = { ...row, form_values: draft.formValues };
          if (!(await this.repository.updateDraft(tx, saved, { form_values: JSON.stringify(merged), updated_at: now }, words))) throw new AppError('case_changed');
          return merged;
        },
        { fields: Object.keys(input.values) },
      );
      return this.views.detail({ ...row, form_values: JSON.stringify(values), updated_at: now });
    });
  }

  /** Signs the draft: complete form, every file processed; the version is then kept whole and locked. */
  sign(ctx: RequestContext, id: string, expectedVersion?: number): Promise<CaseDetail> {
    return this.audited.write(ctx, 'case.sign', { objectType: 'case', objectId: id }, async (op) => {
      const row = await this.gate.authorize(op, id, 'case.sign');
      if (row.status !== 'draft') throw new AppError('case_locked', 'Ärendet är redan signerat.');
      if (expectedVersion !== undefined && expectedVersion !== row.version) throw new AppError('case_changed');
      const fields = await this.views.fieldsOf(row.form_version_id);
      const checked = validateFormValues({ fields }, parseValues(row.form_values));
      if (!checked.ok) throw new AppError('form_incomplete', undefined, { errors: checked.errors });
      const media = await this.views.media().listForCase(row.id);
      if (media.some((m) => m.status !== 'ready')) throw new AppError('media_processing');
      const now = this.clock.now().toISOString();
      const signer = op.actor.userId;
      const snapshot = {
        case_id: row.id,
        version: row.version,
        form_version_id: row.form_version_id,
        form_values: row.form_values,
        media: JSON.stringify(media.map((m) => ({ mediaId: m.id, caption: m.caption }))),
        signed_by: signer,
        signed_at: now,
      };
      await op.commit(
        async (tx) => {
          // What was checked above was read outside this transaction: an upload, a media change or a
          // save committed since then would otherwise be signed unchecked or left out of the version.
          const draft = await this.repository.lockDraft(tx, row.id, row.version);
          if (!draft || draft.formValues !== row.form_values || !sameMedia(draft.media, media, { status: true })) throw new AppError('case_changed');
          if (!(await this.repository.sign(tx, row, snapshot))) throw new AppError('case_changed');
        },
        { version: row.version },
      );
      return this.views.detail({ ...row, status: 'signed', signed_by: signer, signed_at: now, updated_at: now });
    });
  }

  /** Starts an editable copy of a signed case as its next version; the signed one stays as it was. */
  newVersion(ctx: RequestContext, id: string): Promise<CaseDetail> {
    return this.audited.write(ctx, 'case.new_version', { objectType: 'case', objectId: id }, async (op) => {
      const row = await this.gate.authorize(op, id, 'case.write');
      if (row.status !== 'signed') throw new AppError('case_not_signed');
      const now = this.clock.now().toISOString();
      await op.commit(
        async (tx) => {
          if (!(await this.repository.startNextVersion(tx, row, now))) throw new AppError('case_changed');
        },
        { from: row.version, version: row.version + 1 },
      );
      return this.views.detail({ ...row, status: 'draft', version: row.version + 1, signed_by: null, signed_at: null, updated_at: now });
    });
  }

  setCaption(ctx: RequestContext, caseId: string, mediaId: string, caption: string | null): Promise<CaseDetail> {
    return this.changeMedia(ctx, 'media.caption', caseId, { mediaId }, (live) => {
      requireLiveMedia(live, mediaId);
      return {
        apply: (tx) => this.views.media().setCaption(tx, mediaId, caption),
        after: live.map((m) => (m.id === mediaId ? { ...m, caption } : m)),
      };
    });
  }

  removeMedia(ctx: RequestContext, caseId: string, mediaId: string): Promise<CaseDetail> {
    return this.changeMedia(ctx, 'media.remove', caseId, { mediaId }, (live) => {
      requireLiveMedia(live, mediaId);
      return { apply: (tx) => this.views.media().remove(tx, mediaId), after: live.filter((m) => m.id !== mediaId) };
    });
  }

  reorderMedia(ctx: RequestContext, caseId: string, mediaIds: string[]): Promise<CaseDetail> {
    return this.changeMedia(ctx, 'media.reorder', caseId, { mediaIds }, (live, row) => {
      const ids = live.map((m) => m.id);
      if (mediaIds.length !== ids.length || new Set(mediaIds).size !== ids.length || !mediaIds.every((id) => ids.includes(id))) {
        throw new AppError('validation_failed', 'Ange alla ärendets filer, var och en en gång, i den nya ordningen.', { field: 'mediaIds' });
      }
      return {
        apply: (tx) => this.views.media().reorder(tx, row.id, mediaIds),
        after: mediaIds.map((id) => live.find((m) => m.id === id)!),
      };
    });
  }

  /**
   * A change of the draft's media list: checked by `prepare` against the live list, then the
   * media rows, the case's re-indexed words and the event are committed in one transaction. The
   * words are taken from the list as it will be (`after`), since the change is not yet visible.
   */
  private changeMedia(
    ctx: RequestContext,
    action: string,
    caseId: string,
    details: Record<string, unknown>,
    prepare: (live: MediaView[], row: CaseWithPatient) => { apply: (tx: Tx) => Promise<void>; after: MediaView[] },
  ): Promise<CaseDetail> {
    return this.audited.write(ctx, action, { objectType: 'case', objectId: caseId }, async (op) => {
      const row = await this.gate.editableDraft(op, caseId);
      const [fields, live] = await Promise.all([this.views.fieldsOf(row.form_version_id), this.views.media().listForCase(row.id)]);
      const change = prepare(live, row);
      const words = this.views.wordsFor(fields, parseValues(row.form_values), change.after);
      await op.commit(async (tx) => {
        // The change was decided on the list read above: signed or changed since, nothing is written.
        const draft = await this.repository.lockDraft(tx, row.id, row.version);
        if (!draft || !sameMedia(draft.media, live)) throw new AppError('case_changed');
        await change.apply(tx);
        await this.repository.reindex(tx, row, words);
      }, details);
      return this.views.detail(row);
    });
  }
}

/** `patch` applied to the stored values (null clears a key), checked against the form; required fields may stay empty. */
function mergeValues(fields: readonly FormField[], stored: string, patch: Record<string, unknown>): Record<string, FormValue> {
  const merged: Record<string, unknown> = { ...parseValues(stored) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const checked = validateFormValues({ fields }, merged);
  const errors = checked.ok ? [] : checked.errors.filter((e) => e.code !== 'required');
  if (errors.length > 0) throw invalidValues(errors);
  return checked.ok ? checked.values : withoutErrors(merged, fields);
}

/**
 * The same live files in the same order with the same captions (and, for a sign, the same state; a
 * media change does not care that a file finished processing meanwhile).
 */
function sameMedia(
  now: readonly { id: string; status: string; caption: string | null }[],
  seen: readonly { id: string; status: string; caption?: string | null }[],
  options: { status?: boolean } = {},
): boolean {
  return (
    now.length === seen.length &&
    now.every((m, i) => m.id === seen[i]!.id && m.caption === (seen[i]!.caption ?? null) && (!options.status || m.status === seen[i]!.status))
  );
}

function requireLiveMedia(live: readonly MediaView[], mediaId: string): void {
  if (!live.some((m) => m.id === mediaId)) throw new AppError('not_found', 'Filen finns inte i ärendet.');
}
