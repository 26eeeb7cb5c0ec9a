import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, client } from '../../api';
import { ErrorAlert } from '../../components/common';
import type { MediaView } from '../../types';
import { measuredMm, moved, type Shape, type ShapeType } from './annotation-geometry';
import '../../i18n/annotations';
import './annotations.css';

/*
 * Annotations of an image (issue 19, M15): arrows, ellipses, freehand lines, text and calibrated
 * measurements drawn over the image as a layer of data. Coordinates are 0..1 of the image's width
 * and height, so the layer fits the image at any size and zoom; the image itself is never changed.
 */

export type { Shape, ShapeType };
export type Tool = ShapeType | null;

export const TOOLS: readonly ShapeType[] = ['arrow', 'ellipse', 'freehand', 'text', 'calibration', 'measure'];
const MAX_SHAPES = 200;
const MAX_POINTS = 500;
const MAX_MM = 10_000;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const newId = (type: ShapeType) => `${type.slice(0, 3)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

const formatMm = (mm: number, locale: string) => mm.toLocaleString(locale, { maximumFractionDigits: mm < 10 ? 1 : 0, minimumFractionDigits: 0 });

/** The names shapes are listed by: "Pil 1", "Mätning 2", a text by its text. */
export function shapeNames(t: TFunction, shapes: readonly Shape[]): Map<string, string> {
  const counts = new Map<ShapeType, number>();
  const names = new Map<string, string>();
  for (const shape of shapes) {
    const number = (counts.get(shape.type) ?? 0) + 1;
    counts.set(shape.type, number);
    const kind = t(`annotations.kind.${shape.type}`);
    names.set(shape.id, shape.type === 'text' ? `${kind} ”${shape.text}”` : t('annotations.numbered', { kind, number }));
  }
  return names;
}

/**
 * The layer as SVG over a box of the image's size (viewBox in the image's own pixels). `pxPerUnit`
 * is how many screen pixels one image pixel takes, so lines and labels keep their size on screen
 * at any zoom.
 */
export function AnnotationSvg({
  shapes,
  width,
  height,
  pxPerUnit,
  selected,
  draft,
  locale,
  className,
  style,
  onPointerDown,
  onPointerMove,
  onPointerUp,
}: {
  shapes: readonly Shape[];
  width: number;
  height: number;
  pxPerUnit: number;
  selected?: string | null;
  draft?: Shape | null;
  locale: string;
  className?: string;
  style?: React.CSSProperties;
  onPointerDown?: (e: ReactPointerEvent<SVGSVGElement>) => void;
  onPointerMove?: (e: ReactPointerEvent<SVGSVGElement>) => void;
  onPointerUp?: (e: ReactPointerEvent<SVGSVGElement>) => void;
}) {
  const { t } = useTranslation();
  const u = 1 / Math.max(pxPerUnit, 0.0001);
  const stroke = 2.5 * u;
  const font = 15 * u;
  const all = draft ? [...shapes, draft] : shapes;
  const label = (x: number, y: number, text: string, key: string) => (
    <text key={key} x={x} y={y} fontSize={font} className="annotation-label" strokeWidth={3 * u} dominantBaseline="middle" textAnchor="middle">
      {text}
    </text>
  );
  return (
    <svg
      className={className}
      style={style}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={t('annotations.list', { count: shapes.length })}
      data-testid="annotation-layer"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      {all.map((shape) => {
        const chosen = shape.id === selected;
        const common = {
          className: `annotation-shape annotation-${shape.type}${chosen ? ' annotation-selected' : ''}`,
          strokeWidth: chosen ? stroke * 1.8 : stroke,
          fill: 'none',
          'data-shape': shape.type,
        };
        switch (shape.type) {
          case 'arrow': {
            const [x1, y1, x2, y2] = [shape.x1 * width, shape.y1 * height, shape.x2 * width, shape.y2 * height];
            const angle = Math.atan2(y2 - y1, x2 - x1);
            const head = 14 * u;
            const p = (a: number) => `${x2 - head * Math.cos(angle + a)},${y2 - head * Math.sin(angle + a)}`;
            return (
              <g key={shape.id} {...common}>
                <line x1={x1} y1={y1} x2={x2} y2={y2} />
                <polyline points={`${p(0.45)} ${x2},${y2} ${p(-0.45)}`} />
              </g>
            );
          }
          case 'ellipse':
            return <ellipse key={shape.id} {...common} cx={shape.cx * width} cy={shape.cy * height} rx={shape.rx * width} ry={shape.ry * height} />;
          case 'freehand':
            return <polyline key={shape.id} {...common} points={shape.points.map((pt) => `${(pt[0] ?? 0) * width},${(pt[1] ?? 0) * height}`).join(' ')} />;
          case 'text':
            return (
              <g key={shape.id} {...common}>
                {label(shape.x * width, shape.y * height, shape.text, 'label')}
              </g>
            );
          case 'calibration':
          case 'measure': {
            const [x1, y1, x2, y2] = [shape.x1 * width, shape.y1 * height, shape.x2 * width, shape.y2 * height];
            const angle = Math.atan2(y2 - y1, x2 - x1) + Math.PI / 2;
            const tick = 7 * u;
            const ends: [number, number][] = [
              [x1, y1],
              [x2, y2],
            ];
            const ticks = ends.map(([x, y], i) => (
              <line key={i} x1={x - tick * Math.cos(angle)} y1={y - tick * Math.sin(angle)} x2={x + tick * Math.cos(angle)} y2={y + tick * Math.sin(angle)} />
            ));
            const mm = shape.type === 'calibration' ? shape.lengthMm : measuredMm(shape, all, width, height);
            const text = mm === null ? t('annotations.notCalibrated') : t('annotations.mm', { value: formatMm(mm, locale) });
            // The label sits beside the middle of the line, away from it by a little.
            const mx = (x1 + x2) / 2 + 14 * u * Math.cos(angle);
            const my = (y1 + y2) / 2 + 14 * u * Math.sin(angle);
            return (
              <g key={shape.id} {...common} strokeDasharray={shape.type === 'calibration' ? `${6 * u} ${4 * u}` : undefined}>
                <line x1={x1} y1={y1} x2={x2} y2={y2} />
                {ticks}
                <g strokeDasharray="none">{label(mx, my, text, 'label')}</g>
              </g>
            );
          }
        }
      })}
    </svg>
  );
}

/** What the text and calibration tools ask for after a click or a line. */
type Pending = { kind: 'text'; x: number; y: number } | { kind: 'calibration'; line: { x1: number; y1: number; x2: number; y2: number } };

export interface AnnotationState {
  status: 'loading' | 'ready' | 'failed';
  shapes: Shape[];
  editable: boolean;
  visible: boolean;
  setVisible(v: boolean): void;
  tool: Tool;
  setTool(tool: Tool): void;
  selected: string | null;
  setSelected(id: string | null): void;
  dirty: boolean;
  canUndo: boolean;
  saving: boolean;
  savedAt: number | null;
  error: unknown;
  pending: Pending | null;
  setPending(p: Pending | null): void;
  add(shape: Shape): void;
  remove(id: string): void;
  /** Moves a shape by a fraction of the image (the keyboard's way to place it), kept on the image. */
  move(id: string, dx: number, dy: number): void;
  undo(): void;
  save(): Promise<void>;
  /** Adds the current tool's shape in the middle of the image (the keyboard's way to draw). */
  addInMiddle(): void;
}

/**
 * Loads, edits and saves an image's layer in the case's current version, or in `pinned` (a version
 * opened from the history; editable only while it is the draft). Off on the read-only copy.
 */
export function useAnnotations(item: MediaView, enabled: boolean, caseVersion: number | undefined, pinned?: number): AnnotationState {
  const [status, setStatus] = useState<AnnotationState['status']>('loading');
  const [shapes, setShapes] = useState<Shape[]>([]);
  const [history, setHistory] = useState<Shape[][]>([]);
  const [editable, setEditable] = useState(false);
  const [version, setVersion] = useState<number | undefined>(caseVersion);
  const [visible, setVisible] = useState(true);
  const [tool, setToolState] = useState<Tool>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const path = { id: String(item.caseId), mediaId: String(item.id) };

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    call(client.GET('/api/cases/{id}/media/{mediaId}/annotations', { params: { path, ...(pinned !== undefined ? { query: { version: pinned } } : {}) } }))
      .then((layer) => {
        if (!live) return;
        setShapes(layer.shapes);
        setEditable(layer.editable);
        setVersion(layer.version);
        setStatus('ready');
      })
      .catch((err: unknown) => {
        if (!live) return;
        setError(err);
        setStatus('failed');
      });
    return () => {
      live = false;
    };
    // `path` is made from the item's ids each render: the ids are the dependencies.
  }, [enabled, item.id, item.caseId, pinned]);

  // Each change is made from the shapes of the latest render (one change per event), kept for undo.
  const change = (next: (current: Shape[]) => Shape[]) => {
    setHistory([...history.slice(-99), shapes]);
    setShapes(next(shapes));
    setDirty(true);
    setSavedAt(null);
  };

  const add = (shape: Shape) => {
    // One calibration per image: a new one replaces the old.
    change((current) => (current.length >= MAX_SHAPES ? current : [...current.filter((s) => shape.type !== 'calibration' || s.type !== 'calibration'), shape]));
    setSelected(shape.id);
  };

  const state: AnnotationState = {
    status: enabled ? status : 'failed',
    shapes,
    editable: enabled && editable,
    visible,
    setVisible: (v) => {
      setVisible(v);
      if (!v) setToolState(null);
    },
    tool,
    setTool: (next) => {
      setToolState(next);
      setPending(null);
      if (next) setVisible(true);
    },
    selected,
    setSelected,
    dirty,
    canUndo: history.length > 0,
    saving,
    savedAt,
    error,
    pending,
    setPending,
    add,
    remove: (id) => {
      change((current) => current.filter((s) => s.id !== id));
      if (selected === id) setSelected(null);
    },
    move: (id, dx, dy) => change((current) => current.map((s) => (s.id === id ? moved(s, dx, dy) : s))),
    undo: () => {
      const previous = history.at(-1);
      if (!previous) return;
      setShapes(previous);
      setHistory(history.slice(0, -1));
      setDirty(true);
    },
    async save() {
      setSaving(true);
      setError(null);
      try {
        const layer = await call(
          client.PUT('/api/cases/{id}/media/{mediaId}/annotations', { params: { path }, body: { shapes, ...(version !== undefined ? { version } : {}) } }),
        );
        setShapes(layer.shapes);
        setDirty(false);
        setSavedAt(Date.now());
      } catch (err) {
        setError(err);
      } finally {
        setSaving(false);
      }
    },
    addInMiddle() {
      if (!tool) return;
      const id = newId(tool);
      switch (tool) {
        case 'arrow':
          return add({ id, type: 'arrow', x1: 0.35, y1: 0.35, x2: 0.5, y2: 0.5 });
        case 'ellipse':
          return add({ id, type: 'ellipse', cx: 0.5, cy: 0.5, rx: 0.1, ry: 0.1 });
        case 'freehand':
          return add({ id, type: 'freehand', points: [[0.4, 0.5], [0.45, 0.45], [0.5, 0.5], [0.55, 0.55], [0.6, 0.5]] });
        case 'measure':
          return add({ id, type: 'measure', x1: 0.4, y1: 0.5, x2: 0.6, y2: 0.5 });
        case 'text':
          return setPending({ kind: 'text', x: 0.5, y: 0.5 });
        case 'calibration':
          return setPending({ kind: 'calibration', line: { x1: 0.4, y1: 0.6, x2: 0.6, y2: 0.6 } });
      }
    },
  };
  return state;
}

/**
 * The drawing surface over the image: turns pointer strokes (mouse, pen, touch) into shapes with
 * the chosen tool. `box` is where the image is laid out in the stage, `transform` its zoom and pan.
 */
export function AnnotationOverlay({
  state,
  box,
  natural,
  scale,
  transform,
  locale,
}: {
  state: AnnotationState;
  box: { left: number; top: number; width: number; height: number };
  natural: { width: number; height: number };
  scale: number;
  transform: string;
  locale: string;
}) {
  const [draft, setDraft] = useState<Shape | null>(null);
  const stroke = useRef<{ pointerId: number; x: number; y: number; points: [number, number][] } | null>(null);
  const tool = state.editable ? state.tool : null;
  if (!state.visible || state.status !== 'ready') return null;

  const point = (e: ReactPointerEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: clamp01((e.clientX - rect.left) / rect.width), y: clamp01((e.clientY - rect.top) / rect.height) };
  };

  const shapeFor = (from: { x: number; y: number }, to: { x: number; y: number }, points: [number, number][]): Shape | null => {
    const id = draft?.id ?? newId(tool!);
    switch (tool) {
      case 'arrow':
      case 'measure':
      case 'calibration':
        return tool === 'calibration'
          ? { id, type: 'calibration', x1: from.x, y1: from.y, x2: to.x, y2: to.y, lengthMm: 1 }
          : { id, type: tool, x1: from.x, y1: from.y, x2: to.x, y2: to.y };
      case 'ellipse':
        return { id, type: 'ellipse', cx: (from.x + to.x) / 2, cy: (from.y + to.y) / 2, rx: Math.abs(to.x - from.x) / 2, ry: Math.abs(to.y - from.y) / 2 };
      case 'freehand':
        return points.length >= 2 ? { id, type: 'freehand', points } : null;
      default:
        return null;
    }
  };

  function onPointerDown(e: ReactPointerEvent<SVGSVGElement>) {
    if (!tool || (e.pointerType === 'mouse' && e.button !== 0)) return;
    // Drawing, not panning: the stage below must not start a drag.
    e.stopPropagation();
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    stroke.current = { pointerId: e.pointerId, x: p.x, y: p.y, points: [[p.x, p.y]] };
    setDraft(null);
  }

  function onPointerMove(e: ReactPointerEvent<SVGSVGElement>) {
    const s = stroke.current;
    if (!s || s.pointerId !== e.pointerId) return;
    e.stopPropagation();
    const p = point(e);
    const last = s.points.at(-1)!;
    if (tool === 'freehand' && s.points.length < MAX_POINTS && Math.hypot(p.x - last[0], p.y - last[1]) > 0.004) s.points.push([p.x, p.y]);
    setDraft(shapeFor(s, p, [...s.points]));
  }

  function onPointerUp(e: ReactPointerEvent<SVGSVGElement>) {
    const s = stroke.current;
    if (!s || s.pointerId !== e.pointerId) return;
    e.stopPropagation();
    stroke.current = null;
    const p = point(e);
    setDraft(null);
    const moved = Math.hypot(p.x - s.x, p.y - s.y) > 0.01;
    if (tool === 'text') {
      state.setPending({ kind: 'text', x: p.x, y: p.y });
      return;
    }
    if (!moved && tool !== 'freehand') return;
    const shape = shapeFor(s, p, s.points);
    if (!shape) return;
    if (shape.type === 'calibration') state.setPending({ kind: 'calibration', line: { x1: shape.x1, y1: shape.y1, x2: shape.x2, y2: shape.y2 } });
    else state.add(shape);
  }

  const pxPerUnit = (box.width / natural.width) * scale;
  return (
    <AnnotationSvg
      className={`annotation-overlay${tool ? ' annotation-drawing' : ''}`}
      style={{ left: box.left, top: box.top, width: box.width, height: box.height, transform }}
      shapes={state.shapes}
      width={natural.width}
      height={natural.height}
      pxPerUnit={pxPerUnit}
      selected={state.selected}
      draft={draft}
      locale={locale}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
    />
  );
}

/** The toolbar: tools, undo, save, show/hide, the text and length asked for, and the list of shapes. */
export function AnnotationTools({ state, returnFocus }: { state: AnnotationState; /** Back to the photo once a text or length is given, for the keyboard. */ returnFocus?: () => void }) {
  const { t } = useTranslation();
  const ids = { text: useId(), length: useId(), lengthError: useId(), list: useId() };
  const [text, setText] = useState('');
  const [length, setLength] = useState('');
  const [lengthError, setLengthError] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const pending = state.pending;

  useEffect(() => {
    setText('');
    setLength('');
    setLengthError(false);
    if (pending) inputRef.current?.focus();
  }, [pending]);

  if (state.status === 'loading') return <p className="hint annotation-status">{t('annotations.loading')}</p>;
  if (state.status === 'failed') return state.error ? <p className="hint annotation-status">{t('annotations.loadFailed')}</p> : null;

  const names = shapeNames(t, state.shapes);
  const hasCalibration = state.shapes.some((s) => s.type === 'calibration');

  function submitText(e: FormEvent) {
    e.preventDefault();
    if (pending?.kind !== 'text' || !text.trim()) return;
    state.add({ id: newId('text'), type: 'text', x: pending.x, y: pending.y, text: text.trim().slice(0, 200) });
    state.setPending(null);
    returnFocus?.();
  }

  function submitLength(e: FormEvent) {
    e.preventDefault();
    if (pending?.kind !== 'calibration') return;
    const mm = Number(length.replace(',', '.'));
    if (!Number.isFinite(mm) || mm <= 0 || mm > MAX_MM) {
      setLengthError(true);
      return;
    }
    state.add({ id: newId('calibration'), type: 'calibration', ...pending.line, lengthMm: mm });
    state.setPending(null);
    returnFocus?.();
  }

  return (
    <div className="annotation-tools">
      <div className="annotation-bar">
        <button type="button" className="button-secondary" aria-pressed={state.visible} onClick={() => state.setVisible(!state.visible)}>
          {state.visible ? t('annotations.hide') : t('annotations.show')}
        </button>
        {state.editable && (
          <>
            <div className="annotation-toolset" role="group" aria-label={t('annotations.tools')}>
              {TOOLS.map((tool) => (
                <button
                  key={tool}
                  type="button"
                  className={state.tool === tool ? 'button-primary' : 'button-secondary'}
                  aria-pressed={state.tool === tool}
                  onClick={() => state.setTool(state.tool === tool ? null : tool)}
                >
                  {t(`annotations.tool.${tool}`)}
                </button>
              ))}
            </div>
            <button type="button" className="button-secondary" disabled={!state.canUndo} onClick={state.undo}>
              {t('annotations.undo')}
            </button>
            <button type="button" className="button-primary" disabled={!state.dirty || state.saving} onClick={() => void state.save()}>
              {state.saving ? t('annotations.saving') : t('annotations.save')}
            </button>
          </>
        )}
        <span className="hint" role="status">
          {state.dirty ? t('annotations.unsaved') : state.savedAt ? t('annotations.saved') : ''}
        </span>
      </div>
      {!state.editable && state.shapes.length > 0 && <p className="hint">{t('annotations.locked')}</p>}
      {state.editable && state.tool === 'measure' && !hasCalibration && <p className="hint">{t('annotations.calibrateFirst')}</p>}
      {pending?.kind === 'text' && (
        <form className="annotation-ask" onSubmit={submitText}>
          <label htmlFor={ids.text}>{t('annotations.textLabel')}</label>
          <input ref={inputRef} id={ids.text} type="text" maxLength={200} value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="button-primary" disabled={!text.trim()}>
            {t('annotations.addText')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              state.setPending(null);
              returnFocus?.();
            }}
          >
            {t('annotations.cancel')}
          </button>
        </form>
      )}
      {pending?.kind === 'calibration' && (
        <form className="annotation-ask" onSubmit={submitLength} noValidate>
          <label htmlFor={ids.length}>{t('annotations.lengthLabel')}</label>
          <input
            ref={inputRef}
            id={ids.length}
            type="text"
            inputMode="decimal"
            value={length}
            aria-invalid={lengthError}
            aria-describedby={lengthError ? ids.lengthError : undefined}
            onChange={(e) => setLength(e.target.value)}
          />
          <button type="submit" className="button-primary">
            {t('annotations.setCalibration')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              state.setPending(null);
              returnFocus?.();
            }}
          >
            {t('annotations.cancel')}
          </button>
          {lengthError && (
            <p className="field-error" id={ids.lengthError}>
              {t('annotations.lengthInvalid')}
            </p>
          )}
        </form>
      )}
      {state.shapes.length >= MAX_SHAPES && <p className="hint">{t('annotations.full', { count: MAX_SHAPES })}</p>}
      <ErrorAlert error={state.error} detail />
      {state.visible && (
        <details className="annotation-list-box">
          <summary id={ids.list}>{t('annotations.list', { count: state.shapes.length })}</summary>
          {state.shapes.length === 0 ? (
            <p className="hint">{t('annotations.none')}</p>
          ) : (
            <ul className="annotation-list" aria-labelledby={ids.list}>
              {state.shapes.map((shape) => {
                const name = names.get(shape.id) ?? shape.type;
                return (
                  <li key={shape.id}>
                    <button
                      type="button"
                      className="button-link"
                      aria-pressed={state.selected === shape.id}
                      aria-label={t('annotations.select', { name })}
                      onClick={() => state.setSelected(state.selected === shape.id ? null : shape.id)}
                    >
                      {name}
                    </button>
                    {state.editable && (
                      <button type="button" className="button-secondary button-small" aria-label={t('annotations.remove', { name })} onClick={() => state.remove(shape.id)}>
                        ✕
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </details>
      )}
    </div>
  );
}
