import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import type { BacklogService } from '../backlog/backlog-service.js';
import type { CaseLifecycleService } from '../cases/case-lifecycle-service.js';
import type { MediaService } from '../media/media-service.js';
import type { PatientsService } from '../patients/patients-service.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations } from '../rights/audited.js';
import type { CaptureItemWithMedia, CaptureRepository, CaptureSessionRow } from './capture-repository.js';
import { sha256OfFile } from '../blobs/blob-writer.js';

/** The codes of the form's `identity_verified_by` capture fact (forms-fields.ts CAPTURE_FACTS). */
export const IDENTITY_VERIFICATIONS = ['id_document', 'known_to_staff', 'ehr_context'] as const;
export type IdentityVerification = (typeof IDENTITY_VERIFICATIONS)[number];

export interface CaptureInput {
  /** Made on the device. */
  id: string;
  /** The patient's identifier as typed. */
  identifier: string;
  identityVerification: IdentityVerification;
  departmentId: string;
  oralConsent: boolean;
  purpose: string;
  startedAt: string;
}

export interface CaptureItemView {
  key: string;
  state: 'stored';
  mediaId: string;
  /** SHA-256 of the bytes as received. */
  sha256: string;
}

export interface CaptureView {
  id: string;
  caseId: string;
  patientId: string;
  departmentId: string;
  items: CaptureItemView[];
}

/** An item upload whose last byte has arrived (tus), still in the uploads directory. */
export interface ArrivedItem {
  captureId: string;
  itemKey: string;
  /** The SHA-256 the device computed of the bytes it captured. */
  sha256: string;
  filename: string;
  capturedAt?: string;
  path: string;
  /** The hash made while the bytes arrived, when every byte went through it. */
  receivedSha256?: string;
}

/** What the other modules give capture, each for an operation capture audits itself (services.ts injects them). */
export type CapturePatients = Pick<PatientsService, 'prepareFor'>;
export type CaptureCases = Pick<CaseLifecycleService, 'prepareDraft'>;
export type CaptureBacklog = Pick<BacklogService, 'offlineMediaItem' | 'setCount'>;
export type CaptureMedia = Pick<MediaService, 'upload' | 'requireUploadable'>;


/**
 * Offline capture (C10, issue 16): a session made on a device for one patient in one department,
 * with a draft case recording the oral consent and purpose, and an `offline_media` backlog item;
 * its items arrive over the resumable upload, each stored exactly once by its device-made key
 * (the key's row is written in the media row's transaction; a repeat answers with the stored item).
 */
