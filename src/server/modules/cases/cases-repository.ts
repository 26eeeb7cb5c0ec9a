import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { CaseVersionTable, CaseWordTable, ClinicalCaseTable, DB, PatientTable, TeachingCollectionTable } from '../../db/schema.js';

export type CaseRow = ClinicalCaseTable;
export type CaseVersionRow = CaseVersionTable;
export type CollectionRow = TeachingCollectionTable;

/** A case with what the rights check needs of its patient. */
export interface CaseWithPatient extends CaseRow {
  patient_confidential: number | null;
}

/**
 * A case with everything its page shows of it besides the media, read in one statement: the patient,
 * the collection's name, the form version with its form's name, the signer's name, and whether the
 * reading user's emergency opening of the case runs (`opened`, 1 or 0), for the rights decision.
 */
export interface CaseDetailRow extends CaseWithPatient {
  patient_identifier: string | null;
  patient_identifier_type: string | null;
  collection_name: string | null;
  form_id: string | null;
  form_name: string | null;
  form_name_nb: string | null;
  form_name_en: string | null;
  form_version_number: number | null;
  form_fields: string | null;
  signed_by_name: string | null;
  opened: number;
}

export interface SearchRow extends CaseWithPatient {
  form_name: string | null;
  form_name_nb: string | null;
  form_name_en: string | null;
  signed_by_name: string | null;
  /** With CaseSearchFilter.openedBy: 1 while that user's emergency opening of the case runs, else 0. */
  opened?: number;
  /** The first shown file with a thumbnail (issue 19: results show it), null when none has one. */
  thumbnail_media_id: string | null;
  /** The earliest capture time its shown files carry. */
  captured_at: string | null;
}

/** One image of a patient's timeline with what the timeline shows of its case. */
export interface TimelineRow {
  media_id: string;
  case_id: string;
  captured_at: string | null;
  media_created_at: string;
  caption: string | null;
  width: number | null;
  height: number | null;
  department_id: string;
  patient_id: string | null;
  status: string;
  version: number;
  created_at: string;
  form_values: string;
  patient_confidential: number | null;
  form_fields: string | null;
  form_name: string | null;
  form_name_nb: string | null;
  form_name_en: string | null;
}

export interface CaseSearchFilter {
  departmentIds: string[] | 'all';
  patientId?: string;
  collectionId?: string;
  formId?: string;
  status?: string;
  signedBy?: string;
  from?: string;
  to?: string;
  /** Every word must occur in the case's text; confidential patients' cases never match words. */
  words: string[];
  /** When given, each row says whether this user's emergency opening of the case runs at `now` (SearchRow.opened). */
  openedBy?: { userId: string; now: string };
}

/** Totals are counted up to this; above it the answer says "more than". */
export const TOTAL_CAP = 1000;

type Executor = Kysely<DB> | Transaction<DB>;

/** The tables of a search under their aliases: the case, the word walked, the patient. */
type SearchTables = DB & { c: ClinicalCaseTable; w: CaseWordTable; p: PatientTable };

/** 1 while the user's emergency opening of case `c` runs at `now`, else 0 (an integer on both databases). */
function openedBy(eb: ExpressionBuilder<SearchTables, 'c'>, by: { userId: string; now: string }) {
  return eb
    .case()
    .when(
      eb.exists(
        eb.selectFrom('emergency_access as e').select('e.id').where('e.user_id', '=', by.userId).whereRef('e.case_id', '=', 'c.id').where('e.expires_at', '>', by.now),
      ),
    )
    .then(1)
    .else(0)
    .end()
    .as('opened');
}

export class CasesRepository {
  constructor(private readonly database: Database) {}

  find(id: string): Promise<CaseWithPatient | undefined> {
    return this.database.db
      .selectFrom('clinical_case')
      .leftJoin('patient', 'patient.id', 'clinical_case.patient_id')
      .selectAll('clinical_case')
      .select('patient.confidential as patient_confidential')
      .where('clinical_case.id', '=', id)
      .executeTakeFirst();
  }

