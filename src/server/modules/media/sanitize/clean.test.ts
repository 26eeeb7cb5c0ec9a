import { access, copyFile, readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MEDIA_LIMITS,
  MediaTimeoutError,
  cleanMedia,
  inspectUpload,
  makePlayable,
  makePoster,
  makePreview,
  makeThumbnail,
  type CleanResult,
} from './index.js';
import {
  AV_METADATA_ARGS,
  AV_STREAM_METADATA_ARGS,
  exec,
  exiftoolJson,
  exiftoolLeaks,
  ffmpeg,
  ffprobeJson,
  ffprobeLeaks,
  plantImageMetadata,
  rawImage,
  rawLeaks,
  sha256,
  tempDir,
} from './test-fixtures.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const p = (name: string) => tmp.path(name);

/** Inspect as an upload named `name`, then clean into `out`. */
async function clean(file: string, out: string, name = file): Promise<CleanResult> {
  const inspection = await inspectUpload(p(file), name);
  return cleanMedia(p(file), p(out), inspection);
}

/** Tests run concurrently; each cleaned file is made once, by whichever test needs it first. */
const cleanedOnce = new Map<string, Promise<CleanResult>>();
function cleaned(file: string, out: string, name = file): Promise<CleanResult> {
  let result = cleanedOnce.get(out);
  if (!result) {
    result = clean(file, out, name);
    cleanedOnce.set(out, result);
  }
  return result;
}

async function expectNoImageMetadata(file: string, allowedKeys: readonly RegExp[] = []): Promise<Record<string, unknown>> {
  const tags = await exiftoolJson(p(file));
  expect(exiftoolLeaks(tags, allowedKeys), file).toEqual([]);
  expect(await rawLeaks(p(file)), file).toEqual([]);
  return tags;
}

async function expectNoAvMetadata(file: string): Promise<void> {
  expect(ffprobeLeaks(await ffprobeJson(p(file))), file).toEqual([]);
  expect(exiftoolLeaks(await exiftoolJson(p(file))), file).toEqual([]);
  expect(await rawLeaks(p(file)), file).toEqual([]);
}

/** TIFF necessarily has IFD0 structure tags; none of them is device metadata. */
const TIFF_STRUCTURE = [
  /^IFD0:(ImageWidth|ImageHeight|BitsPerSample|Compression|PhotometricInterpretation|StripOffsets|SamplesPerPixel|RowsPerStrip|StripByteCounts|XResolution|YResolution|PlanarConfiguration|ResolutionUnit|Predictor|SampleFormat|ExtraSamples|Orientation)$/,
];

const sine = (seconds: number, freq = 440) => ['-f', 'lavfi', '-i', `sine=frequency=${freq}:duration=${seconds}`];
const testsrc = (size: string, seconds = 1) => ['-f', 'lavfi', '-i', `testsrc=size=${size}:rate=15:duration=${seconds}`];
const H264_AAC = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'];

