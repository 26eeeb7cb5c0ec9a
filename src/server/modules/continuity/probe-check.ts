import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { parseHostPort, type ProbeKind } from './probe-state.js';

export interface ProbeResult {
  ok: boolean;
  /** Why it failed, in words (for history and notices); null on success. */
  error: string | null;
}

/**
 * Runs one health check. HTTP: a GET answered 2xx or 3xx within the time limit (redirects are not
 * followed). TCP: a connection accepted within the time limit. Every check opens a fresh
 * connection, so a kept-alive socket cannot hide an outage.
 */
export function runCheck(kind: ProbeKind, target: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeResult> {
  return kind === 'http' ? checkHttp(target, timeoutMs, signal) : checkTcp(target, timeoutMs, signal);
}

function checkHttp(target: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeResult> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve({ ok: false, error: 'ogiltig adress' });
  }
  const client = url.protocol === 'https:' ? https : http;
  return withinLimit(timeoutMs, `inget svar inom ${timeoutMs} ms`, (finish) => {
    const request = client.request(url, { method: 'GET', agent: false, headers: { 'user-agent': 'Kasus-health-probe', connection: 'close' }, signal });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      finish(status >= 200 && status < 400 ? { ok: true, error: null } : { ok: false, error: `HTTP-status ${status}` });
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, error: describeNetworkError(error) }));
    request.end();
    return request;
  });
}

function checkTcp(target: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeResult> {
  const address = parseHostPort(target);
  if (!address) return Promise.resolve({ ok: false, error: 'ogiltigt mål' });
  return withinLimit(timeoutMs, `ingen anslutning inom ${timeoutMs} ms`, (finish) => {
    const socket = net.connect({ host: address.host, port: address.port, signal });
    socket.once('connect', () => finish({ ok: true, error: null }));
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ ok: false, error: describeNetworkError(error) }));
    return socket;
  });
}

/**
 * One check with a time limit: `open` starts the connection and calls `finish` once it knows. The
 * first result wins (the time limit's, when nothing came before it); then the timer is cleared
 * and the connection destroyed.
 */
function withinLimit(timeoutMs: number, timeoutError: string, open: (finish: (result: ProbeResult) => void) => { destroy(): void }): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let connection: { destroy(): void } | null = null;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: timeoutError }), timeoutMs);
    connection = open(finish);
    // A connection that finished while it was being opened is destroyed too.
    if (settled) connection.destroy();
  });
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'anslutningen vägrades (ECONNREFUSED)';
    case 'ECONNRESET':
      return 'anslutningen bröts (ECONNRESET)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `namnet hittades inte (${error.code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `värden nås inte (${error.code})`;
    case 'ABORT_ERR':
      return 'kontrollen avbröts';
    default:
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}
