import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './probe-check.js';

/** Real local servers: one that answers with a given status, one that accepts and never answers. */
describe('runCheck', () => {
  let statusServer: http.Server;
  let silentServer: net.Server;
  const silentSockets = new Set<net.Socket>();
  let statusPort = 0;
  let silentPort = 0;
  let closedPort = 0;

  beforeAll(async () => {
    statusServer = http.createServer((request, response) => {
      response.statusCode = Number(request.url?.slice(1)) || 200;
      response.end();
    });
    silentServer = net.createServer((socket) => void silentSockets.add(socket));
    await new Promise<void>((resolve) => statusServer.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    statusPort = (statusServer.address() as net.AddressInfo).port;
    silentPort = (silentServer.address() as net.AddressInfo).port;
    // A port that was just free: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });
  afterAll(async () => {
    for (const socket of silentSockets) socket.destroy();
    await new Promise<void>((resolve) => statusServer.close(() => resolve()));
    await new Promise<void>((resolve) => silentServer.close(() => resolve()));
  });

  it('HTTP: 2xx and 3xx are up, other statuses down with the status named', async () => {
    expect(await runCheck('http', `http://127.0.0.1:${statusPort}/204`, 2000)).toEqual({ ok: true, error: null });
    expect(await runCheck('http', `http://127.0.0.1:${statusPort}/302`, 2000)).toEqual({ ok: true, error: null });
    expect(await runCheck('http', `http://127.0.0.1:${statusPort}/503`, 2000)).toEqual({ ok: false, error: 'HTTP-status 503' });
  });

  it('HTTP: no answer within the time limit is down, and the check ends at the limit', async () => {
    const started = Date.now();
    expect(await runCheck('http', `http://127.0.0.1:${silentPort}/`, 300)).toEqual({ ok: false, error: 'inget svar inom 300 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('TCP: an accepted connection is up, a refused one down with the reason in words', async () => {
    expect(await runCheck('tcp', `127.0.0.1:${silentPort}`, 2000)).toEqual({ ok: true, error: null });
    expect(await runCheck('tcp', `127.0.0.1:${closedPort}`, 2000)).toEqual({ ok: false, error: 'anslutningen vägrades (ECONNREFUSED)' });
  });

  it('refuses a target that is not an address, and stops when aborted', async () => {
    expect(await runCheck('http', 'inte en adress', 1000)).toEqual({ ok: false, error: 'ogiltig adress' });
    expect(await runCheck('tcp', 'inte:en:port', 1000)).toEqual({ ok: false, error: 'ogiltigt mål' });
    expect(await runCheck('http', `http://127.0.0.1:${silentPort}/`, 5000, AbortSignal.abort())).toEqual({ ok: false, error: 'kontrollen avbröts' });
  });
});