beforeAll(async () => {
  tmp = await tempDir();
  await rawImage(64, 32, 99).jpeg().toFile(p('thumb-source.jpg'));

  // Images: sharp-written EXIF (make/model), orientation 6 and a Display P3 ICC profile, then exiftool's GPS, XMP,
  // IPTC, comments, serial numbers, maker notes and an embedded EXIF thumbnail.
  const deviceExif = { IFD0: { Make: 'Canon', Model: 'EOS-Secret' } };
  await rawImage(200, 100).withMetadata({ orientation: 6, icc: 'p3', density: 300, exif: deviceExif }).jpeg({ quality: 90 }).toFile(p('photo.jpg'));
  await rawImage(160, 120).withMetadata({ icc: 'p3', density: 300, exif: deviceExif }).png().toFile(p('photo.png'));
  await rawImage(160, 120).withMetadata({ icc: 'p3', exif: deviceExif }).webp({ quality: 90 }).toFile(p('photo.webp'));
  await rawImage(160, 120).withMetadata({ orientation: 8, icc: 'p3', density: 300, exif: deviceExif }).tiff().toFile(p('photo.tif'));
  await Promise.all([
    plantImageMetadata(p('photo.jpg'), p('thumb-source.jpg'), tmp.dir),
    plantImageMetadata(p('photo.png')),
    plantImageMetadata(p('photo.webp')),
    plantImageMetadata(p('photo.tif'), undefined, tmp.dir),
    rawImage(2400, 1200, 5).jpeg({ quality: 80 }).toFile(p('large.jpg')),
  ]);

  // Video and audio with container and stream metadata planted by ffmpeg (and by exiftool for QuickTime keys).
  await Promise.all([
    ffmpeg([...testsrc('160x120'), ...sine(1), ...H264_AAC, ...AV_METADATA_ARGS, ...AV_STREAM_METADATA_ARGS, p('clip.mp4')]),
    ffmpeg([
      ...testsrc('160x120'), ...sine(1), ...H264_AAC, ...AV_METADATA_ARGS, ...AV_STREAM_METADATA_ARGS,
      '-f', 'mov', p('phone.mov'),
    ]),
    ffmpeg([
      ...testsrc('160x120'), ...sine(1), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      '-c:a', 'pcm_s16le', '-shortest', ...AV_METADATA_ARGS, '-f', 'mov', p('pcm.mov'),
    ]),
    ffmpeg([
      ...testsrc('161x121'), ...sine(1), '-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus', '-shortest',
      ...AV_METADATA_ARGS, '-metadata:s:v:0', 'title=Samsung camera', p('clip.webm'),
    ]),
    ffmpeg([
      ...testsrc('160x120'), ...sine(1), '-c:v', 'libx265', '-x265-params', 'log-level=error', '-pix_fmt', 'yuv420p10le',
      '-color_primaries', 'bt2020', '-color_trc', 'arib-std-b67', '-colorspace', 'bt2020nc', '-c:a', 'aac', '-shortest',
      ...AV_METADATA_ARGS, p('hlg.mp4'),
    ]),
    ffmpeg([...sine(1), '-c:a', 'aac', ...AV_METADATA_ARGS, p('sound.m4a')]),
    // as a browser's MediaRecorder writes it: unknown segment size, no duration
    ffmpeg([...testsrc('160x120', 2), ...sine(2), '-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus', '-shortest', '-live', '1', '-f', 'webm', p('live.webm')]),
    ffmpeg([
      ...sine(1), '-i', p('thumb-source.jpg'), '-map', '0:a', '-map', '1:v', '-c:a', 'libmp3lame', '-c:v', 'mjpeg',
      '-disposition:v', 'attached_pic', '-id3v2_version', '3', ...AV_METADATA_ARGS, p('sound.mp3'),
    ]),
    ffmpeg([...sine(1), ...AV_METADATA_ARGS, p('sound.wav')]),
    ffmpeg([...sine(1), '-c:a', 'libvorbis', ...AV_METADATA_ARGS, p('sound.ogg')]),
  ]);
  await exec('exiftool', [
    '-q', '-q', '-overwrite_original', '-Keys:Make=Samsung', '-Keys:Model=SM-G991B',
    '-Keys:GPSCoordinates=59.3, 18.0, 10', '-UserData:Make=Samsung', '-UserData:GPSCoordinates=59.3, 18.0',
    '-ItemList:Title=Secret Title', p('clip.mp4'), p('phone.mov'),
  ]);
  // Held upright by a phone: the track matrix turns the picture a quarter turn (ffmpeg 5.1 cannot set it).
  await exec('exiftool', ['-q', '-q', '-overwrite_original', '-Rotation=90', p('phone.mov')]);
}, 120_000);

afterAll(async () => {
  await tmp?.remove();
});

