import { PDFDocument, PDFRawStream, decodePDFRawStream, PDFArray, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

interface Item {
  id: string;
  outageId: string;
  department: { id: string; name: string };
  patient: { id: string; identifier: string | null } | null;
  kind: string;
  description: string;
  count: number;
  state: string;
  registered: { by: { id: string; name: string }; at: string };
  entered: { by: { id: string; name: string }; at: string } | null;
  verified: { by: { id: string; name: string }; at: string } | null;
}

/** WinAnsi is Latin-1 but for 0x80–0x9F; the few of those the forms use. */
const WIN_ANSI: Record<string, string> = { '\u0091': '‘', '\u0092': '’', '\u0093': '“', '\u0094': '”', '\u0096': '–', '\u0097': '—' };
const winAnsi = { decode: (bytes: Buffer) => bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => WIN_ANSI[c] ?? c) };

/** The text drawn on a pdf-lib page: its content streams' hex strings (standard fonts, WinAnsi). */
async function pdfText(bytes: Buffer): Promise<{ pages: number; size: { width: number; height: number }; text: string }> {
  const pdf = await PDFDocument.load(bytes);
  const page = pdf.getPage(0);
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  let text = '';
  for (const ref of refs) {
    const stream = pdf.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const decoded = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    for (const match of decoded.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) text += `${winAnsi.decode(Buffer.from(match[1]!, 'hex'))}\n`;
  }
  return { pages: pdf.getPageCount(), size: page.getSize(), text };
}

