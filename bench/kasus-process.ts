/**
 * Kasus as in production for the benchmarks: `kasus serve` in its own process on a new data
 * directory, so the load generator and the measured server do not share an event loop; and the demo
 * physician's session with one new case of the demo patient.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface KasusProcess {
  base: string;
  pid: number;
  kill(): void;
}

/** Starts `kasus serve` with `env` added and waits until /api/health answers. */
export async function startKasus(dataDir: string, env: Record<string, string> = {}): Promise<KasusProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/cli.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, KASUS_DATA_DIR: dataDir, KASUS_PORT: String(port), KASUS_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, KASUS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const server = { base: `http://127.0.0.1:${port}`, pid: child.pid!, kill: () => void child.kill('SIGKILL') };
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${server.base}/api/health`)).ok) return server;
      } catch {
        if (i > 600) throw new Error('the server did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    server.kill();
    throw error;
  }
}

export interface DemoSession {
  cookie: string;
  csrfToken: string;
  /** A new draft case of the demo patient in the physician's first department. */
  newCase(): Promise<string>;
}

/** Signs in as the demo physician (`lakare`). */
export async function demoPhysician(base: string): Promise<DemoSession> {
  const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lakare', password: 'kasus-demo-2026' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { assignments: { departmentId: string }[] } };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const patient = (await (await fetch(`${base}/api/patients/lookup`, { method: 'POST', headers, body: JSON.stringify({ identifier: '19121212-1212' }) })).json()) as { id: string };
  const newCase = async () =>
    ((await (await fetch(`${base}/api/cases`, { method: 'POST', headers, body: JSON.stringify({ patientId: patient.id, departmentId: user.assignments[0]!.departmentId }) })).json()) as { id: string }).id;
  return { cookie, csrfToken, newCase };
}
