import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../i18n/ehr';
import { call, client } from '../api';
import { useSession } from '../session';
import type { Patient } from '../types';
import { ErrorAlert, Loading, PageHeading, StatusMessage, useLoad, usePageTitle } from '../components/common';
import { PatientBanner } from '../components/PatientBanner';
import { PatientCases } from './cases/PatientCases';
import { PatientConsents } from './PatientConsents';
import { PurgePatient } from './cases/PurgeCase';

/**
 * One patient by Kasus's id, with their cases: where a launch from the EHR lands (issue 15), so the
 * identifier never has to be typed or put in an address.
 */
export function PatientPage() {
  const { t } = useTranslation();
  usePageTitle(t('patients.result'));
  const { id = '' } = useParams();
  const { ehrContext, user } = useSession();
  const { data, error, loading } = useLoad<Patient>(() => call(client.GET('/api/patients/{id}', { params: { path: { id } } })), [id]);
  return (
    <div className="page page-narrow">
      <PageHeading>{t('patients.result')}</PageHeading>
      {ehrContext && <StatusMessage>{t('ehr.openedFromEhr')}</StatusMessage>}
      <ErrorAlert error={error} />
      {loading && !data && <Loading />}
      {data && (
        <section className="panel patient-card" data-testid="patient-page">
          <PatientBanner patient={data} />
          <PatientCases key={String(data.id)} patient={data} />
        </section>
      )}
      {data && <PatientConsents patientId={String(data.id)} />}
      {/* Purge of every case of the patient (M11), for system administrators. */}
      {data && user?.assignments.some((a) => a.rights.includes('case.purge')) && (
        <section className="purge-section">
          <PurgePatient patientId={String(data.id)} />
        </section>
      )}
    </div>
  );
}
