import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, client } from '../../api';
import { ErrorAlert } from '../../components/common';
import type { MediaView } from '../../types';
import { measuredMm, moved, type Shape, type ShapeType } from './annotation-geometry';
import '../../i18n/annotations';
import '../../i18n/copy-annotations';
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
  grabbable,
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
  /** The shapes that can be taken with the pointer and dragged: they get a wide, invisible hit line (`data-grab`). */
  grabbable?: (shape: Shape) => boolean;
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
      {grabbable && shapes.filter(grabbable).map((shape) => hitTarget(shape, width, height, u, shape.id === selected))}
    </svg>
  );
}

/**
 * An invisible copy of a shape's lines, wide enough for a finger (about 20 screen pixels), on top
 * of the layer: what a pointer takes to drag the shape. Without `data-shape`, so it is not counted
 * as a shape.
 */
function hitTarget(shape: Shape, width: number, height: number, u: number, chosen: boolean) {
  const common = { key: `hit-${shape.id}`, className: `annotation-hit${chosen ? ' annotation-hit-selected' : ''}`, 'data-grab': shape.id, strokeWidth: 20 * u };
  switch (shape.type) {
    case 'arrow':
    case 'measure':
    case 'calibration':
      return <line {...common} x1={shape.x1 * width} y1={shape.y1 * height} x2={shape.x2 * width} y2={shape.y2 * height} />;
    case 'ellipse':
      return <ellipse {...common} cx={shape.cx * width} cy={shape.cy * height} rx={shape.rx * width} ry={shape.ry * height} />;
    case 'freehand':
      return <polyline {...common} points={shape.points.map((pt) => `${(pt[0] ?? 0) * width},${(pt[1] ?? 0) * height}`).join(' ')} />;
    case 'text': {
      // The label's box, roughly: its glyphs are about 0.6 of the font size wide.
      const w = (shape.text.length * 0.6 + 1) * 15 * u;
      const h = 15 * 1.6 * u;
      return <rect {...common} className={`${common.className} annotation-hit-box`} x={shape.x * width - w / 2} y={shape.y * height - h / 2} width={w} height={h} />;
    }
  }
}

/** What the text and calibration tools ask for after a click or a line. */
type Pending = { kind: 'text'; x: number; y: number } | { kind: 'calibration'; line: { x1: number; y1: number; x2: number; y2: number } };

export interface AnnotationState {
  status: 'loading' | 'ready' | 'failed';
  shapes: Shape[];
  editable: boolean;
  /** The layer was given with the case (the read-only copy): shown, never changed. */
  given: boolean;
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
 * opened from the history; editable only while it is the draft). `given`: the layer is already known
 * (the read-only copy has it with the case), shown as it is, never fetched nor edited.
 */
