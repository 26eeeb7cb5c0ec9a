import type { Readable } from 'node:stream';
import sharp from 'sharp';
import yazl from 'yazl';

export interface ArchiveFile {
  name: string;
  /** The cleaned original's bytes, or a stream of them when no watermark is burnt in. */
  bytes?: Buffer;
  stream?: Readable;
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Burns a visible watermark into an image (M7 export): the lines across the bottom on a translucent
 * band, drawn as an SVG overlay by sharp, sized to the image. The format stays the original's.
 */
export async function watermark(bytes: Buffer, lines: string[]): Promise<Buffer> {
  const image = sharp(bytes, { failOn: 'none' }).rotate();
  const meta = await image.metadata();
  const width = (meta.autoOrient?.width ?? meta.width) || 0;
  const height = (meta.autoOrient?.height ?? meta.height) || 0;
  if (!width || !height) return bytes;
  const size = Math.max(10, Math.round(Math.min(width, height) / 28));
  const band = Math.round(size * 1.4 * lines.length + size * 0.6);
  const text = lines
    .map((line, i) => `<text x="${Math.round(size / 2)}" y="${height - band + Math.round(size * 1.3 * (i + 1))}" font-family="DejaVu Sans, sans-serif" font-size="${size}" fill="#fff">${escapeXml(line)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect x="0" y="${height - band}" width="${width}" height="${band}" fill="#000" fill-opacity="0.55"/>${text}</svg>`;
  const format = meta.format === 'png' ? 'png' : meta.format === 'webp' ? 'webp' : 'jpeg';
  return image.composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).toFormat(format).toBuffer();
}

/** A ZIP (yazl) of the files and a manifest.json, as one stream to send. */
export function zipArchive(files: ArchiveFile[], manifest: unknown): Readable {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json');
  for (const file of files) {
    // Media are compressed already; storing them spares the CPU.
    if (file.bytes) zip.addBuffer(file.bytes, file.name, { compress: false });
    else if (file.stream) zip.addReadStream(file.stream, file.name, { compress: false });
  }
  zip.end();
  return zip.outputStream as Readable;
}
