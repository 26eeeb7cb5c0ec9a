import { open, stat } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { imageSize } from 'image-size';
import {
  FORMATS,
  checkNameAgainstFormat,
  describeOther,
  extensionOf,
  formatFromSniffedMime,
  type FormatId,
} from './formats.js';
import { BlockReader } from './reader.js';
import { checkStructure, type StructureInfo } from './structure.js';
import { DEFAULT_MEDIA_LIMITS, MediaRefusal, refuse, type Inspection, type MediaKind, type MediaLimits } from './types.js';

/** What the content is, independent of any file name. */
export interface ContentInspection {
  format: FormatId;
  /** file-type's verdict, e.g. "audio/x-m4a". */
  sniffedMime: string;
  width?: number;
  height?: number;
}

/**
 * Cheap, request-path safe: content sniffing by magic bytes (file-type), allowed list, name/content mismatch,
 * header-declared dimensions vs limits, polyglot detection, emptiness, size. Throws MediaRefusal.
 * Never decodes pixels or runs ffmpeg: only headers and container framing are read.
 */
export async function inspectUpload(
  path: string,
  filename: string,
  limits: MediaLimits = DEFAULT_MEDIA_LIMITS,
): Promise<Inspection> {
  const content = await inspectContent(path, limits, filename);
  const spec = FORMATS[content.format];
  const nameExt = extensionOf(filename);
  let kind: MediaKind = spec.kind;
  let mime = spec.mime;
  let ext = spec.ext;
  if (content.format === 'isobmff') {
    const audioByContent = content.sniffedMime === 'audio/x-m4a' || content.sniffedMime === 'audio/mp4';
    const audioByName = nameExt === 'm4a' || nameExt === 'm4b';
    if (audioByContent || audioByName) {
      kind = 'audio';
      mime = 'audio/mp4';
      ext = 'm4a';
    } else if (content.sniffedMime === 'video/quicktime') {
      mime = 'video/quicktime';
      ext = 'mov';
    }
  } else if (content.format === 'webm' && nameExt === 'weba') {
    kind = 'audio';
    mime = 'audio/webm';
  }
  const inspection: Inspection = { kind, mime, ext };
  if (content.width !== undefined) inspection.width = content.width;
  if (content.height !== undefined) inspection.height = content.height;
  return inspection;
}

/**
 * The name-independent part of inspection, also re-run by cleanMedia so a job never trusts a stale verdict.
 * With `filename`, the name's extension must agree with the content.
 */
export async function inspectContent(path: string, limits: MediaLimits, filename?: string): Promise<ContentInspection> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`not a regular file: ${path}`);
  if (st.size === 0) throw refuse.empty();
  if (st.size > limits.maxBytes) throw refuse.tooLarge(st.size, limits.maxBytes);

  let sniffed: Awaited<ReturnType<typeof fileTypeFromFile>>;
  try {
    sniffed = await fileTypeFromFile(path);
  } catch (err) {
    // file-type's deeper parsers can trip over malformed containers; what it cannot name, Kasus does not take.
    if ((err as NodeJS.ErrnoException).code !== undefined) throw err; // I/O errors are not verdicts
    sniffed = undefined;
  }
  if (!sniffed) throw refuse.unsupported();
  const format = formatFromSniffedMime(sniffed.mime);
  if (!format) throw refuse.unsupported(describeOther(sniffed.ext));

  if (filename !== undefined) {
    const verdict = checkNameAgainstFormat(filename, format);
    if (!verdict.ok) throw refuse.mismatch(verdict.ext, FORMATS[format].label);
  }

  const fh = await open(path, 'r');
  try {
    const reader = new BlockReader(fh, st.size);
    const head = await reader.read(0, Math.min(st.size, 512 * 1024));

    if (FORMATS[format].kind === 'image') {
      // Refuse a bomb from its header before walking the rest of the file.
      const early = imageDimensions(format, head, {}, true);
      if (early && early.width * early.height > limits.maxPixels) {
        throw refuse.tooManyPixels(early.width, early.height, limits.maxPixels);
      }
    }
    const structure = await checkStructure(format, reader);
    // HEVC is decoded by libheif (WebAssembly), AV1 by libvips; other codings (JPEG-in-HEIF, uncompressed) are rare.
    if (format === 'heif' && structure.heif?.coding === 'other') throw refuse.heicUnsupported();
    const result: ContentInspection = { format, sniffedMime: sniffed.mime };
    if (FORMATS[format].kind === 'image') {
      const dims = imageDimensions(format, head, structure);
      const area = Math.max(dims.width * dims.height, structure.largestArea ?? 0);
      if (dims.width <= 0 || dims.height <= 0) throw refuse.corrupt();
      if (area > limits.maxPixels) throw refuse.tooManyPixels(dims.width, dims.height, limits.maxPixels);
      result.width = dims.width;
      result.height = dims.height;
    }
    return result;
  } catch (err) {
    if (err instanceof MediaRefusal) throw err;
    if (err instanceof RangeError) throw refuse.corrupt();
    throw err;
  } finally {
    await fh.close();
  }
}

/** Header-declared size, as displayed (EXIF orientations 5–8 swap width and height). */
function imageDimensions(format: FormatId, head: Buffer, structure: StructureInfo): { width: number; height: number };
function imageDimensions(
  format: FormatId,
  head: Buffer,
  structure: StructureInfo,
  lenient: true,
): { width: number; height: number } | undefined;
function imageDimensions(
  format: FormatId,
  head: Buffer,
  structure: StructureInfo,
  lenient = false,
): { width: number; height: number } | undefined {
  if (format === 'heif') {
    // Judged by its own item table (primary image, every declared extent): see heif-layout.ts.
    if (structure.width !== undefined && structure.height !== undefined) return { width: structure.width, height: structure.height };
    if (lenient) return undefined;
    throw refuse.corrupt();
  }
  let parsed: ReturnType<typeof imageSize> | undefined;
  try {
    parsed = imageSize(head);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined && lenient) return undefined;
  let width = structure.width ?? parsed?.width ?? 0;
  let height = structure.height ?? parsed?.height ?? 0;
  if (format === 'webp') {
    // Containers with several images: judge by the largest declared one.
    for (const img of parsed?.images ?? []) {
      if (img.width * img.height > width * height) {
        width = img.width;
        height = img.height;
      }
    }
    if (parsed === undefined) throw refuse.corrupt();
  }
  const orientation = format === 'jpeg' ? parsed?.orientation : undefined;
  if (orientation !== undefined && orientation >= 5 && orientation <= 8) return { width: height, height: width };
  return { width, height };
}
