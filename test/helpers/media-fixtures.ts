import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);

/** A fresh temporary directory for generated media. */
export const mediaDir = () => mkdtempSync(path.join(tmpdir(), 'kasus-media-'));

/** Device metadata planted in test files; none of it may survive ingest. */
export const PLANTED = {
  make: 'KasusTestCam',
  model: 'LeakModel-9000',
  serial: 'SN-LEAK-4711',
  creator: 'Dr Leaky',
  keyword: 'patient-secret-keyword',
  comment: 'secret-comment-text',
  title: 'leaky-title-text',
  gpsLatitude: 59.3293,
} as const;

/** A JPEG from a camera: EXIF make/model/serial, GPS, XMP, IPTC, a comment, orientation 6. */
export async function cameraJpeg(dir: string, name = 'camera.jpg', seed = 1, size = { width: 640, height: 480 }): Promise<string> {
  const file = path.join(dir, name);
  const { width, height } = size;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * seed * 31 + (i >> 8) * 7) & 0xff;
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6, exif: { IFD0: { Make: PLANTED.make, Model: PLANTED.model } } })
    .toFile(file);
  await exiftool([
    '-overwrite_original',
    `-SerialNumber=${PLANTED.serial}`,
    `-GPSLatitude=${PLANTED.gpsLatitude}`,
    '-GPSLatitudeRef=N',
    '-GPSLongitude=18.0686',
    '-GPSLongitudeRef=E',
    `-XMP-dc:Creator=${PLANTED.creator}`,
    `-IPTC:Keywords=${PLANTED.keyword}`,
    `-Comment=${PLANTED.comment}`,
    file,
  ]);
  return file;
}

/** A PNG with text chunks and XMP. */
export async function taggedPng(dir: string, name = 'tagged.png'): Promise<string> {
  const file = path.join(dir, name);
  await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 30, b: 60 } } }).png().toFile(file);
  await exiftool(['-overwrite_original', `-XMP-dc:Creator=${PLANTED.creator}`, `-PNG:Comment=${PLANTED.comment}`, `-PNG:Title=${PLANTED.title}`, file]);
  return file;
}

/** A short video with container metadata: H.264/AAC MP4 with location and stream tags by default. */
async function taggedVideo(file: string, seconds: number, size: string, codecs: string[], extraMetadata: string[]): Promise<string> {
  await run('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=25`,
    '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', String(seconds),
    ...codecs,
    '-metadata', `title=${PLANTED.title}`,
    ...extraMetadata,
    file,
  ]);
  return file;
}

/** A short H.264/AAC MP4 with container and stream metadata, including a location. */
export function taggedMp4(dir: string, name = 'clip.mp4', seconds = 1, size = '320x240'): Promise<string> {
  return taggedVideo(path.join(dir, name), seconds, size, ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac'], [
    '-metadata', `comment=${PLANTED.comment}`,
    '-metadata', 'location=+59.3293+018.0686/',
    '-metadata', 'creation_time=2024-05-01T10:00:00Z',
    '-metadata', `make=${PLANTED.make}`,
    '-metadata', `model=${PLANTED.model}`,
    '-metadata:s:v:0', `handler_name=${PLANTED.make} video`,
  ]);
}

/** A WebM (VP8 + Opus): kept as WebM by cleaning, so its playable copy must be transcoded to H.264. */
export function webm(dir: string, name = 'clip.webm', seconds = 1, size = '320x240'): Promise<string> {
  return taggedVideo(path.join(dir, name), seconds, size, ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M', '-c:a', 'libopus'], []);
}

/** A short M4A (AAC) with metadata. */
export async function taggedM4a(dir: string, name = 'note.m4a'): Promise<string> {
  const file = path.join(dir, name);
  await run('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330', '-t', '1', '-c:a', 'aac',
    '-metadata', `title=${PLANTED.title}`, '-metadata', `artist=${PLANTED.creator}`, '-metadata', 'location=+59.3293+018.0686/',
    file,
  ]);
  return file;
}

export async function exiftool(args: string[]): Promise<string> {
  const { stdout } = await run('exiftool', args);
  return stdout;
}

/** Every tag exiftool can read, as one JSON text, for leak searches. */
export async function allTags(file: string): Promise<string> {
  return exiftool(['-j', '-G1', '-a', '-u', '-b', file]);
}

export async function ffprobe(file: string): Promise<{ format: { tags?: Record<string, string> }; streams: { codec_type: string; codec_name: string; tags?: Record<string, string> }[] }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]);
  return JSON.parse(stdout);
}

/** Fails with the leaked value's name when any planted value appears in the text. */
export function findLeaks(text: string): string[] {
  const lower = text.toLowerCase();
  const needles: Record<string, string> = {
    make: PLANTED.make, model: PLANTED.model, serial: PLANTED.serial, creator: PLANTED.creator,
    keyword: PLANTED.keyword, comment: PLANTED.comment, title: PLANTED.title, gps: 'gpslatitude', location: '+59.3293',
  };
  return Object.entries(needles).filter(([, value]) => lower.includes(value.toLowerCase())).map(([name]) => name);
}