export class CaptureService {
  constructor(
    private readonly repository: CaptureRepository,
    private readonly patients: CapturePatients,
    private readonly cases: CaptureCases,
    private readonly backlog: CaptureBacklog,
    private readonly media: CaptureMedia,
    private readonly audited: AuditedOperations,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Creates the session (created: true) or answers the same one again for a repeat by its maker. */
  async create(ctx: RequestContext, input: CaptureInput): Promise<{ created: boolean; view: CaptureView }> {
    try {
      return await this.createOnce(ctx, input);
    } catch (error) {
      // Lost a race with a concurrent creation of the same id (a retried request): answered as a repeat.
      if (error instanceof RaceLost) return this.createOnce(ctx, input);
      throw error;
    }
  }

  private createOnce(ctx: RequestContext, input: CaptureInput): Promise<{ created: boolean; view: CaptureView }> {
    return this.audited.write(ctx, 'capture.create', { objectType: 'capture_session', objectId: input.id }, async (op) => {
      const caller = op.caller;
      // An identifier that is not valid is refused before anything is looked at (400 invalid_identifier).
      const patient = await this.patients.prepareFor(input.identifier);
      const existing = await this.repository.findSession(input.id);
      if (existing && (existing.user_id !== caller.userId || existing.patient_id !== patient.id || existing.department_id !== input.departmentId)) {
        throw new AppError('capture_conflict');
      }
      const scope = { departmentId: input.departmentId, patientId: patient.register ? null : patient.id, objectType: 'capture_session', objectId: input.id, disclose: true };
      // Creating the case and adding media to it (a forbidden department: 403, as for creating a case).
      await op.require({ right: 'case.write', ...scope });
      const actor = await op.require({ right: 'media.upload', ...scope });
      if (existing) {
        op.about({ patientId: existing.patient_id });
        await op.commit(async () => {}, { repeat: true, caseId: existing.case_id });
        return { created: false, view: await this.view(existing) };
      }
      const draft = await this.cases.prepareDraft({
        patientId: patient.id,
        departmentId: input.departmentId,
        createdBy: actor.userId,
        values: {
          purpose_explained: input.purpose,
          oral_consent: input.oralConsent,
          identity_verified_by: input.identityVerification,
          captured_by: actor.displayName,
        },
      });
      const backlogItem = this.backlog.offlineMediaItem({
        departmentId: input.departmentId,
        patientId: patient.id,
        description: `Media tagna offline av ${actor.displayName}; ärendeutkastet har dem när de är uppladdade.`,
        registeredBy: actor.userId,
      });
      const row: CaptureSessionRow = {
        id: input.id,
        user_id: actor.userId,
        patient_id: patient.id,
        department_id: input.departmentId,
        case_id: draft.id,
        backlog_item_id: backlogItem.id,
        identity_verification: input.identityVerification,
        oral_consent: input.oralConsent ? 1 : 0,
        purpose: input.purpose,
        started_at: input.startedAt,
        created_at: this.clock.now().toISOString(),
      };
      op.about({ patientId: patient.id });
      await op.commit(
        async (tx) => {
          if (patient.register) await patient.register(tx);
          await draft.insert(tx);
          await backlogItem.insert(tx);
          if (!(await this.repository.insertSession(tx, row))) throw new RaceLost();
        },
        { caseId: draft.id, backlogItemId: backlogItem.id, oralConsent: input.oralConsent, patientRegistered: patient.register !== null },
      );
      return { created: true, view: await this.view(row) };
    });
  }

  /** The caller's own session, with its stored items. */
  get(ctx: RequestContext, id: string): Promise<CaptureView> {
    return this.audited.read(ctx, 'capture.read', { objectType: 'capture_session', objectId: id }, async (op) => {
      const actor = op.authenticated();
      const session = await this.repository.findSession(id);
      if (!session || session.user_id !== actor.userId) return op.missing('capture_session', id);
      op.about({ departmentId: session.department_id, patientId: session.patient_id });
      return { result: await this.view(session) };
    });
  }

  /** One item of the caller's session when it is stored; 404 while it is not (or unknown). */
  getItem(ctx: RequestContext, id: string, key: string): Promise<CaptureItemView> {
    return this.audited.read(ctx, 'capture.item.read', { objectType: 'capture_session', objectId: id }, async (op) => {
      const actor = op.authenticated();
      const session = await this.repository.findSession(id);
      if (!session || session.user_id !== actor.userId) return op.missing('capture_session', id);
      op.about({ departmentId: session.department_id, patientId: session.patient_id });
      const item = await this.repository.findItem(key);
      const view = item && item.session_id === session.id ? itemView(item) : null;
      if (!view) return op.missing('capture_item', key);
      op.about({ objectType: 'media', objectId: view.mediaId });
      return { result: view, details: { key } };
    });
  }

  /** Before a resumable upload of an item begins: the caller's session, and the right to add media to its case now; audited. */
  async beginItem(ctx: RequestContext, captureId: string): Promise<void> {
    const session = await this.ownSession(ctx, captureId, 'media.upload.begin');
    await this.media.requireUploadable(ctx, session.case_id);
  }

  /**
   * An item whose bytes have all arrived: checked against the device's hash, then stored once. A
   * key already stored (a retry, or a concurrent upload of the same item that finished first)
   * stores nothing new and answers the stored item; the caller removes the bytes in every case.
   */
  async storeItem(ctx: RequestContext, arrived: ArrivedItem): Promise<{ mediaId: string; status: string }> {
    const session = await this.ownSession(ctx, arrived.captureId, 'media.upload');
    const prior = await this.repository.findItem(arrived.itemKey);
    if (prior) return this.repeat(ctx, session, prior);
    const received = arrived.receivedSha256 ?? (await sha256OfFile(arrived.path));
    if (received !== arrived.sha256) {
      const target = { objectType: 'case', objectId: session.case_id, departmentId: session.department_id, patientId: session.patient_id };
      return this.audited.write(ctx, 'media.upload', target, async (op) =>
        op.refuse(new AppError('checksum_mismatch'), { reason: 'checksum_mismatch', itemKey: arrived.itemKey, expected: arrived.sha256, received }),
      );
    }
    try {
      const parts = (async function* () {
        yield { filename: arrived.filename, file: { path: arrived.path, sha256: received }, truncated: () => false };
      })();
      const result = await this.media.upload(ctx, session.case_id, parts, arrived.capturedAt, async (trx, mediaId) => {
        const now = this.clock.now().toISOString();
        if (!(await this.repository.insertItem(trx, { key: arrived.itemKey, session_id: session.id, media_id: mediaId, sha256: received, captured_at: arrived.capturedAt ?? null, created_at: now }))) {
          // Stored by a concurrent upload of the same key: this media row is rolled back with it.
          throw new AppError('conflict', 'Filen sparades redan av en annan uppladdning.');
        }
        await this.backlog.setCount(trx, session.backlog_item_id, await this.repository.countItems(trx, session.id));
      });
      const item = result.items[0]!;
      return { mediaId: item.id, status: item.status };
    } catch (error) {
      // Whatever ended this attempt (the race above, a duplicate found by content meanwhile, a
      // refusal after cleaning): a stored key answers as a repeat does.
      const stored = await this.repository.findItem(arrived.itemKey);
      if (stored) return this.repeat(ctx, session, stored);
      throw error;
    }
  }

  /** The caller's own session, or "not found" (audited under the action of the request). */
  private async ownSession(ctx: RequestContext, id: string, action: string): Promise<CaptureSessionRow> {
    const session = await this.repository.findSession(id);
    if (session && session.user_id === ctx.actor?.userId) return session;
    return this.audited.read(ctx, action, { objectType: 'capture_session', objectId: id }, async (op) => {
      op.authenticated();
      return op.missing('capture_session', id);
    });
  }

  /** A key already stored: its media item (one event), or the refusal cleaning gave it. */
  private repeat(ctx: RequestContext, session: CaptureSessionRow, item: CaptureItemWithMedia): Promise<{ mediaId: string; status: string }> {
    const target = { objectType: 'media', objectId: item.media_id, departmentId: session.department_id, patientId: session.patient_id };
    return this.audited.read(ctx, 'capture.item.repeat', target, async (op) => {
      op.authenticated();
      if (item.session_id !== session.id) throw new AppError('capture_conflict', 'Filens nyckel hör till en annan fotografering.');
      const view = itemView(item);
      if (!view) {
        const refused = { filename: item.media_filename, code: item.media_error_code ?? 'corrupt', message: item.media_error_message ?? '' };
        throw new AppError('media_refused', refused.message || undefined, { items: [], refused: [refused] });
      }
      return { result: { mediaId: view.mediaId, status: item.media_status === 'duplicate' ? 'ready' : item.media_status }, details: { key: item.key } };
    });
  }

  private async view(session: CaptureSessionRow): Promise<CaptureView> {
    const items = await this.repository.listItems(session.id);
    return {
      id: session.id,
      caseId: session.case_id,
      patientId: session.patient_id,
      departmentId: session.department_id,
      items: items.flatMap((item) => itemView(item) ?? []),
    };
  }
}

/** Stored unless cleaning refused it; a duplicate of what the case already held answers with that item. */
function itemView(item: CaptureItemWithMedia): CaptureItemView | null {
  if (item.media_status === 'refused') return null;
  const mediaId = item.media_status === 'duplicate' && item.media_duplicate_of ? item.media_duplicate_of : item.media_id;
  return { key: item.key, state: 'stored', mediaId, sha256: item.sha256 };
}

/** A concurrent creation of the same session committed first. */
class RaceLost extends Error {}
