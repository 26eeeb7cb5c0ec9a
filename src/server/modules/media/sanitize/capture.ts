/**
 * Capture time and camera of an upload, read from the device's metadata BEFORE cleaning strips it (DESIGN M3):
 * the only device metadata Kasus keeps, as data on the media row, never in the stored file.
 *
 * Images: the EXIF block (sharp's metadata for JPEG/PNG/WebP/TIFF; for HEIF the Exif item, found by its
 * "Exif\0\0" header) is parsed here — a few tags of a TIFF structure do not justify another dependency.
 * Video and audio: ffprobe's container tags (QuickTime/MP4 creation_time, Apple's creationdate with its offset,
 * make/model of Apple and Android). Nothing here refuses a file: unreadable metadata is simply absent.
 *
 * Time zones: EXIF DateTimeOriginal is local time without an offset; OffsetTimeOriginal (EXIF 2.31) gives the
 * offset when the camera wrote it, otherwise the hospital's zone (config timeZone) is assumed.
 */
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import { FORMATS, type FormatId } from './formats.js';
import { ffprobe } from './probe.js';

export interface CaptureInfo {
  /** ISO 8601 UTC instant */
  capturedAt?: string;
  cameraMake?: string;
  cameraModel?: string;
}

const MAX_TEXT = 100;
/** A HEIF's Exif item is searched for within this many bytes (phones put it before the image data). */
const HEIF_SCAN_BYTES = 64 * 1024 * 1024;

export async function readCaptureInfo(
  path: string,
  format: FormatId,
  timeZone: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<CaptureInfo> {
  try {
    if (FORMATS[format].kind === 'image') {
      const exif = format === 'heif' ? await heifExif(path) : (await sharp(path).metadata()).exif;
      return exif ? fromExif(exif, timeZone) : {};
    }
    const probe = await ffprobe(path, FORMATS[format].demuxer, { timeoutMs: options.timeoutMs ?? 60_000, ...(options.signal ? { signal: options.signal } : {}) });
    return fromTags({ ...probe.streams.reduce((all, s) => ({ ...s.tags, ...all }), {} as Record<string, string>), ...probe.format.tags });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return {};
  }
}

// ---------------------------------------------------------------------------------------------------------
// EXIF (a TIFF structure, optionally behind "Exif\0\0")

const TAG_MAKE = 0x010f;
const TAG_MODEL = 0x0110;
const TAG_DATETIME = 0x0132;
const TAG_EXIF_IFD = 0x8769;
const TAG_DATETIME_ORIGINAL = 0x9003;
const TAG_DATETIME_DIGITIZED = 0x9004;
const TAG_OFFSET_TIME_ORIGINAL = 0x9011;
const TAG_OFFSET_TIME_DIGITIZED = 0x9012;
const TAG_OFFSET_TIME = 0x9010;

/** ASCII values of an IFD, by tag (only type 2 entries: all the tags read here are ASCII). */
function readIfd(tiff: Buffer, offset: number, le: boolean): { ascii: Map<number, string>; exifIfd?: number } {
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ascii = new Map<number, string>();
  let exifIfd: number | undefined;
  const count = u16(offset);
  for (let i = 0; i < count && i < 1000; i++) {
    const entry = offset + 2 + i * 12;
    if (entry + 12 > tiff.length) break;
    const tag = u16(entry);
    const type = u16(entry + 2);
    const n = u32(entry + 4);
    if (tag === TAG_EXIF_IFD && (type === 4 || type === 13)) exifIfd = u32(entry + 8);
    if (type !== 2 || n === 0 || n > 4096) continue;
    const start = n <= 4 ? entry + 8 : u32(entry + 8);
    if (start + n > tiff.length) continue;
    ascii.set(tag, tiff.toString('latin1', start, start + n).replace(/\0[\s\S]*$/, '').trim());
  }
  return exifIfd === undefined ? { ascii } : { ascii, exifIfd };
}

export function fromExif(exif: Buffer, timeZone: string): CaptureInfo {
  try {
    const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
    const order = tiff.subarray(0, 2).toString('latin1');
    if (order !== 'II' && order !== 'MM') return {};
    const le = order === 'II';
    const ifd0 = readIfd(tiff, le ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4), le);
    const sub = ifd0.exifIfd !== undefined && ifd0.exifIfd < tiff.length ? readIfd(tiff, ifd0.exifIfd, le).ascii : new Map<number, string>();
    const when =
      exifInstant(sub.get(TAG_DATETIME_ORIGINAL), sub.get(TAG_OFFSET_TIME_ORIGINAL), timeZone) ??
      exifInstant(sub.get(TAG_DATETIME_DIGITIZED), sub.get(TAG_OFFSET_TIME_DIGITIZED), timeZone) ??
      exifInstant(ifd0.ascii.get(TAG_DATETIME), sub.get(TAG_OFFSET_TIME), timeZone);
    return withCamera(when, ifd0.ascii.get(TAG_MAKE), ifd0.ascii.get(TAG_MODEL));
  } catch {
    return {}; // a truncated or odd EXIF block: no capture information, never a refusal
  }
}

