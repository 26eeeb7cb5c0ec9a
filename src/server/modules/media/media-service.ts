import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { BlobInfo, MediaBlobStore } from '../blobs/blob-store.js';
import type { BlobWriter } from '../blobs/blob-writer.js';
import { heldFiles } from '../blobs/held-files.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { jobKey } from '../jobs/job-types.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import type { Right } from '../rights/rights.js';
import { cleanFilename } from './filename.js';
import { editRefusal, readStoredEdit, storedEdit } from './media-edit.js';
import type { DerivativeRow, MediaRepository, MediaRow } from './media-repository.js';
import {
  MediaRefusal,
  cleanMedia,
  inspectUpload,
  makePlayable,
  makePoster,
  makePreview,
  makeThumbnail,
  type DerivativeResult,
  type Inspection,
  type MediaEdit,
  type MediaKind,
  type MediaLimits,
} from './sanitize/index.js';
import { readCaptureInfo, type CaptureInfo } from './sanitize/capture.js';
import { formatFromSniffedMime } from './sanitize/formats.js';

export const DERIVATIVE_KINDS = ['thumbnail', 'preview', 'poster', 'playable'] as const;
export type DerivativeKind = (typeof DERIVATIVE_KINDS)[number];
export type MediaVariant = 'original' | DerivativeKind;

/** The preview first: a photo's thumbnail is made from it, not from the full picture again. */
const DERIVATIVE_ORDER: readonly DerivativeKind[] = ['preview', 'poster', 'playable', 'thumbnail'];
const MAKERS = { thumbnail: makeThumbnail, preview: makePreview, poster: makePoster, playable: makePlayable } as const;

export interface MediaView {
  id: string;
  caseId: string;
  status: string;
  kind: MediaKind;
  mime: string | null;
  width?: number;
  height?: number;
  durationMs?: number;
  sha256: string | null;
  sizeBytes: number | null;
  originalFilename: string;
  capturedAt: string | null;
  cameraMake?: string;
  cameraModel?: string;
  /** What the uploader cut away before adding the file (issue 16); absent when it was added as it was. */
  edit?: MediaEdit;
  caption: string | null;
  uploadedBy: string;
  createdAt: string;
  derivatives: Partial<Record<DerivativeKind, { mime: string; width?: number; height?: number }>>;
}

export interface UploadPart {
  filename: string;
  /** The bytes, streamed in (multipart)… */
  stream?: Readable;
  /** …or a finished local file to take over (a resumable upload), with its SHA-256 when hashed on arrival. */
  file?: { path: string; sha256?: string };
  /** Set by the multipart parser when the part went over the size limit. */
  truncated(): boolean;
  /** Crop or trim to apply while cleaning: only the edited file is stored. */
  edit?: MediaEdit;
  /** The uploader says this is an ultrasound image or clip (multipart field or tus metadata "ultrasound"). */
  ultrasound?: boolean;
}

/** M5: audio and ultrasound are accepted only in a session launched from the EHR (issue 16). */
export const EHR_CONTEXT_MESSAGE =
  'Ljud och ultraljud tas bara emot när Kasus har öppnats från journalen (med patient- och användarkontext). Öppna Kasus från patientens journal och ladda upp filen där.';

export interface Refusal {
  filename: string;
  code: string;
  message: string;
  existingId?: string;
}

export interface UploadResult {
  items: { id: string; status: string; filename: string }[];
  refused: Refusal[];
}

