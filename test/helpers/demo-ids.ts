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

/**
 * A new case on the demo patient 19121212-1212 in one of `session`'s departments (Kirurgkliniken
 * unless named), the usual starting point of an upload or a write.
 */
export async function demoCase(t: TestApp, session: Session, departmentName = 'Kirurgkliniken'): Promise<{ patientId: string; caseId: string }> {
  const patient = await t.as(session, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' });
  if (patient.statusCode !== 200) throw new Error(`patient lookup: ${patient.statusCode} ${patient.body}`);
  const assignments = (session.user as unknown as { assignments: { departmentId: string; departmentName: string }[] }).assignments;
  const department = assignments.find((a) => a.departmentName === departmentName);
  if (!department) throw new Error(`${session.user.username} works in no department named ${departmentName}`);
  const created = await t.as(session, 'POST', '/api/cases', { patientId: patient.json().id, departmentId: department.departmentId });
  if (created.statusCode !== 201) throw new Error(`case: ${created.statusCode} ${created.body}`);
  return { patientId: patient.json().id as string, caseId: created.json().id as string };
}
