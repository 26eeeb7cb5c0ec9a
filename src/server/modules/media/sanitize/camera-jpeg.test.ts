/**
 * Good input must never be refused: JPEGs as cameras and phones write them carry structures in and after the image
 * (EXIF and JFXX thumbnails, maker notes, extended XMP, Photoshop resources, MPF secondary images, Samsung trailers,
 * Google and Samsung motion photos, a stray byte after EOI). None is an attack: each file is accepted, its pixels
 * re-encoded and the rest dropped. What is foreign (archives, HTML, scripts) is still refused.
 *
 * Every file is generated here (sharp, exiftool, ffmpeg) and every cleaned file is checked with exiftool.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanMedia, inspectUpload } from './index.js';
import {
  AV_METADATA_ARGS,
  exec,
  exiftoolJson,
  exiftoolLeaks,
  ffmpeg,
  motionPhotoXmp,
  mpfFile,
  photoshopResources,
  plantImageMetadata,
  rawImage,
  rawLeaks,
  samsungTrailer,
  tempDir,
  withJpegSegment,
  withJpegSegmentAfterApp,
  zipArchive,
  refusalOf,
} from './test-fixtures.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const p = (name: string) => tmp.path(name);

/** A planted JPEG (EXIF with GPS, XMP, IPTC, maker notes, comment, EXIF thumbnail) of the given size. */
async function plantedJpeg(name: string, width: number, height: number, seed: number): Promise<Buffer> {
  await rawImage(width, height, seed).jpeg({ quality: 90 }).toFile(p(name));
  await plantImageMetadata(p(name), p('thumb.jpg'), tmp.dir);
  return readFile(p(name));
}

let mp4: Buffer;

beforeAll(async () => {
  tmp = await tempDir();
  await rawImage(160, 120, 7).jpeg({ quality: 80 }).toFile(p('thumb.jpg'));
  const thumb = await readFile(p('thumb.jpg'));
  await ffmpeg([
    '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=15:duration=1',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...AV_METADATA_ARGS, p('motion.mp4'),
  ]);
  mp4 = await readFile(p('motion.mp4'));

  // Olympus-like: JFIF, a JFXX thumbnail, EXIF with maker notes and a thumbnail, and one stray byte after EOI.
  const olympus = await plantedJpeg('olympus-base.jpg', 320, 240, 1);
  const jfxx = Buffer.concat([Buffer.from('JFXX\0\x10', 'latin1'), thumb]);
  await writeFile(p('olympus.jpg'), Buffer.concat([withJpegSegmentAfterApp(olympus, 0xe0, jfxx), Buffer.from([0x14])]));

  // Adobe-like: XMP, and Photoshop resources holding a Mac print record (an XML plist with its DOCTYPE).
  const plist = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" ' +
      '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0"><dict><key>com.apple.print.PageFormat.PMHorizontalRes</key>' +
      '<real>72</real></dict></plist>\n',
    'latin1',
  );
  const adobe = await plantedJpeg('adobe-base.jpg', 320, 240, 2);
  await writeFile(p('adobe.jpg'), withJpegSegmentAfterApp(adobe, 0xed, photoshopResources([{ id: 0x03ea, data: plist }, { id: 0x040c, data: thumb }])));

  // Extended XMP: exiftool splits XMP over 64 KiB into several APP1 segments.
  await plantedJpeg('extended-xmp.jpg', 320, 240, 3);
  await writeFile(p('description.txt'), 'GDepth-like payload '.repeat(4000));
  await exec('exiftool', ['-q', '-q', '-overwrite_original', '-XMP-dc:Description<=' + p('description.txt'), p('extended-xmp.jpg')]);

  // MPF: a primary image with an APP2 index and two more JPEGs (a gain map, a depth map) after its EOI.
  const primary = await plantedJpeg('mpf-primary.jpg', 320, 240, 4);
  const gainMap = await plantedJpeg('gain-map.jpg', 160, 120, 5);
  const depthMap = await rawImage(80, 60, 6).greyscale().jpeg().toBuffer();
  await writeFile(p('mpf.jpg'), mpfFile(primary, [gainMap, depthMap]));

  // Google motion photo: the XMP says an MP4 of so many bytes follows; the MP4 (with its own metadata) is appended.
  await rawImage(320, 240, 8).jpeg({ quality: 90 }).toFile(p('motion-base.jpg'));
  await writeFile(p('motion.xmp'), motionPhotoXmp(mp4.length));
  await exec('exiftool', ['-q', '-q', '-overwrite_original', '-XMP<=' + p('motion.xmp'), p('motion-base.jpg')]);
  await plantImageMetadata(p('motion-base.jpg'), p('thumb.jpg'), tmp.dir);
  const motionBase = await readFile(p('motion-base.jpg'));
  await writeFile(p('google-motion.jpg'), Buffer.concat([motionBase, mp4]));
  // Ultra HDR + motion photo: primary, gain map (MPF), then the MP4.
  await writeFile(p('ultra-hdr-motion.jpg'), Buffer.concat([mpfFile(motionBase, [gainMap]), mp4]));

  // Samsung: a SEFT trailer with capture data and a motion photo MP4.
  const samsungBase = await plantedJpeg('samsung-base.jpg', 320, 240, 9);
  const trailer = samsungTrailer([
    { type: 0x0a01, name: 'Image_UTC_Data', data: Buffer.from('1704164645000', 'latin1') },
    { type: 0x0a30, name: 'MotionPhoto_Data', data: mp4 },
    { type: 0x0a20, name: 'Camera_Capture_Mode_Info', data: Buffer.from('1', 'latin1') },
  ]);
  await writeFile(p('samsung.jpg'), Buffer.concat([samsungBase, trailer]));
  // …and one whose video was cut short: a damaged trailer is dropped with the rest, not a reason to refuse the photo.
  const cutVideo = samsungTrailer([{ type: 0x0a30, name: 'MotionPhoto_Data', data: mp4.subarray(0, mp4.length - 100) }]);
  await writeFile(p('samsung-cut-video.jpg'), Buffer.concat([samsungBase, cutVideo]));
}, 120_000);

