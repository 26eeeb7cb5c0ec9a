import { systemClock, type Clock } from '../../clock.js';
import { lstat, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isQuarantineKey } from '../blobs/blob-store.js';
import { isMissing } from '../blobs/durable-files.js';
import { heldFiles as processHeldFiles, type HeldFiles } from '../blobs/held-files.js';
import type { JobPayloads } from '../jobs/job-payloads.js';
import type { MediaRepository } from './media-repository.js';

/**
 * Nothing left behind (DESIGN §3.1): raw uploads, temp and partial files must not outlive a failure
 * or a restart. The archive never stores device metadata, and a raw original still carries its GPS
 * position. This sweep removes, under the data directory:
 *
 * - `blobs/quarantine/<key>`: raw uploads that no media item waiting for cleaning owns (an item
 *   owns its raw upload while its `media.process` job is queued, running, or dead and waiting for
 *   an administrator's retry: an acknowledged item is never touched);
 * - `blobs/tmp/*`: files of writes that were interrupted;
 * - `work/*` (cleaned outputs, sources, derived files and their `.partial` files): files of media
 *   whose `media.process` / `media.derivatives` job is no longer queued or running;
 * - `uploads/*` (resumable uploads, tus): uploads unfinished after `resumeMs` from their creation,
 *   finished uploads that nobody ingests (the ingest was interrupted) and half-created ones.
 *
 * A file being written right now, here or on another node sharing the data directory, is never
 * taken: files this process holds are skipped, and any other file is removed only when it has not
 * been written or touched for `graceMs` (every writer touches the files it holds more often than
 * that; see HeldFiles). Every node may sweep at the same time: a removal is idempotent.
 */

export const LEFTOVER_KINDS = ['quarantine', 'tmp', 'work', 'uploads', 'imports'] as const;
export type LeftoverKind = (typeof LEFTOVER_KINDS)[number];
export type SweepCounts = Record<LeftoverKind, { files: number; bytes: number }>;

export interface SweepLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
}

export interface LeftoverSweepOptions {
  dataDir: string;
  /** The blob store's quarantine and temp directories. */
  quarantineDir: string;
  tempDir: string;
  /** Files untouched for less than this are left alone (a write may be under way on another node). */
  graceMs: number;
  /** How long an unfinished resumable upload may live, from its creation. */
  resumeMs: number;
  /** The one clock (services.ts; a TestClock in tests). File times are compared with it. */
  clock?: Clock;
  held?: HeldFiles;
  /** Staged card imports (modules/imports): abandoned ones are removed with their bytes. */
  staged?: { sweepAbandoned(): Promise<{ files: number; bytes: number }> };
}

interface Entry {
  file: string;
  name: string;
  size: number;
  mtimeMs: number;
}

const MEDIA_JOBS = ['media.process', 'media.derivatives'] as const;
/** `<mediaId>.clean`, `<mediaId>.preview`, `.<mediaId>.clean.<hex>.partial`, … */
const WORK_FILE = /^\.?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\./;

export const emptyCounts = (): SweepCounts =>
  Object.fromEntries(LEFTOVER_KINDS.map((kind) => [kind, { files: 0, bytes: 0 }])) as SweepCounts;

export const totalFiles = (counts: SweepCounts) => LEFTOVER_KINDS.reduce((sum, kind) => sum + counts[kind].files, 0);

async function entries(dir: string): Promise<Entry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const found: Entry[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const s = await lstat(file);
      found.push({ file, name, size: s.isFile() ? s.size : 0, mtimeMs: s.mtimeMs });
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return found;
}

function mediaIdOf(payload: string): string | null {
  try {
    const id = (JSON.parse(payload) as { mediaId?: unknown }).mediaId;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

interface UploadFacts {
  size?: unknown;
  creation_date?: unknown;
}

/** The facts tus keeps of an upload; null when they cannot be read. */
function readFacts(text: string): UploadFacts | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as UploadFacts) : null;
  } catch {
    return null;
  }
}

export class LeftoverSweep {
  private readonly now: () => number;
  private readonly held: HeldFiles;
  private readonly workDir: string;
  private readonly uploadsDir: string;

  constructor(
    private readonly media: MediaRepository,
    private readonly jobs: JobPayloads,
    readonly options: LeftoverSweepOptions,
  ) {
    const clock = options.clock ?? systemClock;
    this.now = () => clock.now().getTime();
    this.held = options.held ?? processHeldFiles;
    this.workDir = path.join(options.dataDir, 'work');
    this.uploadsDir = path.join(options.dataDir, 'uploads');
    // Files held by this process stay fresh in the eyes of every node's sweep.
    this.held.touchAtLeastEvery(options.graceMs / 3);
  }

