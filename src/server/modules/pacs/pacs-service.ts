import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../../clock.js';
import type { PacsTargets } from '../../config/pacs.js';
import { AppError } from '../../http/errors.js';
import type { CaseDetail } from '../cases/case-views.js';
import { calendarDate, describeIdentifier } from '../identifiers/identifier-format.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { PermanentJobError, type JobContext } from '../jobs/job-types.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import type { AuditRecorder } from '../rights/audit-recorder.js';
import { caseUids, photographicInstance, videoInstance, type DicomPatient } from './dicom-instance.js';
import { h264ForDicom, jpegForDicom, UnsendableMediaError } from './dicom-media.js';
import type { ExportSource, PacsExportListRow, PacsExportRow, PacsRepository } from './pacs-repository.js';
import { StowError, stowInstance, type SendFailureCode } from './stow-client.js';

/** What the DICOM export needs of the cases module: the case as it is shown, inside this module's operation. */
export interface PacsCases {
  detailIn(op: Operation, id: string): Promise<CaseDetail>;
}

/** The blob store, read only. */
export interface PacsBlobs {
  get(key: string): Promise<Readable>;
}

export type PacsExportStatus = 'queued' | 'sending' | 'retrying' | 'sent' | 'failed';

export interface PacsExportView {
  id: string;
  status: PacsExportStatus;
  caseVersion: number;
  mediaCount: number;
  instancesSent: number;
  attempts: number;
  errorCode: string | null;
  errorDetail: string | null;
  requestedBy: string;
  requestedByName: string | null;
  requestedAt: string;
  finishedAt: string | null;
}

/** The identifier systems' OIDs, sent as Issuer of Patient ID (a reservnummer's is its region's). */
const ISSUER_OIDS: Record<string, string> = {
  se_personnummer: '1.2.752.129.2.1.3.1',
  se_samordningsnummer: '1.2.752.129.2.1.3.3',
  no_fodselsnummer: '2.16.578.1.12.4.1.4.1',
  no_d_nummer: '2.16.578.1.12.4.1.4.2',
  no_h_nummer: '2.16.578.1.12.4.1.4.3',
};

const SENDABLE = new Set(['image', 'video']);

function toView(row: PacsExportRow | PacsExportListRow): PacsExportView {
  // A job given up without the handler's last word (its lease ran out on the last attempt) is failed too.
  const jobDead = 'job_status' in row && row.job_status === 'dead' && row.status !== 'sent';
  return {
    id: row.id,
    status: jobDead ? 'failed' : (row.status as PacsExportStatus),
    caseVersion: row.case_version,
    mediaCount: (JSON.parse(row.media) as string[]).length,
    instancesSent: (JSON.parse(row.sent_uids) as string[]).length,
    attempts: row.attempts,
    errorCode: row.error_code ?? (jobDead ? 'internal' : null),
    errorDetail: row.error_detail,
    requestedBy: row.requested_by,
    requestedByName: 'requested_by_name' in row ? row.requested_by_name : null,
    requestedAt: row.requested_at,
    finishedAt: row.finished_at,
  };
}

/**
 * DICOM export to PACS (issue 15, I3). A user with media.export in the case's department asks for
 * a signed case to be sent; the request is audited and queued as a durable job ('pacs.send') with
 * retries. The job writes each image as a VL Photographic Image (JPEG baseline) and each video as a
 * Video Photographic Image (H.264), with study, series and instance UIDs derived from the case and
 * media ids (a resend replaces, never duplicates), and posts them one by one over STOW-RS to the
 * department's PACS (KASUS_PACS). Every attempt is audited (pacs.send: success or failure with the
 * reason); the state is listed on the case.
 */
export class PacsService {
  constructor(
    private readonly repository: PacsRepository,
    private readonly cases: PacsCases,
    private readonly blobs: PacsBlobs,
    private readonly queue: JobQueue,
    private readonly audited: AuditedOperations,
    private readonly audit: AuditRecorder,
    private readonly targets: PacsTargets,
    private readonly timeZone: string,
    private readonly workDir: string,
    private readonly clock: Clock,
  ) {}

