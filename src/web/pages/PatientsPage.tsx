import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, call, client } from '../api';
import type { Patient } from '../types';
import { ErrorAlert, PageHeading, StatusMessage, usePageTitle } from '../components/common';
import { PatientCases } from './cases/PatientCases';
import { PatientBanner } from '../components/PatientBanner';
import { PatientConfidentiality } from './PatientConfidentiality';
import { useCopyMode } from '../components/CopyMode';

type Result =
  | { kind: 'found'; patient: Patient; registered: boolean }
  | { kind: 'not_found'; identifier: string };

/** The translated message for a validation rule, falling back to the server's text. */
export function ruleText(t: TFunction, rule: unknown, fallback: string): string {
  if (typeof rule === 'string' && rule) {
    const text = t(`identifierRules.${rule}`, { defaultValue: '' });
    if (text) return text;
  }
  return fallback || t('errors.invalid_identifier');
}

export function typeName(t: TFunction, type: string): string {
  return t(`identifierTypes.${type}`, { defaultValue: type });
}

export function PatientsPage() {
  const { t } = useTranslation();
  usePageTitle(t('patients.title'));
  const ids = { input: useId(), hint: useId(), error: useId(), result: useId() };
  const inputRef = useRef<HTMLInputElement>(null);

  const [identifier, setIdentifier] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Result | null>(null);

  const [registering, setRegistering] = useState(false);
  const [registerError, setRegisterError] = useState<unknown>(null);
  const [canRegister, setCanRegister] = useState(true);
  // The backup workstation's copy serves the lookup only (it validates the identifier itself).
  const readOnlyCopy = useCopyMode().copy !== null;

  function resetOutcome() {
    setFieldError(null);
    setError(null);
    setResult(null);
    setRegisterError(null);
    setCanRegister(true);
  }

  function showInvalid(message: string) {
    setFieldError(message);
    inputRef.current?.focus();
  }

  async function lookup(value: string): Promise<void> {
    try {
      const patient = await call(client.POST('/api/patients/lookup', { body: { identifier: value } }));
      setResult({ kind: 'found', patient, registered: false });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && err.code === 'patient_not_found') {
        setResult({ kind: 'not_found', identifier: value });
      } else if (err instanceof ApiError && err.code === 'invalid_identifier') {
        showInvalid(ruleText(t, err.body.rule, err.message));
      } else {
        setError(err);
      }
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    resetOutcome();
    setBusy(true);
    try {
      if (readOnlyCopy) {
        await lookup(identifier.trim());
        return;
      }
      const validation = await call(client.POST('/api/identifiers/validate', { body: { identifier } }));
      if (!validation.valid || validation.normalized === null) {
        showInvalid(ruleText(t, validation.rule, validation.error ?? ''));
        return;
      }
      await lookup(validation.normalized);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function onRegister(value: string) {
    setRegisterError(null);
    setRegistering(true);
    try {
      const patient = await call(client.POST('/api/patients', { body: { identifier: value } }));
      setResult({ kind: 'found', patient, registered: true });
    } catch (err) {
      setRegisterError(err);
      if (err instanceof ApiError) {
        if (err.status === 403 || err.status === 404) setCanRegister(false);
        if (err.code === 'patient_exists') {
          setCanRegister(false);
          await lookup(value);
        }
      }
    } finally {
      setRegistering(false);
    }
  }

  const describedBy = fieldError ? `${ids.hint} ${ids.error}` : ids.hint;

  return (
    <div className="page page-narrow">
      <PageHeading>{t('patients.title')}</PageHeading>
      <form className="panel lookup-form" onSubmit={(e) => void onSubmit(e)} role="search">
        <div className={fieldError ? 'field field-invalid' : 'field'}>
          <label htmlFor={ids.input}>{t('patients.identifier')}</label>
          <p className="hint" id={ids.hint}>
            {t('patients.identifierHint')}
          </p>
          <div className="input-row">
            <input
              id={ids.input}
              ref={inputRef}
              name="identifier"
              className="input-identifier"
              autoComplete="off"
              spellCheck={false}
              inputMode="text"
              value={identifier}
              onChange={(e) => setIdentifier(e.target.value)}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={describedBy}
              autoFocus
            />
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? t('patients.searching') : t('patients.search')}
            </button>
          </div>
          {fieldError && (
            <p className="field-error" id={ids.error} role="alert">
              {fieldError}
            </p>
          )}
        </div>
      </form>

      <ErrorAlert error={error} />

      {result?.kind === 'found' && (
        <section className="panel patient-card" aria-labelledby={ids.result}>
          {result.registered && <StatusMessage>{t('patients.registered')}</StatusMessage>}
          <div className="patient-card-head">
            <h2 id={ids.result}>{t('patients.result')}</h2>
          </div>
          <PatientBanner patient={result.patient} />
          {result.patient.region && (
            <dl className="details">
              <div>
                <dt>{t('patients.regionLabel')}</dt>
                <dd>{result.patient.region.name}</dd>
              </div>
            </dl>
          )}
          {!readOnlyCopy && (
            <PatientConfidentiality
              key={`confidentiality-${String(result.patient.id)}`}
              patient={result.patient}
              onChange={(patient) => setResult({ kind: 'found', patient, registered: false })}
            />
          )}
          {/* Anew after a change of confidentiality: the list then shows the cases as others see them. */}
          <PatientCases key={`${String(result.patient.id)}-${String(result.patient.confidential)}`} patient={result.patient} />
        </section>
      )}

      {result?.kind === 'not_found' && (
        <section className="panel">
          <p role="status">{t('patients.notFound', { identifier: result.identifier })}</p>
          <ErrorAlert error={registerError} />
          {canRegister && !readOnlyCopy && (
            <button
              type="button"
              className="button-secondary"
              disabled={registering}
              onClick={() => void onRegister(result.identifier)}
            >
              {registering ? t('patients.registering') : t('patients.register')}
            </button>
          )}
        </section>
      )}
    </div>
  );
}
