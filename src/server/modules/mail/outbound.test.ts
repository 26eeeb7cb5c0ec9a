import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../test/helpers/receivers.js';
import { PermanentJobError } from '../jobs/job-types.js';
import { NO_MAIL_SERVER, Outbound, type DeliveryOutcome } from './outbound.js';
import { postWebhook, type WebhookResult } from './webhook.js';

/** A receiver that answers ?status=N, sleeps on /slow, and names a case number on /numbered. */
let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    hits++;
    const path = request.url ?? '';
    if (path.startsWith('/slow')) return void setTimeout(() => response.end('{}'), 2000).unref();
    const status = Number(/status=(\d+)/.exec(path)?.[1] ?? 200);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(path.includes('numbered') ? JSON.stringify({ caseNumber: 'INC-77' }) : 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('postWebhook', () => {
  const post = (path: string, timeoutMs = 1000) => postWebhook(`${base}${path}`, { a: 1 }, { timeoutMs, idempotencyKey: 'k' });

  it('succeeds on 2xx and reads a case number from a JSON answer', async () => {
    expect(await post('/hook')).toEqual({ status: 200, caseNumber: null });
    expect(await post('/numbered?status=201')).toEqual({ status: 201, caseNumber: 'INC-77' });
  });

  it('gives up at the timeout, retryably, and names the address without its secret query', async () => {
    const error = await post('/slow?token=hemligt', 200).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toMatch(/no answer within 200 ms/);
    expect((error as Error).message).not.toMatch(/hemligt/);
  });

  it('retries 5xx, 408 and 429 but not other 4xx', async () => {
    for (const status of [500, 503, 408, 429]) {
      const error = await post(`/x?status=${status}`).catch((e: Error) => e);
      expect(error, String(status)).not.toBeInstanceOf(PermanentJobError);
      expect((error as Error).message).toMatch(new RegExp(`HTTP ${status}`));
    }
    for (const status of [400, 404, 410]) {
      expect(await post(`/x?status=${status}`).catch((e: Error) => e), String(status)).toBeInstanceOf(PermanentJobError);
    }
  });

  it('fails retryably when nothing listens', async () => {
    const error = await postWebhook('http://127.0.0.1:1/hook', {}, { timeoutMs: 1000, idempotencyKey: 'k' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentJobError);
  });
});

describe('Outbound', () => {
  const job = (attempt: number, maxAttempts: number, signal = new AbortController().signal) => ({ attempt, maxAttempts, signal });

  /** Runs one attempt of a webhook delivery and returns what was recorded and what the job got. */
  async function deliverOnce(outbound: Outbound, path: string, run: ReturnType<typeof job>) {
    const recorded: DeliveryOutcome<WebhookResult>[] = [];
    const settled = await outbound
      .attempt(run, () => outbound.webhook(`${base}${path}`, { n: 1 }, { idempotencyKey: 'k', signal: run.signal }), async (o) => void recorded.push(o))
      .then((value) => ({ value, error: undefined }), (error: Error) => ({ value: undefined, error }));
    return { recorded, ...settled };
  }

  it('applies the configured webhook timeout (KASUS_WEBHOOK_TIMEOUT_SECONDS)', async () => {
    const outbound = new Outbound({ smtpUrl: undefined, smtpFrom: 'kasus@localhost', webhookTimeoutMs: 150 });
    const started = Date.now();
    const { recorded, error } = await deliverOnce(outbound, '/slow', job(1, 3));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentJobError);
    expect(recorded).toEqual([{ status: 'retrying', attempt: 1, maxAttempts: 3, permanent: false, reason: expect.stringMatching(/no answer within 150 ms/) }]);
  });

  it('records a sent delivery with what the receiver answered', async () => {
    const outbound = new Outbound({ smtpUrl: undefined, smtpFrom: 'kasus@localhost', webhookTimeoutMs: 1000 });
    const { recorded, value } = await deliverOnce(outbound, '/numbered', job(2, 3));
    expect(value).toEqual({ status: 200, caseNumber: 'INC-77' });
    expect(recorded).toEqual([{ status: 'sent', attempt: 2, result: { status: 200, caseNumber: 'INC-77' } }]);
  });

  it('classifies failures: transient is retried, permanent and the last attempt fail for good', async () => {
    const outbound = new Outbound({ smtpUrl: undefined, smtpFrom: 'kasus@localhost', webhookTimeoutMs: 1000 });
    const transient = await deliverOnce(outbound, '/x?status=503', job(1, 5));
    expect(transient.error).not.toBeInstanceOf(PermanentJobError);
    expect(transient.recorded).toEqual([expect.objectContaining({ status: 'retrying', permanent: false, reason: expect.stringMatching(/HTTP 503/) })]);

    const lastTry = await deliverOnce(outbound, '/x?status=503', job(5, 5));
    expect(lastTry.recorded).toEqual([expect.objectContaining({ status: 'failed', attempt: 5, permanent: false })]);

    const permanent = await deliverOnce(outbound, '/x?status=404', job(1, 5));
    // The job queue buries a PermanentJobError at once.
    expect(permanent.error).toBeInstanceOf(PermanentJobError);
    expect(permanent.recorded).toEqual([expect.objectContaining({ status: 'failed', attempt: 1, permanent: true, reason: expect.stringMatching(/HTTP 404/) })]);
  });

  it('records nothing for an attempt the worker cut short (it runs again)', async () => {
    const outbound = new Outbound({ smtpUrl: undefined, smtpFrom: 'kasus@localhost', webhookTimeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50).unref();
    const { recorded, error } = await deliverOnce(outbound, '/slow', job(1, 3, controller.signal));
    expect(error).toBeInstanceOf(Error);
    expect(recorded).toEqual([]);
  });

  it('refuses e-mail for good without an SMTP server, and never reaches the network', async () => {
    const outbound = new Outbound({ smtpUrl: undefined, smtpFrom: 'kasus@localhost', webhookTimeoutMs: 1000 });
    expect(outbound.canMail).toBe(false);
    const recorded: DeliveryOutcome<void>[] = [];
    const error = await outbound.attempt(job(1, 8), () => outbound.mail({ to: 'jour@sjukhuset.example', subject: 's', text: 't', messageId: '<m@kasus>' }), async (o) => void recorded.push(o)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(recorded).toEqual([{ status: 'failed', attempt: 1, maxAttempts: 8, permanent: true, reason: NO_MAIL_SERVER }]);
  });

  describe('e-mail', () => {
    let smtp: SmtpReceiver;
    let rejecting: SMTPServer;
    let rejectingUrl: string;

    beforeAll(async () => {
      smtp = await startSmtpReceiver();
      // Refuses every recipient with 550 (no such mailbox): a permanent failure.
      rejecting = new SMTPServer({
        authOptional: true,
        disabledCommands: ['AUTH', 'STARTTLS'],
        logger: false,
        onRcptTo(_address, _session, callback) {
          callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        },
      });
      const net = rejecting.listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => (net.listening ? resolve() : net.once('listening', () => resolve())));
      rejectingUrl = `smtp://127.0.0.1:${(net.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await smtp.close();
      await new Promise<void>((resolve) => rejecting.close(() => resolve()));
    });

    it('sends through the one SMTP transport with the configured sender and a stable Message-ID', async () => {
      const outbound = new Outbound({ smtpUrl: smtp.url, smtpFrom: 'kasus@sjukhuset.example', webhookTimeoutMs: 2000 });
      try {
        expect(outbound.canMail).toBe(true);
        const recorded: DeliveryOutcome<void>[] = [];
        await outbound.attempt(job(1, 3), () => outbound.mail({ to: 'jour@sjukhuset.example', subject: 'Avbrott: PACS', text: 'Röntgen är nere.', messageId: '<notice-1@kasus>' }), async (o) => void recorded.push(o));
        expect(recorded).toEqual([{ status: 'sent', attempt: 1, result: undefined }]);
        const mail = smtp.messages.find((m) => m.headers['message-id'] === '<notice-1@kasus>');
        expect(mail).toMatchObject({ from: 'kasus@sjukhuset.example', to: ['jour@sjukhuset.example'], subject: 'Avbrott: PACS', text: 'Röntgen är nere.' });
      } finally {
        outbound.close();
      }
    });

    it('fails for good on an SMTP 5xx and retryably when the server cannot be reached', async () => {
      const refused = new Outbound({ smtpUrl: rejectingUrl, smtpFrom: 'kasus@localhost', webhookTimeoutMs: 2000 });
      const unreachable = new Outbound({ smtpUrl: 'smtp://127.0.0.1:1', smtpFrom: 'kasus@localhost', webhookTimeoutMs: 2000 });
      try {
        const mail = { to: 'finns-inte@sjukhuset.example', subject: 's', text: 't', messageId: '<m@kasus>' };
        const permanent = await refused.mail(mail).catch((e: Error) => e);
        expect(permanent).toBeInstanceOf(PermanentJobError);
        expect((permanent as Error).message).toMatch(/finns-inte@sjukhuset.example/);
        const transient = await unreachable.mail(mail).catch((e: Error) => e);
        expect(transient).toBeInstanceOf(Error);
        expect(transient).not.toBeInstanceOf(PermanentJobError);
      } finally {
        refused.close();
        unreachable.close();
      }
    });
  });
});

describe('built once', () => {
  const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const sources = (readdirSync(serverRoot, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => ({ file: file.split(path.sep).join('/'), text: readFileSync(path.join(serverRoot, file), 'utf8') }));

  it('has one SMTP transport and one webhook sender, in the mail module, made only by services.ts', () => {
    expect(sources.filter((s) => /from 'nodemailer'/.test(s.text)).map((s) => s.file)).toEqual(['modules/mail/mailer.ts']);
    expect(sources.filter((s) => /new Mailer\(/.test(s.text)).map((s) => s.file)).toEqual(['modules/mail/outbound.ts']);
    expect(sources.filter((s) => /\bpostWebhook\(/.test(s.text)).map((s) => s.file).sort()).toEqual(['modules/mail/outbound.ts', 'modules/mail/webhook.ts']);
    expect(sources.filter((s) => /new Outbound\(/.test(s.text)).map((s) => s.file)).toEqual(['services.ts']);
  });
});