  /** The case and what its page shows of it (CaseDetailRow), with `userId`'s running emergency opening at `now`. */
  findDetail(id: string, userId: string, now: string): Promise<CaseDetailRow | undefined> {
    return this.database.db
      .selectFrom('clinical_case as c')
      .leftJoin('patient as p', 'p.id', 'c.patient_id')
      .leftJoin('teaching_collection as t', 't.id', 'c.collection_id')
      .leftJoin('form_version as fv', 'fv.id', 'c.form_version_id')
      .leftJoin('form as f', 'f.id', 'fv.form_id')
      .leftJoin('user_account as signer', 'signer.id', 'c.signed_by')
      .selectAll('c')
      .select((eb) => [
        'p.confidential as patient_confidential',
        'p.identifier as patient_identifier',
        'p.identifier_type as patient_identifier_type',
        't.name as collection_name',
        'fv.form_id as form_id',
        'f.name as form_name',
        'f.name_nb as form_name_nb',
        'f.name_en as form_name_en',
        'fv.version as form_version_number',
        'fv.fields as form_fields',
        'signer.display_name as signed_by_name',
        // As an integer on both databases (PostgreSQL's EXISTS is a boolean); as Access.requireCase asks it.
        eb
          .case()
          .when(
            eb.exists(
              eb
                .selectFrom('emergency_access as e')
                .select('e.id')
                .where('e.user_id', '=', userId)
                .whereRef('e.case_id', '=', 'c.id')
                .where('e.expires_at', '>', now),
            ),
          )
          .then(1)
          .else(0)
          .end()
          .as('opened'),
      ])
      .where('c.id', '=', id)
      .executeTakeFirst() as Promise<CaseDetailRow | undefined>;
  }

  // The writes run in the caller's transaction: the audited seam commits each with its audit event.

  async insert(trx: Transaction<DB>, row: CaseRow, words: string[]): Promise<void> {
    await trx.insertInto('clinical_case').values(row).execute();
    await this.replaceWords(trx, row, words);
  }

  /**
   * Changes the draft when it is still the version the caller saw; false when someone else signed
   * it or started another version in the meantime.
   */
  async updateDraft(trx: Transaction<DB>, row: CaseRow, changes: Partial<Pick<CaseRow, 'form_values' | 'updated_at'>>, words: string[]): Promise<boolean> {
    const result = await trx
      .updateTable('clinical_case')
      .set(changes)
      .where('id', '=', row.id)
      .where('status', '=', 'draft')
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.replaceWords(trx, row, words);
    return true;
  }

  /** Re-indexes the words of the latest version (after a caption change). */
  async reindex(trx: Transaction<DB>, row: CaseRow, words: string[]): Promise<void> {
    await this.replaceWords(trx, row, words);
  }

  /** Locks the draft and keeps it whole as a signed version; false when it was no longer that draft. */
  async sign(trx: Transaction<DB>, row: CaseRow, snapshot: CaseVersionRow): Promise<boolean> {
    const result = await trx
      .updateTable('clinical_case')
      .set({ status: 'signed', signed_by: snapshot.signed_by, signed_at: snapshot.signed_at, updated_at: snapshot.signed_at })
      .where('id', '=', row.id)
      .where('status', '=', 'draft')
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await trx.insertInto('case_version').values(snapshot).execute();
    return true;
  }

