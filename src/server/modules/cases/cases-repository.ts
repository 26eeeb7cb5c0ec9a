import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Database, DialectName } from '../../db/database.js';
import { QueryTemplates } from '../../db/query-templates.js';
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

/** A row of a case list: the case without its form values, and what the list shows with it. */
export interface SearchRow extends Omit<CaseWithPatient, 'form_values'> {
  form_name: string | null;
  form_name_nb: string | null;
  form_name_en: string | null;
  signed_by_name: string | null;
  /** With CaseSearchFilter.openedBy: 1 while that user's emergency opening of the case runs, else 0 (always 0 for a patient who is not confidential). */
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

/**
 * 1 while the user's emergency opening of case `c` runs at `now`, else 0 (an integer on both
 * databases). Asked only of a confidential patient's case, the only one whose visibility depends on
 * it (Access.caseVisibility): the outer CASE keeps both databases from running the subquery for the
 * other rows (a list of 20 ordinary cases spent about a sixth of its SQLite time there).
 */
function openedBy(eb: ExpressionBuilder<SearchTables, 'c' | 'p'>, by: { userId: string; now: string }) {
  const running = eb
    .case()
    .when(
      eb.exists(
        eb.selectFrom('emergency_access as e').select('e.id').where('e.user_id', '=', by.userId).whereRef('e.case_id', '=', 'c.id').where('e.expires_at', '>', by.now),
      ),
    )
    .then(1)
    .else(0)
    .end();
  return eb.case().when('p.confidential', '=', 1).then(running).else(0).end().as('opened');
}

/** A search's filter as the values of its query template (undefined: not filtered by it). */
interface SearchFilterValues extends Record<string, unknown> {
  first: string | undefined;
  others: string[] | undefined;
  departmentIds: string[] | undefined;
  patientId: string | undefined;
  collectionId: string | undefined;
  formId: string | undefined;
  status: string | undefined;
  signedBy: string | undefined;
  from: string | undefined;
  to: string | undefined;
}

interface SearchPageValues extends SearchFilterValues {
  openedByUser: string | undefined;
  openedByNow: string | undefined;
  limit: number;
  offset: number;
}

/** The cases (or, with words, the first word's entries joined to their cases) that the filter keeps. */
function searchMatching(db: Kysely<DB>, v: SearchFilterValues) {
  // With words, the walk starts at the first word's index entries, newest first, so a common word
  // in a big archive still answers from the first page of the index.
  const dated = v.first !== undefined ? ('w.created_at' as const) : ('c.created_at' as const);
  const department = v.first !== undefined ? ('w.department_id' as const) : ('c.department_id' as const);
  const eb = expressionBuilder<SearchTables, 'c' | 'w' | 'p'>();
  const conditions: Expression<SqlBool>[] = [];
  if (v.first !== undefined) conditions.push(eb('w.word', '=', v.first));
  if (v.departmentIds) conditions.push(eb(department, 'in', v.departmentIds));
  if (v.patientId !== undefined) conditions.push(eb('c.patient_id', '=', v.patientId));
  if (v.collectionId !== undefined) conditions.push(eb('c.collection_id', '=', v.collectionId));
  if (v.formId !== undefined) conditions.push(eb('c.form_version_id', 'in', eb.selectFrom('form_version').select('form_version.id').where('form_version.form_id', '=', v.formId)));
  if (v.status !== undefined) conditions.push(eb('c.status', '=', v.status));
  if (v.signedBy !== undefined) conditions.push(eb('c.signed_by', '=', v.signedBy));
  if (v.from !== undefined) conditions.push(eb(dated, '>=', v.from));
  if (v.to !== undefined) conditions.push(eb(dated, '<', v.to));
  for (const word of v.others ?? []) {
    conditions.push(eb.exists(eb.selectFrom('case_word as ow').select('ow.case_id').whereRef('ow.case_id', '=', 'c.id').where('ow.word', '=', word)));
  }
  if (v.first !== undefined) conditions.push(eb.or([eb('p.confidential', 'is', null), eb('p.confidential', '=', 0)]));
  const matching = v.first !== undefined ? db.selectFrom('case_word as w').innerJoin('clinical_case as c', 'c.id', 'w.case_id') : db.selectFrom('clinical_case as c');
  return { matching, where: eb.and(conditions), dated };
}

/** One page of a search: the list's columns of each case (not its form values), newest first. */
function searchPage(db: Kysely<DB>, dialect: DialectName, v: SearchPageValues) {
  const { matching, where, dated } = searchMatching(db, v);
  return (
    matching
      .leftJoin('patient as p', 'p.id', 'c.patient_id')
      // The list's thumbnail and capture date, kept by triggers in a table of their own (migrations 0041,
      // 0042): two correlated subqueries per row were about a third of the list's SQLite time.
      .leftJoin('case_list_media as lm', 'lm.case_id', 'c.id')
      // SQLite: the form's and the signer's names by join (a correlated subquery per row and name cost
      // about as much as reading the row). PostgreSQL: as subqueries below, so it plans a join of three
      // tables rather than six (about 0.5 instead of 2 ms of planning).
      .$if(dialect === 'sqlite', (q) =>
        q
          .leftJoin('form_version as lfv', 'lfv.id', 'c.form_version_id')
          .leftJoin('form as lf', 'lf.id', 'lfv.form_id')
          .leftJoin('user_account as lsigner', 'lsigner.id', 'c.signed_by')
          .select(['lf.name as form_name', 'lf.name_nb as form_name_nb', 'lf.name_en as form_name_en', 'lsigner.display_name as signed_by_name']),
      )
      .$if(dialect === 'postgres', (q) =>
        q.select((b) => [
          b.selectFrom('form_version as fv').innerJoin('form as f', 'f.id', 'fv.form_id').select('f.name').whereRef('fv.id', '=', 'c.form_version_id').as('form_name'),
          b.selectFrom('form_version as fv').innerJoin('form as f', 'f.id', 'fv.form_id').select('f.name_nb').whereRef('fv.id', '=', 'c.form_version_id').as('form_name_nb'),
          b.selectFrom('form_version as fv').innerJoin('form as f', 'f.id', 'fv.form_id').select('f.name_en').whereRef('fv.id', '=', 'c.form_version_id').as('form_name_en'),
          b.selectFrom('user_account as signer').select('signer.display_name').whereRef('signer.id', '=', 'c.signed_by').as('signed_by_name'),
        ]),
      )
      .where(where)
      .select([
        'c.id',
        'c.patient_id',
        'c.collection_id',
        'c.department_id',
        'c.form_version_id',
        'c.status',
        'c.version',
        'c.created_by',
        'c.created_at',
        'c.updated_at',
        'c.signed_by',
        'c.signed_at',
      ])
      .select((b) => [
        'p.confidential as patient_confidential',
        'lm.thumbnail_media_id',
        'lm.captured_at',
      ])
      // The list's rights decision for confidential patients' cases, in the same statement (issue 20).
      .$if(v.openedByUser !== undefined, (q) => q.select((b) => openedBy(b, { userId: v.openedByUser!, now: v.openedByNow! })))
      // A reference: the union of the two starts is more than the builder's types follow here.
      .orderBy(sql.ref(dated), 'desc')
      .orderBy('c.id', 'desc')
      .limit(v.limit)
      .offset(v.offset)
  );
}

/**
 * A search's total, capped: it joins only what the filter needs (the patient for the confidentiality
 * rule of word searches) and selects nothing from the rows, so indexes answer it without reading rows.
 */
function searchCount(db: Kysely<DB>, v: SearchFilterValues) {
  const { matching, where } = searchMatching(db, v);
  return db
    .selectFrom(
      (v.first !== undefined ? matching.leftJoin('patient as p', 'p.id', 'c.patient_id') : matching)
        .where(where)
        .select((b) => b.lit(1).as('one'))
        .limit(TOTAL_CAP + 1)
        .as('matching'),
    )
    .select((b) => b.fn.countAll<number>().as('total'));
}

/**
 * The case read's one statement: the case with everything its page shows of it besides the media,
 * and whether the reading user's emergency opening of it runs at `now`.
 */
function caseDetail(db: Kysely<DB>, id: string, userId: string, now: string) {
  return db
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
    .where('c.id', '=', id);
}

/** A draft as it is inside a change's transaction (CasesRepository.lockDraft). */
export interface LockedDraft {
  formValues: string;
  media: { id: string; status: string; caption: string | null }[];
}

export class CasesRepository {
  private readonly templates = new QueryTemplates();

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
  async findDetail(id: string, userId: string, now: string): Promise<CaseDetailRow | undefined> {
    const rows = await this.templates.execute(this.database.db, 'cases.detail', { id, userId, now }, (v) => caseDetail(this.database.db, v.id, v.userId, v.now));
    return rows[0] as CaseDetailRow | undefined;
  }

