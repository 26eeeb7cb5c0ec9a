/**
 * Image ingest throughput: HTTP upload → cleaned original + preview + thumbnail stored, with Kasus
 * in its own process, against a bare sharp script doing exactly Kasus's decode/strip/resize work
 * (the thumbnail made from the preview, as Kasus makes it) on the same files in the same run.
 * Prints the throughput ratio (Kasus ÷ bare sharp); the goal is ≥ 0.95 (issue 20).
 *
 *   npm run bench:ingest            (FILES=12 ROUNDS=3 to change the load; one uncounted warm-up round first)
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { JPEG_MASTER } from '../src/server/modules/media/sanitize/clean-image.js';
import { PREVIEW_SIZE, THUMBNAIL_SIZE } from '../src/server/modules/media/sanitize/derivatives.js';
import { demoPhysician, startKasus } from './kasus-process.js';

const FILES = Number(process.env.FILES ?? 12);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
/** Images processed at a time, the same on both sides: sharp's lanes, Kasus's worker slots. */
const CONCURRENCY = 2;
/** Files in flight from the client, as the web UI sends them (it keeps 3 uploads going). */
const UPLOADS_IN_FLIGHT = 3;

/** A 12-megapixel camera-like JPEG: smooth gradients with fine noise, EXIF included. */
async function makeJpeg(file: string, seed: number): Promise<void> {
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const noise = (state >>> 24) & 15;
      const i = (y * width + x) * 3;
      pixels[i] = ((x * 255) / width + noise) & 0xff;
      pixels[i + 1] = ((y * 255) / height + noise + seed * 20) & 0xff;
      pixels[i + 2] = (((x + y) * 128) / width + noise) & 0xff;
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 1, exif: { IFD0: { Make: 'BenchCam', Model: 'B-1' } } })
    .toFile(file);
}

/**
 * A lean multipart client: streams the file from disk into one request. The client shares this
 * machine's two cores with the server, so it should cost as little as a browser on another machine would.
 */
function upload(url: string, headers: Record<string, string>, file: string): Promise<number> {
  const boundary = `----kasus-bench-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + statSync(file).size + tail.length },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.write(head);
    const body = createReadStream(file);
    body.on('error', reject);
    body.on('end', () => request.end(tail));
    body.pipe(request, { end: false });
  });
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

/**
 * Exactly what Kasus does to a JPEG, with sharp alone (src/server/modules/media/sanitize): the clean
 * re-encode (EXIF orientation applied, sRGB, JPEG_MASTER, encoded in memory and hashed as written),
 * then the 1600 px preview from the clean file and the 256 px thumbnail from the preview.
 */
async function bareSharp(files: string[], out: string): Promise<number> {
  const derivative = (input: string, box: number, quality: number, output: string) =>
    sharp(input, { limitInputPixels: false, failOn: 'error', sequentialRead: true })
      .rotate()
      .resize({ width: box, height: box, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality, mozjpeg: false })
      .toFile(output);
  const start = performance.now();
  await pool(files, CONCURRENCY, async (file) => {
    const base = path.join(out, path.basename(file));
    const clean = await sharp(file, { failOn: 'error', sequentialRead: true }).rotate().toColourspace('srgb').jpeg(JPEG_MASTER).toBuffer();
    createHash('sha256').update(clean).digest('hex');
    await writeFile(`${base}.clean.jpg`, clean);
    await derivative(`${base}.clean.jpg`, PREVIEW_SIZE, 85, `${base}.preview.jpg`);
    await derivative(`${base}.preview.jpg`, THUMBNAIL_SIZE, 80, `${base}.thumbnail.jpg`);
  });
  return performance.now() - start;
}

/** Kasus as in production: its own process (`kasus serve`) on a new data directory, its worker inside. */
async function kasus(files: string[], dataDir: string): Promise<number> {
  const server = await startKasus(dataDir, { KASUS_WORKER_CONCURRENCY: String(CONCURRENCY) });
  const base = server.base;
  let db: Database.Database | undefined;
  try {
    const { cookie, csrfToken, newCase } = await demoPhysician(base);
    const caseId = await newCase();
    // Progress is watched in the server's database file (read only, WAL) rather than through the API:
    // an audited case read every 20 ms would add its own load to what is measured.
    db = new Database(path.join(dataDir, 'kasus.db'), { readonly: true, fileMustExist: true });
    const finished = db.prepare(
      `select count(*) as n from media_derivative d join media m on m.id = d.media_id where m.case_id = ? and d.kind in ('thumbnail', 'preview')`,
    );
    const start = performance.now();
    await pool(files, UPLOADS_IN_FLIGHT, async (file) => {
      const status = await upload(`${base}/api/cases/${caseId}/media`, { cookie, 'x-csrf-token': csrfToken }, file);
      if (status !== 200) throw new Error(`upload of ${file} failed: ${status}`);
    });
    while ((finished.get(caseId) as { n: number }).n < 2 * files.length) await new Promise((r) => setTimeout(r, 20));
    const elapsed = performance.now() - start;
    // And the API agrees: every item is there with both.
    const media = ((await (await fetch(`${base}/api/cases/${caseId}`, { headers: { cookie } })).json()) as { media: { derivatives: Record<string, unknown> }[] }).media;
    if (media.length !== files.length || !media.every((m) => m.derivatives.thumbnail && m.derivatives.preview)) {
      throw new Error(`the case shows ${media.length} of ${files.length} items, not all with thumbnail and preview`);
    }
    return elapsed;
  } finally {
    db?.close();
    server.kill();
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'kasus-bench-'));
try {
  console.log(`Generating ${FILES} 12-megapixel JPEGs…`);
  const files: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const file = path.join(dir, `IMG_${1000 + i}.jpg`);
    await makeJpeg(file, i + 1);
    files.push(file);
  }
  // One uncounted round first, for both sides: code compiled, caches and page cache warm.
  await bareSharp(files, mkdtempSync(path.join(dir, 'warm-')));
  await kasus(files, mkdtempSync(path.join(dir, 'kasus-')));
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const out = mkdtempSync(path.join(dir, 'bare-'));
    const bare = await bareSharp(files, out);
    const ours = await kasus(files, mkdtempSync(path.join(dir, 'kasus-')));
    const ratio = bare / ours;
    ratios.push(ratio);
    console.log(
      `round ${round}: bare sharp ${(bare / 1000).toFixed(2)} s (${((FILES * 1000) / bare).toFixed(2)} images/s), ` +
        `Kasus ${(ours / 1000).toFixed(2)} s (${((FILES * 1000) / ours).toFixed(2)} images/s), ratio ${ratio.toFixed(3)}`,
    );
  }
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  console.log(`\nIngest throughput ratio (Kasus ÷ bare sharp): ${mean.toFixed(3)}  (goal ≥ 0.95, issue 20) ${mean >= 0.95 ? 'MET' : 'NOT MET'}`);
  console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
