import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { AppError } from '../../http/errors.js';
import { DeletesNotRealError, type BlobReferences, type BlobStore, type MediaBlobStore, type QuarantineStore } from '../blobs/blob-store.js';
import { jobKey, type JobContext } from '../jobs/job-types.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { hasRight } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import type { AuditRecorder } from '../rights/audit-recorder.js';
import { consentStatus } from '../consents/consents-service.js';
import type { PurgedCopy, PurgeRepository, PurgeRow } from './purge-repository.js';

/** Why working material (not a record under a retention decision) is removed. */
export const PURGE_REASON_KINDS = ['duplicate', 'wrong_patient', 'test_material', 'discarded_draft'] as const;
export type PurgeReasonKind = (typeof PURGE_REASON_KINDS)[number];

export type PurgeBasis =
  | { basis: 'decision'; decisionRef: string; decisionDate: string }
  | { basis: 'working_material'; reasonKind: PurgeReasonKind };

export type PurgeStatus = 'queued' | 'running' | 'done';

export interface PurgeView {
  jobId: string;
  scope: 'case' | 'patient';
  targetId: string;
  basis: 'decision' | 'working_material';
  decisionRef: string | null;
  decisionDate: string | null;
  reasonKind: string | null;
  status: PurgeStatus;
  counts: Record<string, number>;
  requestedAt: string;
  finishedAt: string | null;
}

const toView = (row: PurgeRow): PurgeView => ({
  jobId: row.job_id,
  scope: row.scope as PurgeView['scope'],
  targetId: row.target_id,
  basis: row.basis as PurgeView['basis'],
  decisionRef: row.decision_ref,
  decisionDate: row.decision_date,
  reasonKind: row.reason_kind,
  status: row.status as PurgeStatus,
  counts: JSON.parse(row.counts) as Record<string, number>,
  requestedAt: row.requested_at,
  finishedAt: row.finished_at,
});

/**
 * M11: a system administrator purges a case or all of a patient's cases, for real. The request is
 * audited and queued as a durable job ('purge.run'); the job removes the rows case by case (one
 * transaction each, which also records the blob keys they named) and then the blobs, so a run
 * killed at any point is finished by the next one. The audit log keeps events without content (who,
 * when, the decision, the counts); earlier events stay as they are, so the hash chain still verifies.
 */
export class PurgeService {
  constructor(
    private readonly repository: PurgeRepository,
    private readonly blobs: BlobStore & Pick<QuarantineStore, 'deleteQuarantine'> & Pick<MediaBlobStore, 'deletesProblem'>,
    private readonly queue: JobQueue,
    private readonly audited: AuditedOperations,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
    private readonly blobReferences: BlobReferences,
  ) {}

  /** Queues the purge of one case; answers with its job id. */
  purgeCase(ctx: RequestContext, caseId: string, basis: PurgeBasis): Promise<{ jobId: string }> {
    return this.audited.write(ctx, 'case.purge', { objectType: 'case', objectId: caseId }, async (op) => {
      // The right first, before the case is looked up: without it, a case that exists and one that does not look alike.
      const actor = await op.require({ right: 'case.purge', objectType: 'case', objectId: caseId, disclose: true });
      this.checkBasis(op, basis);
      const found = await this.repository.findCase(caseId);
      if (!found) return op.missing('case', caseId);
      if (!hasRight(actor, 'case.purge', found.department_id)) await op.require({ right: 'case.purge', departmentId: found.department_id, objectType: 'case', objectId: caseId, disclose: true });
      op.about({ departmentId: found.department_id });
      return this.queuePurge(op, ctx, 'case', caseId, basis);
    });
  }

  /** Queues the purge of every case of a patient (the patient's record itself stays); answers with its job id. */
  purgePatient(ctx: RequestContext, patientId: string, basis: PurgeBasis): Promise<{ jobId: string }> {
    return this.audited.write(ctx, 'patient.purge', { objectType: 'patient', objectId: patientId }, async (op) => {
      const actor = await op.require({ right: 'case.purge', objectType: 'patient', objectId: patientId, disclose: true });
      this.checkBasis(op, basis);
      if (!(await this.repository.findPatient(patientId))) return op.missing('patient', patientId);
      for (const c of await this.repository.casesOfPatient(patientId)) {
        if (!hasRight(actor, 'case.purge', c.department_id)) await op.require({ right: 'case.purge', departmentId: c.department_id, objectType: 'patient', objectId: patientId, disclose: true });
      }
      return this.queuePurge(op, ctx, 'patient', patientId, basis);
    });
  }

  /** A purge's progress and counts, by its job id. */
  status(ctx: RequestContext, jobId: string): Promise<PurgeView> {
    return this.audited.read(ctx, 'purge.read', { objectType: 'purge', objectId: jobId }, async (op) => {
      await op.require({ right: 'case.purge', objectType: 'purge', objectId: jobId, disclose: true });
      const row = await this.repository.findByJob(jobId);
      if (!row) return op.missing('purge', jobId);
      return { result: toView(row) };
    });
  }

