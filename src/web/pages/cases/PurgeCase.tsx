import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call, client } from '../../api';
import { errorText } from '../../components/common';
import '../../i18n/purge';
import './purge.css';

const REASON_KINDS = ['duplicate', 'wrong_patient', 'test_material', 'discarded_draft'] as const;
type ReasonKind = (typeof REASON_KINDS)[number];

/** What is purged: one case, or every case of a patient. */
type Target = { kind: 'case'; caseId: string; mediaCount: number } | { kind: 'patient'; patientId: string };

interface Status {
  status: 'queued' | 'running' | 'done';
  counts: Record<string, number>;
}

/**
 * "Gallra ärendet" (M11), for a system administrator: a dialog naming what will be removed asks for
 * the basis — a retention decision (reference and date) or working material (kind of reason) — and
 * requests the purge (POST /api/cases/{id}/purge); it then follows the job (GET /api/purges/{jobId})
 * until the case is gone.
 */
export function PurgeCase({ caseId, mediaCount }: { caseId: string; mediaCount: number }) {
  return <PurgeButton target={{ kind: 'case', caseId, mediaCount }} />;
}

/** "Gallra patientens ärenden": the same dialog for every case of a patient (POST /api/patients/{id}/purge); the patient stays. */
export function PurgePatient({ patientId }: { patientId: string }) {
  return <PurgeButton target={{ kind: 'patient', patientId }} />;
}

function PurgeButton({ target }: { target: Target }) {
  const { t } = useTranslation();
  const patient = target.kind === 'patient';
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={triggerRef} type="button" className="button-secondary button-emergency" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(true)}>
        {t(patient ? 'purge.patientOpen' : 'purge.open')}
      </button>
      {open && (
        <PurgeDialog
          target={target}
          onClosed={() => {
            setOpen(false);
            triggerRef.current?.focus();
          }}
        />
      )}
    </>
  );
}

