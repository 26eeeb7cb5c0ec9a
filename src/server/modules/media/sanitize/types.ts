/**
 * Shared types, limits and the refusal error of the media sanitizer (DESIGN M3: media enter the archive
 * with no device metadata and nothing but media).
 */

export type MediaKind = 'image' | 'video' | 'audio';

export interface MediaLimits {
  /** Largest accepted image (or video frame) area, width × height. */
  maxPixels: number;
  /** Longest accepted video or audio recording. */
  maxDurationMs: number;
  /** Largest accepted upload. */
  maxBytes: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = Object.freeze({
  maxPixels: 100_000_000,
  maxDurationMs: 4 * 60 * 60 * 1000,
  maxBytes: 4 * 1024 * 1024 * 1024,
});

export type RefusalCode =
  | 'unsupported_type'
  | 'type_mismatch'
  | 'corrupt'
  | 'truncated'
  | 'too_large'
  | 'too_many_pixels'
  | 'too_long'
  | 'polyglot'
  | 'empty'
  | 'heic_unsupported'
  | 'invalid_edit';

/**
 * What the uploader cut away before adding the file (issue 16): a rectangle of an image, in pixels of the image as
 * displayed (its orientation applied), or a stretch of a recording, in milliseconds from its start.
 */
export type MediaEdit =
  | { crop: { x: number; y: number; width: number; height: number } }
  | { trim: { startMs: number; endMs: number } };

/**
 * The file is not accepted. `message` is Swedish, in plain words for a clinician, and safe to show as is;
 * `code` is for programs.
 */
export class MediaRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'MediaRefusal';
  }
}

/** Processing took longer than allowed (a job-level failure, not a verdict on the file). */
export class MediaTimeoutError extends Error {
  constructor(readonly tool: string, readonly timeoutMs: number) {
    super(`${tool} did not finish within ${timeoutMs} ms`);
    this.name = 'MediaTimeoutError';
  }
}

export interface Inspection {
  kind: MediaKind;
  mime: string;
  ext: string;
  /** Displayed size as declared by the header (EXIF rotation applied when the header says so). */
  width?: number;
  height?: number;
}

export interface CleanResult {
  kind: MediaKind;
  mime: string;
  ext: string;
  width?: number;
  height?: number;
  durationMs?: number;
  /** SHA-256 of the written file, when the cleaner hashed it as it wrote it. */
  sha256?: string;
}

export interface DerivativeResult {
  mime: string;
  width?: number;
  height?: number;
}

/** Optional controls for the background-job functions (cleaning and derivatives). */
export interface JobOptions {
  /** Aborting kills any running ffmpeg/ffprobe and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the per-step time limit. */
  timeoutMs?: number;
  /** Cut the file while cleaning it, so that only the edited picture or stretch is written. */
  edit?: MediaEdit;
}

// ---------------------------------------------------------------------------------------------------------
// Messages (Swedish, for clinicians)
// ---------------------------------------------------------------------------------------------------------

const ACCEPTED = 'JPEG, PNG, TIFF, WebP och HEIC (bilder), MP4, MOV och WebM (video) samt MP3, M4A, WAV och OGG (ljud)';

function formatBytes(bytes: number): string {
  const gib = 1024 * 1024 * 1024;
  const mib = 1024 * 1024;
  const fmt = (n: number) => (Math.round(n * 10) / 10).toLocaleString('sv-SE');
  if (bytes >= gib) return `${fmt(bytes / gib)} GB`;
  if (bytes >= mib) return `${fmt(bytes / mib)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} ${hours === 1 ? 'timme' : 'timmar'}`);
  if (minutes > 0) parts.push(`${minutes} ${minutes === 1 ? 'minut' : 'minuter'}`);
  if (seconds > 0 || parts.length === 0) parts.push(`${seconds} ${seconds === 1 ? 'sekund' : 'sekunder'}`);
  return parts.join(' ');
}

/** A position in a recording as m:ss.t (e.g. 0:03.5), as a player shows it. */
export function clock(ms: number): string {
  const tenths = Math.round(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${minutes}:${seconds.toFixed(1).padStart(4, '0').replace('.', ',')}`;
}

function formatMegapixels(pixels: number): string {
  return `${(Math.round((pixels / 1_000_000) * 10) / 10).toLocaleString('sv-SE')} miljoner`;
}

export const refuse = {
  empty: () => new MediaRefusal('empty', 'Filen är tom. Välj filen igen och försök på nytt.'),
  tooLarge: (size: number, max: number) =>
    new MediaRefusal(
      'too_large',
      `Filen är för stor (${formatBytes(size)}). Kasus tar emot filer på högst ${formatBytes(max)}.`,
    ),
  unsupported: (what?: string) =>
    new MediaRefusal(
      'unsupported_type',
      `Filen är inte en bild, video eller ljudfil som Kasus tar emot${what ? ` (den ser ut att vara ${what})` : ''}. ` +
        `Kasus tar emot ${ACCEPTED}.`,
    ),
  mismatch: (nameExt: string, actual: string) =>
    new MediaRefusal(
      'type_mismatch',
      `Filnamnet slutar på .${nameExt}, men filen är egentligen ${actual}. ` +
        'Kontrollera att det är rätt fil, eller exportera den på nytt från kameran eller programmet.',
    ),
  corrupt: () =>
    new MediaRefusal(
      'corrupt',
      'Filen är skadad och går inte att läsa. Försök exportera eller kopiera den på nytt från kameran eller programmet.',
    ),
  truncated: () =>
    new MediaRefusal(
      'truncated',
      'Filen är ofullständig – den verkar ha avbrutits när den sparades eller överfördes. Försök ladda upp den igen.',
    ),
  tooManyPixels: (width: number, height: number, max: number) =>
    new MediaRefusal(
      'too_many_pixels',
      `Bilden är för stor (${width} × ${height} bildpunkter). Kasus tar emot bilder på högst ${formatMegapixels(max)} bildpunkter. ` +
        'Exportera en mindre version av bilden.',
    ),
  tooLong: (durationMs: number | undefined, max: number) =>
    new MediaRefusal(
      'too_long',
      `Inspelningen är för lång${durationMs !== undefined ? ` (${formatDuration(durationMs)})` : ''}. ` +
        `Kasus tar emot inspelningar på högst ${formatDuration(max)}. Dela upp eller korta inspelningen.`,
    ),
  polyglot: () =>
    new MediaRefusal(
      'polyglot',
      'Filen innehåller något mer än en bild eller inspelning (till exempel en annan fil som har lagts till i den) ' +
        'och tas därför inte emot. Exportera bilden eller inspelningen på nytt från kameran eller programmet.',
    ),
  cropOutside: (crop: { x: number; y: number; width: number; height: number }, width: number, height: number) =>
    new MediaRefusal(
      'invalid_edit',
      `Beskärningen (från ${crop.x}, ${crop.y}, ${crop.width} × ${crop.height} bildpunkter) går utanför bilden, ` +
        `som är ${width} × ${height} bildpunkter. Välj ett område inom bilden.`,
    ),
  trimOutside: (endMs: number, durationMs: number) =>
    new MediaRefusal(
      'invalid_edit',
      `Trimningen slutar vid ${clock(endMs)}, men inspelningen är bara ${clock(durationMs)} lång. Välj ett slut inom inspelningen.`,
    ),
  heicUnsupported: () =>
    new MediaRefusal(
      'heic_unsupported',
      'Bilden är en HEIF/HEIC-bild som är kodad på ett sätt som Kasus inte kan läsa. ' +
        'Exportera bilden som JPEG och ladda upp den igen.',
    ),
};
