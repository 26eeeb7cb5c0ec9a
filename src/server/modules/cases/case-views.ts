import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { FormCatalog } from '../forms/form-catalog.js';
import { translationsOf, type FormField, type TextTranslations } from '../forms/forms-fields.js';
import { validateFormValues, type FormValue, type FormValueError } from '../forms/forms-values.js';
import type { PatientLookup } from '../patients/patient-lookup.js';
import type { CaseScope } from '../rights/access.js';
import type { MediaView } from '../media/media-service.js';
import type { AnnotationShape } from '../annotations/annotation-shapes.js';
import { wordsOf } from './case-words.js';
import type { CaseDetailRow, CaseRow, CaseWithPatient, CasesRepository, SearchRow } from './cases-repository.js';

/*
 * What the case services share: the shapes a case is shown in and how they are built from the
 * rows (no rights, no audit: the services decide those through the audited seam).
 */

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
  | (CaseSummary & {
      confidential: false;
      formName: string | null;
      /** The form's name in nb and en (issue 19), when the form has them. */
      formNameTranslations: TextTranslations;
      signedByName: string | null;
      thumbnailMediaId: string | null;
      capturedAt: string | null;
    })
  | { id: string; confidential: true; departmentId: string; createdAt: string };

export interface CaseForm {
  id: string;
  /** The form's Swedish name; nb and en in `nameTranslations` when the form has them. */
  name: string;
  nameTranslations: TextTranslations;
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
  /** The current version's annotation layers by image (the case read only). */
  annotations?: { mediaId: string; shapes: AnnotationShape[] }[];
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
  // Changes of the draft's list are made inside the case's transaction (with its event).
  setCaption(tx: Transaction<DB>, mediaId: string, caption: string | null): Promise<void>;
  remove(tx: Transaction<DB>, mediaId: string): Promise<void>;
  reorder(tx: Transaction<DB>, caseId: string, mediaIds: string[]): Promise<void>;
}

export const toCaseSummary = (row: Omit<CaseRow, 'form_values'>): CaseSummary => ({
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

export const caseScope = (row: Pick<CaseWithPatient, 'id' | 'department_id' | 'patient_id' | 'patient_confidential'>): CaseScope => ({
  id: row.id,
  departmentId: row.department_id,
  patientId: row.patient_id,
  confidential: row.patient_confidential === 1,
});

export const parseValues = (json: string): Record<string, FormValue> => JSON.parse(json) as Record<string, FormValue>;

/** A date (YYYY-MM-DD, a whole day in UTC) or a full ISO time, as the bounds of a search. */
export function searchBound(value: string | undefined, end: boolean): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00.000Z`);
    if (end) day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString();
  }
  return new Date(value).toISOString();
}

/** Builds the views of a case (details, versions, list rows) and what its text is searched by. */
export class CaseViews {
  constructor(
    private readonly repository: CasesRepository,
    private readonly patients: PatientLookup,
    private readonly forms: FormCatalog,
    /** The media module; resolved late because it is given the cases service (as MediaCases) when it is made. */
    readonly media: () => CaseMedia,
  ) {}

  listItem(row: SearchRow, visibility: 'full' | 'confidential'): CaseListItem {
    if (visibility === 'confidential') return { id: row.id, confidential: true, departmentId: row.department_id, createdAt: row.created_at };
    // Assigned onto the summary, not spread into a new literal with more keys: V8 builds that about a
    // hundred times slower (a few µs per object), a tenth of a list's request (issue 20).
    return Object.assign(toCaseSummary(row), {
      confidential: false,
      formName: row.form_name,
      formNameTranslations: translationsOf(row.form_name_nb, row.form_name_en),
      signedByName: row.signed_by_name,
      thumbnailMediaId: row.thumbnail_media_id,
      capturedAt: row.captured_at,
    });
  }

  async detail(row: CaseRow): Promise<CaseDetail> {
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

  /** The case read's view from its one row (CasesRepository.findDetail) and one statement for the media. */
  async detailOf(row: CaseDetailRow): Promise<CaseDetail> {
    const media = await this.media().listForCase(row.id);
    // Assigned onto the summary rather than spread into a new literal with more keys (slow in V8; issue 20).
    return Object.assign(toCaseSummary(row), {
      patient:
        row.patient_id && row.patient_identifier !== null
          ? { id: row.patient_id, identifier: row.patient_identifier, type: row.patient_identifier_type!, confidential: row.patient_confidential === 1 }
          : null,
      collection: row.collection_id && row.collection_name !== null ? { id: row.collection_id, name: row.collection_name } : null,
      form:
        row.form_version_id && row.form_id !== null
          ? {
              id: row.form_id,
              name: row.form_name ?? '',
              nameTranslations: translationsOf(row.form_name_nb, row.form_name_en),
              versionId: row.form_version_id,
              version: Number(row.form_version_number),
              fields: JSON.parse(row.form_fields!) as FormField[],
            }
          : null,
      values: parseValues(row.form_values),
      media,
      signedByName: row.signed_by_name,
    });
  }

  async versionView(row: CaseRow, version: number): Promise<CaseVersionView> {
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

  wordsFor(fields: readonly FormField[], values: Record<string, FormValue>, media: readonly { caption: string | null }[]): string[] {
    const texts = fields.filter((f) => f.type === 'text' || f.type === 'long_text').map((f) => values[f.key]);
    return wordsOf(...texts.map((t) => (typeof t === 'string' ? t : null)), ...media.map((m) => m.caption));
  }

  async formVersionFor(departmentId: string, formId: string | undefined): Promise<string | null> {
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

  /** The form a case made without asking gets (offline capture): the department's only one, else its first listed; null without any. */
  async defaultFormVersion(departmentId: string): Promise<string | null> {
    const available = await this.forms.list({ departmentId });
    return available.length === 0 ? null : (await this.forms.currentVersion(available[0]!.id))!.id;
  }

  async formOf(formVersionId: string | null): Promise<CaseForm | null> {
    if (!formVersionId) return null;
    const version = await this.forms.versionById(formVersionId);
    if (!version) return null;
    const form = await this.forms.find(version.form_id);
    return {
      id: version.form_id,
      name: form?.name ?? '',
      nameTranslations: translationsOf(form?.name_nb, form?.name_en),
      versionId: version.id,
      version: Number(version.version),
      fields: JSON.parse(version.fields) as FormField[],
    };
  }

  async fieldsOf(formVersionId: string | null): Promise<FormField[]> {
    return (await this.formOf(formVersionId))?.fields ?? [];
  }

}

export function invalidValues(errors: FormValueError[]): AppError {
  return new AppError('validation_failed', errors.map((e) => e.message).join(' '), { field: `values.${errors[0]!.key}`, errors });
}

/** The values without the empty required ones (only `required` errors were left), normalised. */
export function withoutErrors(values: Record<string, unknown>, fields: readonly FormField[]): Record<string, FormValue> {
  const optional = fields.map((f) => ({ ...f, required: false }));
  const checked = validateFormValues({ fields: optional }, values);
  return checked.ok ? checked.values : {};
}
