/**
 * Large uploads, multipart against resumable (tus), through cleaning.
 *
 * Makes a large H.264 video that ffmpeg can decode (default 2 GB; lossless frames of noise, so the
 * size is real), starts a Kasus server as its own process with its worker on, and uploads the file
 * twice, to two cases of the same patient: once as multipart/form-data in one request, once over
 * tus in 8 MiB PATCHes as the web client sends them. For each it measures the time until the upload
 * is acknowledged (durable in quarantine, cleaning job enqueued), the time until the media is
 * cleaned and ready, and the server's resident memory above its idle level, sampled from /proc.
 *
 * Goals (issue 20): tus ≥ 0.8× multipart (throughput to acknowledgement), memory growth < 150 MB.
 *
 *   npm run bench:upload-memory        (SIZE_MB=2048 to change the file size)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BENCH_ADMIN_PASSWORD, demoPhysician, startKasus } from './kasus-process.js';

const SIZE_MB = Number(process.env.SIZE_MB ?? 2048);
const CHUNK_BYTES = 8 * 1024 * 1024; // src/web/resumable.ts RESUMABLE_CHUNK_BYTES
const run = promisify(execFile);

const rssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Measured {
  ackSeconds: number;
  readySeconds: number;
  growthMb: number;
}

const dir = mkdtempSync(path.join(tmpdir(), 'kasus-upload-bench-'));
const server = { pid: 0, kill: () => {} };
try {
  // Lossless H.264 of moving noise: decodable (cleaning stream-copies it like a phone's video) and
  // incompressible, so a given size needs few frames to make.
  // Lossless noise takes about 1.45× the raw frame.
  const frameBytes = 1280 * 720 * 1.5 * 1.45;
  const frames = Math.ceil((SIZE_MB * 1024 * 1024) / frameBytes);
  const video = path.join(dir, 'large.mp4');
  console.log(`Generating a ${SIZE_MB} MB H.264 video (${frames} lossless 720p frames of noise)…`);
  await run('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=gray:size=1280x720:rate=25', '-vf', 'noise=alls=100:allf=t',
    '-frames:v', String(frames), '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', video,
  ]);
  const size = statSync(video).size;
  const sizeMb = size / 1024 / 1024;

  const kasus = await startKasus(path.join(dir, 'data'), { KASUS_UPLOAD_WAIT_MS: '0' }); // acknowledged when durable; readiness is polled
  server.pid = kasus.pid;
  server.kill = kasus.kill;
  const base = kasus.base;
  // Two cases: the same bytes twice in one case would be refused as a duplicate.
  const { cookie, csrfToken, newCase } = await demoPhysician(base);

  async function untilReady(mediaId: string): Promise<void> {
    for (;;) {
      const media = (await (await fetch(`${base}/api/media/${mediaId}`, { headers: { cookie } })).json()) as { status: string };
      if (media.status === 'ready') return;
      if (media.status !== 'processing') throw new Error(`cleaning ended as ${JSON.stringify(media)}`);
      await sleep(100);
    }
  }

  const admin = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }) });
  const adminCookie = admin.headers.get('set-cookie')!.split(';')[0]!;
  /** Until the worker has nothing left (the previous upload's previews), so runs do not overlap. */
  async function untilIdle(): Promise<void> {
    for (;;) {
      const counts = (await (await fetch(`${base}/api/jobs/counts`, { headers: { cookie: adminCookie } })).json()) as { queued: number; running: number };
      if (counts.queued === 0 && counts.running === 0) return;
      await sleep(200);
    }
  }

  /** Runs one upload, sampling the server's memory above its idle level until the media is ready. */
  async function measure(name: string, upload: () => Promise<string>): Promise<Measured> {
    await untilIdle();
    await sleep(1000);
    const idle = rssMb(server.pid);
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(server.pid));
    }, 25);
    const started = performance.now();
    try {
      const mediaId = await upload();
      const ackSeconds = (performance.now() - started) / 1000;
      await untilReady(mediaId);
      const readySeconds = (performance.now() - started) / 1000;
      peak = Math.max(peak, rssMb(server.pid));
      const m = { ackSeconds, readySeconds, growthMb: peak - idle };
      console.log(
        `${name.padEnd(10)} acknowledged in ${ackSeconds.toFixed(1)} s (${(sizeMb / ackSeconds).toFixed(0)} MB/s), ` +
          `cleaned and ready in ${readySeconds.toFixed(1)} s; RSS idle ${idle.toFixed(0)} MB, growth ${m.growthMb.toFixed(1)} MB`,
      );
      return m;
    } finally {
      clearInterval(sampler);
    }
  }

  const multipart = await measure('multipart', async () => {
    const caseId = await newCase();
    const form = new FormData();
    form.append('file', await openAsBlob(video), 'large.mp4');
    const response = await fetch(`${base}/api/cases/${caseId}/media`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
    const body = (await response.json()) as { items: { id: string }[] };
    if (response.status !== 200) throw new Error(`multipart upload refused: ${response.status} ${JSON.stringify(body)}`);
    return body.items[0]!.id;
  });

  const tus = await measure('tus', async () => {
    const caseId = await newCase();
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const tusHeaders = { cookie, 'x-csrf-token': csrfToken, 'tus-resumable': '1.0.0' };
    const created = await fetch(`${base}/api/uploads`, {
      method: 'POST',
      headers: { ...tusHeaders, 'upload-length': String(size), 'upload-metadata': `caseId ${b64(caseId)},filename ${b64('large.mp4')}` },
    });
    if (created.status !== 201) throw new Error(`tus creation refused: ${created.status} ${await created.text()}`);
    const location = `${base}${created.headers.get('location')}`;
    const file = await open(video, 'r');
    try {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      for (let offset = 0; ; ) {
        const { bytesRead } = await file.read(chunk, 0, CHUNK_BYTES, offset);
        const response = await fetch(location, {
          method: 'PATCH',
          headers: { ...tusHeaders, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
          body: chunk.subarray(0, bytesRead),
        });
        if (response.status !== 204) throw new Error(`PATCH at ${offset} refused: ${response.status} ${await response.text()}`);
        offset += bytesRead;
        if (offset >= size) return response.headers.get('kasus-media-id')!;
      }
    } finally {
      await file.close();
    }
  });

  const ackRatio = multipart.ackSeconds / tus.ackSeconds;
  const readyRatio = multipart.readySeconds / tus.readySeconds;
  const growth = Math.max(multipart.growthMb, tus.growthMb);
  console.log(`\n${sizeMb.toFixed(0)} MB, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`tus / multipart throughput to acknowledgement: ${ackRatio.toFixed(2)}×  (goal ≥ 0.8) ${ackRatio >= 0.8 ? 'MET' : 'NOT MET'}`);
  console.log(`tus / multipart throughput until cleaned and ready: ${readyRatio.toFixed(2)}×`);
  console.log(`largest RSS growth: ${growth.toFixed(1)} MB  (goal < 150 MB) ${growth < 150 ? 'MET' : 'NOT MET'}`);
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
