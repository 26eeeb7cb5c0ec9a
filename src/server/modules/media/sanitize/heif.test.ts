/**
 * HEIC/HEIF, as iPhones and many Android phones write it: HEVC-coded, often a grid of tiles, with EXIF (GPS), XMP,
 * `irot`/`imir` transformations and several images (thumbnails, bursts, depth maps). The files are made here with
 * heif-enc (libheif with x265) and edited box by box; the results are checked with exiftool and by their pixels.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MEDIA_LIMITS,
  MediaRefusal,
  MediaTimeoutError,
  cleanMedia,
  inspectUpload,
  type CleanResult,
  type Inspection,
} from './index.js';
import {
  exec,
  exiftoolJson,
  exiftoolLeaks,
  heifEnc,
  heifItems,
  heifWithExtent,
  heifWithItemType,
  heifWithPrimary,
  heifWithProperties,
  heifWithTransform,
  nclxColour,
  rawLeaks,
  sha256,
  tempDir,
  refusalOf,
} from './test-fixtures.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const p = (name: string) => tmp.path(name);

async function clean(file: string, out: string): Promise<{ inspection: Inspection; result: CleanResult }> {
  const inspection = await inspectUpload(p(file), file);
  return { inspection, result: await cleanMedia(p(file), p(out), inspection) };
}

/** Mean red and green of each quadrant (top-left, top-right, bottom-left, bottom-right), read with sharp. */
async function quadrants(file: string): Promise<Array<'red' | 'green' | 'grey'>> {
  const { width, height } = await sharp(p(file)).metadata();
  const w = Math.floor(width! / 2);
  const h = Math.floor(height! / 2);
  const out: Array<'red' | 'green' | 'grey'> = [];
  for (const [left, top] of [[0, 0], [w, 0], [0, h], [w, h]] as const) {
    // (sharp's stats() would ignore the extract: the means are computed here)
    const data = await sharp(p(file)).extract({ left, top, width: w, height: h }).removeAlpha().raw().toBuffer();
    let [r, g] = [0, 0];
    for (let i = 0; i < data.length; i += 3) [r, g] = [r + data[i]!, g + data[i + 1]!];
    [r, g] = [r / (data.length / 3), g / (data.length / 3)];
    out.push(r > 180 && g < 90 ? 'red' : g > 180 && r < 90 ? 'green' : 'grey');
  }
  return out;
}

let photo: Buffer; // 96×64, red top-left quadrant on grey, one HEVC image item
let primaryId: number;

beforeAll(async () => {
  tmp = await tempDir();
  // 96×64 grey with a red top-left quadrant, written pixel by pixel
  const pixels = Buffer.alloc(96 * 64 * 3, 0x80);
  for (let y = 0; y < 32; y++) for (let x = 0; x < 48; x++) pixels.set([0xff, 0, 0], (y * 96 + x) * 3);
  await sharp(pixels, { raw: { width: 96, height: 64, channels: 3 } }).png().toFile(p('marked.png'));
  // 40×30: too small for one x265 picture, so heif-enc writes a grid of one tile (as phones write grids of tiles)
  await sharp(pixels, { raw: { width: 96, height: 64, channels: 3 } }).resize(40, 30, { fit: 'fill' }).png().toFile(p('small.png'));
  // (at least 64 px each way, so heif-enc codes it as one image item rather than a grid of tiles)
  await sharp({ create: { width: 72, height: 80, channels: 3, background: '#00ff00' } }).png().toFile(p('second.png'));
  await Promise.all([
    heifEnc([p('marked.png')], p('photo.heic')),
    heifEnc([p('marked.png'), p('second.png')], p('burst.heic')),
    heifEnc([p('marked.png')], p('with-thumbnail.heic'), { thumbnail: 32 }),
    heifEnc([p('small.png')], p('grid.heic')),
  ]);
  photo = await readFile(p('photo.heic'));
  primaryId = heifItems(photo).primary;

  // A phone's HEIC: EXIF with GPS, camera and owner, XMP, and an EXIF orientation that HEIF readers ignore.
  await writeFile(p('IMG_0001.HEIC'), photo);
  await exec('exiftool', [
    '-q', '-q', '-overwrite_original', '-m', '-n',
    '-Make=Canon', '-Model=EOS-Secret', '-SerialNumber=998877', '-Artist=DrArtist', '-Software=CameraFW',
    '-GPSLatitude=59.3', '-GPSLatitudeRef=N', '-GPSLongitude=18.0', '-GPSLongitudeRef=E',
    '-XMP:Creator=Dr Anna', '-XMP:Location=Ward7', '-DateTimeOriginal=2024:01:02 03:04:05', '-Orientation=6',
    p('IMG_0001.HEIC'),
  ]);
}, 60_000);