afterAll(async () => {
  await tmp?.remove();
});

const CAMERA_FILES = [
  'olympus.jpg',
  'adobe.jpg',
  'extended-xmp.jpg',
  'mpf.jpg',
  'google-motion.jpg',
  'ultra-hdr-motion.jpg',
  'samsung.jpg',
  'samsung-cut-video.jpg',
] as const;

/** Tag groups exiftool must not find in a cleaned file. */
const CAMERA_GROUPS = /^(IFD0|IFD1|ExifIFD|GPS|InteropIFD|XMP|MPF|MPImage|MakerNotes|Nikon|Olympus|Photoshop|IPTC|ICC|Samsung|JFXX|Trailer|Google)/;

describe.concurrent('JPEGs with camera structures are accepted and come out clean', { timeout: 60_000 }, () => {
  it('the camera structures are really in the test files (the tests would prove nothing otherwise)', async () => {
    const has = async (file: string, pattern: RegExp) => Object.keys(await exiftoolJson(p(file))).filter((k) => pattern.test(k));
    expect(await has('olympus.jpg', /^(IFD1:ThumbnailImage|MakerNotes|JFXX|GPS:GPSLatitude$)/)).not.toEqual([]);
    expect(await has('olympus.jpg', /^JFXX/)).not.toEqual([]);
    expect(await has('adobe.jpg', /^Photoshop:/)).not.toEqual([]);
    expect((await exiftoolJson(p('extended-xmp.jpg')))['XMP-xmpNote:HasExtendedXMP']).toBeDefined();
    expect(await has('mpf.jpg', /^MPF0:NumberOfImages$/)).not.toEqual([]);
    expect(await has('google-motion.jpg', /^XMP-GCamera:MicroVideoOffset$/)).not.toEqual([]);
    expect(await has('samsung.jpg', /^Samsung:/)).not.toEqual([]);
    for (const file of CAMERA_FILES) expect(await has(file, /^GPS:GPSLatitude$/), file).not.toEqual([]);
  });

  it.each(CAMERA_FILES)('%s: accepted, re-encoded, nothing but the picture left (exiftool), no trailer', async (file) => {
    const inspection = await inspectUpload(p(file), file);
    expect(inspection).toEqual({ kind: 'image', mime: 'image/jpeg', ext: 'jpg', width: 320, height: 240 });
    const out = `clean-${file}`;
    const result = await cleanMedia(p(file), p(out), inspection);
    expect(result).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 320, height: 240 });

    const tags = await exiftoolJson(p(out));
    expect(exiftoolLeaks(tags)).toEqual([]);
    expect(Object.keys(tags).filter((k) => CAMERA_GROUPS.test(k))).toEqual([]);
    expect(tags['ExifTool:Warning']).toBeUndefined(); // exiftool warns about unknown trailers
    expect(await rawLeaks(p(out), ['ftyp', 'SEFT', 'SEFH', 'MotionPhoto', 'MPF\0', 'Exif\0\0', 'http://ns.adobe.com', '8BIM', 'JFXX'])).toEqual([]);
    // one image, ending where the file ends: no thumbnail inside, nothing after EOI
    const bytes = await readFile(p(out));
    let images = 0;
    for (let i = bytes.indexOf(Buffer.from([0xff, 0xd8, 0xff])); i !== -1; i = bytes.indexOf(Buffer.from([0xff, 0xd8, 0xff]), i + 1)) images++;
    expect(images).toBe(1);
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect(bytes.length).toBeLessThan((await readFile(p(file))).length);
  });
});