describe.concurrent('cleanMedia: images', { timeout: 30_000 }, () => {
  it('the planted metadata is really there before cleaning (the test would prove nothing otherwise)', async () => {
    const tags = await exiftoolJson(p('photo.jpg'));
    for (const key of ['IFD0:Make', 'GPS:GPSLatitude', 'XMP-dc:Creator', 'IPTC:Keywords', 'File:Comment', 'ExifIFD:SerialNumber', 'IFD1:ThumbnailImage', 'IFD0:Orientation', 'ICC_Profile:ProfileDescription']) {
      expect(tags, key).toHaveProperty([key]);
    }
    expect((await readFile(p('photo.jpg'))).includes('SERIAL-998877')).toBe(true); // maker notes
    expect(exiftoolLeaks(await exiftoolJson(p('photo.png')))).not.toEqual([]);
    expect(exiftoolLeaks(await exiftoolJson(p('photo.webp')))).not.toEqual([]);
    expect(exiftoolLeaks(await exiftoolJson(p('photo.tif')), TIFF_STRUCTURE)).not.toEqual([]);
  });

  it('JPEG: applies orientation 6 (200×100 → 100×200) and leaves no EXIF, GPS, XMP, IPTC, ICC, comment, maker notes or thumbnail', async () => {
    const result = await cleaned('photo.jpg', 'photo.clean.jpg');
    // The cleaner hashes what it writes, so storing it needs no second read: the hash must be the file's.
    expect(result).toEqual({ kind: 'image', mime: 'image/jpeg', ext: 'jpg', width: 100, height: 200, sha256: await sha256(p('photo.clean.jpg')) });
    const tags = await expectNoImageMetadata('photo.clean.jpg');
    expect(tags['File:ImageWidth']).toBe(100);
    expect(tags['File:ImageHeight']).toBe(200);
    const meta = await sharp(p('photo.clean.jpg')).metadata();
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
  });

  it('PNG: only IHDR/IDAT/IEND chunks remain', async () => {
    expect(await cleaned('photo.png', 'photo.clean.png')).toEqual({ kind: 'image', mime: 'image/png', ext: 'png', width: 160, height: 120 });
    await expectNoImageMetadata('photo.clean.png');
    const png = await readFile(p('photo.clean.png'));
    const chunks: string[] = [];
    for (let pos = 8; pos + 12 <= png.length; pos += 12 + png.readUInt32BE(pos)) chunks.push(png.toString('latin1', pos + 4, pos + 8));
    expect(new Set(chunks)).toEqual(new Set(['IHDR', 'IDAT', 'IEND']));
  });

  it('WebP: no EXIF, XMP or ICC chunk remains', async () => {
    expect(await cleaned('photo.webp', 'photo.clean.webp')).toMatchObject({ mime: 'image/webp', ext: 'webp', width: 160, height: 120 });
    await expectNoImageMetadata('photo.clean.webp');
    const webp = await readFile(p('photo.clean.webp'));
    for (const chunk of ['EXIF', 'XMP ', 'ICCP']) expect(webp.includes(chunk), chunk).toBe(false);
  });

  it('TIFF: applies orientation 8, writes lossless LZW and nothing but image structure tags', async () => {
    expect(await cleaned('photo.tif', 'photo.clean.tif')).toEqual({ kind: 'image', mime: 'image/tiff', ext: 'tif', width: 120, height: 160 });
    const tags = await expectNoImageMetadata('photo.clean.tif', TIFF_STRUCTURE);
    expect(tags['IFD0:Compression']).toBe('LZW');
    expect(tags['IFD0:Orientation']).toBe('Horizontal (normal)'); // libvips always writes 1 = as stored
  });

  it('cleaned images are themselves acceptable uploads', async () => {
    await Promise.all([
      cleaned('photo.jpg', 'photo.clean.jpg'),
      cleaned('photo.png', 'photo.clean.png'),
      cleaned('photo.webp', 'photo.clean.webp'),
      cleaned('photo.tif', 'photo.clean.tif'),
    ]);
    for (const file of ['photo.clean.jpg', 'photo.clean.png', 'photo.clean.webp', 'photo.clean.tif']) {
      await expect(inspectUpload(p(file), file)).resolves.toMatchObject({ kind: 'image' });
    }
  });
});

