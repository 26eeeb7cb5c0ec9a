import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = path.join(ROOT, 'src/server/cli.ts');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

describe.each(testDialects())('audit log on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    // A handful of events from real requests.
    const admin = await t.login('admin');
    await t.as(admin, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' });
    await t.as(admin, 'POST', '/api/departments', { hsaId: 'SE2321000016-4004', name: 'Barnkliniken' });
    await t.as(null, 'POST', '/api/session', { username: 'admin', password: 'wrong-password' });
  });
  afterEach(() => t.close());

  const db = () => t.services.database.db;
  const seqs = async () => (await db().selectFrom('audit_event').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
  const verify = async (files: string[] = []) =>
    t.services.auditLog.verify(await t.services.auditCheckpoints.verificationInput(files));
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(TSX, [CLI, ...args], {
        cwd: ROOT,
        env: { ...process.env, KASUS_DATA_DIR: t.config.dataDir, KASUS_DATABASE_URL: t.config.databaseUrl },
      });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, output: e.stdout + e.stderr };
    }
  };

  it('writes who, role, department, action, object, patient, outcome, time, address and request id', async () => {
    const lookup = (await t.services.auditLog.list({ action: 'patient.lookup' }, 1, 10)).items[0]!;
    expect(lookup).toMatchObject({ username: 'admin', role: 'Systemadministratör', outcome: 'success', objectType: 'patient' });
    expect(lookup.patientId).toBe(lookup.objectId);
    expect(lookup.clientIp).toBe('127.0.0.1');
    expect(lookup.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(lookup.at)).toBeGreaterThan(Date.now() - 60_000);
    const department = (await t.services.auditLog.list({ action: 'department.create' }, 1, 10)).items[0]!;
    expect(department.departmentId).toBe(department.objectId);
    expect(department.details).toMatchObject({ hsaId: 'SE2321000016-4004' });
  });

  it('verifies an untouched chain', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, events: (await seqs()).length, breaks: [] });
    // The checkpoint written at start is among those checked.
    expect(result.checkpoints.valid).toBeGreaterThanOrEqual(1);
  });

  it('reports the first edited event', async () => {
    const target = (await seqs())[3]!;
    await db().updateTable('audit_event').set({ outcome: 'success', username: 'someone-else' }).where('seq', '=', target).execute();
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([expect.objectContaining({ kind: 'changed', firstSeq: target, lastSeq: target })]);
  });

  it('reports a deleted event', async () => {
    const target = (await seqs())[2]!;
    await db().deleteFrom('audit_event').where('seq', '=', target).execute();
    expect((await verify()).breaks).toEqual([expect.objectContaining({ kind: 'removed', firstSeq: target, lastSeq: target })]);
  });

  it('reports a deleted event even when the later ones were renumbered to hide the gap', async () => {
    const all = await seqs();
    const target = all[2]!;
    await db().deleteFrom('audit_event').where('seq', '=', target).execute();
    for (const seq of all.slice(3)) await db().updateTable('audit_event').set({ seq: seq - 1 }).where('seq', '=', seq).execute();
    await db().updateTable('audit_chain_head').set({ seq: all.length - 1 }).execute();
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.breaks).toContainEqual(expect.objectContaining({ kind: 'removed', firstSeq: target }));
  });

  it('reports events removed from the end of the log', async () => {
    const all = await seqs();
    await db().deleteFrom('audit_event').where('seq', '>=', all[all.length - 2]!).execute();
    expect((await verify()).breaks).toEqual([
      expect.objectContaining({ kind: 'cut', firstSeq: all[all.length - 2], lastSeq: all[all.length - 1] }),
    ]);
  });

  it('reports two swapped events as reordered', async () => {
    const [a, b] = (await seqs()).slice(2, 4) as [number, number];
    // Move whole rows: a goes to a temporary place, b takes a's place, a takes b's.
    await db().updateTable('audit_event').set({ seq: -1 }).where('seq', '=', a).execute();
    await db().updateTable('audit_event').set({ seq: a }).where('seq', '=', b).execute();
    await db().updateTable('audit_event').set({ seq: b }).where('seq', '=', -1).execute();
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.breaks).toEqual([expect.objectContaining({ kind: 'reordered', firstSeq: a })]);
  });

  it('keeps the chain whole under concurrent writers', async () => {
    const before = (await seqs()).length;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => t.services.auditLog.record(null, { action: 'test.concurrent', outcome: 'success', details: { i } })),
    );
    expect((await seqs()).length).toBe(before + 40);
    expect(await verify()).toMatchObject({ ok: true, breaks: [] });
  });

  it('`kasus audit verify` exits 0 on an intact log and 1 with the bad event', async () => {
    const ok = await cli('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.output).toMatch(/intact: \d+ events/);
    const target = (await seqs())[1]!;
    await sql`update audit_event set details = ${'{"tampered":true}'} where seq = ${target}`.execute(db());
    const bad = await cli('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('NOT intact: 1 break found');
    expect(bad.output).toContain(`event ${target} (changed)`);
  });

  it('exports CSV with a header, every filtered event, and formulas defused', async () => {
    await t.services.auditLog.record(null, { action: 'test.csv', outcome: 'success', username: '=HYPERLINK("x")' });
    const logg = await t.login('logg');
    const response = await t.as(logg, 'GET', '/api/audit.csv?action=test.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="kasus-audit-/);
    const lines = response.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,userId,username,role,departmentId,action,outcome,objectType,objectId,patientId,clientIp,requestId,details');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    // The export itself is audited.
    expect((await t.services.auditLog.list({ action: 'audit.export' }, 1, 5)).items[0]).toMatchObject({ username: 'logg' });
  });

  it('searches by patient identifier in the body, and lists users for the filter', async () => {
    const logg = await t.login('logg');
    const found = await t.as(logg, 'POST', '/api/audit/search', { patientIdentifier: '121212+1212', action: 'patient.lookup' });
    expect(found.statusCode).toBe(200);
    expect(found.json().total).toBe(1);
    expect(found.json().items[0]).toMatchObject({ username: 'admin', patientId: found.json().patientId });
    const unregistered = await t.as(logg, 'POST', '/api/audit/search', { patientIdentifier: '19900101-2385' });
    expect(unregistered.json()).toMatchObject({ total: 0, items: [] });
    const invalid = await t.as(logg, 'POST', '/api/audit/search', { patientIdentifier: '19121212-1213' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'invalid_identifier', rule: 'check_digit' });
    const nurse = await t.login('skoterska');
    expect((await t.as(nurse, 'POST', '/api/audit/search', { patientIdentifier: '121212+1212' })).statusCode).toBe(403);

    const users = (await t.as(logg, 'GET', '/api/audit/users')).json() as { username: string; displayName: string }[];
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'lakare', 'logg']));
    expect(JSON.stringify(users)).not.toContain('password');
    expect((await t.as(nurse, 'GET', '/api/audit/users')).statusCode).toBe(403);
  });

  it('filters by user, action and time, and pages', async () => {
    const logg = await t.login('logg');
    const admin = (await t.as(logg, 'GET', '/api/audit?action=login&pageSize=1&page=1')).json();
    expect(admin.items).toHaveLength(1);
    expect(admin.total).toBeGreaterThanOrEqual(2);
    const future = (await t.as(logg, 'GET', `/api/audit?from=${encodeURIComponent('2999-01-01')}`)).json();
    expect(future.total).toBe(0);
    const bad = await t.as(logg, 'GET', '/api/audit?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    const reversed = await t.as(logg, 'GET', '/api/audit?from=2026-02-01&to=2026-01-01');
    expect(reversed.statusCode).toBe(400);
  });
});
