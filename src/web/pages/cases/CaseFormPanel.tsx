import { useId, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call, client } from '../../api';
import { changedValues, localized, toDraft, type DraftValue } from '../../caseForm';
import { currentLanguage } from '../../i18n';
import { translatedText } from '../../forms';
import type { CaseFormField, CaseView } from '../../types';
import { ErrorAlert, StatusMessage } from '../../components/common';
import { formatDateTime } from '../../media';
import { useLocale } from './shared';
import { CaseValues } from './CaseValues';

interface FieldError {
  key: string;
  code?: string;
  message: string;
}

/** The server's problem codes for a field value that the UI words itself (the field's label is right above). */
const FIELD_ERROR_CODES = new Set(['required', 'wrong_type', 'not_an_option', 'too_long', 'out_of_range', 'invalid_date', 'unknown_field']);

/**
 * Field errors from an API error: `errors` of form_incomplete/validation_failed, or the one `field`,
 * in the UI language; never with the field's internal key.
 */
function fieldErrors(err: unknown, t: TFunction): Map<string, string> {
  const map = new Map<string, string>();
  if (!(err instanceof ApiError)) return map;
  const stripKey = (message: string) => message.replace(/ \([a-z][a-z0-9_]*\)/g, '');
  const list = err.body.errors;
  if (Array.isArray(list))
    for (const e of list as FieldError[])
      if (e && typeof e.key === 'string') map.set(e.key, e.code && FIELD_ERROR_CODES.has(e.code) ? t(`caseForm.fieldError.${e.code}`) : stripKey(e.message));
  const field = err.body.field;
  if (typeof field === 'string' && field.startsWith('values.') && !map.has(field.slice(7))) map.set(field.slice(7), stripKey(err.message));
  return map;
}

/** Whether a saved value leaves a required field unanswered (false is an answer). */
function unanswered(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Moves focus to the first input of the named field, after React has drawn its message. */
function focusField(form: HTMLElement | null, key: string | undefined): void {
  if (!form || key === undefined) return;
  window.setTimeout(() => form.querySelector<HTMLElement>(`[data-field="${CSS.escape(key)}"] :is(input, select, textarea)`)?.focus(), 0);
}

function FieldInput({
  field,
  value,
  onChange,
  inputId,
  describedBy,
  invalid,
}: {
  field: CaseFormField;
  value: DraftValue;
  onChange(value: DraftValue): void;
  inputId: string;
  describedBy: string | undefined;
  invalid: boolean;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const common = { id: inputId, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined, 'aria-required': field.required || undefined };
  switch (field.type) {
    case 'long_text':
      return <textarea {...common} rows={4} value={String(value)} maxLength={field.maxLength} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
      return <input {...common} type="text" inputMode="decimal" value={String(value)} onChange={(e) => onChange(e.target.value)} />;
    case 'date':
      return <input {...common} type="date" value={String(value)} onChange={(e) => onChange(e.target.value)} />;
    case 'yes_no':
      return (
        <div role="radiogroup" aria-labelledby={`${inputId}-label`} className="choice-row" aria-describedby={describedBy}>
          {[true, false].map((option) => (
            <label key={String(option)} className="choice">
              <input type="radio" name={inputId} checked={value === option} onChange={() => onChange(option)} />{' '}
              {option ? t('caseForm.yes') : t('caseForm.no')}
            </label>
          ))}
        </div>
      );
    case 'single_choice':
      return (
        <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('caseForm.choose')}</option>
          {field.options?.map((o) => (
            <option key={o.code} value={o.code}>
              {localized(o.label, lang)}
            </option>
          ))}
        </select>
      );
    case 'multiple_choice': {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <div role="group" aria-labelledby={`${inputId}-label`} className="choice-row" aria-describedby={describedBy}>
          {field.options?.map((o) => (
            <label key={o.code} className="choice">
              <input
                type="checkbox"
                checked={chosen.includes(o.code)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, o.code] : chosen.filter((c) => c !== o.code))}
              />{' '}
              {localized(o.label, lang)}
            </label>
          ))}
        </div>
      );
    }
    default:
      return <input {...common} type="text" value={String(value)} maxLength={field.maxLength} onChange={(e) => onChange(e.target.value)} />;
  }
}

/**
 * The case's form: editable while the case is a draft and the user may write, else read. Also
 * the sign and new-version actions, which act on what is saved (unsaved changes are saved first).
 */
