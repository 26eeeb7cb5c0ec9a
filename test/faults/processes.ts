import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/**
 * The fault harness's processes: Kasus servers and workers as child processes that a test kills
 * with SIGKILL and starts again, and a private PostgreSQL cluster that it may kill as well (never
 * the shared server on 5432, which the other test files use).
 */

export const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A reproducible sequence in [0, 1) (mulberry32), so that a failing run can be repeated with its seed. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The environment of a child Kasus: none of the test run's own KASUS_* variables (Kasus refuses unknown ones). */
export function kasusEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KASUS_'))), ...vars };
}

/** One `kasus …` child process in a process group of its own: SIGKILL to the group takes any ffmpeg it started with it, as a crash would. */
export class KasusProcess {
  private child: ChildProcess | null = null;
  /** What the process wrote since its last start. */
  output = '';
  starts = 0;
  /** Times it ended without being killed: it is started again, as a service manager would. */
  exits: string[] = [];

  constructor(
    private readonly entry: string,
    private readonly args: string[],
    private readonly env: () => NodeJS.ProcessEnv,
  ) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Spawns the process; resolves once `ready` says so (or at once without it). */
  async start(ready?: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
    const child = spawn(process.execPath, [this.entry, ...this.args], { cwd: ROOT, env: this.env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.starts++;
    this.output = '';
    child.once('exit', (code) => {
      if (this.child !== child) return; // killed by the test
      // Ended by itself (e.g. `kasus worker` started while PostgreSQL was starting up): noted and started again.
      this.exits.push(`exit ${code}: ${this.output.slice(-500)}`);
      this.child = null;
      setTimeout(() => void this.start().catch(() => {}), 500);
    });
    const keep = (chunk: Buffer) => {
      // The last part is enough to say why a start failed; the whole would grow with every round.
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    if (!ready) return;
    const deadline = Date.now() + timeoutMs; // wall time: how long the test waits
    for (;;) {
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`kasus ${this.args.join(' ')} did not start:\n${this.output.slice(-3000)}\n${this.exits.join('\n')}`);
      await sleep(50);
    }
  }

  /** Waits until the process has written `text` since its last start. */
  async printed(text: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`kasus ${this.args.join(' ')} never printed "${text}":\n${this.output.slice(-3000)}`);
      await sleep(50);
    }
  }

  /** kill -9 of the process group; resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      return;
    }
    await exited;
  }

  /** Resident set size in bytes (VmRSS), or null when the process is gone. */
  rss(): number | null {
    const pid = this.child?.pid;
    if (!pid) return null;
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) * 1024 : null;
    } catch {
      return null;
    }
  }
}

/** A `kasus serve` child on a fixed port (kept across restarts, so clients keep their base URL). */
export async function kasusServer(entry: string, vars: Record<string, string>, args: string[] = []) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = new KasusProcess(entry, ['serve', ...args], () => kasusEnv({ ...vars, KASUS_PORT: String(port), KASUS_HOST: '127.0.0.1' }));
  const healthy = () => fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok);
  return { base, process: server, start: () => server.start(healthy), kill: () => server.kill() };
}

/** Runs `kasus <args>` to its end; its exit code and output. */
export async function kasusCommand(entry: string, args: string[], vars: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [entry, ...args], { cwd: ROOT, env: kasusEnv(vars), maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/**
 * A PostgreSQL cluster of the harness's own (initdb into a temporary directory, a free port), so
 * that its postmaster can be killed with SIGKILL without touching the shared server. PostgreSQL
 * refuses to run as root: as root the cluster is made and run as the `postgres` user.
 */
export class PrivatePostgres {
  readonly port: number;
  private readonly dir: string;
  private readonly bin: string;
  kills = 0;

  private constructor(port: number, dir: string, bin: string) {
    this.port = port;
    this.dir = dir;
    this.bin = bin;
  }

  static available(): boolean {
    return PrivatePostgres.binDir() !== null;
  }

  private static binDir(): string | null {
    const base = '/usr/lib/postgresql';
    if (!existsSync(base)) return null;
    const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a));
    return versions[0] ? path.join(base, versions[0], 'bin') : null;
  }

  /**
   * `standby`: the cluster starts as a standby without a primary (standby.signal), in recovery and
   * read-only until promote(). `start: false`: made but not started (its port refuses connections).
   */
  static async create(options: { standby?: boolean; start?: boolean } = {}): Promise<PrivatePostgres> {
    const bin = PrivatePostgres.binDir();
    if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin');
    const dir = mkdtempSync(path.join(tmpdir(), 'kasus-faults-pg-'));
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const uid = Number(stdout.trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
      chownSync(dir, uid, gid);
      chmodSync(dir, 0o700);
    }
    const cluster = new PrivatePostgres(await freePort(), dir, bin);
    await cluster.as(path.join(bin, 'initdb'), ['-D', cluster.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    if (options.standby) await cluster.as('touch', [path.join(cluster.dataDir, 'standby.signal')]);
    if (options.start ?? true) await cluster.start();
    return cluster;
  }

  /** Ends a standby's recovery: it becomes a primary that accepts writes. */
  async promote(): Promise<void> {
    await this.as(path.join(this.bin, 'pg_ctl'), ['promote', '-w', '-t', '60', '-D', this.dataDir]);
  }

  private get dataDir() {
    return path.join(this.dir, 'data');
  }

  /** Runs a PostgreSQL program as the postgres user when this process is root. */
  private as(program: string, args: string[]) {
    return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', program, ...args]) : run(program, args);
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c max_connections=200`;
    await this.as(path.join(this.bin, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', this.dataDir, '-l', path.join(this.dir, 'log'), '-o', options]);
  }

  private postmasterPid(): number | null {
    try {
      return Number(readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return null;
    }
  }

  /**
   * kill -9 of the postmaster, then of the backends it leaves (they would end on their own once they
   * notice; killing them at once is a crash of the whole server, and lets it start again right away).
   * Its next start runs crash recovery.
   */
  async kill(): Promise<void> {
    const pid = this.postmasterPid();
    if (!pid) return;
    const children = (await run('pgrep', ['-P', String(pid)]).then((r) => r.stdout, () => '')).split('\n').filter(Boolean).map(Number);
    this.kills++;
    process.kill(pid, 'SIGKILL');
    for (const child of children) {
      try {
        process.kill(child, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const alive = (p: number) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (const deadline = Date.now() + 10_000; [pid, ...children].some(alive) && Date.now() < deadline; ) await sleep(20);
  }

  async destroy(): Promise<void> {
    await this.as(path.join(this.bin, 'pg_ctl'), ['stop', '-m', 'immediate', '-D', this.dataDir]).catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}