function withCamera(capturedAt: string | undefined, make: string | undefined, model: string | undefined): CaptureInfo {
  const clean = (s: string | undefined) => {
    // Printable text only: this goes into the audit log and the UI.
    const t = s?.replace(/[^\x20-\x7e\u00a0-\u024f]/g, '').trim().slice(0, MAX_TEXT);
    return t ? t : undefined;
  };
  const info: CaptureInfo = {};
  if (capturedAt) info.capturedAt = capturedAt;
  const m = clean(make);
  const mo = clean(model);
  if (m) info.cameraMake = m;
  if (mo) info.cameraModel = mo;
  return info;
}

/** "YYYY:MM:DD HH:MM:SS" (+ "±HH:MM") → ISO UTC; the zone's offset at that local time when no offset is given. */
export function exifInstant(local: string | undefined, offset: string | undefined, timeZone: string): string | undefined {
  const m = local ? /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(local) : null;
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const off = offset ? /^([+-])(\d{2}):?(\d{2})$/.exec(offset.trim()) : null;
  if (off) {
    const minutes = (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3]));
    return new Date(asUtc - minutes * 60_000).toISOString();
  }
  return new Date(zonedToUtc(asUtc, timeZone)).toISOString();
}

/** Offset of a zone at an instant, in ms (local − UTC). */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const p = (t: string) => Number(parts.find((x) => x.type === t)?.value);
  return Date.UTC(p('year'), p('month') - 1, p('day'), p('hour'), p('minute'), p('second')) - Math.floor(instant / 1000) * 1000;
}

/** Wall-clock time in a zone (given as if UTC) → the instant; in a repeated hour the first (summer-time) instant. */
function zonedToUtc(wall: number, timeZone: string): number {
  let guess = wall - zoneOffset(wall, timeZone);
  guess = wall - zoneOffset(guess, timeZone);
  const earlier = wall - zoneOffset(guess - 3_600_000, timeZone);
  return zoneOffset(earlier, timeZone) === wall - earlier ? Math.min(earlier, guess) : guess;
}

async function heifExif(path: string): Promise<Buffer | undefined> {
  const file = await open(path, 'r');
  try {
    const size = Math.min((await file.stat()).size, HEIF_SCAN_BYTES);
    const buffer = Buffer.alloc(size);
    await file.read(buffer, 0, size, 0);
    // The Exif item is a 4-byte offset followed by "Exif\0\0" and a TIFF header.
    for (let at = buffer.indexOf('Exif\0\0', 0, 'latin1'); at >= 0; at = buffer.indexOf('Exif\0\0', at + 1, 'latin1')) {
      const order = buffer.toString('latin1', at + 6, at + 8);
      if (order === 'II' || order === 'MM') return buffer.subarray(at);
    }
    return undefined;
  } finally {
    await file.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Container tags (ffprobe)

function fromTags(tags: Record<string, string>): CaptureInfo {
  const lower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  // Apple's creationdate keeps the local offset; creation_time is UTC by the QuickTime/MP4 convention.
  const candidates = [lower.get('com.apple.quicktime.creationdate'), lower.get('creation_time'), lower.get('date')];
  let capturedAt: string | undefined;
  for (const c of candidates) {
    if (!c || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(c.trim())) continue;
    const t = Date.parse(c.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    // 1904-01-01 is QuickTime's zero date that many encoders write when they do not know the time.
    if (Number.isFinite(t) && t > Date.UTC(1970, 0, 2)) {
      capturedAt = new Date(t).toISOString();
      break;
    }
  }
  return withCamera(
    capturedAt,
    lower.get('com.apple.quicktime.make') ?? lower.get('com.android.manufacturer') ?? lower.get('make'),
    lower.get('com.apple.quicktime.model') ?? lower.get('com.android.model') ?? lower.get('model'),
  );
}
