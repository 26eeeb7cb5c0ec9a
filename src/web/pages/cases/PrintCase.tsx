import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api';
import { ErrorAlert } from '../../components/common';
import { useCopyMode } from '../../components/CopyMode';
import { formatDateTime } from '../../media';
import { formatCopyAge, printReasonText, PRINT_REASONS, type PrintReason } from '../../offline-copy';
import { useLocale } from './shared';

/** How long the free-text part of a print reason may be. */
const REASON_MAX = 500;

/** What a printed page of the copy says about itself, fixed when the print was logged. */
export interface PrintStamp {
  patient: string;
  user: string;
  at: string;
  reason: string;
  ageMinutes: number;
  /** The hospital's zone, as the banner shows the copy's time in it. */
  timeZone?: string;
}

/**
 * "Skriv ut" on a case of the read-only copy: asks for the reason (a short list and free text),
 * logs the print on the workstation (POST /api/offline/prints), and only then opens the browser's
 * print dialog. The page's print style then shows the case with `PrintFooter` on every page.
 */
export function PrintCaseButton({ caseId, patient, user, onStamp }: { caseId: string; patient: string; user: string; onStamp(stamp: PrintStamp): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [logged, setLogged] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className="print-actions no-print">
      <button ref={button} type="button" className="button-secondary" onClick={() => { setLogged(false); setOpen(true); }}>
        {t('offlineCopy.print.button')}
      </button>
      {logged && (
        <span className="hint" role="status">
          {t('offlineCopy.print.logged')}
        </span>
      )}
      {open && (
        <PrintDialog
          caseId={caseId}
          patient={patient}
          user={user}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
          onLogged={(stamp) => {
            setLogged(true);
            onStamp(stamp);
          }}
        />
      )}
    </div>
  );
}

function PrintDialog({ caseId, patient, user, onClose, onLogged }: { caseId: string; patient: string; user: string; onClose(): void; onLogged(stamp: PrintStamp): void }) {
  const { t } = useTranslation();
  const { copy } = useCopyMode();
  const ids = { title: useId(), intro: useId(), reasons: useId(), reasonError: useId(), details: useId(), detailsError: useId() };
  const dialogRef = useRef<HTMLDialogElement>(null);
  const firstChoice = useRef<HTMLInputElement>(null);
  const detailsRef = useRef<HTMLTextAreaElement>(null);
  const [choice, setChoice] = useState<PrintReason | ''>('');
  const [details, setDetails] = useState('');
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [detailsError, setDetailsError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    firstChoice.current?.focus();
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setChoiceError(null);
    setDetailsError(null);
    if (choice === '') {
      setChoiceError(t('offlineCopy.print.chooseReason'));
      firstChoice.current?.focus();
      return;
    }
    if (choice === 'other' && details.trim() === '') {
      setDetailsError(t('offlineCopy.print.detailsRequired'));
      detailsRef.current?.focus();
      return;
    }
    const reason = printReasonText(t, choice, details);
    setBusy(true);
    try {
      await call(client.POST('/api/offline/prints', { body: { caseId, reason } }));
    } catch (err) {
      setBusy(false);
      setError(err);
      return;
    }
    onLogged({ patient, user, at: new Date().toISOString(), reason, ageMinutes: copy?.ageMinutes ?? 0, ...(copy?.timeZone ? { timeZone: copy.timeZone } : {}) });
    dialogRef.current?.close();
    // The footer is rendered with the stamp before the print dialog takes the page.
    window.setTimeout(() => window.print(), 50);
  }

  return (
    <dialog
      ref={dialogRef}
      className="print-dialog no-print"
      aria-labelledby={ids.title}
      aria-describedby={ids.intro}
      onClose={onClose}
      onCancel={(e) => {
        if (busy) e.preventDefault();
      }}
      data-testid="print-dialog"
    >
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <h2 id={ids.title}>{t('offlineCopy.print.title')}</h2>
        <p id={ids.intro}>{t('offlineCopy.print.intro')}</p>
        <ErrorAlert error={error} detail />
        <fieldset className={choiceError ? 'field field-invalid' : 'field'} aria-describedby={choiceError ? ids.reasonError : undefined}>
          <legend>{t('offlineCopy.print.reason')}</legend>
          <div className="choice-list">
            {PRINT_REASONS.map((r, i) => (
              <label key={r} className="choice">
                <input
                  ref={i === 0 ? firstChoice : undefined}
                  type="radio"
                  name={ids.reasons}
                  value={r}
                  checked={choice === r}
                  required
                  onChange={() => {
                    setChoice(r);
                    setChoiceError(null);
                    // Words are required only with "other": its refusal goes when another reason is chosen.
                    if (r !== 'other') setDetailsError(null);
                  }}
                />{' '}
                {t(`offlineCopy.print.reasons.${r}`)}
              </label>
            ))}
          </div>
          {choiceError && (
            <p className="field-error" id={ids.reasonError} role="alert">
              {choiceError}
            </p>
          )}
        </fieldset>
        <div className={detailsError ? 'field field-invalid' : 'field'}>
          <label htmlFor={ids.details}>{t('offlineCopy.print.details')}</label>
          <p className="hint" id={`${ids.details}-hint`}>
            {t('offlineCopy.print.detailsHint')}
          </p>
          <textarea
            id={ids.details}
            ref={detailsRef}
            rows={3}
            maxLength={REASON_MAX}
            value={details}
            required={choice === 'other'}
            aria-invalid={detailsError ? true : undefined}
            aria-describedby={detailsError ? `${ids.details}-hint ${ids.detailsError}` : `${ids.details}-hint`}
            onChange={(e) => setDetails(e.target.value)}
          />
          {detailsError && (
            <p className="field-error" id={ids.detailsError} role="alert">
              {detailsError}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? t('offlineCopy.print.submitting') : t('offlineCopy.print.submit')}
          </button>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => dialogRef.current?.close()}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * The footer of every printed page of the copy (position: fixed, which Chromium repeats on each
 * printed page): patient, who printed, when, why, and how old the copy was. Hidden on screen.
 */
export function PrintFooter({ stamp }: { stamp: PrintStamp }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <footer className="print-footer" data-testid="print-footer">
      <span>{t('offlineCopy.print.footerPatient', { patient: stamp.patient })}</span>
      <span>{t('offlineCopy.print.footerPrinted', { user: stamp.user, time: printedAt(stamp, locale) })}</span>
      <span>{t('offlineCopy.print.footerReason', { reason: stamp.reason })}</span>
      <strong>{t('offlineCopy.print.footerCopy', { age: formatCopyAge(t, stamp.ageMinutes) })}</strong>
    </footer>
  );
}

/**
 * Around a page that may be printed from the copy: in print, a table whose footer row (repeated by
 * the browser on every printed page) keeps the space free that the fixed PrintFooter covers, so no
 * line of the case is printed under it. On screen it is laid out as plain blocks.
 */
export function PrintFrame({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  if (!enabled) return <>{children}</>;
  return (
    <table className="print-frame" role="presentation">
      <tbody>
        <tr>
          <td>{children}</td>
        </tr>
      </tbody>
      <tfoot aria-hidden="true">
        <tr>
          <td>
            <div className="print-footer-space" />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** When the print was made, in the hospital's zone like the banner (the workstation's own if unknown). */
function printedAt(stamp: PrintStamp, locale: string): string {
  if (!stamp.timeZone) return formatDateTime(stamp.at, locale);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: stamp.timeZone }).format(new Date(stamp.at));
  } catch {
    return formatDateTime(stamp.at, locale);
  }
}
