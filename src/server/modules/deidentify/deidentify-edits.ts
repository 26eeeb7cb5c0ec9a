import { z } from 'zod';

/** Pixels in the source's own (upright) coordinates; whole numbers within what any accepted file can have. */
const px = z.number().int().min(0).max(1_000_000);
const effect = z.enum(['blur', 'pixelate', 'black']);

export const rectRegion = z.strictObject({ shape: z.literal('rect'), x: px, y: px, width: px.min(1), height: px.min(1), effect });
export const freehandRegion = z.strictObject({
  shape: z.literal('freehand'),
  points: z.array(z.tuple([px, px])).min(3).max(2000),
  effect,
});
export const region = z.discriminatedUnion('shape', [rectRegion, freehandRegion]);
export const cropBox = z.strictObject({ x: px, y: px, width: px.min(1), height: px.min(1) });
export const trimRange = z.strictObject({ startMs: z.number().int().min(0).max(7 * 24 * 3600 * 1000), endMs: z.number().int().min(1).max(7 * 24 * 3600 * 1000) });

export type Region = z.infer<typeof region>;
export type CropBox = z.infer<typeof cropBox>;
export type TrimRange = z.infer<typeof trimRange>;
export type Effect = z.infer<typeof effect>;

/** What the editor sends: the regions to hide, an optional crop and, for a video, an optional trim. */
export interface DeidentifyEdits {
  regions: Region[];
  crop?: CropBox | undefined;
  trim?: TrimRange | undefined;
}

/** Stored form (deidentified_copy.edits): geometry only, keys in a fixed order. */
export function storedEdits(edits: DeidentifyEdits): string {
  return JSON.stringify({
    regions: edits.regions.map((r) =>
      r.shape === 'rect' ? { shape: 'rect', x: r.x, y: r.y, width: r.width, height: r.height, effect: r.effect } : { shape: 'freehand', points: r.points, effect: r.effect },
    ),
    ...(edits.crop ? { crop: { x: edits.crop.x, y: edits.crop.y, width: edits.crop.width, height: edits.crop.height } } : {}),
    ...(edits.trim ? { trim: { startMs: edits.trim.startMs, endMs: edits.trim.endMs } } : {}),
  });
}
