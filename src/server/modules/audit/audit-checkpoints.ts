import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { AuditKey, PublicKeyInfo } from './audit-key.js';
import type { AuditRepository } from './audit-repository.js';

/**
 * A signed statement "at time `at`, the audit chain ended at event `seq` with hash `hash`", signed
 * with the Ed25519 key `keyId`. Kept in the database and, as one JSON line each, in a file that
 * can live elsewhere (write-once storage), so that a chain cut short or recomputed by someone with
 * write access to the database no longer matches what was signed before.
 */
export interface SignedCheckpoint {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  /** Ed25519 signature (base64) of `checkpointMessage`. */
  signature: string;
}

/** A checkpoint to check, and where it came from ("database", or "file.jsonl line 3"). */
export interface CheckpointEntry {
  source: string;
  checkpoint: SignedCheckpoint | null;
  /** Why the entry is not a checkpoint (a line that is not one); null when it parsed. */
  error: string | null;
}

/**
 * The exact text that is signed, as UTF-8: a JSON array in a fixed order, e.g.
 * `["kasus-audit-checkpoint/1",42,"9f…","2026-12-07T03:00:00.000Z","a1b2c3d4e5f60718"]`.
 * An auditor can check a line with any Ed25519 tool and the public key `kasus audit key` prints.
 */
export const checkpointMessage = (c: Pick<SignedCheckpoint, 'seq' | 'hash' | 'at' | 'keyId'>): string =>
  JSON.stringify(['kasus-audit-checkpoint/1', c.seq, c.hash, c.at, c.keyId]);

/** One line of a checkpoint file (without the newline). */
export const checkpointLine = (c: SignedCheckpoint): string =>
  JSON.stringify({ seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId, signature: c.signature });

function parseCheckpoint(value: unknown): SignedCheckpoint | null {
  if (!value || typeof value !== 'object') return null;
  const c = value as Record<string, unknown>;
  const ok =
    typeof c.seq === 'number' && Number.isSafeInteger(c.seq) && c.seq >= 0 &&
    typeof c.hash === 'string' && /^[0-9a-f]{64}$/.test(c.hash) &&
    typeof c.at === 'string' && typeof c.keyId === 'string' && typeof c.signature === 'string';
  return ok ? { seq: c.seq as number, hash: c.hash as string, at: c.at as string, keyId: c.keyId as string, signature: c.signature as string } : null;
}

/** Reads a checkpoint file: every non-empty line is one entry, a line that is not a checkpoint too. */
export function readCheckpointFile(file: string): CheckpointEntry[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const entries: CheckpointEntry[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const source = `${file} line ${index + 1}`;
    let checkpoint: SignedCheckpoint | null = null;
    try {
      checkpoint = parseCheckpoint(JSON.parse(line));
    } catch {
      checkpoint = null;
    }
    entries.push({ source, checkpoint, error: checkpoint ? null : 'the line is not a checkpoint' });
  });
  return entries;
}

export type CheckpointTrigger = 'scheduled' | 'manual';

