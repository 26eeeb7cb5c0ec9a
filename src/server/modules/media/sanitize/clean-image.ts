import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { writeAtomically } from './files.js';
import type { FormatId } from './formats.js';
import { decodeHeif } from './heif.js';
import { BlockReader } from './reader.js';
import type { HeifLayout } from './heif-layout.js';
import { readHeifLayout } from './structure.js';
import { MediaRefusal, MediaTimeoutError, refuse, type CleanResult, type JobOptions, type MediaLimits } from './types.js';

/**
 * JPEG re-encoding: quality 92 with 4:4:4 chroma (skin tones and small lesions keep their colour edges), Huffman
 * tables optimised (lossless, cheap), plain libjpeg-turbo rather than mozjpeg (mozjpeg is several times slower for a
 * few per cent smaller files; cleaning runs on every upload).
 */
export const JPEG_MASTER = { quality: 92, chromaSubsampling: '4:4:4', optimiseCoding: true, mozjpeg: false, progressive: false } as const;
const WEBP_MASTER = { quality: 92, alphaQuality: 100, effort: 4 } as const;
/** 72 dpi in pixels per millimetre: a fixed resolution, so the input's declared density cannot change the bytes. */
const FIXED_RESOLUTION = 72 / 25.4;
const DEFAULT_IMAGE_TIMEOUT_MS = 5 * 60 * 1000;

const OUTPUT: Readonly<Record<'jpeg' | 'png' | 'tiff' | 'webp' | 'heif', { mime: string; ext: string }>> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  heif: { mime: 'image/jpeg', ext: 'jpg' }, // no HEVC encoder here, and most browsers cannot show HEIC anyway
  png: { mime: 'image/png', ext: 'png' },
  tiff: { mime: 'image/tiff', ext: 'tif' },
  webp: { mime: 'image/webp', ext: 'webp' },
};

export function sharpInput(path: string, maxPixels: number): Sharp {
  // failOn 'error' also fails on truncation; 'warning' would refuse real camera files with harmless libjpeg warnings.
  return sharp(path, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true });
}

/** Map a sharp/libvips failure onto a refusal (or a timeout). */
export function sharpFailure(
  err: unknown,
  format: FormatId,
  dims?: { width?: number; height?: number },
  maxPixels?: number,
  timeoutMs = 0,
): unknown {
  if (err instanceof MediaRefusal || err instanceof MediaTimeoutError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/^Input file is missing/.test(message)) return err;
  if (/timeout/i.test(message)) return new MediaTimeoutError('sharp', timeoutMs);
  if (/pixel limit/i.test(message)) return refuse.tooManyPixels(dims?.width ?? 0, dims?.height ?? 0, maxPixels ?? 0);
  if (/premature end|truncated|unexpected end|end of (file|data)|short read|not enough data/i.test(message)) return refuse.truncated();
  if (/unsupported image format/i.test(message)) return refuse.unsupported();
  return refuse.corrupt();
}

