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
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      resolve({ ok: false, error: 'ogiltig adress' });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = client.request(url, { method: 'GET', agent: false, headers: { 'user-agent': 'Kasus-health-probe', connection: 'close' }, signal });
    const timer = setTimeout(() => finish({ ok: false, error: `inget svar inom ${timeoutMs} ms` }), timeoutMs);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      finish(status >= 200 && status < 400 ? { ok: true, error: null } : { ok: false, error: `HTTP-status ${status}` });
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, error: describeNetworkError(error) }));
    request.end();
  });
}

function checkTcp(target: string, timeoutMs: number, signal?: AbortSignal): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const address = parseHostPort(target);
    if (!address) {
      resolve({ ok: false, error: 'ogiltigt mål' });
      return;
    }
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const socket = net.connect({ host: address.host, port: address.port, signal });
    const timer = setTimeout(() => finish({ ok: false, error: `ingen anslutning inom ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => finish({ ok: true, error: null }));
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ ok: false, error: describeNetworkError(error) }));
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