/** Writes, lists and exports the signed checkpoints of the audit chain. */
export class AuditCheckpoints {
  constructor(
    private readonly repository: AuditRepository,
    readonly key: AuditKey,
    /** The scheduled period (KASUS_AUDIT_CHECKPOINT_MINUTES). */
    readonly intervalMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The start of the scheduled period `now` falls in. */
  periodOf(now: Date, intervalMs = this.intervalMs): string {
    return new Date(Math.floor(now.getTime() / intervalMs) * intervalMs).toISOString();
  }

  /**
   * Signs the chain's head as it is now and keeps the checkpoint. A scheduled checkpoint is written
   * also when no event happened since the last one (the same seq and hash again), so that a quiet
   * period can be told from one whose events were removed; returns null when another node already
   * wrote this period's checkpoint.
   */
  async create(trigger: CheckpointTrigger, options: { now?: Date; intervalMs?: number } = {}): Promise<SignedCheckpoint | null> {
    const now = options.now ?? this.clock.now();
    const head = await this.repository.head();
    const unsigned = { seq: head.seq, hash: head.hash, at: now.toISOString(), keyId: this.key.keyId() };
    const checkpoint: SignedCheckpoint = { ...unsigned, signature: this.key.sign(checkpointMessage(unsigned)) };
    const written = await this.repository.insertCheckpoint({
      id: randomUUID(),
      seq: checkpoint.seq,
      hash: checkpoint.hash,
      at: checkpoint.at,
      key_id: checkpoint.keyId,
      signature: checkpoint.signature,
      trigger,
      period: trigger === 'scheduled' ? this.periodOf(now, options.intervalMs) : null,
    });
    return written ? checkpoint : null;
  }

  /** Every checkpoint kept in the database, oldest first. */
  async list(): Promise<(SignedCheckpoint & { trigger: string })[]> {
    return (await this.repository.listCheckpoints()).map((row) => ({
      seq: row.seq,
      hash: row.hash,
      at: row.at,
      keyId: row.key_id,
      signature: row.signature,
      trigger: row.trigger,
    }));
  }

  /** The database's checkpoints as entries to verify. */
  async entries(): Promise<CheckpointEntry[]> {
    return (await this.list()).map(({ trigger: _trigger, ...checkpoint }) => ({ source: 'database', checkpoint, error: null }));
  }

  /**
   * What `AuditLog.verify` compares the chain with: the database's checkpoints, those in the given
   * files, and the keys they may be signed with (this Kasus's own, when its key file exists, and
   * any given, e.g. by an auditor who has only the public key).
   */
  async verificationInput(files: string[] = [], publicKeys: PublicKeyInfo[] = []): Promise<{ checkpoints: CheckpointEntry[]; publicKeys: PublicKeyInfo[] }> {
    const checkpoints = [...(await this.entries()), ...files.flatMap((file) => readCheckpointFile(file))];
    const keys = [...publicKeys];
    if (this.key.exists()) keys.push(this.key.publicKey());
    if (checkpoints.length > 0 && keys.length === 0) {
      throw new Error(`No public key to check the checkpoints with: ${this.key.file} does not exist. Give the key with --public-key (as \`kasus audit key\` prints it).`);
    }
    return { checkpoints, publicKeys: keys };
  }

  /**
   * Appends to `file` (one JSON line each, oldest first) every checkpoint in the database that the
   * file does not hold yet. Only appends, never rewrites, so the file may live on write-once storage.
   */
  async appendToFile(file: string): Promise<{ appended: number; total: number }> {
    const present = new Set<string>();
    const existing = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    if (existing.length > 0) {
      for (const entry of readCheckpointFile(file)) if (entry.checkpoint) present.add(entry.checkpoint.signature);
    }
    const missing = (await this.list()).filter((c) => !present.has(c.signature));
    if (missing.length > 0) {
      // A file that does not end in a newline (a cut-off write) gets one first, so no line runs into the next.
      const prefix = existing.length > 0 && existing[existing.length - 1] !== 0x0a ? '\n' : '';
      const fd = openSync(file, 'a', 0o644);
      try {
        writeSync(fd, prefix + missing.map((c) => checkpointLine(c) + '\n').join(''));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    return { appended: missing.length, total: present.size + missing.length };
  }
}

export interface AuditCheckpointSchedulerOptions {
  /** The period (default KASUS_AUDIT_CHECKPOINT_MINUTES). */
  intervalMs?: number;
  /** After each scheduled checkpoint, append what this file lacks (KASUS_AUDIT_CHECKPOINT_FILE). */
  file?: string | null;
  logger?: { warn(object: object, message: string): void };
}

/**
 * Writes a scheduled checkpoint at start and then at the start of every period (aligned to the
 * clock, e.g. :00, :15, :30, :45). Every node may run it: on PostgreSQL (and SQLite) the unique
 * period keeps it to one checkpoint per period, whichever node is first; the others write nothing.
 */
export class AuditCheckpointScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly checkpoints: AuditCheckpoints,
    private readonly options: AuditCheckpointSchedulerOptions = {},
  ) {}

  private get intervalMs(): number {
    return this.options.intervalMs ?? this.checkpoints.intervalMs;
  }

  start(): this {
    this.run();
    this.schedule();
    return this;
  }

  /** Resolves when no checkpoint is being written (the one at start, once it is done). */
  async idle(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    // Wall time on purpose: a real timer aligned to the wall clock's periods.
    const now = Date.now();
    const next = (Math.floor(now / this.intervalMs) + 1) * this.intervalMs;
    this.timer = setTimeout(() => {
      this.run();
      this.schedule();
    }, next - now + 5);
    this.timer.unref();
  }

  private run(): void {
    if (this.running) return;
    const file = this.options.file;
    this.running = this.checkpoints
      .create('scheduled', { intervalMs: this.intervalMs })
      // Also when another node wrote this period's checkpoint: the file gets it (and any it lacks) all the same.
      .then(async () => void (file ? await this.checkpoints.appendToFile(file) : undefined))
      .catch((error: unknown) => this.options.logger?.warn({ err: error }, 'audit checkpoint failed'))
      .finally(() => {
        this.running = null;
      });
  }
}