function PurgeDialog({ target, onClosed }: { target: Target; onClosed(): void }) {
  const { t } = useTranslation();
  const patient = target.kind === 'patient';
  const ids = { title: useId(), intro: useId(), ref: useId(), date: useId(), kind: useId(), refError: useId(), dateError: useId() };
  const dialogRef = useRef<HTMLDialogElement>(null);
  const refInput = useRef<HTMLInputElement>(null);
  const dateInput = useRef<HTMLInputElement>(null);
  const [basis, setBasis] = useState<'decision' | 'working_material'>('decision');
  const [decisionRef, setDecisionRef] = useState('');
  const [decisionDate, setDecisionDate] = useState('');
  const [reasonKind, setReasonKind] = useState<ReasonKind>('duplicate');
  const [fieldErrors, setFieldErrors] = useState<{ ref?: string; date?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    refInput.current?.focus();
  }, []);

  // Follows the job until it is done.
  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const answer = await call(client.GET('/api/purges/{id}', { params: { path: { id: jobId } } }));
        if (stopped) return;
        setStatus(answer);
        if (answer.status !== 'done') timer = setTimeout(() => void poll(), 1000);
      } catch (err) {
        if (!stopped) setError(err);
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (basis === 'decision') {
      const problems = { ...(decisionRef.trim() ? {} : { ref: t('purge.refRequired') }), ...(decisionDate ? {} : { date: t('purge.dateRequired') }) };
      setFieldErrors(problems);
      if (problems.ref) return refInput.current?.focus();
      if (problems.date) return dateInput.current?.focus();
    }
    setBusy(true);
    try {
      const body = basis === 'decision' ? { basis, decisionRef: decisionRef.trim(), decisionDate } : { basis, reasonKind };
      const answer = await call(
        target.kind === 'case'
          ? client.POST('/api/cases/{id}/purge', { params: { path: { id: target.caseId } }, body })
          : client.POST('/api/patients/{id}/purge', { params: { path: { id: target.patientId } }, body }),
      );
      setJobId(answer.jobId);
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }

  const server = error instanceof ApiError && error.code !== 'network_error' ? error.message : '';
  const main = error ? errorText(t, error) : '';
  const counts = status?.counts ?? {};

  return (
    <dialog
      ref={dialogRef}
      className="emergency-dialog purge-dialog"
      aria-labelledby={ids.title}
      aria-describedby={ids.intro}
      onClose={() => (status?.status !== 'done' ? onClosed() : patient ? window.location.reload() : window.location.assign('/'))}
      onCancel={(e) => {
        // Escape does not close the dialog while the purge is being requested or runs.
        if (busy && status?.status !== 'done') e.preventDefault();
      }}
    >
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <h2 id={ids.title}>{t(patient ? 'purge.patientTitle' : 'purge.title')}</h2>
        <div id={ids.intro}>
          <p>{t(patient ? 'purge.patientIntro' : 'purge.intro')}</p>
          <p>{t('purge.removes')}</p>
          <ul className="purge-removes">
            {target.kind === 'case' ? (
              <>
                <li>{t('purge.removeCase')}</li>
                {target.mediaCount > 0 && <li>{t('purge.removeMedia', { count: target.mediaCount })}</li>}
              </>
            ) : (
              <li>{t('purge.removePatientCases')}</li>
            )}
            <li>{t(patient ? 'purge.patientRemoveRest' : 'purge.removeRest')}</li>
          </ul>
          <p className="emergency-logged">{t('purge.keeps')}</p>
        </div>
        {error ? (
          <div className="alert alert-error" role="alert">
            <p>{main}</p>
            {server && server !== main ? <p className="alert-detail">{server}</p> : null}
          </div>
        ) : null}
        {jobId ? (
          <div className="purge-status" role="status" aria-live="polite">
            {status?.status === 'done' ? (
              <>
                <p>{t(patient ? 'purge.patientDone' : 'purge.done')}</p>
                <p>{t('purge.doneCounts', { cases: counts.cases ?? 0, media: counts.media ?? 0, files: counts.files ?? 0 })}</p>
              </>
            ) : (
              <p>{status?.status === 'running' ? t('purge.running') : t('purge.queued')}</p>
            )}
          </div>
        ) : (
          <>
            <fieldset className="purge-basis">
              <legend>{t('purge.basis')}</legend>
              <label>
                <input type="radio" name="basis" checked={basis === 'decision'} onChange={() => setBasis('decision')} /> {t('purge.basisDecision')}
              </label>
              <label>
                <input type="radio" name="basis" checked={basis === 'working_material'} onChange={() => setBasis('working_material')} /> {t('purge.basisWorking')}
              </label>
            </fieldset>
            {basis === 'decision' ? (
              <>
                <div className="field">
                  <label htmlFor={ids.ref}>{t('purge.decisionRef')}</label>
                  <input id={ids.ref} ref={refInput} value={decisionRef} maxLength={200} onChange={(e) => {
                      setDecisionRef(e.target.value);
                      setFieldErrors(({ ref: _gone, ...rest }) => rest);
                    }} aria-invalid={!!fieldErrors.ref} {...(fieldErrors.ref ? { 'aria-describedby': ids.refError } : {})} />
                  {fieldErrors.ref && <p id={ids.refError} className="field-error">{fieldErrors.ref}</p>}
                </div>
                <div className="field">
                  <label htmlFor={ids.date}>{t('purge.decisionDate')}</label>
                  <input id={ids.date} ref={dateInput} type="date" value={decisionDate} onChange={(e) => {
                      setDecisionDate(e.target.value);
                      setFieldErrors(({ date: _gone, ...rest }) => rest);
                    }} aria-invalid={!!fieldErrors.date} {...(fieldErrors.date ? { 'aria-describedby': ids.dateError } : {})} />
                  {fieldErrors.date && <p id={ids.dateError} className="field-error">{fieldErrors.date}</p>}
                </div>
              </>
            ) : (
              <div className="field">
                <label htmlFor={ids.kind}>{t('purge.reasonKind')}</label>
                <select id={ids.kind} value={reasonKind} onChange={(e) => setReasonKind(e.target.value as ReasonKind)}>
                  {REASON_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`purge.reasons.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </>
        )}
        <div className="form-actions">
          {status?.status === 'done' ? (
            <button type="button" className="button-primary" onClick={() => dialogRef.current?.close()}>
              {t(patient ? 'purge.toPatient' : 'purge.toStart')}
            </button>
          ) : (
            <>
              {!jobId && (
                <button type="submit" className="button-primary button-emergency-confirm" disabled={busy}>
                  {busy ? t('purge.submitting') : t('purge.submit')}
                </button>
              )}
              <button type="button" className="button-secondary" disabled={busy} onClick={() => dialogRef.current?.close()}>
                {t('common.cancel')}
              </button>
            </>
          )}
        </div>
      </form>
    </dialog>
  );
}