afterAll(async () => {
  await tmp?.remove();
});

describe.concurrent('HEIC/HEIF photos are accepted and cleaned', { timeout: 60_000 }, () => {
  it('the planted metadata is really in the HEIC before cleaning (the test would prove nothing otherwise)', async () => {
    const tags = await exiftoolJson(p('IMG_0001.HEIC'));
    expect(tags['GPS:GPSLatitude']).toBeDefined();
    expect(tags['IFD0:Make']).toBe('Canon');
    expect(tags['XMP-dc:Creator']).toBe('Dr Anna');
    expect(tags['IFD0:Orientation']).toBe('Rotate 90 CW');
  });

  it('a HEIC with EXIF (GPS), XMP and an EXIF orientation becomes a clean JPEG: no EXIF, GPS or XMP left', async () => {
    const { inspection, result } = await clean('IMG_0001.HEIC', 'IMG_0001.jpg');
    expect(inspection).toEqual({ kind: 'image', mime: 'image/heic', ext: 'heic', width: 96, height: 64 });
    expect(result).toMatchObject({ kind: 'image', mime: 'image/jpeg', ext: 'jpg', width: 96, height: 64 });
    expect(result.sha256).toBe(await sha256(p('IMG_0001.jpg')));

    const tags = await exiftoolJson(p('IMG_0001.jpg'));
    expect(tags['File:FileType']).toBe('JPEG');
    expect(exiftoolLeaks(tags)).toEqual([]);
    expect(Object.keys(tags).filter((k) => /^(IFD0|ExifIFD|GPS|XMP|MPF|ICC_Profile|Photoshop|IPTC)/.test(k))).toEqual([]);
    expect(await rawLeaks(p('IMG_0001.jpg'))).toEqual([]);
    // In HEIF, irot/imir are the orientation; the EXIF tag is not applied a second time.
    expect([tags['File:ImageWidth'], tags['File:ImageHeight']]).toEqual([96, 64]);
    expect(await quadrants('IMG_0001.jpg')).toEqual(['red', 'grey', 'grey', 'grey']);
  });

  it('irot and imir are applied (the picture comes out as displayed), and the inspection reports the displayed size', async () => {
    // [transform, displayed width × height, where the red corner ends up]
    const cases = [
      [{ irot: 1 }, [64, 96], ['grey', 'grey', 'red', 'grey']], // 90° anticlockwise: top-left → bottom-left
      [{ irot: 2 }, [96, 64], ['grey', 'grey', 'grey', 'red']],
      [{ irot: 3 }, [64, 96], ['grey', 'red', 'grey', 'grey']], // 270° anticlockwise: top-left → top-right
      [{ imir: 0 }, [96, 64], ['grey', 'grey', 'red', 'grey']], // mirrored top to bottom
      [{ imir: 1 }, [96, 64], ['grey', 'red', 'grey', 'grey']], // mirrored left to right
      [{ irot: 1, imir: 1 }, [64, 96], ['grey', 'grey', 'grey', 'red']],
    ] as const;
    for (const [i, [transform, [width, height], corners]] of cases.entries()) {
      await writeFile(p(`rotated-${i}.heic`), heifWithTransform(photo, primaryId, transform));
      const { inspection, result } = await clean(`rotated-${i}.heic`, `rotated-${i}.jpg`);
      const tags = await exiftoolJson(p(`rotated-${i}.jpg`));
      const label = JSON.stringify(transform);
      expect([inspection.width, inspection.height], label).toEqual([width, height]);
      expect([result.width, result.height], label).toEqual([width, height]);
      expect([tags['File:ImageWidth'], tags['File:ImageHeight']], label).toEqual([width, height]);
      expect(await quadrants(`rotated-${i}.jpg`), label).toEqual(corners);
      expect(exiftoolLeaks(tags), label).toEqual([]);
    }
  });

  it('a multi-image HEIF keeps its primary image (pitm), wherever it is in the file', async () => {
    const burst = await readFile(p('burst.heic'));
    const { primary, items } = heifItems(burst);
    const { result } = await clean('burst.heic', 'burst.jpg');
    expect([result.width, result.height]).toEqual([96, 64]);
    expect(await quadrants('burst.jpg')).toEqual(['red', 'grey', 'grey', 'grey']);

    // The same file with the second image as primary: the first top-level image is not the one kept.
    expect(items.map((item) => item.type)).toEqual(['hvc1', 'hvc1']);
    const second = items.find((item) => item.id !== primary)!;
    await writeFile(p('burst-second.heic'), heifWithPrimary(burst, second.id));
    const { inspection, result: kept } = await clean('burst-second.heic', 'burst-second.jpg');
    expect([inspection.width, inspection.height]).toEqual([72, 80]);
    expect([kept.width, kept.height]).toEqual([72, 80]);
    expect(await quadrants('burst-second.jpg')).toEqual(['green', 'green', 'green', 'green']);
    expect(exiftoolLeaks(await exiftoolJson(p('burst-second.jpg')))).toEqual([]);
  });

  it('a HEIC with a thumbnail item keeps the full image, not the thumbnail', async () => {
    const { result } = await clean('with-thumbnail.heic', 'with-thumbnail.jpg');
    expect([result.width, result.height]).toEqual([96, 64]);
    const tags = await exiftoolJson(p('with-thumbnail.jpg'));
    expect(exiftoolLeaks(tags)).toEqual([]);
    expect(await quadrants('with-thumbnail.jpg')).toEqual(['red', 'grey', 'grey', 'grey']);
  });

  it('a grid image (tiles, as phones write) is decoded whole, and irot on the grid is applied', async () => {
    const grid = await readFile(p('grid.heic'));
    const { primary, items } = heifItems(grid);
    expect(items.find((item) => item.id === primary)?.type).toBe('grid');
    const { inspection, result } = await clean('grid.heic', 'grid.jpg');
    expect([inspection.width, inspection.height, result.width, result.height]).toEqual([40, 30, 40, 30]);
    expect(await quadrants('grid.jpg')).toEqual(['red', 'grey', 'grey', 'grey']);

    await writeFile(p('grid-rotated.heic'), heifWithTransform(grid, primary, { irot: 1 }));
    const rotated = await clean('grid-rotated.heic', 'grid-rotated.jpg');
    expect([rotated.inspection.width, rotated.inspection.height, rotated.result.width, rotated.result.height]).toEqual([30, 40, 30, 40]);
    expect(await quadrants('grid-rotated.jpg')).toEqual(['grey', 'grey', 'red', 'grey']);
    expect(exiftoolLeaks(await exiftoolJson(p('grid-rotated.jpg')))).toEqual([]);
  });

  it('colours in Display P3 (an ICC profile as iPhones write, or nclx primaries) are converted to sRGB, and no profile is kept', async () => {
    // sRGB (220, 40, 40) is (202, 59, 50) in Display P3: the HEIC holds the P3 values.
    const srgb = Buffer.alloc(128 * 96 * 3);
    for (let i = 0; i < srgb.length; i += 3) srgb.set([220, 40, 40], i);
    const p3 = await sharp(srgb, { raw: { width: 128, height: 96, channels: 3 } }).withIccProfile('p3').raw().toBuffer();
    expect([...p3.subarray(0, 3)]).toEqual([202, 59, 50]);
    await sharp(srgb, { raw: { width: 128, height: 96, channels: 3 } }).withIccProfile('p3').png().toFile(p('p3-icc.png'));
    await sharp(p3, { raw: { width: 128, height: 96, channels: 3 } }).png().toFile(p('p3-values.png'));
    await heifEnc([p('p3-icc.png')], p('p3-icc.heic'));
    await heifEnc([p('p3-values.png')], p('p3-values.heic'));
    const values = await readFile(p('p3-values.heic'));
    await writeFile(p('p3-nclx.heic'), heifWithProperties(values, heifItems(values).primary, [nclxColour(12)]));
    expect((await exiftoolJson(p('p3-icc.heic')))['ICC_Profile:ProfileDescription']).toBeDefined();
    for (const file of ['p3-icc', 'p3-nclx']) {
      await clean(`${file}.heic`, `${file}.jpg`);
      const pixel = [...(await sharp(p(`${file}.jpg`)).extract({ left: 60, top: 40, width: 1, height: 1 }).raw().toBuffer())];
      for (const [k, value] of [220, 40, 40].entries()) expect(Math.abs(pixel[k]! - value), `${file}: ${pixel}`).toBeLessThanOrEqual(6);
      const tags = await exiftoolJson(p(`${file}.jpg`));
      expect(exiftoolLeaks(tags)).toEqual([]);
    }
  });

  it('an auxiliary image (alpha plane, as depth maps are) is not taken for the picture; transparency becomes white', async () => {
    // left half the marked photo, right half fully transparent
    const rgba = await sharp(p('marked.png')).ensureAlpha().raw().toBuffer();
    for (let y = 0; y < 64; y++) for (let x = 48; x < 96; x++) rgba[(y * 96 + x) * 4 + 3] = 0;
    await sharp(rgba, { raw: { width: 96, height: 64, channels: 4 } }).png().toFile(p('transparent.png'));
    await heifEnc([p('transparent.png')], p('with-alpha.heic'), { alpha: true });
    expect(JSON.stringify(await exiftoolJson(p('with-alpha.heic')))).toContain('auxid:1'); // an alpha auxiliary image
    const { result } = await clean('with-alpha.heic', 'with-alpha.jpg');
    expect([result.width, result.height]).toEqual([96, 64]);
    const right = await sharp(p('with-alpha.jpg')).extract({ left: 60, top: 40, width: 1, height: 1 }).raw().toBuffer();
    expect([...right].every((v) => v >= 245), `${[...right]}`).toBe(true);
    expect((await quadrants('with-alpha.jpg'))[0]).toBe('red');
  });

  it('the cleaned JPEG is itself an acceptable upload', async () => {
    await clean('photo.heic', 'photo.jpg');
    expect(await inspectUpload(p('photo.jpg'), 'photo.jpg')).toEqual({ kind: 'image', mime: 'image/jpeg', ext: 'jpg', width: 96, height: 64 });
  });
});

