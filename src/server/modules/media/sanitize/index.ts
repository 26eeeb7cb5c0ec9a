/**
 * Media sanitizer: file in → file out, no database, no HTTP.
 *
 * - `inspectUpload` is the one cheap check for the request path (magic bytes, names, headers, container framing).
 * - `cleanMedia` and the `make*` derivatives run in background jobs only (sharp and ffmpeg).
 *
 * Cleaned files carry no device metadata (DESIGN M3) and are reproducible: the same picture or the same media
 * streams give the same bytes whatever metadata the upload carried, so duplicates can be found by SHA-256.
 */
import { cleanAv } from './clean-av.js';
import { cleanImage } from './clean-image.js';
import { FORMATS, formatFromSniffedMime } from './formats.js';
import { inspectContent, type ContentInspection } from './inspect.js';
import { sha256OfFile } from '../../blobs/blob-writer.js';
import {
  DEFAULT_MEDIA_LIMITS,
  MediaRefusal,
  type CleanResult,
  type Inspection,
  type JobOptions,
  type MediaLimits,
} from './types.js';

export { inspectUpload } from './inspect.js';
export { makePlayable, makePoster, makePreview, makeThumbnail } from './derivatives.js';
export {
  DEFAULT_MEDIA_LIMITS,
  MediaRefusal,
  MediaTimeoutError,
  type CleanResult,
  type DerivativeResult,
  type Inspection,
  type JobOptions,
  type MediaKind,
  type MediaEdit,
  type MediaLimits,
  type RefusalCode,
} from './types.js';

/**
 * Decodes and re-encodes (images) or remuxes/transcodes (AV) into outPath with every piece of device metadata
 * removed. Throws MediaRefusal for corrupt/truncated/bomb input. Runs in jobs only.
 *
 * A job never trusts a verdict about a file that may have changed since it was given: with `inspectedSha256` (the
 * SHA-256 of the bytes inspectUpload saw) the file is hashed and the verdict kept only when the bytes are the same;
 * without it, or when they differ, the content checks of inspectUpload are repeated in full.
 */
export async function cleanMedia(
  inPath: string,
  outPath: string,
  inspection: Inspection,
  limits: MediaLimits = DEFAULT_MEDIA_LIMITS,
  options: JobOptions = {},
  inspectedSha256?: string,
): Promise<CleanResult> {
  options.signal?.throwIfAborted();
  const inspected = formatFromSniffedMime(inspection.mime);
  const unchanged = inspected !== undefined && inspectedSha256 !== undefined && (await sha256OfFile(inPath)) === inspectedSha256;
  const content: Pick<ContentInspection, 'format' | 'width' | 'height'> = unchanged
    ? { format: inspected, ...dimensionsOf(inspection) }
    : await inspectContent(inPath, limits);
  const expected = formatFromSniffedMime(inspection.mime);
  if (expected !== content.format) {
    throw new MediaRefusal(
      'type_mismatch',
      'Filens innehåll stämmer inte med det som kontrollerades vid uppladdningen. Ladda upp filen igen.',
    );
  }
  const format = content.format;
  switch (format) {
    case 'jpeg':
    case 'png':
    case 'tiff':
    case 'webp':
    case 'heif': {
      const dims: { width?: number; height?: number } = {};
      if (content.width !== undefined) dims.width = content.width;
      if (content.height !== undefined) dims.height = content.height;
      return cleanImage(inPath, outPath, format, limits, dims, options);
    }
    default:
      if (FORMATS[format].demuxer === undefined) throw new Error(`no cleaner for ${format}`);
      return cleanAv(inPath, outPath, format, limits, options);
  }
}


function dimensionsOf(inspection: Inspection): { width?: number; height?: number } {
  return {
    ...(inspection.width !== undefined ? { width: inspection.width } : {}),
    ...(inspection.height !== undefined ? { height: inspection.height } : {}),
  };
}
