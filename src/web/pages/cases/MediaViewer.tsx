import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent, PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDuration, formatSize, mediaPath } from '../../media';
import { useCopyMode } from '../../components/CopyMode';
import { sameId } from '../../types';
import type { Id, MediaView } from '../../types';
import { AudioIcon, kindName } from './MediaGallery';
import { editLabel } from '../../upload-edit';
import { useLocale } from './shared';
import { AnnotationOverlay, AnnotationTools, useAnnotations, type Shape } from './Annotations';
import '../../i18n/looking';
import './looking.css';

const MIN_SCALE = 1;
const MAX_SCALE = 10;
const STEP = 1.25;
const PAN_STEP = 60;

interface View {
  scale: number;
  x: number;
  y: number;
}

const FIT: View = { scale: 1, x: 0, y: 0 };

/**
 * A photo that can be zoomed (buttons, keys, mouse wheel, double-click) and, when zoomed, moved by
 * dragging or with the arrow keys. Scale 1 is "fit": the whole photo in the frame.
 */
function ImageView({ item, caseVersion, pinned, onDirty, givenShapes }: { item: MediaView; caseVersion?: number; pinned?: number; onDirty?(dirty: boolean): void; givenShapes?: readonly Shape[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const hintId = useId();
  const stageRef = useRef<HTMLDivElement>(null);
  const imgRef = useRef<HTMLImageElement>(null);
  const [original, setOriginal] = useState(false);
  const [view, setView] = useState<View>(FIT);
  const viewRef = useRef<View>(FIT);
  const drag = useRef<{ pointerId: number; startX: number; startY: number; x: number; y: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [loaded, setLoaded] = useState<{ src: string; state: 'loaded' | 'failed' } | null>(null);

  const hasPreview = !!item.derivatives.preview;
  // The backup copy holds no originals, only thumbnails and previews.
  const readOnlyCopy = useCopyMode().copy !== null;
  const canOriginal = item.status === 'ready' && !readOnlyCopy;
  const src = original && canOriginal ? mediaPath(item.id, 'original') : hasPreview ? mediaPath(item.id, 'preview') : null;

  const loadState = src && loaded?.src === src ? loaded.state : 'loading';
  // The annotation layer (M15); the backup copy has it with the case (shown read-only, never fetched).
  const annotations = useAnnotations(item, !readOnlyCopy || givenShapes !== undefined, caseVersion, pinned, readOnlyCopy ? givenShapes : undefined);
  useEffect(() => onDirty?.(annotations.dirty), [annotations.dirty, onDirty]);
  const [box, setBox] = useState<{ left: number; top: number; width: number; height: number; naturalWidth: number; naturalHeight: number } | null>(null);

  /** Where the photo is laid out in the frame (before zoom and pan), for the layer drawn over it. */
  const measure = useCallback(() => {
    const img = imgRef.current;
    if (!img || !img.naturalWidth || !img.offsetWidth) return setBox(null);
    setBox({ left: img.offsetLeft, top: img.offsetTop, width: img.offsetWidth, height: img.offsetHeight, naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight });
  }, []);

  useEffect(() => {
    const stage = stageRef.current;
    if (!stage || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(stage);
    return () => observer.disconnect();
  }, [measure]);

  /** Keeps the photo from being dragged out of the frame. */
  const clamp = useCallback((next: View): View => {
    const stage = stageRef.current;
    const img = imgRef.current;
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, next.scale));
    if (!stage || !img || scale <= 1) return { scale, x: 0, y: 0 };
    const maxX = Math.max(0, (img.offsetWidth * scale - stage.clientWidth) / 2);
    const maxY = Math.max(0, (img.offsetHeight * scale - stage.clientHeight) / 2);
    return {
      scale,
      x: Math.min(maxX, Math.max(-maxX, next.x)),
      y: Math.min(maxY, Math.max(-maxY, next.y)),
    };
  }, []);

  const commit = useCallback(
    (next: View) => {
      const clamped = clamp(next);
      viewRef.current = clamped;
      setView(clamped);
    },
    [clamp],
  );

  /** Zooms to `scale`, keeping the point `focus` (relative to the frame's centre) where it is. */
  const zoomTo = useCallback(
    (scale: number, focus = { x: 0, y: 0 }) => {
      const current = viewRef.current;
      const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
      const ratio = next / current.scale;
      commit({
        scale: next,
        x: focus.x - ratio * (focus.x - current.x),
        y: focus.y - ratio * (focus.y - current.y),
      });
    },
    [commit],
  );

  const focusPoint = useCallback((clientX: number, clientY: number) => {
    const rect = stageRef.current!.getBoundingClientRect();
    return { x: clientX - rect.left - rect.width / 2, y: clientY - rect.top - rect.height / 2 };
  }, []);

  // React's wheel listener is passive; this one must be able to stop the page from scrolling.
  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
      zoomTo(viewRef.current.scale * Math.exp(-delta * 0.0025), focusPoint(e.clientX, e.clientY));
    };
    stage.addEventListener('wheel', onWheel, { passive: false });
    return () => stage.removeEventListener('wheel', onWheel);
  }, [zoomTo, focusPoint, src]);

  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (e.button !== 0 || viewRef.current.scale <= 1) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, x: viewRef.current.x, y: viewRef.current.y };
    setDragging(true);
  }

  function onPointerMove(e: PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    commit({ scale: viewRef.current.scale, x: d.x + e.clientX - d.startX, y: d.y + e.clientY - d.startY });
  }

  function endDrag(e: PointerEvent<HTMLDivElement>) {
    if (drag.current?.pointerId !== e.pointerId) return;
    drag.current = null;
    setDragging(false);
  }

  function onDoubleClick(e: MouseEvent<HTMLDivElement>) {
    // Two clicks of a drawing tool, or on a shape that can be dragged, are not a zoom.
    if (annotations.editable && (annotations.tool || (e.target instanceof Element && e.target.closest('.annotation-hit')))) return;
    if (viewRef.current.scale > 1) commit(FIT);
    else zoomTo(2.5, focusPoint(e.clientX, e.clientY));
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const v = viewRef.current;
    // Drawing by keyboard: Enter adds the chosen tool's shape in the middle, the arrow keys move the selected shape (Shift: further); Ctrl+Z undoes; Delete removes it.
    if (annotations.editable) {
      if (e.key === 'Escape' && annotations.tool) {
        // Puts the tool down first; the next Escape closes the viewer.
        e.preventDefault();
        annotations.setTool(null);
        return;
      }
      if (e.key === 'Enter' && annotations.tool) {
        e.preventDefault();
        annotations.addInMiddle();
        return;
      }
      if ((e.key === 'z' || e.key === 'Z') && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        annotations.undo();
        return;
      }
      const step = e.shiftKey ? 0.05 : 0.01;
      const arrows: Record<string, [number, number] | undefined> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      const arrow = arrows[e.key];
      if (arrow && annotations.selected && annotations.visible) {
        e.preventDefault();
        annotations.move(annotations.selected, arrow[0], arrow[1]);
        return;
      }
      if ((e.key === 'Delete' || e.key === 'Backspace') && annotations.selected) {
        e.preventDefault();
        annotations.remove(annotations.selected);
        return;
      }
    }
    let handled = true;
    switch (e.key) {
      case '+':
      case '=':
        zoomTo(v.scale * STEP);
        break;
      case '-':
      case '_':
        zoomTo(v.scale / STEP);
        break;
      case '0':
        commit(FIT);
        break;
      case 'ArrowLeft':
        commit({ ...v, x: v.x + PAN_STEP });
        break;
      case 'ArrowRight':
        commit({ ...v, x: v.x - PAN_STEP });
        break;
      case 'ArrowUp':
        commit({ ...v, y: v.y + PAN_STEP });
        break;
      case 'ArrowDown':
        commit({ ...v, y: v.y - PAN_STEP });
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  }

  const zoomed = view.scale > 1.001;

  return (
    <div className="viewer-image">
      <div className="viewer-toolbar">
        <div className="viewer-zoom" role="group" aria-label={t('media.viewer.zoomControls')}>
          <button
            type="button"
            className="button-secondary button-icon"
            aria-label={t('media.viewer.zoomOut')}
            title={t('media.viewer.zoomOut')}
            disabled={!src || view.scale <= MIN_SCALE}
            onClick={() => zoomTo(viewRef.current.scale / STEP)}
          >
            −
          </button>
          <output className="viewer-zoom-level" aria-live="polite">
            {t('media.viewer.zoomLevel', { percent: Math.round(view.scale * 100) })}
          </output>
          <button
            type="button"
            className="button-secondary button-icon"
            aria-label={t('media.viewer.zoomIn')}
            title={t('media.viewer.zoomIn')}
            disabled={!src || view.scale >= MAX_SCALE}
            onClick={() => zoomTo(viewRef.current.scale * STEP)}
          >
            +
          </button>
          <button type="button" className="button-secondary" disabled={!src || !zoomed} onClick={() => commit(FIT)}>
            {t('media.viewer.fit')}
          </button>
        </div>
        {canOriginal && (hasPreview || !original) && (
          <button type="button" className="button-secondary" onClick={() => setOriginal((o) => !o || !hasPreview)}>
            {original ? t('media.viewer.showPreview') : t('media.viewer.showOriginal')}
          </button>
        )}
      </div>
      <AnnotationTools state={annotations} returnFocus={() => stageRef.current?.focus()} />
      <div
        ref={stageRef}
        className={`viewer-stage${zoomed ? ' viewer-stage-zoomed' : ''}${dragging ? ' viewer-stage-dragging' : ''}`}
        tabIndex={src ? 0 : -1}
        role="group"
        aria-label={t('media.viewer.stageLabel', { name: item.originalFilename })}
        aria-describedby={hintId}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onDoubleClick={onDoubleClick}
        onKeyDown={onKeyDown}
      >
        {src ? (
          <img
            key={src}
            ref={imgRef}
            className="viewer-img"
            src={src}
            alt={item.originalFilename}
            draggable={false}
            style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
            onLoad={() => {
              setLoaded({ src, state: 'loaded' });
              measure();
            }}
            onError={() => setLoaded({ src, state: 'failed' })}
          />
        ) : (
          <p className="viewer-message">{t('media.viewer.notReady')}</p>
        )}
        {src && loadState === 'loaded' && box && (
          <AnnotationOverlay
            state={annotations}
            box={box}
            natural={{ width: box.naturalWidth, height: box.naturalHeight }}
            scale={view.scale}
            transform={`translate(${view.x}px, ${view.y}px) scale(${view.scale})`}
            locale={locale}
            onGrab={() => stageRef.current?.focus({ preventScroll: true })}
          />
        )}
        {src && loadState === 'loading' && (
          <p className="viewer-message viewer-overlay" role="status">
            <span className="spinner" aria-hidden="true" /> {t('media.viewer.loading')}
          </p>
        )}
        {src && loadState === 'failed' && (
          <p className="viewer-message viewer-overlay" role="alert">
            {t('media.viewer.loadFailed')}
          </p>
        )}
      </div>
      <p className="hint" id={hintId}>
        {annotations.editable && annotations.tool
          ? t('annotations.hint')
          : annotations.editable && annotations.visible && annotations.shapes.length > 0
            ? `${t('media.viewer.panHint')} ${t('annotations.dragHint')}`
            : t('media.viewer.panHint')}
      </p>
    </div>
  );
}

