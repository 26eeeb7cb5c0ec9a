import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { clampCrop, formatPosition, rectBetween } from '../../upload-edit';
import type { CropRect, MediaEdit } from '../../upload-edit';
import { formatDuration } from '../../media';
import { useLocale } from './shared';
import './upload-edit.css';

/** An object URL for the file while the editor is open. */
function useObjectUrl(file: File): string {
  const [url] = useState(() => URL.createObjectURL(file));
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return url;
}

/**
 * The editor of one chosen file, in a modal <dialog> (focus stays inside; Escape cancels): a crop
 * of an image or a trim of a video or audio recording. `onDone` gets the edit, or null for the
 * whole file; it is not called when cancelled.
 */
export function UploadEditor({
  file,
  mode,
  initial,
  onDone,
  onClose,
}: {
  file: File;
  mode: 'crop' | 'trim';
  initial?: MediaEdit;
  onDone(edit: MediaEdit | null): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const finish = (edit: MediaEdit | null) => {
    onDone(edit);
    dialogRef.current?.close();
  };

  return (
    <dialog ref={dialogRef} className="edit-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>
        {mode === 'crop' ? t('uploadEdit.cropTitle') : t('uploadEdit.trimTitle')}
        <span className="edit-dialog-file">{file.name}</span>
      </h2>
      {mode === 'crop' ? (
        <CropEditor file={file} initial={initial && 'crop' in initial ? initial.crop : undefined} onDone={finish} onCancel={() => dialogRef.current?.close()} />
      ) : (
        <TrimEditor file={file} initial={initial && 'trim' in initial ? initial.trim : undefined} onDone={finish} onCancel={() => dialogRef.current?.close()} />
      )}
    </dialog>
  );
}

const covers = (rect: CropRect, size: { width: number; height: number }) =>
  rect.x === 0 && rect.y === 0 && rect.width === size.width && rect.height === size.height;

type Drag =
  | { mode: 'draw'; from: { x: number; y: number } }
  | { mode: 'move'; from: { x: number; y: number }; start: CropRect }
  | { mode: 'resize'; anchor: { x: number; y: number } };

const CORNERS = ['nw', 'ne', 'sw', 'se'] as const;

function CropEditor({
  file,
  initial,
  onDone,
  onCancel,
}: {
  file: File;
  initial?: CropRect;
  onDone(edit: MediaEdit | null): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const url = useObjectUrl(file);
  const helpId = useId();
  const fieldId = useId();
  const stageRef = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | null>(null);
  // The picture's size as the browser shows it (its orientation applied), as the server measures a crop.
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const [rect, setRect] = useState<CropRect | null>(null);

  function loaded(img: HTMLImageElement) {
    const natural = { width: img.naturalWidth, height: img.naturalHeight };
    setSize(natural);
    setRect(initial ? clampCrop(initial, natural.width, natural.height) : { x: 0, y: 0, ...natural });
  }

  /** The pointer's position in picture pixels. */
  function pointAt(e: PointerEvent): { x: number; y: number } {
    const box = stageRef.current!.getBoundingClientRect();
    return { x: ((e.clientX - box.left) / box.width) * size!.width, y: ((e.clientY - box.top) / box.height) * size!.height };
  }

  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (!size || !rect || e.button !== 0) return;
    const target = e.target as HTMLElement;
    const corner = target.dataset.corner;
    const at = pointAt(e);
    if (corner) {
      // The opposite corner stays where it is.
      drag.current = {
        mode: 'resize',
        anchor: { x: corner.includes('w') ? rect.x + rect.width : rect.x, y: corner.includes('n') ? rect.y + rect.height : rect.y },
      };
    } else if (target.classList.contains('crop-box') && !covers(rect, size)) {
      // Inside a chosen area: move it. On the whole picture (nothing chosen yet) a drag draws one.
      drag.current = { mode: 'move', from: at, start: rect };
    } else {
      drag.current = { mode: 'draw', from: at };
    }
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  }

  function onPointerMove(e: PointerEvent<HTMLDivElement>) {
    const current = drag.current;
    if (!current || !size) return;
    const at = pointAt(e);
    if (current.mode === 'move') {
      setRect(clampCrop({ ...current.start, x: current.start.x + at.x - current.from.x, y: current.start.y + at.y - current.from.y }, size.width, size.height));
    } else {
      setRect(rectBetween(current.mode === 'draw' ? current.from : current.anchor, at, size.width, size.height));
    }
  }

  function onPointerUp() {
    drag.current = null;
  }

  /** Arrow keys move the box; with Shift they make it larger (right, down) or smaller (left, up). */
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (!size || !rect) return;
    const step = Math.max(1, Math.round(Math.max(size.width, size.height) / 100));
    const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
    if (!d) return;
    e.preventDefault();
    const [dx, dy] = d as [number, number];
    setRect(
      e.shiftKey
        ? clampCrop({ ...rect, width: rect.width + dx, height: rect.height + dy }, size.width, size.height)
        : clampCrop({ ...rect, x: rect.x + dx, y: rect.y + dy }, size.width, size.height),
    );
  }

  function setField(key: keyof CropRect, value: string) {
    if (!size || !rect) return;
    const n = Number(value);
    if (value === '' || !Number.isFinite(n)) return;
    const next = { ...rect, [key]: n };
    // A position that would push the box out makes it smaller rather than moving it back.
    if (key === 'x') next.width = Math.min(next.width, size.width - Math.max(0, Math.round(n)));
    if (key === 'y') next.height = Math.min(next.height, size.height - Math.max(0, Math.round(n)));
    setRect(clampCrop(next, size.width, size.height));
  }

  if (failed) {
    return (
      <>
        <p role="alert">{t('uploadEdit.cannotPreview')}</p>
        <div className="edit-buttons">
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('uploadEdit.cancel')}
          </button>
        </div>
      </>
    );
  }

  const whole = !!size && !!rect && covers(rect, size);
  const pct = (value: number, of: number) => `${(value / of) * 100}%`;
  return (
    <>
      <p className="hint" id={helpId}>
        {t('uploadEdit.cropHelp')}
      </p>
      <div className="crop-frame">
        <div
          ref={stageRef}
          className="crop-stage"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
        >
          <img src={url} alt="" draggable={false} onLoad={(e) => loaded(e.currentTarget)} onError={() => setFailed(true)} />
          {size && rect && (
            <div
              className="crop-box"
              role="group"
              tabIndex={0}
              aria-roledescription={t('uploadEdit.cropBox')}
              aria-label={t('uploadEdit.cropArea', rect)}
              aria-describedby={helpId}
              onKeyDown={onKeyDown}
              style={{ left: pct(rect.x, size.width), top: pct(rect.y, size.height), width: pct(rect.width, size.width), height: pct(rect.height, size.height) }}
            >
              {CORNERS.map((corner) => (
                <span key={corner} className={`crop-handle crop-handle-${corner}`} data-corner={corner} aria-hidden="true" />
              ))}
            </div>
          )}
        </div>
      </div>
      {!size && <p className="muted">{t('uploadEdit.loading')}</p>}
      {size && rect && (
        <>
          <p className="crop-summary" aria-live="polite">
            {t('uploadEdit.cropArea', rect)}
          </p>
          <div className="crop-fields">
            {(['x', 'y', 'width', 'height'] as const).map((key) => (
              <div key={key} className="crop-field">
                <label htmlFor={`${fieldId}-${key}`}>{t(`uploadEdit.${key}`)}</label>
                <input
                  id={`${fieldId}-${key}`}
                  type="number"
                  inputMode="numeric"
                  min={key === 'width' || key === 'height' ? 1 : 0}
                  max={key === 'x' || key === 'width' ? size.width : size.height}
                  step={1}
                  value={rect[key]}
                  onChange={(e) => setField(key, e.target.value)}
                />
              </div>
            ))}
          </div>
        </>
      )}
      <div className="edit-buttons">
        <button type="button" className="button-secondary" disabled={!size || whole} onClick={() => size && setRect({ x: 0, y: 0, ...size })}>
          {t('uploadEdit.wholeImage')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('uploadEdit.cancel')}
        </button>
        <button type="button" className="button-primary" disabled={!size || !rect} onClick={() => rect && onDone(whole ? null : { crop: rect })}>
          {t('uploadEdit.apply')}
        </button>
      </div>
    </>
  );
}

