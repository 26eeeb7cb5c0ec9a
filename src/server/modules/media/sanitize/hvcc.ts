import { open, type FileHandle } from 'node:fs/promises';

/**
 * HEVC decoder configurations (the `hvcC` box of an MP4) may carry SEI NAL units: encoder banners, vendor user data.
 * ffmpeg 5.1's filter_units removes SEI from packets but not from this configuration, so the cleaner rewrites each
 * such SEI in place as a filler-payload SEI of exactly the same length. Decoders skip filler; no box size or chunk
 * offset changes, so the file stays valid and the rewrite is deterministic.
 */

const CONTAINER_BOXES = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
const HEVC_SAMPLE_ENTRIES = new Set(['hvc1', 'hev1', 'dvh1', 'dvhe']);
const SEI_PREFIX = 39;
const SEI_SUFFIX = 40;
/** VisualSampleEntry fields before its child boxes. */
const VISUAL_SAMPLE_ENTRY_FIELDS = 78;

interface Box {
  type: string;
  start: number;
  payload: number;
  end: number;
}

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  return buf.subarray(0, bytesRead);
}

async function children(fh: FileHandle, from: number, to: number): Promise<Box[]> {
  const boxes: Box[] = [];
  let pos = from;
  while (pos + 8 <= to) {
    const h = await readAt(fh, pos, 16);
    if (h.length < 8) break;
    let size = h.readUInt32BE(0);
    const type = h.toString('latin1', 4, 8);
    let header = 8;
    if (size === 1) {
      if (h.length < 16) break;
      size = Number(h.readBigUInt64BE(8));
      header = 16;
    } else if (size === 0) {
      size = to - pos;
    }
    if (size < header || pos + size > to) break;
    boxes.push({ type, start: pos, payload: pos + header, end: pos + size });
    pos += size;
  }
  return boxes;
}

async function findHvcCBoxes(fh: FileHandle, from: number, to: number, found: Box[]): Promise<void> {
  for (const box of await children(fh, from, to)) {
    if (CONTAINER_BOXES.has(box.type)) {
      await findHvcCBoxes(fh, box.payload, box.end, found);
    } else if (box.type === 'stsd') {
      // full box (4) + entry_count (4), then sample entries
      for (const entry of await children(fh, box.payload + 8, box.end)) {
        if (!HEVC_SAMPLE_ENTRIES.has(entry.type)) continue;
        for (const child of await children(fh, entry.payload + VISUAL_SAMPLE_ENTRY_FIELDS, entry.end)) {
          if (child.type === 'hvcC') found.push(child);
        }
      }
    }
  }
}

/** ff-coded length of an SEI payload size. */
function sizeBytes(size: number): number {
  return Math.floor(size / 255) + 1;
}

function pushSize(out: number[], value: number): void {
  let v = value;
  while (v >= 255) {
    out.push(0xff);
    v -= 255;
  }
  out.push(v);
}

/** An SEI RBSP of exactly `length` bytes holding only filler payload (type 3, bytes 0xFF). */
export function fillerSeiRbsp(length: number): Buffer | undefined {
  if (length < 3) return undefined;
  for (const extraEmptyMessage of [false, true]) {
    const budget = length - 2 - (extraEmptyMessage ? 2 : 0); // payloadType byte and trailing 0x80
    for (let size = budget - 1; size >= 0; size--) {
      if (sizeBytes(size) + size !== budget) continue;
      const out: number[] = [3];
      pushSize(out, size);
      for (let i = 0; i < size; i++) out.push(0xff);
      if (extraEmptyMessage) out.push(3, 0);
      out.push(0x80);
      return Buffer.from(out);
    }
  }
  return undefined;
}

/** Rewrite SEI NAL units in every hvcC of an MP4 as filler. Returns how many were rewritten. */
export async function neutralizeHevcConfigSei(path: string): Promise<number> {
  const fh = await open(path, 'r+');
  try {
    const { size } = await fh.stat();
    const boxes: Box[] = [];
    await findHvcCBoxes(fh, 0, size, boxes);
    let rewritten = 0;
    for (const box of boxes) {
      const hvcc = await readAt(fh, box.payload, box.end - box.payload);
      if (hvcc.length < 23) continue;
      let pos = 23;
      const arrays = hvcc[22]!;
      for (let a = 0; a < arrays && pos + 3 <= hvcc.length; a++) {
        const nalType = hvcc[pos]! & 0x3f;
        const count = hvcc.readUInt16BE(pos + 1);
        pos += 3;
        for (let n = 0; n < count && pos + 2 <= hvcc.length; n++) {
          const length = hvcc.readUInt16BE(pos);
          const nal = pos + 2;
          if (nal + length > hvcc.length) throw new Error(`malformed hvcC in ${path}`);
          if ((nalType === SEI_PREFIX || nalType === SEI_SUFFIX) && length >= 2) {
            const filler = fillerSeiRbsp(length - 2);
            if (!filler) throw new Error(`cannot neutralize a ${length}-byte SEI in ${path}`);
            await fh.write(filler, 0, filler.length, box.payload + nal + 2);
            rewritten++;
          }
          pos = nal + length;
        }
      }
    }
    return rewritten;
  } finally {
    await fh.close();
  }
}
