import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { demoCase } from '../../../../test/helpers/demo-ids.js';
import { cameraJpeg, mediaDir } from '../../../../test/helpers/media-fixtures.js';
import type { KyselyPlugin } from 'kysely';
import { resolveAuditNames } from './audit-names-repository.js';

interface Listed {
  seq: number;
  action: string;
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  userDisplayName: string | null;
  departmentName: string | null;
  patientIdentifier: string | null;
  objectName: string | null;
  objectDate: string | null;
  caseId: string | null;
}

// Defect 7 of issue 19: the audit log showed UUIDs. Its listing names patients, users, departments
// and objects; the log itself keeps ids only.
describe.each(testDialects())('audit log listing with names on %s', (dialect) => {
  let t: TestApp;
  let logg: Session;
  let caseId: string;
  let mediaId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const lakare = await t.login('lakare');
    logg = await t.login('logg');
    ({ caseId } = await demoCase(t, lakare, 'Hudkliniken'));
    const uploaded = await t.upload(lakare, caseId, [{ path: await cameraJpeg(mediaDir()) }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    mediaId = uploaded.body.items[0].id;
    expect((await t.as(lakare, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
    expect((await t.as(lakare, 'GET', `/api/media/${mediaId}`)).statusCode).toBe(200);
    const admin = await t.login('admin');
    expect((await t.as(admin, 'GET', '/api/systems')).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const response = await t.as(logg, 'GET', `/api/audit?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: Listed[]; total: number; timeZone: string };
  };

  it('names the patient by formatted identifier, the user, the department and the case', async () => {
    const page = await list('action=case.read');
    expect(page.timeZone).toBe(t.config.timeZone);
    const read = page.items.find((e) => e.objectId === caseId)!;
    expect(read).toMatchObject({
      userDisplayName: 'Lars Läkare',
      departmentName: 'Hudkliniken',
      patientIdentifier: '19121212-1212',
      objectName: 'Hudkliniken',
      caseId,
    });
    expect(Date.parse(read.objectDate!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    // A media item is named by its case, and tells which case it belongs to (for grouping).
    const media = (await list('action=media.read')).items.find((e) => e.objectId === mediaId)!;
    expect(media).toMatchObject({ objectType: 'media', objectName: 'Hudkliniken', caseId, patientIdentifier: '19121212-1212' });
  });

  it('names users and departments as objects, and leaves what it cannot name null', async () => {
    const page = await list('pageSize=500');
    const login = page.items.find((e) => e.action === 'login' && e.userDisplayName === 'Logga Granskare');
    expect(login).toBeDefined();
    const created = page.items.find((e) => e.action === 'user.create' && e.objectId !== null);
    expect(created?.objectName).toMatch(/\S/);
    const departmentEvent = page.items.find((e) => e.objectType === 'department' && e.objectId !== null);
    expect(['Kirurgkliniken', 'Hudkliniken', 'Kasus systemförvaltning']).toContain(departmentEvent?.objectName);
    const refused = page.items.find((e) => e.action === 'audit.list');
    expect(refused?.objectName ?? null).toBeNull();
    // The log itself is untouched: no names are stored, the chain still verifies.
    expect((await t.services.auditLog.verify()).ok).toBe(true);
  });

  it('resolves a page in a fixed number of queries, not one per event', async () => {
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counted = { ...t.services.database, db: t.services.database.db.withPlugin(counter) };
    const events = (await t.services.auditLog.list({}, 1, 500)).items;
    expect(events.length).toBeGreaterThan(40);
    const names = await resolveAuditNames(counted, events);
    expect(names.filter((n) => n.objectName !== null).length).toBeGreaterThan(20);
    // One query per kind of name (patients, users, departments, cases, media, routines, …) at most.
    expect(queries).toBeLessThanOrEqual(14);
    queries = 0;
    await resolveAuditNames(counted, events.slice(0, 5));
    expect(queries).toBeLessThanOrEqual(14);
  });

  it('is itself audited', async () => {
    const before = (await t.services.auditLog.list({ action: 'audit.list' }, 1, 500)).total;
    await list('action=case.read');
    expect((await t.services.auditLog.list({ action: 'audit.list' }, 1, 500)).total).toBe(before + 1);
  });
});