  /** Queues the sending of a signed case's images and videos to its department's PACS. */
  request(ctx: RequestContext, caseId: string): Promise<{ export: PacsExportView; created: boolean }> {
    return this.audited.write(ctx, 'case.pacs_export', { objectType: 'case', objectId: caseId }, async (op) => {
      const detail = await this.cases.detailIn(op, caseId);
      const actor = await op.require({ right: 'media.export', departmentId: detail.departmentId, patientId: detail.patientId, objectType: 'case', objectId: caseId, disclose: true });
      if (detail.status !== 'signed') {
        op.refuse(new AppError('case_not_signed', 'Bara ett signerat ärende kan skickas till PACS. Signera ärendet först.'), { reason: 'case_not_signed' });
      }
      const department = await this.repository.department(detail.departmentId);
      const target = department ? this.targets[department.hsa_id] : undefined;
      if (!target) op.refuse(new AppError('pacs_not_configured'), { reason: 'pacs_not_configured' });
      if (!detail.patient) op.refuse(new AppError('pacs_nothing_to_send', 'Ärendet hör inte till någon patient och kan inte skickas till PACS.'), { reason: 'no_patient' });
      const media = detail.media.filter((m) => SENDABLE.has(m.kind) && m.status === 'ready' && m.sha256);
      if (media.length === 0) op.refuse(new AppError('pacs_nothing_to_send'), { reason: 'no_media' });
      const pending = await this.repository.pendingOf(caseId);
      if (pending) {
        // Asked again while it is under way: the same export, no second job.
        return op.commit(async () => ({ export: toView(pending), created: false }), { exportId: pending.id, jobId: pending.job_id, alreadyQueued: true });
      }
      const id = randomUUID();
      const now = this.clock.now().toISOString();
      return op.commit(
        async (tx) => {
          const jobId = await this.queue.enqueue('pacs.send', { exportId: id }, { uniqueKey: `pacs.send:${id}`, executor: tx });
          const row: PacsExportRow = {
            id,
            case_id: caseId,
            case_version: detail.version,
            department_id: detail.departmentId,
            job_id: jobId,
            media: JSON.stringify(media.map((m) => m.id)),
            status: 'queued',
            attempts: 0,
            sent_uids: '[]',
            study_uid: caseUids.study(caseId),
            target_url: target!.url,
            error_code: null,
            error_detail: null,
            requested_by: actor.userId,
            requested_at: now,
            finished_at: null,
          };
          await this.repository.insert(tx, row);
          return { export: toView(row), created: true };
        },
        (result) => ({ exportId: result.export.id, version: detail.version, mediaIds: media.map((m) => m.id), pacs: new URL(target!.url).host }),
      );
    });
  }

  /** The case's sends to PACS, newest first, and whether its department has a PACS at all. */
  list(ctx: RequestContext, caseId: string): Promise<{ configured: boolean; items: PacsExportView[] }> {
    return this.audited.read(ctx, 'case.pacs_exports.read', { objectType: 'case', objectId: caseId }, async (op) => {
      const detail = await this.cases.detailIn(op, caseId);
      const department = await this.repository.department(detail.departmentId);
      const rows = await this.repository.list(caseId);
      return { result: { configured: department !== undefined && department.hsa_id in this.targets, items: rows.map(toView) }, details: { count: rows.length } };
    });
  }

