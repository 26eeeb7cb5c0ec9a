import { useId } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import '../i18n/consents';
import { call, client } from '../api';
import { useLoad } from './common';

/** What the user states about the other persons a picture (or a de-identified copy) shows; null: not answered yet. */
export interface BystandersAnswer {
  others: boolean;
  consentIds: string[];
  unrecorded: boolean;
}

/** The request body's `bystanders` for an answer (M8: one consent per person shown). */
export function bystandersBody(answer: BystandersAnswer): { consentIds: string[]; unrecorded?: boolean } {
  return answer.others ? { consentIds: answer.consentIds, ...(answer.unrecorded ? { unrecorded: true } : {}) } : { consentIds: [] };
}

const BYSTANDER_REASONS = ['scope', 'revoked', 'expired', 'not_yet_valid', 'not_found', 'unrecorded'] as const;

/** A refusal for shown bystanders (409 consent_required, reason bystander), in words: who is missing and why. */
export function bystanderRefusal(t: TFunction, body: Record<string, unknown>): string {
  const missing = Array.isArray(body.bystanders) ? (body.bystanders as { description?: string | null; reason?: string }[]) : [];
  const items = missing.map((m) => {
    const reason = (BYSTANDER_REASONS as readonly string[]).includes(String(m.reason)) ? t(`consent.bystanders.reasons.${String(m.reason)}`) : t('errors.consent_required');
    return m.reason === 'unrecorded' ? reason : `”${m.description ?? t('consent.bystanders.unknownPerson')}”: ${reason}`;
  });
  return `${t('consent.bystanders.refused')} ${items.join('; ')}.`;
}

/**
 * "Does the picture show anyone besides the patient?" for a teaching copy (M8): no, or yes and
 * which of the patient's recorded bystander consents (with their state), or someone without one.
 * The copy is refused by the server when a person ticked has no valid consent to teaching.
 */
export function ShownBystanders({ patientId, value, onChange, copy = false }: {
  patientId: string | null;
  value: BystandersAnswer | null;
  onChange: (answer: BystandersAnswer) => void;
  /** Asked of a de-identified copy (who is still shown after the regions are hidden). */
  copy?: boolean;
}) {
  const { t } = useTranslation();
  const name = useId();
  const { data: consents } = useLoad(
    () => (patientId ? call(client.GET('/api/patients/{id}/consents', { params: { path: { id: patientId } } })) : Promise.resolve([])),
    [patientId ?? ''],
  );
  const bystanders = (consents ?? []).filter((c) => c.person === 'bystander');
  const answer = value ?? { others: false, consentIds: [], unrecorded: false };
  const toggle = (id: string, on: boolean) => onChange({ ...answer, others: true, consentIds: on ? [...answer.consentIds, id] : answer.consentIds.filter((c) => c !== id) });

  return (
    <fieldset className="shown-bystanders" data-testid="shown-bystanders">
      <legend>{t(copy ? 'consent.bystanders.legendCopy' : 'consent.bystanders.legend')}</legend>
      <p className="hint">{t('consent.bystanders.hint')}</p>
      <label className="field-check">
        <input type="radio" name={name} checked={value !== null && !value.others} onChange={() => onChange({ others: false, consentIds: [], unrecorded: false })} />
        <span>{t('consent.bystanders.none')}</span>
      </label>
      <label className="field-check">
        <input type="radio" name={name} checked={value !== null && value.others} onChange={() => onChange({ ...answer, others: true })} />
        <span>{t('consent.bystanders.some')}</span>
      </label>
      {value?.others && (
        <div className="shown-bystanders-people">
          {bystanders.length === 0 && <p className="muted">{t('consent.bystanders.noneRecorded')}</p>}
          {bystanders.map((c) => (
            <label key={c.id} className="field-check">
              <input type="checkbox" checked={answer.consentIds.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
              <span>
                {c.personDescription ?? t('consent.bystanders.unknownPerson')}{' '}
                <span className="muted">
                  ({t(`consent.status.${c.status}`)}
                  {c.scopes.includes('teaching') ? '' : `, ${t('consent.bystanders.reasons.scope')}`})
                </span>
              </span>
            </label>
          ))}
          <label className="field-check">
            <input type="checkbox" checked={answer.unrecorded} onChange={(e) => onChange({ ...answer, others: true, unrecorded: e.target.checked })} />
            <span>{t('consent.bystanders.unrecorded')}</span>
          </label>
        </div>
      )}
    </fieldset>
  );
}
