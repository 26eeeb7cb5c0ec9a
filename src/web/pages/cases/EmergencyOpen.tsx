import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, call, client, errorField } from '../../api';
import type { Id } from '../../types';
import { errorText } from '../../components/common';
import { ReasonField } from '../../components/reason';

/** The shortest reason the server accepts for an emergency opening (after trimming). */
export const EMERGENCY_REASON_MIN = 10;
export const EMERGENCY_REASON_MAX = 1000;

/** The client-side check of the reason, as the server makes it; null when the reason will do. */
export function emergencyReasonProblem(reason: string): 'too_short' | 'too_long' | null {
  const trimmed = reason.trim();
  if (trimmed.length < EMERGENCY_REASON_MIN) return 'too_short';
  if (trimmed.length > EMERGENCY_REASON_MAX) return 'too_long';
  return null;
}

/** The refusal in the user's language when it is one we know, else the server's own words. */
function refusalText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const known = t(`emergency.errors.${err.code}`, { defaultValue: '' });
    if (known) return known;
  }
  return errorText(t, err);
}

/**
 * "Nödöppna": opens a confidential patient's case in an emergency (break-glass). A button opens a
 * modal dialog that explains that the opening is logged and reviewed and asks for the reason; the
 * reason is checked here as the server checks it (at least ten characters) and sent to
 * POST /api/cases/{id}/emergency-access. The server's refusal is shown in the dialog; on success
 * the dialog closes and `onOpened` gets the time the opening lasts until.
 */
export function EmergencyOpen({ caseId, onOpened }: { caseId: Id; onOpened(expiresAt: string): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);

  function onClosed(opened: boolean) {
    setOpen(false);
    // Back to where the user was, unless the caller moves on after the opening.
    if (!opened) triggerRef.current?.focus();
  }

  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        className="button-secondary button-emergency"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        {t('emergency.open')}
      </button>
      {open && <EmergencyDialog caseId={caseId} onClosed={onClosed} onOpened={onOpened} />}
    </>
  );
}

function EmergencyDialog({
  caseId,
  onClosed,
  onOpened,
}: {
  caseId: Id;
  onClosed(opened: boolean): void;
  onOpened(expiresAt: string): void;
}) {
  const { t } = useTranslation();
  const ids = { title: useId(), intro: useId(), reason: useId() };
  const dialogRef = useRef<HTMLDialogElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const opened = useRef<string | null>(null);
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    reasonRef.current?.focus();
  }, []);

  function showFieldError(message: string) {
    setFieldError(message);
    reasonRef.current?.focus();
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    const problem = emergencyReasonProblem(reason);
    if (problem) {
      showFieldError(t(problem === 'too_short' ? 'emergency.reasonTooShort' : 'emergency.reasonTooLong', { max: EMERGENCY_REASON_MAX }));
      return;
    }
    setBusy(true);
    try {
      const answer = await call(
        client.POST('/api/cases/{id}/emergency-access', { params: { path: { id: String(caseId) } }, body: { reason: reason.trim() } }),
      );
      opened.current = answer.expiresAt;
      dialogRef.current?.close();
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.code === 'reason_required') {
        showFieldError(errorText(t, err));
      } else if (err instanceof ApiError && err.code === 'validation_failed' && errorField(err) === 'reason') {
        showFieldError(err.message);
      } else {
        setError(err);
      }
    }
  }

  function onClose() {
    const expiresAt = opened.current;
    onClosed(expiresAt !== null);
    if (expiresAt !== null) onOpened(expiresAt);
  }

  const server = error instanceof ApiError && error.code !== 'network_error' ? error.message : '';
  const main = error ? refusalText(t, error) : '';

  return (
    <dialog
      ref={dialogRef}
      className="emergency-dialog"
      aria-labelledby={ids.title}
      aria-describedby={ids.intro}
      onClose={onClose}
      onCancel={(e) => {
        // Escape does not close the dialog while the opening is being sent.
        if (busy) e.preventDefault();
      }}
    >
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <h2 id={ids.title}>{t('emergency.title')}</h2>
        <div id={ids.intro} className="emergency-intro">
          <p>{t('emergency.intro')}</p>
          <p className="emergency-logged">{t('emergency.logged')}</p>
        </div>
        {error ? (
          <div className="alert alert-error" role="alert">
            <p>{main}</p>
            {server && server !== main ? <p className="alert-detail">{server}</p> : null}
          </div>
        ) : null}
        <ReasonField
          id={ids.reason}
          label={t('emergency.reason')}
          hint={t('emergency.reasonHint')}
          value={reason}
          onChange={setReason}
          error={fieldError}
          rows={4}
          maxLength={EMERGENCY_REASON_MAX}
          inputRef={reasonRef}
        />
        <div className="form-actions">
          <button type="submit" className="button-primary button-emergency-confirm" disabled={busy}>
            {busy ? t('emergency.submitting') : t('emergency.submit')}
          </button>
          <button type="button" className="button-secondary" onClick={() => dialogRef.current?.close()}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
