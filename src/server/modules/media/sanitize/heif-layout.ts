/**
 * The item layout of a HEIF/HEIC file, read from its `meta` box without decoding anything: which item is the
 * primary image (`pitm`), how it is coded (HEVC, AV1, a grid of tiles), its declared size as displayed (`ispe`,
 * clean aperture, `irot`), and the largest pixel area any item declares (every `ispe`, every grid and overlay
 * canvas), so a decompression bomb is refused before a decoder allocates anything.
 *
 * Multi-image files (bursts, depth and gain maps, thumbnails, alpha planes) are judged by every item, but only the
 * primary image is decoded and kept.
 */
import { refuse } from './types.js';

/** A meta box larger than this is not a photo's item table. */
export const MAX_META_BYTES = 16 * 1024 * 1024;
/** Grid descriptors and overlay canvases are tiny; anything larger is not one. */
const MAX_DESCRIPTOR_BYTES = 64;
/** Grid and overlay images in one file (a phone writes one or two; a burst a few dozen). */
const MAX_DERIVED_IMAGES = 4096;

export type HeifCoding = 'hevc' | 'av1' | 'other';

export interface HeifLayout {
  primaryId: number;
  /** Item type of the primary image: 'hvc1', 'av01', 'grid', 'iovl', 'iden', … */
  primaryType: string;
  /** How the primary image's pixels are coded (for a grid or overlay: its tiles; mixed or unknown: 'other'). */
  coding: HeifCoding;
  /** Declared size of the primary image as displayed (clean aperture and a 90°/270° rotation applied). */
  width: number;
  height: number;
  /** Largest pixel area declared by any item: image extents, grid outputs and overlay canvases. */
  largestArea: number;
  /**
   * Colour of the primary image: an ICC profile (`colr` of type `prof`/`rICC`, as iPhones write Display P3), or the
   * colour primaries of an `nclx` colour (1: BT.709/sRGB, 12: Display P3, 9: BT.2020).
   */
  colour?: { icc: Buffer } | { primaries: number };
}

/** Reads `length` bytes at an absolute file offset (for grid descriptors stored in `mdat`). */
export type ReadAt = (pos: number, length: number) => Promise<Buffer>;

interface Box {
  type: string;
  /** Start of the payload (after size and type; full-box version/flags are part of the payload). */
  payload: number;
  end: number;
}

function boxes(buf: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  let pos = from;
  while (pos < to) {
    if (to - pos < 8) throw refuse.corrupt();
    let size = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let header = 8;
    if (size === 1) {
      if (to - pos < 16) throw refuse.corrupt();
      const big = buf.readBigUInt64BE(pos + 8);
      if (big > BigInt(to - pos)) throw refuse.corrupt();
      size = Number(big);
      header = 16;
    } else if (size === 0) {
      size = to - pos;
    }
    if (size < header || pos + size > to) throw refuse.corrupt();
    out.push({ type, payload: pos + header, end: pos + size });
    pos += size;
  }
  return out;
}

/** Reads unsigned big-endian integers from a box payload, refusing reads past its end. */
class Cursor {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
    private readonly end: number,
  ) {}

  uint(bytes: number): number {
    if (bytes === 0) return 0;
    if (this.pos + bytes > this.end) throw refuse.corrupt();
    let value = 0;
    for (let i = 0; i < bytes; i++) value = value * 256 + this.buf[this.pos + i]!;
    this.pos += bytes;
    if (!Number.isSafeInteger(value)) throw refuse.corrupt();
    return value;
  }

  fourcc(): string {
    if (this.pos + 4 > this.end) throw refuse.corrupt();
    const s = this.buf.toString('latin1', this.pos, this.pos + 4);
    this.pos += 4;
    return s;
  }
}

interface Extent {
  offset: number;
  length: number;
}

interface Location {
  method: number;
  baseOffset: number;
  extents: Extent[];
}

interface Property {
  type: string;
  payload: number;
  end: number;
}