describe.concurrent('HEIC/HEIF: what is still refused', { timeout: 60_000 }, () => {
  it('a decompression bomb by declared size (ispe) is refused at inspection, before any decoding', async () => {
    await writeFile(p('bomb.heic'), heifWithExtent(photo, 30_000, 30_000));
    const refusal = await refusalOf(inspectUpload(p('bomb.heic'), 'bomb.heic'));
    expect(refusal.code).toBe('too_many_pixels');
    expect(refusal.message).toContain('30000 × 30000');
  });

  it('the job checks the size again before decoding (a verdict kept from an inspection under other limits)', async () => {
    const inspection = await inspectUpload(p('photo.heic'), 'photo.heic');
    const limits = { ...DEFAULT_MEDIA_LIMITS, maxPixels: 96 * 64 - 1 };
    const refusal = await refusalOf(cleanMedia(p('photo.heic'), p('small-limit.jpg'), inspection, limits, {}, await sha256(p('photo.heic'))));
    expect(refusal.code).toBe('too_many_pixels');
  });

  it('a truncated HEIC is refused as truncated', async () => {
    await writeFile(p('cut.heic'), photo.subarray(0, photo.length - 40));
    expect((await refusalOf(inspectUpload(p('cut.heic'), 'cut.heic'))).code).toBe('truncated');
  });

  it('a HEIF whose primary image has a coding Kasus cannot decode is refused with heic_unsupported', async () => {
    await writeFile(p('other-coding.heif'), heifWithItemType(photo, primaryId, 'j2k1'));
    const refusal = await refusalOf(inspectUpload(p('other-coding.heif'), 'other-coding.heif'));
    expect(refusal.code).toBe('heic_unsupported');
    expect(refusal.message).toMatch(/JPEG/);
  });

  it('decoding is stopped by the time limit and by an abort, leaving no output', async () => {
    const inspection = await inspectUpload(p('photo.heic'), 'photo.heic');
    await expect(cleanMedia(p('photo.heic'), p('timeout.jpg'), inspection, DEFAULT_MEDIA_LIMITS, { timeoutMs: 1 })).rejects.toBeInstanceOf(
      MediaTimeoutError,
    );
    const controller = new AbortController();
    const reason = new Error('stopped by the test');
    const job = cleanMedia(p('photo.heic'), p('aborted.jpg'), inspection, DEFAULT_MEDIA_LIMITS, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 5);
    await expect(job).rejects.toBe(reason);
    await expect(readFile(p('timeout.jpg'))).rejects.toThrow();
    await expect(readFile(p('aborted.jpg'))).rejects.toThrow();
  });
});

