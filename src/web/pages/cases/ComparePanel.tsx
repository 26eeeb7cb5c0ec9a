import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import '../../i18n/looking';
import './looking.css';
import { mediaPath } from '../../media';

/** Zoom and pan shared by every pane: the follow-up of a lesion is read at the same place in each image. */
export interface SharedView {
  scale: number;
  /** Pan as a fraction of the pane's size, so panes of different sizes move alike. */
  x: number;
  y: number;
}

const MIN = 1;
const MAX = 8;
const STEP = 1.25;
const PAN = 0.05;
export const FIT_VIEW: SharedView = { scale: 1, x: 0, y: 0 };

/** Keeps the view within the image: at scale s the image may move (s - 1) / 2 of the pane each way. */
export function clampView(view: SharedView): SharedView {
  const scale = Math.min(MAX, Math.max(MIN, view.scale));
  const limit = (scale - 1) / 2;
  return { scale, x: Math.min(limit, Math.max(-limit, view.x)), y: Math.min(limit, Math.max(-limit, view.y)) };
}

export interface CompareImage {
  mediaId: string;
  label: string;
}

/**
 * Two or more images side by side (a column each; stacked on a phone) with one zoom and pan:
 * wheel, pinch, drag or keys in any pane move all of them.
 */
export function ComparePanel({ images, onClose }: { images: CompareImage[]; onClose(): void }) {
  const { t } = useTranslation();
  const [view, setView] = useState<SharedView>(FIT_VIEW);
  const viewRef = useRef(view);
  viewRef.current = view;
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distance: number; scale: number } | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const [narrow, setNarrow] = useState(() => window.matchMedia('(max-width: 600px)').matches);

  useEffect(() => {
    closeRef.current?.focus();
    const query = window.matchMedia('(max-width: 600px)');
    const changed = () => setNarrow(query.matches);
    query.addEventListener('change', changed);
    const previous = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      query.removeEventListener('change', changed);
      document.body.style.overflow = previous;
    };
  }, []);

  const update = (next: SharedView) => setView(clampView(next));
  const zoomBy = (factor: number) => update({ ...viewRef.current, scale: viewRef.current.scale * factor });

  // The wheel through a listener of our own: React's is passive, and the page must not scroll instead.
  const panesRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const panes = panesRef.current;
    if (!panes) return;
    const onWheel = (e: globalThis.WheelEvent) => {
      e.preventDefault();
      if (e.deltaY === 0) return;
      const v = viewRef.current;
      setView(clampView({ ...v, scale: v.scale * (e.deltaY < 0 ? STEP : 1 / STEP) }));
    };
    panes.addEventListener('wheel', onWheel, { passive: false });
    return () => panes.removeEventListener('wheel', onWheel);
  }, []);

  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()] as [{ x: number; y: number }, { x: number; y: number }];
      pinch.current = { distance: Math.hypot(a.x - b.x, a.y - b.y), scale: viewRef.current.scale };
    }
  }

  function onPointerMove(e: PointerEvent<HTMLDivElement>) {
    const last = pointers.current.get(e.pointerId);
    if (!last) return;
    const now = { x: e.clientX, y: e.clientY };
    pointers.current.set(e.pointerId, now);
    if (pointers.current.size >= 2 && pinch.current) {
      const [a, b] = [...pointers.current.values()] as [{ x: number; y: number }, { x: number; y: number }];
      update({ ...viewRef.current, scale: (pinch.current.scale * Math.hypot(a.x - b.x, a.y - b.y)) / Math.max(1, pinch.current.distance) });
      return;
    }
    const pane = e.currentTarget.getBoundingClientRect();
    const v = viewRef.current;
    update({ ...v, x: v.x + (now.x - last.x) / pane.width / v.scale, y: v.y + (now.y - last.y) / pane.height / v.scale });
  }

  function onPointerUp(e: PointerEvent<HTMLDivElement>) {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const v = viewRef.current;
    const keys: Record<string, () => void> = {
      '+': () => zoomBy(STEP),
      '=': () => zoomBy(STEP),
      '-': () => zoomBy(1 / STEP),
      '0': () => update(FIT_VIEW),
      ArrowLeft: () => update({ ...v, x: v.x + PAN }),
      ArrowRight: () => update({ ...v, x: v.x - PAN }),
      ArrowUp: () => update({ ...v, y: v.y + PAN }),
      ArrowDown: () => update({ ...v, y: v.y - PAN }),
      Escape: onClose,
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }

  const columns = narrow ? 1 : Math.min(images.length, 3);
  return (
    <div className="compare" role="dialog" aria-modal="true" aria-labelledby="compare-title" onKeyDown={onKeyDown}>
      <div className="compare-toolbar">
        <h2 id="compare-title">{t('looking.compare.title')}</h2>
        <span role="status" data-testid="compare-zoom">
          {t('looking.compare.zoom', { percent: Math.round(view.scale * 100) })}
        </span>
        <button type="button" className="button-secondary" onClick={() => zoomBy(1 / STEP)}>
          {t('looking.compare.zoomOut')}
        </button>
        <button type="button" className="button-secondary" onClick={() => zoomBy(STEP)}>
          {t('looking.compare.zoomIn')}
        </button>
        <button type="button" className="button-secondary" onClick={() => update(FIT_VIEW)}>
          {t('looking.compare.reset')}
        </button>
        <button type="button" className="button-primary" ref={closeRef} onClick={onClose}>
          {t('looking.compare.close')}
        </button>
      </div>
      <p className="compare-help">{t('looking.compare.help')}</p>
      <div className="compare-panes" ref={panesRef} style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
        {images.map((image, i) => (
          <div
            key={image.mediaId}
            className="compare-pane"
            tabIndex={0}
            role="group"
            aria-label={`${t('looking.compare.image', { n: i + 1, count: images.length })}: ${image.label}`}
            data-testid="compare-pane"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
          >
            <img
              src={mediaPath(image.mediaId, 'preview')}
              alt={image.label}
              draggable={false}
              style={{ transform: `scale(${view.scale}) translate(${view.x * 100}%, ${view.y * 100}%)` }}
            />
            <span className="compare-caption">{image.label}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
