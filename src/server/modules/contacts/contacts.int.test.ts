import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { TestClock } from '../../clock.js';

interface Contact {
  id: string;
  site: string;
  function: string;
  label: string | null;
  kind: string;
  number: string;
  validity: { days: number[]; from: string; to: string }[];
  priority: number;
  note: string | null;
}

interface CallNow {
  at: string;
  timeZone: string;
  local: { date: string; time: string; weekday: number; offset: string };
  contacts: Contact[];
}

describe.each(testDialects())('contacts directory and who to call now (C6) on %s', (dialect) => {
  /** The app's clock, from Monday 23 November 2026 14:00 in Stockholm; "now" is whatever the test sets. */
  const clock = new TestClock('2026-11-23T13:00:00Z');
  let t: TestApp;
  let admin: Session;
  let nurse: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    admin = await t.login('admin');
    nurse = await t.login('skoterska');
  });
  afterAll(() => t.close());

  const now = async (query: string, session = nurse): Promise<CallNow> => {
    const response = await t.as(session, 'GET', `/api/contacts/now?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const itDesk = async (at: string) =>
    (await now(`site=Centralsjukhuset&function=IT-servicedesk&at=${encodeURIComponent(at)}`)).contacts.filter((c) => c.kind === 'phone').map((c) => c.label);

  it('has the demo hospital’s numbers: office hours, on-call, a night number and the X-ray fax for paper referrals', async () => {
    const list = (await t.as(nurse, 'GET', '/api/contacts')).json() as Contact[];
    const desk = list.filter((c) => c.function === 'IT-servicedesk');
    expect(desk.find((c) => c.label === 'Dagtid')).toMatchObject({ kind: 'phone', validity: [{ days: [1, 2, 3, 4, 5], from: '07:30', to: '15:30' }] });
    expect(desk.find((c) => c.label === 'Natt')).toMatchObject({ validity: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '02:00', to: '07:00' }] });
    expect(desk.find((c) => c.label === 'Jour')).toBeDefined();
    expect(list.filter((c) => c.function === 'Röntgenexpeditionen' && c.kind === 'fax').length).toBeGreaterThanOrEqual(1);
  });

  it('answers who to call at given instants: weekday 15:29 vs 15:31, 02:00, and the daylight-saving nights', async () => {
    // Monday 23 November 2026 (CET).
    const before = await now('site=Centralsjukhuset&function=IT-servicedesk&at=2026-11-23T14:29:00Z');
    expect(before).toMatchObject({ at: '2026-11-23T14:29:00.000Z', timeZone: 'Europe/Stockholm', local: { date: '2026-11-23', time: '15:29', weekday: 1, offset: '+01:00' } });
    expect(before.contacts.filter((c) => c.kind === 'phone').map((c) => c.number)).toEqual(['010-100 00 00']);
    expect(await itDesk('2026-11-23T14:31:00Z')).toEqual(['Jour']);
    expect(await itDesk('2026-11-24T01:00:00Z')).toEqual(['Natt', 'Jour']); // Tuesday 02:00
    expect(await itDesk('2026-11-24T00:59:00Z')).toEqual(['Jour']); // 01:59
    // Spring forward, 2026-03-29: 01:59 CET is followed by 03:00 CEST.
    expect(await itDesk('2026-03-29T00:59:00Z')).toEqual(['Jour']);
    expect((await now('at=2026-03-29T01:00:00Z')).local).toMatchObject({ time: '03:00', offset: '+02:00' });
    expect(await itDesk('2026-03-29T01:00:00Z')).toEqual(['Natt', 'Jour']);
    // Fall back, 2026-10-25: 02:30 happens at 00:30 and at 01:30 UTC; the night number is valid both times.
    expect(await itDesk('2026-10-25T00:30:00Z')).toEqual(['Natt', 'Jour']);
    expect(await itDesk('2026-10-25T01:30:00Z')).toEqual(['Natt', 'Jour']);
    expect(await itDesk('2026-10-25T06:00:00Z')).toEqual(['Jour']); // 07:00 CET
    // The fax for paper referrals at the X-ray reception, at any hour.
    const xray = await now('site=Centralsjukhuset&function=R%C3%B6ntgenexpeditionen&at=2026-11-24T01:00:00Z');
    expect(xray.contacts.map((c) => [c.kind, c.label])).toEqual([['fax', 'Fax akut'], ['fax', 'Fax för pappersremisser']]);
  });

  it('answers for the current moment on the app clock when no instant is given: office hours, then on-call, then the night', async () => {
    const deskNow = async () => {
      const answer = await now('site=Centralsjukhuset&function=IT-servicedesk');
      return { at: answer.at, time: answer.local.time, phones: answer.contacts.filter((c) => c.kind === 'phone').map((c) => c.label) };
    };
    clock.set('2026-11-23T14:29:00Z');
    expect(await deskNow()).toEqual({ at: '2026-11-23T14:29:00.000Z', time: '15:29', phones: ['Dagtid'] });
    clock.set('2026-11-23T14:31:00Z');
    expect(await deskNow()).toEqual({ at: '2026-11-23T14:31:00.000Z', time: '15:31', phones: ['Jour'] });
    // Tuesday 02:00: the afternoon's sessions have run out (on the same clock), so both log in again.
    clock.set('2026-11-24T01:00:00Z');
    nurse = await t.login('skoterska');
    admin = await t.login('admin');
    expect(await deskNow()).toEqual({ at: '2026-11-24T01:00:00.000Z', time: '02:00', phones: ['Natt', 'Jour'] });
  });

  it('adds, changes and removes numbers (continuity.manage), with validity windows checked', async () => {
    const body = {
      site: 'Länssjukhuset',
      function: 'Jour systemförvaltning',
      label: 'Kväll',
      kind: 'phone',
      number: '010-200 00 00',
      validity: [{ days: [5, 1, 1], from: '22:00', to: '06:00' }],
      priority: 2,
    };
    expect((await t.as(nurse, 'POST', '/api/contacts', body)).statusCode).toBe(403);
    const created = await t.as(admin, 'POST', '/api/contacts', body);
    expect(created.statusCode, created.body).toBe(201);
    const contact = created.json() as Contact;
    expect(contact).toMatchObject({ site: 'Länssjukhuset', validity: [{ days: [1, 5], from: '22:00', to: '06:00' }], priority: 2 });
    // Friday 23:00 and the early hours of Saturday, not Saturday evening.
    const at = (iso: string) => now(`site=L%C3%A4nssjukhuset&at=${iso}`).then((r) => r.contacts.map((c) => c.id));
    expect(await at('2026-11-27T22:00:00Z')).toEqual([contact.id]);
    expect(await at('2026-11-28T04:59:00Z')).toEqual([contact.id]);
    expect(await at('2026-11-28T21:00:00Z')).toEqual([]);

    const same = await t.as(admin, 'POST', '/api/contacts', { ...body, validity: [{ days: [1], from: '07:00', to: '07:00' }] });
    expect(same.statusCode).toBe(400);
    expect(same.json()).toMatchObject({ code: 'validation_failed', field: 'validity' });
    expect(same.json().message).toMatch(/00:00–24:00.*validity/);
    const badTime = await t.as(admin, 'POST', '/api/contacts', { ...body, validity: [{ days: [1], from: '7.30', to: '15:30' }] });
    expect(badTime.statusCode).toBe(400);
    expect((await t.as(admin, 'POST', '/api/contacts', { ...body, kind: 'telegraph' })).statusCode).toBe(400);
    expect((await t.as(admin, 'POST', '/api/contacts', { ...body, number: '   ' })).statusCode).toBe(400);

    const patched = await t.as(admin, 'PATCH', `/api/contacts/${contact.id}`, { validity: [], number: '010-200 00 01', note: 'Dygnet runt' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ validity: [], number: '010-200 00 01', note: 'Dygnet runt', label: 'Kväll' });
    expect(await at('2026-11-28T21:00:00Z')).toEqual([contact.id]);
    expect((await t.as(nurse, 'PATCH', `/api/contacts/${contact.id}`, { number: '1' })).statusCode).toBe(403);
    expect((await t.as(nurse, 'DELETE', `/api/contacts/${contact.id}`)).statusCode).toBe(403);
    expect((await t.as(admin, 'DELETE', `/api/contacts/${contact.id}`)).statusCode).toBe(204);
    expect((await t.as(admin, 'DELETE', `/api/contacts/${contact.id}`)).statusCode).toBe(404);
    expect((await t.as(nurse, 'GET', `/api/contacts/${contact.id}`)).statusCode).toBe(404);
    const audit = (await t.as(admin, 'GET', '/api/audit?action=contact.create')).json().items as { outcome: string }[];
    expect(audit.map((e) => e.outcome).sort()).toEqual(['refused', 'success']);
  });

  it('needs a login, and refuses a bad instant', async () => {
    expect((await t.as(null, 'GET', '/api/contacts/now')).statusCode).toBe(401);
    expect((await t.as(null, 'GET', '/api/contacts')).statusCode).toBe(401);
    expect((await t.as(nurse, 'GET', '/api/contacts/now?at=igår')).statusCode).toBe(400);
  });
});

describe.each(testDialects())('who to call now in another configured time zone on %s', (dialect) => {
  let t: TestApp;
  let nurse: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect, { KASUS_TIME_ZONE: 'Europe/London' });
    nurse = await t.login('skoterska');
  });
  afterAll(() => t.close());

  it('reads office hours in KASUS_TIME_ZONE', async () => {
    // 14:45 UTC is 14:45 in London (office hours) but 15:45 in Stockholm.
    const answer = (await t.as(nurse, 'GET', '/api/contacts/now?site=Centralsjukhuset&function=IT-servicedesk&at=2026-11-23T14:45:00Z')).json() as CallNow;
    expect(answer).toMatchObject({ timeZone: 'Europe/London', local: { time: '14:45', offset: '+00:00' } });
    expect(answer.contacts.filter((c) => c.kind === 'phone').map((c) => c.label)).toEqual(['Dagtid']);
  });
});
