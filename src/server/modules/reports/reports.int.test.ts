import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { AuditRepository } from '../audit/audit-repository.js';

const run = promisify(execFile);
const IDENTIFIER = '19121212-1212';
// A reason that a spreadsheet would run as a formula if the CSV did not defuse it.
const REASON = '=HYPERLINK("http://evil.example") akut blödning, patienten medvetslös';

async function pdfText(bytes: Buffer): Promise<string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kasus-report-')), 'report.pdf');
  writeFileSync(file, bytes);
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

describe.each(testDialects())('log reports and statistics on %s', (dialect) => {
  let t: TestApp;
  let logg: Session;
  let doctor: Session;
  let dermLogger: Session;
  let surgery: string;
  let dermatology: string;
  let patientId: string;
  let caseId: string;
  let formId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.login('admin');
    const sysadmin = await t.login('sysadmin');
    doctor = await t.login('lakare');
    logg = await t.login('logg');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: IDENTIFIER })).json().id;
    const form = await t.as(admin, 'POST', '/api/forms', { name: 'Rapporttest', fields: [], departmentIds: [surgery, dermatology] });
    formId = form.json().id;
    caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery, formId })).json().id;
    expect((await t.as(sysadmin, 'POST', `/api/patients/${patientId}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt Skatteverket' })).statusCode).toBe(200);
    const opened = await t.as(doctor, 'POST', `/api/cases/${caseId}/emergency-access`, { reason: REASON });
    expect(opened.statusCode).toBe(200);
    // A log and statistics operator of Hudkliniken only.
    const ctx = { actor: null, clientIp: null, requestId: 'reports-test' };
    const role = await t.services.users.createRoleTrusted(ctx, { name: 'Loggoperatör hud', rights: ['audit.read', 'statistics.read'] });
    await t.services.users.createTrusted(ctx, {
      username: 'hudlogg', displayName: 'Hud Logg', email: 'hud.logg@sjukhus.example', password: DEMO_PASSWORD,
      roles: [{ departmentId: dermatology, roleId: role.id }],
    });
    dermLogger = await t.login('hudlogg');
    // Two written consents: one given for the surgery case, one for the whole patient (rows as the consent module writes them).
    const now = new Date().toISOString();
    for (const [id, forCase] of [[crypto.randomUUID(), caseId], [crypto.randomUUID(), null]] as const) {
      await t.services.database.db.insertInto('consent').values({
        id, patient_id: patientId, case_id: forCase, person: 'patient', person_description: null, scopes: '["teaching"]',
        valid_from: now.slice(0, 10), valid_until: null, document_key: `test-${id}`, document_mime: 'application/pdf', document_size: 1,
        document_name: 'samtycke.pdf', recorded_by: doctor.user.id, recorded_at: now, revoked_on: null, revoked_by: null, revoked_at: null,
      }).execute();
    }
  });
  afterAll(() => t.close());

  const events = async (action: string) =>
    t.services.database.db.selectFrom('audit_event').select(['action', 'outcome', 'details']).where('action', '=', action).execute();

  it('answers the patient’s log extract: who, when, which department, and filters by user, action and period', async () => {
    const response = await t.as(logg, 'GET', `/api/reports/audit?patientId=${patientId}&pageSize=500`);
    expect(response.statusCode).toBe(200);
    const body = response.json() as { items: { action: string; username: string; departmentName: string; patientIdentifier: string; userDisplayName: string }[]; total: number };
    const created = body.items.find((i) => i.action === 'case.create')!;
    expect(created).toMatchObject({ username: 'lakare', userDisplayName: 'Lars Läkare', departmentName: 'Kirurgkliniken', patientIdentifier: IDENTIFIER });
    expect(body.items.every((i) => i.patientIdentifier === IDENTIFIER)).toBe(true);

    const byAction = (await t.as(logg, 'GET', `/api/reports/audit?patientId=${patientId}&action=case.create&userId=${doctor.user.id}&departmentId=${surgery}`)).json();
    expect(byAction.total).toBe(1);
    const future = (await t.as(logg, 'GET', `/api/reports/audit?patientId=${patientId}&from=2999-01-01T00:00:00Z`)).json();
    expect(future.total).toBe(0);
    expect(byAction.totalIsLowerBound).toBe(false);
    // The count stops at its limit (10,000 in the report) and says so; the page is the same.
    const all = await new AuditRepository(t.services.database).list({ patientId }, 1, 3);
    expect(all.total).toBeGreaterThan(3);
    const capped = await new AuditRepository(t.services.database).list({ patientId }, 1, 3, 2);
    expect(capped).toMatchObject({ total: 2, totalIsLowerBound: true });
    expect(capped.items.map((e) => e.seq)).toEqual(all.items.map((e) => e.seq));
    expect(await new AuditRepository(t.services.database).list({ patientId }, 1, 3, all.total)).toMatchObject({ total: all.total, totalIsLowerBound: false });
    expect((await events('audit.report')).length).toBeGreaterThanOrEqual(3);
  });

  it('reports emergency openings with their reasons as a kind of log report', async () => {
    const body = (await t.as(logg, 'GET', '/api/reports/audit?kind=emergency')).json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ action: 'case.emergency_open', outcome: 'success', username: 'lakare', departmentName: 'Kirurgkliniken', objectId: caseId });
    expect(body.items[0].reason).toContain('akut blödning');
  });

  it('streams CSV with headings in the chosen language and defuses formula cells', async () => {
    const response = await t.as(logg, 'GET', '/api/reports/audit?kind=emergency&format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('Anledning');
    expect(lines).toHaveLength(2);
    // The reason's cell starts with a quote mark, so a spreadsheet shows it as text; its quotes are doubled.
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"") akut blödning, patienten medvetslös"`);
    expect(lines[1]).toContain(IDENTIFIER);
    const english = await t.as(logg, 'GET', `/api/reports/audit?patientId=${patientId}&format=csv&lang=en`);
    expect(english.body.split('\r\n')[0]).toContain('Reason');
    expect(english.body).toContain('case.create');
  });

  it('makes a PDF whose text holds the title, the reason and the patient', async () => {
    const response = await t.as(logg, 'GET', '/api/reports/audit?kind=emergency&format=pdf');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('Nödöppningar');
    expect(text).toContain('Lars Läkare');
    expect(text).toContain('Kirurgkliniken');
    expect(text).toContain(IDENTIFIER);
    expect(text).toContain('HYPERLINK');
    const pdfEvents = (await events('audit.report')).filter((e) => String(e.details).includes('"pdf"'));
    expect(pdfEvents).toHaveLength(1);
  });

  it('counts statistics per department and month, as JSON and CSV', async () => {
    const body = (await t.as(logg, 'GET', '/api/statistics')).json();
    const row = body.departments.find((d: { departmentName: string }) => d.departmentName === 'Kirurgkliniken');
    expect(row).toMatchObject({ cases: 1, media: 0, emergencyOpenings: 1, printsExports: 0, consents: 1 });
    expect(body.totals).toMatchObject({ cases: 1, consents: 2 });
    expect(body.departments.find((d: { departmentId: string }) => d.departmentId === '')).toMatchObject({ cases: 0, consents: 1 });
    expect(body.months).toHaveLength(1);
    const csv = await t.as(logg, 'GET', '/api/statistics?format=csv&lang=nb');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Måned,Avdeling,Saker,Media,Lagring (byte),Utskrifter og eksporter,Nødåpninger,Skriftlige samtykker');
    expect(lines.slice(1).sort()).toEqual([
      expect.stringMatching(/^\d{4}-\d{2},Kirurgkliniken,1,0,0,0,1,1$/),
      expect.stringMatching(/^\d{4}-\d{2},Uten avdeling \(samtykke for hele pasienten\),0,0,0,0,0,1$/),
    ]);
    expect((await events('statistics.report')).map((e) => e.outcome)).toEqual(['success', 'success']);
  });

  it('limits a department’s operator to their department and refuses those without the right', async () => {
    const scoped = (await t.as(dermLogger, 'GET', `/api/reports/audit?patientId=${patientId}`)).json();
    expect(scoped.total).toBe(0);
    const other = await t.as(dermLogger, 'GET', `/api/reports/audit?departmentId=${surgery}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('forbidden');
    const stats = (await t.as(dermLogger, 'GET', '/api/statistics')).json();
    expect(stats.totals).toMatchObject({ cases: 0, consents: 0 });
    expect((await t.as(dermLogger, 'GET', `/api/statistics?departmentId=${surgery}`)).statusCode).toBe(403);

    for (const url of ['/api/reports/audit', '/api/reports/audit?format=csv', '/api/reports/audit?format=pdf', '/api/statistics', '/api/statistics?format=csv']) {
      const refused = await t.as(doctor, 'GET', url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'forbidden', message: expect.any(String) });
    }
    expect((await events('audit.report')).some((e) => e.outcome === 'refused')).toBe(true);
  });

  it('puts each count in the hospital’s month, not UTC’s: 23:30 UTC on 30 November is December in Stockholm', async () => {
    const made = await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: dermatology, formId });
    expect(made.statusCode, made.body).toBe(201);
    // Before the default twelve months, so the other tests' counts stay as they are.
    await t.services.database.db.updateTable('clinical_case').set({ created_at: '2025-11-30T23:30:00.000Z' }).where('id', '=', made.json().id).execute();
    const url = `/api/statistics?from=2025-11-01T00:00:00Z&to=2026-01-01T00:00:00Z&departmentId=${dermatology}`;
    const body = (await t.as(logg, 'GET', url)).json();
    expect(body.months).toEqual([expect.objectContaining({ month: '2025-12', cases: 1 })]);
  });

  it('answers bad input with 400', async () => {
    for (const url of [
      '/api/reports/audit?format=xml',
      '/api/reports/audit?kind=everything',
      '/api/reports/audit?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
      '/api/reports/audit?from=yesterday',
      '/api/statistics?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
      '/api/statistics?format=pdf',
    ]) {
      const response = await t.as(logg, 'GET', url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().code, url).toMatch(/^(validation_failed|invalid_date)$/);
    }
  });
});
