/**
 * Test support for the sanitizer tests (not used by production code): every piece of media is generated into a temp
 * directory with sharp, ffmpeg and exiftool, so no binary fixtures are committed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { MediaRefusal } from './types.js';

export interface Exec {
  stdout: string;
  stderr: string;
}

export function exec(command: string, args: readonly string[]): Promise<Exec> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve({ stdout, stderr });
    });
  });
}

export async function tempDir(): Promise<{ dir: string; path: (name: string) => string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kasus-sanitize-'));
  return { dir, path: (name) => join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Deterministic "photo-like" pixels: gradients plus pseudo-random noise, so encoders produce realistic data. */
export function noisePixels(width: number, height: number, seed = 1): Buffer {
  const data = Buffer.alloc(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      const i = (y * width + x) * 3;
      data[i] = ((x * 255) / width + (s & 0x3f)) & 0xff;
      data[i + 1] = ((y * 255) / height + ((s >> 8) & 0x3f)) & 0xff;
      data[i + 2] = (128 + ((s >> 16) & 0x7f)) & 0xff;
    }
  }
  return data;
}

export function rawImage(width: number, height: number, seed = 1) {
  return sharp(noisePixels(width, height, seed), { raw: { width, height, channels: 3 } });
}

/** The device metadata exiftool plants; none of these values may appear in any cleaned file or derivative. */
export const PLANTED_VALUES = [
  'Canon', 'EOS-Secret', 'Dr Anna', 'patient-keyword', 'secret-comment', 'SERIAL-998877', '998877', 'Ward7',
  'DrArtist', 'CameraFW', 'Samsung', 'SM-G991B', 'Secret Title', 'GPS-Secret', '+59.3', '59 deg', '18 deg',
  '2024:01:02', '2024-01-02',
] as const;

export async function plantImageMetadata(path: string, thumbnail?: string, workDir?: string): Promise<void> {
  const args = [
    '-q', '-q', '-overwrite_original', '-m',
    '-Make=Canon', '-Model=EOS-Secret',
    '-GPSLatitude=59.3', '-GPSLatitudeRef=N', '-GPSLongitude=18.0', '-GPSLongitudeRef=E',
    '-XMP:Creator=Dr Anna', '-IPTC:Keywords=patient-keyword', '-XMP:Location=Ward7',
    '-SerialNumber=998877', '-Artist=DrArtist', '-Software=CameraFW', '-DateTimeOriginal=2024:01:02 03:04:05',
  ];
  if (path.endsWith('.jpg')) args.push('-Comment=secret-comment');
  if (path.endsWith('.png')) args.push('-PNG:Comment=secret-comment');
  if (workDir !== undefined && (path.endsWith('.jpg') || path.endsWith('.tif'))) {
    const makerNotes = join(workDir, `makernotes-${Date.now()}-${Math.random()}.bin`);
    await writeFile(makerNotes, Buffer.from('Nikon\0\x02\x10\0\0SERIAL-998877 OwnerName DrOwner', 'latin1'));
    args.push(`-MakerNotes<=${makerNotes}`);
  }
  if (thumbnail !== undefined) args.push(`-ThumbnailImage<=${thumbnail}`);
  await exec('exiftool', [...args, path]);
}

export async function exiftoolJson(path: string): Promise<Record<string, unknown>> {
  const { stdout } = await exec('exiftool', ['-j', '-G1', '-a', '-u', path]);
  const parsed = JSON.parse(stdout) as Array<Record<string, unknown>>;
  return parsed[0] ?? {};
}

export interface ProbeJson {
  format: { format_name?: string; duration?: string; tags?: Record<string, string> };
  streams: Array<{
    index: number;
    codec_type?: string;
    codec_name?: string;
    codec_tag_string?: string;
    pix_fmt?: string;
    color_transfer?: string;
    color_primaries?: string;
    width?: number;
    height?: number;
    tags?: Record<string, string>;
    disposition?: Record<string, number>;
    side_data_list?: Array<{ rotation?: number }>;
  }>;
}

export async function ffprobeJson(path: string): Promise<ProbeJson> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path]);
  return JSON.parse(stdout) as ProbeJson;
}

