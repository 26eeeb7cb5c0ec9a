import nodemailer, { type Transporter } from 'nodemailer';
import { PermanentJobError } from '../jobs/job-types.js';

/** One plain-text message. The Message-ID is stable per delivery, so a receiver can recognise a repeat. */
export interface OutboundMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

/**
 * Sends plain-text e-mail through one SMTP server (one pooled transport, made on first use). A 5xx
 * answer (e.g. no such mailbox) fails for good (PermanentJobError); connection trouble and 4xx may
 * get better and are plain Errors.
 */
export class Mailer {
  private transporter: Transporter | null = null;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
    private readonly timeoutMs: number,
  ) {}

  async send(mail: OutboundMail): Promise<void> {
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
      throw code !== undefined && code >= 500 && code < 600 ? new PermanentJobError(message) : new Error(message);
    }
  }

  close(): void {
    this.transporter?.close();
    this.transporter = null;
  }
}
