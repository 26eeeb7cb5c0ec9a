import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import { hasRight } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import type { Right } from '../rights/rights.js';
import { parseStoredShapes, type AnnotationShape } from './annotation-shapes.js';
import type { AnnotationsRepository } from './annotations-repository.js';

/** The case as the annotations need it, once the operation's caller holds the right to it. */
export interface AnnotatedCase {
  id: string;
  status: string;
  version: number;
  department_id: string;
}

export interface AnnotationCases {
  /** Decides the operation's right to the case; a missing case and a hidden one answer alike. */
  authorizedIn(op: Operation, caseId: string, right: Right): Promise<AnnotatedCase>;
}

export interface AnnotationLayer {
  caseId: string;
  mediaId: string;
  version: number;
  /** The version is the case's draft and the caller may change it. */
  editable: boolean;
  shapes: AnnotationShape[];
  updatedAt: string | null;
  updatedByName: string | null;
}

/**
 * An image's annotation layer in a case version (M15): read in any version the case has, written
 * only in its draft (a signed version is locked: 409 case_locked). Every read and write is one
 * operation of the audited seam, the right decided on the case there first.
 */
export class AnnotationsService {
  constructor(
    private readonly repository: AnnotationsRepository,
    private readonly cases: AnnotationCases,
    private readonly audited: AuditedOperations,
    private readonly clock: Clock = systemClock,
  ) {}

  read(ctx: RequestContext, caseId: string, mediaId: string, version?: number): Promise<AnnotationLayer> {
    return this.audited.read(ctx, 'media.annotations.read', { objectType: 'case', objectId: caseId }, async (op) => {
      const row = await this.cases.authorizedIn(op, caseId, 'case.read');
      const at = version ?? row.version;
      await this.requireImageIn(row, mediaId, at);
      const stored = await this.repository.find(row.id, at, mediaId);
      // Whether the viewer offers its tools; the write itself decides again.
      const editable = at === row.version && row.status === 'draft' && hasRight(op.actor, 'case.write', row.department_id);
      return {
        result: {
          caseId: row.id,
          mediaId,
          version: at,
          editable,
          shapes: stored ? parseStoredShapes(stored.shapes) : [],
          updatedAt: stored?.updated_at ?? null,
          updatedByName: stored?.updated_by_name ?? null,
        },
        details: { mediaId, version: at },
      };
    });
  }

  save(ctx: RequestContext, caseId: string, mediaId: string, input: { shapes: AnnotationShape[]; version?: number }): Promise<AnnotationLayer> {
    return this.audited.write(ctx, 'media.annotations.write', { objectType: 'case', objectId: caseId }, async (op) => {
      const row = await this.cases.authorizedIn(op, caseId, 'case.write');
      if (row.status !== 'draft') op.refuse(new AppError('case_locked'), { reason: 'case_locked', mediaId });
      if (input.version !== undefined && input.version !== row.version) throw new AppError('case_changed');
      await this.requireImageIn(row, mediaId, row.version);
      const now = this.clock.now().toISOString();
      const userId = op.actor.userId;
      await op.commit(
        async (tx) => {
          const saved = await this.repository.save(tx, { case_id: row.id, version: row.version, media_id: mediaId, shapes: JSON.stringify(input.shapes), updated_by: userId, updated_at: now });
          // Signed or moved on since it was read: nothing is written.
          if (!saved) throw new AppError('case_changed');
        },
        { mediaId, version: row.version, shapes: input.shapes.length },
      );
      const stored = await this.repository.find(row.id, row.version, mediaId);
      return { caseId: row.id, mediaId, version: row.version, editable: true, shapes: input.shapes, updatedAt: now, updatedByName: stored?.updated_by_name ?? null };
    });
  }

  /** The image is in that version of the case: the draft's live files, or the signed version's list. */
  private async requireImageIn(row: AnnotatedCase, mediaId: string, version: number): Promise<void> {
    const media = await this.repository.media(row.id, mediaId);
    const notHere = new AppError('not_found', 'Bilden finns inte i ärendet.');
    if (!media) throw notHere;
    if (version === row.version && row.status === 'draft') {
      if (media.removed_at !== null) throw notHere;
    } else {
      const ids = await this.repository.signedMediaIds(row.id, version);
      if (!ids) throw new AppError('not_found', `Ärendet har ingen version ${version}.`);
      if (!ids.includes(mediaId)) throw notHere;
    }
    if (media.kind !== 'image') throw new AppError('validation_failed', 'Bara bilder kan ha markeringar.', { field: 'mediaId' });
  }
}