describe('HEIC/HEIF: damaged item tables give a refusal, never an error', { timeout: 120_000 }, () => {
  it('random bytes in the meta box: inspection and cleaning either accept or refuse with a MediaRefusal', async () => {
    const meta = photo.indexOf(Buffer.from('meta', 'latin1')) - 4;
    const metaEnd = meta + photo.readUInt32BE(meta);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: meta + 8, max: metaEnd - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (edits, alsoClean) => {
          const bytes = Buffer.from(photo);
          for (const [at, value] of edits) bytes[at] = value;
          const name = `fuzz-${run++}.heic`;
          await writeFile(p(name), bytes);
          const outcome = async (promise: Promise<unknown>) => {
            try {
              await promise;
              return 'accepted';
            } catch (err) {
              if (err instanceof MediaRefusal) return err.code;
              throw err;
            }
          };
          const inspected = await outcome(inspectUpload(p(name), name));
          if (inspected === 'accepted' && alsoClean) {
            await outcome(cleanMedia(p(name), p(`${name}.jpg`), { kind: 'image', mime: 'image/heic', ext: 'heic' }));
          }
        },
      ),
      { numRuns: Number(process.env['KASUS_HEIF_FUZZ_RUNS'] ?? 150), seed: Number(process.env['KASUS_HEIF_FUZZ_SEED'] ?? 21) },
    );
  });
});

