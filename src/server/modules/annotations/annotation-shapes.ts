import { z } from 'zod';
import { findTextProblem } from '../../http/text.js';

/**
 * The shapes of an image's annotation layer (M15), in image-relative coordinates: 0..1 across the
 * width and down the height of the image as stored, so they fit any size it is shown at. Bounded
 * everywhere (counts, lengths, numbers) so a layer is always small; text is checked at the edge
 * like every string of a request.
 */

export const MAX_SHAPES = 200;
export const MAX_POINTS = 500;
export const MAX_TEXT = 200;
/** A calibration longer than this is a typing error, not an anatomical length (10 m). */
export const MAX_CALIBRATION_MM = 10_000;

// z.number() refuses NaN and ±Infinity; the bounds keep every coordinate on the image.
const coordinate = z.number().min(0).max(1);
const shapeId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'ska vara 1–40 bokstäver a–z, siffror, - eller _');
const line = { x1: coordinate, y1: coordinate, x2: coordinate, y2: coordinate };

export const arrowShape = z.strictObject({ id: shapeId, type: z.literal('arrow'), ...line });
export const ellipseShape = z.strictObject({ id: shapeId, type: z.literal('ellipse'), cx: coordinate, cy: coordinate, rx: coordinate, ry: coordinate });
export const freehandShape = z.strictObject({
  id: shapeId,
  type: z.literal('freehand'),
  points: z.array(z.tuple([coordinate, coordinate])).min(2).max(MAX_POINTS),
});
// A label is one line: the edge refuses what no text may hold, this also its line breaks and tabs.
const label = z
  .string()
  .trim()
  .min(1)
  .max(MAX_TEXT)
  .refine((v) => findTextProblem(v, { allowLineBreaks: false }) === null, 'ska vara en rad text utan styrtecken');
export const textShape = z.strictObject({ id: shapeId, type: z.literal('text'), x: coordinate, y: coordinate, text: label });
/** A line over something of known length: it gives later measurement lines their scale (one per image). */
export const calibrationShape = z.strictObject({
  id: shapeId,
  type: z.literal('calibration'),
  ...line,
  lengthMm: z.number().positive().max(MAX_CALIBRATION_MM),
});
/** A measurement line, shown in mm through the image's calibration. */
export const measureShape = z.strictObject({ id: shapeId, type: z.literal('measure'), ...line });

export const annotationShape = z.discriminatedUnion('type', [arrowShape, ellipseShape, freehandShape, textShape, calibrationShape, measureShape]);
export type AnnotationShape = z.infer<typeof annotationShape>;
export type ShapeType = AnnotationShape['type'];

export const annotationShapes = z
  .array(annotationShape)
  .max(MAX_SHAPES)
  .superRefine((shapes, ctx) => {
    const seen = new Set<string>();
    shapes.forEach((shape, index) => {
      if (seen.has(shape.id)) ctx.addIssue({ code: 'custom', message: 'samma id förekommer två gånger', path: [index, 'id'] });
      seen.add(shape.id);
      // A zero-length calibration would make every measurement infinite.
      if (shape.type === 'calibration' && shape.x1 === shape.x2 && shape.y1 === shape.y2) {
        ctx.addIssue({ code: 'custom', message: 'kalibreringslinjen har ingen längd', path: [index, 'x2'] });
      }
    });
    if (shapes.filter((s) => s.type === 'calibration').length > 1) ctx.addIssue({ code: 'custom', message: 'högst en kalibrering per bild', path: [] });
  });

/** Parses stored shapes; rows are written only after validation, so anything else is a defect. */
export function parseStoredShapes(json: string): AnnotationShape[] {
  return annotationShapes.parse(JSON.parse(json));
}

/** What a comparison says of one shape: its kind, and its text for a label. */
export interface ShapeSummary {
  id: string;
  type: ShapeType;
  text: string | null;
}

export interface AnnotationChange {
  mediaId: string;
  added: ShapeSummary[];
  removed: ShapeSummary[];
  changed: ShapeSummary[];
}

const summary = (shape: AnnotationShape): ShapeSummary => ({ id: shape.id, type: shape.type, text: shape.type === 'text' ? shape.text : null });

/**
 * The changes of the annotation layers from one version to the next, per image both versions
 * hold (an image added or removed is already named as such): shapes added, removed and changed,
 * matched by their id. Pure.
 */
export function compareAnnotations(
  from: ReadonlyMap<string, readonly AnnotationShape[]>,
  to: ReadonlyMap<string, readonly AnnotationShape[]>,
  mediaIds: readonly string[],
): AnnotationChange[] {
  const changes: AnnotationChange[] = [];
  for (const mediaId of mediaIds) {
    const before = new Map((from.get(mediaId) ?? []).map((s) => [s.id, s]));
    const after = new Map((to.get(mediaId) ?? []).map((s) => [s.id, s]));
    const change: AnnotationChange = { mediaId, added: [], removed: [], changed: [] };
    for (const [id, shape] of after) {
      const old = before.get(id);
      if (!old) change.added.push(summary(shape));
      else if (JSON.stringify(old) !== JSON.stringify(shape)) change.changed.push(summary(shape));
    }
    for (const [id, shape] of before) if (!after.has(id)) change.removed.push(summary(shape));
    if (change.added.length + change.removed.length + change.changed.length > 0) changes.push(change);
  }
  return changes;
}
