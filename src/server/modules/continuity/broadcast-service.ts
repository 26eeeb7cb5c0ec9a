import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import type { NoticeSubscriptionTable } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { PermanentJobError, type JobContext } from '../jobs/job-types.js';
import { isEmailAddress } from '../mail/email-address.js';
import type { Outbound } from '../mail/outbound.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import type { BroadcastRepository, SubscriptionWithDepartment } from './broadcast-repository.js';
import type { NoticeView } from './continuity-views.js';
import type { NoticeService } from './notice-service.js';
import type { StatusService } from './status-service.js';
import { STATUS_LABELS } from './status-graph.js';

export const SUBSCRIPTION_KINDS = ['webhook', 'email'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

export interface SubscriptionView {
  id: string;
  departmentId: string;
  departmentName: string | null;
  kind: SubscriptionKind;
  target: string;
  createdAt: string;
}

export interface SubscriptionInput {
  departmentId: string;
  kind: SubscriptionKind;
  target: string;
}

/**
 * Broadcast of notices beyond the open pages (C4): each department's subscriptions (webhooks and
 * e-mail) get every notice that concerns the department, through the durable job queue, so a
 * receiver that is down gets it on a retry. The deliveries are enqueued in the notice's own
 * transaction: once a notice is stored, its deliveries are too, whichever process wrote it.
 */
export class BroadcastService {
  constructor(
    private readonly config: Pick<Config, 'timeZone' | 'publicUrl'>,
    private readonly repository: BroadcastRepository,
    private readonly outbound: Outbound,
    /** Where notices are written (deliveries are enqueued in the notice's transaction). */
    statuses: Pick<StatusService, 'onNoticeWritten'>,
    private readonly notices: Pick<NoticeService, 'noticeView'>,
    private readonly queue: JobQueue,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {
    statuses.onNoticeWritten(async (tx, notice) => {
      for (const subscription of await this.repository.forDepartments(notice.departmentIds, tx.trx)) {
        await this.queue.enqueue(
          'notice.deliver',
          { noticeId: notice.id, subscriptionId: subscription.id },
          { executor: tx.trx, uniqueKey: `notice.deliver:${notice.id}:${subscription.id}`, maxAttempts: 8 },
        );
      }
    });
  }

  /**
   * The job handler: one JSON POST of the notice to the subscription's webhook (5xx, 408, 429 and
   * network errors are retried; other answers fail for good), or one plain-text email.
   */
  async deliver(payload: { noticeId: string; subscriptionId: string }, job?: Pick<JobContext, 'signal'>): Promise<void> {
    const subscription = await this.repository.find(payload.subscriptionId);
    // Removed since: nothing to send.
    if (!subscription) return;
    let notice;
    try {
      notice = await this.notices.noticeView(payload.noticeId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') throw new PermanentJobError('Meddelandet finns inte längre.');
      throw error;
    }
    const key = `kasus-notice-${notice.id}-${subscription.id}`;
    if (subscription.kind === 'webhook') {
      await this.outbound.webhook(
        subscription.target,
        { type: 'kasus.notice', departmentId: subscription.department_id, notice },
        { idempotencyKey: key, ...(job?.signal ? { signal: job.signal } : {}) },
      );
      return;
    }
    await this.outbound.mail({ to: subscription.target, subject: noticeSubject(notice), text: noticeText(notice, this.config.timeZone, this.config.publicUrl), messageId: `<${key}@kasus>` });
  }

  async list(ctx: RequestContext): Promise<SubscriptionView[]> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'notice_subscription.list', objectType: 'notice_subscription', disclose: true });
    return (await this.repository.list()).map(toView);
  }

  async create(ctx: RequestContext, input: SubscriptionInput): Promise<SubscriptionView> {
    const actor = await this.access.require(ctx, { right: 'continuity.manage', action: 'notice_subscription.create', objectType: 'notice_subscription', disclose: true });
    if (!(await this.repository.departmentExists(input.departmentId))) {
      throw new AppError('validation_failed', 'Avdelningen finns inte (departmentId).', { field: 'departmentId' });
    }
    const target = input.target.trim();
    if (input.kind === 'email') {
      // Refused rather than accepted and never sent.
      if (!this.outbound.canMail) {
        throw new AppError('validation_failed', 'Kasus kan inte skicka e-post: ingen e-postserver är inställd (KASUS_SMTP_URL). Använd en webhook (kind).', { field: 'kind' });
      }
      if (!isEmailAddress(target)) throw new AppError('validation_failed', 'Ange en giltig e-postadress (target).', { field: 'target' });
    } else {
      let url: URL | null = null;
      try {
        url = new URL(target);
      } catch {
        url = null;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new AppError('validation_failed', 'Webhookens adress ska vara en http- eller https-URL (target).', { field: 'target' });
      }
    }
    const row: NoticeSubscriptionTable = {
      id: randomUUID(),
      department_id: input.departmentId,
      kind: input.kind,
      target,
      created_by: actor.userId,
      created_at: this.clock.now().toISOString(),
    };
    await this.repository.insert(row);
    await this.audit.record(ctx, { action: 'notice_subscription.create', outcome: 'success', objectType: 'notice_subscription', objectId: row.id, details: { departmentId: row.department_id, kind: row.kind, target } });
    return toView((await this.repository.withDepartment(row.id))!);
  }

  async remove(ctx: RequestContext, id: string): Promise<void> {
    await this.access.require(ctx, { right: 'continuity.manage', action: 'notice_subscription.delete', objectType: 'notice_subscription', objectId: id, disclose: true });
    if (!(await this.repository.delete(id))) throw new AppError('not_found', 'Prenumerationen finns inte.');
    await this.audit.record(ctx, { action: 'notice_subscription.delete', outcome: 'success', objectType: 'notice_subscription', objectId: id });
  }
}

const KIND_LABELS = { outage: 'Avbrott', update: 'Ändring', recovery: 'Återställt' } as const;

function noticeSubject(notice: NoticeView): string {
  return `${KIND_LABELS[notice.kind]}: ${notice.system.name}`;
}

/** "2026-11-22 08:15 (Europe/Stockholm)": what staff read on the wall clock. */
function localTime(iso: string, timeZone: string): string {
  return `${new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso))} (${timeZone})`;
}

/** The notice as plain text (Swedish): system, departments, start, expected end, reason. */
function noticeText(notice: NoticeView, timeZone: string, publicUrl: string | null): string {
  const lines = [
    `${KIND_LABELS[notice.kind]}: ${notice.system.name} (${STATUS_LABELS[notice.status]})`,
    '',
    notice.message ?? '',
    '',
    `Start: ${localTime(notice.startedAt, timeZone)}`,
    `Förväntat slut: ${notice.expectedEnd ? localTime(notice.expectedEnd, timeZone) : 'okänt'}`,
  ];
  if (notice.affected.length > 0) lines.push(`Påverkar även: ${notice.affected.map((a) => a.name).join(', ')}`);
  if (notice.departments.length > 0) lines.push(`Berörda avdelningar: ${notice.departments.map((d) => d.name).join(', ')}`);
  lines.push('', `Driftstatus och rutiner i Kasus: ${publicUrl ?? ''}/status`, '', 'Skickat av Kasus.');
  return lines.join('\n');
}

const toView = (row: SubscriptionWithDepartment): SubscriptionView => ({
  id: row.id,
  departmentId: row.department_id,
  departmentName: row.department_name,
  kind: row.kind as SubscriptionKind,
  target: row.target,
  createdAt: row.created_at,
});
