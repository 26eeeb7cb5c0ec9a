import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { demoIds } from '../../../../test/helpers/demo-ids.js';
import { waitFor } from '../../../../test/helpers/wait.js';
import { TestClock } from '../../clock.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../../../../test/helpers/receivers.js';

interface Incident {
  id: string;
  number: number;
  priority: string;
  status: string;
  serviceDeskCaseNumber: string | null;
  message: { subject: string; body: string };
  deliveries: { channel: string; status: string; attempts: number; lastError: string | null; target: string }[];
  timeline: { kind: string; status: string | null; message: string | null; by: { name: string } | null; at: string }[];
  callNext: { timeZone: string; contacts: { site: string; function: string; number: string }[] };
  [key: string]: unknown;
}

describe.each(testDialects())('urgent incidents (C5) on %s', (dialect) => {
  /** The app's clock (the job queue's too): a retry's backoff passes when the test moves it on. */
  const clock = new TestClock();
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let nurse: Session;
  let logOperator: Session;
  let webhook: HttpReceiver;
  let smtp: SmtpReceiver;
  let pacsId: string;
  let surgeryId: string;
  let dermatologyId: string;
  let deskId: string;

  beforeAll(async () => {
    webhook = await startHttpReceiver();
    smtp = await startSmtpReceiver();
    t = await createTestApp(dialect, { KASUS_SMTP_URL: smtp.url, KASUS_SMTP_FROM: 'kasus@sjukhuset.example' }, { clock });
    [admin, doctor, nurse, logOperator] = await Promise.all([t.login('admin'), t.login('lakare'), t.login('skoterska'), t.login('logg')]);
    const ids = await demoIds(t, admin);
    pacsId = ids.system('PACS');
    surgeryId = ids.department('Kirurgkliniken');
    dermatologyId = ids.department('Hudkliniken');
    const desk = await t.as(admin, 'POST', '/api/service-desks', {
      name: 'Regionens servicedesk',
      webhookUrl: `${webhook.url}/incidents?token=hemligt`,
      email: 'servicedesk@region.example',
      contactFunction: 'IT-servicedesk',
    });
    expect(desk.statusCode, desk.body).toBe(201);
    deskId = desk.json().id;
  });
  afterAll(async () => {
    await t.close();
    await webhook.close();
    await smtp.close();
  });

  const report = (session: Session, body: Record<string, unknown> = {}) =>
    t.as(session, 'POST', '/api/incidents', {
      systemId: pacsId,
      departmentId: dermatologyId,
      serviceDeskId: deskId,
      site: 'Centralsjukhuset',
      description: 'Inga bilder visas i granskningsstationerna på mottagningen.',
      affectedUsers: 25,
      affectedPcs: 8,
      affectedServers: 0,
      competence: ['clinical_applications', 'server_group'],
      contactName: 'Stina Sjuksköterska',
      contactMobile: '070-123 45 67',
      impact: 'medium',
      urgency: 'high',
      ...body,
    });
  const get = async (id: string, session = admin): Promise<Incident> => {
    const response = await t.as(session, 'GET', `/api/incidents/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const delivered = (id: string) => waitFor('every delivery to be sent or failed', () => get(id), (i) => i.deliveries.every((d) => d.status !== 'pending'));

  it('files a report for a criticality-1 system with its priority, worded in Swedish, and sends it by webhook and e-mail', async () => {
    const sentBefore = webhook.requests.length;
    const response = await report(nurse);
    expect(response.statusCode, response.body).toBe(201);
    const incident = response.json() as Incident;
    expect(incident).toMatchObject({
      priority: 'P2',
      status: 'open',
      serviceDeskCaseNumber: null,
      system: { id: pacsId, name: 'PACS' },
      department: { id: dermatologyId, name: 'Hudkliniken' },
      serviceDesk: { id: deskId, name: 'Regionens servicedesk' },
      affected: { users: 25, pcs: 8, servers: 0 },
      competence: ['clinical_applications', 'server_group'],
      language: 'sv',
      reportedBy: { name: 'Stina Sjuksköterska' },
    });
    expect(incident.message.subject).toBe('PACS – operativ samordnare för fördelning');
    const lines = incident.message.body.split('\n');
    expect(lines[0]).toBe('Ärendet ska fördelas av operativ samordnare');
    expect(incident.message.body).toContain('Prioritet: P2 (påverkan medel, brådska hög)');
    expect(incident.message.body).toContain('Kompetens som behövs: kliniska applikationer, servergrupp');
    expect(incident.message.body).toContain('Kontaktperson: Stina Sjuksköterska, mobil 070-123 45 67');
    expect(incident.timeline[0]).toMatchObject({ kind: 'reported', status: 'open', by: { name: 'Stina Sjuksköterska' } });
    // The webhook's secret query is not shown to reporters.
    expect(incident.deliveries.map((d) => d.target).sort()).toEqual([`${webhook.url}/incidents`, 'servicedesk@region.example']);

    const done = await delivered(incident.id);
    expect(done.deliveries.map((d) => [d.channel, d.status])).toEqual([['email', 'sent'], ['webhook', 'sent']]);
    expect(done.timeline.filter((e) => e.kind === 'delivered')).toHaveLength(2);

    // The real HTTP receiver got the report as JSON.
    const received = webhook.requests.slice(sentBefore);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/incidents?token=hemligt' });
    expect(received[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(received[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(received[0]!.json).toMatchObject({
      kasusIncidentId: incident.id,
      number: incident.number,
      subject: 'PACS – operativ samordnare för fördelning',
      body: incident.message.body,
      priority: 'P2',
      impact: 'medium',
      urgency: 'high',
      system: { id: pacsId, name: 'PACS' },
      department: { id: dermatologyId, name: 'Hudkliniken', hsaId: 'SE2321000016-2002' },
      site: 'Centralsjukhuset',
      affected: { users: 25, pcs: 8, servers: 0 },
      competence: ['clinical_applications', 'server_group'],
      contact: { name: 'Stina Sjuksköterska', mobile: '070-123 45 67' },
      language: 'sv',
    });

    // The real SMTP receiver got the e-mail.
    const mail = await waitFor('the e-mail to the service desk', async () => smtp.messages.find((m) => m.text.includes(incident.id)), (m) => m !== undefined);
    expect(mail).toBeDefined();
    expect(mail!.to).toEqual(['servicedesk@region.example']);
    expect(mail!.from).toBe('kasus@sjukhuset.example');
    expect(mail!.subject).toBe('PACS – operativ samordnare för fördelning');
    expect(mail!.text.split('\n')[0]).toBe('Ärendet ska fördelas av operativ samordnare');
    expect(mail!.text).toBe(incident.message.body);
  });

  it('words the report in English when the reporter’s UI is in English', async () => {
    const response = await report(doctor, { departmentId: surgeryId, language: 'en', impact: 'high', urgency: 'high' });
    expect(response.statusCode, response.body).toBe(201);
    const incident = response.json() as Incident;
    expect(incident.priority).toBe('P1');
    expect(incident.message.subject).toBe('PACS – operative coordinator to distribute');
    expect(incident.message.body.split('\n')[0]).toBe('The case is to be distributed by the operative coordinator');
    expect(incident.message.body).toContain('Competence needed: clinical applications, server group');
    await delivered(incident.id);
    const mail = smtp.messages.find((m) => m.text.includes(incident.id))!;
    expect(mail.subject).toBe('PACS – operative coordinator to distribute');
    expect(mail.text.split('\n')[0]).toBe('The case is to be distributed by the operative coordinator');
  });

  it('gives the priority of the impact × urgency matrix', async () => {
    const cases: [string, string, string][] = [
      ['high', 'high', 'P1'],
      ['high', 'low', 'P3'],
      ['medium', 'medium', 'P3'],
      ['low', 'high', 'P3'],
      ['low', 'low', 'P4'],
    ];
    for (const [impact, urgency, priority] of cases) {
      const response = await report(doctor, { impact, urgency, serviceDeskId: undefined, departmentId: surgeryId });
      // Several desks exist (the demo one and ours): the desk must be chosen.
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toMatch(/Välj servicedesk/);
      const chosen = await report(doctor, { impact, urgency, departmentId: surgeryId });
      expect(chosen.statusCode, chosen.body).toBe(201);
      expect(chosen.json().priority, `${impact}/${urgency}`).toBe(priority);
      await delivered(chosen.json().id);
    }
  });

  it('refuses a system that is not criticality 1, with a clear Swedish message, and a user without the right', async () => {
    const created = await t.as(admin, 'POST', '/api/systems', { name: 'Kaffeautomat-portalen', criticality: 3 });
    expect(created.statusCode, created.body).toBe(201);
    const refused = await report(nurse, { systemId: created.json().id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation_failed', field: 'systemId' });
    expect(refused.json().message).toMatch(/bara system med kritikalitet 1\. Kaffeautomat-portalen har kritikalitet 3/);
    // The nurse has incident.report in Hudkliniken only; the log operator nowhere.
    expect((await report(nurse, { departmentId: surgeryId })).statusCode).toBe(403);
    expect((await report(logOperator)).statusCode).toBe(403);
    const missing = await report(nurse, { contactMobile: 'ring mig' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/mobilnummer/);
    const audit = (await t.as(admin, 'GET', '/api/audit?action=incident.report')).json().items as { outcome: string }[];
    expect(audit.filter((e) => e.outcome === 'refused').length).toBeGreaterThanOrEqual(2);
  });

  it('retries a failed webhook through the job queue and records each attempt in the timeline', async () => {
    webhook.answers.push({ status: 503, body: { error: 'underhåll' } });
    const response = await report(nurse);
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json().id as string;
    const failed = await waitFor('a failed delivery in the timeline', () => get(id), (i) => i.timeline.some((e) => e.kind === 'delivery_failed'));
    expect(failed.timeline.find((e) => e.kind === 'delivery_failed')!.message).toMatch(/webhook misslyckades \(försök 1 av 5\).*HTTP 503/);
    const webhookDelivery = failed.deliveries.find((d) => d.channel === 'webhook')!;
    expect(webhookDelivery).toMatchObject({ status: 'pending', attempts: 1 });
    expect(webhookDelivery.lastError).toMatch(/HTTP 503/);
    // No waiting out the backoff: an hour on (longer than any backoff), the queued retry is due.
    clock.advance({ hours: 1 });
    t.services.jobs.queue.wake('incident.deliver');
    const done = await waitFor('every delivery to be sent', () => get(id), (i) => i.deliveries.every((d) => d.status === 'sent'));
    expect(done.deliveries.find((d) => d.channel === 'webhook')).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    const mine = webhook.requests.filter((r) => (r.json as { kasusIncidentId?: string } | null)?.kasusIncidentId === id);
    expect(mine).toHaveLength(2);
    expect(mine[0]!.headers['idempotency-key']).toBe(mine[1]!.headers['idempotency-key']);
    expect(done.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['reported', 'delivery_failed', 'delivered']));
  });

  it('records the service desk’s case number, from its webhook answer or by hand, and keeps a timeline until resolved', async () => {
    webhook.answers.push({ status: 200, body: { caseNumber: 'INC-2026-0042' } });
    const response = await report(nurse);
    const id = response.json().id as string;
    const numbered = await waitFor("the service desk's case number", () => get(id), (i) => i.serviceDeskCaseNumber !== null);
    expect(numbered.serviceDeskCaseNumber).toBe('INC-2026-0042');

    const acknowledged = await t.as(nurse, 'PATCH', `/api/incidents/${id}`, { serviceDeskCaseNumber: 'INC-2026-0043', status: 'acknowledged' });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.json()).toMatchObject({ serviceDeskCaseNumber: 'INC-2026-0043', status: 'acknowledged', resolvedAt: null });
    const comment = await t.as(doctor, 'POST', `/api/incidents/${id}/updates`, { message: 'Tekniker på plats, omstart av bildservern pågår.' });
    expect(comment.statusCode, comment.body).toBe(201);
    const resolved = await t.as(admin, 'POST', `/api/incidents/${id}/updates`, { message: 'Bilderna visas igen.', status: 'resolved' });
    expect(resolved.statusCode, resolved.body).toBe(201);
    const incident = resolved.json() as Incident;
    expect(incident.status).toBe('resolved');
    expect(incident.resolvedAt).toEqual(expect.any(String));
    const mine = incident.timeline.filter((e) => e.by !== null).map((e) => [e.kind, e.status, e.message, e.by!.name]);
    expect(mine).toEqual([
      ['reported', 'open', expect.stringMatching(/^P2: Inga bilder/), 'Stina Sjuksköterska'],
      ['case_number', null, 'Servicedeskens ärendenummer: INC-2026-0043', 'Stina Sjuksköterska'],
      ['status', 'acknowledged', null, 'Stina Sjuksköterska'],
      ['comment', null, 'Tekniker på plats, omstart av bildservern pågår.', 'Lars Läkare'],
      ['status', 'resolved', 'Bilderna visas igen.', 'Systemadministratör'],
    ]);
    expect(incident.timeline.find((e) => e.kind === 'case_number' && e.by === null)!.message).toBe('Servicedeskens ärendenummer: INC-2026-0042');
    const times = incident.timeline.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Another department's staff neither see nor change it; the list shows each their own.
    expect((await t.as(logOperator, 'GET', `/api/incidents/${id}`)).statusCode).toBe(404);
    expect((await t.as(logOperator, 'PATCH', `/api/incidents/${id}`, { status: 'open' })).statusCode).toBe(404);
    expect((await t.as(logOperator, 'GET', '/api/incidents')).json()).toEqual({ items: [], total: 0 });
    const list = (await t.as(nurse, 'GET', '/api/incidents?status=resolved')).json() as { items: { id: string; department: { id: string } }[] };
    expect(list.items.map((i) => i.id)).toContain(id);
    expect(list.items.every((i) => i.department.id === dermatologyId)).toBe(true);
    expect((await t.as(nurse, 'PATCH', `/api/incidents/${id}`, {})).statusCode).toBe(400);
  });

  it('shows who to phone next from the contacts directory, for the site and the service desk’s function', async () => {
    const response = await report(nurse);
    const incident = response.json() as Incident;
    expect(incident.callNext.timeZone).toBe('Europe/Stockholm');
    const now = (await t.as(nurse, 'GET', '/api/contacts/now?site=Centralsjukhuset&function=IT-servicedesk')).json();
    expect(incident.callNext.contacts.map((c) => c.number)).toEqual(now.contacts.map((c: { number: string }) => c.number));
    expect(incident.callNext.contacts.length).toBeGreaterThan(0);
    expect(incident.callNext.contacts.every((c) => c.function === 'IT-servicedesk' && c.site === 'Centralsjukhuset')).toBe(true);
  });

  it('manages service desks with their templates (continuity.manage), and refuses unknown placeholders', async () => {
    const own = await t.as(admin, 'PATCH', `/api/service-desks/${deskId}`, {
      templates: { en: { subject: '[{priority}] {system} – operative coordinator to distribute', body: 'The case is to be distributed by the operative coordinator\n{description}' } },
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().effectiveTemplates.sv.subject).toBe('{system} – operativ samordnare för fördelning');
    const incident = (await report(doctor, { departmentId: surgeryId, language: 'en', impact: 'low', urgency: 'low' })).json() as Incident;
    expect(incident.message).toEqual({
      subject: '[P4] PACS – operative coordinator to distribute',
      body: 'The case is to be distributed by the operative coordinator\nInga bilder visas i granskningsstationerna på mottagningen.',
    });
    const bad = await t.as(admin, 'PATCH', `/api/service-desks/${deskId}`, { templates: { sv: { subject: '{system} {personnummer}', body: 'x' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/Okänd platshållare \{personnummer\}/);
    expect((await t.as(nurse, 'POST', '/api/service-desks', { name: 'Egen' })).statusCode).toBe(403);
    const seen = (await t.as(nurse, 'GET', '/api/service-desks')).json() as { name: string; webhookUrl: string | null; hasWebhook: boolean }[];
    expect(seen.find((d) => d.name === 'Regionens servicedesk')).toMatchObject({ webhookUrl: null, hasWebhook: true });
    expect(seen.map((d) => d.name)).toContain('IT-servicedesk');
    expect((await t.as(admin, 'POST', '/api/service-desks', { name: 'regionens SERVICEDESK' })).statusCode).toBe(409);
  });
});

describe.each(testDialects())('incident e-mail without an SMTP server on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('refuses an e-mail address for a service desk with a clear message when KASUS_SMTP_URL is not set', async () => {
    const response = await t.as(admin, 'POST', '/api/service-desks', { name: 'Med e-post', email: 'sd@region.example' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', field: 'email' });
    expect(response.json().message).toMatch(/KASUS_SMTP_URL/);
  });

  it('still records a report when the service desk has no channel, and says it was not sent', async () => {
    const ids = await demoIds(t, admin);
    const response = await t.as(admin, 'POST', '/api/incidents', {
      systemId: ids.system('Journalsystem'),
      departmentId: ids.department('Kirurgkliniken'),
      description: 'Journalen går inte att öppna.',
      competence: ['clinical_applications'],
      contactName: 'Sara Systemansvarig',
      contactMobile: '+46 70 765 43 21',
      impact: 'high',
      urgency: 'medium',
    });
    expect(response.statusCode, response.body).toBe(201);
    const incident = response.json() as Incident;
    expect(incident).toMatchObject({ priority: 'P2', serviceDesk: { name: 'IT-servicedesk' }, deliveries: [] });
    expect(incident.timeline.map((e) => e.kind)).toEqual(['reported', 'not_sent']);
    expect(incident.timeline[1]!.message).toMatch(/varken webhook eller e-post.*Ring servicedesk/);
  });
});
