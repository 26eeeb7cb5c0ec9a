/**
 * Signatures of things attackers hide in or append to media: archives (ZIP/JAR/DOCX/APK, RAR, 7z) that archive
 * tools find from the end of a file, HTML/SVG/JavaScript that browsers sniff, PHP for web shells, PDF (readers look
 * for "%PDF-" anywhere in the first kilobyte), Windows programs.
 *
 * Every pattern is long or structurally validated, so that compressed media bytes (which are close to random)
 * practically never match: text tags must be followed by a delimiter, ZIP records must have plausible fields.
 */

const WS_OR_TAG_END = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c, 0x3e /* > */, 0x2f /* / */]);
const WS = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c]);
const DIGIT = new Set([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]);

interface TextSignature {
  needle: Buffer;
  /** The byte right after the needle must be one of these (undefined: anything). */
  followedBy?: ReadonlySet<number>;
}

const TEXT_SIGNATURES: readonly TextSignature[] = [
  { needle: Buffer.from('<html'), followedBy: WS_OR_TAG_END },
  { needle: Buffer.from('<head'), followedBy: WS_OR_TAG_END },
  { needle: Buffer.from('<body'), followedBy: WS_OR_TAG_END },
  { needle: Buffer.from('<script'), followedBy: WS_OR_TAG_END },
  { needle: Buffer.from('<iframe'), followedBy: WS_OR_TAG_END },
  { needle: Buffer.from('<object'), followedBy: WS_OR_TAG_END },
  { needle: Buffer.from('<embed'), followedBy: WS_OR_TAG_END },
  { needle: Buffer.from('<meta'), followedBy: WS_OR_TAG_END },
  { needle: Buffer.from('<svg'), followedBy: WS_OR_TAG_END },
  // Only an HTML doctype: XML doctypes are common in camera and editor metadata (Photoshop keeps a Mac print record,
  // an Apple plist with <!DOCTYPE plist …>, in its image resources).
  { needle: Buffer.from('<!doctype html'), followedBy: WS_OR_TAG_END },
  { needle: Buffer.from('<?php'), followedBy: WS },
  { needle: Buffer.from('javascript:') },
  { needle: Buffer.from('%pdf-'), followedBy: DIGIT },
  { needle: Buffer.from('this program cannot be run in dos mode') },
];

const RAR = Buffer.from('Rar!\x1a\x07', 'latin1');
const SEVEN_ZIP = Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]);
const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP_METHODS = new Set([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 14, 18, 19, 20, 93, 94, 95, 96, 97, 98, 99]);

function lowerAscii(buf: Buffer): Buffer {
  const out = Buffer.allocUnsafe(buf.length);
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    out[i] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  }
  return out;
}

function plausibleZipLocalHeader(buf: Buffer, i: number): boolean {
  if (i + 10 > buf.length) return false;
  const versionNeeded = buf.readUInt16LE(i + 4);
  const method = buf.readUInt16LE(i + 8);
  if (!(versionNeeded >= 10 && versionNeeded <= 63 && ZIP_METHODS.has(method))) return false;
  if (i + 30 > buf.length) return true; // header cut by the end of the window: judge on what we have
  const nameLength = buf.readUInt16LE(i + 26);
  return nameLength >= 1 && nameLength <= 1024;
}

function plausibleZipEnd(buf: Buffer, i: number): boolean {
  if (i + 22 > buf.length) return false;
  const disk = buf.readUInt16LE(i + 4);
  const cdDisk = buf.readUInt16LE(i + 6);
  const entriesHere = buf.readUInt16LE(i + 8);
  const entriesTotal = buf.readUInt16LE(i + 10);
  const zip64 = disk === 0xffff || entriesTotal === 0xffff;
  return zip64 || (disk === 0 && cdDisk === 0 && entriesHere === entriesTotal);
}

/** Name of the first suspicious signature found in `buf`, or undefined. */
export function findSuspicious(buf: Buffer): string | undefined {
  if (buf.length === 0) return undefined;
  const lower = lowerAscii(buf);
  for (const sig of TEXT_SIGNATURES) {
    let i = lower.indexOf(sig.needle);
    while (i !== -1) {
      const next = lower[i + sig.needle.length];
      if (sig.followedBy === undefined || next === undefined || sig.followedBy.has(next)) return sig.needle.toString('latin1');
      i = lower.indexOf(sig.needle, i + 1);
    }
  }
  if (buf.includes(RAR)) return 'rar';
  if (buf.includes(SEVEN_ZIP)) return '7z';
  for (let i = buf.indexOf(ZIP_LOCAL); i !== -1; i = buf.indexOf(ZIP_LOCAL, i + 1)) {
    if (plausibleZipLocalHeader(buf, i)) return 'zip';
  }
  for (let i = buf.indexOf(ZIP_END); i !== -1; i = buf.indexOf(ZIP_END, i + 1)) {
    if (plausibleZipEnd(buf, i)) return 'zip';
  }
  return undefined;
}
