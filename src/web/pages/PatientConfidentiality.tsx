import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call, client, errorField } from '../api';
import { useSession } from '../session';
import { formatDateTime } from '../media';
import type { ConfidentialityChange, Patient } from '../types';
import { ErrorAlert, StatusMessage, errorText } from '../components/common';
import { ReasonField } from '../components/reason';
import { useLocale } from './cases/shared';

/** The shortest reason the server accepts for marking or lifting confidentiality (after trimming). */
export const CONFIDENTIALITY_REASON_MIN = 3;

export type { ConfidentialityChange } from '../types';

/**
 * On the patient card: says clearly that the patient is confidential, and lets system
 * administrators mark the patient confidential or lift the mark, with a reason, and see who
 * changed it, when and why.
 */
export function PatientConfidentiality({ patient, onChange }: { patient: Patient; onChange(patient: Patient): void }) {
  const { t } = useTranslation();
  const { hasRight } = useSession();
  const isAdmin = hasRight('admin');
  const ids = { notice: useId(), form: useId(), reason: useId(), history: useId() };
  const toggleRef = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');
  const [history, setHistory] = useState<ConfidentialityChange[] | null>(null);
  const [historyError, setHistoryError] = useState<unknown>(null);

  const patientId = patient.id;
  const loadHistory = useCallback(async () => {
    try {
      setHistory(await call(client.GET('/api/patients/{id}/confidentiality', { params: { path: { id: String(patientId) } } })));
      setHistoryError(null);
    } catch (err) {
      setHistoryError(err);
    }
  }, [patientId]);

  useEffect(() => {
    if (isAdmin) void loadHistory();
  }, [isAdmin, loadHistory]);

  useEffect(() => {
    if (editing) reasonRef.current?.focus();
  }, [editing]);

  function startEditing() {
    setNotice('');
    setError(null);
    setFieldError(null);
    setReason('');
    setEditing(true);
  }

  function cancel() {
    setEditing(false);
    setFieldError(null);
    setError(null);
    // The toggle is back once the form is gone.
    requestAnimationFrame(() => toggleRef.current?.focus());
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    if (reason.trim().length < CONFIDENTIALITY_REASON_MIN) {
      setFieldError(t('confidentiality.reasonTooShort'));
      reasonRef.current?.focus();
      return;
    }
    const confidential = !patient.confidential;
    setSaving(true);
    try {
      const updated = await call(
        client.POST('/api/patients/{id}/confidential', { params: { path: { id: String(patientId) } }, body: { confidential, reason: reason.trim() } }),
      );
      setEditing(false);
      setReason('');
      setNotice(t(updated.confidential ? 'confidentiality.marked' : 'confidentiality.lifted'));
      onChange(updated);
      void loadHistory();
      requestAnimationFrame(() => toggleRef.current?.focus());
    } catch (err) {
      if (err instanceof ApiError && errorField(err) === 'reason') {
        setFieldError(err.code === 'reason_required' ? errorText(t, err) : err.message);
        reasonRef.current?.focus();
      } else {
        setError(err);
      }
    } finally {
      setSaving(false);
    }
  }

  const action = patient.confidential ? t('confidentiality.lift') : t('confidentiality.mark');

  return (
    <div className="patient-confidentiality">
      {patient.confidential && (
        <p className="confidential-notice" id={ids.notice}>
          {t('confidentiality.notice')}
        </p>
      )}
      <StatusMessage>{notice}</StatusMessage>

      {isAdmin && !editing && (
        <button ref={toggleRef} type="button" className="button-secondary" onClick={startEditing}>
          {action}
        </button>
      )}

      {isAdmin && editing && (
        <form className="confidentiality-form" onSubmit={(e) => void onSubmit(e)} aria-labelledby={ids.form} noValidate>
          <h3 id={ids.form}>{patient.confidential ? t('confidentiality.liftTitle') : t('confidentiality.markTitle')}</h3>
          <ErrorAlert error={error} detail />
          <ReasonField
            id={ids.reason}
            label={t('confidentiality.reason')}
            hint={t('confidentiality.reasonHint')}
            value={reason}
            onChange={setReason}
            error={fieldError}
            rows={3}
            maxLength={1000}
            inputRef={reasonRef}
            onKeyDown={(e) => {
              if (e.key === 'Escape') cancel();
            }}
          />
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={saving}>
              {saving ? t('common.saving') : action}
            </button>
            <button type="button" className="button-secondary" onClick={cancel}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}

      {isAdmin && <ConfidentialityHistory headingId={ids.history} history={history} error={historyError} />}
    </div>
  );
}

function ConfidentialityHistory({
  headingId,
  history,
  error,
}: {
  headingId: string;
  history: ConfidentialityChange[] | null;
  error: unknown;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section className="confidentiality-history" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('confidentiality.historyTitle')}</h3>
      <ErrorAlert error={error} />
      {history === null ? (
        error ? null : <p className="muted">{t('common.loading')}</p>
      ) : history.length === 0 ? (
        <p className="muted">{t('confidentiality.historyEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('confidentiality.columns.when')}</th>
                <th scope="col">{t('confidentiality.columns.who')}</th>
                <th scope="col">{t('confidentiality.columns.change')}</th>
                <th scope="col">{t('confidentiality.columns.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={`${h.changedAt}-${i}`}>
                  <td className="nowrap">
                    <time dateTime={h.changedAt}>{formatDateTime(h.changedAt, locale)}</time>
                  </td>
                  <td>{h.changedByName ?? h.changedBy}</td>
                  <td>{h.confidential ? t('confidentiality.markedEntry') : t('confidentiality.liftedEntry')}</td>
                  <td className="reason-text">{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