export function useAnnotations(item: MediaView, enabled: boolean, caseVersion: number | undefined, pinned?: number, given?: readonly Shape[]): AnnotationState {
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
    if (!enabled || given) return;
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
    status: given ? 'ready' : enabled ? status : 'failed',
    shapes: given ? [...given] : shapes,
    editable: !given && enabled && editable,
    given: given !== undefined,
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
  onGrab,
}: {
  state: AnnotationState;
  box: { left: number; top: number; width: number; height: number };
  natural: { width: number; height: number };
  scale: number;
  transform: string;
  locale: string;
  /** A shape was taken with the pointer: the photo takes the focus, so the keys act on it next. */
  onGrab?: () => void;
}) {
  const [draft, setDraft] = useState<Shape | null>(null);
  const stroke = useRef<{ pointerId: number; x: number; y: number; points: [number, number][] } | null>(null);
  // A shape being dragged: where the pointer took it, and how far it has moved since (shown, not yet a change).
  const grab = useRef<{ pointerId: number; id: string; x: number; y: number } | null>(null);
  const [offset, setOffset] = useState<{ id: string; dx: number; dy: number } | null>(null);
  const tool = state.editable ? state.tool : null;
  if (!state.visible || state.status !== 'ready') return null;
  // Without a tool every shape can be taken and dragged; with one only the selected shape, so that a stroke started elsewhere draws.
  const grabbable = state.editable ? (shape: Shape) => !tool || shape.id === state.selected : undefined;

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
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const grabbed = e.target instanceof Element ? e.target.closest('[data-grab]')?.getAttribute('data-grab') : null;
    const shape = grabbed ? state.shapes.find((s) => s.id === grabbed) : undefined;
    if (shape && grabbable?.(shape)) {
      // Dragging a shape, not panning the photo nor paging to the next one.
      e.stopPropagation();
      e.preventDefault();
      e.currentTarget.setPointerCapture(e.pointerId);
      const p = point(e);
      grab.current = { pointerId: e.pointerId, id: shape.id, x: p.x, y: p.y };
      setOffset({ id: shape.id, dx: 0, dy: 0 });
      state.setSelected(shape.id);
      onGrab?.();
      return;
    }
    if (!tool) return;
    // Drawing, not panning: the stage below must not start a drag.
    e.stopPropagation();
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    stroke.current = { pointerId: e.pointerId, x: p.x, y: p.y, points: [[p.x, p.y]] };
    setDraft(null);
  }

  function onPointerMove(e: ReactPointerEvent<SVGSVGElement>) {
    const g = grab.current;
    if (g && g.pointerId === e.pointerId) {
      e.stopPropagation();
      const p = point(e);
      setOffset({ id: g.id, dx: p.x - g.x, dy: p.y - g.y });
      return;
    }
    const s = stroke.current;
    if (!s || s.pointerId !== e.pointerId) return;
    e.stopPropagation();
    const p = point(e);
    const last = s.points.at(-1)!;
    if (tool === 'freehand' && s.points.length < MAX_POINTS && Math.hypot(p.x - last[0], p.y - last[1]) > 0.004) s.points.push([p.x, p.y]);
    setDraft(shapeFor(s, p, [...s.points]));
  }

  function onPointerUp(e: ReactPointerEvent<SVGSVGElement>) {
    const g = grab.current;
    if (g && g.pointerId === e.pointerId) {
      e.stopPropagation();
      grab.current = null;
      setOffset(null);
      const p = point(e);
      // One change for the whole drag (one step to undo); a click that did not move changes nothing.
      if (e.type === 'pointerup' && Math.hypot(p.x - g.x, p.y - g.y) > 0.002) state.move(g.id, p.x - g.x, p.y - g.y);
      return;
    }
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
  const shapes = offset ? state.shapes.map((s) => (s.id === offset.id ? moved(s, offset.dx, offset.dy) : s)) : state.shapes;
  return (
    <AnnotationSvg
      className={`annotation-overlay${tool ? ' annotation-drawing' : ''}${offset ? ' annotation-grabbing' : ''}`}
      style={{ left: box.left, top: box.top, width: box.width, height: box.height, transform }}
      shapes={shapes}
      grabbable={grabbable}
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

type IconName = ShapeType | 'show' | 'hide' | 'undo' | 'list';

/** The toolbar's pictures (decorative: each button is named by its text). */
function Icon({ name }: { name: IconName }) {
  const paths: Record<IconName, React.ReactNode> = {
    arrow: <path d="M4 16 15 5M8.5 5H15v6.5" />,
    ellipse: <ellipse cx="10" cy="10" rx="7.5" ry="5.5" />,
    freehand: <path d="M3 14c2-7 5-8 6.5-4s4 6 7.5-4" />,
    text: <path d="M4.5 4.5h11M10 4.5v11.5M7.5 16h5" />,
    calibration: <path d="M2.5 7.5h15v5h-15zM5.5 7.5v2.5M8.5 7.5v1.5M11.5 7.5v2.5M14.5 7.5v1.5" />,
    measure: <path d="M3 10h14M3 6v8M17 6v8M6 8l-2 2 2 2M14 8l2 2-2 2" />,
    show: (
      <>
        <path d="M1.5 10s3-5.5 8.5-5.5 8.5 5.5 8.5 5.5-3 5.5-8.5 5.5S1.5 10 1.5 10z" />
        <circle cx="10" cy="10" r="2.5" />
      </>
    ),
    hide: (
      <>
        <path d="M1.5 10s3-5.5 8.5-5.5 8.5 5.5 8.5 5.5-3 5.5-8.5 5.5S1.5 10 1.5 10z" />
        <circle cx="10" cy="10" r="2.5" />
        <path d="M3 3l14 14" />
      </>
    ),
    undo: <path d="M7 4 3 8l4 4M3 8h9a4.5 4.5 0 0 1 0 9H8" />,
    list: <path d="M7 5.5h10M7 10h10M7 14.5h10M3 5.5h.5M3 10h.5M3 14.5h.5" />,
  };
  return (
    <svg className="annotation-icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      {paths[name]}
    </svg>
  );
}

/** A tool button: picture and text; on a phone the text is hidden from sight (still its name) and shown as a tooltip. */
function IconButton({
  label,
  icon,
  primary = false,
  pressed,
  disabled,
  onClick,
}: {
  label: string;
  icon: IconName;
  primary?: boolean;
  pressed?: boolean;
  disabled?: boolean;
  onClick(): void;
}) {
  return (
    <button
      type="button"
      className={`${primary ? 'button-primary' : 'button-secondary'} annotation-button`}
      title={label}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
    >
      <Icon name={icon} />
      <span className="annotation-wide">{label}</span>
    </button>
  );
}

/** The toolbar: tools, undo, save, show/hide, the text and length asked for, and the list of shapes. */
export function AnnotationTools({ state, returnFocus }: { state: AnnotationState; /** Back to the photo once a text or length is given, for the keyboard. */ returnFocus?: () => void }) {
  const { t } = useTranslation();
  const ids = { text: useId(), length: useId(), lengthError: useId(), list: useId(), listBox: useId() };
  const [listOpen, setListOpen] = useState(false);
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

  const listLabel = t('annotations.list', { count: state.shapes.length });
  // Leaves the text or length question without adding the shape; the focus goes back to the photo.
  const cancelAsk = (
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
  );
  return (
    <div className="annotation-tools">
      {/* Two rows at most: the tools (one row that scrolls sideways inside itself on a narrow phone), then undo, the list, save and the state. On a phone the buttons show icons, named by their hidden text and a title. */}
      <div className="annotation-bar" data-testid="annotation-bar">
        <div className="annotation-row">
          <IconButton
            label={state.visible ? t('annotations.hide') : t('annotations.show')}
            icon={state.visible ? 'hide' : 'show'}
            onClick={() => state.setVisible(!state.visible)}
          />
          {state.editable && (
            <div className="annotation-toolset" role="group" aria-label={t('annotations.tools')}>
              {TOOLS.map((tool) => (
                <IconButton
                  key={tool}
                  label={t(`annotations.tool.${tool}`)}
                  icon={tool}
                  primary={state.tool === tool}
                  pressed={state.tool === tool}
                  onClick={() => state.setTool(state.tool === tool ? null : tool)}
                />
              ))}
            </div>
          )}
        </div>
        <div className="annotation-row annotation-row-more">
          {state.editable && <IconButton label={t('annotations.undo')} icon="undo" disabled={!state.canUndo} onClick={state.undo} />}
          {state.visible && (
            <button
              type="button"
              className="button-secondary annotation-button"
              title={listLabel}
              aria-expanded={listOpen}
              aria-controls={ids.listBox}
              onClick={() => setListOpen(!listOpen)}
            >
              <Icon name="list" />
              <span className="annotation-wide">{t('annotations.listName')}</span> <span>({state.shapes.length})</span>
            </button>
          )}
          {state.editable && (
            <button
              type="button"
              className="button-primary annotation-button"
              aria-label={state.saving ? t('annotations.saving') : t('annotations.save')}
              disabled={!state.dirty || state.saving}
              onClick={() => void state.save()}
            >
              <span className="annotation-wide" aria-hidden="true">{state.saving ? t('annotations.saving') : t('annotations.save')}</span>
              <span className="annotation-narrow" aria-hidden="true">{state.saving ? t('annotations.saving') : t('annotations.saveShort')}</span>
            </button>
          )}
          <span className="hint annotation-state" role="status">
            {state.dirty ? t('annotations.unsaved') : state.savedAt ? t('annotations.saved') : ''}
          </span>
        </div>
      </div>
      {!state.editable && state.shapes.length > 0 && <p className="hint">{state.given ? t('copyAnnotations.readOnly') : t('annotations.locked')}</p>}
      {state.editable && state.tool === 'measure' && !hasCalibration && <p className="hint">{t('annotations.calibrateFirst')}</p>}
      {pending?.kind === 'text' && (
        <form className="annotation-ask" onSubmit={submitText}>
          <label htmlFor={ids.text}>{t('annotations.textLabel')}</label>
          <input ref={inputRef} id={ids.text} type="text" maxLength={200} value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="button-primary" disabled={!text.trim()}>
            {t('annotations.addText')}
          </button>
          {cancelAsk}
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
          {cancelAsk}
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
        <div className="annotation-list-box" id={ids.listBox} hidden={!listOpen}>
          <p className="annotation-list-title" id={ids.list}>
            {listLabel}
          </p>
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
        </div>
      )}
    </div>
  );
}