export function CaseFormPanel({
  data,
  canWrite,
  canSign,
  onChanged,
}: {
  data: CaseView;
  canWrite: boolean;
  canSign: boolean;
  onChanged(view: CaseView): void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const locale = useLocale();
  const baseId = useId();
  const fields = useMemo(() => data.form?.fields ?? [], [data.form]);
  const editable = data.status === 'draft' && canWrite;
  const [drafts, setDrafts] = useState<Record<string, DraftValue>>(() =>
    Object.fromEntries(fields.map((f) => [f.key, toDraft(f, data.values[f.key])])),
  );
  const [busy, setBusy] = useState<'save' | 'sign' | 'version' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const patch = changedValues(fields, data.values, drafts);
  const dirty = Object.keys(patch).length > 0;
  // Required fields still empty after a save: flagged at once, not only when signing.
  const [missing, setMissing] = useState<string[]>([]);
  const errors = fieldErrors(error, t);
  for (const key of missing) if (!errors.has(key)) errors.set(key, t('caseForm.fieldError.requiredToSign'));
  const panel = useRef<HTMLElement>(null);

  async function run(kind: 'save' | 'sign' | 'version', action: () => Promise<CaseView>, done: (view: CaseView) => string) {
    setBusy(kind);
    setError(null);
    setStatus('');
    try {
      const view = await action();
      setDrafts(Object.fromEntries((view.form?.fields ?? []).map((f) => [f.key, toDraft(f, view.values[f.key])])));
      onChanged(view);
      setStatus(kind === 'save' && view.form?.fields.some((f) => f.required && unanswered(view.values[f.key])) ? `${done(view)} ${t('caseForm.missingAfterSave')}` : done(view));
      const stillMissing = kind === 'save' ? (view.form?.fields ?? []).filter((f) => f.required && unanswered(view.values[f.key])).map((f) => f.key) : [];
      setMissing(stillMissing);
      focusField(panel.current, stillMissing[0]);
    } catch (err) {
      setError(err);
      setMissing([]);
      focusField(panel.current, [...fieldErrors(err, t).keys()][0]);
    } finally {
      setBusy(null);
    }
  }

  const caseParams = { path: { id: String(data.id) } };
  const save = () => call(client.PATCH('/api/cases/{id}', { params: caseParams, body: { values: patch, version: data.version } }));

  function onSave(e: FormEvent) {
    e.preventDefault();
    void run('save', save, () => t('caseForm.saved'));
  }

  function onSign() {
    void run(
      'sign',
      async () => {
        const saved = dirty ? await save() : data;
        return call(client.POST('/api/cases/{id}/sign', { params: caseParams, body: { version: saved.version } }));
      },
      () => t('caseForm.signedNow'),
    );
  }

  function onNewVersion() {
    void run(
      'version',
      () => call(client.POST('/api/cases/{id}/versions', { params: caseParams })),
      (view) => t('caseForm.newVersionCreated', { version: view.version }),
    );
  }

  const heading = `${baseId}-heading`;
  return (
    <section className="panel case-form" aria-labelledby={heading} ref={panel}>
      <h2 id={heading}>
        {t('caseForm.title')}{' '}
        {data.form && <span className="muted count">{t('caseForm.formName', { name: translatedText(data.form.name, data.form.nameTranslations, lang), version: data.form.version })}</span>}
      </h2>
      <ErrorAlert error={error} detail />
      <StatusMessage>{status}</StatusMessage>

      {!data.form ? (
        <p className="muted">{t('caseForm.noForm')}</p>
      ) : editable ? (
        <form onSubmit={onSave} noValidate>
          {fields.map((field) => {
            const inputId = `${baseId}-${field.key}`;
            const help = field.help ? `${inputId}-help` : undefined;
            const problem = errors.get(field.key);
            const errorId = problem ? `${inputId}-error` : undefined;
            const describedBy = [help, errorId].filter(Boolean).join(' ') || undefined;
            return (
              <div className="field" key={field.key} data-field={field.key}>
                <label htmlFor={inputId} id={`${inputId}-label`}>
                  {localized(field.label, lang)}
                  {field.required && <span className="required-mark"> ({t('caseForm.required')})</span>}
                </label>
                {field.help && (
                  <p className="hint" id={help}>
                    {localized(field.help, lang)}
                  </p>
                )}
                <FieldInput
                  field={field}
                  value={drafts[field.key] ?? toDraft(field, undefined)}
                  onChange={(value) => setDrafts((d) => ({ ...d, [field.key]: value }))}
                  inputId={inputId}
                  describedBy={describedBy}
                  invalid={!!problem}
                />
                {problem && (
                  <p className="field-error" id={errorId}>
                    {problem}
                  </p>
                )}
              </div>
            );
          })}
          <div className="form-actions">
            <button type="submit" className="button-secondary" disabled={busy !== null || !dirty}>
              {busy === 'save' ? t('caseForm.saving') : t('caseForm.save')}
            </button>
            {dirty && <span className="hint">{t('caseForm.unsaved')}</span>}
          </div>
        </form>
      ) : (
        <CaseValues fields={fields} values={data.values} lang={lang} />
      )}

      {data.status === 'draft' && canSign && (
        <div className="sign-box">
          <p className="hint">{t('caseForm.signHint')}</p>
          <button type="button" className="button-primary" onClick={onSign} disabled={busy !== null}>
            {busy === 'sign' ? t('caseForm.signing') : t('caseForm.sign')}
          </button>
        </div>
      )}
      {data.status === 'signed' && (
        <div className="sign-box">
          <p>{t('caseForm.signed', { name: data.signedByName ?? '', date: formatDateTime(data.signedAt, locale) })}</p>
          {canWrite && (
            <>
              <p className="hint">{t('caseForm.newVersionHint')}</p>
              <button type="button" className="button-secondary" onClick={onNewVersion} disabled={busy !== null}>
                {busy === 'version' ? t('caseForm.creatingVersion') : t('caseForm.newVersion')}
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}
