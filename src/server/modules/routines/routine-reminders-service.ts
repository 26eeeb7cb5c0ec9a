import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.js';
import type { Config } from '../../config/config.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Outbound } from '../mail/outbound.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { reminderMail } from './reminder-mail.js';
import { reminderDue } from './routine-rules.js';
import type { ReminderForMail, ReminderWithRoutine, RoutinesRepository } from './routines-repository.js';
import { asRules, groupVersions } from './routine-views.js';

export interface ReminderView {
  id: string;
  routineId: string;
  documentId: string;
  version: number;
  ownerId: string;
  kind: 'expiring' | 'expired';
  validTo: string;
  createdAt: string;
}

/** A reminder as its owner sees it: with the version's title, and whether it still needs attention now. */
export interface MyReminderView extends ReminderView {
  title: string | null;
  /**
   * True while the reminded version is still the routine's current one and no approved successor
   * takes over in time: the owner still has to act. False once a new version has been approved.
   */
  open: boolean;
  /** While open: whether the version is expiring or has expired now (it may have expired since the reminder). */
  currentKind: 'expiring' | 'expired' | null;
  /** What became of the e-mail to the owner; null until the job has run. */
  mail: ReminderMailRecord | null;
}

/** The stored outcome of a reminder's e-mail. */
export interface ReminderMailRecord {
  outcome: 'sent' | ReminderMailNotSent;
  to: string | null;
  at: string;
}

/** Listens to reminders as they are recorded on this node (e-mail goes by the `routine.remind` job instead). */
export type ReminderListener = (reminder: ReminderView) => void | Promise<void>;

/** What the `routine.remind` job did: sent the e-mail, or why not (the reminder is shown in Kasus either way). */
export type ReminderMailOutcome = SentMail | { sent: false; reason: ReminderMailNotSent | 'reminder_gone' };

interface SentMail {
  sent: true;
  to: string;
  messageId: string;
}

/** Why a reminder's e-mail was not sent (stored on the reminder). */
export const REMINDER_MAIL_NOT_SENT = ['no_longer_due', 'owner_inactive', 'no_email_address', 'no_mail_server'] as const;
export type ReminderMailNotSent = (typeof REMINDER_MAIL_NOT_SENT)[number];

export type RoutineRemindersConfig = Pick<Config, 'routineReminderDays' | 'timeZone' | 'publicUrl'>;

/**
 * Expiry reminders of routines (C3): recorded once per version and owner when a version in force is
 * about to expire or has expired without a successor, shown to the owner, and e-mailed by the
 * `routine.remind` job.
 */
export class RoutineRemindersService {
  private readonly reminderListeners = new Set<ReminderListener>();
  private readonly reminderDays: number;

  constructor(
    private readonly repository: RoutinesRepository,
    private readonly outbound: Outbound,
    private readonly queue: JobQueue,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly config: RoutineRemindersConfig,
    private readonly clock: Clock = systemClock,
  ) {
    this.reminderDays = config.routineReminderDays;
  }

  /** Called for each reminder recorded on this node, after its e-mail job is queued. */
  onReminder(listener: ReminderListener): () => void {
    this.reminderListeners.add(listener);
    return () => this.reminderListeners.delete(listener);
  }

  /** The reminders of the logged-in user's routines, newest first; only those still needing attention with `open`. */
  async myReminders(ctx: RequestContext, filter: { open?: boolean } = {}): Promise<MyReminderView[]> {
    const actor = this.access.authenticated(ctx);
    const rows = await this.repository.remindersFor(actor.userId);
    if (rows.length === 0) return [];
    const routineIds = [...new Set(rows.map((r) => r.routine_id))];
    const byRoutine = groupVersions(await this.repository.versions(routineIds));
    const now = this.clock.now();
    const due = new Map(routineIds.map((id) => [id, reminderDue((byRoutine.get(id) ?? []).map(asRules), now, this.reminderDays)]));
    const views = rows.map((row): MyReminderView => {
      const current = due.get(row.routine_id);
      const open = !!current && current.version === Number(row.version) && current.ownerId === row.owner_id;
      const title = byRoutine.get(row.routine_id)?.find((v) => v.version === Number(row.version))?.title ?? null;
      const mail = row.mail_outcome && row.mail_outcome_at ? { outcome: row.mail_outcome as ReminderMailRecord['outcome'], to: row.mail_to, at: row.mail_outcome_at } : null;
      return { ...toReminderView(row), title, open, currentKind: open ? current!.kind : null, mail };
    });
    return filter.open ? views.filter((v) => v.open) : views;
  }

