import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/helpers/app.js';
import { testDialects } from '../../../test/helpers/databases.js';

interface Contact { id: string; site: string; function: string; kind: string; number: string; note: string | null }
interface RoutineContact { name: string; phone: string | null; note: string | null; contactId: string | null }
interface Routine { documentId: string; latest: { title: string; systemIds: string[]; steps: string[]; forms: { name: string; url: string | null }[]; contacts: RoutineContact[] } }
interface System { id: string; name: string; description: string | null; serviceDeskContact: string | null; dependsOn: string[]; departmentIds: string[] }
interface ServiceDesk { name: string; contactFunction: string | null }

/** Swedish phone and fax numbers as the demo writes them (010-100 20 00). */
const PHONE = /\b0\d{1,3}-\d{2,3} \d{2} \d{2}\b/g;
const numbersIn = (text: string | null | undefined) => (text ?? '').match(PHONE) ?? [];

// Defect 10 of issue 19: the demo data contradicted itself (the PACS routine's number for the X-ray
// desk was not the directory's). Everything it mentions must agree with the contacts directory.
describe.each(testDialects())('demo data is coherent on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let contacts: Contact[];
  let routines: Routine[];
  let systems: System[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    const get = async <T,>(url: string) => {
      const response = await t.as(admin, 'GET', url);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as T;
    };
    [contacts, routines, systems] = await Promise.all([get<Contact[]>('/api/contacts'), get<Routine[]>('/api/routines'), get<System[]>('/api/systems')]);
  });
  afterAll(() => t.close());

  it('has every phone number of routines and systems in the contacts directory, under the same name', async () => {
    const directory = new Set(contacts.map((c) => c.number));
    const functions = new Set(contacts.map((c) => c.function));
    expect(routines.length).toBeGreaterThanOrEqual(4);
    const mentioned: string[] = [];
    for (const routine of routines) {
      const { steps, contacts: routineContacts } = routine.latest;
      for (const text of [...steps, ...routineContacts.flatMap((c) => [c.phone, c.note])]) mentioned.push(...numbersIn(text));
      for (const contact of routineContacts) {
        expect(functions, `${routine.documentId}: ${contact.name}`).toContain(contact.name);
        // Linked to the directory's entry of that name, with its number.
        const entry = contacts.find((c) => c.id === contact.contactId);
        expect(entry, `${routine.documentId}: ${contact.name} is not linked to the directory`).toBeDefined();
        expect({ name: entry!.function, number: entry!.number }).toEqual({ name: contact.name, number: contact.phone });
      }
    }
    for (const system of systems) mentioned.push(...numbersIn(system.serviceDeskContact), ...numbersIn(system.description));
    for (const contact of contacts) mentioned.push(...numbersIn(contact.note));
    expect(mentioned.length).toBeGreaterThan(10);
    expect(mentioned.filter((n) => !directory.has(n))).toEqual([]);
    // One number, one function: the switchboard is not the service desk.
    const owners = new Map<string, Set<string>>();
    for (const c of contacts) owners.set(c.number, (owners.get(c.number) ?? new Set()).add(c.function));
    expect([...owners].filter(([, names]) => names.size > 1)).toEqual([]);
  });

  it('names only systems, service desks and forms that exist', async () => {
    const systemNames = new Set(systems.map((s) => s.name));
    const systemIds = new Set(systems.map((s) => s.id));
    for (const routine of routines) for (const id of routine.latest.systemIds) expect(systemIds).toContain(id);
    for (const system of systems) for (const id of system.dependsOn) expect(systemIds).toContain(id);
    // Systems named in the directory's notes (the systems on-call covers these) are registered ones.
    const onCall = contacts.find((c) => c.function === 'Jour systemförvaltning')!;
    for (const name of onCall.note!.replace(/ och /g, ', ').split(', ')) expect(systemNames).toContain(name);
    const desks = (await t.as(admin, 'GET', '/api/service-desks')).json() as ServiceDesk[];
    expect(desks.length).toBeGreaterThan(0);
    for (const desk of desks) expect(new Set(contacts.map((c) => c.function))).toContain(desk.contactFunction);
    // A routine's form with a link opens a form Kasus prints.
    const urls = [...new Set(routines.flatMap((r) => r.latest.forms.map((f) => f.url)).filter((u): u is string => u !== null))];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      const response = await t.as(admin, 'GET', url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
    }
  });
});
