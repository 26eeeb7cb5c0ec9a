import type { MediaKind } from './types.js';

/** Container families Kasus accepts, decided by content. */
export type FormatId = 'jpeg' | 'png' | 'tiff' | 'webp' | 'heif' | 'isobmff' | 'webm' | 'mp3' | 'wav' | 'ogg';

export interface FormatSpec {
  id: FormatId;
  /** Default kind; ISO-BMFF and WebM may turn out to be audio. */
  kind: MediaKind;
  /** Canonical mime and extension reported by inspection. */
  mime: string;
  ext: string;
  /** Swedish noun phrase for messages ("en PNG-bild"). */
  label: string;
  /** File name extensions (lower case, no dot) that name this family. */
  extensions: readonly string[];
  /** ffmpeg demuxer forced for AV input (never let ffmpeg guess from content or name). */
  demuxer?: string;
}

export const FORMATS: Readonly<Record<FormatId, FormatSpec>> = {
  jpeg: { id: 'jpeg', kind: 'image', mime: 'image/jpeg', ext: 'jpg', label: 'en JPEG-bild', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  png: { id: 'png', kind: 'image', mime: 'image/png', ext: 'png', label: 'en PNG-bild', extensions: ['png'] },
  tiff: { id: 'tiff', kind: 'image', mime: 'image/tiff', ext: 'tif', label: 'en TIFF-bild', extensions: ['tif', 'tiff'] },
  webp: { id: 'webp', kind: 'image', mime: 'image/webp', ext: 'webp', label: 'en WebP-bild', extensions: ['webp'] },
  heif: { id: 'heif', kind: 'image', mime: 'image/heic', ext: 'heic', label: 'en HEIC-bild', extensions: ['heic', 'heif', 'hif'] },
  isobmff: {
    id: 'isobmff',
    kind: 'video',
    mime: 'video/mp4',
    ext: 'mp4',
    label: 'en MP4/MOV-fil',
    extensions: ['mp4', 'm4v', 'mov', 'qt', 'm4a', 'm4b'],
    demuxer: 'mov',
  },
  webm: { id: 'webm', kind: 'video', mime: 'video/webm', ext: 'webm', label: 'en WebM-fil', extensions: ['webm', 'weba'], demuxer: 'matroska' },
  mp3: { id: 'mp3', kind: 'audio', mime: 'audio/mpeg', ext: 'mp3', label: 'en MP3-ljudfil', extensions: ['mp3'], demuxer: 'mp3' },
  wav: { id: 'wav', kind: 'audio', mime: 'audio/wav', ext: 'wav', label: 'en WAV-ljudfil', extensions: ['wav', 'wave'], demuxer: 'wav' },
  ogg: { id: 'ogg', kind: 'audio', mime: 'audio/ogg', ext: 'ogg', label: 'en OGG-ljudfil', extensions: ['ogg', 'oga', 'opus'], demuxer: 'ogg' },
};

/** file-type's mime → accepted family. Anything not listed is refused as unsupported. */
const SNIFFED: Readonly<Record<string, FormatId>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/tiff': 'tiff',
  'image/webp': 'webp',
  'image/heic': 'heif',
  'image/heic-sequence': 'heif',
  'image/heif': 'heif',
  'image/heif-sequence': 'heif',
  'video/mp4': 'isobmff',
  'video/quicktime': 'isobmff',
  'video/x-m4v': 'isobmff',
  'audio/x-m4a': 'isobmff',
  'audio/mp4': 'isobmff',
  'video/webm': 'webm',
  'audio/webm': 'webm',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/ogg': 'ogg',
  'audio/ogg; codecs=opus': 'ogg',
  'audio/opus': 'ogg',
};

export function formatFromSniffedMime(mime: string): FormatId | undefined {
  return SNIFFED[mime];
}

/** Swedish descriptions of common things that are not accepted, by file-type's extension. */
const OTHER_LABELS: Readonly<Record<string, string>> = {
  zip: 'ett ZIP-arkiv',
  rar: 'ett RAR-arkiv',
  '7z': 'ett 7z-arkiv',
  gz: 'ett komprimerat arkiv',
  tar: 'ett arkiv',
  pdf: 'ett PDF-dokument',
  exe: 'ett program',
  elf: 'ett program',
  gif: 'en GIF-bild',
  bmp: 'en BMP-bild',
  avif: 'en AVIF-bild',
  svg: 'en SVG-bild',
  docx: 'ett Word-dokument',
  xlsx: 'ett Excel-dokument',
  pptx: 'en PowerPoint-presentation',
  mkv: 'en MKV-video',
  avi: 'en AVI-video',
  flac: 'en FLAC-ljudfil',
  aac: 'en AAC-ljudfil',
  '3gp': 'en 3GP-video',
  dng: 'en RAW-bild',
  cr2: 'en RAW-bild',
  nef: 'en RAW-bild',
  arw: 'en RAW-bild',
  xml: 'ett XML-dokument',
  html: 'en webbsida',
};

export function describeOther(ext: string | undefined): string | undefined {
  return ext === undefined ? undefined : OTHER_LABELS[ext];
}

/**
 * Extensions that clearly name some other type of file. A name ending in one of these (or in another accepted
 * family's extension) while the content is accepted media is a mismatch; unknown extensions are ignored, like a
 * name without extension.
 */
const OTHER_KNOWN_EXTENSIONS: ReadonlySet<string> = new Set([
  'gif', 'bmp', 'ico', 'cur', 'svg', 'svgz', 'avif', 'jxl', 'jp2', 'j2k', 'psd', 'ai', 'eps', 'dng', 'cr2', 'cr3',
  'nef', 'arw', 'orf', 'rw2', 'raf', 'raw', 'pdf', 'zip', 'rar', '7z', 'gz', 'tgz', 'bz2', 'xz', 'tar', 'jar',
  'apk', 'exe', 'dll', 'msi', 'com', 'scr', 'bat', 'cmd', 'ps1', 'sh', 'js', 'mjs', 'cjs', 'vbs', 'php', 'py',
  'html', 'htm', 'xhtml', 'shtml', 'xml', 'txt', 'csv', 'json', 'rtf', 'doc', 'docx', 'xls', 'xlsx', 'ppt',
  'pptx', 'odt', 'ods', 'odp', 'avi', 'mkv', 'flv', 'wmv', 'mpg', 'mpeg', 'ts', 'm2ts', 'mts', '3gp', '3g2',
  'aac', 'flac', 'wma', 'aif', 'aiff', 'amr', 'mid', 'midi', 'dcm',
]);

export type NameVerdict = { ok: true } | { ok: false; ext: string };

/** Does the name's extension agree with the sniffed family? */
export function checkNameAgainstFormat(filename: string, format: FormatId): NameVerdict {
  const ext = extensionOf(filename);
  if (ext === undefined) return { ok: true };
  if (FORMATS[format].extensions.includes(ext)) return { ok: true };
  const namesAcceptedFamily = Object.values(FORMATS).some((f) => f.extensions.includes(ext));
  if (namesAcceptedFamily || OTHER_KNOWN_EXTENSIONS.has(ext)) return { ok: false, ext };
  return { ok: true };
}

/** Lower-case extension without dot, or undefined (no dot, leading-dot-only names, or not a plausible extension). */
export function extensionOf(filename: string): string | undefined {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return undefined;
  const ext = base.slice(dot + 1).trim().toLowerCase();
  return /^[a-z0-9]{1,8}$/.test(ext) ? ext : undefined;
}