/** Parse the payload of a top-level `meta` box (a full box: version and flags first). */
export async function heifLayout(meta: Buffer, readAt: ReadAt): Promise<HeifLayout> {
  if (meta.length < 4) throw refuse.corrupt();
  const children = boxes(meta, 4, meta.length);
  const find = (type: string) => children.find((b) => b.type === type);

  const pitm = find('pitm');
  if (!pitm) throw refuse.corrupt();
  const pc = new Cursor(meta, pitm.payload, pitm.end);
  const pitmVersion = pc.uint(1);
  pc.pos += 3;
  const primaryId = pc.uint(pitmVersion === 0 ? 2 : 4);

  // iinf: item types
  const types = new Map<number, string>();
  const iinf = find('iinf');
  if (!iinf) throw refuse.corrupt();
  {
    const c = new Cursor(meta, iinf.payload, iinf.end);
    const version = c.uint(1);
    c.pos += 3;
    c.uint(version === 0 ? 2 : 4); // entry count (the boxes themselves are authoritative)
    for (const infe of boxes(meta, c.pos, iinf.end)) {
      if (infe.type !== 'infe') continue;
      const e = new Cursor(meta, infe.payload, infe.end);
      const v = e.uint(1);
      e.pos += 3;
      if (v < 2) continue; // version 0/1 entries carry no item type
      const id = e.uint(v === 2 ? 2 : 4);
      e.uint(2); // protection index
      types.set(id, e.fourcc());
    }
  }

  // iloc: where item data lives (needed for grid and overlay descriptors)
  const locations = new Map<number, Location>();
  const iloc = find('iloc');
  if (iloc) {
    const c = new Cursor(meta, iloc.payload, iloc.end);
    const version = c.uint(1);
    c.pos += 3;
    if (version > 2) throw refuse.corrupt();
    const sizes = c.uint(1);
    const offsetSize = sizes >> 4;
    const lengthSize = sizes & 0x0f;
    const sizes2 = c.uint(1);
    const baseOffsetSize = sizes2 >> 4;
    const indexSize = version >= 1 ? sizes2 & 0x0f : 0;
    const count = c.uint(version < 2 ? 2 : 4);
    for (let i = 0; i < count; i++) {
      const id = c.uint(version < 2 ? 2 : 4);
      const method = version >= 1 ? c.uint(2) & 0x0f : 0;
      c.uint(2); // data reference index
      const baseOffset = c.uint(baseOffsetSize);
      const extentCount = c.uint(2);
      const extents: Extent[] = [];
      for (let k = 0; k < extentCount; k++) {
        c.uint(indexSize);
        extents.push({ offset: c.uint(offsetSize), length: c.uint(lengthSize) });
      }
      locations.set(id, { method, baseOffset, extents });
    }
  }

  // iprp: properties and which items they belong to
  const properties: Property[] = [];
  const associations = new Map<number, number[]>();
  const iprp = find('iprp');
  if (!iprp) throw refuse.corrupt();
  for (const box of boxes(meta, iprp.payload, iprp.end)) {
    if (box.type === 'ipco') {
      for (const prop of boxes(meta, box.payload, box.end)) properties.push({ type: prop.type, payload: prop.payload, end: prop.end });
    } else if (box.type === 'ipma') {
      const c = new Cursor(meta, box.payload, box.end);
      const version = c.uint(1);
      const flags = c.uint(3);
      const count = c.uint(4);
      for (let i = 0; i < count; i++) {
        const id = c.uint(version < 1 ? 2 : 4);
        const n = c.uint(1);
        const list = associations.get(id) ?? [];
        for (let k = 0; k < n; k++) list.push(flags & 1 ? c.uint(2) & 0x7fff : c.uint(1) & 0x7f);
        associations.set(id, list);
      }
    }
  }
  const propsOf = (id: number): Property[] =>
    (associations.get(id) ?? []).filter((i) => i > 0 && i <= properties.length).map((i) => properties[i - 1]!);

  // iref: derived images (grid tiles, overlay layers) reference their inputs with 'dimg'
  const inputs = new Map<number, number[]>();
  const iref = find('iref');
  if (iref) {
    const c = new Cursor(meta, iref.payload, iref.end);
    const version = c.uint(1);
    c.pos += 3;
    const idSize = version === 0 ? 2 : 4;
    for (const ref of boxes(meta, c.pos, iref.end)) {
      if (ref.type !== 'dimg') continue;
      const r = new Cursor(meta, ref.payload, ref.end);
      const from = r.uint(idSize);
      const n = r.uint(2);
      const to: number[] = [];
      for (let k = 0; k < n; k++) to.push(r.uint(idSize));
      inputs.set(from, [...(inputs.get(from) ?? []), ...to]);
    }
  }

  const idat = find('idat');
  const itemData = async (id: number): Promise<Buffer> => {
    const loc = locations.get(id);
    if (!loc) throw refuse.corrupt();
    const parts: Buffer[] = [];
    let total = 0;
    for (const extent of loc.extents) {
      const length = Math.min(extent.length, MAX_DESCRIPTOR_BYTES - total);
      if (length <= 0) break;
      const at = loc.baseOffset + extent.offset;
      let part: Buffer;
      if (loc.method === 1) {
        if (!idat || idat.payload + at + length > idat.end) throw refuse.corrupt();
        part = meta.subarray(idat.payload + at, idat.payload + at + length);
      } else if (loc.method === 0) {
        part = await readAt(at, length);
        if (part.length < length) throw refuse.truncated();
      } else {
        throw refuse.corrupt();
      }
      parts.push(part);
      total += part.length;
    }
    return Buffer.concat(parts);
  };

  // Every declared extent and canvas counts towards the pixel limit.
  let largestArea = 0;
  const extentOf = (id: number): { width: number; height: number } | undefined => {
    const ispe = propsOf(id).find((p) => p.type === 'ispe');
    if (!ispe) return undefined;
    const c = new Cursor(meta, ispe.payload, ispe.end);
    c.uint(4); // version and flags
    return { width: c.uint(4), height: c.uint(4) };
  };
  for (const prop of properties) {
    if (prop.type !== 'ispe') continue;
    const c = new Cursor(meta, prop.payload, prop.end);
    c.uint(4);
    largestArea = Math.max(largestArea, c.uint(4) * c.uint(4));
  }
  const canvases = new Map<number, { width: number; height: number }>();
  let derived = 0;
  for (const [id, type] of types) {
    if (type !== 'grid' && type !== 'iovl') continue;
    if (++derived > MAX_DERIVED_IMAGES) throw refuse.corrupt();
    const d = await itemData(id);
    const c = new Cursor(d, 0, d.length);
    c.uint(1); // version
    const flags = c.uint(1);
    if (type === 'grid') c.uint(2); // rows and columns minus one
    else c.pos += 8; // overlay fill colour (four 16-bit values)
    const size = flags & 1 ? 4 : 2;
    const canvas = { width: c.uint(size), height: c.uint(size) };
    canvases.set(id, canvas);
    largestArea = Math.max(largestArea, canvas.width * canvas.height);
  }

  const primaryType = types.get(primaryId);
  if (primaryType === undefined) throw refuse.corrupt();
  const declared = extentOf(primaryId) ?? canvases.get(primaryId);
  if (!declared || declared.width <= 0 || declared.height <= 0) throw refuse.corrupt();
  let { width, height } = declared;
  for (const prop of propsOf(primaryId)) {
    if (prop.type === 'clap') {
      const c = new Cursor(meta, prop.payload, prop.end);
      const wN = c.uint(4);
      const wD = c.uint(4);
      const hN = c.uint(4);
      const hD = c.uint(4);
      if (wD > 0 && hD > 0 && wN > 0 && hN > 0) {
        width = Math.min(width, Math.floor(wN / wD));
        height = Math.min(height, Math.floor(hN / hD));
      }
    } else if (prop.type === 'irot') {
      const angle = (meta[prop.payload] ?? 0) & 3;
      if (angle === 1 || angle === 3) [width, height] = [height, width];
    }
  }

  const codingOf = (id: number, depth: number): HeifCoding => {
    const type = types.get(id);
    if (type === 'hvc1') return 'hevc';
    if (type === 'av01') return 'av1';
    if ((type === 'grid' || type === 'iovl' || type === 'iden') && depth < 4) {
      const codings = new Set((inputs.get(id) ?? []).map((input) => codingOf(input, depth + 1)));
      if (codings.size === 1) return [...codings][0]!;
    }
    return 'other';
  };

  // The primary image's colour, or (for a grid) that of its first tile.
  let colour: HeifLayout['colour'];
  for (const id of [primaryId, ...(inputs.get(primaryId) ?? []).slice(0, 1)]) {
    for (const prop of propsOf(id)) {
      if (prop.type !== 'colr' || prop.end - prop.payload < 4) continue;
      const kind = meta.toString('latin1', prop.payload, prop.payload + 4);
      if (kind === 'prof' || kind === 'rICC') colour ??= { icc: Buffer.from(meta.subarray(prop.payload + 4, prop.end)) };
      else if (kind === 'nclx' && prop.end - prop.payload >= 6) colour ??= { primaries: meta.readUInt16BE(prop.payload + 4) };
    }
    if (colour) break;
  }

  return { primaryId, primaryType, coding: codingOf(primaryId, 0), width, height, largestArea, ...(colour ? { colour } : {}) };
}
