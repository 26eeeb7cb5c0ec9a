import { useTranslation } from 'react-i18next';
import { LOCALES, isLanguage } from '../../i18n';
import type { Patient } from '../../types';

/** The locale for date and number formatting in the current language. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  return LOCALES[isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'sv'];
}

export function CaseStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={status === 'draft' ? 'badge badge-outline' : 'badge badge-neutral'}>
      {t(`cases.status.${status}`, { defaultValue: status })}
    </span>
  );
}

/** Who the case is about, carried in the router state (never the address) from the patient page. */
export interface CasePatient {
  identifier: string;
  type: string;
  confidential: boolean;
}

export function patientState(patient: Patient): { patient: CasePatient } {
  return { patient: { identifier: patient.identifier, type: patient.type, confidential: patient.confidential } };
}

export function readPatientState(state: unknown): CasePatient | null {
  if (!state || typeof state !== 'object') return null;
  const p = (state as { patient?: unknown }).patient;
  if (!p || typeof p !== 'object') return null;
  const { identifier, type, confidential } = p as Record<string, unknown>;
  if (typeof identifier !== 'string' || typeof type !== 'string') return null;
  return { identifier, type, confidential: confidential === true };
}
