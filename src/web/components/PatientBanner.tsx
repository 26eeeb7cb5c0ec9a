import { useTranslation } from 'react-i18next';
import { useHospitalZone } from '../hospital-zone';
import { calendarDate, describeIdentifier } from '../identifier-format';
import { useLocale } from '../pages/cases/shared';

export interface BannerPatient {
  identifier: string;
  type: string;
  confidential: boolean;
  /** Only when an EHR context gave it: Kasus stores no names. */
  name?: string;
}


/**
 * Who this page is about, at a glance: the identifier formatted by its type, the type in words, birth date, age on
 * the hospital's calendar and legal sex where the identifier defines them, and the confidentiality mark.
 */
export function PatientBanner({ patient }: { patient: BannerPatient }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const zone = useHospitalZone();
  // Until the session's zone is known, the browser's own calendar (they differ only around midnight abroad).
  const today = calendarDate(new Date(), zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const d = describeIdentifier(patient.identifier, patient.type, today);
  const birth = d.birthDate
    ? new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(new Date(`${d.birthDate}T00:00:00Z`))
    : undefined;
  const notDerived = <span className="muted">{t('patientBanner.notDerived')}</span>;
  return (
    // A group rather than a region: the patient page's card is already the region named "Patient".
    <div role="group" className={patient.confidential ? 'patient-banner patient-banner-confidential' : 'patient-banner'} aria-label={t('patientBanner.label')} data-testid="patient-banner">
      <dl>
        {patient.name && (
          <div className="patient-banner-name">
            <dt>{t('patientBanner.name')}</dt>
            <dd>{patient.name}</dd>
          </div>
        )}
        <div className="patient-banner-id">
          <dt>{t('patientBanner.identifier')}</dt>
          <dd className="identifier">{d.formatted}</dd>
        </div>
        <div>
          <dt>{t('patientBanner.type')}</dt>
          <dd>{t(`identifierTypes.${patient.type}`, { defaultValue: patient.type })}</dd>
        </div>
        <div>
          <dt>{t('patientBanner.birthDate')}</dt>
          <dd>{birth ?? notDerived}</dd>
        </div>
        {d.age !== undefined && (
          <div>
            <dt>{t('patientBanner.age')}</dt>
            <dd data-testid="patient-age">{t('patientBanner.ageYears', { count: d.age })}</dd>
          </div>
        )}
        <div>
          <dt>{t('patientBanner.sex')}</dt>
          <dd>{d.sex ? t(`patientBanner.${d.sex}`) : notDerived}</dd>
        </div>
      </dl>
      {patient.confidential && <span className="badge badge-confidential">{t('confidentiality.patient')}</span>}
    </div>
  );
}
