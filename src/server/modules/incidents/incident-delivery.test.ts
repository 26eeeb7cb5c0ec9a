import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentJobError } from '../jobs/job-types.js';
import { postWebhook } from './incident-delivery.js';

describe('webhook delivery', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
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
