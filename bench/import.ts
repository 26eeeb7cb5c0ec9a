/**
 * Card import throughput (issue 16, M5): a 200-file memory card imported through the import API
 * (staged file by file, analysed with the identity images read by OCR, committed) against the
 * same files uploaded one by one through POST /api/cases/{id}/media, in the same run, with Kasus
 * in its own process (`kasus serve`). Both are timed until every file is cleaned and has its
 * preview and thumbnail. Prints the throughput ratio (import ÷ upload); the goal is ≥ 0.9.
 *
 *   npm run bench:import            (FILES=200 ROUNDS=1 WIDTH=2000 to change the load; one uncounted warm-up round of 20 files first)
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { writeShot } from '../test/helpers/card-fixtures.js';
import { demoPhysician, startKasus } from './kasus-process.js';

const FILES = Number(process.env.FILES ?? 200);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
/** A camera-like picture, smaller than a real camera's so that a 200-file card fits a bench run. */
const WIDTH = Number(process.env.WIDTH ?? 2000);
const HEIGHT = Math.round((WIDTH * 3) / 4);
/** Files in flight from the client on both sides (the web UI keeps 2–3 going). */
const IN_FLIGHT = 3;
const PATIENT = '19121212-1212';

/** The card: an identity image, photos ten seconds apart, an identity image; one capture session. */
async function makeCard(dir: string, count: number): Promise<string[]> {
  const at = (i: number) => {
    const s = 9 * 3600 + i * 10;
    return `2026:12:01 ${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  const camera = { make: 'BenchCam', model: 'B-1' };
  const files = [await writeShot(dir, { name: 'IMG_0000.JPG', at: at(0), ...camera, identifier: PATIENT, width: WIDTH, height: HEIGHT })];
  for (let i = 1; i < count - 1; i++) {
    const file = path.join(dir, `IMG_${String(i).padStart(4, '0')}.JPG`);
    // Noise, so that every file is different and compresses like a photo, not like a flat colour.
    await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 90 + (i % 80), sigma: 25 } } })
      .jpeg({ quality: 88 })
      .withExif({ IFD0: { Make: camera.make, Model: camera.model }, IFD2: { DateTimeOriginal: at(i), OffsetTimeOriginal: '+01:00' } })
      .toFile(file);
    files.push(file);
  }
  files.push(await writeShot(dir, { name: `IMG_${String(count - 1).padStart(4, '0')}.JPG`, at: at(count - 1), ...camera, identifier: PATIENT, width: WIDTH, height: HEIGHT }));
  return files;
}

/** A lean multipart client: one file streamed from disk into one request; resolves with status and body. */
function post(url: string, headers: Record<string, string>, file: string): Promise<{ status: number; body: string }> {
  const boundary = `----kasus-bench-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + statSync(file).size + tail.length },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
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

/** One side of the comparison on a fresh server: `send` puts the files into the case; timed until all are ready. */
async function measure(files: string[], send: (base: string, session: Awaited<ReturnType<typeof demoPhysician>>, caseId: string) => Promise<void>): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kasus-bench-import-'));
  const server = await startKasus(dataDir);
  let db: Database.Database | undefined;
  try {
    const session = await demoPhysician(server.base);
    const caseId = await session.newCase();
    // Progress is watched in the server's database file (read only), not through audited API reads.
    db = new Database(path.join(dataDir, 'kasus.db'), { readonly: true, fileMustExist: true });
    const finished = db.prepare(`select count(*) as n from media_derivative d join media m on m.id = d.media_id where m.case_id = ? and d.kind in ('thumbnail', 'preview')`);
    const start = performance.now();
    await send(server.base, session, caseId);
    while ((finished.get(caseId) as { n: number }).n < 2 * files.length) await new Promise((r) => setTimeout(r, 20));
    const elapsed = performance.now() - start;
    const media = ((await (await fetch(`${server.base}/api/cases/${caseId}`, { headers: { cookie: session.cookie } })).json()) as { media: unknown[] }).media;
    if (media.length !== files.length) throw new Error(`the case holds ${media.length} of ${files.length} files`);
    return elapsed;
  } finally {
    db?.close();
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const uploadOneByOne = (files: string[]) => (base: string, s: Awaited<ReturnType<typeof demoPhysician>>, caseId: string) =>
  pool(files, IN_FLIGHT, async (file) => {
    const { status } = await post(`${base}/api/cases/${caseId}/media`, { cookie: s.cookie, 'x-csrf-token': s.csrfToken }, file);
    if (status !== 200) throw new Error(`upload of ${file}: ${status}`);
  });

const importCard = (files: string[]) => async (base: string, s: Awaited<ReturnType<typeof demoPhysician>>, caseId: string) => {
  const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken };
  const begun = await fetch(`${base}/api/cases/${caseId}/imports`, { method: 'POST', headers });
  if (begun.status !== 201) throw new Error(`import: ${begun.status} ${await begun.text()}`);
  const { id } = (await begun.json()) as { id: string };
  await pool(files, IN_FLIGHT, async (file) => {
    const { status, body } = await post(`${base}/api/imports/${id}/files`, headers, file);
    if (status !== 200 || (JSON.parse(body) as { refused: unknown[] }).refused.length > 0) throw new Error(`staging ${file}: ${status} ${body.slice(0, 200)}`);
  });
  const view = (await (await fetch(`${base}/api/imports/${id}`, { headers })).json()) as { sessions: unknown[]; files: { identifier: unknown }[]; problems: { code: string }[] };
  // One session; its identity images read (the warm-up's slice of the card has only the first).
  if (view.sessions.length !== 1 || view.files.filter((f) => f.identifier).length < 1) throw new Error(`unexpected analysis: ${JSON.stringify(view.problems)}`);
  const committed = await fetch(`${base}/api/imports/${id}/commit`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
  if (committed.status !== 200) throw new Error(`commit: ${committed.status} ${await committed.text()}`);
};

const dir = mkdtempSync(path.join(tmpdir(), 'kasus-bench-card-'));
try {
  console.log(`Writing a ${FILES}-file card (${WIDTH}×${HEIGHT} JPEGs, identity images first and last)…`);
  const files = await makeCard(dir, FILES);
  const warm = files.slice(0, 20);
  await measure(warm, uploadOneByOne(warm));
  await measure(warm, importCard(warm));
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const upload = await measure(files, uploadOneByOne(files));
    const imported = await measure(files, importCard(files));
    const ratio = upload / imported;
    ratios.push(ratio);
    console.log(
      `round ${round}: one-by-one upload ${(upload / 1000).toFixed(1)} s (${((FILES * 1000) / upload).toFixed(2)} files/s), ` +
        `card import ${(imported / 1000).toFixed(1)} s (${((FILES * 1000) / imported).toFixed(2)} files/s), ratio ${ratio.toFixed(3)}`,
    );
  }
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  console.log(`\nCard import throughput ratio (import ÷ one-by-one upload): ${mean.toFixed(3)}  (goal ≥ 0.9, issue 16) ${mean >= 0.9 ? 'MET' : 'NOT MET'}`);
  console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
