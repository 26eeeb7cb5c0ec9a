/**
 * Upload memory: streams a large video (default 2 GB) to a Kasus server running as its own process
 * and samples the server's resident memory from /proc while the upload runs. Prints the growth above
 * the idle level measured just before, and that growth as a share of the file size; the target is
 * under 150 MB of growth for a 2 GB file.
 *
 *   npm run bench:upload-memory        (SIZE_MB=2048 to change the file size)
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const SIZE_MB = Number(process.env.SIZE_MB ?? 2048);
const ROOT = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

const rssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'kasus-upload-bench-'));
const server = { pid: 0, kill: () => {} };
try {
  // Uncompressed video frames make a large, valid QuickTime file quickly.
  const frameBytes = 1280 * 720 * 1.5;
  const frames = Math.ceil((SIZE_MB * 1024 * 1024) / frameBytes);
  const video = path.join(dir, 'large.mov');
  console.log(`Generating a ${SIZE_MB} MB video (${frames} raw 720p frames)…`);
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=1280x720:rate=25', '-frames:v', String(frames), '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', video]);
  const size = statSync(video).size;

  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/cli.ts'), 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      KASUS_DATA_DIR: path.join(dir, 'data'),
      KASUS_PORT: String(port),
      KASUS_ADMIN_PASSWORD: 'bench-admin-password',
      KASUS_WORKER: 'off', // only the upload path is measured
      KASUS_UPLOAD_WAIT_MS: '0',
      KASUS_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  server.pid = child.pid!;
  server.kill = () => child.kill('SIGKILL');
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      if (i > 300) throw new Error('the server did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lakare', password: 'kasus-demo-2026' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { assignments: { departmentId: string }[] } };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const patient = (await (await fetch(`${base}/api/patients/lookup`, { method: 'POST', headers, body: JSON.stringify({ identifier: '19121212-1212' }) })).json()) as { id: string };
  const created = (await (await fetch(`${base}/api/cases`, { method: 'POST', headers, body: JSON.stringify({ patientId: patient.id, departmentId: user.assignments[0]!.departmentId }) })).json()) as { id: string };

  // Idle level: after start-up and a few requests, before the upload.
  await new Promise((r) => setTimeout(r, 1000));
  const idle = rssMb(server.pid);
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(server.pid));
  }, 25);
  const form = new FormData();
  form.append('file', await openAsBlob(video), 'large.mov');
  const started = Date.now();
  const response = await fetch(`${base}/api/cases/${created.id}/media`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
  const body = await response.json();
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(server.pid));
  const seconds = (Date.now() - started) / 1000;
  if (response.status !== 200) throw new Error(`upload refused: ${response.status} ${JSON.stringify(body)}`);

  const growth = peak - idle;
  console.log(`uploaded ${(size / 1024 / 1024).toFixed(0)} MB in ${seconds.toFixed(1)} s (${(size / 1024 / 1024 / seconds).toFixed(0)} MB/s), answer: ${JSON.stringify(body.items)}`);
  console.log(`server RSS: idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`);
  console.log(`\nRSS growth during upload: ${growth.toFixed(1)} MB = ${((growth * 1024 * 1024) / size).toFixed(4)} × the file size  (target < 150 MB) ${growth < 150 ? 'MET' : 'NOT MET'}`);
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
