import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../../i18n/deidentify';
import { call, client } from '../../api';
import { ErrorAlert } from '../../components/common';
import { casePath, formatDateTime } from '../../media';
import type { Id } from '../../types';
import { useLocale } from '../cases/shared';
import './deidentify.css';

type Copy = Awaited<ReturnType<typeof loadCopies>>[number];
const loadCopies = (collectionId: string) => call(client.GET('/api/collections/{id}/deidentified-copies', { params: { path: { id: collectionId } } }));

/** The de-identified copies in a teaching collection, on request (the list is an audited read); the source only for who may read it. */
export function DeidentifiedCopies({ collectionId, name }: { collectionId: Id; name: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [copies, setCopies] = useState<Copy[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function show() {
    try {
      setCopies(await loadCopies(String(collectionId)));
    } catch (err) {
      setError(err);
    }
  }
  const file = (id: string) => `/api/deidentified-copies/${encodeURIComponent(id)}/file`;
  return (
    <div className="deidentified-copies">
      <ErrorAlert error={error} />
      {copies === null ? (
        <button type="button" className="button-secondary" onClick={() => void show()}>
          {t('deidentify.listShow', { name })}
        </button>
      ) : copies.length === 0 ? (
        <p className="muted">{t('deidentify.listEmpty')}</p>
      ) : (
        <ul className="deidentified-grid" aria-label={t('deidentify.listLabel', { name })}>
          {copies.map((c) => (
            <li key={c.id} className="deidentified-item">
              {c.kind === 'video' ? <video src={file(c.id)} controls preload="metadata" /> : <img src={file(c.id)} alt={c.title ?? t('deidentify.alt')} loading="lazy" />}
              {c.title && <strong>{c.title}</strong>}
              {c.description && <span>{c.description}</span>}
              <span className="muted">{t('deidentify.made', { time: formatDateTime(c.createdAt, locale), name: c.createdBy.name })}</span>
              {c.source ? <Link to={casePath(c.source.caseId)}>{t('deidentify.source')}</Link> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
