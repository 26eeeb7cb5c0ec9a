import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

/**
 * Every reason Kasus asks for (emergency opening, marking a patient confidential) must hold real
 * words after normalisation; what is stored and audited is the normalised text.
 */
describe.each(testDialects())('reasons with real words on %s', (dialect) => {
  let t: TestApp;
  let sysadmin: Session;
  let doctor: Session;
  let logOperator: Session;
  let patientId: string;
  let caseId: string;

  const EMPTY_IN_ALL_BUT_FORM: [string, string][] = [
    ['ten zero-width spaces', '\u200B'.repeat(10)],
    ['ten dots', '.'.repeat(10)],
    ['ten soft hyphens and joiners', '\u00AD\u2060\uFEFF\u200C\u200D'.repeat(2)],
    ['ten Hangul fillers', '\u3164'.repeat(10)],
    ['one word', 'akutakutakut'],
    ['digits only', '1234567890 0987654321'],
  ];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.login('admin');
    sysadmin = await t.login('sysadmin');
    doctor = await t.login('lakare');
    logOperator = await t.login('logg');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19640823-3234' })).json().id;
    caseId = (await t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery })).json().id;
    expect(caseId).toEqual(expect.any(String));
  });
  afterAll(() => t.close());

  it('marking a patient confidential needs real words; the stored and audited reason is normalised', async () => {
    for (const [what, reason] of [...EMPTY_IN_ALL_BUT_FORM, ['ten NULs', '\u0000'.repeat(10)]] as [string, string][]) {
      const response = await t.as(sysadmin, 'POST', `/api/patients/${patientId}/confidential`, { confidential: true, reason });
      expect(response.statusCode, `${what}: ${response.body}`).toBe(400);
      // NUL may be refused at the edge (invalid_text) before the reason is read; either way, never a 500.
      expect(what === 'ten NULs' ? ['reason_required', 'invalid_text'] : ['reason_required'], what).toContain(response.json().code);
      expect(response.json().message).toEqual(expect.any(String));
    }
    expect((await t.as(sysadmin, 'GET', `/api/cases/${caseId}`)).json().patient.confidential).toBe(false);

    const marked = await t.as(sysadmin, 'POST', `/api/patients/${patientId}/confidential`, { confidential: true, reason: '  Skyddad\u200B  identitet\n enligt \uFF33katteverket ' });
    expect(marked.statusCode, marked.body).toBe(200);
    const history = (await t.as(sysadmin, 'GET', `/api/patients/${patientId}/confidentiality`)).json();
    expect(history[0].reason).toBe('Skyddad identitet enligt Skatteverket');
    const audited = await t.services.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'patient.confidentiality')
      .where('outcome', '=', 'success')
      .executeTakeFirstOrThrow();
    expect(String(audited.details)).toContain('Skyddad identitet enligt Skatteverket');
  });

  it('an emergency opening needs real words: invisible, NUL or punctuation-only reasons open nothing', async () => {
    for (const [what, reason] of [...EMPTY_IN_ALL_BUT_FORM, ['ten NULs', '\u0000'.repeat(10)]] as [string, string][]) {
      const response = await t.as(doctor, 'POST', `/api/cases/${caseId}/emergency-access`, { reason });
      expect(response.statusCode, `${what}: ${response.body}`).toBe(400);
      expect(what === 'ten NULs' ? ['reason_required', 'invalid_text'] : ['reason_required'], what).toContain(response.json().code);
      if (response.json().code === 'reason_required') {
        expect(response.json()).toMatchObject({ field: 'reason', message: expect.stringMatching(/riktiga ord/) });
      }
    }
    // Still closed.
    const view = await t.as(doctor, 'GET', `/api/cases/${caseId}`);
    expect(view.statusCode).toBe(403);
    expect(view.json().code).toBe('confidential');
    expect((await t.services.database.db.selectFrom('emergency_access').select('id').execute()).length).toBe(0);
    // The refused attempts are audited.
    const refused = await t.services.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'case.emergency_open')
      .where('outcome', '=', 'refused')
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(EMPTY_IN_ALL_BUT_FORM.length);
    expect(refused.every((r) => String(r.details).includes('reason_required'))).toBe(true);
  });

  it('a reason with real words opens the case, and the report shows it normalised', async () => {
    const opened = await t.as(doctor, 'POST', `/api/cases/${caseId}/emergency-access`, { reason: '\u200BAkut\u00A0\u00A0blödning,\u2060 behöver  se bilderna\n' });
    expect(opened.statusCode, opened.body).toBe(200);
    expect((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
    const report = (await t.as(logOperator, 'GET', '/api/emergency-access')).json();
    expect(report.items.map((i: { reason: string }) => i.reason)).toEqual(['Akut blödning, behöver se bilderna']);
    const stored = await t.services.database.db.selectFrom('emergency_access').select('reason').executeTakeFirstOrThrow();
    expect(stored.reason).toBe('Akut blödning, behöver se bilderna');
  });
});
