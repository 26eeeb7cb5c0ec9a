import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../../i18n/consents';
import { ApiError, call, client } from '../../api';
import { CollectionField } from '../../components/CollectionField';
import { bystanderRefusal, bystandersBody, ShownBystanders, type BystandersAnswer } from '../../components/ShownBystanders';
import { ErrorAlert, StatusMessage, useLoad } from '../../components/common';
import type { Id, MediaView } from '../../types';
import { formatDateTime, mediaPath } from '../../media';
import { useLocale } from './shared';
import { formatDay } from '../PatientConsents';

const REASONS = ['none', 'scope', 'revoked', 'expired', 'not_yet_valid', 'not_found'] as const;

/**
 * "Copy to a teaching collection" on a patient's case (M8): a finished picture into one of the case
 * department's collections. The server refuses it without the patient's valid written consent to
 * teaching (409 consent_required with a reason), and the reason is shown in words with a link to
 * the patient's consents.
 */
export function TeachingCopy({ departmentId, patientId, items }: { departmentId: Id; patientId: string; items: MediaView[] }) {
  const { t } = useTranslation();
  const ids = { heading: useId(), image: useId(), collection: useId() };
  const images = items.filter((m) => m.kind === 'image' && m.status === 'ready');
  const { data: collections } = useLoad(() => call(client.GET('/api/collections', { params: { query: { departmentId: String(departmentId) } } })), [String(departmentId)]);
  const [mediaId, setMediaId] = useState('');
  const [collectionId, setCollectionId] = useState('');
  const [bystanders, setBystanders] = useState<BystandersAnswer | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const chosenMedia = mediaId || (images[0] ? String(images[0].id) : '');
  const chosenCollection = collectionId || (collections?.[0] ? String(collections[0].id) : '');

  async function onCopy(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    setError(null);
    setStatus('');
    if (!bystanders) {
      setRefusal(t('consent.bystanders.choose'));
      return;
    }
    try {
      await call(client.POST('/api/collections/{id}/media', { params: { path: { id: chosenCollection } }, body: { mediaId: chosenMedia, bystanders: bystandersBody(bystanders) } }));
      setStatus(t('consent.copy.done', { name: collections?.find((c) => String(c.id) === chosenCollection)?.name ?? '' }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'consent_required') {
        const reason = String(err.body.reason ?? 'none');
        setRefusal(reason === 'bystander' ? bystanderRefusal(t, err.body) : (REASONS as readonly string[]).includes(reason) ? t(`consent.copy.reasons.${reason}`) : t('errors.consent_required'));
      } else setError(err);
    }
  }

  return (
    <section className="panel teaching-copy" aria-labelledby={ids.heading} data-testid="teaching-copy">
      <h2 id={ids.heading}>{t('consent.copy.heading')}</h2>
      <p className="hint">{t('consent.copy.intro')}</p>
      {refusal && (
        <div className="alert alert-error" role="alert" data-testid="consent-refusal">
          <p>
            <strong>{t('consent.copy.refused')}</strong> {refusal}
          </p>
          <p>
            <Link to={`/patients/${encodeURIComponent(patientId)}`}>{t('consent.copy.consents')}</Link>
          </p>
        </div>
      )}
      <ErrorAlert error={error} detail />
      <StatusMessage>{status}</StatusMessage>
      {images.length === 0 ? (
        <p className="muted">{t('consent.copy.noImages')}</p>
      ) : collections && collections.length === 0 ? (
        <p className="muted">{t('consent.copy.noCollections')}</p>
      ) : (
        <form onSubmit={(e) => void onCopy(e)}>
          <div className="field">
            <label htmlFor={ids.image}>{t('consent.copy.image')}</label>
            <select id={ids.image} value={chosenMedia} onChange={(e) => {
                setMediaId(e.target.value);
                // Another picture may show other people: ask again.
                setBystanders(null);
              }}>
              {images.map((m) => (
                <option key={String(m.id)} value={String(m.id)}>
                  {m.originalFilename}
                </option>
              ))}
            </select>
          </div>
          <CollectionField id={ids.collection} label={t('consent.copy.collection')} collections={collections} value={chosenCollection} onChange={setCollectionId} />
          <ShownBystanders patientId={patientId} value={bystanders} onChange={setBystanders} />
          <button type="submit" className="button-primary" disabled={!chosenMedia || !chosenCollection || !bystanders}>
            {t('consent.copy.submit')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The caller's notices of pictures taken out of teaching collections because their consent was revoked. */
export function ConsentNotices() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data } = useLoad(() => call(client.GET('/api/consent-notices')), []);
  if (!data || data.length === 0) return null;
  return (
    <section className="panel" data-testid="consent-notices">
      <h2>{t('consent.notices.heading')}</h2>
      <ul>
        {data.map((n) => (
          <li key={n.id}>{t('consent.notices.item', { name: n.collectionName, time: formatDateTime(n.createdAt, locale), date: n.revokedOn ? formatDay(n.revokedOn, locale) : '' })}</li>
        ))}
      </ul>
    </section>
  );
}

/** The pictures copied into a collection under a consent, on request (the list is an audited read). */
export function CollectionCopies({ collectionId, name }: { collectionId: Id; name: string }) {
  const { t } = useTranslation();
  const [copies, setCopies] = useState<{ id: string; mediaId: string }[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function show() {
    try {
      setCopies(await call(client.GET('/api/collections/{id}/media', { params: { path: { id: String(collectionId) } } })));
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="collection-copies">
      <ErrorAlert error={error} />
      {copies === null ? (
        <button type="button" className="button-secondary" onClick={() => void show()}>
          {t('consent.collection.show', { name })}
        </button>
      ) : copies.length === 0 ? (
        <p className="muted">{t('consent.collection.empty')}</p>
      ) : (
        <ul className="collection-copy-grid" aria-label={t('consent.collection.label', { name })}>
          {copies.map((c) => (
            <li key={c.id}>
              <img src={mediaPath(c.mediaId, 'thumbnail')} alt={t('consent.collection.alt')} loading="lazy" />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