describe.each(testDialects())('backlog of outage material (C8) and downtime forms (C7) on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let nurse: Session;
  let auditor: Session;
  let surgery: string;
  let dermatology: string;
  let patientId: string;
  let outageId: string;
  let recoveryId: string;
  let systemId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    auditor = await t.login('logg');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name !== 'Kirurgkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id;
    const system = await t.as(admin, 'POST', '/api/systems', { name: 'Remissystem för eftersläpning', criticality: 1 });
    expect(system.statusCode, system.body).toBe(201);
    systemId = system.json().id;
    const down = await t.as(admin, 'PUT', `/api/systems/${systemId}/status`, { status: 'down', message: 'Använd pappersremiss.', expectedDurationMinutes: 60 });
    expect(down.statusCode, down.body).toBe(200);
    const notices = (await t.as(admin, 'GET', `/api/notices?systemId=${systemId}`)).json().items as { id: string; kind: string }[];
    outageId = notices.find((n) => n.kind === 'outage')!.id;
  });
  afterAll(() => t.close());

  const register = async (session: Session, body: Record<string, unknown>, status = 201) => {
    const response = await t.as(session, 'POST', '/api/backlog', { outageId, departmentId: dermatology, kind: 'paper_referral', description: 'Remiss till röntgen', ...body });
    expect(response.statusCode, response.body).toBe(status);
    return response.json();
  };
  const advance = (session: Session, id: string, to: string) => t.as(session, 'POST', `/api/backlog/${id}/advance`, { to });

  it('tracks an item registered → entered → verified, with who and when for each step, audited with the patient', async () => {
    const item: Item = await register(nurse, { patientId, count: 3, description: 'Tre pappersremisser till röntgen' });
    expect(item).toMatchObject({ outageId, department: { id: dermatology }, patient: { id: patientId, identifier: '191212121212' }, kind: 'paper_referral', count: 3, state: 'registered', entered: null, verified: null });
    expect(item.registered.by.id).toBe(nurse.user.id);

    const entered = await advance(nurse, item.id, 'entered');
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json()).toMatchObject({ state: 'entered', entered: { by: { id: nurse.user.id, name: 'Stina Sjuksköterska' } }, verified: null });

    // The nurse has neither case.sign nor continuity.manage: she may not verify.
    const refused = await advance(nurse, item.id, 'verified');
    expect(refused.statusCode, refused.body).toBe(403);

    const verified = await advance(doctor, item.id, 'verified');
    expect(verified.statusCode, verified.body).toBe(200);
    const done: Item = verified.json();
    expect(done).toMatchObject({ state: 'verified', verified: { by: { id: doctor.user.id, name: 'Lars Läkare' } }, entered: { by: { id: nurse.user.id } } });
    expect(Date.parse(done.verified!.at)).toBeGreaterThanOrEqual(Date.parse(done.entered!.at));

    for (const action of ['backlog.register', 'backlog.enter', 'backlog.verify']) {
      const entries = (await t.services.auditLog.list({ action }, 1, 100)).items.filter((e) => e.objectId === item.id && e.outcome === 'success');
      expect(entries, action).toHaveLength(1);
      expect(entries[0]).toMatchObject({ patientId, departmentId: dermatology });
    }
    const refusedAudit = (await t.services.auditLog.list({ action: 'backlog.verify' }, 1, 100)).items.filter((e) => e.objectId === item.id && e.outcome === 'refused');
    expect(refusedAudit).toHaveLength(1);
  });

  it('refuses illegal transitions with 409 and a Swedish message: back, skipping, repeating, after verified', async () => {
    const item: Item = await register(doctor, { kind: 'paper_note', description: 'Anteckning på papper' });
    const skip = await advance(doctor, item.id, 'verified');
    expect(skip.statusCode, skip.body).toBe(409);
    expect(skip.json()).toMatchObject({ code: 'conflict', state: 'registered', next: 'entered' });
    expect(skip.json().message).toMatch(/måste bli införd innan den kan bli verifierad/);
    expect((await advance(doctor, item.id, 'entered')).statusCode).toBe(200);
    const again = await advance(doctor, item.id, 'entered');
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/redan införd.*framåt/);
    expect((await advance(doctor, item.id, 'verified')).statusCode).toBe(200);
    const after = await advance(admin, item.id, 'verified');
    expect(after.statusCode).toBe(409);
    expect(after.json().message).toMatch(/redan verifierad/);
    const back = await advance(admin, item.id, 'registered');
    expect(back.statusCode).toBe(400);
    expect(back.json().message).toMatch(/entered eller verified/);
    const stored = (await t.as(doctor, 'GET', `/api/backlog/${item.id}`)).json();
    expect(stored.state).toBe('verified');
  });

  it('needs incident.report or case.write in the department to register, and hides other departments’ items', async () => {
    // The nurse works in dermatology only.
    const elsewhere = await t.as(nurse, 'POST', '/api/backlog', { outageId, departmentId: surgery, kind: 'paper_note', description: 'x' });
    expect(elsewhere.statusCode, elsewhere.body).toBe(403);
    // The log operator has neither right anywhere.
    expect((await t.as(auditor, 'POST', '/api/backlog', { outageId, departmentId: surgery, kind: 'paper_note', description: 'x' })).statusCode).toBe(403);
    const surgical: Item = await register(doctor, { departmentId: surgery, kind: 'offline_media', description: 'Minneskort med 12 bilder', patientId, count: 12 });
    expect((await advance(nurse, surgical.id, 'entered')).statusCode).toBe(404);
    expect((await t.as(nurse, 'GET', `/api/backlog/${surgical.id}`)).statusCode).toBe(404);
    const seen = (await t.as(nurse, 'GET', '/api/backlog?pageSize=500')).json().items as Item[];
    expect(seen.every((i) => i.department.id === dermatology)).toBe(true);
    expect((await t.as(auditor, 'GET', '/api/backlog')).json()).toEqual({ items: [], total: 0 });
    expect((await t.as(null, 'GET', '/api/backlog')).statusCode).toBe(401);
    // A duty officer (continuity.manage) sees and verifies every department's items.
    const all = (await t.as(admin, 'GET', `/api/backlog?departmentId=${surgery}&pageSize=500`)).json().items as Item[];
    expect(all.map((i) => i.id)).toContain(surgical.id);
  });

  it('refuses bad input with 400 and Swedish messages: unknown outage, department, patient, kind, empty description', async () => {
    const bad = async (body: Record<string, unknown>, pattern: RegExp) => {
      const response = await t.as(doctor, 'POST', '/api/backlog', { outageId, departmentId: dermatology, kind: 'paper_note', description: 'x', ...body });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().message).toMatch(pattern);
    };
    await bad({ outageId: 'no-such-notice' }, /Avbrottet finns inte/);
    await bad({ departmentId: 'no-such-department' }, /Avdelningen finns inte/);
    await bad({ patientId: 'no-such-patient' }, /Patienten finns inte/);
    await bad({ kind: 'fax' }, /paper_referral, paper_answer, paper_note eller offline_media/);
    await bad({ description: '   ' }, /Beskriv/);
    await bad({ count: 0 }, /minst 1/);
    expect((await t.as(doctor, 'GET', '/api/backlog/report?outageId=no-such-notice')).statusCode).toBe(400);
  });

  it('reports what is still outstanding per department and kind after recovery; a recovery notice stands for its outage', async () => {
    const recovered = await t.as(admin, 'PUT', `/api/systems/${systemId}/status`, { status: 'operational', message: 'Åter i drift. För in pappersremisserna.' });
    expect(recovered.statusCode, recovered.body).toBe(200);
    const notices = (await t.as(admin, 'GET', `/api/notices?systemId=${systemId}`)).json().items as { id: string; kind: string }[];
    recoveryId = notices.find((n) => n.kind === 'recovery')!.id;

    // Registered after recovery, naming the recovery notice: filed under the outage.
    const late: Item = await register(nurse, { outageId: recoveryId, kind: 'paper_answer', description: 'Röntgensvar på papper', count: 2 });
    expect(late.outageId).toBe(outageId);
    await register(nurse, { kind: 'paper_answer', description: 'Ett svar till' });
    const entered: Item = await register(nurse, { kind: 'paper_note', description: 'Anteckning', count: 4 });
    expect((await advance(nurse, entered.id, 'entered')).statusCode).toBe(200);

    const report = (await t.as(admin, 'GET', `/api/backlog/report?outageId=${outageId}`)).json();
    expect(report.outage).toMatchObject({ id: outageId, system: { id: systemId } });
    expect(report.outage.closedAt).not.toBeNull();
    const derm = report.departments.find((d: { department: { id: string } }) => d.department.id === dermatology);
    const surg = report.departments.find((d: { department: { id: string } }) => d.department.id === surgery);
    // Verified items are not outstanding.
    expect(derm.kinds).toEqual(
      expect.arrayContaining([
        { kind: 'paper_answer', registered: 3, entered: 0, items: 2, count: 3 },
        { kind: 'paper_note', registered: 0, entered: 4, items: 1, count: 4 },
      ]),
    );
    expect(derm.kinds.find((k: { kind: string }) => k.kind === 'paper_referral')).toBeUndefined();
    expect(surg.kinds).toEqual([{ kind: 'offline_media', registered: 12, entered: 0, items: 1, count: 12 }]);
    expect(report.total).toEqual({ items: derm.items + surg.items, count: derm.count + surg.count });

    // The nurse sees only her department's part.
    const hers = (await t.as(nurse, 'GET', `/api/backlog/report?outageId=${outageId}`)).json();
    expect(hers.departments.map((d: { department: { id: string } }) => d.department.id)).toEqual([dermatology]);

    const outstanding = (await t.as(nurse, 'GET', `/api/backlog?outageId=${outageId}&outstanding=true&pageSize=500`)).json().items as Item[];
    expect(outstanding.every((i) => i.state !== 'verified')).toBe(true);
    expect(outstanding.length).toBe(3);
  });

  it('keeps working in read-only mode', async () => {
    const systems = (await t.as(admin, 'GET', '/api/systems')).json() as { id: string; isKasus: boolean }[];
    const kasus = systems.find((s) => s.isKasus)!.id;
    expect((await t.as(admin, 'PUT', `/api/systems/${kasus}/status`, { status: 'read_only', message: 'Uppgradering' })).statusCode).toBe(200);
    try {
      const item: Item = await register(nurse, { description: 'Under läsläge' });
      expect((await advance(nurse, item.id, 'entered')).statusCode).toBe(200);
    } finally {
      expect((await t.as(admin, 'PUT', `/api/systems/${kasus}/status`, { status: 'operational', message: 'Klart' })).statusCode).toBe(200);
    }
  });

  it('prints an A4 paper radiology referral pre-filled with patient and department, audited', async () => {
    const response = await t.as(doctor, 'GET', `/api/downtime-forms/radiology-referral.pdf?departmentId=${surgery}&patientId=${patientId}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const { pages, size, text } = await pdfText(response.rawPayload);
    expect(pages).toBe(1);
    expect(Math.round(size.width)).toBe(595);
    expect(Math.round(size.height)).toBe(842);
    expect(text).toContain('Pappersremiss – radiologi (reservrutin)');
    expect(text).toContain('Frågeställning och anamnes');
    expect(text).toContain('19121212-1212');
    expect(text).toContain('Kirurgkliniken');
    const audit = (await t.services.auditLog.list({ action: 'downtime_form.print' }, 1, 100)).items.filter((e) => e.outcome === 'success');
    expect(audit[0]).toMatchObject({ patientId, userId: doctor.user.id, details: { form: 'radiology-referral' } });
  });

  it('prints the note for offline media blank, and names the patient only for those who may read patients', async () => {
    const blank = await t.as(auditor, 'GET', '/api/downtime-forms/offline-media-note.pdf');
    expect(blank.statusCode, blank.body).toBe(200);
    const { text } = await pdfText(blank.rawPayload);
    expect(text).toContain('Anteckning till media tagna offline (reservrutin)');
    expect(text).toContain('minneskort');
    expect(text).not.toMatch(/19121212-?1212/);
    // The log operator may not read patients.
    expect((await t.as(auditor, 'GET', `/api/downtime-forms/offline-media-note.pdf?patientId=${patientId}`)).statusCode).toBe(404);
    expect((await t.as(doctor, 'GET', `/api/downtime-forms/offline-media-note.pdf?departmentId=nope`)).statusCode).toBe(400);
    expect((await t.as(null, 'GET', '/api/downtime-forms/offline-media-note.pdf')).statusCode).toBe(401);
    expect((await t.as(doctor, 'GET', '/api/downtime-forms/fax.pdf')).statusCode).toBe(404);
  });
});