  /**
   * Records the reminders due now: one per routine version and owner, ever, whose version in force
   * is expiring within the reminder window or has expired without a successor. Idempotent, also
   * across nodes (the database's unique key decides). Each reminder's e-mail job (`routine.remind`)
   * is queued in the reminder's own transaction. Returns the reminders recorded by this call.
   */
  async checkReminders(at?: Date): Promise<ReminderView[]> {
    const now = at ?? this.clock.now();
    const [routines, versions] = await Promise.all([this.repository.routines(), this.repository.versions()]);
    const byRoutine = groupVersions(versions);
    const recorded: ReminderView[] = [];
    for (const routine of routines) {
      const due = reminderDue((byRoutine.get(routine.id) ?? []).map(asRules), now, this.reminderDays);
      if (!due) continue;
      const row = { id: randomUUID(), routine_id: routine.id, version: due.version, owner_id: due.ownerId, kind: due.kind, valid_to: due.validTo, created_at: now.toISOString() };
      const recordedNow = await this.repository.insertReminder(row, async (trx) => {
        await this.queue.enqueue('routine.remind', { reminderId: row.id }, { executor: trx, uniqueKey: `routine.remind:${row.id}` });
      });
      if (!recordedNow) continue;
      const view = toReminderView({ ...row, document_id: routine.document_id });
      await this.audit.record(null, {
        action: 'routine.reminder',
        outcome: 'success',
        objectType: 'routine',
        objectId: routine.id,
        details: { documentId: routine.document_id, version: due.version, kind: due.kind, validTo: due.validTo, ownerId: due.ownerId },
      });
      recorded.push(view);
      for (const listener of this.reminderListeners) {
        try {
          await listener(view);
        } catch {
          // Delivery is best effort; the reminder itself is recorded and shown in Kasus.
        }
      }
    }
    return recorded;
  }

  /**
   * The `routine.remind` job: one plain-text e-mail (Swedish) to the routine's owner. Without an
   * address, an active owner or an e-mail server it finishes without sending (retrying would not
   * help; the reminder is shown in Kasus), and also when a new version was approved in the meantime.
   * A failed send is retried by the job queue; the stable Message-ID lets the receiver recognise a
   * repeat after a crash between sending and finishing.
   */
  async sendReminder(reminderId: string): Promise<ReminderMailOutcome> {
    const reminder = await this.repository.reminderForMail(reminderId);
    if (!reminder) return { sent: false, reason: 'reminder_gone' };
    const messageId = `<kasus-routine-reminder-${reminder.id}@kasus>`;
    // A retry of a job whose mail went out (and was recorded) sends nothing again.
    if (reminder.mail_outcome === 'sent') return { sent: true, to: reminder.mail_to ?? '', messageId };
    const outcome = await this.mailReminder(reminder, messageId);
    await this.repository.recordMailOutcome(reminder.id, outcome.sent ? 'sent' : outcome.reason, outcome.sent ? outcome.to : null, this.clock.now().toISOString());
    return outcome;
  }

  /** Sends the reminder's e-mail when it is still due and can be sent; otherwise says why not. */
  private async mailReminder(reminder: ReminderForMail, messageId: string): Promise<SentMail | { sent: false; reason: ReminderMailNotSent }> {
    const due = reminderDue((await this.repository.versions([reminder.routine_id])).map(asRules), this.clock.now(), this.reminderDays);
    if (!due || due.version !== Number(reminder.version) || due.ownerId !== reminder.owner_id) return { sent: false, reason: 'no_longer_due' };
    if (reminder.owner_active !== null && Number(reminder.owner_active) !== 1) return { sent: false, reason: 'owner_inactive' };
    const to = reminder.owner_email?.trim();
    if (!to) return { sent: false, reason: 'no_email_address' };
    if (!this.outbound.canMail) return { sent: false, reason: 'no_mail_server' };
    const mail = reminderMail(reminder, this.config.timeZone, this.config.publicUrl);
    await this.outbound.mail({ to, subject: mail.subject, text: mail.text, messageId });
    return { sent: true, to, messageId };
  }
}

const toReminderView = (row: Pick<ReminderWithRoutine, 'id' | 'routine_id' | 'document_id' | 'version' | 'owner_id' | 'kind' | 'valid_to' | 'created_at'>): ReminderView => ({
  id: row.id,
  routineId: row.routine_id,
  documentId: row.document_id,
  version: Number(row.version),
  ownerId: row.owner_id,
  kind: row.kind as 'expiring' | 'expired',
  validTo: row.valid_to,
  createdAt: row.created_at,
});