  async annotationsOf(caseId: string, version: number): Promise<Map<string, string>> {
    const db = this.database.db;
    const rows = await this.templates.execute(db, 'cases.annotations', { caseId, version }, (v) =>
      db.selectFrom('media_annotation').select(['media_id', 'shapes']).where('case_id', '=', v.caseId).where('version', '=', v.version),
    );
    return new Map(rows.map((r) => [r.media_id, r.shapes]));
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

  /**
   * Inside a change's transaction: holds the draft (PostgreSQL: FOR NO KEY UPDATE, so a sign, an upload
   * or another media change of the case waits for this one, and this one for them, while a row that
   * only refers to the case — whose foreign key takes a key share, possibly at another transaction's
   * commit after it locked the case's list row — does not wait; FOR UPDATE deadlocked a card import)
   * and reads what the
   * change was decided on — the form values and the live media list, in order. Undefined when it is
   * no longer that draft (signed, or another version started since it was read).
   */
  async lockDraft(trx: Transaction<DB>, caseId: string, version: number): Promise<LockedDraft | undefined> {
    let query = trx.selectFrom('clinical_case').select('form_values').where('id', '=', caseId).where('status', '=', 'draft').where('version', '=', version);
    if (this.database.dialect === 'postgres') query = query.forNoKeyUpdate();
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const media = await trx
      .selectFrom('media')
      .select(['id', 'status', 'caption'])
      .where('case_id', '=', caseId)
      .where('status', 'in', ['processing', 'ready'])
      .where('removed_at', 'is', null)
      .orderBy('position')
      .execute();
    return { formValues: row.form_values, media };
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
    // The filter's values, by name: the query templates build each shape of search once (issue 20).
    const [first, ...others] = filter.words;
    const formValues: SearchFilterValues = {
      first,
      others: others.length > 0 ? others : undefined,
      departmentIds: filter.departmentIds === 'all' ? undefined : filter.departmentIds,
      patientId: filter.patientId,
      collectionId: filter.collectionId,
      formId: filter.formId,
      status: filter.status,
      signedBy: filter.signedBy,
      from: filter.from,
      to: filter.to,
    };
    const pageValues: SearchPageValues = {
      ...formValues,
      openedByUser: filter.openedBy?.userId,
      openedByNow: filter.openedBy?.now,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    };
    const items = (await this.templates.execute(db, 'cases.search.page', pageValues, (v) => searchPage(db, this.database.dialect, v))) as SearchRow[];
    // A page that is not full and not past the end says the total itself (a patient's list nearly
    // always): the count is asked only when there may be more, or nothing was found past page one
    // (issue 20: the count was a sixth of the list's statement time on SQLite, a round trip on PostgreSQL).
    if (items.length > 0 && items.length < pageSize) {
      const total = pageValues.offset + items.length;
      return { items, total: Math.min(total, TOTAL_CAP), totalIsLowerBound: total > TOTAL_CAP };
    }
    if (items.length === 0 && pageValues.offset === 0) return { items, total: 0, totalIsLowerBound: false };
    const counted = await this.templates.execute(db, 'cases.search.count', formValues, (v) => searchCount(db, v));
    const total = Number(counted[0]!.total);
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