describe.concurrent('what is foreign in or after a JPEG is still refused', { timeout: 60_000 }, () => {
  it('a ZIP after a motion photo MP4, after MPF images, or inside a Samsung trailer block', async () => {
    const zip = zipArchive();
    const motion = await readFile(p('google-motion.jpg'));
    const mpf = await readFile(p('mpf.jpg'));
    const base = await readFile(p('samsung-base.jpg'));
    const files: Array<[string, Buffer]> = [
      ['zip-after-motion.jpg', Buffer.concat([motion, zip])],
      ['zip-after-mpf.jpg', Buffer.concat([mpf, zip])],
      ['zip-in-samsung.jpg', Buffer.concat([base, samsungTrailer([{ type: 0x0a01, name: 'Image_UTC_Data', data: zip }])])],
      ['zip-as-samsung-video.jpg', Buffer.concat([base, samsungTrailer([{ type: 0x0a30, name: 'MotionPhoto_Data', data: zip }])])],
    ];
    for (const [name, bytes] of files) {
      await writeFile(p(name), bytes);
      expect((await refusalOf(inspectUpload(p(name), name))).code, name).toBe('polyglot');
    }
  });

  it('HTML in an APP segment or in Photoshop resources, and a script after EOI, however short', async () => {
    const base = await readFile(p('samsung-base.jpg'));
    const files: Array<[string, Buffer]> = [
      ['html-in-app.jpg', withJpegSegment(base, 0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<!DOCTYPE html><p>hi</p>', 'latin1'))],
      ['html-in-photoshop.jpg', withJpegSegment(base, 0xed, photoshopResources([{ id: 0x03ea, data: Buffer.from('<html><body>x</body></html>') }]))],
      ['php-after-eoi.jpg', Buffer.concat([base, Buffer.from('<?php system($_GET[0]); ?>')])],
      ['html-after-eoi.jpg', Buffer.concat([base, Buffer.from('<script>alert(1)</script>')])],
      ['text-after-eoi.jpg', Buffer.concat([base, Buffer.from('#!/bin/sh\necho this is not a camera structure at all\n'.repeat(4))])],
    ];
    for (const [name, bytes] of files) {
      await writeFile(p(name), bytes);
      expect((await refusalOf(inspectUpload(p(name), name))).code, name).toBe('polyglot');
    }
  });
});