export async function cleanImage(
  inPath: string,
  outPath: string,
  format: Extract<FormatId, 'jpeg' | 'png' | 'tiff' | 'webp' | 'heif'>,
  limits: MediaLimits,
  dims: { width?: number; height?: number },
  options: JobOptions = {},
): Promise<CleanResult> {
  options.signal?.throwIfAborted();
  const timeoutSeconds = Math.max(1, Math.ceil((options.timeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS) / 1000));
  try {
    let pipeline: Sharp;
    let meta: { depth?: string; hasAlpha?: boolean };
    const crop = options.edit && 'crop' in options.edit ? options.edit.crop : undefined;
    if (options.edit && !crop) throw new MediaRefusal('invalid_edit', 'En bild kan inte trimmas, bara beskäras.');
    /** The picture's size as shown (orientation applied): what a crop is measured against. */
    let displayed: { width: number; height: number } | undefined;
    const layout = format === 'heif' ? await heifLayoutOf(inPath) : undefined;
    if (layout?.coding === 'hevc') {
      // Decoded by libheif in a worker thread, transformations (irot, imir, clean aperture) applied; every metadata
      // item (EXIF, XMP) stays behind, and EXIF orientation is not applied again: in HEIF, irot/imir are the truth.
      const decoded = await decodeHeif(inPath, {
        maxPixels: limits.maxPixels,
        timeoutMs: options.timeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      meta = { depth: 'uchar', hasAlpha: true };
      displayed = { width: decoded.width, height: decoded.height };
      const raw = { raw: { width: decoded.width, height: decoded.height, channels: 4 as const }, limitInputPixels: limits.maxPixels };
      const icc = await iccProfileOf(layout);
      if (icc) {
        // The pixels are in the file's colour space (iPhones: Display P3). Tagged with its profile, libvips converts
        // them to sRGB like the colours of any other image; the profile itself is not kept.
        const png = await sharp(decoded.rgba, raw).timeout({ seconds: timeoutSeconds }).png({ compressionLevel: 0 }).toBuffer();
        pipeline = sharp(withIccProfileChunk(png, icc), { limitInputPixels: limits.maxPixels, failOn: 'error' });
      } else {
        pipeline = sharp(decoded.rgba, raw);
      }
      pipeline = pipeline.timeout({ seconds: timeoutSeconds }).toColourspace('srgb');
    } else {
      // A JPEG is always 8-bit without alpha: no need to read its header separately.
      meta =
        format === 'jpeg' && !crop ? { depth: 'uchar', hasAlpha: false } : await sharpInput(inPath, limits.maxPixels).metadata();
      if (crop) {
        const shown = (meta as { autoOrient?: { width: number; height: number } }).autoOrient;
        if (!shown) throw refuse.corrupt();
        displayed = shown;
      }
      const sixteenBit = (format === 'png' || format === 'tiff') && meta.depth === 'ushort';
      // rotate() with no angle applies the EXIF orientation; nothing of the input's metadata is kept (no keep*/with*).
      pipeline = sharpInput(inPath, limits.maxPixels)
        .timeout({ seconds: timeoutSeconds })
        .rotate()
        .toColourspace(sixteenBit ? 'rgb16' : 'srgb');
    }
    if (crop) {
      // After the orientation (rotate() above, or libheif's own), so the rectangle is the one the uploader saw.
      if (!displayed || crop.x + crop.width > displayed.width || crop.y + crop.height > displayed.height) {
        throw refuse.cropOutside(crop, displayed?.width ?? 0, displayed?.height ?? 0);
      }
      pipeline = pipeline.extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height });
    }
    switch (format) {
      case 'jpeg':
      case 'heif':
        if (meta.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
        pipeline = pipeline.jpeg(JPEG_MASTER);
        break;
      case 'png':
        pipeline = pipeline.png({ compressionLevel: 6 });
        break;
      case 'webp':
        pipeline = pipeline.webp(WEBP_MASTER);
        break;
      case 'tiff':
        pipeline = pipeline.tiff({
          compression: 'lzw',
          predictor: 'horizontal',
          xres: FIXED_RESOLUTION,
          yres: FIXED_RESOLUTION,
          resolutionUnit: 'inch',
        });
        break;
    }
    let sha256: string | undefined;
    const info = await writeAtomically(outPath, async (tmp) => {
      if (format === 'jpeg' || format === 'heif') {
        // Encoded in memory and hashed as written, so storing it needs no second read.
        const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
        await writeFileOf(tmp, data);
        sha256 = createHash('sha256').update(data).digest('hex');
        return info;
      }
      if (format === 'png') {
        // libvips writes the input's density as pHYs; keep only what the picture needs, so the bytes depend on the
        // pixels alone.
        const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
        await writeFileOf(tmp, stripPngAncillaryChunks(data));
        return info;
      }
      return pipeline.toFile(tmp);
    });
    options.signal?.throwIfAborted();
    return { kind: 'image', ...OUTPUT[format], width: info.width, height: info.height, ...(sha256 ? { sha256 } : {}) };
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw sharpFailure(err, format, dims, limits.maxPixels, timeoutSeconds * 1000);
  }
}

/** The item layout of a HEIF file: how its primary image is coded (HEVC goes to libheif; AV1 to libvips), its colour. */
async function heifLayoutOf(path: string): Promise<HeifLayout> {
  const fh = await open(path, 'r');
  try {
    return await readHeifLayout(new BlockReader(fh, (await fh.stat()).size));
  } finally {
    await fh.close();
  }
}

let displayP3: Promise<Buffer | undefined> | undefined;

/** The ICC profile a decoded HEIF image's pixels are in, if it is not sRGB. */
async function iccProfileOf(layout: HeifLayout): Promise<Buffer | undefined> {
  const colour = layout.colour;
  if (!colour) return undefined;
  if ('icc' in colour) {
    // Only what looks like a whole ICC profile (declared size, 'acsp' signature): a broken one is ignored, not fatal.
    const icc = colour.icc;
    const whole = icc.length >= 132 && icc.readUInt32BE(0) === icc.length && icc.toString('latin1', 36, 40) === 'acsp';
    return whole ? icc : undefined;
  }
  if (colour.primaries !== 12) return undefined; // BT.709 is sRGB's; others are rare in photos
  // nclx Display P3: libvips's own P3 profile, taken from a 1×1 PNG it tags with it.
  displayP3 ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000000' } })
    .withIccProfile('p3')
    .png()
    .toBuffer()
    .then(iccProfileFromPng);
  return displayP3;
}

/** A PNG's ICC profile (iCCP chunk), inflated. */
function iccProfileFromPng(png: Buffer): Buffer | undefined {
  for (let pos = 8; pos + 12 <= png.length; ) {
    const length = png.readUInt32BE(pos);
    if (png.toString('latin1', pos + 4, pos + 8) === 'iCCP') {
      const data = png.subarray(pos + 8, pos + 8 + length);
      const nul = data.indexOf(0);
      return inflateSync(data.subarray(nul + 2));
    }
    pos += 12 + length;
  }
  return undefined;
}

/** Insert an iCCP chunk (the profile, deflated) right after IHDR. */
function withIccProfileChunk(png: Buffer, icc: Buffer): Buffer {
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  const body = Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync(icc)]);
  const chunk = Buffer.alloc(12 + body.length);
  chunk.writeUInt32BE(body.length, 0);
  chunk.write('iCCP', 4, 'latin1');
  body.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + body.length)), 8 + body.length);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

async function writeFileOf(path: string, data: Buffer): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(data);
  } finally {
    await fh.close();
  }
}

const PNG_KEEP = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);

/** Drop every PNG chunk except the ones that carry the picture (no pHYs, text, time, ICC, EXIF). */
export function stripPngAncillaryChunks(png: Buffer): Buffer {
  const parts: Buffer[] = [png.subarray(0, 8)];
  let pos = 8;
  while (pos + 12 <= png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + len;
    if (end > png.length) throw new Error('malformed PNG from encoder');
    if (PNG_KEEP.has(type)) parts.push(png.subarray(pos, end));
    pos = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(parts);
}
