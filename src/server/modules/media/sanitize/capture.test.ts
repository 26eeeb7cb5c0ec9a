import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exiftool, mediaDir, taggedMp4, PLANTED } from '../../../../../test/helpers/media-fixtures.js';
import { exifInstant, readCaptureInfo } from './capture.js';
import { run } from './process.js';
import { heifEnc } from './test-fixtures.js';

const ZONE = 'Europe/Stockholm';

describe('exifInstant', () => {
  it('uses the offset the camera wrote', () => {
    expect(exifInstant('2026:07:01 14:30:05', '+02:00', ZONE)).toBe('2026-07-01T12:30:05.000Z');
    expect(exifInstant('2026:07:01 14:30:05', '-05:00', ZONE)).toBe('2026-07-01T19:30:05.000Z');
  });
  it('takes local time without an offset as the hospital zone (summer and winter time)', () => {
    expect(exifInstant('2026:07:01 14:30:05', undefined, ZONE)).toBe('2026-07-01T12:30:05.000Z');
    expect(exifInstant('2026:01:15 08:00:00', undefined, ZONE)).toBe('2026-01-15T07:00:00.000Z');
    expect(exifInstant('2026:01:15 08:00:00', undefined, 'Europe/Oslo')).toBe('2026-01-15T07:00:00.000Z');
    expect(exifInstant('2026:01:15 08:00:00', undefined, 'UTC')).toBe('2026-01-15T08:00:00.000Z');
  });
  it('around the clock changes: the repeated hour is read as summer time, the skipped one lands after it', () => {
    // 25 October 2026: 03:00 CEST → 02:00 CET; 02:30 happens twice.
    expect(exifInstant('2026:10:25 02:30:00', undefined, ZONE)).toBe('2026-10-25T00:30:00.000Z');
    expect(exifInstant('2026:10:25 03:30:00', undefined, ZONE)).toBe('2026-10-25T02:30:00.000Z');
    // 29 March 2026: 02:00 CET → 03:00 CEST.
    expect(exifInstant('2026:03:29 01:30:00', undefined, ZONE)).toBe('2026-03-29T00:30:00.000Z');
    expect(exifInstant('2026:03:29 03:30:00', undefined, ZONE)).toBe('2026-03-29T01:30:00.000Z');
  });
  it('ignores values that are no time (cameras write "0000:00:00 00:00:00" when unset)', () => {
    expect(exifInstant('0000:00:00 00:00:00', undefined, ZONE)).toBeUndefined();
    expect(exifInstant('    :  :     :  :  ', undefined, ZONE)).toBeUndefined();
    expect(exifInstant(undefined, '+01:00', ZONE)).toBeUndefined();
    expect(exifInstant('2026:13:01 10:00:00', undefined, ZONE)).toBeUndefined();
  });
});

