import { departmentsWithRight } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations } from '../rights/audited.js';
import { translationsOf, type FormField, type LocalizedText, type TextTranslations } from '../forms/forms-fields.js';
import { parseValues } from './case-views.js';
import type { CasesRepository, TimelineRow } from './cases-repository.js';

/** At most this many images in one timeline (newest first); `truncated` says there were more. */
export const TIMELINE_LIMIT = 2000;

export interface TimelineField {
  key: string;
  label: LocalizedText;
  /** The case's value as shown: the chosen options' labels, or the text/number/date as written. */
  values: LocalizedText[];
}

export interface TimelineCase {
  id: string;
  departmentId: string;
  formName: string | null;
  formNameTranslations: TextTranslations;
  status: string;
  version: number;
  createdAt: string;
  fields: TimelineField[];
}

export interface TimelineImage {
  mediaId: string;
  caseId: string;
  capturedAt: string | null;
  createdAt: string;
  caption: string | null;
  width: number | null;
  height: number | null;
}

/**
 * The answer names no patient: a patient without a visible case and an id that names nobody get
 * the same bytes (the existence oracle, DESIGN §3.2).
 */
export interface PatientTimeline {
  cases: TimelineCase[];
  images: TimelineImage[];
  /** Cases of a confidential patient the caller has not opened: counted, nothing else about them. */
  hiddenConfidential: number;
  truncated: boolean;
}

/** The fields a timeline filters by: short values only (no long text). */
function fieldsOf(row: TimelineRow): TimelineField[] {
  if (!row.form_fields) return [];
  const defs = JSON.parse(row.form_fields) as FormField[];
  const values = parseValues(row.form_values);
  const out: TimelineField[] = [];
  for (const def of defs) {
    const value = values[def.key];
    if (value === undefined || value === null || value === '' || def.type === 'long_text') continue;
    const codes = Array.isArray(value) ? value : [value];
    const shown = codes.map((v): LocalizedText => {
      if (def.options) {
        const option = def.options.find((o) => o.code === String(v));
        if (option) return option.label;
      }
      return { sv: String(v) };
    });
    out.push({ key: def.key, label: def.label, values: shown });
  }
  return out;
}

/**
 * A patient's images across the cases the caller may read (issue 19): exactly the case list's
 * rights (departments with case.read; a confidential patient's cases only once opened), one
 * audited read per request.
 */
export class CaseTimelineService {
  constructor(
    private readonly repository: CasesRepository,
    private readonly audited: AuditedOperations,
  ) {}

  timeline(ctx: RequestContext, patientId: string): Promise<PatientTimeline> {
    return this.audited.read(ctx, 'case.timeline', { patientId, objectType: 'patient', objectId: patientId }, async (op) => {
      // As the case search: filtered to the departments the caller may read, never refused.
      const actor = op.authenticated();
      const departmentIds = departmentsWithRight(actor, 'case.read');
      const rows = await this.repository.timeline(patientId, departmentIds, TIMELINE_LIMIT + 1);
      const truncated = rows.length > TIMELINE_LIMIT;
      const shown = rows.slice(0, TIMELINE_LIMIT);
      const byCase = new Map<string, TimelineRow>();
      for (const row of shown) if (!byCase.has(row.case_id)) byCase.set(row.case_id, row);
      const visibility = await op.caseVisibility(
        [...byCase.values()].map((row) => ({ id: row.case_id, departmentId: row.department_id, patientId: row.patient_id, confidential: row.patient_confidential === 1 })),
      );
      const visible = new Set([...byCase.keys()].filter((id) => visibility.get(id) === 'full'));
      const cases: TimelineCase[] = [...byCase.values()]
        .filter((row) => visible.has(row.case_id))
        .map((row) => ({
          id: row.case_id,
          departmentId: row.department_id,
          formName: row.form_name,
          formNameTranslations: translationsOf(row.form_name_nb, row.form_name_en),
          status: row.status,
          version: Number(row.version),
          createdAt: row.created_at,
          fields: fieldsOf(row),
        }));
      const images: TimelineImage[] = shown
        .filter((row) => visible.has(row.case_id))
        .map((row) => ({
          mediaId: row.media_id,
          caseId: row.case_id,
          capturedAt: row.captured_at,
          createdAt: row.media_created_at,
          caption: row.caption,
          width: row.width === null ? null : Number(row.width),
          height: row.height === null ? null : Number(row.height),
        }));
      const hiddenConfidential = byCase.size - visible.size;
      return {
        result: { cases, images, hiddenConfidential, truncated },
        details: { images: images.length, cases: cases.length, hiddenConfidential },
      };
    });
  }
}
