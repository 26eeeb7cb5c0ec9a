import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDuration, mediaPath } from '../../media';
import type { Id, MediaView } from '../../types';
import { editLabel } from '../../upload-edit';
import { ThumbnailAnnotations, type GalleryAnnotations } from './CopyAnnotations';

export function kindName(t: TFunction, kind: string): string {
  return t(`media.kinds.${kind}`, { defaultValue: kind });
}

/** "Bild · 1200 × 800 px · 0:02": what kind of file, how big, how long. */
export function mediaFacts(t: TFunction, item: MediaView): string[] {
  const facts = [kindName(t, item.kind)];
  if (item.width && item.height) facts.push(t('media.dimensions', { width: item.width, height: item.height }));
  if (item.durationMs !== undefined && item.durationMs !== null) facts.push(formatDuration(item.durationMs));
  // Cropped or trimmed before it was added (issue 16): the case says so.
  if (item.edit) facts.push(editLabel(t, item.edit));
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

/** What the draft's owner may do to an item: caption it, move it, remove it. */
export interface MediaEditing {
  onCaption(id: Id, caption: string): Promise<void>;
  onMove(id: Id, delta: -1 | 1): Promise<void>;
  onRemove(id: Id): Promise<void>;
}

function CaptionEditor({ item, editing }: { item: MediaView; editing: MediaEditing }) {
  const { t } = useTranslation();
  const inputId = useId();
  const [text, setText] = useState(item.caption ?? '');
  const [saving, setSaving] = useState(false);
  const changed = text.trim() !== (item.caption ?? '');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    try {
      await editing.onCaption(item.id, text);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="caption-editor" onSubmit={(e) => void onSubmit(e)}>
      <label htmlFor={inputId} className="visually-hidden">
        {t('mediaEdit.captionFor', { name: item.originalFilename })}
      </label>
      <input id={inputId} type="text" value={text} maxLength={2000} placeholder={t('mediaEdit.caption')} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="button-secondary button-small" disabled={saving || !changed}>
        {t('mediaEdit.saveCaption')}
      </button>
    </form>
  );
}

/** The case's media as a grid of cards; each card opens the full view. */
export function MediaGallery({
  items,
  onOpen,
  editing,
  annotations,
}: {
  items: MediaView[];
  onOpen(id: Id, opener: HTMLElement): void;
  /** Given while the case is a draft the user may change. */
  editing?: MediaEditing;
  /** The images' annotation layers drawn over their thumbnails (the read-only copy). */
  annotations?: GalleryAnnotations;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="muted">{t('media.empty')}</p>;
  return (
    <ul className="media-grid">
      {items.map((item, index) => (
        <li key={String(item.id)} className="media-card" data-media-id={String(item.id)}>
          <button type="button" className="media-thumb" onClick={(e) => onOpen(item.id, e.currentTarget)}>
            <span className="visually-hidden">{t('media.open')} </span>
            <Thumbnail item={item} />
            {annotations?.visible && item.derivatives.thumbnail && (
              <ThumbnailAnnotations shapes={annotations.shapes.get(String(item.id)) ?? []} width={item.derivatives.thumbnail.width} height={item.derivatives.thumbnail.height} />
            )}
          </button>
          <div className="media-caption">
            <span className="media-name" title={item.originalFilename}>
              {item.originalFilename}
            </span>
            <span className="media-facts">{mediaFacts(t, item).join(' · ')}</span>
            {item.status === 'processing' && <span className="badge badge-neutral">{t('media.processing')}</span>}
            {!editing && item.caption && <span className="media-text">{item.caption}</span>}
          </div>
          {editing && (
            <div className="media-edit">
              <CaptionEditor key={item.caption ?? ''} item={item} editing={editing} />
              <div className="media-edit-buttons">
                <button
                  type="button"
                  className="button-secondary button-small"
                  aria-label={t('mediaEdit.moveUpItem', { name: item.originalFilename })}
                  disabled={index === 0}
                  onClick={() => void editing.onMove(item.id, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button-secondary button-small"
                  aria-label={t('mediaEdit.moveDownItem', { name: item.originalFilename })}
                  disabled={index === items.length - 1}
                  onClick={() => void editing.onMove(item.id, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button-danger button-small"
                  aria-label={t('mediaEdit.removeItem', { name: item.originalFilename })}
                  onClick={() => {
                    if (window.confirm(t('mediaEdit.confirmRemove', { name: item.originalFilename }))) void editing.onRemove(item.id);
                  }}
                >
                  ✕
                </button>
              </div>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
