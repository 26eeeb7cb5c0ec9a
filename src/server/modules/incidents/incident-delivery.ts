import nodemailer, { type Transporter } from 'nodemailer';
import { PermanentJobError } from '../jobs/job-types.js';

/** What a webhook answered, when it worked. */
export interface WebhookResult {
  status: number;
  /** A case number the service desk answered with (`caseNumber` or `case_number` in a JSON answer). */
  caseNumber: string | null;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs the report as JSON. A 2xx answer is success; 408, 429 and 5xx, a timeout or a network error
 * are worth retrying; any other status will not get better and fails the delivery for good.
 */
export async function postWebhook(url: string, payload: unknown, options: { timeoutMs: number; idempotencyKey: string; signal?: AbortSignal }): Promise<WebhookResult> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  // Errors (logged, kept in the timeline) name the address without its query or credentials, which may hold a secret.
  const parsed = new URL(url);
  const shown = `${parsed.origin}${parsed.pathname}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': options.idempotencyKey, 'user-agent': 'Kasus' },
      body: JSON.stringify(payload),
      signal: AbortSignal.any(signals),
      redirect: 'error',
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : ((error as { cause?: Error }).cause?.message ?? (error as Error).message);
    throw new Error(`Webhook ${shown}: ${reason}`);
  }
  const text = (await response.text().catch(() => '')).slice(0, MAX_ANSWER_BYTES);
  if (!response.ok) {
    const message = `Webhook ${shown} answered HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw retryable ? new Error(message) : new PermanentJobError(message);
  }
  let caseNumber: string | null = null;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const value = body.caseNumber ?? body.case_number;
    if ((typeof value === 'string' && value.trim()) || typeof value === 'number') caseNumber = String(value).trim().slice(0, 100);
  } catch {
    // Not JSON: the service desk gives its number some other way.
  }
  return { status: response.status, caseNumber };
}

/** Sends plain-text e-mail through one SMTP server. */
export class Mailer {
  private transporter: Transporter | null = null;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
    private readonly timeoutMs: number,
  ) {}

  async send(mail: { to: string; subject: string; text: string; messageId: string }): Promise<void> {
    if (!this.transporter) {
      const url = new URL(this.smtpUrl);
      const secure = url.protocol === 'smtps:';
      this.transporter = nodemailer.createTransport({
        host: url.hostname,
        port: url.port ? Number(url.port) : secure ? 465 : 587,
        secure,
        auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
        connectionTimeout: this.timeoutMs,
        greetingTimeout: this.timeoutMs,
        socketTimeout: this.timeoutMs,
      });
    }
    try {
      await this.transporter.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const message = `E-post till ${mail.to} via ${this.smtpUrl.replace(/\/\/[^@/]*@/, '//***@')}: ${(error as Error).message}`;
      // 5xx from the server (e.g. no such mailbox) will not get better; connection trouble may.
      throw code !== undefined && code >= 500 && code < 600 ? new PermanentJobError(message) : new Error(message);
    }
  }

  close(): void {
    this.transporter?.close();
    this.transporter = null;
  }
}
