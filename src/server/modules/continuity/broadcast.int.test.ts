import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../test/helpers/receivers.js';
import { LISTENER_APPLICATION_NAME } from '../../db/pg-listener.js';
import { createServices } from '../../services.js';
import type { ContinuityEvent, EventOrigin } from './continuity-events.js';

interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** A real HTTP client reading a server-sent event stream: events are collected as they arrive. */
async function openStream(url: string, session: Session, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/events`, { headers: { cookie: session.cookie, accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let waiters: (() => void)[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) {
              event.data += line.slice(6);
              hasData = true;
            }
          }
          if (hasData) events.push(event);
          for (const w of waiters) w();
          waiters = [];
        }
      }
    } catch {
      // Aborted.
    }
  })();
  const waitFor = async (predicate: (e: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`event not received; got ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  return {
    response,
    events,
    comments,
    waitFor,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

describe.each(testDialects())('broadcast: event stream, manual notices and webhooks on %s', (dialect) => {
  let t: TestApp;
  let url: string;
  let admin: Session;
  let nurse: Session;
  let departments: { id: string; name: string }[];
  let counter = 0;
  const unique = (base: string) => `${base} ${++counter}`;
  let receiver: Server;
  let receiverUrl: string;
  const received: { path: string; body: any }[] = [];
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = await createTestApp(dialect, { KASUS_SMTP_URL: smtp.url, KASUS_SMTP_FROM: 'kasus@sjukhuset.example' });
    url = await t.listen();
    admin = await t.login('admin');
    nurse = await t.login('skoterska');
    departments = (await t.as(admin, 'GET', '/api/departments')).json();
    receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(body) });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
    await smtp.close();
  });

  const createSystem = async (body: Record<string, unknown> = {}) => {
    const response = await t.as(admin, 'POST', '/api/systems', { name: unique('Röntgen'), criticality: 1, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; name: string; departmentIds: string[] };
  };

  it('refuses the stream to someone not logged in', async () => {
    const response = await fetch(`${url}/api/events`);
    expect(response.status).toBe(401);
  });

  it('pushes an outage notice and the status change to an open stream at once, then the recovery', async () => {
    const system = await createSystem({ departmentIds: [departments[0]!.id] });
    expect(system.departmentIds).toEqual([departments[0]!.id]);
    const stream = await openStream(url, nurse);
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await stream.waitFor((e) => e.event === 'ready');
      const down = await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'down', message: 'Servern har stannat', expectedDurationMinutes: 90 });
      expect(down.statusCode, down.body).toBe(200);
      const outage = await stream.waitFor((e) => e.event === 'notice' && JSON.parse(e.data).kind === 'outage' && JSON.parse(e.data).system.id === system.id);
      const notice = JSON.parse(outage.data);
      expect(notice).toMatchObject({ kind: 'outage', status: 'down', message: 'Servern har stannat', departments: [{ id: departments[0]!.id }] });
      expect(notice.expectedEnd).not.toBeNull();
      expect(outage.id).toBe(String(notice.seq));
      await stream.waitFor((e) => e.event === 'status' && JSON.parse(e.data).systemId === system.id);
      await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'operational', message: '' });
      await stream.waitFor((e) => e.event === 'notice' && JSON.parse(e.data).kind === 'recovery' && JSON.parse(e.data).outageId === notice.id);
    } finally {
      await stream.close();
    }
  });

  it('replays the notices missed since Last-Event-ID on reconnect', async () => {
    const system = await createSystem();
    const first = await openStream(url, nurse);
    const ready = await first.waitFor((e) => e.event === 'ready');
    await first.close();
    const lastId = ready.id!;
    await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'down', message: 'Missad 1' });
    await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'degraded', message: 'Missad 2' });
    const again = await openStream(url, nurse, { 'last-event-id': lastId });
    try {
      await again.waitFor((e) => e.event === 'ready');
      const notices = again.events.filter((e) => e.event === 'notice').map((e) => JSON.parse(e.data));
      expect(notices.map((n) => n.message)).toEqual(['Missad 1', 'Missad 2']);
      expect(notices.map((n) => n.kind)).toEqual(['outage', 'update']);
      expect(Number(again.events.filter((e) => e.event === 'notice')[0]!.id)).toBeGreaterThan(Number(lastId));
    } finally {
      await again.close();
      await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'operational', message: '' });
    }
  });

  it('publishes notices made by another node (found by polling the database)', async () => {
    const system = await createSystem();
    const stream = await openStream(url, nurse);
    try {
      await stream.waitFor((e) => e.event === 'ready');
      const seq = Number((await t.services.database.db.selectFrom('notice').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0) + 1;
      await t.services.database.db
        .insertInto('notice')
        .values({
          id: `remote-${seq}`, seq, kind: 'outage', system_id: system.id, status: 'down', message: 'Från en annan nod', started_at: new Date().toISOString(),
          expected_end: null, affected: '[]', source: 'manual', created_by: null, created_at: new Date().toISOString(), outage_id: null, closed_at: null,
          merged_into: null, department_ids: '[]',
        })
        .execute();
      const event = await stream.waitFor((e) => e.event === 'notice' && JSON.parse(e.data).id === `remote-${seq}`, 10_000);
      expect(event.id).toBe(String(seq));
      await t.services.database.db.updateTable('notice').set({ closed_at: new Date().toISOString() }).where('id', '=', `remote-${seq}`).execute();
    } finally {
      await stream.close();
    }
  });

  it('refuses a manual notice missing any field, naming it in Swedish', async () => {
    const system = await createSystem();
    const complete = {
      systemId: system.id,
      departmentIds: [departments[0]!.id],
      startedAt: new Date().toISOString(),
      expectedDurationMinutes: 60,
      reason: 'Planerat byte av lagring',
    };
    const cases: [string, RegExp][] = [
      ['systemId', /Systemet saknas \(systemId\)/],
      ['departmentIds', /Berörda avdelningar saknas \(departmentIds\)/],
      ['startedAt', /Starttiden saknas \(startedAt\)/],
      ['expectedDurationMinutes', /Förväntad längd saknas \(expectedDurationMinutes\)/],
      ['reason', /Orsaken saknas \(reason\)/],
    ];
    for (const [field, message] of cases) {
      const { [field as keyof typeof complete]: _left, ...body } = complete;
      const response = await t.as(admin, 'POST', '/api/notices', body);
      expect(response.statusCode, field).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed', field });
      expect(response.json().message).toMatch(message);
    }
    expect((await t.as(admin, 'POST', '/api/notices', { ...complete, departmentIds: [] })).json().field).toBe('departmentIds');
    expect((await t.as(admin, 'POST', '/api/notices', { ...complete, reason: '   ' })).json().field).toBe('reason');
    expect((await t.as(nurse, 'POST', '/api/notices', complete)).statusCode).toBe(403);

    const created = await t.as(admin, 'POST', '/api/notices', complete);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'outage', source: 'manual', message: 'Planerat byte av lagring', system: { id: system.id }, departments: [{ id: departments[0]!.id }] });
    const open = (await t.as(nurse, 'GET', `/api/notices?open=true&systemId=${system.id}`)).json().items;
    expect(open.map((n: { id: string }) => n.id)).toEqual([created.json().id]);
    const recovery = await t.as(admin, 'POST', '/api/notices', { ...complete, kind: 'recovery', expectedDurationMinutes: undefined, reason: 'Klart' });
    expect(recovery.statusCode, recovery.body).toBe(201);
    expect(recovery.json()).toMatchObject({ kind: 'recovery', outageId: created.json().id });
    expect((await t.as(nurse, 'GET', `/api/notices?open=true&systemId=${system.id}`)).json().items).toEqual([]);
  });

  it('sends each notice to the departments’ webhooks through the job queue', async () => {
    const surgery = departments[0]!;
    const dermatology = departments[1]!;
    expect((await t.as(nurse, 'GET', '/api/notice-subscriptions')).statusCode).toBe(403);
    const bad = await t.as(admin, 'POST', '/api/notice-subscriptions', { departmentId: surgery.id, kind: 'webhook', target: 'ftp://x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('target');
    const badEmail = await t.as(admin, 'POST', '/api/notice-subscriptions', { departmentId: surgery.id, kind: 'email', target: 'inte en adress' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().field).toBe('target');
    const email = await t.as(admin, 'POST', '/api/notice-subscriptions', { departmentId: dermatology.id, kind: 'email', target: 'hudjour@sjukhuset.example' });
    expect(email.statusCode, email.body).toBe(201);
    const sub = await t.as(admin, 'POST', '/api/notice-subscriptions', { departmentId: surgery.id, kind: 'webhook', target: `${receiverUrl}/kirurgi` });
    expect(sub.statusCode, sub.body).toBe(201);
    const other = await t.as(admin, 'POST', '/api/notice-subscriptions', { departmentId: dermatology.id, kind: 'webhook', target: `${receiverUrl}/hud` });
    expect(other.statusCode, other.body).toBe(201);
    expect((await t.as(admin, 'GET', '/api/notice-subscriptions')).json()).toHaveLength(3);

    // Upstream system used by surgery; its dependant is used by dermatology: both get the outage.
    const upstream = await createSystem({ departmentIds: [surgery.id] });
    const dependant = await createSystem({ dependsOn: [upstream.id], departmentIds: [dermatology.id] });
    const worker = t.services.startWorker({ pollIntervalMs: 50 });
    try {
      const response = await t.as(admin, 'PUT', `/api/systems/${upstream.id}/status`, { status: 'down', message: 'Nätverket nere', expectedDurationMinutes: 30 });
      expect(response.statusCode).toBe(200);
      const deadline = Date.now() + 20_000;
      const mailed = () => smtp.messages.filter((m) => m.subject.includes(upstream.name));
      while ((received.filter((r) => r.body.notice.system.id === upstream.id).length < 2 || mailed().length < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(mailed()).toHaveLength(1);
      expect(mailed()[0]!.to).toEqual(['hudjour@sjukhuset.example']);
      expect(mailed()[0]!.subject).toBe(`Avbrott: ${upstream.name}`);
      expect(mailed()[0]!.text).toContain('Nätverket nere');
      // No KASUS_PUBLIC_URL here: the page's path alone.
      expect(mailed()[0]!.text).toContain('Driftstatus och rutiner i Kasus: /status\n');
      // Wall-clock times in the configured zone, not UTC.
      expect(mailed()[0]!.text).toMatch(/Start: \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Europe\/Stockholm\)/);
      expect(mailed()[0]!.text).toMatch(/Förväntat slut: \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Europe\/Stockholm\)/);
      const mine = received.filter((r) => r.body.notice.system.id === upstream.id);
      expect(mine.map((r) => r.path).sort()).toEqual(['/hud', '/kirurgi']);
      expect(mine[0]!.body).toMatchObject({ type: 'kasus.notice', notice: { kind: 'outage', message: 'Nätverket nere', affected: [{ id: dependant.id }] } });
      expect(mine[0]!.body.notice.departments.map((d: { id: string }) => d.id).sort()).toEqual([surgery.id, dermatology.id].sort());
    } finally {
      await worker.stop();
    }
    expect((await t.as(admin, 'DELETE', `/api/notice-subscriptions/${sub.json().id}`)).statusCode).toBe(204);
    expect((await t.as(admin, 'DELETE', `/api/notice-subscriptions/${sub.json().id}`)).statusCode).toBe(404);
    await t.as(admin, 'PUT', `/api/systems/${upstream.id}/status`, { status: 'operational', message: '' });
  });

  it('sends the outage of a system no department is registered for to every department', async () => {
    const network = await createSystem();
    expect(network.departmentIds).toEqual([]);
    const response = await t.as(admin, 'PUT', `/api/systems/${network.id}/status`, { status: 'down', message: 'Nätverket ligger nere i hela huset' });
    expect(response.statusCode, response.body).toBe(200);
    const notices = (await t.as(admin, 'GET', `/api/notices?systemId=${network.id}`)).json().items as { departments: { id: string }[] }[];
    expect(notices).toHaveLength(1);
    expect(notices[0]!.departments.map((d) => d.id).sort()).toEqual(departments.map((d) => d.id).sort());
    await t.as(admin, 'PUT', `/api/systems/${network.id}/status`, { status: 'operational', message: '' });
  });

  it('stores a notice’s deliveries with the notice, also when a process without the web server writes it', async () => {
    const radiology = departments[0]!;
    const sub = await t.as(admin, 'POST', '/api/notice-subscriptions', { departmentId: radiology.id, kind: 'webhook', target: `${receiverUrl}/probe-node` });
    expect(sub.statusCode, sub.body).toBe(201);
    const system = await createSystem({ departmentIds: [radiology.id] });
    // Disabled, so this server's scheduler leaves it alone; port 1 on loopback refuses connections.
    const probe = await t.as(admin, 'PUT', `/api/systems/${system.id}/probe`, { kind: 'tcp', target: '127.0.0.1:1', intervalSeconds: 60, failuresBeforeDown: 1, successesBeforeUp: 1, enabled: false });
    expect(probe.statusCode, probe.body).toBe(200);
    // A second node on the same database that runs probes but serves no HTTP (like `kasus worker`).
    const probeNode = createServices(t.config, t.services.database);
    try {
      const run = await probeNode.probes.runProbe(system.id);
      expect(run?.change).toBe('down');
    } finally {
      probeNode.outbound.close();
    }
    const db = t.services.database.db;
    const notice = await db.selectFrom('notice').select(['id', 'kind']).where('system_id', '=', system.id).executeTakeFirstOrThrow();
    expect(notice.kind).toBe('outage');
    // No waiting: the delivery was committed in the notice's transaction.
    const jobs = await db.selectFrom('job').select(['payload', 'status']).where('name', '=', 'notice.deliver').execute();
    const forNotice = jobs.map((j) => JSON.parse(j.payload) as { noticeId: string; subscriptionId: string }).filter((p) => p.noticeId === notice.id);
    expect(forNotice).toEqual([{ noticeId: notice.id, subscriptionId: sub.json().id }]);
    expect((await t.as(admin, 'DELETE', `/api/notice-subscriptions/${sub.json().id}`)).statusCode).toBe(204);
  });

  it('hears another node’s status change and notice at once (PostgreSQL LISTEN/NOTIFY, else polling) and takes up its read-only mode', async () => {
    // On PostgreSQL this node polls once a minute, so an event within seconds can only come from the signal.
    const node = createServices(t.config, t.services.database);
    const heard: { event: ContinuityEvent; origin: EventOrigin }[] = [];
    node.continuityEvents.subscribe((event, origin) => heard.push({ event, origin }));
    node.notices.startEventPolling(dialect === 'postgres' ? 60_000 : 200);
    const kasus = ((await t.as(admin, 'GET', '/api/systems')).json() as { id: string; isKasus: boolean }[]).find((s) => s.isKasus)!;
    const within = async (what: () => boolean, ms = 5000) => {
      const deadline = Date.now() + ms;
      while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return what();
    };
    try {
      await node.continuityEvents.whenStarted();
      const system = await createSystem();
      const down = await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'down', message: 'Nere, satt på en annan nod' });
      expect(down.statusCode, down.body).toBe(200);
      const notice = await t.services.database.db.selectFrom('notice').select(['id', 'seq']).where('system_id', '=', system.id).executeTakeFirstOrThrow();
      expect(await within(() => heard.some((h) => h.event.type === 'notice' && h.event.noticeId === notice.id))).toBe(true);
      expect(heard.find((h) => h.event.type === 'notice' && h.event.noticeId === notice.id)).toEqual({ event: { type: 'notice', seq: notice.seq, noticeId: notice.id }, origin: 'remote' });
      // Its registration (operational) and its outage, each once.
      const statuses = heard.flatMap((h) => (h.event.type === 'status' && h.event.systemId === system.id ? [[h.event.status, h.origin]] : []));
      expect(statuses).toEqual([
        ['operational', 'remote'],
        ['down', 'remote'],
      ]);

      // Kasus set read-only on another node: this node refuses writes at once, not at its next refresh.
      expect(node.kasusMode.mode()).toBe('read_write');
      const readOnly = await t.as(admin, 'PUT', `/api/systems/${kasus.id}/status`, { status: 'read_only', message: 'Uppgradering av databasen' });
      expect(readOnly.statusCode, readOnly.body).toBe(200);
      expect(await within(() => node.kasusMode.mode() === 'read_only')).toBe(true);
      const back = await t.as(admin, 'PUT', `/api/systems/${kasus.id}/status`, { status: 'operational', message: '' });
      expect(back.statusCode, back.body).toBe(200);
      expect(await within(() => node.kasusMode.mode() === 'read_write')).toBe(true);
      await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'operational', message: '' });

      if (dialect === 'postgres') {
        // The listening connections are cut (a database restart, a fail-over): they come back by themselves.
        const { db } = t.services.database;
        const listening = async () =>
          Number((await sql<{ n: number }>`select count(*) as n from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(db)).rows[0]!.n);
        const before = await listening();
        expect(before).toBeGreaterThanOrEqual(1);
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(db);
        let now = before;
        const deadline = Date.now() + 10_000;
        while (Date.now() < deadline && (now = await listening()) < before) await new Promise((r) => setTimeout(r, 100));
        expect(now).toBe(before);
        const again = await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'maintenance', message: 'Planerat underhåll' });
        expect(again.statusCode, again.body).toBe(200);
        expect(await within(() => heard.some((h) => h.event.type === 'status' && h.event.systemId === system.id && h.event.status === 'maintenance'))).toBe(true);
        await t.as(admin, 'PUT', `/api/systems/${system.id}/status`, { status: 'operational', message: '' });
      }
    } finally {
      await t.as(admin, 'PUT', `/api/systems/${kasus.id}/status`, { status: 'operational', message: '' });
      await node.continuityEvents.stop();
      node.outbound.close();
    }
  });

  it('closes the server while streams are open (and refuses email without an SMTP server)', async () => {
    const extra = await createTestApp(dialect);
    const extraUrl = await extra.listen();
    const session = await extra.login('skoterska');
    // Without an SMTP server, email subscriptions are refused rather than never sent.
    const sysadmin = await extra.login('admin');
    const departmentId = (await extra.as(sysadmin, 'GET', '/api/departments')).json()[0].id;
    const refused = await extra.as(sysadmin, 'POST', '/api/notice-subscriptions', { departmentId, kind: 'email', target: 'jour@sjukhuset.example' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/KASUS_SMTP_URL/);
    const stream = await openStream(extraUrl, session);
    await stream.waitFor((e) => e.event === 'ready');
    const started = Date.now();
    await extra.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    await stream.close();
  });
});
