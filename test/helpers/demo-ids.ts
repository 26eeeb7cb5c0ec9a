import type { Session, TestApp } from './kasus-app.js';

/**
 * The ids of the demo data's systems and departments by name, read through the API as `session`
 * sees them, so that a test names what it uses ("PACS", "Kirurgkliniken") instead of repeating
 * the lookups. A name that is not there fails the test with the names that are.
 */
export async function demoIds(t: TestApp, session: Session): Promise<{ system(name: string): string; department(name: string): string }> {
  const [systems, departments] = await Promise.all([
    t.as(session, 'GET', '/api/systems').then((r) => r.json() as { id: string; name: string }[]),
    t.as(session, 'GET', '/api/departments').then((r) => r.json() as { id: string; name: string }[]),
  ]);
  const byName = (kind: string, rows: { id: string; name: string }[]) => (name: string) => {
    const found = rows.find((r) => r.name === name);
    if (!found) throw new Error(`no demo ${kind} named ${name}; there are: ${rows.map((r) => r.name).join(', ')}`);
    return found.id;
  };
  return { system: byName('system', systems), department: byName('department', departments) };
}
