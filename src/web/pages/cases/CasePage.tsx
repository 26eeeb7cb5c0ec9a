import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, call, client } from '../../api';
import { useSession } from '../../session';
import { POLL_MAX_UNCHANGED, pollDelay, departmentName, formatDateTime, hasRightIn, needsPolling } from '../../media';
import { sameId } from '../../types';
import type { CaseView, Id } from '../../types';
import { ErrorAlert, Loading, PageHeading, StatusMessage, usePageTitle } from '../../components/common';
import { EmergencyOpen } from './EmergencyOpen';
import { PurgeCase } from './PurgeCase';
import { typeName } from '../PatientsPage';
import { CaseFormPanel } from './CaseFormPanel';
import { CaseHistory } from './CaseHistory';
import { MediaGallery, type MediaEditing } from './MediaGallery';
import { MediaViewer } from './MediaViewer';
import { annotationsByMedia, CopyAnnotationControls } from './CopyAnnotations';
import { UploadPanel } from './UploadPanel';
import { CardImportPanel, ImportFlags } from './CardImport';
import { CaseStatusBadge, readPatientState, useLocale } from './shared';
import { useCopyMode } from '../../components/CopyMode';
import { useKasusReadOnly } from '../../continuity/continuity';
import { PrintCaseButton, PrintFooter, PrintFrame, type PrintStamp } from './PrintCase';
import { CaseCopies } from './CaseCopies';
import { CasePacs } from './CasePacs';
import { TeachingCopy } from './TeachingCopy';
import { DeidentifyLinks } from '../deidentify/DeidentifyPage';
import { PatientBanner } from '../../components/PatientBanner';
import { formatIdentifier } from '../../identifier-format';

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
  // Kasus in read-only mode: nothing can be saved, so no write action is offered (the banner says why).
  const kasusReadOnly = useKasusReadOnly();
  // On the backup workstation's read-only copy nothing is written; a case is read and printed.
  const readOnlyCopy = useCopyMode().copy !== null;
  const [printStamp, setPrintStamp] = useState<PrintStamp | null>(null);
  // The copy shows (and prints) the images' annotations unless the reader hides them.
  const [showAnnotations, setShowAnnotations] = useState(true);
  const location = useLocation();
  const locale = useLocale();
  const patient = readPatientState(location.state);
  const galleryHeading = useId();
  usePageTitle(t('cases.title'));

  const [data, setData] = useState<CaseView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notFound, setNotFound] = useState(false);
  const [confidential, setConfidential] = useState(false);
  const [editStatus, setEditStatus] = useState('');
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
      const view = await call(client.GET('/api/cases/{id}', { params: { path: { id: String(id) } } }));
      if (seq !== requestSeq.current) return;
      const media = JSON.stringify(view.media);
      unchanged.current = media === lastMedia.current ? unchanged.current + 1 : 0;
      lastMedia.current = media;
      if (unchanged.current >= POLL_MAX_UNCHANGED) setStalled(true);
      setData(view);
      setGeneration((g) => g + 1);
      setError(null);
      setNotFound(false);
      setConfidential(false);
    } catch (err) {
      if (seq !== requestSeq.current) return;
      if (err instanceof ApiError && err.code === 'confidential') {
        setConfidential(true);
        setData(null);
      } else if (err instanceof ApiError && err.status === 404) {
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
    setConfidential(false);
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

  /** A change made on this page: show its answer at once. */
  const onChanged = useCallback((view: CaseView) => {
    requestSeq.current++;
    setData(view);
    setGeneration((g) => g + 1);
  }, []);

  const editing: MediaEditing = {
    onCaption: async (mediaId, caption) => {
      await change(client.PATCH('/api/cases/{id}/media/{mediaId}', { params: mediaParams(mediaId), body: { caption } }), t('mediaEdit.captionSaved'));
    },
    onRemove: async (mediaId) => {
      const name = data?.media.find((m) => sameId(m.id, mediaId))?.originalFilename ?? '';
      await change(client.DELETE('/api/cases/{id}/media/{mediaId}', { params: mediaParams(mediaId) }), t('mediaEdit.removed', { name }));
    },
    onMove: async (mediaId, delta) => {
      const ids = (data?.media ?? []).map((m) => m.id);
      const from = ids.findIndex((x) => sameId(x, mediaId));
      const to = from + delta;
      if (from < 0 || to < 0 || to >= ids.length) return;
      [ids[from], ids[to]] = [ids[to]!, ids[from]!];
      await change(client.PUT('/api/cases/{id}/media-order', { params: { path: { id: String(id) } }, body: { mediaIds: ids.map(String) } }), t('mediaEdit.moved'));
    },
  };

  function mediaParams(mediaId: Id) {
    return { path: { id: String(id), mediaId: String(mediaId) } };
  }

  /** Shows the case as a media change (caption, removal, order) answers with it. */
  async function change(pending: Promise<{ data?: CaseView; error?: unknown; response: Response }>, done: string) {
    setEditStatus('');
    setError(null);
    try {
      onChanged(await call(pending));
      setEditStatus(done);
    } catch (err) {
      setError(err);
    }
  }

  if (confidential) {
    return (
      <div className="page page-narrow">
        <PageHeading>{t('cases.confidential')}</PageHeading>
        <ErrorAlert error={new ApiError(403, 'confidential', '')} />
        <EmergencyOpen caseId={id} onOpened={() => void load()} />
      </div>
    );
  }

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
  const canUpload = !readOnlyCopy && !kasusReadOnly && hasRightIn(user, 'media.upload', data.departmentId);
  const canWrite = !readOnlyCopy && !kasusReadOnly && hasRightIn(user, 'case.write', data.departmentId);
  const canSign = !readOnlyCopy && !kasusReadOnly && hasRightIn(user, 'case.sign', data.departmentId);
  const draft = data.status === 'draft';
  const shownPatient = data.patient ?? patient;
  const viewingItem = viewing !== null && data.media.some((m) => sameId(m.id, viewing));
  // On the copy the layers come with the case (the viewer's annotation route needs the version history the copy does not hold).
  const copyAnnotations = readOnlyCopy ? annotationsByMedia(data.annotations) : undefined;

  return (
    <div className={printStamp ? 'page print-approved' : 'page'}>
      <PrintFrame enabled={readOnlyCopy}>
      <PageHeading>{t('cases.title')}</PageHeading>
      <ErrorAlert error={error} />
      {readOnlyCopy && (
        <PrintCaseButton
          caseId={String(data.id)}
          patient={shownPatient ? `${formatIdentifier(shownPatient.identifier, shownPatient.type)} (${typeName(t, shownPatient.type)})` : data.collection?.name ?? ''}
          user={user ? `${user.displayName} (${user.username})` : ''}
          onStamp={setPrintStamp}
        />
      )}
      {printStamp && <PrintFooter stamp={printStamp} />}
      {shownPatient && <PatientBanner patient={shownPatient} />}

      <section className="panel case-summary" aria-label={t('cases.title')}>
        <dl className="case-facts">
          {data.collection && (
            <div>
              <dt>{t('cases.patient')}</dt>
              <dd>{t('caseForm.teaching', { name: data.collection.name })}</dd>
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
            <dt>{t('cases.versionLabel')}</dt>
            <dd>{data.version}</dd>
          </div>
          <div>
            <dt>{t('cases.created')}</dt>
            <dd>{formatDateTime(data.createdAt, locale)}</dd>
          </div>
        </dl>
      </section>

      {!readOnlyCopy && <ImportFlags caseId={data.id} mediaCount={data.media.length} />}

      <CaseFormPanel key={String(data.id)} data={data} canWrite={canWrite} canSign={canSign} onChanged={onChanged} />

      {readOnlyCopy ? null : !draft ? (
        <p className="note">{t('cases.locked')}</p>
      ) : canUpload ? (
        <>
          <UploadPanel caseId={data.id} media={data.media} generation={generation} onUploaded={onUploaded} onOpenMedia={open} />
          <CardImportPanel caseId={data.id} onImported={onUploaded} />
        </>
      ) : null}

      <section className="panel" aria-labelledby={galleryHeading}>
        <h2 id={galleryHeading}>
          {t('media.title')} <span className="muted count">({data.media.length})</span>
        </h2>
        <StatusMessage>{editStatus}</StatusMessage>
        {copyAnnotations && <CopyAnnotationControls count={copyAnnotations.size} visible={showAnnotations} onToggle={setShowAnnotations} />}
        <MediaGallery
          items={data.media}
          onOpen={open}
          {...(draft && canWrite ? { editing } : {})}
          {...(copyAnnotations ? { annotations: { shapes: copyAnnotations, visible: showAnnotations } } : {})}
        />
      </section>

      {/* A picture into a teaching collection under the patient's written consent (M8), for who manages teaching here. */}
      {!readOnlyCopy && data.patient && hasRightIn(user, 'teaching.manage', data.departmentId) && (
        <TeachingCopy departmentId={data.departmentId} patientId={String(data.patient.id)} items={data.media} />
      )}
      {/* A de-identified copy of a picture or video into a teaching collection (M9). */}
      {!readOnlyCopy && data.patient && hasRightIn(user, 'teaching.manage', data.departmentId) && <DeidentifyLinks items={data.media.map((m) => ({ ...m, id: String(m.id) }))} />}

      {/* The copy holds only the latest version of a case. */}
      {!readOnlyCopy && <CaseHistory caseId={data.id} currentVersion={data.version} status={data.status} />}

      {/* Prints and exports with a reason, and the copies given out (M7); the backup copy prints on its own. */}
      {!readOnlyCopy && <CaseCopies caseId={data.id} media={data.media} />}

      {/* Sends to the department's PACS as DICOM (issue 15, I3), where it has one. */}
      {!readOnlyCopy && <CasePacs caseId={data.id} signed={data.status === 'signed'} canSend={!kasusReadOnly && hasRightIn(user, 'media.export', data.departmentId)} />}

      {/* Purge for real after a retention decision (M11), for system administrators. */}
      {!readOnlyCopy && hasRightIn(user, 'case.purge', data.departmentId) && (
        <section className="purge-section">
          <PurgeCase caseId={String(data.id)} mediaCount={data.media.length} />
        </section>
      )}

      {viewing !== null && viewingItem && (
        <MediaViewer items={data.media} id={viewing} onClose={close} onNavigate={setViewing} caseVersion={data.version} {...(copyAnnotations ? { annotations: copyAnnotations } : {})} />
      )}
      </PrintFrame>
    </div>
  );
}
