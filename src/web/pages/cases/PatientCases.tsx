import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, call, client } from '../../api';
import { useSession } from '../../session';
import { casePath, departmentName, departmentsWithRight, formatDateTime } from '../../media';
import type { CaseList, Id, Patient } from '../../types';
import { caseFormName, translatedText, type TextTranslations } from '../../forms';
import { ErrorAlert } from '../../components/common';
import { CaseStatusBadge, patientState, useLocale } from './shared';
import { useCopyMode } from '../../components/CopyMode';
import { CaseResultGrid, CaseThumb, ViewToggle, capturedText, useResultView } from './CaseResults';

/** How many of the patient's cases the card lists. */
const LIST_SIZE = 20;

/**
 * The patient's cases on the patient card, and "New case" in a department where the user may
 * write cases. Users who may create cases see the list at once (so that they can open an existing
 * draft rather than start another); users who may only read cases ask for it, since every
 * listing is an audited access.
 */
export function PatientCases({ patient }: { patient: Patient }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const { user, hasRight, ehrReadOnly } = useSession();
  const navigate = useNavigate();
  const ids = { heading: useId(), department: useId(), hint: useId(), form: useId() };
  const locale = useLocale();

  // No new cases on the backup workstation's read-only copy.
  const readOnlyCopy = useCopyMode().copy !== null;
  // Nor in a session the EHR opened in read mode (issue 15): the server would refuse them.
  const writable = readOnlyCopy || ehrReadOnly ? [] : departmentsWithRight(user, 'case.write');
  const canList = hasRight('case.read');
  const [showList, setShowList] = useState(writable.length > 0);
  const [cases, setCases] = useState<CaseList | null>(null);
  const [listError, setListError] = useState<unknown>(null);

  const [departmentId, setDepartmentId] = useState(writable[0] ? String(writable[0].id) : '');
  const [forms, setForms] = useState<{ id: Id; name: string; nameTranslations: TextTranslations }[]>([]);
  const [formId, setFormId] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const [view, setView] = useResultView();
  const department = (id: Id) => departmentName(user, id) ?? t('cases.unknownDepartment');

  const load = useCallback(async () => {
    try {
      setCases(await call(client.GET('/api/cases', { params: { query: { patientId: String(patient.id), pageSize: LIST_SIZE } } })));
      setListError(null);
    } catch (err) {
      setListError(err);
    }
  }, [patient.id]);

  useEffect(() => {
    if (canList && showList) void load();
  }, [canList, showList, load]);

  // The department's forms: with several, the user chooses which one the case uses.
  useEffect(() => {
    if (!departmentId) return;
    let cancelled = false;
    call(client.GET('/api/forms', { params: { query: { departmentId: String(departmentId) } } }))
      .then((list) => {
        if (cancelled) return;
        setForms(list);
        setFormId(list.length === 1 ? String(list[0]!.id) : '');
      })
      .catch(() => !cancelled && setForms([]));
    return () => {
      cancelled = true;
    };
  }, [departmentId]);

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    if (!departmentId) return;
    setCreateError(null);
    setCreating(true);
    try {
      const created = await call(
        client.POST('/api/cases', { body: { patientId: String(patient.id), departmentId: String(departmentId), ...(formId ? { formId } : {}) } }),
      );
      navigate(casePath(created.id), { state: patientState(patient) });
    } catch (err) {
      setCreateError(err);
      setCreating(false);
    }
  }

  if (!canList && writable.length === 0) return null;

  const listErrorText =
    listError instanceof ApiError ? listError.message || t('errors.generic') : listError ? t('errors.generic') : '';

  return (
    <div className="patient-cases">
      <h3 id={ids.heading}>{t('cases.listTitle')}</h3>

      {canList && !showList && (
        <button type="button" className="button-secondary" onClick={() => setShowList(true)}>
          {t('cases.showCases')}
        </button>
      )}

      {canList && showList && (
        <>
          {listError ? (
            // A secondary list: its failure does not take over the page, the look-up itself succeeded.
            <p className="muted">{t('cases.listError', { message: listErrorText })}</p>
          ) : cases === null ? (
            <p className="muted">{t('cases.loadingCases')}</p>
          ) : cases.items.length === 0 ? (
            <p className="muted">{t('cases.empty')}</p>
          ) : (
            <>
              <p>
                <Link to={`/patients/${encodeURIComponent(String(patient.id))}/timeline`} state={patientState(patient)}>
                  {t('looking.timeline.link')}
                </Link>
              </p>
              <ViewToggle view={view} onView={setView} />
              {view === 'grid' ? (
                <CaseResultGrid items={cases.items} locale={locale} words={[]} department={department} linkState={patientState(patient)} confidential={() => null} />
              ) : (
                <ul className="case-list" aria-labelledby={ids.heading}>
                  {cases.items.map((c) => (
                    <li key={String(c.id)}>
                      <CaseThumb mediaId={c.confidential ? null : c.thumbnailMediaId} label={c.confidential ? '' : (caseFormName(c, language) ?? department(c.departmentId))} />{' '}
                      <Link to={casePath(c.id)} state={patientState(patient)}>
                        {t('cases.caseLabel', { department: department(c.departmentId), date: formatDateTime(c.createdAt, locale) })}
                      </Link>
                      {!c.confidential && c.formName && <span> · {caseFormName(c, language)}</span>}
                      {!c.confidential && capturedText(c, locale) && <span className="muted"> · {t('looking.captured', { date: capturedText(c, locale) })}</span>}{' '}
                      {c.confidential ? <span className="badge badge-confidential">{t('cases.confidential')}</span> : <CaseStatusBadge status={c.status} />}
                    </li>
                  ))}
                </ul>
              )}
              {cases.total > cases.items.length && (
                <p className="hint">{t('cases.shownOf', { shown: cases.items.length, total: cases.total })}</p>
              )}
            </>
          )}
        </>
      )}

      {writable.length > 0 && (
        <form className="new-case-form" onSubmit={(e) => void onCreate(e)}>
          <ErrorAlert error={createError} detail />
          <div className="field">
            <label htmlFor={ids.department}>{t('cases.department')}</label>
            <p className="hint" id={ids.hint}>
              {t('cases.newCaseHint')}
            </p>
            <div className="input-row">
              <select
                id={ids.department}
                value={departmentId}
                aria-describedby={ids.hint}
                onChange={(e) => setDepartmentId(e.target.value)}
              >
                {writable.map((d) => (
                  <option key={String(d.id)} value={String(d.id)}>
                    {d.name}
                  </option>
                ))}
              </select>
              {forms.length > 1 && (
                <>
                  <label htmlFor={ids.form} className="visually-hidden">
                    {t('caseForm.title')}
                  </label>
                  <select id={ids.form} value={formId} required onChange={(e) => setFormId(e.target.value)}>
                    <option value="">{t('caseForm.choose')}</option>
                    {forms.map((f) => (
                      <option key={String(f.id)} value={String(f.id)}>
                        {translatedText(f.name, f.nameTranslations, language)}
                      </option>
                    ))}
                  </select>
                </>
              )}
              <button type="submit" className="button-primary" disabled={creating || !departmentId || (forms.length > 1 && !formId)}>
                {creating ? t('cases.creating') : t('cases.newCase')}
              </button>
            </div>
          </div>
        </form>
      )}
    </div>
  );
}
