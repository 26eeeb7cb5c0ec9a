import { PDFArray, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { TestClock } from '../../clock.js';

const IDENTIFIER = '19640823-3234';
const PRINTED = '196408233234';

/** The text drawn on the first page: its content streams' hex strings (pdf-lib, standard fonts). */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await PDFDocument.load(bytes);
  const contents = pdf.getPage(0).node.get(PDFName.of('Contents'));
  let text = '';
  for (const ref of contents instanceof PDFArray ? contents.asArray() : [contents]) {
    const stream = pdf.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const decoded = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    for (const match of decoded.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) text += `${Buffer.from(match[1]!, 'hex').toString('latin1')}\n`;
  }
  return text;
}

/**
 * Defect 10 of issue 21: the downtime form (C7) follows the same confidentiality rule as every other
 * read. A confidential patient's personnummer is printed only for a user whose emergency opening
 * of one of the patient's cases runs; otherwise the print is refused, and both are audited.
 */
describe.each(testDialects())('downtime forms and confidential patients on %s', (dialect) => {
  /** The app's clock: an emergency opening runs out when the test moves it on. */
  const clock = new TestClock();
  let t: TestApp;
  let doctor: Session;
  let nurse: Session;
  let auditor: Session;
  let surgery: string;
  let dermatology: string;
  let patientId: string;
  let caseId: string;
  const form = (session: Session, query: Record<string, string>) =>
    t.as(session, 'GET', `/api/downtime-forms/radiology-referral.pdf?${new URLSearchParams(query)}`);
  const printAudit = async (outcome: string) =>
    (await t.services.auditLog.list({ action: 'downtime_form.print' }, 1, 100)).items.filter((e) => e.outcome === outcome);

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    const admin = await t.login('admin');
    const sysadmin = await t.login('sysadmin');
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    auditor = await t.login('logg');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: IDENTIFIER })).json().id;
    const created = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json().id;
    const marked = await t.as(sysadmin, 'POST', `/api/patients/${patientId}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt Skatteverket' });
    expect(marked.statusCode, marked.body).toBe(200);
  });
  afterAll(() => t.close());

  it('refuses to print a confidential patient without an emergency opening, audited, and prints nothing identifying', async () => {
    for (const [session, query] of [
      [doctor, { patientId }],
      [doctor, { patientId, departmentId: surgery }],
      [nurse, { patientId, departmentId: dermatology }],
      [nurse, { patientId }],
    ] as const) {
      const response = await form(session, query);
      expect(response.statusCode, `${session.user.username} ${JSON.stringify(query)}: ${response.body}`).toBe(403);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.json()).toMatchObject({ code: 'confidential', message: expect.stringMatching(/konfidentiell/) });
      expect(response.body).not.toContain(PRINTED);
      expect(response.body).not.toContain(IDENTIFIER);
    }
    const refused = await printAudit('refused');
    expect(refused.length).toBe(4);
    expect(refused.every((e) => e.patientId === patientId && JSON.stringify(e.details).includes('confidential'))).toBe(true);
    expect(await printAudit('success')).toEqual([]);
  });

  it('who may not read patients there gets the same answer as for a patient that does not exist', async () => {
    for (const [session, query] of [
      [auditor, {}],
      [nurse, { departmentId: surgery }],
    ] as const) {
      const hidden = await form(session, { ...query, patientId });
      const madeUp = await form(session, { ...query, patientId: 'f0a3c7a2-0000-4000-8000-000000000000' });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.statusCode).toBe(madeUp.statusCode);
      expect(hidden.rawPayload.equals(madeUp.rawPayload), `${hidden.body} / ${madeUp.body}`).toBe(true);
      expect(hidden.headers['content-length']).toBe(madeUp.headers['content-length']);
    }
  });

  it('prints the personnummer once the user has opened one of the patient\'s cases in an emergency, in that department', async () => {
    const opened = await t.as(doctor, 'POST', `/api/cases/${caseId}/emergency-access`, { reason: 'Akut röntgen behövs, remissystemet är nere' });
    expect(opened.statusCode, opened.body).toBe(200);
    for (const query of [{ patientId, departmentId: surgery }, { patientId }] as Record<string, string>[]) {
      const response = await form(doctor, query);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(await pdfText(response.rawPayload)).toContain(IDENTIFIER);
    }
    // The opening is of a surgery case: a dermatology form is still refused, and so is the nurse.
    expect((await form(doctor, { patientId, departmentId: dermatology })).statusCode).toBe(403);
    expect((await form(nurse, { patientId, departmentId: dermatology })).statusCode).toBe(403);
    const printed = await printAudit('success');
    expect(printed).toHaveLength(2);
    expect(printed.every((e) => e.patientId === patientId && e.userId === doctor.user.id)).toBe(true);
  });

  it('prints again only while the opening runs', async () => {
    // An opening lasts an hour (KASUS_EMERGENCY_ACCESS_MINUTES); an hour and a minute later it has run out.
    clock.advance({ minutes: 61 });
    const response = await form(doctor, { patientId, departmentId: surgery });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain(PRINTED);
  });
  it('the backlog shows a confidential patient\'s identifier only during an emergency opening, like the form', async () => {
    const admin = await t.login('admin');
    const system = await t.as(admin, 'POST', '/api/systems', { name: 'Remissystem (sekretesstest)', criticality: 1 });
    expect(system.statusCode, system.body).toBe(201);
    expect((await t.as(admin, 'PUT', `/api/systems/${system.json().id}/status`, { status: 'down', message: 'Använd pappersremiss.', expectedDurationMinutes: 60 })).statusCode).toBe(200);
    const outageId = ((await t.as(admin, 'GET', `/api/notices?systemId=${system.json().id}`)).json().items as { id: string; kind: string }[]).find((n) => n.kind === 'outage')!.id;
    const registered = await t.as(doctor, 'POST', '/api/backlog', { outageId, departmentId: surgery, patientId, kind: 'paper_referral', description: 'Remiss till röntgen' });
    expect(registered.statusCode, registered.body).toBe(201);
    expect(registered.json().patient).toEqual({ id: patientId, identifier: null });
    const itemId = registered.json().id as string;
    const list = await t.as(doctor, 'GET', '/api/backlog');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(PRINTED);
    expect((await t.as(doctor, 'GET', `/api/backlog/${itemId}`)).json().patient.identifier).toBeNull();

    expect((await t.as(doctor, 'POST', `/api/cases/${caseId}/emergency-access`, { reason: 'Remissen ska föras in efter avbrottet' })).statusCode).toBe(200);
    expect((await t.as(doctor, 'GET', `/api/backlog/${itemId}`)).json().patient.identifier).toBe(PRINTED);
    const opened = (await t.as(doctor, 'GET', '/api/backlog')).json().items as { id: string; patient: { identifier: string | null } | null }[];
    expect(opened.find((i) => i.id === itemId)!.patient!.identifier).toBe(PRINTED);
  });
});