export function toMediaView(row: MediaRow, derivatives: DerivativeRow[]): MediaView {
  // Optional keys are assigned, not spread from conditional literals: every case read builds its media
  // this way, and V8 makes such spreads a hundred times slower than plain properties (issue 20).
  const view: MediaView = {
    id: row.id,
    caseId: row.case_id,
    status: row.status,
    kind: row.kind as MediaKind,
    mime: row.mime,
    sha256: row.sha256,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    originalFilename: row.original_filename,
    capturedAt: row.captured_at,
    caption: row.caption,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
    derivatives: {},
  };
  if (row.width !== null) view.width = row.width;
  if (row.height !== null) view.height = row.height;
  if (row.duration_ms !== null) view.durationMs = row.duration_ms;
  if (row.camera_make !== null) view.cameraMake = row.camera_make;
  if (row.camera_model !== null) view.cameraModel = row.camera_model;
  const edit = editOf(row);
  if (edit) view.edit = edit;
  for (const d of derivatives) {
    if (d.media_id !== row.id) continue;
    const derivative: { mime: string; width?: number; height?: number } = { mime: d.mime };
    if (d.width !== null) derivative.width = d.width;
    if (d.height !== null) derivative.height = d.height;
    view.derivatives[d.kind as DerivativeKind] = derivative;
  }
  return view;
}

function editOf(row: MediaRow): MediaEdit | undefined {
  return readStoredEdit(row.edit ?? null);
}

/** What media needs to know of the case an item belongs to. */
export interface MediaCase {
  id: string;
  status: string;
  version: number;
  department_id: string;
  patient_id: string | null;
}

/**
 * The case, after the rights check the cases module makes for the case itself (a case the caller
 * may not see is "not found", a right missing is refused), as the owner of every media item. The
 * cases service provides it and src/server/services.ts injects it: media does not depend on cases,
 * cases depends on media for the items of a case (CaseMedia).
 */
export interface MediaCases {
  /** Decides the operation's right to the case (a missing case is audited and answered as a hidden one). */
  authorizedIn(op: Operation, caseId: string, right: Right): Promise<MediaCase>;
}

const DUPLICATE_MESSAGE = 'Samma fil finns redan i ärendet och sparades inte igen.';
const CASE_SIGNED_MEANWHILE = 'Ärendet signerades medan filen togs emot, så filen sparades inte. Skapa en ny version för att lägga till den.';

