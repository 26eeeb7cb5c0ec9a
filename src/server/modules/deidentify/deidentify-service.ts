import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { BlobHold, BlobReferences, BlobStore } from '../blobs/blob-store.js';
import { jobKey, PermanentJobError, type JobContext } from '../jobs/job-types.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { AuditRecorder } from '../rights/audit-recorder.js';
import { bystanderConsents, bystanderDetails, consentStatus, teachingConsent, type ConsentRow, type ShownBystanders } from '../consents/consents-service.js';
import { calendarDate } from '../identifiers/identifier-format.js';
import { hasRight, type CaseScope } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import { storedEdits, type DeidentifyEdits } from './deidentify-edits.js';
import { cropInside, deidentifyImage } from './deidentify-image.js';
import type { DeidentifiedCopyRow, DeidentifyOrderRow, DeidentifyRepository, SourceMediaRow } from './deidentify-repository.js';
import { deidentifyVideo } from './deidentify-video.js';
import type { FaceBox, FaceDetector } from './face-detector.js';
import { fieldsWithIdentifiers } from './identifier-scan.js';
import { sha256OfFile } from '../blobs/blob-writer.js';

export interface NewDeidentifiedCopy extends DeidentifyEdits {
  collectionId: string;
  consentId?: string | undefined;
  /** Who else than the patient the copy still shows (M8); not stated: only the patient. */
  bystanders?: ShownBystanders | undefined;
  title?: string | undefined;
  description?: string | undefined;
}

export interface DeidentifiedCopyView {
  id: string;
  collectionId: string;
  consentId: string;
  kind: 'image' | 'video';
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  title: string | null;
  description: string | null;
  createdAt: string;
  createdBy: { id: string; name: string };
  /** The picture or video it was made from: only for those who may read the source's case, and null once the source is purged. */
  source: { mediaId: string; caseId: string } | null;
}

/** An ordered copy (M9): queued, being made (running), done (with its copy) or failed (with why). */
export interface DeidentifyOrderView {
  id: string;
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  mediaId: string;
  collectionId: string;
  /** Once done, while the copy is in its collection. */
  copy: DeidentifiedCopyView | null;
  error: { code: string; message: string } | null;
  requestedAt: string;
  finishedAt: string | null;
}

/** What the service needs of the cases module: a case's rights scope. */
export interface DeidentifyCases {
  scopeOf(caseId: string): Promise<CaseScope | undefined>;
}

/** What it needs of the consents module: a patient's written consents. */
export interface DeidentifyConsents {
  forPatient(patientId: string): Promise<ConsentRow[]>;
}

export interface DeidentifyOptions {
  timeZone: string;
  /** Where a video's source and result are written while ffmpeg works (removed after). */
  workDir: string;
}

/**
 * De-identified copies (M9): a picture or video of a patient's case, with regions blurred, pixelated
 * or blacked out, cropped (and a video trimmed), made on the server from the cleaned original (which
 * is only read) and put into a teaching collection under the patient's written consent to teaching.
 * The texts carried with the copy are checked for national identifiers first. Faces are suggested by
 * a detector for the user to confirm.
 */