  /** One sweep over every kind; returns what was removed. A file that cannot be removed is logged and skipped. */
  async run(logger?: SweepLogger): Promise<SweepCounts> {
    const counts = emptyCounts();
    const cutoff = this.now() - this.options.graceMs;
    const remove = async (kind: LeftoverKind, entry: Entry): Promise<void> => {
      try {
        // Looked at again just before: a file written since it was listed is someone's again.
        const s = await lstat(entry.file);
        if (s.mtimeMs > cutoff || this.held.isHeld(entry.file)) return;
        await rm(entry.file, { force: true, recursive: true });
        counts[kind].files++;
        counts[kind].bytes += s.isFile() ? s.size : 0;
      } catch (error) {
        if (!isMissing(error)) logger?.warn({ err: error, file: entry.file }, 'a leftover file could not be removed');
      }
    };
    const stale = (list: Entry[]) => list.filter((e) => e.mtimeMs <= cutoff && !this.held.isHeld(e.file));

    // Temp files of interrupted writes.
    for (const entry of stale(await entries(this.options.tempDir))) await remove('tmp', entry);

    // Raw uploads no waiting item owns.
    const quarantine = stale(await entries(this.options.quarantineDir));
    if (quarantine.length > 0) {
      const owners = (await this.jobs.payloadsOf(['media.process'], ['queued', 'running', 'dead'])).flatMap((p) => mediaIdOf(p) ?? []);
      const owned = new Set(await this.media.quarantineKeysOf(owners));
      for (const entry of quarantine) {
        if (isQuarantineKey(entry.name) && owned.has(entry.name)) continue;
        await remove('quarantine', entry);
      }
    }

    // Work files of jobs that are no longer queued or running.
    const work = stale(await entries(this.workDir));
    if (work.length > 0) {
      const pending = new Set((await this.jobs.payloadsOf(MEDIA_JOBS, ['queued', 'running'])).flatMap((p) => mediaIdOf(p) ?? []));
      for (const entry of work) {
        const mediaId = WORK_FILE.exec(entry.name)?.[1];
        if (mediaId && pending.has(mediaId)) continue;
        await remove('work', entry);
      }
    }

    await this.sweepResumable(cutoff, remove);
    if (this.options.staged) counts.imports = await this.options.staged.sweepAbandoned();
    return counts;
  }

  /** Resumable uploads (tus FileStore: `<id>` holds the bytes, `<id>.json` the upload's facts). */
  private async sweepResumable(cutoff: number, remove: (kind: LeftoverKind, entry: Entry) => Promise<void>): Promise<void> {
    const uploads = new Map<string, { data?: Entry; info?: Entry }>();
    for (const entry of await entries(this.uploadsDir)) {
      const isInfo = entry.name.endsWith('.json');
      const id = isInfo ? entry.name.slice(0, -'.json'.length) : entry.name;
      const upload = uploads.get(id) ?? {};
      upload[isInfo ? 'info' : 'data'] = entry;
      uploads.set(id, upload);
    }
    for (const { data, info } of uploads.values()) {
      const files = [data, info].filter((e): e is Entry => e !== undefined);
      // Written lately (bytes arriving) or being ingested by this process: alive.
      if (files.some((e) => e.mtimeMs > cutoff || this.held.isHeld(e.file))) continue;
      let facts: UploadFacts | null = null;
      if (info) {
        try {
          facts = readFacts(await readFile(info.file, 'utf8'));
        } catch (error) {
          if (isMissing(error)) continue;
        }
      }
      let orphan: boolean;
      if (!data || !info || facts === null) {
        orphan = true; // half-created or half-removed
      } else if (typeof facts.size === 'number' && data.size >= facts.size) {
        orphan = true; // every byte arrived, but the ingest that follows was interrupted: nobody will take it
      } else {
        const created = typeof facts.creation_date === 'string' ? Date.parse(facts.creation_date) : Number.NaN;
        orphan = this.now() > (Number.isNaN(created) ? info.mtimeMs : created) + this.options.resumeMs;
      }
      if (orphan) for (const entry of files) await remove('uploads', entry);
    }
  }
}

export interface LeftoverSweepSchedulerOptions {
  /** Between sweeps after the one at start. */
  intervalMs: number;
  logger?: SweepLogger;
}

/** Sweeps at start (awaited: before serving) and then on a schedule, until stopped. */
export class LeftoverSweepScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepCounts | null> | null = null;

  constructor(
    private readonly sweep: LeftoverSweep,
    private readonly options: LeftoverSweepSchedulerOptions,
  ) {}

  async start(): Promise<this> {
    await this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep (joined if one is under way); logs one line with what was removed of each kind. Never throws. */
  runOnce(): Promise<SweepCounts | null> {
    this.running ??= (async () => {
      const started = Date.now(); // wall time: the sweep's duration, for the log line
      const { logger } = this.options;
      try {
        const removed = await this.sweep.run(logger);
        const line = { removed, files: totalFiles(removed), ms: Date.now() - started }; // wall time, as above
        if (line.files > 0) logger?.info(line, 'leftover sweep removed raw uploads, temp and partial files');
        else logger?.debug(line, 'leftover sweep found nothing to remove');
        return removed;
      } catch (error) {
        logger?.warn({ err: error }, 'leftover sweep failed; trying again at the next one');
        return null;
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