function PlayerView({ item }: { item: MediaView }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  if (!item.derivatives.playable) {
    return (
      <div className="viewer-stage">
        <p className="viewer-message">{t('media.viewer.notReady')}</p>
      </div>
    );
  }
  const src = mediaPath(item.id, 'playable');
  return (
    <div className="viewer-stage viewer-stage-player">
      {item.kind === 'video' ? (
        <video
          className="viewer-video"
          controls
          playsInline
          preload="metadata"
          src={src}
          poster={item.derivatives.poster ? mediaPath(item.id, 'poster') : undefined}
          aria-label={item.originalFilename}
          onError={() => setFailed(true)}
        />
      ) : (
        <div className="viewer-audio">
          <AudioIcon className="viewer-audio-icon" />
          <audio controls preload="metadata" src={src} aria-label={item.originalFilename} onError={() => setFailed(true)} />
        </div>
      )}
      {failed && (
        <p className="viewer-message viewer-overlay" role="alert">
          {t('media.viewer.loadFailed')}
        </p>
      )}
    </div>
  );
}

function Details({ item }: { item: MediaView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows: [string, string][] = [[t('media.viewer.kind'), kindName(t, item.kind)]];
  if (item.width && item.height) rows.push([t('media.viewer.dimensions'), t('media.dimensions', { width: item.width, height: item.height })]);
  if (item.durationMs !== undefined && item.durationMs !== null) rows.push([t('media.viewer.duration'), formatDuration(item.durationMs)]);
  if (item.sizeBytes) rows.push([t('media.viewer.size'), formatSize(item.sizeBytes, locale)]);
  if (item.capturedAt) rows.push([t('media.viewer.captured'), formatDateTime(item.capturedAt, locale)]);
  // The camera named in the file's metadata before cleaning (kept as data, never in the file).
  const camera = [item.cameraMake, item.cameraModel].filter(Boolean).join(' ');
  if (camera) rows.push([t('media.viewer.camera'), camera]);
  if (item.edit) rows.push([t('uploadEdit.edited'), editLabel(t, item.edit)]);
  rows.push([t('media.viewer.uploaded'), formatDateTime(item.createdAt, locale)]);
  return (
    <dl className="viewer-details" aria-label={t('media.viewer.details')}>
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The full view of one item in a modal <dialog>: the browser keeps focus inside it and closes it
 * on Escape. `onClose` is called however it closes; the caller returns focus to the opener.
 */
export function MediaViewer({
  items,
  id,
  onClose,
  onNavigate,
  caseVersion,
  pinVersion = false,
  annotations,
}: {
  items: MediaView[];
  id: Id;
  onClose(): void;
  onNavigate(id: Id): void;
  /** The version of the case the items are shown in, for the information panel. */
  caseVersion?: number;
  /** The items are of that version (opened from the history), not the latest: their annotations are that version's. */
  pinVersion?: boolean;
  /** The layers by media id, when the page has them with the case (the read-only copy): shown read-only, not fetched. */
  annotations?: ReadonlyMap<string, readonly Shape[]>;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const pressedOnBackdrop = useRef(false);
  const index = items.findIndex((m) => sameId(m.id, id));
  const item = index === -1 ? null : items[index]!;
  // Unsaved annotations are not left behind without asking.
  const dirty = useRef(false);
  const onDirty = useCallback((value: boolean) => {
    dirty.current = value;
  }, []);
  const mayLeave = () => {
    if (!dirty.current || window.confirm(t('annotations.discard'))) {
      dirty.current = false;
      return true;
    }
    return false;
  };
  const close = () => {
    if (mayLeave()) dialogRef.current?.close();
  };
  const navigate = (target: Id) => {
    if (mayLeave()) onNavigate(target);
  };
  const previous = index > 0 ? items[index - 1] : undefined;
  const next = index >= 0 && index < items.length - 1 ? items[index + 1] : undefined;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    closeRef.current?.focus();
  }, []);

  // After moving to another item the pressed button may have become disabled and lost focus.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.contains(document.activeElement)) closeRef.current?.focus();
  }, [id]);

  const [info, setInfo] = useState(true);
  const [fullscreen, setFullscreen] = useState(false);
  const swipe = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const changed = () => setFullscreen(document.fullscreenElement === dialogRef.current);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);

  function toggleFullscreen() {
    const dialog = dialogRef.current;
    if (!dialog) return;
    // Not every browser allows it (e.g. inside a frame): then the viewer stays as it is.
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void dialog.requestFullscreen?.().catch(() => undefined);
  }

  /**
   * Arrow keys page through the items unless the zoomed photo used them to pan (it marks them
   * handled); F full screen, I the information panel. Tab and Shift+Tab cycle inside the dialog.
   */
  function onKeyDown(e: KeyboardEvent<HTMLDialogElement>) {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
    if (!e.defaultPrevented && !typing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      const act: Record<string, (() => void) | undefined> = {
        ArrowLeft: previous && (() => navigate(previous.id)),
        ArrowRight: next && (() => navigate(next.id)),
        f: toggleFullscreen,
        F: toggleFullscreen,
        i: () => setInfo((v) => !v),
        I: () => setInfo((v) => !v),
      };
      const action = act[e.key];
      if (action) {
        e.preventDefault();
        action();
        return;
      }
    }
    if (e.key !== 'Tab') return;
    const focusable = Array.from(
      e.currentTarget.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, video, audio, [tabindex]'),
    ).filter((el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && (document.activeElement === first || !e.currentTarget.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }


  return (
    <dialog
      ref={dialogRef}
      className="viewer"
      aria-labelledby={titleId}
      onClose={onClose}
      // Escape asks too when annotations are unsaved.
      onCancel={(e) => {
        if (!mayLeave()) e.preventDefault();
      }}
      onKeyDown={onKeyDown}
      onMouseDown={(e) => {
        pressedOnBackdrop.current = e.target === e.currentTarget;
      }}
      // A horizontal swipe of one finger pages through the items (a zoomed photo pans instead: it captures the pointer).
      onTouchStart={(e) => {
        const touch = e.touches[0];
        // A stroke drawn on the annotation layer, or a shape dragged, is not a swipe.
        if (e.target instanceof Element && e.target.closest('.annotation-drawing, .annotation-hit')) {
          swipe.current = null;
          return;
        }
        swipe.current = e.touches.length === 1 && touch ? { x: touch.clientX, y: touch.clientY } : null;
      }}
      onTouchEnd={(e) => {
        const start = swipe.current;
        const touch = e.changedTouches[0];
        swipe.current = null;
        if (!start || !touch) return;
        const dx = touch.clientX - start.x;
        if (Math.abs(dx) < 60 || Math.abs(touch.clientY - start.y) > Math.abs(dx) / 2) return;
        const target = dx < 0 ? next : previous;
        if (target) navigate(target.id);
      }}
      onClick={(e) => {
        // A click on the backdrop (outside the box) closes, as with Escape.
        if (pressedOnBackdrop.current && e.target === e.currentTarget) close();
      }}
    >
      <div className="viewer-box">
        <div className="viewer-head">
          <div className="viewer-title">
            <h2 id={titleId}>{item?.originalFilename ?? ''}</h2>
            {items.length > 1 && index >= 0 && (
              <span className="muted">{t('media.viewer.position', { index: index + 1, count: items.length })}</span>
            )}
          </div>
          <div className="viewer-nav">
            {items.length > 1 && (
              <>
                <button type="button" className="button-secondary" disabled={!previous} onClick={() => previous && navigate(previous.id)}>
                  {t('media.viewer.previous')}
                </button>
                <button type="button" className="button-secondary" disabled={!next} onClick={() => next && navigate(next.id)}>
                  {t('media.viewer.next')}
                </button>
              </>
            )}
            <button type="button" className="button-secondary" aria-pressed={info} onClick={() => setInfo((v) => !v)}>
              {info ? t('looking.viewer.hideInfo') : t('looking.viewer.showInfo')}
            </button>
            <button type="button" className="button-secondary" onClick={toggleFullscreen}>
              {fullscreen ? t('looking.viewer.exitFullscreen') : t('looking.viewer.fullscreen')}
            </button>
            <button ref={closeRef} type="button" className="button-primary" onClick={close}>
              {t('common.close')}
            </button>
          </div>
        </div>
        {item && (
          <>
            {item.kind === 'image' ? (
              <ImageView
                key={String(item.id)}
                item={item}
                caseVersion={caseVersion}
                pinned={pinVersion ? caseVersion : undefined}
                onDirty={onDirty}
                givenShapes={annotations ? (annotations.get(String(item.id)) ?? []) : undefined}
              />
            ) : (
              <PlayerView key={String(item.id)} item={item} />
            )}
            {info && (
              <section className="viewer-info-panel" aria-label={t('looking.viewer.info')} data-testid="viewer-info">
                <dl className="viewer-details">
                  <div>
                    <dt>{t('looking.viewer.caption')}</dt>
                    <dd>{item.caption ?? t('looking.viewer.noCaption')}</dd>
                  </div>
                  <div>
                    <dt>{t('looking.viewer.case')}</dt>
                    <dd className="mono">{String(item.caseId).slice(0, 8)}</dd>
                  </div>
                  {caseVersion !== undefined && (
                    <div>
                      <dt>{t('looking.viewer.version')}</dt>
                      <dd>{caseVersion}</dd>
                    </div>
                  )}
                </dl>
                <Details item={item} />
                <details className="viewer-shortcuts-box">
                  <summary>{t('looking.viewer.shortcuts')}</summary>
                  <ul className="viewer-shortcuts">
                    {(['arrows', 'zoom', 'f', 'i', 'esc'] as const).map((k) => (
                      <li key={k}>{t(`looking.viewer.keys.${k}`)}</li>
                    ))}
                  </ul>
                </details>
              </section>
            )}
          </>
        )}
      </div>
    </dialog>
  );
}