  /** The job: removes what is left of the purge's target, then its blobs, then marks it done. Idempotent. */
  async run(purgeId: string, job?: Pick<JobContext, 'signal'>): Promise<void> {
    const row = await this.repository.find(purgeId);
    if (!row || row.status === 'done') return;
    await this.repository.setStatus(purgeId, 'running');
    for (const caseId of await this.repository.remainingCases(row)) {
      job?.signal.throwIfAborted();
      await this.repository.removeCase(purgeId, caseId, (copy) => this.keepsCopy(copy));
    }
    // Deletes must remove the bytes (an S3 bucket may have got versioning since the start): asked before
    // the deletes and again before the purge is reported done; otherwise the job fails and is retried.
    await this.requireRealDeletes();
    for (const blob of await this.repository.pendingBlobs(purgeId)) {
      job?.signal.throwIfAborted();
      // Content-addressed: the same bytes may belong to a case that stays, or to an upload whose row is
      // not committed yet (it holds the key: it then either names the bytes or deletes them itself).
      let counted = false;
      await this.blobReferences.deleteUnused(blob.key, async () => {
        if (blob.area === 'quarantine') return this.blobs.deleteQuarantine(blob.key);
        counted = (await this.blobs.stat(blob.key)) !== null;
        await this.blobs.delete(blob.key);
      });
      await this.repository.blobRemoved(purgeId, blob.area, blob.key, counted);
    }
    await this.requireRealDeletes();
    const now = this.clock.now().toISOString();
    await this.repository.transaction(async (tx) => {
      const counts = await this.repository.finish(tx, purgeId, now);
      if (!counts) return;
      // The completion event: who asked, the decision and the counts; nothing of the removed content.
      await this.audit.record(
        { actor: null, clientIp: null, requestId: `purge-${row.job_id}` },
        {
          action: 'purge.done',
          outcome: 'success',
          userId: row.requested_by,
          objectType: row.scope,
          objectId: row.target_id,
          details: { jobId: row.job_id, basis: row.basis, decisionRef: row.decision_ref, decisionDate: row.decision_date, reasonKind: row.reason_kind, counts },
        },
        tx,
      );
    });
  }

  private async requireRealDeletes(): Promise<void> {
    const problem = await this.blobs.deletesProblem();
    if (problem) throw new DeletesNotRealError(problem);
  }

  /**
   * A de-identified copy (M9) outlives its purged source when it is still in its collection under a
   * consent that covers teaching today: the consent, not the source's record, is what keeps it.
   */
  private keepsCopy(copy: PurgedCopy): boolean {
    const today = this.clock.now().toISOString().slice(0, 10);
    return copy.withdrawn_at === null && (JSON.parse(copy.scopes) as string[]).includes('teaching') && consentStatus(copy, today) === 'valid';
  }

  private checkBasis(op: Operation, basis: PurgeBasis): void {
    if (basis.basis !== 'decision') return;
    const today = this.clock.now().toISOString().slice(0, 10);
    const date = new Date(`${basis.decisionDate}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== basis.decisionDate) {
      op.refuse(new AppError('invalid_date'), { field: 'decisionDate' });
    }
    if (basis.decisionDate > today) op.refuse(new AppError('validation_failed', 'Beslutsdatumet kan inte ligga i framtiden.'), { field: 'decisionDate' });
  }

  private async queuePurge(op: Operation, ctx: RequestContext, scope: 'case' | 'patient', targetId: string, basis: PurgeBasis): Promise<{ jobId: string }> {
    const purgeId = randomUUID();
    const actor = ctx.actor!;
    const details = {
      basis: basis.basis,
      ...(basis.basis === 'decision' ? { decisionRef: basis.decisionRef, decisionDate: basis.decisionDate } : { reasonKind: basis.reasonKind }),
    };
    return op.commit(
      async (tx) => {
        const jobId = await this.queue.enqueue('purge.run', { purgeId }, { uniqueKey: jobKey('purge.run', purgeId), executor: tx });
        await this.repository.insert(tx, {
          id: purgeId,
          job_id: jobId,
          scope,
          target_id: targetId,
          basis: basis.basis,
          decision_ref: basis.basis === 'decision' ? basis.decisionRef : null,
          decision_date: basis.basis === 'decision' ? basis.decisionDate : null,
          reason_kind: basis.basis === 'working_material' ? basis.reasonKind : null,
          requested_by: actor.userId,
          requested_at: this.clock.now().toISOString(),
          status: 'queued',
          counts: '{}',
          finished_at: null,
        });
        return { jobId };
      },
      (result) => ({ ...details, jobId: result.jobId }),
    );
  }
}
