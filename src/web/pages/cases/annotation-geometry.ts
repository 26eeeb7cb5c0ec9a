import type { ApiResponse } from '../../types';

/*
 * The geometry of annotations (issue 19, M15), apart from React so that it is tested alone.
 * Coordinates are 0..1 of the image's width and height.
 */

export type AnnotationLayerView = ApiResponse<'/api/cases/{id}/media/{mediaId}/annotations', 'get'>;
export type Shape = AnnotationLayerView['shapes'][number];
export type ShapeType = Shape['type'];

/** The length of a line in the image's pixels (the aspect ratio matters, the size does not). */
export function pixelLength(s: { x1: number; y1: number; x2: number; y2: number }, width: number, height: number): number {
  return Math.hypot((s.x2 - s.x1) * width, (s.y2 - s.y1) * height);
}

/** A measurement's length in mm through the image's calibration, or null when the image has none. */
export function measuredMm(shape: Extract<Shape, { type: 'measure' }>, shapes: readonly Shape[], width: number, height: number): number | null {
  const calibration = shapes.find((s): s is Extract<Shape, { type: 'calibration' }> => s.type === 'calibration');
  if (!calibration) return null;
  const reference = pixelLength(calibration, width, height);
  return reference > 0 ? (pixelLength(shape, width, height) / reference) * calibration.lengthMm : null;
}

/** The shape moved by (dx, dy), as far as it stays on the image. */
export function moved(shape: Shape, dx: number, dy: number): Shape {
  const xs: number[] = [];
  const ys: number[] = [];
  switch (shape.type) {
    case 'arrow':
    case 'measure':
    case 'calibration':
      xs.push(shape.x1, shape.x2);
      ys.push(shape.y1, shape.y2);
      break;
    case 'ellipse':
      xs.push(shape.cx);
      ys.push(shape.cy);
      break;
    case 'text':
      xs.push(shape.x);
      ys.push(shape.y);
      break;
    case 'freehand':
      for (const [x, y] of shape.points) {
        xs.push(x ?? 0);
        ys.push(y ?? 0);
      }
  }
  const mx = Math.min(Math.max(dx, -Math.min(...xs)), 1 - Math.max(...xs));
  const my = Math.min(Math.max(dy, -Math.min(...ys)), 1 - Math.max(...ys));
  switch (shape.type) {
    case 'arrow':
    case 'measure':
    case 'calibration':
      return { ...shape, x1: shape.x1 + mx, x2: shape.x2 + mx, y1: shape.y1 + my, y2: shape.y2 + my };
    case 'ellipse':
      return { ...shape, cx: shape.cx + mx, cy: shape.cy + my };
    case 'text':
      return { ...shape, x: shape.x + mx, y: shape.y + my };
    case 'freehand':
      return { ...shape, points: shape.points.map(([x, y]) => [(x ?? 0) + mx, (y ?? 0) + my]) };
  }
}
