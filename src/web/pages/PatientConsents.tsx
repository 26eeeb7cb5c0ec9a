import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import '../i18n/consents';
import './consents.css';
import { call, client, uploadFile } from '../api';
import { formatDateTime } from '../media';
import { ErrorAlert, Loading, StatusMessage, useLoad } from '../components/common';
import { useLocale } from './cases/shared';
import { hospitalZone } from '../hospital-zone';

type Consent = Awaited<ReturnType<typeof loadConsents>>[number];

/** A calendar day (YYYY-MM-DD, already the hospital's day) in the user's language; never shifted by a zone. */
export function formatDay(day: string, locale: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}
const SCOPES = ['teaching', 'publication', 'research'] as const;

function loadConsents(patientId: string) {
  return call(client.GET('/api/patients/{id}/consents', { params: { path: { id: patientId } } }));
}

/** Today in the hospital's zone as YYYY-MM-DD (sv-SE formats dates that way). */
function today(): string {
  return new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: hospitalZone() }).format(new Date());
}

function ConsentItem({ consent, patientId, onChanged }: { consent: Consent; patientId: string; onChanged(message: string): void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const dateId = useId();
  const [revoking, setRevoking] = useState(false);
  const [date, setDate] = useState(today());
  const [error, setError] = useState<unknown>(null);
  async function revoke(e: FormEvent) {
    e.preventDefault();
    if (!window.confirm(t('consent.revokeConfirm', { date: formatDay(date, locale) }))) return;
    setError(null);
    try {
      const result = await call(client.POST('/api/patients/{id}/consents/{consentId}/revoke', { params: { path: { id: patientId, consentId: consent.id } }, body: { revokedOn: date } }));
      setRevoking(false);
      onChanged(t('consent.revoked', { count: result.copies.withdrawn }));
    } catch (err) {
      setError(err);
    }
  }
  const badge = consent.status === 'valid' ? 'badge-active' : consent.status === 'revoked' ? 'badge-inactive' : 'badge-warn';
  return (
    <li className="consent-item" data-consent-id={consent.id}>
      <div className="consent-head">
        <strong>{consent.person === 'patient' ? t('consent.persons.patient') : `${t('consent.persons.bystander')}: ${consent.personDescription ?? ''}`}</strong>{' '}
        <span className={`badge ${badge}`}>{t(`consent.status.${consent.status}`)}</span>
      </div>
      <p>
        {consent.scopes.map((s) => t(`consent.scopeNames.${s}`)).join(', ')} ·{' '}
        {t('consent.validity', { from: formatDay(consent.validFrom, locale), until: consent.validUntil ? formatDay(consent.validUntil, locale) : t('consent.untilFurther') })}
      </p>
      <p className="muted">
        {t('consent.recorded', { time: formatDateTime(consent.recordedAt, locale), name: consent.recordedBy.name })}
        {consent.revokedOn && ` · ${t('consent.revokedOn', { date: formatDay(consent.revokedOn, locale) })}`}
        {consent.copies.active > 0 && ` · ${t('consent.copies', { count: consent.copies.active })}`}
        {consent.copies.withdrawn > 0 && ` · ${t('consent.withdrawn', { count: consent.copies.withdrawn })}`}
      </p>
      <div className="button-row">
        <a className="button-secondary button-small" href={`/api/patients/${encodeURIComponent(patientId)}/consents/${encodeURIComponent(consent.id)}/document`} target="_blank" rel="noreferrer">
          {t('consent.document')}
        </a>
        {!consent.revokedOn && !revoking && (
          <button type="button" className="button-danger button-small" onClick={() => setRevoking(true)}>
            {t('consent.revoke')}
          </button>
        )}
      </div>
      {revoking && (
        <form className="consent-revoke" onSubmit={(e) => void revoke(e)}>
          <ErrorAlert error={error} detail />
          <div className="field">
            <label htmlFor={dateId}>{t('consent.revokeDate')}</label>
            <input id={dateId} type="date" required value={date} max={today()} onChange={(e) => setDate(e.target.value)} />
          </div>
          <div className="button-row">
            <button type="submit" className="button-danger">
              {t('consent.revokeSubmit')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setRevoking(false)}>
              {t('consent.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

/**
 * Written consents of a patient (M8): the patient's own and those of other people in the pictures,
 * each with its document, purposes and validity; recording one (the document through the server's
 * consent ingest) and revoking one from a date.
 */
export function PatientConsents({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const ids = { file: useId(), person: useId(), description: useId(), from: useId(), until: useId() };
  const [generation, setGeneration] = useState(0);
  const { data, error, loading } = useLoad(() => loadConsents(patientId), [patientId, generation]);
  const [file, setFile] = useState<File | null>(null);
  const [person, setPerson] = useState<'patient' | 'bystander'>('patient');
  const [description, setDescription] = useState('');
  const [scopes, setScopes] = useState<string[]>(['teaching']);
  const [validFrom, setValidFrom] = useState(today());
  const [validUntil, setValidUntil] = useState('');
  const [saveError, setSaveError] = useState<unknown>(null);
  const [problem, setProblem] = useState('');
  const [status, setStatus] = useState('');
  const [saving, setSaving] = useState(false);
  const [formKey, setFormKey] = useState(0);

  async function onSave(e: FormEvent) {
    e.preventDefault();
    setSaveError(null);
    setStatus('');
    if (!file) return setProblem(t('consent.fileRequired'));
    if (scopes.length === 0) return setProblem(t('consent.scopeRequired'));
    setProblem('');
    setSaving(true);
    try {
      const fields: Record<string, string> = { scopes: scopes.join(','), validFrom, person };
      if (validUntil) fields.validUntil = validUntil;
      if (person === 'bystander') fields.personDescription = description;
      await uploadFile(`/api/patients/${encodeURIComponent(patientId)}/consents`, file, { fields }).promise;
      setStatus(t('consent.saved'));
      setFile(null);
      setDescription('');
      setFormKey((k) => k + 1);
      setGeneration((g) => g + 1);
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="panel consents" data-testid="patient-consents" aria-labelledby={`${ids.file}-h`}>
      <h2 id={`${ids.file}-h`}>{t('consent.heading')}</h2>
      <p className="hint">{t('consent.intro')}</p>
      <ErrorAlert error={error} />
      <StatusMessage>{status}</StatusMessage>
      {loading && !data ? (
        <Loading />
      ) : data && data.length === 0 ? (
        <p className="muted">{t('consent.empty')}</p>
      ) : (
        <ul className="consent-list">
          {data?.map((c) => (
            <ConsentItem
              key={c.id}
              consent={c}
              patientId={patientId}
              onChanged={(message) => {
                setStatus(message);
                setGeneration((g) => g + 1);
              }}
            />
          ))}
        </ul>
      )}
      <form key={formKey} className="consent-form" onSubmit={(e) => void onSave(e)}>
        <h3>{t('consent.add')}</h3>
        <ErrorAlert error={saveError} detail />
        {problem && (
          <div className="alert alert-error" role="alert">
            <p>{problem}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.file}>{t('consent.file')}</label>
          {/* The browser's own file button speaks the browser's language; this one speaks the page's. */}
          <div className="file-pick">
            <input id={ids.file} type="file" className="visually-hidden" accept="application/pdf,image/*" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            <label htmlFor={ids.file} className="button-secondary">
              {t('consent.chooseFile')}
            </label>
            <span className="file-pick-name">{file ? file.name : t('consent.noFile')}</span>
          </div>
          <p className="hint">{t('consent.fileHint')}</p>
        </div>
        <div className="field">
          <label htmlFor={ids.person}>{t('consent.person')}</label>
          <select id={ids.person} value={person} onChange={(e) => setPerson(e.target.value as 'patient' | 'bystander')}>
            <option value="patient">{t('consent.persons.patient')}</option>
            <option value="bystander">{t('consent.persons.bystander')}</option>
          </select>
        </div>
        {person === 'bystander' && (
          <div className="field">
            <label htmlFor={ids.description}>{t('consent.personDescription')}</label>
            <input id={ids.description} required maxLength={200} placeholder={t('consent.personDescriptionHint')} value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
        )}
        <fieldset className="checkbox-group">
          <legend>{t('consent.scopes')}</legend>
          {SCOPES.map((scope) => (
            <div className="field-check" key={scope}>
              <input
                id={`${ids.file}-${scope}`}
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => setScopes((current) => (e.target.checked ? [...current, scope] : current.filter((s) => s !== scope)))}
              />
              <label htmlFor={`${ids.file}-${scope}`}>{t(`consent.scopeNames.${scope}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="consent-dates">
          <div className="field">
            <label htmlFor={ids.from}>{t('consent.validFrom')}</label>
            <input id={ids.from} type="date" required value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.until}>{t('consent.validUntil')}</label>
            <input id={ids.until} type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
          </div>
        </div>
        <button type="submit" className="button-primary" disabled={saving}>
          {t('consent.save')}
        </button>
      </form>
    </section>
  );
}