describe('HEIC decoding leaves the event loop free', { timeout: 120_000 }, () => {
  // The cleaning job runs in the process that serves HTTP; libheif is synchronous WebAssembly, so it runs in a
  // worker thread. Measured as a ratio against the same decode on this thread, in the same run (CI is noisy).
  it('timers keep firing while a detailed 2400×1600 HEIC is decoded and cleaned', async () => {
    // Noise makes the HEVC decode heavy (a flat image decodes too fast to tell the two apart).
    await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .png()
      .toFile(p('large.png'));
    await heifEnc([p('large.png')], p('large.heic'), { quality: 60 });
    const inspection = await inspectUpload(p('large.heic'), 'large.heic');
    const decodeOnThisThread = createRequire(import.meta.url)('heic-decode') as (input: { buffer: Buffer }) => Promise<unknown>;
    const started = performance.now();
    await decodeOnThisThread({ buffer: await readFile(p('large.heic')) });
    const blocking = performance.now() - started;
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    try {
      const result = await cleanMedia(p('large.heic'), p('large.jpg'), inspection);
      expect([result.width, result.height]).toEqual([2400, 1600]);
    } finally {
      clearInterval(timer);
    }
    expect(blocking).toBeGreaterThan(200);
    expect(longest).toBeLessThan(blocking / 2);
  });
});