export async function ffmpeg(args: readonly string[]): Promise<void> {
  await exec('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
}

/** ffmpeg -metadata options that plant device-like container and stream metadata. */
export const AV_METADATA_ARGS: readonly string[] = [
  '-metadata', 'title=Secret Title',
  '-metadata', 'location=+59.3000+018.0000/',
  '-metadata', 'creation_time=2024-01-02T03:04:05Z',
  '-metadata', 'make=Samsung',
  '-metadata', 'model=SM-G991B',
  '-metadata', 'comment=secret-comment',
  '-metadata', 'artist=Dr Anna',
];
export const AV_STREAM_METADATA_ARGS: readonly string[] = [
  '-metadata:s:v:0', 'handler_name=Samsung Video',
  '-metadata:s:v:0', 'creation_time=2024-01-02T03:04:05Z',
  '-metadata:s:a:0', 'handler_name=Samsung Audio',
];

const EXIFTOOL_FORBIDDEN_KEYS: readonly RegExp[] = [
  /GPS/i,
  /(^|:)Make$/,
  /(^|:)Model$/,
  /Serial/i,
  /Creator/,
  /Keywords/,
  /Comment/,
  /MakerNote/i,
  /Orientation/,
  /Thumbnail(Image|Offset)|PreviewImage/,
  /^ICC/,
  /^XMP/,
  /^IPTC/,
  /^Photoshop/,
  /Artist/,
  /Software/,
  /DateTimeOriginal/,
  /(^|:)Title$/,
  /Location/i,
  /^(Keys|UserData|ItemList):/,
  /^IFD1:/,
  /^ExifIFD:/,
];

/**
 * Device metadata exiftool still finds in a file: forbidden tag names, planted values, non-zero dates, and handler
 * names other than ffmpeg's generic ones. Empty means clean.
 */
export function exiftoolLeaks(tags: Record<string, unknown>, allowedKeys: readonly RegExp[] = []): string[] {
  const leaks: string[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (key.startsWith('System:') || key.startsWith('ExifTool:') || key === 'SourceFile') continue;
    if (allowedKeys.some((re) => re.test(key))) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (EXIFTOOL_FORBIDDEN_KEYS.some((re) => re.test(key))) leaks.push(`${key}=${text}`);
    else if (PLANTED_VALUES.some((v) => text.includes(v))) leaks.push(`${key}=${text}`);
    else if (/(CreateDate|ModifyDate)$/.test(key) && text !== '0000:00:00 00:00:00') leaks.push(`${key}=${text}`);
    else if (/HandlerDescription$/.test(key) && text !== 'VideoHandler' && text !== 'SoundHandler') leaks.push(`${key}=${text}`);
  }
  return leaks;
}

/** Container/stream tags ffprobe still sees, beyond ffmpeg's own boilerplate. */
export function ffprobeLeaks(probe: ProbeJson): string[] {
  const allowedFormat = new Set(['major_brand', 'minor_version', 'compatible_brands', 'encoder']);
  const allowedStream = new Set(['language', 'handler_name', 'vendor_id', 'DURATION']);
  const leaks: string[] = [];
  for (const [k, v] of Object.entries(probe.format.tags ?? {})) {
    if (!allowedFormat.has(k) || (k === 'encoder' && v !== 'Lavf')) leaks.push(`format:${k}=${v}`);
  }
  for (const s of probe.streams) {
    for (const [k, v] of Object.entries(s.tags ?? {})) {
      if (k === 'encoder' && /^Lavc [\w-]+$/.test(v)) continue; // the encoder we used ourselves, e.g. "Lavc libx264"
      if (!allowedStream.has(k)) leaks.push(`stream${s.index}:${k}=${v}`);
      else if (k === 'handler_name' && v !== 'VideoHandler' && v !== 'SoundHandler') leaks.push(`stream${s.index}:${k}=${v}`);
    }
  }
  return leaks;
}

/** Raw-byte check: planted strings (and encoder banners in SEI) that tools might not report. */
export async function rawLeaks(path: string, extra: readonly string[] = []): Promise<string[]> {
  const bytes = await readFile(path);
  return [...PLANTED_VALUES, 'x264 - core', 'OwnerName', ...extra].filter((v) => bytes.includes(Buffer.from(v, 'latin1')));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 0);
  return Buffer.concat([head, data, crc]);
}

