import { describe, expect, it } from 'vitest';
import { measuredMm, moved, type Shape } from './annotation-geometry';

describe('annotation geometry', () => {
  const calibration: Shape = { id: 'c', type: 'calibration', x1: 0, y1: 0.5, x2: 0.5, y2: 0.5, lengthMm: 20 };

  it('measures in mm through the calibration, in the image\'s own pixels (aspect ratio counts)', () => {
    const across: Extract<Shape, { type: 'measure' }> = { id: 'm', type: 'measure', x1: 0, y1: 0, x2: 0.25, y2: 0 };
    // 400 × 300: the calibration is 200 px = 20 mm, so 100 px across is 10 mm ...
    expect(measuredMm(across, [calibration, across], 400, 300)).toBeCloseTo(10);
    // ... and a quarter of the height is 75 px = 7.5 mm.
    expect(measuredMm({ ...across, x2: 0, y2: 0.25 }, [calibration], 400, 300)).toBeCloseTo(7.5);
    expect(measuredMm(across, [across], 400, 300)).toBeNull();
  });

  it('moves a shape by the step asked, but never off the image', () => {
    expect(moved({ id: 't', type: 'text', x: 0.5, y: 0.5, text: 'Sår' }, 0.05, -0.01)).toMatchObject({ x: 0.55, y: 0.49 });
    expect(moved(calibration, 0.8, 0)).toMatchObject({ x1: 0.5, x2: 1, lengthMm: 20 });
    expect(moved({ id: 'f', type: 'freehand', points: [[0.1, 0.1], [0.2, 0.3]] }, -0.5, 0)).toMatchObject({ points: [[0, 0.1], [0.1, 0.3]] });
    expect(moved({ id: 'e', type: 'ellipse', cx: 0.98, cy: 0.5, rx: 0.1, ry: 0.1 }, 0.05, 0)).toMatchObject({ cx: 1 });
  });
});
