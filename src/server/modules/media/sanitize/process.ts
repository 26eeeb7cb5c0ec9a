import { spawn } from 'node:child_process';
import { MediaTimeoutError } from './types.js';

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Collect at most this much stdout (the child is killed beyond it). Default: discard stdout. */
  maxStdoutBytes?: number;
}

export interface RunResult {
  code: number | null;
  stdout: Buffer;
  /** The last 64 KiB of stderr. */
  stderr: string;
  stdoutOverflow: boolean;
}

const STDERR_KEEP = 64 * 1024;

/** The ffmpeg/ffprobe binaries (on PATH unless overridden). */
export const FFMPEG = process.env['KASUS_FFMPEG'] ?? 'ffmpeg';
export const FFPROBE = process.env['KASUS_FFPROBE'] ?? 'ffprobe';

/**
 * Run a program with an argument array (never a shell), a time limit and abort support. The child is killed with
 * SIGKILL on timeout or abort. Resolves with the exit code; rejects with MediaTimeoutError, the abort reason, or a
 * spawn error (e.g. the program is missing).
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason ?? new Error('aborted'));
      return;
    }
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stdoutOverflow = false;
    let stderr = '';
    let settled = false;
    let failure: unknown;

    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      failure ??= new MediaTimeoutError(command, options.timeoutMs);
      kill();
    }, options.timeoutMs);
    const onAbort = () => {
      failure ??= options.signal?.reason ?? new Error('aborted');
      kill();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      if (options.maxStdoutBytes === undefined) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxStdoutBytes) {
        stdoutOverflow = true;
        kill();
        return;
      }
      stdoutChunks.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 2 * STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
    });

    const finish = (err: unknown, code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (err !== undefined) reject(err);
      else resolve({ code, stdout: Buffer.concat(stdoutChunks), stderr: stderr.slice(-STDERR_KEEP), stdoutOverflow });
    };
    child.on('error', (err) => {
      kill();
      finish(failure ?? err, null);
    });
    child.on('close', (code) => finish(failure, code));
  });
}
