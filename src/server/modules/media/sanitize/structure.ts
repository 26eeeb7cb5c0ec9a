/**
 * Cheap structural validation of accepted containers, from headers only (no decoding): walk the container's own
 * framing (JPEG markers, PNG chunks, TIFF IFDs, ISO-BMFF boxes, EBML elements, RIFF chunks, MP3 frames, Ogg pages)
 * to find where the media really ends. Bytes past that end are an appended file (a polyglot); framing that runs past
 * the end of the file is truncation; framing that makes no sense is corruption. Head and tail windows, and
 * metadata segments, are also scanned for hidden archives, HTML and scripts.
 *
 * Reads go through a block cache: headers are hopped over, never the whole file, except JPEG entropy-coded data
 * (which must be scanned to find the real end of the image; images are bounded by the pixel and byte limits).
 */
import type { FormatId } from './formats.js';
import { MAX_META_BYTES, heifLayout, type HeifLayout } from './heif-layout.js';
import type { BlockReader } from './reader.js';
import { findSuspicious } from './signatures.js';
import { MediaRefusal, refuse } from './types.js';

export interface StructureInfo {
  /** Declared size of the main image (JPEG SOF, PNG IHDR, TIFF IFD0). */
  width?: number;
  height?: number;
  /** Largest declared area of any image in the file (TIFF pages, sub-IFDs, HEIF items). */
  largestArea?: number;
  /** HEIF: the primary image and how it is coded. */
  heif?: HeifLayout;
}

interface Walk {
  end: number;
  info: StructureInfo;
}

/** Scan this much at the start and the end of every file for signatures (ZIP readers look 64 KiB + 22 from the end). */
export const SCAN_WINDOW = 128 * 1024;
/** Zero padding tolerated after the media ends. */
const MAX_PADDING = 1 << 20;
const CHUNK = 1 << 20;

function ascii(buf: Buffer, start = 0, len = buf.length - start): string {
  return buf.toString('latin1', start, start + len);
}

