import type { Config } from '../../config/config.js';
import { PermanentJobError, type JobContext } from '../jobs/job-types.js';
import { Mailer, type OutboundMail } from './mailer.js';
import { postWebhook, type WebhookResult } from './webhook.js';

export type { OutboundMail } from './mailer.js';
export { shownUrl, type WebhookResult } from './webhook.js';

export type OutboundConfig = Pick<Config, 'smtpUrl' | 'smtpFrom' | 'webhookTimeoutMs'>;

/** Why e-mail cannot be sent at all (a delivery job fails for good with it). */
export const NO_MAIL_SERVER = 'Kasus har ingen e-postserver (KASUS_SMTP_URL är inte satt).';

/** The run of a delivery job as the job queue gives it (which attempt, of how many, and its abort signal). */
export type DeliveryAttempt = Pick<JobContext, 'attempt' | 'maxAttempts' | 'signal'>;

/**
 * What one attempt of a delivery came to, handed to the caller's `record` before the job finishes:
 * sent (with what the receiver answered), failed but retried by the job queue, or failed for good
 * (a permanent error, or the last attempt).
 */
export type DeliveryOutcome<T> =
  | { status: 'sent'; attempt: number; result: T }
  | { status: 'retrying' | 'failed'; attempt: number; maxAttempts: number; permanent: boolean; reason: string };

/**
 * Outbound delivery, built once (in services.ts) and shared by every module that sends something out
 * of Kasus: notices to department subscriptions, urgent incidents to service desks, routine expiry
 * reminders to owners. E-mail goes through one SMTP transport (KASUS_SMTP_URL, KASUS_SMTP_FROM);
 * webhooks are JSON POSTs that give up after KASUS_WEBHOOK_TIMEOUT_SECONDS. Retries are the job
 * queue's: a delivery runs as a job, and `attempt` classifies its failure — PermanentJobError (a
 * 4xx answer other than 408/429, an SMTP 5xx, no e-mail server) buries the job at once; anything
 * else (timeout, network error, 5xx) is retried with backoff until the job's attempts run out.
 */
export class Outbound {
  private readonly mailer: Mailer | null;
  readonly webhookTimeoutMs: number;

  constructor(config: OutboundConfig) {
    this.mailer = config.smtpUrl ? new Mailer(config.smtpUrl, config.smtpFrom, config.webhookTimeoutMs) : null;
    this.webhookTimeoutMs = config.webhookTimeoutMs;
  }

  /** Whether e-mail can be sent (an SMTP server is configured); services refuse e-mail targets otherwise. */
  get canMail(): boolean {
    return this.mailer !== null;
  }

  /** Sends one plain-text e-mail; without an SMTP server it fails for good (PermanentJobError). */
  async mail(mail: OutboundMail): Promise<void> {
    if (!this.mailer) throw new PermanentJobError(NO_MAIL_SERVER);
    await this.mailer.send(mail);
  }

  /** POSTs the payload as JSON to the webhook, with the configured timeout; see postWebhook for the classification. */
  webhook(url: string, payload: unknown, options: { idempotencyKey: string; signal?: AbortSignal }): Promise<WebhookResult> {
    return postWebhook(url, payload, { timeoutMs: this.webhookTimeoutMs, idempotencyKey: options.idempotencyKey, ...(options.signal ? { signal: options.signal } : {}) });
  }

  /**
   * Runs one attempt of a delivery job: `send`, then hands the outcome to `record` (the caller keeps
   * it where users see it), then returns the result, or rethrows the failure so that the job queue
   * retries or buries the job. An attempt cut short by the worker (stopping, lease lost) is not
   * recorded: the job runs again and records then.
   */
  async attempt<T>(job: DeliveryAttempt, send: () => Promise<T>, record: (outcome: DeliveryOutcome<T>) => Promise<void>): Promise<T> {
    let result: T;
    try {
      result = await send();
    } catch (error) {
      if (job.signal.aborted) throw error;
      const permanent = error instanceof PermanentJobError;
      const last = permanent || job.attempt >= job.maxAttempts;
      await record({ status: last ? 'failed' : 'retrying', attempt: job.attempt, maxAttempts: job.maxAttempts, permanent, reason: (error as Error).message });
      throw error;
    }
    await record({ status: 'sent', attempt: job.attempt, result });
    return result;
  }

  /** Closes the SMTP connection (at shutdown). */
  close(): void {
    this.mailer?.close();
  }
}
