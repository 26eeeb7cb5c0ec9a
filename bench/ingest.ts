/**
 * Image ingest throughput: HTTP upload → cleaned original + thumbnail + preview stored, against a
 * bare sharp script doing the same decode/strip/resize work on the same files in the same run.
 * Prints the throughput ratio (Kasus ÷ bare sharp); the target is ≥ 0.85.
 *
 *   npm run bench:ingest            (FILES=12 ROUNDS=3 to change the load; one uncounted warm-up round first)
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { createAppOn, createSqliteDatabase } from '../test/helpers/kasus-app.js';

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

/** What Kasus does to a JPEG, with sharp alone: clean re-encode, then thumbnail and preview from the clean file. */
async function bareSharp(files: string[], out: string): Promise<number> {
  const start = performance.now();
  await pool(files, CONCURRENCY, async (file) => {
    const base = path.join(out, path.basename(file));
    await sharp(file).rotate().toColourspace('srgb').jpeg({ quality: 92, chromaSubsampling: '4:4:4', optimiseCoding: true }).toFile(`${base}.clean.jpg`);
    for (const [size, quality] of [[256, 80], [1600, 85]] as const) {
      await sharp(`${base}.clean.jpg`, { sequentialRead: true })
        .rotate()
        .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .jpeg({ quality })
        .toFile(`${base}.${size}.jpg`);
    }
  });
  return performance.now() - start;
}

async function kasus(files: string[]): Promise<number> {
  const t = await createAppOn(createSqliteDatabase(), { KASUS_WORKER_CONCURRENCY: String(CONCURRENCY), KASUS_DEMO_DATA: 'true' });
  try {
    const doctor = await t.login('lakare');
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json();
    const departmentId = (doctor.user as unknown as { assignments: { departmentId: string }[] }).assignments[0]!.departmentId;
    const caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId })).json().id as string;
    const url = await t.listen();
    const start = performance.now();
    await pool(files, UPLOADS_IN_FLIGHT, async (file) => {
      const status = await upload(`${url}/api/cases/${caseId}/media`, { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken }, file);
      if (status !== 200) throw new Error(`upload of ${file} failed: ${status}`);
    });
    // Done when every item has its thumbnail and preview. Watched in the database rather than through
    // the API: an audited case read every 20 ms would add its own load to what is measured.
    const db = t.services.database.db;
    for (;;) {
      const row = await db
        .selectFrom('media_derivative as d')
        .innerJoin('media as m', 'm.id', 'd.media_id')
        .where('m.case_id', '=', caseId)
        .where('d.kind', 'in', ['thumbnail', 'preview'])
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(row.n) >= 2 * files.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = performance.now() - start;
    // And the API agrees: every item is there with both.
    const media = (await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as { derivatives: Record<string, unknown> }[];
    if (media.length !== files.length || !media.every((m) => m.derivatives.thumbnail && m.derivatives.preview)) {
      throw new Error(`the case shows ${media.length} of ${files.length} items, not all with thumbnail and preview`);
    }
    return elapsed;
  } finally {
    await t.close();
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
  await kasus(files);
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const out = mkdtempSync(path.join(dir, 'bare-'));
    const bare = await bareSharp(files, out);
    const ours = await kasus(files);
    const ratio = bare / ours;
    ratios.push(ratio);
    console.log(
      `round ${round}: bare sharp ${(bare / 1000).toFixed(2)} s (${((FILES * 1000) / bare).toFixed(2)} images/s), ` +
        `Kasus ${(ours / 1000).toFixed(2)} s (${((FILES * 1000) / ours).toFixed(2)} images/s), ratio ${ratio.toFixed(3)}`,
    );
  }
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  console.log(`\nIngest throughput ratio (Kasus ÷ bare sharp): ${mean.toFixed(3)}  (target ≥ 0.85) ${mean >= 0.85 ? 'MET' : 'NOT MET'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