describe.concurrent('cleanMedia: deterministic output (duplicates share a SHA-256)', { timeout: 30_000 }, () => {
  async function twins(base: string, ext: string, editA: string[], editB: string[]): Promise<[string, string]> {
    const a = `${base}-a.${ext}`;
    const b = `${base}-b.${ext}`;
    await copyFile(p(`${base}.${ext}`), p(a));
    await copyFile(p(`${base}.${ext}`), p(b));
    await exec('exiftool', ['-q', '-q', '-m', '-overwrite_original', ...editA, p(a)]);
    await exec('exiftool', ['-q', '-q', '-m', '-overwrite_original', ...editB, p(b)]);
    expect(await sha256(p(a))).not.toBe(await sha256(p(b)));
    return [a, b];
  }

  const cameraA = ['-Make=Canon', '-Model=EOS-Secret', '-GPSLatitude=59.3', '-GPSLatitudeRef=N', '-XResolution=300', '-YResolution=300', '-Artist=DrArtist'];
  const cameraB = ['-Make=Nikon', '-Model=Z9', '-XMP:Creator=Someone', '-XResolution=72', '-YResolution=72', '-DateTimeOriginal=2023:05:06 07:08:09'];

  it.each([
    ['jpg', () => rawImage(300, 200, 11).jpeg({ quality: 95 })],
    ['png', () => rawImage(300, 200, 12).png()],
    ['tif', () => rawImage(300, 200, 13).tiff({ compression: 'deflate' })],
    ['webp', () => rawImage(300, 200, 14).webp({ lossless: true })],
  ] as const)('two copies of the same %s with different EXIF clean to identical bytes', async (ext, make) => {
    await make().toFile(p(`twin.${ext}`));
    const [a, b] = await twins('twin', ext, [...cameraA, ...(ext === 'jpg' ? ['-Comment=secret-comment'] : [])], cameraB);
    await clean(a, `${a}.clean`);
    await clean(b, `${b}.clean`);
    expect(await sha256(p(`${a}.clean`))).toBe(await sha256(p(`${b}.clean`)));
    // and cleaning is repeatable
    await clean(a, `${a}.again`);
    expect(await sha256(p(`${a}.again`))).toBe(await sha256(p(`${a}.clean`)));
  });

  it('two copies of the same MP4 with different container metadata clean to identical bytes', async () => {
    await ffmpeg(['-i', p('clip.mp4'), '-map', '0', '-c', 'copy', '-map_metadata', '-1', '-metadata', 'title=Other', '-metadata', 'location=+10.0+010.0/', p('twin-v.mp4')]);
    const [a, b] = await twins('twin-v', 'mp4', ['-Keys:Make=Samsung', '-UserData:GPSCoordinates=59.3, 18.0'], ['-Keys:Model=Pixel', '-ItemList:Title=Third']);
    await clean(a, `${a}.clean.mp4`);
    await clean(b, `${b}.clean.mp4`);
    expect(await sha256(p(`${a}.clean.mp4`))).toBe(await sha256(p(`${b}.clean.mp4`)));
  });
});