let crcTable: Uint32Array | undefined;
function crc32(buf: Buffer): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A tiny PNG that declares width × height (a decompression bomb by declared size). */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal but real ZIP archive (one stored file). */
export function zipArchive(name = 'payload.txt', content = 'hello from the zip'): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const localPart = Buffer.concat([local, fileName, data]);
  const centralPart = Buffer.concat([central, fileName]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

/** Insert a JPEG segment (e.g. COM 0xFE) right after SOI. */
export function withJpegSegment(jpeg: Buffer, marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}

/** Insert a PNG chunk right before IEND. */
export function withPngChunkBeforeEnd(png: Buffer, type: string, data: Buffer): Buffer {
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), pngChunk(type, data), png.subarray(iend)]);
}

/** xorshift bytes with a fixed seed (reproducible "random" content). */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s & 0xff;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// HEIF/HEIC: encoded with heif-enc (Debian libheif-examples, x265), then edited box by box
// ---------------------------------------------------------------------------------------------------------

/**
 * Encode PNG/JPEG inputs into one HEIC (the first is the primary image); `thumbnail` adds a thumbnail item, `alpha`
 * keeps a PNG's transparency as an auxiliary alpha image.
 */
export async function heifEnc(
  inputs: readonly string[],
  out: string,
  options: { thumbnail?: number; alpha?: boolean; quality?: number } = {},
): Promise<void> {
  const args = [...(options.alpha ? [] : ['--no-alpha']), '-q', String(options.quality ?? 85), '-o', out];
  if (options.thumbnail !== undefined) args.push('-t', String(options.thumbnail));
  await exec('heif-enc', [...args, ...inputs]);
}

interface IsoBox {
  type: string;
  start: number;
  /** Header length (8, or 16 for a 64-bit size). */
  header: number;
  end: number;
}

function isoBoxes(buf: Buffer, from: number, to: number): IsoBox[] {
  const out: IsoBox[] = [];
  for (let pos = from; pos + 8 <= to; ) {
    let size = buf.readUInt32BE(pos);
    let header = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (size === 0) {
      size = to - pos;
    }
    out.push({ type: buf.toString('latin1', pos + 4, pos + 8), start: pos, header, end: pos + size });
    pos += size;
  }
  return out;
}

