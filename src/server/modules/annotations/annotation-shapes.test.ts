import { describe, expect, it } from 'vitest';
import { annotationShapes, compareAnnotations, type AnnotationShape } from './annotation-shapes.js';

const arrow: AnnotationShape = { id: 'a', type: 'arrow', x1: 0, y1: 0, x2: 1, y2: 1 };
const text: AnnotationShape = { id: 't', type: 'text', x: 0.5, y: 0.5, text: 'Sårkant' };
const measure: AnnotationShape = { id: 'm', type: 'measure', x1: 0.1, y1: 0.1, x2: 0.2, y2: 0.1 };

describe('annotation shapes', () => {
  it('accepts every kind and refuses what is out of bounds, duplicated or a second calibration', () => {
    const calibration = { id: 'c', type: 'calibration', x1: 0, y1: 0, x2: 0.5, y2: 0, lengthMm: 12.5 };
    expect(annotationShapes.safeParse([arrow, text, measure, calibration, { id: 'e', type: 'ellipse', cx: 0.5, cy: 0.5, rx: 0.1, ry: 0.2 }]).success).toBe(true);
    expect(annotationShapes.safeParse([{ ...arrow, x2: 1.01 }]).success).toBe(false);
    expect(annotationShapes.safeParse([{ ...arrow, x2: Number.NaN }]).success).toBe(false);
    expect(annotationShapes.safeParse([{ ...arrow, x2: Number.POSITIVE_INFINITY }]).success).toBe(false);
    expect(annotationShapes.safeParse([arrow, { ...measure, id: 'a' }]).success).toBe(false);
    expect(annotationShapes.safeParse([calibration, { ...calibration, id: 'd' }]).success).toBe(false);
    expect(annotationShapes.safeParse([{ ...calibration, lengthMm: 10_001 }]).success).toBe(false);
  });

  it('compares two versions by shape id: added, removed and changed, only on the images asked about', () => {
    const from = new Map([
      ['img1', [arrow, text]],
      ['gone', [arrow]],
    ]);
    const to = new Map([['img1', [{ ...arrow, x2: 0.5 }, measure]]]);
    expect(compareAnnotations(from, to, ['img1'])).toEqual([
      { mediaId: 'img1', added: [{ id: 'm', type: 'measure', text: null }], removed: [{ id: 't', type: 'text', text: 'Sårkant' }], changed: [{ id: 'a', type: 'arrow', text: null }] },
    ]);
    expect(compareAnnotations(from, from, ['img1', 'gone'])).toEqual([]);
  });
});