function TrimEditor({
  file,
  initial,
  onDone,
  onCancel,
}: {
  file: File;
  initial?: { startMs: number; endMs: number };
  onDone(edit: MediaEdit | null): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const url = useObjectUrl(file);
  const ids = { start: useId(), end: useId() };
  const mediaRef = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const [duration, setDuration] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const [start, setStart] = useState(0);
  const [end, setEnd] = useState(0);

  function loaded(element: HTMLMediaElement) {
    // A live recording without a declared length reports Infinity: nothing to set the sliders against.
    if (!Number.isFinite(element.duration) || element.duration <= 0) {
      setFailed(true);
      return;
    }
    const total = Math.round(element.duration * 1000);
    setDuration(total);
    setStart(initial ? Math.min(initial.startMs, total) : 0);
    setEnd(initial ? Math.min(initial.endMs, total) : total);
  }

  /** Shows the frame (or position) just chosen. */
  function seek(ms: number) {
    const element = mediaRef.current;
    if (element) element.currentTime = ms / 1000;
  }

  const now = () => Math.round((mediaRef.current?.currentTime ?? 0) * 1000);
  const valid = duration !== null && end > start;
  const whole = duration !== null && start === 0 && end === duration;

  if (failed) {
    return (
      <>
        <p role="alert">{t('uploadEdit.cannotPreview')}</p>
        <div className="edit-buttons">
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('uploadEdit.cancel')}
          </button>
        </div>
      </>
    );
  }

  const common = {
    ref: mediaRef,
    src: url,
    controls: true,
    preload: 'metadata',
    onLoadedMetadata: (e: { currentTarget: HTMLMediaElement }) => loaded(e.currentTarget),
    onError: () => setFailed(true),
  } as const;
  return (
    <>
      <p className="hint">{t('uploadEdit.trimHelp')}</p>
      {file.type.startsWith('video/') ? (
        <video className="trim-media" playsInline aria-label={file.name} {...common} />
      ) : (
        <audio className="trim-audio" aria-label={file.name} {...common} />
      )}
      {duration === null ? (
        <p className="muted">{t('uploadEdit.loading')}</p>
      ) : (
        <div className="trim-controls">
          <div className="trim-row">
            <label htmlFor={ids.start}>{t('uploadEdit.startAt', { time: formatPosition(start, locale) })}</label>
            <input
              id={ids.start}
              type="range"
              min={0}
              max={duration}
              step={100}
              value={start}
              aria-valuetext={formatPosition(start, locale)}
              onChange={(e) => {
                const value = Math.min(Number(e.target.value), duration);
                setStart(value);
                seek(value);
              }}
            />
            <button type="button" className="button-secondary button-small" onClick={() => setStart(Math.min(now(), duration))}>
              {t('uploadEdit.setStart')}
            </button>
          </div>
          <div className="trim-row">
            <label htmlFor={ids.end}>{t('uploadEdit.endAt', { time: formatPosition(end, locale) })}</label>
            <input
              id={ids.end}
              type="range"
              min={0}
              max={duration}
              step={100}
              value={end}
              aria-valuetext={formatPosition(end, locale)}
              onChange={(e) => {
                const value = Math.min(Number(e.target.value), duration);
                setEnd(value);
                seek(value);
              }}
            />
            <button type="button" className="button-secondary button-small" onClick={() => setEnd(Math.min(now(), duration))}>
              {t('uploadEdit.setEnd')}
            </button>
          </div>
          <p className="trim-summary" aria-live="polite">
            {valid
              ? t('uploadEdit.keeps', {
                  start: formatPosition(start, locale),
                  end: formatPosition(end, locale),
                  length: formatDuration(end - start),
                  total: formatDuration(duration),
                })
              : null}
          </p>
          {!valid && (
            <p className="field-error" role="alert">
              {t('uploadEdit.endAfterStart')}
            </p>
          )}
        </div>
      )}
      <div className="edit-buttons">
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('uploadEdit.cancel')}
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={!valid}
          onClick={() => onDone(whole ? null : { trim: { startMs: start, endMs: end } })}
        >
          {t('uploadEdit.apply')}
        </button>
      </div>
    </>
  );
}