describe('readCaptureInfo on generated files', () => {
  const dir = mediaDir();

  it('JPEG: DateTimeOriginal with OffsetTimeOriginal, make and model (sharp withExif)', async () => {
    const file = path.join(dir, 'offset.jpg');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .withExif({ IFD0: { Make: PLANTED.make, Model: PLANTED.model }, IFD2: { DateTimeOriginal: '2026:07:01 14:30:05', OffsetTimeOriginal: '-03:00' } })
      .toFile(file);
    expect(await readCaptureInfo(file, 'jpeg', ZONE)).toEqual({ capturedAt: '2026-07-01T17:30:05.000Z', cameraMake: PLANTED.make, cameraModel: PLANTED.model });
  });

  it('JPEG without an offset: the hospital zone', async () => {
    const file = path.join(dir, 'local.jpg');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3c3' } })
      .jpeg()
      .withExif({ IFD2: { DateTimeOriginal: '2026:12:07 09:15:00' } })
      .toFile(file);
    expect(await readCaptureInfo(file, 'jpeg', ZONE)).toEqual({ capturedAt: '2026-12-07T08:15:00.000Z' });
  });

  it('PNG and WebP carry EXIF too', async () => {
    for (const [format, ext] of [['png', 'png'], ['webp', 'webp']] as const) {
      const file = path.join(dir, `exif.${ext}`);
      await sharp({ create: { width: 32, height: 32, channels: 3, background: '#33c' } })
        [format]()
        .withExif({ IFD0: { Make: 'Canon' }, IFD2: { DateTimeOriginal: '2025:02:03 04:05:06', OffsetTimeOriginal: '+00:00' } })
        .toFile(file);
      expect(await readCaptureInfo(file, format, ZONE), format).toEqual({ capturedAt: '2025-02-03T04:05:06.000Z', cameraMake: 'Canon' });
    }
  });

  it('HEIC: the Exif item (written by exiftool onto a heif-enc file)', async () => {
    const png = path.join(dir, 'heic.png');
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#963' } }).png().toFile(png);
    const file = path.join(dir, 'photo.heic');
    await heifEnc([png], file);
    await exiftool(['-overwrite_original', '-Make=Apple', '-Model=iPhone 15', '-DateTimeOriginal=2026:06:10 20:00:00', '-OffsetTimeOriginal=+02:00', file]);
    expect(await readCaptureInfo(file, 'heif', ZONE)).toEqual({ capturedAt: '2026-06-10T18:00:00.000Z', cameraMake: 'Apple', cameraModel: 'iPhone 15' });
  });

  it('MP4: creation_time (UTC) from ffmpeg -metadata', async () => {
    const file = await taggedMp4(dir);
    expect(await readCaptureInfo(file, 'isobmff', ZONE)).toEqual({ capturedAt: '2024-05-01T10:00:00.000Z' });
  });

  it("MOV as an iPhone writes it: Apple's creationdate with its offset wins over creation_time; make and model", async () => {
    const file = path.join(dir, 'iphone.mov');
    await run('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      '-movflags', 'use_metadata_tags',
      '-metadata', 'creation_time=2026-06-10T18:00:09Z',
      '-metadata', 'com.apple.quicktime.creationdate=2026-06-10T20:00:00+0200',
      '-metadata', 'com.apple.quicktime.make=Apple', '-metadata', 'com.apple.quicktime.model=iPhone 15',
      file,
    ], { timeoutMs: 60_000 });
    expect(await readCaptureInfo(file, 'isobmff', ZONE)).toEqual({ capturedAt: '2026-06-10T18:00:00.000Z', cameraMake: 'Apple', cameraModel: 'iPhone 15' });
  });

  it('M4A: creation_time of a recording', async () => {
    const file = path.join(dir, 'note.m4a');
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330', '-t', '1', '-c:a', 'aac', '-metadata', 'creation_time=2026-11-30T07:45:00Z', file], { timeoutMs: 60_000 });
    expect(await readCaptureInfo(file, 'isobmff', ZONE)).toEqual({ capturedAt: '2026-11-30T07:45:00.000Z' });
  });

  it('files without metadata, or with a broken EXIF block, give nothing and throw nothing', async () => {
    const plain = path.join(dir, 'plain.jpg');
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } }).jpeg().toFile(plain);
    expect(await readCaptureInfo(plain, 'jpeg', ZONE)).toEqual({});
    // Cut the EXIF block's IFD short: the photo is still fine, its capture time unknown.
    const file = path.join(dir, 'broken.jpg');
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } }).jpeg().withExif({ IFD2: { DateTimeOriginal: '2026:01:01 00:00:00' } }).toFile(file);
    const bytes = readFileSync(file);
    const at = bytes.indexOf('2026:01:01');
    bytes.fill(0xff, at - 40, at);
    writeFileSync(file, bytes);
    await expect(readCaptureInfo(file, 'jpeg', ZONE)).resolves.toBeDefined();
    expect(await readCaptureInfo(path.join(dir, 'missing.mp4'), 'isobmff', ZONE)).toEqual({});
  });
});
