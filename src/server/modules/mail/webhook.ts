import { PermanentJobError } from '../jobs/job-types.js';

/** What a webhook answered, when it worked. */
export interface WebhookResult {
  status: number;
  /** A case number the receiver answered with (`caseNumber` or `case_number` in a JSON answer). */
  caseNumber: string | null;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/** A webhook address as it may be shown (errors, logs, timelines): without credentials or query, which may hold a secret. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/**
 * POSTs the payload as JSON. A 2xx answer is success; 408, 429 and 5xx, a timeout or a network error
 * are worth retrying (plain Error); any other status will not get better and fails the delivery for
 * good (PermanentJobError). Redirects are refused: a webhook answers where it was registered.
 */
export async function postWebhook(url: string, payload: unknown, options: { timeoutMs: number; idempotencyKey: string; signal?: AbortSignal }): Promise<WebhookResult> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  const shown = shownUrl(url);
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
    // Not JSON: the receiver gives its number some other way.
  }
  return { status: response.status, caseNumber };
}
