import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../../api';
import { useSession } from '../../session';
import { POLL_MAX_UNCHANGED, pollDelay, departmentName, formatDateTime, hasRightIn, needsPolling } from '../../media';
import { sameId } from '../../types';
import type { CaseView, Id } from '../../types';
import { ErrorAlert, Loading, PageHeading, usePageTitle } from '../../components/common';
import { idPath } from '../admin/shared';
import { typeName } from '../PatientsPage';
import { MediaGallery } from './MediaGallery';
import { MediaViewer } from './MediaViewer';
import { UploadPanel } from './UploadPanel';
import { CaseStatusBadge, readPatientState, useLocale } from './shared';

/**
 * The case and its media. While files are being prepared the case is re-read every two seconds,
 * so that thumbnails appear as soon as they are made (less often once nothing has changed for a
 * minute); polling stops when everything is ready, after half an hour without change, or when
 * the page is left.
 */
export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const location = useLocation();
  const locale = useLocale();
  const patient = readPatientState(location.state);
  const galleryHeading = useId();
  usePageTitle(t('cases.title'));

  const [data, setData] = useState<CaseView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notFound, setNotFound] = useState(false);
  const [stalled, setStalled] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [viewing, setViewing] = useState<Id | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const requestSeq = useRef(0);
  const lastMedia = useRef('');
  const unchanged = useRef(0);

  const load = useCallback(async () => {
    const seq = ++requestSeq.current;
    try {
      const view = await get<CaseView>(`/api/cases/${idPath(id)}`);
      if (seq !== requestSeq.current) return;
      const media = JSON.stringify(view.media);
      unchanged.current = media === lastMedia.current ? unchanged.current + 1 : 0;
      lastMedia.current = media;
      if (unchanged.current >= POLL_MAX_UNCHANGED) setStalled(true);
      setData(view);
      setGeneration((g) => g + 1);
      setError(null);
      setNotFound(false);
    } catch (err) {
      if (seq !== requestSeq.current) return;
      if (err instanceof ApiError && err.status === 404) {
        setNotFound(true);
        setData(null);
      } else {
        setError(err);
      }
    }
  }, [id]);

  useEffect(() => {
    setData(null);
    setError(null);
    setNotFound(false);
    setStalled(false);
    setViewing(null);
    unchanged.current = 0;
    lastMedia.current = '';
    void load();
  }, [load]);

  const polling = !!data && !stalled && needsPolling(data.media);
  useEffect(() => {
    if (!polling) return;
    let stopped = false;
    let timer = 0;
    const tick = async () => {
      await load();
      if (!stopped) timer = window.setTimeout(() => void tick(), pollDelay(unchanged.current));
    };
    timer = window.setTimeout(() => void tick(), pollDelay(unchanged.current));
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [polling, load]);

  const onUploaded = useCallback(() => {
    unchanged.current = 0;
    setStalled(false);
    void load();
  }, [load]);

  const open = useCallback((mediaId: Id, from: HTMLElement) => {
    opener.current = from;
    setViewing(mediaId);
  }, []);

  const close = useCallback(() => {
    setViewing(null);
    const from = opener.current;
    opener.current = null;
    // The opener may have been replaced (e.g. a placeholder by its thumbnail) while the dialog was open.
    if (from?.isConnected) from.focus();
  }, []);

  if (notFound) {
    return (
      <div className="page page-narrow">
        <PageHeading>{t('cases.notFoundTitle')}</PageHeading>
        <p>{t('cases.notFoundText')}</p>
        <p>
          <Link to="/patients">{t('cases.backToPatients')}</Link>
        </p>
      </div>
    );
  }

  if (!data) {
    return (
      <div className="page">
        <PageHeading>{t('cases.title')}</PageHeading>
        {error ? <ErrorAlert error={error} /> : <Loading />}
      </div>
    );
  }

  const department = departmentName(user, data.departmentId);
  const canUpload = hasRightIn(user, 'media.upload', data.departmentId);
  const draft = data.status === 'draft';
  const viewingItem = viewing !== null && data.media.some((m) => sameId(m.id, viewing));

  return (
    <div className="page">
      <PageHeading>{t('cases.title')}</PageHeading>
      <ErrorAlert error={error} />

      <section className="panel case-summary" aria-label={t('cases.title')}>
        <dl className="case-facts">
          {patient && (
            <div>
              <dt>{t('cases.patient')}</dt>
              <dd>
                <span className="identifier">{patient.identifier}</span>{' '}
                <span className="muted">{typeName(t, patient.type)}</span>{' '}
                {patient.confidential && <span className="badge badge-confidential">{t('patients.confidential')}</span>}
              </dd>
            </div>
          )}
          <div>
            <dt>{t('cases.department')}</dt>
            <dd>{department ?? t('cases.unknownDepartment')}</dd>
          </div>
          <div>
            <dt>{t('cases.statusLabel')}</dt>
            <dd>
              <CaseStatusBadge status={data.status} />
            </dd>
          </div>
          <div>
            <dt>{t('cases.created')}</dt>
            <dd>{formatDateTime(data.createdAt, locale)}</dd>
          </div>
        </dl>
      </section>

      {!draft ? (
        <p className="note">{t('cases.locked')}</p>
      ) : canUpload ? (
        <UploadPanel caseId={data.id} media={data.media} generation={generation} onUploaded={onUploaded} onOpenMedia={open} />
      ) : null}

      <section className="panel" aria-labelledby={galleryHeading}>
        <h2 id={galleryHeading}>
          {t('media.title')} <span className="muted count">({data.media.length})</span>
        </h2>
        <MediaGallery items={data.media} onOpen={open} />
      </section>

      {viewing !== null && viewingItem && (
        <MediaViewer items={data.media} id={viewing} onClose={close} onNavigate={setViewing} />
      )}
    </div>
  );
}
