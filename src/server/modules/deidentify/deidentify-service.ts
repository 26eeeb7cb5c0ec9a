import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { bystanderConsents, bystanderDetails, teachingConsent, type ConsentRow, type ShownBystanders } from '../consents/consents-service.js';
import { calendarDate } from '../identifiers/identifier-format.js';
import { hasRight, type CaseScope } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import { storedEdits, type DeidentifyEdits } from './deidentify-edits.js';
import { cropInside, deidentifyImage } from './deidentify-image.js';
import type { DeidentifiedCopyRow, DeidentifyRepository, SourceMediaRow } from './deidentify-repository.js';
import { deidentifyVideo } from './deidentify-video.js';
import type { FaceBox, FaceDetector } from './face-detector.js';
import { fieldsWithIdentifiers } from './identifier-scan.js';

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
   * Makes the copy: the collection (teaching.manage in its department), the source (case.read), the
   * edits against the source's size, the texts (no identifier), the consent (409 consent_required),
   * then the bytes, stored beside the source and never over it, then the row and its event.
   */
  create(ctx: RequestContext, mediaId: string, input: NewDeidentifiedCopy): Promise<DeidentifiedCopyView> {
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
      const made = media.kind === 'image' ? await this.image(media, input) : await this.video(media, input);
      const row: DeidentifiedCopyRow = {
        id: randomUUID(),
        collection_id: collection.id,
        consent_id: chosen.id,
        source_media_id: media.id,
        source_case_id: media.case_id,
        kind: media.kind,
        blob_key: made.key,
        mime: made.mime,
        size_bytes: made.size,
        width: made.width,
        height: made.height,
        duration_ms: made.durationMs,
        edits: storedEdits(input),
        title,
        description,
        created_by: op.actor.userId,
        created_at: this.clock.now().toISOString(),
        withdrawn_at: null,
      };
      await op.commit((tx) => this.repository.insert(tx, row, bystanders), {
        copyId: row.id,
        collectionId: collection.id,
        consentId: chosen.id,
        ...bystanderDetails(input.bystanders, bystanders),
        kind: row.kind,
        regions: input.regions.length,
        effects: [...new Set(input.regions.map((r) => r.effect))].sort(),
        cropped: input.crop !== undefined,
        trimmed: input.trim !== undefined,
        sha256: made.key,
      });
      return this.view(row, op.actor.displayName, { mediaId: media.id, caseId: media.case_id });
    });
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

  private async image(media: SourceMediaRow & { sha256: string }, edits: DeidentifyEdits) {
    const edited = await deidentifyImage(await readAll(await this.blobs.get(media.sha256)), edits);
    const stored = await this.blobs.put(Readable.from([edited.bytes]));
    return { key: stored.key, size: stored.size, mime: edited.mime, width: edited.width, height: edited.height, durationMs: null };
  }

  private async video(media: SourceMediaRow & { sha256: string }, edits: DeidentifyEdits) {
    const dir = path.join(this.options.workDir, randomUUID());
    await mkdir(dir, { recursive: true });
    try {
      const input = path.join(dir, 'source.mp4');
      const output = path.join(dir, 'copy.mp4');
      await pipeline(await this.blobs.get(media.sha256), createWriteStream(input));
      const info = await deidentifyVideo(input, output, edits);
      if (!info) throw new AppError('invalid_edit', 'Videon kunde inte redigeras med de här inställningarna. Kontrollera trimningen och beskärningen.', { field: 'trim' });
      const stored = await this.blobs.putFile(output);
      return { key: stored.key, size: stored.size, mime: 'video/mp4', width: info.width, height: info.height, durationMs: info.durationMs };
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