export class MediaService {
  private readonly limits: MediaLimits;
  private readonly workDir: string;
  /** Emits 'settled' when an item in this process leaves `processing`, so waiting uploads answer at once. */
  private readonly events = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly config: Config,
    private readonly repository: MediaRepository,
    private readonly cases: MediaCases,
    private readonly blobs: MediaBlobStore,
    private readonly jobs: JobQueue,
    private readonly audited: AuditedOperations,
    private readonly blobWriter: BlobWriter,
    private readonly clock: Clock = systemClock,
  ) {
    this.limits = {
      maxBytes: config.media.maxUploadBytes,
      maxPixels: config.media.maxPixels,
      maxDurationMs: config.media.maxDurationMs,
    };
    this.workDir = path.join(config.dataDir, 'work');
  }

  /**
   * Receives the files of one upload. Each file is written durably to quarantine and given a cheap
   * content check here; accepted files get their row and their cleaning job in one transaction
   * before anything is acknowledged. Cleaning (sharp, ffmpeg) runs in the job; the request waits a
   * little for it so that most answers are final.
   */
  /** The case, when the caller may add media to it now (right in its department, case still a draft). */
  private async uploadableIn(op: Operation, caseId: string): Promise<MediaCase> {
    const caseRow = await this.cases.authorizedIn(op, caseId, 'media.upload');
    if (caseRow.status !== 'draft') op.refuse(new AppError('case_locked'), { reason: 'case_locked' });
    return caseRow;
  }

  /** Before a resumable upload to the case is begun (tus creation): the right to add media to it now; audited. */
  async requireUploadable(ctx: RequestContext, caseId: string): Promise<void> {
    await this.audited.read(ctx, 'media.upload.begin', { objectType: 'case', objectId: caseId }, async (op) => {
      await this.uploadableIn(op, caseId);
      return { result: undefined };
    });
  }

  /**
   * `alsoStore` runs inside each accepted item's transaction (its media row, job and event): what a
   * caller records with the item is committed with it or not at all (offline capture's item key).
   */
  async upload(
    ctx: RequestContext,
    caseId: string,
    parts: AsyncIterable<UploadPart>,
    capturedAt?: string,
    alsoStore?: (trx: Transaction<DB>, mediaId: string) => Promise<void>,
  ): Promise<UploadResult> {
    // Raw uploads written to quarantine that no media row owns yet. Whatever fails (a refusal, a
    // database error, a client that goes away), they are removed before the request ends: a raw
    // original with its GPS position never stays behind. Held meanwhile, so no sweep takes them.
    const unowned = new Map<string, () => void>();
    try {
      // Only a session opened from the EHR carries the context; API tokens and ordinary logins never do.
      const ehrContext = Boolean(ctx.ehr);
      return await this.audited.write(ctx, 'media.upload', { objectType: 'case', objectId: caseId }, (op) =>
        this.receive(op, caseId, parts, capturedAt, unowned, ehrContext, alsoStore),
      );
    } finally {
      for (const [key, release] of unowned) {
        release();
        await this.blobs.deleteQuarantine(key).catch(() => {}); // what still fails here, the leftover sweep removes
      }
    }
  }

  /** One upload request: one event per file, each accepted file's committed with its row and job. */
  private async receive(
    op: Operation,
    caseId: string,
    parts: AsyncIterable<UploadPart>,
    capturedAt: string | undefined,
    unowned: Map<string, () => void>,
    ehrContext: boolean,
    alsoStore?: (trx: Transaction<DB>, mediaId: string) => Promise<void>,
  ): Promise<UploadResult> {
    const caseRow = await this.uploadableIn(op, caseId);
    const accepted: { id: string; filename: string }[] = [];
    const refused: Refusal[] = [];
    const refuse = async (filename: string, code: string, message: string, extra: Partial<Refusal> = {}) => {
      refused.push({ filename, code, message, ...extra });
      await op.refuseItem({ objectType: 'case', objectId: caseRow.id }, { filename, code });
    };

    for await (const part of parts) {
      // Cut to a sane length and cleaned (path, control and invisible characters) whichever way it came.
      const filename = cleanFilename(part.filename);
      const stored = part.file
        ? await this.blobs.adoptQuarantine(part.file.path, { sha256: part.file.sha256 })
        : await this.blobs.writeQuarantine(part.stream!);
      unowned.set(stored.key, heldFiles.hold(this.blobs.quarantinePath(stored.key)));
      if (part.truncated()) {
        await this.blobs.deleteQuarantine(stored.key);
        await refuse(filename, 'too_large', `Filen är större än ${Math.round(this.limits.maxBytes / 1024 / 1024)} MB.`);
        continue;
      }
      let inspection: Inspection;
      try {
        inspection = await inspectUpload(this.blobs.quarantinePath(stored.key), filename, this.limits);
      } catch (error) {
        await this.blobs.deleteQuarantine(stored.key);
        if (error instanceof MediaRefusal) {
          await refuse(filename, error.code, error.message);
          continue;
        }
        throw error;
      }
      if ((inspection.kind === 'audio' || part.ultrasound) && !ehrContext) {
        await this.blobs.deleteQuarantine(stored.key);
        await refuse(filename, 'ehr_context_required', EHR_CONTEXT_MESSAGE);
        continue;
      }
      const editProblem = part.edit ? editRefusal(part.edit, inspection.kind, inspection) : undefined;
      if (editProblem) {
        await this.blobs.deleteQuarantine(stored.key);
        await refuse(filename, editProblem.code, editProblem.message);
        continue;
      }
      // An edited file is another picture or recording than the same bytes added whole (or edited otherwise): only
      // the cleaned file's hash tells whether it is already in the case.
      const existing = part.edit ? undefined : await this.repository.findSameContent(caseRow.id, 'upload_sha256', stored.sha256, undefined, { unedited: true });
      if (existing) {
        await this.blobs.deleteQuarantine(stored.key);
        await refuse(filename, 'duplicate', DUPLICATE_MESSAGE, { existingId: existing.id });
        continue;
      }
      const now = this.clock.now().toISOString();
      const id = randomUUID();
      const added = await this.repository.insert(
        {
          id,
          case_id: caseRow.id,
          kind: inspection.kind,
          status: 'processing',
          error_code: null,
          error_message: null,
          duplicate_of: null,
          original_filename: filename,
          quarantine_key: stored.key,
          upload_sha256: stored.sha256,
          upload_size: stored.size,
          mime: inspection.mime,
          size_bytes: null,
          width: inspection.width ?? null,
          height: inspection.height ?? null,
          duration_ms: null,
          sha256: null,
          captured_at: capturedAt ?? null,
          camera_make: null,
          camera_model: null,
          edit: part.edit ? storedEdit(part.edit) : null,
          caption: null,
          removed_at: null,
          uploaded_by: op.actor.userId,
          created_at: now,
          updated_at: now,
        },
        caseRow.version,
        async (trx) => {
          await this.jobs.enqueue('media.process', { mediaId: id }, { uniqueKey: jobKey('media.process', id), executor: trx });
          await op.recordItem(
            { objectType: 'media', objectId: id },
            { filename, size: stored.size, mime: inspection.mime, ...(part.edit ? { edit: part.edit } : {}), ...(part.ultrasound ? { ultrasound: true } : {}), ...(ehrContext ? { ehrContext: true } : {}) },
            trx,
          );
          if (alsoStore) await alsoStore(trx, id);
        },
      );
      if (!added) {
        // Signed (or purged) while this file was being received: it never joins the case.
        await this.blobs.deleteQuarantine(stored.key);
        await refuse(filename, 'case_locked', CASE_SIGNED_MEANWHILE);
        continue;
      }
      // Owned by its row and job from here on.
      unowned.get(stored.key)?.();
      unowned.delete(stored.key);
      accepted.push({ id, filename });
    }

    const rows = await this.waitForCleaning(accepted.map((a) => a.id));
    const items: UploadResult['items'] = [];
    for (const { id, filename } of accepted) {
      const row = rows.get(id)!;
      if (row.status === 'refused') refused.push({ filename, code: row.error_code ?? 'corrupt', message: row.error_message ?? '' });
      else if (row.status === 'duplicate') refused.push({ filename, code: 'duplicate', message: DUPLICATE_MESSAGE, existingId: row.duplicate_of ?? undefined });
      else items.push({ id, status: row.status, filename });
    }
    // A single file refused only for its edit instructions: the request itself asked for what cannot be done.
    // Only audio or ultrasound, outside an EHR-launched session: the request is refused as a whole (M5).
    if (items.length === 0 && refused.length > 0 && refused.every((r) => r.code === 'ehr_context_required')) {
      throw new AppError('ehr_context_required', EHR_CONTEXT_MESSAGE, { items: [], refused });
    }
    if (items.length === 0 && refused.length > 0 && refused.every((r) => r.code === 'invalid_edit')) {
      throw new AppError('invalid_edit', refused[0]!.message, { field: 'edit', items: [], refused });
    }
    if (items.length === 0 && refused.length > 0) {
      throw new AppError('media_refused', refused.length === 1 ? refused[0]!.message : undefined, { items: [], refused });
    }
    return { items, refused };
  }

  /**
   * Waits until every item has left `processing` or the configured wait is over. Woken at once by
   * a worker in this process; polls for workers in other processes.
   */
  private async waitForCleaning(ids: string[]): Promise<Map<string, MediaRow>> {
    // Wall time on purpose: a real wait for a worker, not a rule about the time of day.
    const deadline = Date.now() + this.config.media.uploadWaitMs;
    for (;;) {
      const rows = new Map((await this.repository.findMany(ids)).map((r) => [r.id, r]));
      const pending = [...rows.values()].some((r) => r.status === 'processing');
      const left = deadline - Date.now(); // wall time, as above
      if (!pending || left <= 0) return rows;
      const wait = AbortSignal.timeout(Math.min(250, left));
      await once(this.events, 'settled', { signal: wait }).catch(() => {});
    }
  }

  /** The media row and its case, after the rights check on the case (media of a case you may not read is "not found"). */
  private async readable(op: Operation, id: string): Promise<MediaRow> {
    void op.caller;
    const row = await this.repository.find(id);
    if (!row) return op.missing('media', id);
    await this.cases.authorizedIn(op, row.case_id, 'case.read');
    // Refusals name the case; what is read is the item.
    op.about({ objectType: 'media', objectId: id });
    return row;
  }

  get(ctx: RequestContext, id: string): Promise<MediaView> {
    return this.audited.read(ctx, 'media.read', { objectType: 'media', objectId: id }, async (op) => {
      const row = await this.readable(op, id);
      return { result: toMediaView(row, await this.repository.derivatives([id])) };
    });
  }

  /** The media of the case's latest version, in order. */
  async listForCase(caseId: string): Promise<MediaView[]> {
    const { rows, derivatives } = await this.repository.listForCaseWithDerivatives(caseId);
    return rows.map((row) => toMediaView(row, derivatives));
  }

  /** Items by id (of any version of a case), in the order asked for; missing ones are left out. */
  async listByIds(ids: string[]): Promise<MediaView[]> {
    const rows = new Map((await this.repository.findMany(ids)).map((r) => [r.id, r]));
    return this.views(ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : [])));
  }

  private async views(rows: MediaRow[]): Promise<MediaView[]> {
    const derivatives = await this.repository.derivatives(rows.map((r) => r.id));
    return rows.map((row) => toMediaView(row, derivatives));
  }

  // ---- the draft's media list: called by the cases service after its rights and draft checks ----

  async setCaption(tx: Transaction<DB>, mediaId: string, caption: string | null): Promise<void> {
    await this.repository.setCaption(tx, mediaId, caption, this.clock.now().toISOString());
  }

  async remove(tx: Transaction<DB>, mediaId: string): Promise<void> {
    await this.repository.markRemoved(tx, mediaId, this.clock.now().toISOString());
  }

  async reorder(tx: Transaction<DB>, caseId: string, mediaIds: string[]): Promise<void> {
    await this.repository.reorder(tx, caseId, mediaIds, this.clock.now().toISOString());
  }

  /** Opens the cleaned original or a derived file for reading, after the rights check; audited. */
  open(ctx: RequestContext, id: string, variant: MediaVariant): Promise<{ key: string; mime: string; size: number; filename: string }> {
    const action = variant === 'original' ? 'media.original' : `media.${variant}`;
    return this.audited.read(ctx, action, { objectType: 'media', objectId: id }, async (op) => {
      const row = await this.readable(op, id);
      let key: string | null = null;
      let mime: string | null = null;
      if (variant === 'original') {
        if (row.status === 'ready') [key, mime] = [row.sha256, row.mime];
      } else {
        const derivative = await this.repository.findDerivative(id, variant);
        if (derivative) [key, mime] = [derivative.blob_key, derivative.mime];
      }
      if (!key || !mime) {
        if (row.status === 'ready' && variant !== 'original' && this.derivativeNotApplicable(row, variant)) {
          throw new AppError('not_found', 'Den här filtypen har ingen sådan version.');
        }
        throw new AppError('not_ready');
      }
      const stat = await this.blobs.stat(key);
      if (!stat) throw new AppError('not_found', 'Filen saknas i lagringen.');
      return { result: { key, mime, size: stat.size, filename: row.original_filename } };
    });
  }

  private derivativeNotApplicable(row: MediaRow, variant: DerivativeKind): boolean {
    const kind = row.kind as MediaKind;
    if (variant === 'preview') return kind !== 'image';
    if (variant === 'poster') return kind !== 'video';
    if (variant === 'playable') return kind === 'image';
    return kind === 'audio';
  }

  stream(key: string, range?: { start: number; end: number }) {
    return range ? this.blobs.getRange(key, range) : this.blobs.get(key);
  }

  // ---- background jobs (idempotent: a retried job finishes what a killed one began) ----

  async processUpload(mediaId: string, signal?: AbortSignal): Promise<void> {
    const row = await this.repository.find(mediaId);
    if (!row || row.status !== 'processing' || !row.quarantine_key) return;
    await mkdir(this.workDir, { recursive: true });
    const output = path.join(this.workDir, `${mediaId}.clean`);
    try {
      const inspection: Inspection = { kind: row.kind as MediaKind, mime: row.mime ?? '', ext: path.extname(row.original_filename).slice(1) };
      let cleaned;
      try {
        cleaned = await cleanMedia(
          this.blobs.quarantinePath(row.quarantine_key),
          output,
          inspection,
          this.limits,
          { ...(signal ? { signal } : {}), ...(editOf(row) ? { edit: editOf(row)! } : {}) },
          row.upload_sha256,
        );
      } catch (error) {
        if (!(error instanceof MediaRefusal)) throw error;
        await this.repository.update(mediaId, {
          status: 'refused',
          error_code: error.code,
          error_message: error.message,
          quarantine_key: null,
          updated_at: this.clock.now().toISOString(),
        });
        this.events.emit('settled', mediaId);
        await this.blobs.deleteQuarantine(row.quarantine_key);
        return;
      }
      // Read from the original upload, whose metadata the clean file no longer has (only once the cleaner accepted it).
      const capture = await this.captureInfo(this.blobs.quarantinePath(row.quarantine_key), row.mime, signal);
      // A photo's derived files are made from the clean work file while it is in the page cache, and
      // stored together with it: their fsyncs overlap instead of queueing one after the other.
      const made = cleaned.kind === 'image' ? await this.makeDerivativeFiles(mediaId, 'image', output, new Map(), signal) : [];
      // Held from before the bytes are put until the row naming them is committed (issue 17): a purge of
      // another item with the same bytes cannot delete them in between.
      const written = await this.blobWriter.write([{ file: output, sha256: cleaned.sha256 }, ...made.map((m) => ({ file: m.path }))]);
      let stored = false;
      try {
        const [blob, ...derived] = written.blobs;
        const twin = await this.repository.findSameContent(row.case_id, 'sha256', blob!.sha256, mediaId);
        const now = this.clock.now().toISOString();
        if (twin) {
          stored = await this.repository.updateWhileStatus(mediaId, 'processing', { status: 'duplicate', duplicate_of: twin.id, sha256: blob!.sha256, quarantine_key: null, updated_at: now });
        } else {
          const derivativeRows = made.map((m, i) => derivativeRow(mediaId, m, derived[i]!, now));
          stored = await this.repository.updateWhileStatus(
            mediaId,
            'processing',
            {
              status: 'ready',
              kind: cleaned.kind,
              mime: cleaned.mime,
              size_bytes: blob!.size,
              width: cleaned.width ?? null,
              height: cleaned.height ?? null,
              duration_ms: cleaned.durationMs ?? null,
              // A capture time the uploader gave explicitly is kept; the file's own fills in otherwise.
              captured_at: row.captured_at ?? capture.capturedAt ?? null,
              camera_make: capture.cameraMake ?? null,
              camera_model: capture.cameraModel ?? null,
              sha256: blob!.sha256,
              quarantine_key: null,
              updated_at: now,
            },
            cleaned.kind === 'image'
              ? (trx) => this.repository.insertDerivatives(derivativeRows, trx)
              : (trx) => this.jobs.enqueue('media.derivatives', { mediaId }, { uniqueKey: jobKey('media.derivatives', mediaId), executor: trx }),
          );
        }
      } finally {
        // Not stored: the item was purged (or settled by another run) while it was being cleaned, or the
        // commit failed. What this run stored is deleted unless a row names the same bytes.
        await written.settle(stored);
      }
      if (!stored) return;
      this.events.emit('settled', mediaId);
      await this.blobs.deleteQuarantine(row.quarantine_key);
    } finally {
      await rm(output, { force: true });
    }
  }

  private async captureInfo(original: string, mime: string | null, signal?: AbortSignal): Promise<CaptureInfo> {
    const format = formatFromSniffedMime(mime ?? '');
    if (format === undefined) return {};
    return readCaptureInfo(original, format, this.config.timeZone, signal ? { signal } : {});
  }

  async makeDerivatives(mediaId: string, signal?: AbortSignal): Promise<void> {
    const row = await this.repository.find(mediaId);
    if (!row || row.status !== 'ready' || !row.sha256) return;
    await mkdir(this.workDir, { recursive: true });
    // Read through the store (verified against its hash) into a work file that ffmpeg can seek in.
    const source = path.join(this.workDir, `${mediaId}.source`);
    try {
      await pipeline(await this.blobs.get(row.sha256), createWriteStream(source));
      await this.storeDerivatives(mediaId, row.kind as MediaKind, source, signal);
    } finally {
      await rm(source, { force: true });
    }
  }

  /**
   * Makes and stores each derived file that applies to the kind and does not exist yet, one at a
   * time: a video's poster is visible while its playable copy is still being transcoded, and a
   * retried job keeps what was stored before it was interrupted.
   */
  private async storeDerivatives(mediaId: string, kind: MediaKind, source: string, signal?: AbortSignal): Promise<void> {
    const existing = new Map((await this.repository.derivatives([mediaId])).map((d) => [d.kind, d.blob_key]));
    for (const derivative of DERIVATIVE_ORDER) {
      const [made] = await this.makeDerivativeFiles(mediaId, kind, source, existing, signal, [derivative]);
      if (!made) continue;
      const written = await this.blobWriter.write([{ file: made.path }]);
      const blob = written.blobs[0]!;
      let stored = false;
      try {
        stored = await this.repository.insertDerivativesWhilePresent(mediaId, [derivativeRow(mediaId, made, blob, this.clock.now().toISOString())]);
      } finally {
        // Purged while this derived file was being made: it must not outlive the item.
        await written.settle(stored);
      }
      if (!stored) return;
      existing.set(derivative, blob.sha256);
    }
  }

  /**
   * Writes the derived files that apply to the kind and are not stored yet into the work directory;
   * the caller stores them. `existing` maps stored derivatives to their blob keys.
   */
  private async makeDerivativeFiles(
    mediaId: string,
    kind: MediaKind,
    source: string,
    existing: Map<string, string>,
    signal?: AbortSignal,
    kinds: readonly DerivativeKind[] = DERIVATIVE_ORDER,
  ): Promise<MadeDerivative[]> {
    await mkdir(this.workDir, { recursive: true });
    const made: MadeDerivative[] = [];
    try {
      for (const derivative of kinds) {
        if (existing.has(derivative)) continue;
        const output = path.join(this.workDir, `${mediaId}.${derivative}`);
        const preview =
          derivative === 'thumbnail' && kind === 'image'
            ? (made.find((m) => m.kind === 'preview')?.path ?? (existing.has('preview') ? (this.blobs.localPath(existing.get('preview')!) ?? undefined) : undefined))
            : undefined;
        const result = await MAKERS[derivative](preview ?? source, kind, output, signal ? { signal } : {});
        if (result) made.push({ kind: derivative, path: output, result });
      }
      return made;
    } catch (error) {
      await Promise.all(made.map((m) => rm(m.path, { force: true })));
      throw error;
    }
  }
}

interface MadeDerivative {
  kind: DerivativeKind;
  path: string;
  result: DerivativeResult;
}

function derivativeRow(mediaId: string, made: MadeDerivative, blob: BlobInfo, now: string): DerivativeRow {
  return {
    media_id: mediaId,
    kind: made.kind,
    blob_key: blob.sha256,
    mime: made.result.mime,
    size_bytes: blob.size,
    width: made.result.width ?? null,
    height: made.result.height ?? null,
    created_at: now,
  };
}