  /** Makes the next version an editable draft, starting from the signed one. */
  async startNextVersion(trx: Transaction<DB>, row: CaseRow, now: string): Promise<boolean> {
    const result = await trx
      .updateTable('clinical_case')
      .set({ status: 'draft', version: row.version + 1, signed_by: null, signed_at: null, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'signed')
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    // The new draft starts with the signed version's annotations (M15); the signed rows stay as they are.
    await trx
      .insertInto('media_annotation')
      .columns(['case_id', 'version', 'media_id', 'shapes', 'updated_by', 'updated_at'])
      .expression(
        trx
          .selectFrom('media_annotation')
          .select(['case_id', sql<number>`cast(${row.version + 1} as integer)`.as('version'), 'media_id', 'shapes', 'updated_by', 'updated_at'])
          .where('case_id', '=', row.id)
          .where('version', '=', row.version),
      )
      .execute();
    return true;
  }

  /** The annotation layers (JSON shapes by media id) of one version of a case, for comparing versions. */
  async annotationsOf(caseId: string, version: number): Promise<Map<string, string>> {
    const rows = await this.database.db.selectFrom('media_annotation').select(['media_id', 'shapes']).where('case_id', '=', caseId).where('version', '=', version).execute();
    return new Map(rows.map((r) => [r.media_id, r.shapes]));
  }

  signedVersions(caseId: string): Promise<(CaseVersionRow & { signed_by_name: string | null })[]> {
    return this.database.db
      .selectFrom('case_version')
      .leftJoin('user_account', 'user_account.id', 'case_version.signed_by')
      .selectAll('case_version')
      .select('user_account.display_name as signed_by_name')
      .where('case_id', '=', caseId)
      .orderBy('version', 'desc')
      .execute();
  }

  signedVersion(caseId: string, version: number): Promise<CaseVersionRow | undefined> {
    return this.database.db.selectFrom('case_version').selectAll().where('case_id', '=', caseId).where('version', '=', version).executeTakeFirst();
  }

  async userName(userId: string | null): Promise<string | null> {
    if (!userId) return null;
    const row = await this.database.db.selectFrom('user_account').select('display_name').where('id', '=', userId).executeTakeFirst();
    return row?.display_name ?? null;
  }

  async search(filter: CaseSearchFilter, page: number, pageSize: number): Promise<{ items: SearchRow[]; total: number; totalIsLowerBound: boolean }> {
    if (filter.departmentIds !== 'all' && filter.departmentIds.length === 0) return { items: [], total: 0, totalIsLowerBound: false };
    const db = this.database.db;
    // With words, the walk starts at the first word's index entries, newest first, so a common word
    // in a big archive still answers from the first page of the index.
    const [first, ...others] = filter.words;
    const dated = first ? ('w.created_at' as const) : ('c.created_at' as const);
    const department = first ? ('w.department_id' as const) : ('c.department_id' as const);
    // The filter, written once for both queries below.
    const eb = expressionBuilder<SearchTables, 'c' | 'w' | 'p'>();
    const conditions: Expression<SqlBool>[] = [];
    if (first) conditions.push(eb('w.word', '=', first));
    if (filter.departmentIds !== 'all') conditions.push(eb(department, 'in', filter.departmentIds));
    if (filter.patientId) conditions.push(eb('c.patient_id', '=', filter.patientId));
    if (filter.collectionId) conditions.push(eb('c.collection_id', '=', filter.collectionId));
    if (filter.formId) conditions.push(eb('c.form_version_id', 'in', eb.selectFrom('form_version').select('form_version.id').where('form_version.form_id', '=', filter.formId)));
    if (filter.status) conditions.push(eb('c.status', '=', filter.status));
    if (filter.signedBy) conditions.push(eb('c.signed_by', '=', filter.signedBy));
    if (filter.from) conditions.push(eb(dated, '>=', filter.from));
    if (filter.to) conditions.push(eb(dated, '<', filter.to));
    for (const word of others) {
      conditions.push(eb.exists(eb.selectFrom('case_word as ow').select('ow.case_id').whereRef('ow.case_id', '=', 'c.id').where('ow.word', '=', word)));
    }
    if (first) conditions.push(eb.or([eb('p.confidential', 'is', null), eb('p.confidential', '=', 0)]));
    const where = eb.and(conditions);
    const matching = first
      ? db.selectFrom('case_word as w').innerJoin('clinical_case as c', 'c.id', 'w.case_id')
      : db.selectFrom('clinical_case as c');
    const [items, counted] = await Promise.all([
      matching
        .leftJoin('patient as p', 'p.id', 'c.patient_id')
        .where(where)
        .selectAll('c')
        // The form's and the signer's names for the page's rows only, as subqueries: PostgreSQL then
        // plans a join of three tables rather than six (about 0.5 instead of 2 ms of planning).
        .select((b) => [
          'p.confidential as patient_confidential',
          b.selectFrom('form_version as fv').innerJoin('form as f', 'f.id', 'fv.form_id').select('f.name').whereRef('fv.id', '=', 'c.form_version_id').as('form_name'),
          b.selectFrom('form_version as fv').innerJoin('form as f', 'f.id', 'fv.form_id').select('f.name_nb').whereRef('fv.id', '=', 'c.form_version_id').as('form_name_nb'),
          b.selectFrom('form_version as fv').innerJoin('form as f', 'f.id', 'fv.form_id').select('f.name_en').whereRef('fv.id', '=', 'c.form_version_id').as('form_name_en'),
          b.selectFrom('user_account as signer').select('signer.display_name').whereRef('signer.id', '=', 'c.signed_by').as('signed_by_name'),
          // The list's thumbnail and capture date in the same statement (media_case_idx answers both).
          b
            .selectFrom('media as tm')
            .innerJoin('media_derivative as td', (j) => j.onRef('td.media_id', '=', 'tm.id').on('td.kind', '=', 'thumbnail'))
            .select('tm.id')
            .whereRef('tm.case_id', '=', 'c.id')
            .where('tm.status', '=', 'ready')
            .where('tm.removed_at', 'is', null)
            .orderBy('tm.position')
            .limit(1)
            .as('thumbnail_media_id'),
          b
            .selectFrom('media as cm')
            .select((m) => m.fn.min('cm.captured_at').as('first'))
            .whereRef('cm.case_id', '=', 'c.id')
            .where('cm.status', '=', 'ready')
            .where('cm.removed_at', 'is', null)
            .as('captured_at'),
        ])
        // The list's rights decision for confidential patients' cases, in the same statement (issue 20).
        .$if(filter.openedBy !== undefined, (q) => q.select((b) => openedBy(b, filter.openedBy!)))
        // A reference: the union of the two starts is more than the builder's types follow here.
        .orderBy(sql.ref(dated), 'desc')
        .orderBy('c.id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
      // The count joins only what the filter needs (the patient for the confidentiality rule of word
      // searches) and selects nothing from the rows, so indexes answer it without reading rows.
      db
        .selectFrom(
          (first ? matching.leftJoin('patient as p', 'p.id', 'c.patient_id') : matching)
            .where(where)
            .select((b) => b.lit(1).as('one'))
            .limit(TOTAL_CAP + 1)
            .as('matching'),
        )
        .select((b) => b.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow(),
    ]);
    const total = Number(counted.total);
    return { items, total: Math.min(total, TOTAL_CAP), totalIsLowerBound: total > TOTAL_CAP };
  }

  /**
   * A patient's shown images with their cases (issue 19's timeline), newest capture first, in the
   * departments given; one statement. Confidentiality is decided by the caller (Access).
   */
  timeline(patientId: string, departmentIds: string[] | 'all', limit: number): Promise<TimelineRow[]> {
    if (departmentIds !== 'all' && departmentIds.length === 0) return Promise.resolve([]);
    let query = this.database.db
      .selectFrom('media as m')
      .innerJoin('clinical_case as c', 'c.id', 'm.case_id')
      .leftJoin('patient as p', 'p.id', 'c.patient_id')
      .leftJoin('form_version as fv', 'fv.id', 'c.form_version_id')
      .leftJoin('form as f', 'f.id', 'fv.form_id')
      .select([
        'm.id as media_id',
        'm.case_id',
        'm.captured_at',
        'm.created_at as media_created_at',
        'm.caption',
        'm.width',
        'm.height',
        'c.department_id',
        'c.patient_id',
        'c.status',
        'c.version',
        'c.created_at',
        'c.form_values',
        'p.confidential as patient_confidential',
        'fv.fields as form_fields',
        'f.name as form_name',
        'f.name_nb as form_name_nb',
        'f.name_en as form_name_en',
      ])
      .where('c.patient_id', '=', patientId)
      .where('m.kind', '=', 'image')
      .where('m.status', '=', 'ready')
      .where('m.removed_at', 'is', null);
    if (departmentIds !== 'all') query = query.where('c.department_id', 'in', departmentIds);
    return query
      .orderBy(sql`coalesce(m.captured_at, m.created_at)`, 'desc')
      .orderBy('m.id', 'desc')
      .limit(limit)
      .execute();
  }

  // ---- teaching collections ----

  async insertCollection(trx: Transaction<DB>, row: CollectionRow): Promise<void> {
    await trx.insertInto('teaching_collection').values(row).execute();
  }

  findCollection(id: string): Promise<CollectionRow | undefined> {
    return this.database.db.selectFrom('teaching_collection').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async collections(departmentIds: string[] | 'all'): Promise<(CollectionRow & { case_count: number })[]> {
    if (departmentIds !== 'all' && departmentIds.length === 0) return [];
    let query = this.database.db
      .selectFrom('teaching_collection as t')
      .leftJoin('clinical_case as c', 'c.collection_id', 't.id')
      .selectAll('t')
      .select((eb) => eb.fn.count<number>('c.id').as('case_count'))
      .groupBy(['t.id', 't.department_id', 't.name', 't.description', 't.created_by', 't.created_at', 't.updated_at'])
      .orderBy('t.name');
    if (departmentIds !== 'all') query = query.where('t.department_id', 'in', departmentIds);
    return (await query.execute()).map((r) => ({ ...r, case_count: Number(r.case_count) }));
  }

  private async replaceWords(executor: Executor, row: CaseRow, words: string[]): Promise<void> {
    await executor.deleteFrom('case_word').where('case_id', '=', row.id).execute();
    // A few hundred rows per statement keeps within both databases' parameter limits.
    for (let i = 0; i < words.length; i += 200) {
      await executor
        .insertInto('case_word')
        .values(words.slice(i, i + 200).map((word) => ({ word, case_id: row.id, department_id: row.department_id, created_at: row.created_at })))
        .execute();
    }
  }
}