describe.concurrent('cleanMedia: video and audio', { timeout: 30_000 }, () => {
  it('the planted metadata is really there before cleaning', async () => {
    expect(ffprobeLeaks(await ffprobeJson(p('clip.mp4')))).toEqual(expect.arrayContaining([expect.stringMatching(/location/)]));
    expect(exiftoolLeaks(await exiftoolJson(p('clip.mp4')))).toEqual(expect.arrayContaining([expect.stringMatching(/Keys:GPSCoordinates/)]));
    expect(await rawLeaks(p('clip.mp4'))).toContain('x264 - core');
  });

  it('MP4: remuxed (H.264 and AAC copied) with no tags, no GPS, no handler names, no dates and no encoder SEI', async () => {
    const result = await cleaned('clip.mp4', 'clip.clean.mp4');
    expect(result).toMatchObject({ kind: 'video', mime: 'video/mp4', ext: 'mp4', width: 160, height: 120 });
    expect(result.durationMs).toBeGreaterThan(900);
    expect(result.durationMs).toBeLessThan(1200);
    await expectNoAvMetadata('clip.clean.mp4');
    const probe = await ffprobeJson(p('clip.clean.mp4'));
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
  });

  it('MOV from a phone → MP4 with the rotation kept (displayed 120×160) and nothing else', async () => {
    const result = await cleaned('phone.mov', 'phone.clean.mp4', 'IMG_0001.MOV');
    expect(result).toMatchObject({ kind: 'video', mime: 'video/mp4', ext: 'mp4', width: 120, height: 160 });
    await expectNoAvMetadata('phone.clean.mp4');
    const video = (await ffprobeJson(p('phone.clean.mp4'))).streams.find((s) => s.codec_type === 'video');
    expect(Math.abs(video?.side_data_list?.[0]?.rotation ?? 0)).toBe(90);
  });

  it('MOV with PCM audio cannot be remuxed to MP4 and is transcoded to H.264/AAC instead', async () => {
    const result = await clean('pcm.mov', 'pcm.clean.mp4');
    expect(result).toMatchObject({ kind: 'video', mime: 'video/mp4', ext: 'mp4' });
    await expectNoAvMetadata('pcm.clean.mp4');
    const probe = await ffprobeJson(p('pcm.clean.mp4'));
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
  });

  it('HDR HEVC (as iPhones record) is copied, tagged hvc1 for Apple players, without the encoder SEI', async () => {
    expect(await rawLeaks(p('hlg.mp4'))).toEqual(expect.arrayContaining(['Secret Title']));
    expect((await readFile(p('hlg.mp4'))).includes('x265 (build')).toBe(true);
    expect(await cleaned('hlg.mp4', 'hlg.clean.mp4')).toMatchObject({ kind: 'video', mime: 'video/mp4', width: 160, height: 120 });
    await expectNoAvMetadata('hlg.clean.mp4');
    expect((await readFile(p('hlg.clean.mp4'))).includes('x265 (build')).toBe(false); // also gone from hvcC
    await exec('ffmpeg', ['-v', 'error', '-xerror', '-i', p('hlg.clean.mp4'), '-f', 'null', '-']); // still decodes
    const video = (await ffprobeJson(p('hlg.clean.mp4'))).streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'hevc', pix_fmt: 'yuv420p10le', codec_tag_string: 'hvc1', color_transfer: 'arib-std-b67' });
  });

  it('WebM stays WebM (VP8/Opus copied) without tags', async () => {
    expect(await cleaned('clip.webm', 'clip.clean.webm')).toMatchObject({ kind: 'video', mime: 'video/webm', ext: 'webm', width: 161, height: 121 });
    await expectNoAvMetadata('clip.clean.webm');
  });

  it('a live-recorded WebM (no size, no duration) is cleaned, and the duration limit still applies', async () => {
    expect((await ffprobeJson(p('live.webm'))).format.duration).toBeUndefined();
    const inspection = await inspectUpload(p('live.webm'), 'inspelning.webm');
    const result = await cleanMedia(p('live.webm'), p('live.clean.webm'), inspection);
    expect(result).toMatchObject({ kind: 'video', mime: 'video/webm', width: 160, height: 120 });
    expect(result.durationMs).toBeGreaterThan(1900);
    await expectNoAvMetadata('live.clean.webm');
    const limits = { ...DEFAULT_MEDIA_LIMITS, maxDurationMs: 1000 };
    await expect(cleanMedia(p('live.webm'), p('live.short.webm'), inspection, limits)).rejects.toMatchObject({ code: 'too_long' });
    await expect(access(p('live.short.webm'))).rejects.toThrow();
  });

  it('M4A stays M4A (AAC copied) without tags', async () => {
    expect(await cleaned('sound.m4a', 'sound.clean.m4a')).toMatchObject({ kind: 'audio', mime: 'audio/mp4', ext: 'm4a' });
    await expectNoAvMetadata('sound.clean.m4a');
  });

  it('MP3: no ID3 tags and the embedded cover picture is dropped', async () => {
    expect((await ffprobeJson(p('sound.mp3'))).streams.some((s) => s.disposition?.['attached_pic'] === 1)).toBe(true);
    expect(await cleaned('sound.mp3', 'sound.clean.mp3')).toMatchObject({ kind: 'audio', mime: 'audio/mpeg', ext: 'mp3' });
    await expectNoAvMetadata('sound.clean.mp3');
    const probe = await ffprobeJson(p('sound.clean.mp3'));
    expect(probe.streams.map((s) => s.codec_type)).toEqual(['audio']);
    const bytes = await readFile(p('sound.clean.mp3'));
    expect(bytes.includes('ID3')).toBe(false);
    expect(bytes.includes('TAG')).toBe(false);
  });

  it('WAV: no LIST/INFO chunk', async () => {
    expect(await clean('sound.wav', 'sound.clean.wav')).toMatchObject({ kind: 'audio', mime: 'audio/wav', ext: 'wav' });
    await expectNoAvMetadata('sound.clean.wav');
    expect((await readFile(p('sound.clean.wav'))).includes('LIST')).toBe(false);
  });

  it('OGG: Vorbis comments emptied', async () => {
    expect(await clean('sound.ogg', 'sound.clean.ogg')).toMatchObject({ kind: 'audio', mime: 'audio/ogg', ext: 'ogg' });
    await expectNoAvMetadata('sound.clean.ogg');
    expect((await readFile(p('sound.clean.ogg'))).toString('latin1')).not.toMatch(/TITLE=|ARTIST=|COMMENT=/i);
  });

  it('an aborted job kills ffmpeg and rejects with the abort reason, leaving no output', async () => {
    const inspection = await inspectUpload(p('pcm.mov'), 'pcm.mov');
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    const job = cleanMedia(p('pcm.mov'), p('aborted.mp4'), inspection, undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 5);
    await expect(job).rejects.toBe(reason);
    await expect(access(p('aborted.mp4'))).rejects.toThrow();
  });

  it('a step over its time limit is killed and reported as MediaTimeoutError', async () => {
    const inspection = await inspectUpload(p('pcm.mov'), 'pcm.mov');
    await expect(cleanMedia(p('pcm.mov'), p('slow.mp4'), inspection, undefined, { timeoutMs: 1 })).rejects.toBeInstanceOf(MediaTimeoutError);
    await expect(access(p('slow.mp4'))).rejects.toThrow();
  });
});