function printableFourCC(buf: Buffer, start: number): boolean {
  for (let i = start; i < start + 4; i++) {
    const c = buf[i];
    if (c === undefined || c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Validate the container structure of an accepted format. Throws MediaRefusal ('truncated', 'corrupt', 'polyglot').
 */
export async function checkStructure(format: FormatId, r: BlockReader): Promise<StructureInfo> {
  let walk: Walk;
  try {
    switch (format) {
      case 'jpeg':
        walk = await walkJpegFile(r);
        break;
      case 'png':
        walk = await walkPng(r);
        break;
      case 'tiff':
        walk = await walkTiff(r);
        break;
      case 'webp':
        walk = await walkRiff(r, 'WEBP');
        break;
      case 'wav':
        walk = await walkRiff(r, 'WAVE');
        break;
      case 'heif':
        walk = { end: await walkIsobmff(r, 0, 'heif'), info: await heifInfo(r) };
        break;
      case 'isobmff':
        walk = { end: await walkIsobmff(r, 0, 'av'), info: {} };
        break;
      case 'webm':
        walk = { end: await walkEbml(r), info: {} };
        break;
      case 'mp3':
        walk = { end: await walkMp3(r), info: {} };
        break;
      case 'ogg':
        walk = { end: await walkOgg(r), info: {} };
        break;
    }
    await checkTrailer(r, walk.end);
    await scanWindows(r);
  } catch (err) {
    if (err instanceof MediaRefusal) throw err;
    if (err instanceof RangeError) throw refuse.corrupt(); // a header field pointed somewhere impossible
    throw err;
  }
  return walk.info;
}

/** Only zero padding (bounded) may follow the end of the media. */
async function checkTrailer(r: BlockReader, end: number): Promise<void> {
  if (end >= r.size) return;
  if (r.size - end > MAX_PADDING) throw refuse.polyglot();
  const rest = await r.read(end, r.size - end);
  for (const b of rest) if (b !== 0) throw refuse.polyglot();
}

async function scanWindows(r: BlockReader): Promise<void> {
  if (r.size <= 2 * SCAN_WINDOW) {
    if (findSuspicious(await r.read(0, r.size))) throw refuse.polyglot();
    return;
  }
  if (findSuspicious(await r.read(0, SCAN_WINDOW))) throw refuse.polyglot();
  if (findSuspicious(await r.read(r.size - SCAN_WINDOW, SCAN_WINDOW))) throw refuse.polyglot();
}

/** Scan a byte range in chunks (overlapping, so no signature is split). */
async function scanRange(r: BlockReader, start: number, end: number): Promise<void> {
  const overlap = 64;
  for (let pos = start; pos < end; pos += CHUNK - overlap) {
    const chunk = await r.read(pos, Math.min(CHUNK, end - pos));
    if (findSuspicious(chunk)) throw refuse.polyglot();
    if (pos + chunk.length >= end) break;
  }
}

/** Skip zero padding (up to `end`); refuses implausibly long padding. */
async function skipPadding(r: BlockReader, pos: number, end = r.size): Promise<number> {
  const limit = Math.min(end, pos + MAX_PADDING);
  while (pos < limit) {
    const chunk = await r.read(pos, Math.min(64 * 1024, limit - pos));
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0x00) return pos + i;
    }
    pos += chunk.length;
  }
  if (pos < end) throw refuse.polyglot();
  return pos;
}

// ---------------------------------------------------------------------------------------------------------
// JPEG
// ---------------------------------------------------------------------------------------------------------

const SAMSUNG_TRAILER_MAX = 64 * 1024 * 1024;
/**
 * A few stray bytes after the last EOI: some cameras write them (an Olympus D-320L ends with one byte after EOI),
 * libjpeg ignores them, and they are too short to be a file. Scanned like the rest; anything longer is refused.
 */
const JPEG_STRAY_TAIL_MAX = 16;

async function walkJpegFile(r: BlockReader): Promise<Walk> {
  const main = await walkJpeg(r, 0);
  // Samsung phones end the file with a trailer (data blocks and a SEFH directory, then "SEFT"); what precedes it
  // is walked like any other file.
  const samsung = await samsungTrailer(r, main.end);
  const limit = samsung?.start ?? r.size;
  let pos = main.end;
  // Phones legitimately put more after the primary image: further JPEGs indexed by MPF (gain maps, depth maps,
  // previews), a Motion Photo MP4 (Google, Samsung), or Samsung's SEFT trailer. Walk those structurally; anything
  // else after the end of the image is an appended file.
  let embedded = 0;
  while (pos < limit) {
    const h = await r.read(pos, 8);
    if (h.length >= 3 && h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff && embedded < 32) {
      pos = (await walkJpeg(r, pos)).end;
      embedded++;
      continue;
    }
    if (h.length >= 8 && ascii(h, 4, 4) === 'ftyp') {
      pos = await walkIsobmff(r, pos, 'av', limit);
      continue;
    }
    const afterPadding = await skipPadding(r, pos, limit);
    if (afterPadding === pos || afterPadding >= limit) {
      pos = afterPadding;
      break;
    }
    // The zeros may have been the high bytes of an MP4 box size: back up to where an 'ftyp' box would start.
    let next = afterPadding;
    for (let start = Math.max(pos, afterPadding - 3); start <= afterPadding; start++) {
      if (ascii(await r.read(start + 4, 4)) === 'ftyp') {
        next = start;
        break;
      }
    }
    pos = next;
  }
  if (pos < limit && limit - pos <= JPEG_STRAY_TAIL_MAX) {
    await scanRange(r, pos, limit);
    pos = limit;
  }
  if (samsung && pos === samsung.start) {
    await checkSamsungTrailer(r, samsung);
    pos = r.size;
  } else if (pos < r.size && r.size - pos <= SAMSUNG_TRAILER_MAX && ascii(await r.read(r.size - 4, 4)) === 'SEFT') {
    // A Samsung trailer whose directory Kasus cannot follow: accepted if nothing foreign is found in it.
    await scanRange(r, pos, r.size);
    pos = r.size;
  }
  const info: StructureInfo = {};
  if (main.width !== undefined) info.width = main.width;
  if (main.height !== undefined) info.height = main.height;
  return { end: pos, info };
}

interface SamsungTrailer {
  /** Where the trailer's first data block starts. */
  start: number;
  /** Where the SEFH directory starts (it runs to the end of the file, followed by its length and "SEFT"). */
  directory: number;
  blocks: Array<{ start: number; data: number; end: number }>;
}

/** Samsung's SEFT trailer, if the file ends with one whose directory makes sense (as ExifTool reads it). */
async function samsungTrailer(r: BlockReader, imageEnd: number): Promise<SamsungTrailer | undefined> {
  if (r.size - imageEnd < 8 + 12) return undefined;
  const foot = await r.read(r.size - 8, 8);
  if (ascii(foot, 4, 4) !== 'SEFT') return undefined;
  const directoryLength = foot.readUInt32LE(0);
  const directory = r.size - 8 - directoryLength;
  if (directoryLength < 12 || directoryLength > 1 << 20 || directory < imageEnd) return undefined;
  const dir = await r.read(directory, directoryLength);
  if (ascii(dir, 0, 4) !== 'SEFH') return undefined;
  const count = dir.readUInt32LE(8);
  if (12 + 12 * count > directoryLength) return undefined;
  const blocks: SamsungTrailer['blocks'] = [];
  let start = directory;
  for (let i = 0; i < count; i++) {
    const e = 12 + 12 * i;
    const back = dir.readUInt32LE(e + 4); // from the block to the directory
    const size = dir.readUInt32LE(e + 8);
    if (back > directory - imageEnd || size > back || size < 8) return undefined;
    const blockStart = directory - back;
    const head = await r.read(blockStart, 8);
    const nameLength = head.readUInt32LE(4);
    if (8 + nameLength > size) return undefined;
    blocks.push({ start: blockStart, data: blockStart + 8 + nameLength, end: blockStart + size });
    start = Math.min(start, blockStart);
  }
  if (directory - start > SAMSUNG_TRAILER_MAX) return undefined;
  return { start, directory, blocks };
}

/**
 * Blocks holding an MP4 (a Samsung motion photo's video) are walked as MP4; everything else in the trailer (other
 * blocks, the directory, gaps) is scanned for foreign content.
 */
async function checkSamsungTrailer(r: BlockReader, trailer: SamsungTrailer): Promise<void> {
  const videos: Array<{ start: number; end: number }> = [];
  for (const block of trailer.blocks) {
    if (block.end - block.data < 8 || ascii(await r.read(block.data + 4, 4)) !== 'ftyp') continue;
    try {
      videos.push({ start: block.data, end: await walkIsobmff(r, block.data, 'av', block.end) });
    } catch (err) {
      // A damaged video in the trailer is dropped with the rest: scanned like any other block, not a reason to refuse.
      if (!(err instanceof MediaRefusal)) throw err;
    }
  }
  videos.sort((a, b) => a.start - b.start);
  let pos = trailer.start;
  for (const video of videos) {
    if (video.start > pos) await scanRange(r, pos, video.start);
    pos = Math.max(pos, video.end);
  }
  if (pos < r.size) await scanRange(r, pos, r.size);
}

function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

async function walkJpeg(r: BlockReader, start: number): Promise<{ end: number; width?: number; height?: number }> {
  const soi = await r.read(start, 2);
  if (soi.length < 2 || soi[0] !== 0xff || soi[1] !== 0xd8) throw refuse.corrupt();
  let pos = start + 2;
  let width: number | undefined;
  let height: number | undefined;
  let sawScan = false;
  let strayBytes = 0;
  for (let steps = 0; ; steps++) {
    if (steps > 1_000_000) throw refuse.corrupt();
    const h = await r.read(pos, 4);
    if (h.length < 2) throw refuse.truncated();
    if (h[0] !== 0xff) {
      // A few stray bytes before a marker happen in real camera files (libjpeg only warns); more is not JPEG.
      const look = await r.read(pos, 1024);
      const ff = look.indexOf(0xff);
      if (ff === -1) throw pos + look.length >= r.size ? refuse.truncated() : refuse.corrupt();
      strayBytes += ff;
      if (strayBytes > 1024) throw refuse.corrupt();
      pos += ff;
      continue;
    }
    const marker = h[1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      if (!sawScan) throw refuse.corrupt();
      const result: { end: number; width?: number; height?: number } = { end: pos + 2 };
      if (width !== undefined) result.width = width;
      if (height !== undefined) result.height = height;
      return result;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    if (marker === 0x00 || marker === 0xd8) throw refuse.corrupt();
    if (h.length < 4) throw refuse.truncated();
    const len = h.readUInt16BE(2);
    if (len < 2) throw refuse.corrupt();
    const segmentEnd = pos + 2 + len;
    if (segmentEnd > r.size) throw refuse.truncated();
    if (isSof(marker) && width === undefined) {
      const sof = await r.read(pos + 4, 5);
      if (sof.length < 5) throw refuse.truncated();
      height = sof.readUInt16BE(1);
      width = sof.readUInt16BE(3);
    }
    if ((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe) {
      // EXIF, XMP, ICC, comments: where web shells and HTML get smuggled inside an otherwise valid JPEG.
      if (findSuspicious(await r.read(pos + 4, len - 2))) throw refuse.polyglot();
    }
    pos = segmentEnd;
    if (marker === 0xda) {
      sawScan = true;
      pos = await skipEntropyCoded(r, pos);
    }
  }
}

/** Position of the next real marker after entropy-coded data (0xFF00 is stuffing, 0xFFD0–D7 are restarts). */
async function skipEntropyCoded(r: BlockReader, pos: number): Promise<number> {
  for (;;) {
    const chunk = await r.read(pos, CHUNK);
    if (chunk.length === 0) throw refuse.truncated();
    let i = chunk.indexOf(0xff);
    while (i !== -1 && i + 1 < chunk.length) {
      const b = chunk[i + 1]!;
      if (b === 0x00 || (b >= 0xd0 && b <= 0xd7)) {
        i = chunk.indexOf(0xff, i + 2);
      } else if (b === 0xff) {
        i += 1;
      } else {
        return pos + i;
      }
    }
    if (i === -1) {
      pos += chunk.length;
    } else {
      // 0xFF is the last byte we have: look again from there
      if (pos + i + 1 >= r.size) throw refuse.truncated();
      if (i === 0) throw refuse.corrupt(); // cannot happen with a non-trivial chunk; guards the loop
      pos += i;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function walkPng(r: BlockReader): Promise<Walk> {
  const sig = await r.read(0, 8);
  if (!sig.equals(PNG_SIGNATURE)) throw refuse.corrupt();
  let pos = 8;
  const info: StructureInfo = {};
  for (let n = 0; ; n++) {
    if (n > 1_000_000) throw refuse.corrupt();
    const h = await r.read(pos, 16);
    if (h.length < 8) throw refuse.truncated();
    const len = h.readUInt32BE(0);
    const type = ascii(h, 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type) || len > 0x7fffffff) throw refuse.corrupt();
    const chunkEnd = pos + 12 + len;
    if (chunkEnd > r.size) throw refuse.truncated();
    if (n === 0) {
      if (type !== 'IHDR' || h.length < 16) throw refuse.corrupt();
      info.width = h.readUInt32BE(8);
      info.height = h.readUInt32BE(12);
    }
    if (type === 'IEND') return { end: chunkEnd, info };
    // Ancillary chunks (lower-case first letter) other than the big compressed ones can carry text.
    const ancillary = (h[4]! & 0x20) !== 0;
    if (ancillary && type !== 'zTXt' && type !== 'iCCP' && len > 0) {
      if (len <= 2 * SCAN_WINDOW) {
        if (findSuspicious(await r.read(pos + 8, len))) throw refuse.polyglot();
      } else {
        if (findSuspicious(await r.read(pos + 8, SCAN_WINDOW))) throw refuse.polyglot();
        if (findSuspicious(await r.read(pos + 8 + len - SCAN_WINDOW, SCAN_WINDOW))) throw refuse.polyglot();
      }
    }
    pos = chunkEnd;
  }
}

// ---------------------------------------------------------------------------------------------------------
// RIFF (WebP, WAV)
// ---------------------------------------------------------------------------------------------------------

async function walkRiff(r: BlockReader, form: 'WEBP' | 'WAVE'): Promise<Walk> {
  const h = await r.read(0, 12);
  if (h.length < 12) throw refuse.truncated();
  if (ascii(h, 0, 4) !== 'RIFF' || ascii(h, 8, 4) !== form) throw refuse.corrupt();
  const declared = h.readUInt32LE(4);
  // Recorders that stream WAV may leave the sizes unset (0 or 0xFFFFFFFF).
  const streaming = form === 'WAVE' && (declared === 0 || declared === 0xffffffff);
  const riffEnd = streaming ? r.size : 8 + declared;
  if (riffEnd > r.size) throw refuse.truncated();
  let pos = 12;
  let chunks = 0;
  while (pos + 8 <= riffEnd) {
    if (++chunks > 100_000) throw refuse.corrupt();
    const c = await r.read(pos, 8);
    if (!printableFourCC(c, 0)) throw refuse.corrupt();
    const size = c.readUInt32LE(4);
    const chunkEnd = pos + 8 + size + (size & 1);
    if (chunkEnd > riffEnd) {
      const isData = ascii(c, 0, 4) === 'data';
      if (form === 'WAVE' && isData && (streaming || size === 0xffffffff || size === 0)) {
        pos = riffEnd;
        break;
      }
      // The final pad byte of an odd-sized last chunk is often missing.
      if (chunkEnd - 1 === riffEnd && (size & 1) === 1) {
        pos = riffEnd;
        break;
      }
      throw chunkEnd > r.size ? refuse.truncated() : refuse.corrupt();
    }
    pos = chunkEnd;
  }
  // A RIFF size that is off by the final pad byte is common and harmless.
  let end = Math.max(riffEnd, pos);
  if (end === r.size - 1 && (declared & 1) === 1) end = r.size;
  return { end, info: {} };
}

// ---------------------------------------------------------------------------------------------------------
// TIFF (classic and BigTIFF)
// ---------------------------------------------------------------------------------------------------------

const TIFF_TYPE_SIZES: Readonly<Record<number, number>> = {
  1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8,
};
/** Tags whose values point at further IFDs. */
const TIFF_IFD_POINTERS = new Set([330 /* SubIFDs */, 34665 /* Exif */, 34853 /* GPS */, 40965 /* Interop */]);
const MAX_IFDS = 512;
const MAX_ARRAY_BYTES = 16 * 1024 * 1024;

async function walkTiff(r: BlockReader): Promise<Walk> {
  const h = await r.read(0, 16);
  if (h.length < 8) throw refuse.truncated();
  const order = ascii(h, 0, 2);
  if (order !== 'II' && order !== 'MM') throw refuse.corrupt();
  const le = order === 'II';
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const u64 = (b: Buffer, o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
  const magic = u16(h, 2);
  const big = magic === 43;
  if (!big && magic !== 42) throw refuse.corrupt();
  if (big && (h.length < 16 || u16(h, 4) !== 8)) throw refuse.corrupt();
  const countSize = big ? 8 : 2;
  const entrySize = big ? 20 : 12;
  const offsetSize = big ? 8 : 4;
  const readOffset = (b: Buffer, o: number) => (big ? u64(b, o) : u32(b, o));

  let end = big ? 16 : 8;
  const extend = (offset: number, length: number) => {
    if (length <= 0) return;
    if (offset + length > r.size) throw refuse.truncated();
    end = Math.max(end, offset + length);
  };

  const info: StructureInfo = {};
  const queue: number[] = [readOffset(h, big ? 8 : 4)];
  const seen = new Set<number>();

  while (queue.length > 0) {
    const ifd = queue.shift()!;
    if (ifd === 0 || seen.has(ifd)) continue;
    if (seen.size >= MAX_IFDS) throw refuse.corrupt();
    seen.add(ifd);
    const c = await r.read(ifd, countSize);
    if (c.length < countSize) throw refuse.truncated();
    const count = big ? u64(c, 0) : u16(c, 0);
    if (count === 0 || count > 4096) throw refuse.corrupt();
    const tableLength = countSize + count * entrySize + offsetSize;
    extend(ifd, tableLength);
    const table = await r.read(ifd + countSize, count * entrySize + offsetSize);

    let width = 0;
    let height = 0;
    const arrays = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const e = i * entrySize;
      const tag = u16(table, e);
      const type = u16(table, e + 2);
      const n = big ? u64(table, e + 4) : u32(table, e + 4);
      const typeSize = TIFF_TYPE_SIZES[type];
      if (typeSize === undefined) continue; // unknown types are skipped by readers
      const byteLength = n * typeSize;
      const valueAt = e + (big ? 12 : 8);
      const inline = byteLength <= offsetSize;
      const valueOffset = inline ? -1 : readOffset(table, valueAt);
      if (!inline) extend(valueOffset, byteLength);

      const wanted = tag === 256 || tag === 257 || tag === 273 || tag === 279 || tag === 324 || tag === 325 ||
        tag === 513 || tag === 514 || TIFF_IFD_POINTERS.has(tag);
      if (!wanted || n === 0) continue;
      if (byteLength > MAX_ARRAY_BYTES) throw refuse.corrupt();
      const raw = inline ? table.subarray(valueAt, valueAt + byteLength) : await r.read(valueOffset, byteLength);
      if (raw.length < byteLength) throw refuse.truncated();
      const values: number[] = [];
      for (let k = 0; k < n; k++) {
        const o = k * typeSize;
        if (typeSize === 2) values.push(u16(raw, o));
        else if (typeSize === 4) values.push(u32(raw, o));
        else if (typeSize === 8 && (type === 16 || type === 18)) values.push(u64(raw, o));
        else if (typeSize === 1) values.push(raw[o]!);
      }
      if (tag === 256) width = values[0] ?? 0;
      else if (tag === 257) height = values[0] ?? 0;
      else if (TIFF_IFD_POINTERS.has(tag)) queue.push(...values);
      else arrays.set(tag, values);
    }
    for (const [offsetsTag, lengthsTag] of [[273, 279], [324, 325], [513, 514]] as const) {
      const offsets = arrays.get(offsetsTag);
      const lengths = arrays.get(lengthsTag);
      if (!offsets || !lengths) continue;
      for (let k = 0; k < Math.min(offsets.length, lengths.length); k++) extend(offsets[k]!, lengths[k]!);
    }
    if (width > 0 && height > 0) {
      if (info.width === undefined) {
        info.width = width;
        info.height = height;
      }
      info.largestArea = Math.max(info.largestArea ?? 0, width * height);
    }
    const next = readOffset(table, count * entrySize);
    if (next !== 0) queue.push(next);
  }
  if (info.width === undefined) throw refuse.corrupt();
  return { end, info };
}

// ---------------------------------------------------------------------------------------------------------
// ISO base media (MP4, MOV, M4A, HEIF)
// ---------------------------------------------------------------------------------------------------------

/** Walk top-level boxes from `start` up to `limit`; returns where the box structure ends. */
async function walkIsobmff(r: BlockReader, start: number, mode: 'av' | 'heif', limit = r.size): Promise<number> {
  let pos = start;
  let sawMoov = false;
  let sawMdat = false;
  let sawMeta = false;
  const complete = () => (mode === 'av' ? sawMoov : sawMeta);
  for (let n = 0; pos < limit; n++) {
    if (n > 1_000_000) throw refuse.corrupt();
    if (limit - pos < 8) break; // a few stray bytes: judged as trailer
    const h = await r.read(pos, 16);
    let size = h.readUInt32BE(0);
    const type = ascii(h, 4, 4);
    let headerLength = 8;
    if (size === 1) {
      if (h.length < 16) throw refuse.truncated();
      size = Number(h.readBigUInt64BE(8));
      headerLength = 16;
    }
    const validHeader = printableFourCC(h, 4) && (size === 0 || size >= headerLength);
    if (!validHeader) {
      if (complete()) break; // something after a complete movie: judged as trailer
      throw refuse.corrupt();
    }
    const boxEnd = size === 0 ? limit : pos + size;
    if (boxEnd > limit) throw refuse.truncated();
    if (type === 'moov') sawMoov = true;
    else if (type === 'mdat') sawMdat = true;
    else if (type === 'meta') sawMeta = true;
    pos = boxEnd;
  }
  if (!complete()) throw mode === 'av' && sawMdat ? refuse.truncated() : refuse.corrupt();
  return pos;
}

/** The item layout of a HEIF file, for the cleaner (which decodes HEVC and AV1 differently). */
export async function readHeifLayout(r: BlockReader): Promise<HeifLayout> {
  try {
    return (await heifInfo(r)).heif!;
  } catch (err) {
    if (err instanceof RangeError) throw refuse.corrupt();
    throw err;
  }
}

/** The item layout of a HEIF file (its top-level `meta` box), with the primary image's displayed size. */
async function heifInfo(r: BlockReader): Promise<StructureInfo> {
  let pos = 0;
  for (let n = 0; pos + 8 <= r.size && n < 100_000; n++) {
    const h = await r.read(pos, 16);
    let size = h.readUInt32BE(0);
    let header = 8;
    if (size === 1) {
      size = Number(h.readBigUInt64BE(8));
      header = 16;
    } else if (size === 0) {
      size = r.size - pos;
    }
    if (size < header) break;
    if (ascii(h, 4, 4) === 'meta') {
      if (size - header > MAX_META_BYTES) throw refuse.corrupt();
      const meta = await r.read(pos + header, size - header);
      if (meta.length < size - header) throw refuse.truncated();
      const layout = await heifLayout(meta, (at, length) => r.read(at, length));
      return { width: layout.width, height: layout.height, largestArea: layout.largestArea, heif: layout };
    }
    pos += size;
  }
  throw refuse.corrupt();
}

// ---------------------------------------------------------------------------------------------------------
// EBML (WebM)
// ---------------------------------------------------------------------------------------------------------

const EBML_HEADER = 0x1a45dfa3;
const EBML_SEGMENT = 0x18538067;
const EBML_VOID = 0xec;
const EBML_CRC32 = 0xbf;

function vintLength(first: number): number {
  for (let len = 1; len <= 8; len++) if (first & (0x80 >> (len - 1))) return len;
  return 0;
}

async function walkEbml(r: BlockReader): Promise<number> {
  let pos = 0;
  let sawSegment = false;
  for (let n = 0; pos < r.size; n++) {
    if (n > 100_000) throw refuse.corrupt();
    const h = await r.read(pos, 12);
    const idLength = vintLength(h[0] ?? 0);
    const sizeLength = vintLength(h[idLength] ?? 0);
    const valid = idLength >= 1 && idLength <= 4 && sizeLength >= 1 && h.length >= idLength + sizeLength;
    let id = 0;
    if (valid) for (let i = 0; i < idLength; i++) id = id * 256 + h[i]!;
    const known = valid && (id === EBML_HEADER || id === EBML_SEGMENT || id === EBML_VOID || id === EBML_CRC32);
    if (!known) {
      if (sawSegment) break; // trailer
      throw valid || h.length >= 12 ? refuse.corrupt() : refuse.truncated();
    }
    let size = BigInt(h[idLength]! & (0xff >> sizeLength));
    let allOnes = size === BigInt(0xff >> sizeLength);
    for (let i = 1; i < sizeLength; i++) {
      const b = h[idLength + i]!;
      size = size * 256n + BigInt(b);
      if (b !== 0xff) allOnes = false;
    }
    const dataStart = pos + idLength + sizeLength;
    if (allOnes) {
      // Unknown size (live recordings, e.g. browser MediaRecorder): the segment runs to the end of the file.
      if (id !== EBML_SEGMENT) throw refuse.corrupt();
      sawSegment = true;
      pos = r.size;
      break;
    }
    const elementEnd = BigInt(dataStart) + size;
    if (elementEnd > BigInt(r.size)) throw refuse.truncated();
    if (id === EBML_SEGMENT) sawSegment = true;
    pos = Number(elementEnd);
  }
  if (!sawSegment) throw refuse.corrupt();
  return pos;
}

// ---------------------------------------------------------------------------------------------------------
// MP3
// ---------------------------------------------------------------------------------------------------------

const MP3_BITRATES: Readonly<Record<string, readonly number[]>> = {
  // [version][layer] → kbit/s by index 1..14
  '1-1': [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_SAMPLE_RATES: Readonly<Record<number, readonly number[]>> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

/** Length of the MPEG audio frame whose header starts at `o`, or 0 if it is not a valid header. */
function mp3FrameLength(b: Buffer, o: number): number {
  if (o + 4 > b.length || b[o] !== 0xff || (b[o + 1]! & 0xe0) !== 0xe0) return 0;
  const versionBits = (b[o + 1]! >> 3) & 3;
  const layerBits = (b[o + 1]! >> 1) & 3;
  const bitrateIndex = b[o + 2]! >> 4;
  const rateIndex = (b[o + 2]! >> 2) & 3;
  const padding = (b[o + 2]! >> 1) & 1;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return 0;
  const layer = 4 - layerBits;
  const v = versionBits === 3 ? 1 : 2;
  const kbps = MP3_BITRATES[`${v}-${layer}`]![bitrateIndex - 1]!;
  const rate = MP3_SAMPLE_RATES[versionBits]![rateIndex]!;
  if (layer === 1) return (Math.floor((12 * kbps * 1000) / rate) + padding) * 4;
  const factor = layer === 3 && v === 2 ? 72 : 144;
  return Math.floor((factor * kbps * 1000) / rate) + padding;
}

function syncsafe(b: Buffer, o: number): number {
  return ((b[o]! & 0x7f) << 21) | ((b[o + 1]! & 0x7f) << 14) | ((b[o + 2]! & 0x7f) << 7) | (b[o + 3]! & 0x7f);
}

async function walkMp3(r: BlockReader): Promise<number> {
  let pos = 0;
  // ID3v2 tags at the start (there may be several)
  for (;;) {
    const h = await r.read(pos, 10);
    if (h.length < 10 || ascii(h, 0, 3) !== 'ID3') break;
    const size = 10 + syncsafe(h, 6) + (h[5]! & 0x10 ? 10 : 0);
    if (pos + size > r.size) throw refuse.truncated();
    pos += size;
  }
  // Tags at the end: ID3v1, APEv2, Lyrics3v2, appended ID3v2.4
  let audioEnd = r.size;
  for (let guard = 0; guard < 8; guard++) {
    const before = audioEnd;
    if (audioEnd - pos >= 128 && ascii(await r.read(audioEnd - 128, 3)) === 'TAG') audioEnd -= 128;
    if (audioEnd - pos >= 32) {
      const f = await r.read(audioEnd - 32, 32);
      if (ascii(f, 0, 8) === 'APETAGEX') {
        const size = f.readUInt32LE(12);
        const hasHeader = (f.readUInt32LE(20) & 0x80000000) !== 0;
        audioEnd -= size + (hasHeader ? 32 : 0);
      }
    }
    if (audioEnd - pos >= 15) {
      const l = await r.read(audioEnd - 15, 15);
      if (ascii(l, 6, 9) === 'LYRICS200') {
        const size = Number.parseInt(ascii(l, 0, 6), 10);
        if (Number.isFinite(size)) audioEnd -= size + 15;
      }
    }
    if (audioEnd - pos >= 10) {
      const f = await r.read(audioEnd - 10, 10);
      if (ascii(f, 0, 3) === '3DI') audioEnd -= 20 + syncsafe(f, 6);
    }
    if (audioEnd < pos) throw refuse.corrupt();
    if (audioEnd === before) break;
  }

  // Frames are walked at the start and in the tail window only: enough to prove it is MPEG audio and to find where
  // the audio really ends, without reading hours of audio in the request path.
  const head = await walkMp3Frames(r, pos, Math.min(audioEnd, pos + SCAN_WINDOW));
  if (head.frames === 0) throw refuse.corrupt();
  pos = head.pos;
  if (audioEnd - pos > SCAN_WINDOW) {
    const resynced = await mp3Resync(r, audioEnd - SCAN_WINDOW, audioEnd);
    if (resynced === -1) throw refuse.polyglot(); // the end of the file is not MPEG audio
    pos = resynced;
  }
  pos = (await walkMp3Frames(r, pos, audioEnd)).pos;
  if (pos >= audioEnd) return r.size; // a cut last frame is tolerated: players and the remux drop it
  // Audio ended before the tags: whatever sits in between must be padding.
  if (audioEnd < r.size) {
    const gap = await r.read(pos, Math.min(audioEnd - pos, MAX_PADDING + 1));
    if (audioEnd - pos > MAX_PADDING || gap.some((b) => b !== 0)) throw refuse.polyglot();
    return r.size;
  }
  return pos;
}

/** Walk MPEG audio frames from `pos` until `until` (or the first place that is not a frame). */
async function walkMp3Frames(r: BlockReader, pos: number, until: number): Promise<{ pos: number; frames: number }> {
  let frames = 0;
  while (pos < until) {
    const h = await r.read(pos, 4);
    const length = mp3FrameLength(h, 0);
    if (length > 0) {
      pos += length;
      frames++;
      continue;
    }
    // Junk between frames happens (editors, broken streams): resync on chained frame headers.
    const resynced = await mp3Resync(r, pos, until);
    if (resynced === -1) break;
    pos = resynced;
  }
  return { pos, frames };
}

/** First position in [pos, pos + 64 KiB) where three frame headers chain (or a chain runs into `audioEnd`). */
async function mp3Resync(r: BlockReader, pos: number, audioEnd: number): Promise<number> {
  const window = await r.read(pos, Math.min(64 * 1024, audioEnd - pos));
  candidates: for (let i = window.indexOf(0xff); i !== -1; i = window.indexOf(0xff, i + 1)) {
    let at = pos + i;
    for (let chained = 0; chained < 3; chained++) {
      const length = mp3FrameLength(await r.read(at, 4), 0);
      if (length === 0) continue candidates;
      at += length;
      if (at >= audioEnd) break;
    }
    return pos + i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------
// Ogg
// ---------------------------------------------------------------------------------------------------------

async function walkOgg(r: BlockReader): Promise<number> {
  // Pages are walked at the start and in the tail window only (see walkMp3).
  const head = await walkOggPages(r, 0, Math.min(r.size, SCAN_WINDOW));
  if (head.pages === 0) throw refuse.corrupt();
  let pos = head.pos;
  if (r.size - pos > SCAN_WINDOW) {
    pos = await oggResync(r, r.size - SCAN_WINDOW);
    if (pos === -1) throw refuse.polyglot(); // the end of the file is not Ogg pages
  }
  return (await walkOggPages(r, pos, r.size)).pos;
}

/** Length of the Ogg page at `pos` (undefined if there is no page header there; Infinity if it runs past the end). */
async function oggPageLength(r: BlockReader, pos: number): Promise<number | undefined> {
  const h = await r.read(pos, 27);
  if (h.length < 27 || ascii(h, 0, 4) !== 'OggS' || h[4] !== 0) return undefined;
  const segments = h[26]!;
  const table = await r.read(pos + 27, segments);
  if (table.length < segments) return Infinity;
  let body = 0;
  for (const s of table) body += s;
  const length = 27 + segments + body;
  return pos + length > r.size ? Infinity : length;
}

async function walkOggPages(r: BlockReader, pos: number, until: number): Promise<{ pos: number; pages: number }> {
  let pages = 0;
  while (pos < until) {
    const length = await oggPageLength(r, pos);
    if (length === undefined) break; // trailer
    pages++;
    if (length === Infinity) return { pos: r.size, pages }; // a cut last page is tolerated
    pos += length;
  }
  return { pos, pages };
}

/** First page in [pos, end) that starts a chain of two pages (or one that runs to the end of the file). */
async function oggResync(r: BlockReader, pos: number): Promise<number> {
  const window = await r.read(pos, r.size - pos);
  const capture = Buffer.from('OggS', 'latin1');
  for (let i = window.indexOf(capture); i !== -1; i = window.indexOf(capture, i + 1)) {
    const length = await oggPageLength(r, pos + i);
    if (length === undefined) continue;
    if (length === Infinity || pos + i + length === r.size) return pos + i;
    if ((await oggPageLength(r, pos + i + length)) !== undefined) return pos + i;
  }
  return -1;
}
