import sharp, { type OverlayOptions } from 'sharp';
import type { CropBox, DeidentifyEdits, Effect, Region } from './deidentify-edits.js';

export interface EditedImage {
  bytes: Buffer;
  mime: string;
  width: number;
  height: number;
}

/** The upright size of an image (EXIF orientation applied; cleaned originals carry none). */
export async function imageSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes, { failOn: 'none' }).metadata();
  return { width: (meta.autoOrient?.width ?? meta.width) || 0, height: (meta.autoOrient?.height ?? meta.height) || 0 };
}

/** An SVG of the regions as white shapes on black, the size of the image: the mask of one effect. */
function maskSvg(regions: Region[], width: number, height: number): Buffer {
  const shapes = regions
    .map((r) =>
      r.shape === 'rect'
        ? `<rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}"/>`
        : `<polygon points="${r.points.map(([x, y]) => `${x},${y}`).join(' ')}"/>`,
    )
    .join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#000"/><g fill="#fff">${shapes}</g></svg>`,
  );
}

/**
 * The picture with the effect everywhere (it is then kept only under the mask): blurred or pixelated
 * strongly enough that a face or a written name cannot be read back, or black.
 */
async function effected(effect: Effect, raw: Buffer, width: number, height: number): Promise<Buffer> {
  const input = () => sharp(raw, { raw: { width, height, channels: 3 } });
  const short = Math.min(width, height);
  if (effect === 'black') return Buffer.alloc(width * height * 3, 0);
  if (effect === 'blur') return input().blur(Math.max(8, short / 30)).raw().toBuffer();
  const block = Math.max(8, Math.round(short / 30));
  const small = await input()
    .resize(Math.max(1, Math.ceil(width / block)), Math.max(1, Math.ceil(height / block)), { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: 3 } }).resize(width, height, { fit: 'fill', kernel: 'nearest' }).raw().toBuffer();
}

/** Whether a crop lies inside the picture. */
export function cropInside(crop: CropBox, width: number, height: number): boolean {
  return crop.x + crop.width <= width && crop.y + crop.height <= height;
}

/**
 * Applies the edits to the cleaned original with sharp: each effect's regions rasterised into a mask,
 * the effected picture laid over the original through it, then the crop. The result is a new JPEG
 * (or PNG for a PNG source) without any metadata; the original's bytes are only read.
 */
export async function deidentifyImage(source: Buffer, edits: DeidentifyEdits): Promise<EditedImage> {
  const decoded = await sharp(source, { failOn: 'none' }).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const { width, height } = decoded.info;
  const raw = decoded.data;
  const layers: OverlayOptions[] = [];
  for (const effect of ['blur', 'pixelate', 'black'] as const) {
    const regions = edits.regions.filter((r) => r.effect === effect);
    if (regions.length === 0) continue;
    const mask = await sharp(maskSvg(regions, width, height)).extractChannel(0).raw().toBuffer();
    const layer = await sharp(await effected(effect, raw, width, height), { raw: { width, height, channels: 3 } })
      .joinChannel(mask, { raw: { width, height, channels: 1 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    layers.push({ input: layer, top: 0, left: 0 });
  }
  let image = sharp(raw, { raw: { width, height, channels: 3 } });
  if (layers.length > 0) image = sharp(await image.composite(layers).png({ compressionLevel: 1 }).toBuffer());
  if (edits.crop) image = image.extract({ left: edits.crop.x, top: edits.crop.y, width: edits.crop.width, height: edits.crop.height });
  const png = (await sharp(source, { failOn: 'none' }).metadata()).format === 'png';
  const out = await (png ? image.png() : image.jpeg({ quality: 92, mozjpeg: false })).toBuffer({ resolveWithObject: true });
  return { bytes: out.data, mime: png ? 'image/png' : 'image/jpeg', width: out.info.width, height: out.info.height };
}