describe.concurrent('derivatives', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    await Promise.all([
      cleaned('large.jpg', 'large.clean.jpg'),
      cleaned('photo.jpg', 'photo.clean.jpg'),
      cleaned('photo.png', 'photo.clean.png'),
      cleaned('clip.mp4', 'clip.clean.mp4'),
      cleaned('phone.mov', 'phone.clean.mp4', 'IMG_0001.MOV'),
      cleaned('clip.webm', 'clip.clean.webm'),
      cleaned('sound.mp3', 'sound.clean.mp3'),
      cleaned('sound.m4a', 'sound.clean.m4a'),
    ]);
  }, 60_000);

  it('image: thumbnail ≤ 256 px and preview ≤ 1600 px, JPEG, without metadata', async () => {
    expect(await makeThumbnail(p('large.clean.jpg'), 'image', p('large.thumb.jpg'))).toEqual({ mime: 'image/jpeg', width: 256, height: 128 });
    expect(await makePreview(p('large.clean.jpg'), 'image', p('large.preview.jpg'))).toEqual({ mime: 'image/jpeg', width: 1600, height: 800 });
    expect(await makeThumbnail(p('photo.clean.jpg'), 'image', p('photo.thumb.jpg'))).toEqual({ mime: 'image/jpeg', width: 100, height: 200 });
    expect(await makePreview(p('photo.clean.png'), 'image', p('photo.preview.jpg'))).toEqual({ mime: 'image/jpeg', width: 160, height: 120 });
    for (const file of ['large.thumb.jpg', 'large.preview.jpg', 'photo.thumb.jpg', 'photo.preview.jpg']) {
      await expectNoImageMetadata(file);
      expect((await sharp(p(file)).metadata()).format).toBe('jpeg');
    }
  });

  it('video: poster frame and thumbnail as JPEG, displayed the right way up', async () => {
    expect(await makePoster(p('clip.clean.mp4'), 'video', p('clip.poster.jpg'))).toEqual({ mime: 'image/jpeg', width: 160, height: 120 });
    expect(await makeThumbnail(p('clip.clean.mp4'), 'video', p('clip.thumb.jpg'))).toEqual({ mime: 'image/jpeg', width: 160, height: 120 });
    expect(await makePoster(p('phone.clean.mp4'), 'video', p('phone.poster.jpg'))).toEqual({ mime: 'image/jpeg', width: 120, height: 160 });
    expect(await makeThumbnail(p('clip.clean.webm'), 'video', p('webm.thumb.jpg'))).toMatchObject({ mime: 'image/jpeg' });
    for (const file of ['clip.poster.jpg', 'clip.thumb.jpg', 'phone.poster.jpg', 'webm.thumb.jpg']) await expectNoImageMetadata(file);
  });

  it('video: playable MP4 is H.264 (yuv420p, even size) + AAC with the index first', async () => {
    // from MP4 (stream copy) and from WebM with an odd size (transcode)
    expect(await makePlayable(p('clip.clean.mp4'), 'video', p('clip.play.mp4'))).toEqual({ mime: 'video/mp4', width: 160, height: 120 });
    expect(await makePlayable(p('clip.clean.webm'), 'video', p('webm.play.mp4'))).toEqual({ mime: 'video/mp4', width: 160, height: 120 });
    for (const file of ['clip.play.mp4', 'webm.play.mp4']) {
      const probe = await ffprobeJson(p(file));
      const video = probe.streams.find((s) => s.codec_type === 'video');
      const audio = probe.streams.find((s) => s.codec_type === 'audio');
      expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p' });
      expect((video?.width ?? 1) % 2 + (video?.height ?? 1) % 2).toBe(0);
      expect(audio?.codec_name).toBe('aac');
      const bytes = await readFile(p(file));
      expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat')); // +faststart
      await expectNoAvMetadata(file);
    }
  });

  it('video: HDR (HLG) is tone-mapped to SDR BT.709 for the playable copy', async () => {
    await cleaned('hlg.mp4', 'hlg.clean.mp4');
    expect(await makePlayable(p('hlg.clean.mp4'), 'video', p('hlg.play.mp4'))).toEqual({ mime: 'video/mp4', width: 160, height: 120 });
    const video = (await ffprobeJson(p('hlg.play.mp4'))).streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', color_transfer: 'bt709', color_primaries: 'bt709' });
    await expectNoAvMetadata('hlg.play.mp4');
    expect(await makePoster(p('hlg.clean.mp4'), 'video', p('hlg.poster.jpg'))).toEqual({ mime: 'image/jpeg', width: 160, height: 120 });
  });

  it('audio: playable copy is AAC in M4A; no thumbnail, preview or poster', async () => {
    expect(await makePlayable(p('sound.clean.mp3'), 'audio', p('mp3.play.m4a'))).toEqual({ mime: 'audio/mp4' });
    expect(await makePlayable(p('sound.clean.m4a'), 'audio', p('m4a.play.m4a'))).toEqual({ mime: 'audio/mp4' });
    for (const file of ['mp3.play.m4a', 'm4a.play.m4a']) {
      const probe = await ffprobeJson(p(file));
      expect(probe.streams.map((s) => s.codec_name)).toEqual(['aac']);
      await expectNoAvMetadata(file);
    }
    expect(await makeThumbnail(p('sound.clean.mp3'), 'audio', p('x.jpg'))).toBeNull();
    expect(await makePreview(p('sound.clean.mp3'), 'audio', p('x.jpg'))).toBeNull();
    expect(await makePoster(p('sound.clean.mp3'), 'audio', p('x.jpg'))).toBeNull();
  });

  it('no playable copy or poster for images, no preview for video', async () => {
    expect(await makePlayable(p('photo.clean.jpg'), 'image', p('x.mp4'))).toBeNull();
    expect(await makePoster(p('photo.clean.jpg'), 'image', p('x.jpg'))).toBeNull();
    expect(await makePreview(p('clip.clean.mp4'), 'video', p('x.jpg'))).toBeNull();
    await expect(access(p('x.jpg'))).rejects.toThrow();
  });
});

