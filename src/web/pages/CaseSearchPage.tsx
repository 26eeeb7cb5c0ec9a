import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, call, client, errorField } from '../api';
import { useSession } from '../session';
import { casePath, formatDateTime, hasRightIn } from '../media';
import { hasNextPage, pageCount, shownRange } from '../case-search';
import { sameId } from '../types';
import type { CaseList, CaseListItem, Department, Id, SessionUser, UserName } from '../types';
import { caseFormName, translatedText, type FormSummary } from '../forms';
import { ErrorAlert, Loading, PageHeading, errorText, useLoad, usePageTitle, Pager } from '../components/common';
import { TableHead } from '../components/table';
import { ruleText } from './PatientsPage';
import { filterQuery, pageOf, readFilters, useFilterDraft } from '../url-filters';
import { EmergencyOpen } from './cases/EmergencyOpen';
import { CaseStatusBadge, useLocale } from './cases/shared';
import { CaseResultGrid, CaseThumb, Highlight, MatchedWords, ViewToggle, capturedText, searchWords, useResultView } from './cases/CaseResults';

export const CASE_SEARCH_PAGE_SIZE = 25;

/** The filters that live in the address. The patient is there only as the opaque patientId. */
const FILTER_KEYS = ['patientId', 'departmentId', 'formId', 'status', 'from', 'to', 'signedBy', 'q'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

/** The patient searched for, kept in the history entry's state: the identifier never goes in the address. */
interface SearchPatient {
  id: string;
  /** The normalised identifier, as the server knows it. */
  identifier: string;
  /** The identifier as the user typed it, shown again in the field. */
  typed: string;
  type: string;
  confidential: boolean;
}

function readSearchPatient(state: unknown): SearchPatient | null {
  if (!state || typeof state !== 'object') return null;
  const p = (state as { searchPatient?: unknown }).searchPatient;
  if (!p || typeof p !== 'object') return null;
  const { id, identifier, typed, type, confidential } = p as Record<string, unknown>;
  if (typeof id !== 'string' || typeof identifier !== 'string' || typeof type !== 'string') return null;
  return { id, identifier, typed: typeof typed === 'string' ? typed : identifier, type, confidential: confidential === true };
}

interface DepartmentOption {
  id: string;
  name: string;
}

/** The departments where the user may read cases: all of them with a global role, else their own. */
function readableDepartments(user: SessionUser | null, all: Department[] | null): DepartmentOption[] {
  const assignments = (user?.assignments ?? []).filter((a) => a.rights.includes('case.read'));
  const out: DepartmentOption[] = [];
  if (assignments.some((a) => a.global) && all) {
    for (const d of all) if (d.active) out.push({ id: String(d.id), name: d.name });
  } else {
    for (const a of assignments) {
      if (out.some((d) => sameId(d.id, a.departmentId))) continue;
      const known = all?.find((d) => sameId(d.id, a.departmentId));
      out.push({ id: String(a.departmentId), name: known?.name ?? a.departmentName });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}


export function CaseSearchPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('search.title'));
  const { user, hasRight } = useSession();
  const locale = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const ids = {
    filters: useId(),
    identifier: useId(),
    identifierHint: useId(),
    identifierError: useId(),
    department: useId(),
    form: useId(),
    status: useId(),
    from: useId(),
    to: useId(),
    toError: useId(),
    signer: useId(),
    words: useId(),
    wordsHint: useId(),
    wordsError: useId(),
    results: useId(),
  };
  const identifierRef = useRef<HTMLInputElement>(null);
  const toRef = useRef<HTMLInputElement>(null);
  const wordsRef = useRef<HTMLInputElement>(null);

  const paramsKey = location.search;
  const params = useMemo(() => new URLSearchParams(paramsKey), [paramsKey]);
  const applied = useMemo(() => readFilters(FILTER_KEYS, paramsKey), [paramsKey]);
  // A search is shown once asked for (every search is an audited access): the address then has a page.
  const searched = params.has('page');
  const page = pageOf(paramsKey);
  const statePatient = readSearchPatient(location.state);
  const patient = statePatient && statePatient.id === applied.patientId ? statePatient : null;

  const { draft, setDraft, set } = useFilterDraft(applied);
  const [identifierDraft, setIdentifierDraft] = useState(patient?.typed ?? '');
  const [identifierError, setIdentifierError] = useState<string | null>(null);
  const [toError, setToError] = useState<string | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [looking, setLooking] = useState(false);

  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [forms, setForms] = useState<FormSummary[] | null>(null);
  const [users, setUsers] = useState<UserName[] | null>(null);
  const canLookUp = hasRight('patient.read');
  const canListSigners = hasRight('audit.read');

  useEffect(() => setIdentifierDraft(patient?.typed ?? ''), [patient?.typed, applied.patientId]);

  useEffect(() => {
    call(client.GET('/api/departments')).then(setDepartments, () => setDepartments(null));
    call(client.GET('/api/forms')).then(setForms, () => setForms(null));
    // Signers can be chosen only by those who may read the list of users (log operators and administrators).
    if (canListSigners) call(client.GET('/api/audit/users')).then(setUsers, () => setUsers(null));
  }, [canListSigners]);

  const { data, error, loading } = useLoad<CaseList | null>(() => {
    if (!searched) return Promise.resolve(null);
    const filters = Object.fromEntries(Object.entries(applied).filter(([, v]) => v.trim()));
    return call(client.GET('/api/cases', { params: { query: { ...filters, page, pageSize: CASE_SEARCH_PAGE_SIZE } } }));
  }, [paramsKey]);

  const departmentOptions = readableDepartments(user, departments);
  const formOptions = (forms ?? [])
    .filter((f) =>
      draft.departmentId
        ? f.departmentIds.some((d) => sameId(d, draft.departmentId))
        : f.departmentIds.some((d) => departmentOptions.some((o) => sameId(o.id, d))),
    )
    .map((f) => ({ ...f, name: translatedText(f.name, f.nameTranslations, i18n.resolvedLanguage) }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const departmentLabel = (id: Id) =>
    departments?.find((d) => sameId(d.id, id))?.name ??
    user?.assignments.find((a) => sameId(a.departmentId, id))?.departmentName ??
    t('cases.unknownDepartment');

  function go(filters: Filters, toPage: number, searchPatient: SearchPatient | null) {
    navigate({ search: `?${filterQuery(FILTER_KEYS, filters, toPage).toString()}` }, { state: searchPatient ? { searchPatient } : null });
  }

  /** The patient for the identifier typed, looked up through the request body; null to search without one. */
  async function resolvePatient(): Promise<SearchPatient | null | 'invalid'> {
    const typed = identifierDraft.trim();
    if (!typed) return null;
    if (patient && (typed === patient.typed || typed === patient.identifier)) return patient;
    try {
      const found = await call(client.POST('/api/patients/lookup', { body: { identifier: typed } }));
      return { id: String(found.id), identifier: found.identifier, typed, type: String(found.type), confidential: found.confidential };
    } catch (err) {
      if (err instanceof ApiError && err.code === 'patient_not_found') {
        setIdentifierError(t('search.patientNotFound', { identifier: typed }));
      } else if (err instanceof ApiError && err.code === 'invalid_identifier') {
        setIdentifierError(ruleText(t, err.body.rule, err.message));
      } else {
        setLookupError(err);
        return 'invalid';
      }
      identifierRef.current?.focus();
      return 'invalid';
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setIdentifierError(null);
    setToError(null);
    setLookupError(null);
    if (draft.from && draft.to && draft.from > draft.to) {
      setToError(t('search.dateOrder'));
      toRef.current?.focus();
      return;
    }
    setLooking(true);
    try {
      // A patient id that came in the address without its identifier stays until removed.
      const keepAnonymous = !identifierDraft.trim() && draft.patientId && !patient;
      const found = keepAnonymous ? { id: draft.patientId, identifier: '', typed: '', type: '', confidential: false } : await resolvePatient();
      if (found === 'invalid') return;
      go({ ...draft, patientId: found?.id ?? '' }, 1, found && found.identifier ? found : null);
    } finally {
      setLooking(false);
    }
  }

  function onReset() {
    const empty = readFilters(FILTER_KEYS, '');
    setIdentifierDraft('');
    setIdentifierError(null);
    setToError(null);
    setLookupError(null);
    setDraft(empty);
    navigate({ search: '' }, { state: null });
  }

  function onDepartmentChange(value: string) {
    setDraft((d) => {
      const form = forms?.find((f) => sameId(f.id, d.formId));
      const keepForm = !value || !form || form.departmentIds.some((id) => sameId(id, value));
      return { ...d, departmentId: value, formId: keepForm ? d.formId : '' };
    });
  }

  // A patient id from the address whose identifier this page does not know (e.g. a link from a colleague).
  const anonymousPatient = draft.patientId && !patient && !identifierDraft.trim();
  const wordsError = error && errorField(error) === 'q' ? errorText(t, error) : null;
  const listError = wordsError ? null : error;
  const [view, setView] = useResultView();
  const words = searchWords(applied.q);
  const linkState = patient ? { patient: { identifier: patient.identifier, type: patient.type, confidential: patient.confidential } } : undefined;

  return (
    <div className="page">
      <PageHeading>{t('search.title')}</PageHeading>

      <form className="panel filter-form" onSubmit={(e) => void onSubmit(e)} role="search" aria-labelledby={ids.filters} noValidate>
        <h2 id={ids.filters} className="visually-hidden">
          {t('search.filters')}
        </h2>
        <div className="filter-grid">
          {canLookUp && (
            <div className={identifierError ? 'field field-invalid field-wide' : 'field field-wide'}>
              <label htmlFor={ids.identifier}>{t('search.patient')}</label>
              <p className="hint" id={ids.identifierHint}>
                {t('search.patientHint')}
              </p>
              <input
                id={ids.identifier}
                ref={identifierRef}
                className="mono"
                value={identifierDraft}
                onChange={(e) => setIdentifierDraft(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                aria-invalid={identifierError ? true : undefined}
                aria-describedby={identifierError ? `${ids.identifierHint} ${ids.identifierError}` : ids.identifierHint}
                placeholder="ÅÅÅÅMMDD-NNNN"
              />
              {identifierError && (
                <p className="field-error" id={ids.identifierError} role="alert">
                  {identifierError}
                </p>
              )}
              {anonymousPatient && (
                <p className="hint">
                  {t('search.patientSelected')}{' '}
                  <button type="button" className="button-link" onClick={() => set('patientId')('')}>
                    {t('search.clearPatient')}
                  </button>
                </p>
              )}
            </div>
          )}
          <div className="field">
            <label htmlFor={ids.department}>{t('search.department')}</label>
            <select id={ids.department} value={draft.departmentId} onChange={(e) => onDepartmentChange(e.target.value)}>
              <option value="">{t('search.allDepartments')}</option>
              {departmentOptions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.form}>{t('search.form')}</label>
            <select id={ids.form} value={draft.formId} onChange={(e) => set('formId')(e.target.value)}>
              <option value="">{t('search.allForms')}</option>
              {formOptions.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.status}>{t('search.status')}</label>
            <select id={ids.status} value={draft.status} onChange={(e) => set('status')(e.target.value)}>
              <option value="">{t('search.allStatuses')}</option>
              <option value="draft">{t('cases.status.draft')}</option>
              <option value="signed">{t('cases.status.signed')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.from}>{t('search.from')}</label>
            <input id={ids.from} type="date" value={draft.from} onChange={(e) => set('from')(e.target.value)} />
          </div>
          <div className={toError ? 'field field-invalid' : 'field'}>
            <label htmlFor={ids.to}>{t('search.to')}</label>
            <input
              id={ids.to}
              ref={toRef}
              type="date"
              value={draft.to}
              onChange={(e) => set('to')(e.target.value)}
              aria-invalid={toError ? true : undefined}
              aria-describedby={toError ? ids.toError : undefined}
            />
            {toError && (
              <p className="field-error" id={ids.toError} role="alert">
                {toError}
              </p>
            )}
          </div>
          {users && (
            <div className="field">
              <label htmlFor={ids.signer}>{t('search.signer')}</label>
              <select id={ids.signer} value={draft.signedBy} onChange={(e) => set('signedBy')(e.target.value)}>
                <option value="">{t('search.allSigners')}</option>
                {users
                  .slice()
                  .sort((a, b) => (a.displayName || a.username).localeCompare(b.displayName || b.username))
                  .map((u) => (
                    <option key={String(u.id)} value={String(u.id)}>
                      {u.displayName ? `${u.displayName} (${u.username})` : u.username}
                    </option>
                  ))}
              </select>
            </div>
          )}
          <div className={wordsError ? 'field field-invalid field-wide' : 'field field-wide'}>
            <label htmlFor={ids.words}>{t('search.words')}</label>
            <p className="hint" id={ids.wordsHint}>
              {t('search.wordsHint')}
            </p>
            <input
              id={ids.words}
              ref={wordsRef}
              type="search"
              value={draft.q}
              maxLength={200}
              onChange={(e) => set('q')(e.target.value)}
              autoComplete="off"
              aria-invalid={wordsError ? true : undefined}
              aria-describedby={wordsError ? `${ids.wordsHint} ${ids.wordsError}` : ids.wordsHint}
            />
            {wordsError && (
              <p className="field-error" id={ids.wordsError} role="alert">
                {wordsError}
              </p>
            )}
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={looking}>
            {looking ? t('search.searching') : t('search.submit')}
          </button>
          <button type="button" className="button-secondary" onClick={onReset}>
            {t('search.reset')}
          </button>
        </div>
      </form>

      <ErrorAlert error={lookupError} />
      <ErrorAlert error={listError} detail />

      {searched && (
        <section className="panel" aria-labelledby={ids.results} aria-busy={loading}>
          <div className="table-head">
            <h2 id={ids.results}>{t('search.resultsTitle')}</h2>
            <ViewToggle view={view} onView={setView} />
            {data && data.items.length > 0 && (
              <p className="muted" role="status">
                {t(data.totalIsLowerBound ? 'search.rangeMore' : 'search.range', {
                  ...shownRange(data.page, data.pageSize, data.items.length),
                  total: data.total,
                })}
              </p>
            )}
          </div>
          {loading && !data ? (
            <Loading />
          ) : data && data.items.length === 0 ? (
            <p className="muted" role="status">
              {t('search.none')}
            </p>
          ) : data && view === 'grid' ? (
            <CaseResultGrid
              items={data.items}
              locale={locale}
              words={words}
              department={departmentLabel}
              linkState={linkState}
              confidential={(item) =>
                hasRightIn(user, 'case.emergency_open', item.departmentId) && (
                  <EmergencyOpen caseId={item.id} onOpened={() => navigate(casePath(item.id), linkState ? { state: linkState } : undefined)} />
                )
              }
            />
          ) : data ? (
            <div className="table-wrap">
              <table className="case-search-table">
                <TableHead
                  columns={[t('looking.columns.image'), ...(['date', 'department', 'form', 'status', 'version', 'signer'] as const).map((c) => t(`search.columns.${c}`))]}
                  actions
                />
                <tbody>
                  {data.items.map((item) => (
                    <ResultRow
                      key={String(item.id)}
                      item={item}
                      locale={locale}
                      words={words}
                      department={departmentLabel(item.departmentId)}
                      canOpen={item.confidential && hasRightIn(user, 'case.emergency_open', item.departmentId)}
                      linkState={linkState}
                      onOpened={() => navigate(casePath(item.id), linkState ? { state: linkState } : undefined)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {data && (data.page > 1 || hasNextPage(data)) && (
            <Pager
              page={data.page}
              pages={data.totalIsLowerBound ? null : pageCount(data.total, data.pageSize)}
              hasNext={hasNextPage(data)}
              loading={loading}
              onPage={(p) => go(applied, p, patient)}
            />
          )}
        </section>
      )}
    </div>
  );
}

function ResultRow({
  item,
  locale,
  words,
  department,
  canOpen,
  linkState,
  onOpened,
}: {
  item: CaseListItem;
  locale: string;
  words: readonly string[];
  department: string;
  canOpen: boolean;
  linkState: unknown;
  onOpened(): void;
}) {
  const { t, i18n } = useTranslation();
  const date = <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, locale)}</time>;
  if (item.confidential) {
    // Nothing about a confidential patient's case but where and when: no link, no form, no signer.
    return (
      <tr className="case-row-confidential">
        <td>
          <CaseThumb mediaId={null} label="" />
        </td>
        <td className="nowrap">{date}</td>
        <td>{department}</td>
        <td colSpan={4}>
          <span className="badge badge-confidential">{t('search.confidential')}</span>
        </td>
        <td className="cell-actions">{canOpen && <EmergencyOpen caseId={item.id} onOpened={onOpened} />}</td>
      </tr>
    );
  }
  const captured = capturedText(item, locale);
  const formName = caseFormName(item, i18n.resolvedLanguage);
  return (
    <tr>
      <td>
        <CaseThumb mediaId={item.thumbnailMediaId} label={`${formName ?? t('search.noForm')}, ${department}`} />
      </td>
      <td className="nowrap">
        <Link to={casePath(item.id)} state={linkState}>
          {date}
        </Link>
        {captured && (
          <>
            <br />
            <span className="muted">{t('looking.captured', { date: captured })}</span>
          </>
        )}
      </td>
      <td>{department}</td>
      <td>
        {formName ? <Highlight text={formName} words={words} /> : <span className="muted">{t('search.noForm')}</span>}
        {words.length > 0 && (
          <>
            <br />
            <MatchedWords words={words} />
          </>
        )}
      </td>
      <td>
        <CaseStatusBadge status={item.status} />
      </td>
      <td>{item.version}</td>
      <td>{item.signedByName ?? (item.signedBy ? String(item.signedBy) : <span className="muted">{t('search.notSigned')}</span>)}</td>
      <td />
    </tr>
  );
}