export class DeidentifyService {
  constructor(
    private readonly repository: DeidentifyRepository,
    private readonly cases: DeidentifyCases,
    private readonly consents: DeidentifyConsents,
    private readonly blobs: BlobStore,
    private readonly audited: AuditedOperations,
    private readonly faces: FaceDetector,
    private readonly queue: JobQueue,
    private readonly audit: AuditRecorder,
    private readonly blobReferences: BlobReferences,
    private readonly options: DeidentifyOptions,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The source under case.read (a forbidden one answers as a missing one), ready, of a kind that can be copied. */
  private async source(op: Operation, mediaId: string): Promise<{ media: SourceMediaRow & { sha256: string }; scope: CaseScope }> {
    const media = await this.repository.source(mediaId);
    const scope = media && media.removed_at === null ? await this.cases.scopeOf(media.case_id) : undefined;
    if (!media || !scope) return op.missing('media', mediaId);
    await op.requireCase('case.read', scope, 'media', mediaId);
    if ((media.kind !== 'image' && media.kind !== 'video') || media.status !== 'ready' || media.sha256 === null) {
      throw new AppError('validation_failed', 'Bara färdigbehandlade bilder och videor kan avidentifieras.', { field: 'mediaId' });
    }
    return { media: media as SourceMediaRow & { sha256: string }, scope };
  }

  /** Starts loading the face detector in the background (the server does at start). */
  warmUp(): void {
    this.faces.warmUp();
  }

  /** Faces the detector finds in a picture, in its own pixels, for the editor to offer. An audited read of the picture. */
  suggestFaces(ctx: RequestContext, mediaId: string): Promise<FaceBox[]> {
    return this.audited.read(ctx, 'media.faces', { objectType: 'media', objectId: mediaId }, async (op) => {
      const { media } = await this.source(op, mediaId);
      if (media.kind !== 'image') throw new AppError('validation_failed', 'Ansikten föreslås bara i bilder.', { field: 'mediaId' });
      const faces = await this.faces.detect(await readAll(await this.blobs.get(media.sha256)));
      const width = media.width ?? Number.MAX_SAFE_INTEGER;
      const height = media.height ?? Number.MAX_SAFE_INTEGER;
      const result = faces.map((f) => ({ ...f, width: Math.min(f.width, width - f.x), height: Math.min(f.height, height - f.y) })).filter((f) => f.width > 0 && f.height > 0);
      return { result, details: { faces: result.length } };
    });
  }

  /**
   * Orders the copy: the collection (teaching.manage in its department), the source (case.read), the
   * edits against the source's size, the texts (no identifier) and the consents (409 consent_required)
   * are checked now; the order and its durable job ('deidentify.run') are written in one transaction
   * with the request's audit event. The copy is made by the job (`run`); poll `order` for it.
   */
  create(ctx: RequestContext, mediaId: string, input: NewDeidentifiedCopy): Promise<DeidentifyOrderView> {
    return this.audited.write(ctx, 'media.deidentify', { objectType: 'media', objectId: mediaId }, async (op) => {
      const collection = await this.repository.findCollection(input.collectionId);
      if (!collection) return op.missing('collection', input.collectionId);
      // Another department's collection is answered as one that does not exist.
      await op.require({ right: 'teaching.manage', departmentId: collection.department_id, objectType: 'collection', objectId: collection.id });
      const { media, scope } = await this.source(op, mediaId);
      if (scope.patientId === null) throw new AppError('validation_failed', 'Bilden hör inte till en patient (mediaId).', { field: 'mediaId' });
      this.checkEdits(media, input);
      const title = input.title?.trim() || null;
      const description = input.description?.trim() || null;
      const found = fieldsWithIdentifiers({ title, description }, { today: this.clock.now() });
      if (found.length > 0) {
        op.refuse(new AppError('identifier_in_text', undefined, { fields: found, field: found[0] }), { reason: 'identifier_in_text', fields: found });
      }
      const consents = await this.consents.forPatient(scope.patientId);
      const today = calendarDate(this.clock.now(), this.options.timeZone);
      const chosen = teachingConsent(op, consents, input.consentId, today);
      const bystanders = bystanderConsents(op, consents, input.bystanders, today);
      const orderId = randomUUID();
      const row = await op.commit(
        async (tx) => {
          const jobId = await this.queue.enqueue('deidentify.run', { orderId }, { uniqueKey: jobKey('deidentify.run', orderId), executor: tx });
          const order: DeidentifyOrderRow = {
            id: orderId,
            job_id: jobId,
            source_media_id: media.id,
            source_case_id: media.case_id,
            collection_id: collection.id,
            consent_id: chosen.id,
            bystander_consent_ids: JSON.stringify(bystanders),
            edits: storedEdits(input),
            title,
            description,
            requested_by: op.actor.userId,
            requested_at: this.clock.now().toISOString(),
            status: 'queued',
            pending_blob_key: null,
            copy_id: null,
            error_code: null,
            error_message: null,
            finished_at: null,
          };
          await this.repository.insertOrder(tx, order);
          return order;
        },
        (order) => ({
          orderId: order.id,
          jobId: order.job_id,
          collectionId: collection.id,
          consentId: chosen.id,
          ...bystanderDetails(input.bystanders, bystanders),
          kind: media.kind,
          regions: input.regions.length,
          effects: [...new Set(input.regions.map((r) => r.effect))].sort(),
          cropped: input.crop !== undefined,
          trimmed: input.trim !== undefined,
        }),
      );
      return this.orderView(row, null);
    });
  }

  /** An order's progress and, once done, its copy (teaching.manage in the collection's department; the copy's source as in `list`). */
  order(ctx: RequestContext, orderId: string): Promise<DeidentifyOrderView> {
    return this.audited.read(ctx, 'deidentify.order.read', { objectType: 'deidentify_order', objectId: orderId }, async (op) => {
      const row = await this.repository.findOrder(orderId);
      const collection = row ? await this.repository.findCollection(row.collection_id) : undefined;
      if (!row || !collection) return op.missing('deidentify_order', orderId);
      const actor = await op.require({ right: 'teaching.manage', departmentId: collection.department_id, objectType: 'deidentify_order', objectId: orderId });
      const copyRow = row.status === 'done' && row.copy_id ? await this.repository.findWithMaker(row.copy_id) : undefined;
      let copy: DeidentifiedCopyView | null = null;
      if (copyRow && copyRow.withdrawn_at === null) {
        const scope = copyRow.source_case_id ? await this.cases.scopeOf(copyRow.source_case_id) : undefined;
        const readable = scope && hasRight(actor, 'case.read', scope.departmentId) ? (await op.caseVisibility([scope])).get(scope.id) === 'full' : false;
        copy = this.view(copyRow, copyRow.created_by_name, readable ? { mediaId: copyRow.source_media_id!, caseId: copyRow.source_case_id! } : null);
      }
      return { result: this.orderView(row, copy), details: { status: row.status } };
    });
  }

  private orderView(row: DeidentifyOrderRow, copy: DeidentifiedCopyView | null): DeidentifyOrderView {
    return {
      id: row.id,
      jobId: row.job_id,
      status: row.status as DeidentifyOrderView['status'],
      mediaId: row.source_media_id,
      collectionId: row.collection_id,
      copy,
      error: row.status === 'failed' ? { code: row.error_code ?? 'internal_error', message: row.error_message ?? '' } : null,
      requestedAt: row.requested_at,
      finishedAt: row.finished_at,
    };
  }

  /**
   * The job: renders the ordered copy from the cleaned original, stores it, and files the copy's row
   * with the order marked done and the completion event, in one transaction. Idempotent and safe
   * after a kill: the bytes of a run that died between their store and that commit are named by the
   * order (`pending_blob_key`) and removed first; a failure removes what the run stored; a failure
   * that a retry cannot mend (the source or the consent gone, edits ffmpeg refuses) or the last
   * attempt marks the order failed, with its reason, and is audited.
   */
  async run(orderId: string, job: Pick<JobContext, 'signal' | 'attempt' | 'maxAttempts' | 'jobId'>): Promise<void> {
    const order = await this.repository.findOrder(orderId);
    if (!order || order.status === 'done') return;
    await this.dropPending(order.id, order.pending_blob_key);
    await this.repository.orderStarted(order.id);
    let scope: CaseScope | undefined;
    let stored: string | null = null;
    // The stored bytes' key is held against deletes until the copy's row is committed (issue 17).
    let hold: BlobHold | null = null;
    try {
      const media = await this.repository.source(order.source_media_id);
      scope = media && media.removed_at === null ? await this.cases.scopeOf(media.case_id) : undefined;
      if (!media || !scope || scope.patientId === null || media.status !== 'ready' || media.sha256 === null || (media.kind !== 'image' && media.kind !== 'video')) {
        throw new AppError('not_found', 'Bilden eller videon finns inte längre.');
      }
      // The consent may have been revoked (or run out) while the order waited.
      const today = calendarDate(this.clock.now(), this.options.timeZone);
      const consent = (await this.consents.forPatient(scope.patientId)).find((c) => c.id === order.consent_id);
      if (!consent || !(JSON.parse(consent.scopes) as string[]).includes('teaching') || consentStatus(consent, today) !== 'valid') {
        throw new AppError('consent_required', 'Samtycket gäller inte längre.', { reason: consent ? consentStatus(consent, today) : 'not_found' });
      }
      const edits = JSON.parse(order.edits) as DeidentifyEdits;
      const source = media as SourceMediaRow & { sha256: string };
      const made = source.kind === 'image' ? await this.image(order.id, source, edits, job.signal) : await this.video(order.id, source, edits, job.signal);
      stored = made.key;
      hold = made.hold;
      const now = this.clock.now().toISOString();
      const row: DeidentifiedCopyRow = {
        id: randomUUID(),
        collection_id: order.collection_id,
        consent_id: order.consent_id,
        source_media_id: media.id,
        source_case_id: media.case_id,
        kind: media.kind,
        blob_key: made.key,
        mime: made.mime,
        size_bytes: made.size,
        width: made.width,
        height: made.height,
        duration_ms: made.durationMs,
        edits: order.edits,
        title: order.title,
        description: order.description,
        created_by: order.requested_by,
        created_at: now,
        withdrawn_at: null,
      };
      const filed = await this.repository.transaction(async (tx) => {
        if (!(await this.repository.orderDone(tx, order.id, row.id, now))) return false;
        await this.repository.insert(tx, row, JSON.parse(order.bystander_consent_ids) as string[]);
        await this.audit.record(this.jobContext(order), this.event(order, scope!, 'deidentify.done', 'success', { copyId: row.id, attempt: job.attempt, sha256: made.key }), tx);
        return true;
      });
      await hold.release();
      // Purged, or done by another run meanwhile: what this run stored is not kept.
      if (!filed) await this.dropBlob(made.key);
    } catch (error) {
      // The bytes this run stored (or named) are not kept.
      await hold?.release();
      await this.dropPending(order.id, stored);
      if (job.signal.aborted && !(error instanceof AppError)) throw error; // stopped or lease lost: the next run goes on
      const permanent = error instanceof AppError || error instanceof PermanentJobError;
      if (permanent || job.attempt >= job.maxAttempts) {
        const code = error instanceof AppError ? error.code : 'internal_error';
        const message = error instanceof AppError ? error.message : 'Kopian kunde inte göras. Försök igen eller kontakta systemförvaltningen.';
        await this.repository.transaction(async (tx) => {
          if (!(await this.repository.orderFailed(tx, order.id, code, message, this.clock.now().toISOString()))) return;
          await this.audit.record(this.jobContext(order), this.event(order, scope, 'deidentify.failed', 'failure', { attempt: job.attempt, errorCode: code }), tx);
        });
      }
      if (error instanceof AppError) throw new PermanentJobError(`${error.code}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  private jobContext(order: DeidentifyOrderRow): RequestContext {
    return { actor: null, clientIp: null, requestId: `deidentify-${order.job_id}` };
  }

  private event(order: DeidentifyOrderRow, scope: CaseScope | undefined, action: string, outcome: 'success' | 'failure', details: Record<string, unknown>) {
    return {
      action,
      outcome,
      userId: order.requested_by,
      departmentId: scope?.departmentId ?? null,
      patientId: scope?.patientId ?? null,
      objectType: 'media',
      objectId: order.source_media_id,
      details: { orderId: order.id, jobId: order.job_id, collectionId: order.collection_id, consentId: order.consent_id, ...details },
    } as const;
  }

  /** Removes bytes a run stored but no row names (content-addressed: unless another row names the same bytes), then clears the order's note of them. */
  private async dropPending(orderId: string, key: string | null): Promise<void> {
    if (key) await this.dropBlob(key);
    await this.repository.setPending(orderId, null);
  }

  private async dropBlob(key: string): Promise<void> {
    await this.blobReferences.deleteUnused(key, () => this.blobs.delete(key));
  }

  /**
   * Notes the bytes in the order, then stores them: a run killed after the store leaves them named.
   * Their key is held from before the put (issue 17): a purge of other bytes that are the same cannot
   * delete them before the copy's row names them. The caller releases the hold.
   */
  private async store(orderId: string, sha256: string, put: () => Promise<{ key: string; size: number }>): Promise<{ key: string; size: number; hold: BlobHold }> {
    if (!(await this.repository.setPending(orderId, sha256))) throw new AppError('not_found', 'Beställningen finns inte längre.');
    const hold = await this.blobReferences.hold([sha256]);
    try {
      const stored = await put();
      if (stored.key !== sha256) throw new Error(`The stored copy's key ${stored.key} is not its SHA-256 ${sha256}.`);
      return { ...stored, hold };
    } catch (error) {
      await hold.release();
      throw error;
    }
  }

  /** The edits must fit the source: inside the picture, a trim inside the recording, and for a video only black rectangles. */
  private checkEdits(media: SourceMediaRow, edits: DeidentifyEdits): void {
    const width = media.width ?? 0;
    const height = media.height ?? 0;
    const outside = (x: number, y: number) => x > width || y > height;
    for (const r of edits.regions) {
      if (r.shape === 'rect' ? outside(r.x + r.width, r.y + r.height) : r.points.some(([x, y]) => outside(x, y))) {
        throw new AppError('invalid_edit', `Ett område ligger utanför bilden (${width}×${height} bildpunkter).`, { field: 'regions' });
      }
      if (media.kind === 'video' && (r.shape !== 'rect' || r.effect !== 'black')) {
        throw new AppError('invalid_edit', 'I en video kan bara rektanglar svärtas (effekten black); suddning och frihandsområden gäller bilder.', { field: 'regions' });
      }
    }
    if (edits.crop && !cropInside(edits.crop, width, height)) {
      throw new AppError('invalid_edit', `Beskärningen ligger utanför bilden (${width}×${height} bildpunkter).`, { field: 'crop' });
    }
    if (edits.trim) {
      if (media.kind !== 'video') throw new AppError('invalid_edit', 'En bild kan inte trimmas, bara beskäras.', { field: 'trim' });
      if (edits.trim.endMs <= edits.trim.startMs) throw new AppError('invalid_edit', 'Trimningens slut (endMs) måste komma efter dess början (startMs).', { field: 'trim' });
      if (media.duration_ms !== null && edits.trim.startMs >= media.duration_ms) {
        throw new AppError('invalid_edit', 'Trimningen börjar efter inspelningens slut.', { field: 'trim' });
      }
    }
    if (edits.regions.length === 0 && !edits.crop && !edits.trim) {
      throw new AppError('invalid_edit', 'Markera minst ett område att dölja, eller beskär eller trimma.', { field: 'regions' });
    }
  }

  private async image(orderId: string, media: SourceMediaRow & { sha256: string }, edits: DeidentifyEdits, signal: AbortSignal) {
    const edited = await deidentifyImage(await readAll(await this.blobs.get(media.sha256)), edits);
    signal.throwIfAborted();
    const stored = await this.store(orderId, createHash('sha256').update(edited.bytes).digest('hex'), () => this.blobs.put(Readable.from([edited.bytes])));
    return { key: stored.key, size: stored.size, hold: stored.hold, mime: edited.mime, width: edited.width, height: edited.height, durationMs: null };
  }

  private async video(orderId: string, media: SourceMediaRow & { sha256: string }, edits: DeidentifyEdits, signal: AbortSignal) {
    // One work directory per order, emptied first: what a killed run left there goes now.
    const dir = path.join(this.options.workDir, orderId);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    try {
      const input = path.join(dir, 'source.mp4');
      const output = path.join(dir, 'copy.mp4');
      await pipeline(await this.blobs.get(media.sha256), createWriteStream(input));
      const info = await deidentifyVideo(input, output, edits, signal);
      signal.throwIfAborted();
      if (!info) throw new AppError('invalid_edit', 'Videon kunde inte redigeras med de här inställningarna. Kontrollera trimningen och beskärningen.', { field: 'trim' });
      const stored = await this.store(orderId, await sha256OfFile(output), () => this.blobs.putFile(output));
      return { key: stored.key, size: stored.size, hold: stored.hold, mime: 'video/mp4', width: info.width, height: info.height, durationMs: info.durationMs };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The copies in a collection (case.read or teaching.manage in its department); each source only for who may read it. */
  list(ctx: RequestContext, collectionId: string): Promise<DeidentifiedCopyView[]> {
    return this.audited.read(ctx, 'collection.deidentified', { objectType: 'collection', objectId: collectionId }, async (op) => {
      const collection = await this.repository.findCollection(collectionId);
      if (!collection) return op.missing('collection', collectionId);
      const actor = await op.requireAny(['case.read', 'teaching.manage'], { departmentId: collection.department_id, objectType: 'collection', objectId: collectionId });
      const rows = await this.repository.inCollection(collectionId);
      const scopes = new Map<string, CaseScope>();
      for (const caseId of new Set(rows.flatMap((r) => (r.source_case_id ? [r.source_case_id] : [])))) {
        const scope = await this.cases.scopeOf(caseId);
        if (scope && hasRight(actor, 'case.read', scope.departmentId)) scopes.set(caseId, scope);
      }
      const visibility = await op.caseVisibility([...scopes.values()]);
      const result = rows.map((r) => {
        const visible = r.source_case_id !== null && r.source_media_id !== null && visibility.get(r.source_case_id) === 'full';
        return this.view(r, r.created_by_name, visible ? { mediaId: r.source_media_id!, caseId: r.source_case_id! } : null);
      });
      return { result, details: { count: result.length } };
    });
  }

  /** A copy's bytes, for who may see its collection, while it is not withdrawn. */
  file(ctx: RequestContext, copyId: string): Promise<{ stream: Readable; mime: string; size: number }> {
    return this.audited.read(ctx, 'deidentified.read', { objectType: 'deidentified_copy', objectId: copyId }, async (op) => {
      const row = await this.repository.find(copyId);
      const collection = row && row.withdrawn_at === null ? await this.repository.findCollection(row.collection_id) : undefined;
      if (!row || !collection) return op.missing('deidentified_copy', copyId);
      await op.requireAny(['case.read', 'teaching.manage'], { departmentId: collection.department_id, objectType: 'deidentified_copy', objectId: copyId });
      return { result: { stream: await this.blobs.get(row.blob_key), mime: row.mime, size: row.size_bytes } };
    });
  }

  private view(row: DeidentifiedCopyRow, createdByName: string, source: DeidentifiedCopyView['source']): DeidentifiedCopyView {
    return {
      id: row.id,
      collectionId: row.collection_id,
      consentId: row.consent_id,
      kind: row.kind as 'image' | 'video',
      mime: row.mime,
      size: Number(row.size_bytes),
      width: row.width,
      height: row.height,
      durationMs: row.duration_ms,
      title: row.title,
      description: row.description,
      createdAt: row.created_at,
      createdBy: { id: row.created_by, name: createdByName },
      source,
    };
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