describe('cleanMedia: trusting an earlier inspection only for the same bytes', { timeout: 30_000 }, () => {
  it('skips the second content walk when the SHA-256 matches, with the same clean result', async () => {
    await copyFile(p('photo.jpg'), p('trusted.jpg'));
    const inspection = await inspectUpload(p('trusted.jpg'), 'trusted.jpg');
    const hash = await sha256(p('trusted.jpg'));
    const walked = await cleanMedia(p('trusted.jpg'), p('trusted.walked.jpg'), inspection);
    const trusted = await cleanMedia(p('trusted.jpg'), p('trusted.hashed.jpg'), inspection, DEFAULT_MEDIA_LIMITS, {}, hash);
    expect(trusted).toEqual(walked);
    expect(await sha256(p('trusted.hashed.jpg'))).toBe(await sha256(p('trusted.walked.jpg')));
  });

  it('inspects again in full when the file changed after its inspection', async () => {
    await copyFile(p('photo.jpg'), p('swapped.jpg'));
    const inspection = await inspectUpload(p('swapped.jpg'), 'swapped.jpg');
    const hash = await sha256(p('swapped.jpg'));
    // Someone replaces the quarantined photo with an archive after it was checked.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(p('swapped.jpg'), Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'), Buffer.alloc(300, 9)]));
    await expect(cleanMedia(p('swapped.jpg'), p('swapped.clean.jpg'), inspection, DEFAULT_MEDIA_LIMITS, {}, hash)).rejects.toMatchObject({
      code: expect.stringMatching(/^(unsupported_type|type_mismatch)$/),
    });
    await expect(access(p('swapped.clean.jpg'))).rejects.toThrow();
  });
});
