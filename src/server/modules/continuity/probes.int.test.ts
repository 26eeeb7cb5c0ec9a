import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { waitFor } from '../../../../test/helpers/wait.js';

/** A real server on 127.0.0.1 that can be stopped and started again on the same port. */
interface LoopbackServer {
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function listen(server: http.Server | net.Server, port: number): Promise<number> {
  // The port was just freed by stop(); retry briefly if the kernel has not let go of it yet.
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function loopbackServer(make: () => http.Server | net.Server): Promise<LoopbackServer> {
  let server = make();
  const port = await listen(server, 0);
  const sockets = new Set<net.Socket>();
  const track = (s: http.Server | net.Server) => s.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  track(server);
  let running = true;
  return {
    port,
    async stop() {
      if (!running) return;
      running = false;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async start() {
      if (running) return;
      server = make();
      track(server);
      await listen(server, port);
      running = true;
    },
  };
}

/** An HTTP server answering `status()` to every request. */
const httpServer = (status: () => number = () => 200) =>
  loopbackServer(() => http.createServer((_req, res) => res.writeHead(status(), { 'content-type': 'text/plain' }).end('ok')));

/** A TCP server that accepts connections and closes them. */
const tcpServer = () => loopbackServer(() => net.createServer((socket) => socket.end()));

describe.each(testDialects())('health probes on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let counter = 0;
  const servers: LoopbackServer[] = [];
  const unique = (base: string) => `${base} ${++counter}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
  });
  afterAll(() => t.close());

  const create = async (body: Record<string, unknown> = {}) => {
    const response = await t.as(admin, 'POST', '/api/systems', { name: unique('Probat system'), criticality: 1, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; name: string };
  };
  const setProbe = async (id: string, probe: Record<string, unknown>) => {
    const response = await t.as(admin, 'PUT', `/api/systems/${id}/probe`, probe);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const system = async (id: string) => (await t.as(admin, 'GET', `/api/systems/${id}`)).json();
  const history = async (id: string) => (await t.as(admin, 'GET', `/api/systems/${id}/history`)).json().items as { status: string; source: string; message: string | null }[];
  const notices = async (id: string) => (await t.as(admin, 'GET', `/api/notices?systemId=${id}`)).json().items as { kind: string; source: string; affected: { id: string }[] }[];
  const probeNow = (id: string) => t.services.probes.runProbe(id);

  it('runs an HTTP probe on its interval: down after N failures when the server stops, up after M successes when it starts again', async () => {
    const server = await httpServer();
    servers.push(server);
    const { id } = await create();
    const configured = await setProbe(id, {
      kind: 'http',
      target: `http://127.0.0.1:${server.port}/health`,
      intervalSeconds: 1,
      failuresBeforeDown: 2,
      successesBeforeUp: 2,
    });
    expect(configured.probe).toMatchObject({ kind: 'http', intervalSeconds: 1, failuresBeforeDown: 2, successesBeforeUp: 2, enabled: true });
    await waitFor('a first successful check', () => system(id), (s) => s.probe.lastOk === true);
    expect((await system(id)).status).toBe('operational');

    await server.stop();
    const down = await waitFor('the probe to take the system down', () => system(id), (s) => s.status === 'down');
    expect(down).toMatchObject({ source: 'probe', setBy: null, probe: { lastOk: false } });
    expect(down.probe.consecutiveFailures).toBeGreaterThanOrEqual(2);
    expect(down.message).toMatch(/misslyckades 2 gånger i rad: anslutningen vägrades/);
    expect((await history(id))[0]).toMatchObject({ status: 'down', source: 'probe' });
    expect((await notices(id))[0]).toMatchObject({ kind: 'outage', source: 'probe' });

    await server.start();
    const up = await waitFor('the probe to bring the system back', () => system(id), (s) => s.status === 'operational');
    expect(up).toMatchObject({ source: 'probe', probe: { lastOk: true, consecutiveFailures: 0 } });
    expect(up.probe.consecutiveSuccesses).toBeGreaterThanOrEqual(2);
    expect(up.message).toMatch(/lyckades 2 gånger i rad/);
    expect((await history(id)).map((h) => [h.status, h.source])).toEqual([
      ['operational', 'probe'],
      ['down', 'probe'],
      ['operational', 'initial'],
    ]);
    expect((await notices(id)).map((n) => n.kind)).toEqual(['recovery', 'outage']);
    // The audit record follows the status change; on a loaded machine it may land a moment later.
    const audit = await waitFor(
      'both status changes in the audit log',
      async () => (await t.services.auditLog.list({ action: 'system.status' }, 1, 100)).items.filter((e) => e.objectId === id),
      (items) => items.length >= 2,
    );
    expect(audit.map((e) => e.details.to)).toEqual(['operational', 'down']);
    expect(audit[0]).toMatchObject({ userId: null, details: expect.objectContaining({ source: 'probe' }) });

    // Removing the probe stops it.
    const removed = await t.as(admin, 'DELETE', `/api/systems/${id}/probe`);
    expect(removed.json().probe).toBeNull();
    expect((await t.as(admin, 'DELETE', `/api/systems/${id}/probe`)).statusCode).toBe(404);
  });

  it('counts a TCP probe exactly: N failures in a row to go down, M successes in a row to come back', async () => {
    const server = await tcpServer();
    servers.push(server);
    const { id } = await create();
    // Disabled: the scheduler leaves it alone and the test runs each check itself.
    await setProbe(id, { kind: 'tcp', target: `127.0.0.1:${server.port}`, intervalSeconds: 60, failuresBeforeDown: 3, successesBeforeUp: 2, enabled: false });
    expect(await probeNow(id)).toEqual({ ok: true, error: null, change: null });

    await server.stop();
    expect(await probeNow(id)).toMatchObject({ ok: false, change: null });
    // A success in between starts the count again.
    await server.start();
    expect(await probeNow(id)).toMatchObject({ ok: true, change: null });
    await server.stop();
    expect(await probeNow(id)).toMatchObject({ ok: false, change: null });
    expect(await probeNow(id)).toMatchObject({ ok: false, change: null });
    expect((await system(id)).status).toBe('operational');
    expect(await probeNow(id)).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED/), change: 'down' });
    expect(await probeNow(id)).toMatchObject({ ok: false, change: null });
    expect(await system(id)).toMatchObject({ status: 'down', source: 'probe', probe: { consecutiveFailures: 4 } });

    await server.start();
    expect(await probeNow(id)).toMatchObject({ ok: true, change: null });
    expect((await system(id)).status).toBe('down');
    expect(await probeNow(id)).toMatchObject({ ok: true, change: 'operational' });
    expect(await system(id)).toMatchObject({ status: 'operational', source: 'probe' });
    expect((await history(id)).map((h) => [h.status, h.source])).toEqual([
      ['operational', 'probe'],
      ['down', 'probe'],
      ['operational', 'initial'],
    ]);
  });

  it('counts an HTTP error status as a failure, and never overrides a status the duty officer set', async () => {
    let status = 500;
    const server = await httpServer(() => status);
    servers.push(server);
    const { id } = await create();
    await setProbe(id, { kind: 'http', target: `http://127.0.0.1:${server.port}/`, intervalSeconds: 60, failuresBeforeDown: 1, successesBeforeUp: 1, enabled: false });
    expect(await probeNow(id)).toEqual({ ok: false, error: 'HTTP-status 500', change: 'down' });
    status = 204;
    expect(await probeNow(id)).toEqual({ ok: true, error: null, change: 'operational' });

    const manual = await t.as(admin, 'PUT', `/api/systems/${id}/status`, { status: 'maintenance', message: 'Planerat underhåll', expectedDurationMinutes: 60 });
    expect(manual.statusCode).toBe(200);
    status = 503;
    expect(await probeNow(id)).toMatchObject({ ok: false, change: null });
    status = 200;
    expect(await probeNow(id)).toMatchObject({ ok: true, change: null });
    expect(await system(id)).toMatchObject({ status: 'maintenance', source: 'manual' });
  });

  it('makes one notice when probes find an upstream outage and its dependant down, and one recovery notice', async () => {
    const upstreamServer = await tcpServer();
    const dependantServer = await tcpServer();
    servers.push(upstreamServer, dependantServer);
    const upstream = await create({ name: unique('Beställningssystem') });
    const dependant = await create({ name: unique('RIS'), dependsOn: [upstream.id] });
    const probe = { kind: 'tcp', intervalSeconds: 60, failuresBeforeDown: 1, successesBeforeUp: 1, enabled: false };
    await setProbe(upstream.id, { ...probe, target: `127.0.0.1:${upstreamServer.port}` });
    await setProbe(dependant.id, { ...probe, target: `127.0.0.1:${dependantServer.port}` });
    const total = async () => (await t.as(admin, 'GET', '/api/notices')).json().total as number;
    const before = await total();

    await upstreamServer.stop();
    await dependantServer.stop();
    expect((await probeNow(upstream.id))?.change).toBe('down');
    expect((await probeNow(dependant.id))?.change).toBe('down');
    expect(await total()).toBe(before + 1);
    expect((await notices(upstream.id))[0]).toMatchObject({ kind: 'outage', affected: [{ id: dependant.id }] });
    expect(await notices(dependant.id)).toEqual([]);
    expect(await system(dependant.id)).toMatchObject({ status: 'down', affected: true, affectedBy: [{ id: upstream.id }] });

    await upstreamServer.start();
    await dependantServer.start();
    expect((await probeNow(upstream.id))?.change).toBe('operational');
    expect((await probeNow(dependant.id))?.change).toBe('operational');
    expect(await total()).toBe(before + 2);
    expect((await notices(upstream.id)).map((n) => n.kind)).toEqual(['recovery', 'outage']);
  });

  it('refuses a bad probe with 400 and a Swedish message', async () => {
    const { id } = await create();
    const base = { kind: 'http', target: 'http://127.0.0.1:1/', intervalSeconds: 10, failuresBeforeDown: 3, successesBeforeUp: 2 };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ kind: 'icmp' }, 'kind', /välj http eller tcp/],
      [{ target: 'pacs.region.se' }, 'target', /fullständig adress/],
      [{ kind: 'tcp', target: 'ris.region.se' }, 'target', /värd:port/],
      [{ intervalSeconds: 0 }, 'intervalSeconds', /minst 1/],
      [{ failuresBeforeDown: 0 }, 'failuresBeforeDown', /minst 1/],
      [{ successesBeforeUp: 1000 }, 'successesBeforeUp', /högst 100/],
    ];
    for (const [change, field, message] of cases) {
      const response = await t.as(admin, 'PUT', `/api/systems/${id}/probe`, { ...base, ...change });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(response.json().code).toBe('validation_failed');
      expect(response.json().message).toContain(field);
      expect(response.json().message).toMatch(message);
    }
    expect((await system(id)).probe).toBeNull();
  });
});