  /**
   * The job: sends what the PACS has not confirmed yet, one instance at a time. Idempotent: the UIDs
   * are the same every run and the PACS's confirmations are kept, so a retry sends only the rest.
   * A failure is recorded (retrying, or failed on the last attempt) with its audit event and thrown,
   * so the queue retries with backoff.
   */
  async run(exportId: string, job: Pick<JobContext, 'signal' | 'attempt' | 'maxAttempts'>): Promise<void> {
    const row = await this.repository.find(exportId);
    if (!row || row.status === 'sent' || row.status === 'failed') return;
    await this.repository.started(exportId, job.attempt);
    const sent = new Set(JSON.parse(row.sent_uids) as string[]);
    let patientId: string | null = null;
    try {
      const source = await this.repository.source(row);
      if (!source) throw new PermanentJobError('the case is gone');
      patientId = source.patientId;
      const department = await this.repository.department(row.department_id);
      const target = department ? this.targets[department.hsa_id] : undefined;
      if (!target) throw new StowError('http_status', 'the department has no PACS configured any more');
      // One work directory per export, emptied first: what a killed run left there goes now.
      const work = path.join(this.workDir, exportId);
      await rm(work, { recursive: true, force: true });
      await mkdir(work, { recursive: true });
      try {
        let imageNumber = 0;
        let videoNumber = 0;
        for (const media of source.media) {
          job.signal.throwIfAborted();
          const number = media.kind === 'video' ? ++videoNumber : ++imageNumber;
          if (!media.sha256 || media.status !== 'ready') throw new StowError('media_unreadable', `file ${media.id} is not stored`);
          const uid = caseUids.instance(media.id, media.sha256);
          if (sent.has(uid)) continue;
          const file = await this.instanceOf(source, media, number, uid, work, job.signal);
          await stowInstance(target, file, uid, job.signal);
          sent.add(uid);
          await this.repository.confirmed(exportId, [...sent]);
        }
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      await this.repository.finish(exportId, { status: 'sent', errorCode: null, errorDetail: null, finishedAt: this.clock.now().toISOString() }, (tx) =>
        this.audit.record(this.jobContext(row), this.event(row, patientId, 'success', { attempt: job.attempt, instances: sent.size }), tx),
      );
    } catch (error) {
      if (job.signal.aborted && !(error instanceof StowError)) throw error; // stopped or lease lost: the next run goes on
      const { code, detail } = failureOf(error);
      const last = job.attempt >= job.maxAttempts || error instanceof PermanentJobError || error instanceof UnsendableMediaError;
      await this.repository.finish(
        exportId,
        { status: last ? 'failed' : 'retrying', errorCode: code, errorDetail: detail, finishedAt: last ? this.clock.now().toISOString() : null },
        (tx) => this.audit.record(this.jobContext(row), this.event(row, patientId, 'failure', { attempt: job.attempt, final: last, errorCode: code, errorDetail: detail, instances: sent.size }), tx),
      );
      if (error instanceof UnsendableMediaError) throw new PermanentJobError(error.message, { cause: error });
      throw error;
    }
  }

  /** One media item as DICOM Part 10 bytes. */
  private async instanceOf(source: ExportSource, media: ExportSource['media'][number], number: number, uid: string, work: string, signal: AbortSignal): Promise<Buffer> {
    const common = {
      patient: this.patientOf(source),
      study: {
        uid: caseUids.study(source.caseId),
        id: source.caseId.replace(/-/g, '').slice(0, 16),
        at: new Date(source.media.map((m) => m.capturedAt).filter((t): t is string => t !== null).sort()[0] ?? source.createdAt),
        description: source.formName ?? 'Kasus',
        institution: source.department.name,
        departmentCode: source.department.hsaId,
      },
      seriesUid: caseUids.series(source.caseId, media.kind === 'video' ? 'video' : 'image'),
      seriesNumber: media.kind === 'video' ? 2 : 1,
      seriesDescription: media.kind === 'video' ? 'Kasus video' : 'Kasus foto',
      sopInstanceUid: uid,
      instanceNumber: number,
      acquiredAt: new Date(media.capturedAt ?? media.createdAt),
      caption: media.caption,
      timeZone: this.timeZone,
    };
    const original = path.join(work, `${media.id}.original`);
    await pipeline(await this.blobs.get(media.sha256!), createWriteStream(original));
    if (media.kind === 'video') {
      const video = await h264ForDicom(original, path.join(work, `${media.id}.mp4`), signal);
      return videoInstance({ ...common, ...video });
    }
    const picture = await jpegForDicom(await readFile(original)).catch((error: unknown) => {
      throw error instanceof UnsendableMediaError ? error : new UnsendableMediaError('media_unreadable', (error as Error).message);
    });
    return photographicInstance({ ...common, ...picture });
  }

  private patientOf(source: ExportSource): DicomPatient {
    const patient = source.patient;
    if (!patient) return { id: '', issuerOid: null, name: '', birthDate: '', sex: '' };
    const described = describeIdentifier(patient.identifier, patient.type, calendarDate(this.clock.now(), this.timeZone));
    return {
      id: patient.identifier,
      issuerOid: patient.type === 'se_reservnummer' ? patient.regionOid : (ISSUER_OIDS[patient.type] ?? null),
      name: '',
      birthDate: described.birthDate?.replace(/-/g, '') ?? '',
      sex: described.sex === 'female' ? 'F' : described.sex === 'male' ? 'M' : '',
    };
  }

  private jobContext(row: PacsExportRow): RequestContext {
    return { actor: null, clientIp: null, requestId: `pacs-${row.job_id}` };
  }

  private event(row: PacsExportRow, patientId: string | null, outcome: 'success' | 'failure', details: Record<string, unknown>) {
    return {
      action: 'pacs.send',
      outcome,
      userId: row.requested_by,
      departmentId: row.department_id,
      patientId,
      objectType: 'case',
      objectId: row.case_id,
      details: { exportId: row.id, jobId: row.job_id, version: row.case_version, pacs: new URL(row.target_url).host, ...details },
    } as const;
  }
}

function failureOf(error: unknown): { code: SendFailureCode; detail: string } {
  if (error instanceof StowError) return { code: error.code, detail: error.detail };
  if (error instanceof UnsendableMediaError) return { code: error.code, detail: error.message };
  return { code: 'internal', detail: error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300) };
}