function isoBox(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function heifMeta(file: Buffer): { meta: IsoBox; children: IsoBox[] } {
  const meta = isoBoxes(file, 0, file.length).find((b) => b.type === 'meta');
  if (!meta) throw new Error('no meta box');
  return { meta, children: isoBoxes(file, meta.start + meta.header + 4, meta.end) };
}

/** Item ids and types (infe version 2) and the primary item id. */
export function heifItems(file: Buffer): { primary: number; items: Array<{ id: number; type: string }> } {
  const { children } = heifMeta(file);
  const pitm = children.find((b) => b.type === 'pitm')!;
  const primary = file[pitm.start + 8] === 0 ? file.readUInt16BE(pitm.start + 12) : file.readUInt32BE(pitm.start + 12);
  const iinf = children.find((b) => b.type === 'iinf')!;
  const countSize = file[iinf.start + 8] === 0 ? 2 : 4;
  const items = isoBoxes(file, iinf.start + 12 + countSize, iinf.end).map((infe) => ({
    id: file.readUInt16BE(infe.start + 12),
    type: file.toString('latin1', infe.start + 16, infe.start + 20),
  }));
  return { primary, items };
}

/** Point `pitm` at another item (same size, patched in place). */
export function heifWithPrimary(file: Buffer, id: number): Buffer {
  const out = Buffer.from(file);
  const pitm = heifMeta(out).children.find((b) => b.type === 'pitm')!;
  if (out[pitm.start + 8] === 0) out.writeUInt16BE(id, pitm.start + 12);
  else out.writeUInt32BE(id, pitm.start + 12);
  return out;
}

/** Change an item's type in `iinf` (same size, patched in place). */
export function heifWithItemType(file: Buffer, id: number, type: string): Buffer {
  const out = Buffer.from(file);
  const iinf = heifMeta(out).children.find((b) => b.type === 'iinf')!;
  const countSize = out[iinf.start + 8] === 0 ? 2 : 4;
  for (const infe of isoBoxes(out, iinf.start + 12 + countSize, iinf.end)) {
    if (out.readUInt16BE(infe.start + 12) === id) out.write(type, infe.start + 16, 'latin1');
  }
  return out;
}

/** Overwrite the width and height of every `ispe` property (a bomb by declared size). */
export function heifWithExtent(file: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(file);
  const iprp = heifMeta(out).children.find((b) => b.type === 'iprp')!;
  const ipco = isoBoxes(out, iprp.start + 8, iprp.end).find((b) => b.type === 'ipco')!;
  for (const prop of isoBoxes(out, ipco.start + 8, ipco.end)) {
    if (prop.type !== 'ispe') continue;
    out.writeUInt32BE(width, prop.start + 12);
    out.writeUInt32BE(height, prop.start + 16);
  }
  return out;
}

/**
 * Add HEIF transformation properties to an item: `irot` (angle × 90° anticlockwise) and/or `imir` (axis 0: mirror
 * top–bottom about a horizontal axis, 1: left–right about a vertical axis). The meta box grows, so the file offsets in
 * `iloc` that point past it are moved along.
 */
export function heifWithTransform(file: Buffer, id: number, transform: { irot?: 0 | 1 | 2 | 3; imir?: 0 | 1 }): Buffer {
  const added: Buffer[] = [];
  if (transform.irot !== undefined) added.push(isoBox('irot', Buffer.from([transform.irot])));
  if (transform.imir !== undefined) added.push(isoBox('imir', Buffer.from([transform.imir])));
  return heifWithProperties(file, id, added);
}

/** An `nclx` colour property (colour primaries, transfer, matrix coefficients, full range) for heifWithProperties. */
export function nclxColour(primaries: number, transfer = 13, matrix = 6, fullRange = true): Buffer {
  const body = Buffer.alloc(11);
  body.write('nclx', 0, 'latin1');
  body.writeUInt16BE(primaries, 4);
  body.writeUInt16BE(transfer, 6);
  body.writeUInt16BE(matrix, 8);
  body[10] = fullRange ? 0x80 : 0;
  return isoBox('colr', body);
}

/** Add item properties (whole boxes) to an item, moving the file offsets in `iloc` that point past the meta box. */
export function heifWithProperties(file: Buffer, id: number, added: readonly Buffer[]): Buffer {
  const { meta, children } = heifMeta(file);
  const metaPayloadStart = meta.start + meta.header;
  const rebuilt: Buffer[] = [file.subarray(metaPayloadStart, metaPayloadStart + 4)];
  for (const child of children) {
    if (child.type !== 'iprp') {
      rebuilt.push(file.subarray(child.start, child.end));
      continue;
    }
    const parts = isoBoxes(file, child.start + 8, child.end);
    const ipco = parts.find((b) => b.type === 'ipco')!;
    const existing = isoBoxes(file, ipco.start + 8, ipco.end).length;
    const newIpco = isoBox('ipco', file.subarray(ipco.start + 8, ipco.end), ...added);
    const ipma = parts.find((b) => b.type === 'ipma')!;
    const version = file[ipma.start + 8]!;
    const large = (file.readUInt32BE(ipma.start + 8) & 1) === 1;
    const count = file.readUInt32BE(ipma.start + 12);
    const entries: Buffer[] = [];
    let pos = ipma.start + 16;
    for (let i = 0; i < count; i++) {
      const itemId = version < 1 ? file.readUInt16BE(pos) : file.readUInt32BE(pos);
      const idBytes = file.subarray(pos, pos + (version < 1 ? 2 : 4));
      pos += idBytes.length;
      const n = file[pos++]!;
      const assoc = file.subarray(pos, pos + n * (large ? 2 : 1));
      pos += assoc.length;
      const extra: number[] = [];
      if (itemId === id) {
        for (let k = 0; k < added.length; k++) {
          const index = existing + 1 + k;
          if (large) extra.push(0x80 | (index >> 8), index & 0xff);
          else extra.push(0x80 | index);
        }
      }
      entries.push(idBytes, Buffer.from([n + added.length * (itemId === id ? 1 : 0)]), assoc, Buffer.from(extra));
    }
    const newIpma = isoBox('ipma', file.subarray(ipma.start + 8, ipma.start + 16), ...entries);
    const rest = parts.filter((b) => b.type !== 'ipco' && b.type !== 'ipma').map((b) => file.subarray(b.start, b.end));
    rebuilt.push(isoBox('iprp', newIpco, newIpma, ...rest));
  }
  const newMeta = isoBox('meta', ...rebuilt);
  const delta = newMeta.length - (meta.end - meta.start);
  const out = Buffer.concat([file.subarray(0, meta.start), newMeta, file.subarray(meta.end)]);
  // move iloc file offsets (construction method 0) that point past the old meta box
  const iloc = heifMeta(out).children.find((b) => b.type === 'iloc')!;
  let p = iloc.start + 8;
  const ilocVersion = out[p]!;
  p += 4;
  const offsetSize = out[p]! >> 4;
  const baseSize = out[p + 1]! >> 4;
  const indexSize = ilocVersion >= 1 ? out[p + 1]! & 0x0f : 0;
  const lengthSize = out[p]! & 0x0f;
  p += 2;
  const itemCount = ilocVersion < 2 ? out.readUInt16BE(p) : out.readUInt32BE(p);
  p += ilocVersion < 2 ? 2 : 4;
  const readN = (at: number, n: number) => (n === 0 ? 0 : n === 4 ? out.readUInt32BE(at) : n === 8 ? Number(out.readBigUInt64BE(at)) : out.readUInt16BE(at));
  const writeN = (at: number, n: number, v: number) => {
    if (n === 4) out.writeUInt32BE(v, at);
    else if (n === 8) out.writeBigUInt64BE(BigInt(v), at);
    else if (n === 2) out.writeUInt16BE(v, at);
  };
  for (let i = 0; i < itemCount; i++) {
    p += ilocVersion < 2 ? 2 : 4;
    const method = ilocVersion >= 1 ? out.readUInt16BE(p) & 0x0f : 0;
    if (ilocVersion >= 1) p += 2;
    p += 2; // data reference index
    const base = readN(p, baseSize);
    const basePos = p;
    p += baseSize;
    const extents = out.readUInt16BE(p);
    p += 2;
    if (method === 0 && baseSize > 0 && base >= meta.end) writeN(basePos, baseSize, base + delta);
    for (let k = 0; k < extents; k++) {
      p += indexSize;
      const offset = readN(p, offsetSize);
      if (method === 0 && (baseSize === 0 || base === 0) && offset >= meta.end) writeN(p, offsetSize, offset + delta);
      p += offsetSize + lengthSize;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Camera structures in and after JPEG: MPF, Photoshop resources, Samsung trailers, motion photos
// ---------------------------------------------------------------------------------------------------------

/** Insert a JPEG segment right after the first APPn segments (where cameras put MPF, after EXIF). */
export function withJpegSegmentAfterApp(jpeg: Buffer, marker: number, payload: Buffer): Buffer {
  let pos = 2;
  while (jpeg[pos] === 0xff && jpeg[pos + 1]! >= 0xe0 && jpeg[pos + 1]! <= 0xef) pos += 2 + jpeg.readUInt16BE(pos + 2);
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, pos), head, payload, jpeg.subarray(pos)]);
}

/**
 * A Multi-Picture Format file (CIPA DC-007), as phones write for gain maps, depth maps and large previews: the
 * primary JPEG carries an APP2 "MPF" index (a TIFF IFD with MPEntry records) and the other JPEGs follow its EOI.
 */
export function mpfFile(primary: Buffer, others: readonly Buffer[]): Buffer {
  const count = others.length + 1;
  const ifdEntries = 3;
  const ifdSize = 2 + ifdEntries * 12 + 4;
  const entriesOffset = 8 + ifdSize; // from the TIFF header
  const tiff = Buffer.alloc(entriesOffset + 16 * count);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(ifdEntries, 8);
  const entry = (i: number, tag: number, type: number, n: number, value: Buffer | number) => {
    const at = 10 + i * 12;
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(n, at + 4);
    if (typeof value === 'number') tiff.writeUInt32BE(value, at + 8);
    else value.copy(tiff, at + 8);
  };
  entry(0, 0xb000, 7, 4, Buffer.from('0100', 'latin1')); // MPFVersion
  entry(1, 0xb001, 4, 1, count); // NumberOfImages
  entry(2, 0xb002, 7, 16 * count, entriesOffset); // MPEntry
  const payload = Buffer.concat([Buffer.from('MPF\0', 'latin1'), tiff]);
  const withIndex = withJpegSegmentAfterApp(primary, 0xe2, payload);
  // the TIFF header's position in the file: offsets of the other images count from there
  const tiffAt = withIndex.indexOf(Buffer.from('MPF\0', 'latin1')) + 4;
  const write = (i: number, attribute: number, size: number, offset: number) => {
    const at = tiffAt + entriesOffset + i * 16;
    withIndex.writeUInt32BE(attribute, at);
    withIndex.writeUInt32BE(size, at + 4);
    withIndex.writeUInt32BE(offset, at + 8);
  };
  write(0, 0x20030000, withIndex.length, 0); // representative baseline primary image
  let next = withIndex.length;
  others.forEach((other, k) => {
    write(k + 1, 0x00010001, other.length, next - tiffAt); // large thumbnail (class 1)
    next += other.length;
  });
  return Buffer.concat([withIndex, ...others]);
}

/** A Photoshop APP13 payload ("Photoshop 3.0" image resource blocks). */
export function photoshopResources(resources: ReadonlyArray<{ id: number; data: Buffer }>): Buffer {
  const parts: Buffer[] = [Buffer.from('Photoshop 3.0\0', 'latin1')];
  for (const { id, data } of resources) {
    const head = Buffer.alloc(12);
    head.write('8BIM', 0, 'latin1');
    head.writeUInt16BE(id, 4);
    // empty Pascal name (2 bytes, padded), then the size
    head.writeUInt32BE(data.length, 8);
    parts.push(head, data, Buffer.alloc(data.length % 2));
  }
  return Buffer.concat(parts);
}

/**
 * A Samsung trailer (as Galaxy phones append after EOI): data blocks, then the SEFH directory pointing back at them
 * (negative offsets), its length, and "SEFT". A Samsung motion photo keeps its MP4 in a "MotionPhoto_Data" block.
 */
export function samsungTrailer(blocks: ReadonlyArray<{ type: number; name: string; data: Buffer }>): Buffer {
  const encoded = blocks.map(({ type, name, data }) => {
    const head = Buffer.alloc(8);
    head.writeUInt16LE(type, 2);
    head.writeUInt32LE(name.length, 4);
    return Buffer.concat([head, Buffer.from(name, 'latin1'), data]);
  });
  const dataLength = encoded.reduce((n, b) => n + b.length, 0);
  const dir = Buffer.alloc(12 + 12 * blocks.length);
  dir.write('SEFH', 0, 'latin1');
  dir.writeUInt32LE(107, 4);
  dir.writeUInt32LE(blocks.length, 8);
  let at = 0;
  encoded.forEach((block, i) => {
    const e = 12 + 12 * i;
    dir.writeUInt16LE(blocks[i]!.type, e + 2);
    dir.writeUInt32LE(dataLength - at, e + 4); // from the block back to SEFH
    dir.writeUInt32LE(block.length, e + 8);
    at += block.length;
  });
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(dir.length, 0);
  tail.write('SEFT', 4, 'latin1');
  return Buffer.concat([...encoded, dir, tail]);
}

/** An XMP packet for a Google motion photo: the MP4 of `videoLength` bytes follows the image. */
export function motionPhotoXmp(videoLength: number): string {
  return `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:GCamera="http://ns.google.com/photos/1.0/camera/"
    xmlns:Container="http://ns.google.com/photos/1.0/container/"
    xmlns:Item="http://ns.google.com/photos/1.0/container/item/"
    GCamera:MotionPhoto="1" GCamera:MotionPhotoVersion="1" GCamera:MotionPhotoPresentationTimestampUs="500000"
    GCamera:MicroVideo="1" GCamera:MicroVideoVersion="1" GCamera:MicroVideoOffset="${videoLength}">
   <Container:Directory>
    <rdf:Seq>
     <rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="image/jpeg" Item:Semantic="Primary" Item:Length="0" Item:Padding="0"/></rdf:li>
     <rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="video/mp4" Item:Semantic="MotionPhoto" Item:Length="${videoLength}" Item:Padding="0"/></rdf:li>
    </rdf:Seq>
   </Container:Directory>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The refusal a cleaning or inspection ends in; fails the test when it ends otherwise. */
export async function refusalOf(promise: Promise<unknown>): Promise<MediaRefusal> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MediaRefusal) return err;
    throw new Error(`expected a MediaRefusal, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a MediaRefusal, but the file was accepted');
}
