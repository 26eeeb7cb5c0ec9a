import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Memory cards for the card-import tests and bench (issue 16, M5): JPEGs with EXIF capture time
 * and camera, and identity images with the patient's identifier written large, black on white, in
 * a plain font, as a nurse photographs a label before and after a series.
 */

export interface CardShot {
  name: string;
  /** Local wall time "YYYY:MM:DD HH:MM:SS" with its offset, as a camera writes it. */
  at: string;
  offset?: string;
  make?: string;
  model?: string;
  /** An identity image showing this identifier (as people write it, e.g. "19121212-1212"). */
  identifier?: string;
  /** A photo's colour (a different one per file, so no two files are the same). */
  colour?: string;
  width?: number;
  height?: number;
}

function exifOf(shot: CardShot): Record<string, Record<string, string>> {
  return {
    IFD0: { ...(shot.make ? { Make: shot.make } : {}), ...(shot.model ? { Model: shot.model } : {}) },
    IFD2: { DateTimeOriginal: shot.at, OffsetTimeOriginal: shot.offset ?? '+01:00' },
  };
}

/** Writes one file of a card; returns its path. */
export async function writeShot(dir: string, shot: CardShot): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, shot.name);
  const width = shot.width ?? 640;
  const height = shot.height ?? 480;
  if (shot.identifier) {
    const fontSize = Math.round(width / 9);
    // Two photos of a label are never the same picture: the text sits a little elsewhere in each.
    const nudge = [...shot.name].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 40;
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect width="100%" height="100%" fill="white"/>` +
      `<text x="${Math.round(width / 2) - 20 + nudge}" y="${Math.round(height * 0.55) - 10 + nudge}" text-anchor="middle" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${fontSize}" fill="black">${shot.identifier}</text>` +
      `</svg>`;
    await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).withExif(exifOf(shot)).toFile(file);
  } else {
    await sharp({ create: { width, height, channels: 3, background: shot.colour ?? '#a85' } }).jpeg().withExif(exifOf(shot)).toFile(file);
  }
  return file;
}

/** A distinct colour for the n-th photo. */
export const shade = (n: number): string => `#${(0x204060 + n * 0x010305).toString(16).slice(-6)}`;

/**
 * A series as the archive's rule wants it: an identity image, `photos` photos a minute apart, an
 * identity image; starting at `start` ("YYYY:MM:DD HH:MM") local time on one camera.
 */
export function series(prefix: string, start: string, photos: number, identifier: string | null, camera = { make: 'Canon', model: 'EOS R6' }, first = 0): CardShot[] {
  const [day, time] = start.split(' ') as [string, string];
  const [h, m] = time.split(':').map(Number) as [number, number];
  const at = (minute: number) => {
    const total = h * 60 + m + minute;
    return `${day} ${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}:00`;
  };
  const shots: CardShot[] = [];
  let minute = 0;
  if (identifier) shots.push({ name: `${prefix}_ID1.JPG`, at: at(minute++), ...camera, identifier });
  for (let i = 0; i < photos; i++) shots.push({ name: `${prefix}_${String(i + 1).padStart(4, '0')}.JPG`, at: at(minute++), ...camera, colour: shade(first + i) });
  if (identifier) shots.push({ name: `${prefix}_ID2.JPG`, at: at(minute++), ...camera, identifier });
  return shots;
}

export async function writeCard(dir: string, shots: CardShot[]): Promise<string[]> {
  const files: string[] = [];
  for (const shot of shots) files.push(await writeShot(dir, shot));
  return files;
}
