import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDuration, mediaPath } from '../../media';
import type { Id, MediaView } from '../../types';

export function kindName(t: TFunction, kind: string): string {
  return t(`media.kinds.${kind}`, { defaultValue: kind });
}

/** "Bild · 1200 × 800 px · 0:02": what kind of file, how big, how long. */
export function mediaFacts(t: TFunction, item: MediaView): string[] {
  const facts = [kindName(t, item.kind)];
  if (item.width && item.height) facts.push(t('media.dimensions', { width: item.width, height: item.height }));
  if (item.durationMs !== undefined && item.durationMs !== null) facts.push(formatDuration(item.durationMs));
  return facts;
}

export function AudioIcon({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M9 18V5l11-2v13" />
      <circle cx="6" cy="18" r="3" />
      <circle cx="17" cy="16" r="3" />
    </svg>
  );
}

function PlayIcon() {
  return (
    <svg className="media-play" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11" />
      <path d="M10 8l6 4-6 4z" />
    </svg>
  );
}

/** The picture on a gallery card: the thumbnail once it exists, else a placeholder. */
function Thumbnail({ item }: { item: MediaView }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);

  if (item.derivatives.thumbnail && !failed) {
    return (
      <>
        <img
          className="media-thumb-img"
          src={mediaPath(item.id, 'thumbnail')}
          alt={item.originalFilename}
          width={item.derivatives.thumbnail.width}
          height={item.derivatives.thumbnail.height}
          loading="lazy"
          decoding="async"
          draggable={false}
          onError={() => setFailed(true)}
        />
        {item.kind === 'video' && <PlayIcon />}
      </>
    );
  }
  if (item.kind === 'audio') {
    return (
      <span className="media-placeholder media-placeholder-audio">
        <AudioIcon className="media-placeholder-icon" />
        <span className="visually-hidden">{item.originalFilename}</span>
      </span>
    );
  }
  return (
    <span className="media-placeholder">
      <span className="visually-hidden">{item.originalFilename}, </span>
      {failed ? (
        <span>{t('media.thumbnailFailed')}</span>
      ) : (
        <>
          <span className="spinner" aria-hidden="true" />
          <span>{t('media.preparing')}</span>
        </>
      )}
    </span>
  );
}

/** The case's media as a grid of cards; each card opens the full view. */
export function MediaGallery({
  items,
  onOpen,
}: {
  items: MediaView[];
  onOpen(id: Id, opener: HTMLElement): void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="muted">{t('media.empty')}</p>;
  return (
    <ul className="media-grid">
      {items.map((item) => (
        <li key={String(item.id)} className="media-card" data-media-id={String(item.id)}>
          <button type="button" className="media-thumb" onClick={(e) => onOpen(item.id, e.currentTarget)}>
            <span className="visually-hidden">{t('media.open')} </span>
            <Thumbnail item={item} />
          </button>
          <div className="media-caption">
            <span className="media-name" title={item.originalFilename}>
              {item.originalFilename}
            </span>
            <span className="media-facts">{mediaFacts(t, item).join(' · ')}</span>
            {item.status === 'processing' && <span className="badge badge-neutral">{t('media.processing')}</span>}
          </div>
        </li>
      ))}
    </ul>
  );
}
