import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { mediaDir } from '../../../../test/helpers/media-fixtures.js';
import { accessLogEntryHash, GENESIS_HASH, type AccessLogEntry } from './access-log-chain.js';
import type { Manifest } from './offline-copy-service.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Line = { op: 'put' | 'del'; table: string; row?: Record<string, any>; key?: Record<string, any> };

describe.each(testDialects())('offline read copy, server side, on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let doctor: Session;
  let nurse: Session;
  let surgery: string;
  let dermatology: string;
  let dir: string;
  let identityFile: string;
  let recipient: string;
  let workstationId: string;
  let token: string;
  let serverKey: string;
  let caseId: string;
  let otherCaseId: string;
  let mediaId: string;
  let patientId: string;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    dir = mkdtempSync(path.join(tmpdir(), 'kasus-offline-test-'));
    admin = await t.login('admin');
    doctor = await t.login('lakare');
    nurse = await t.login('skoterska');
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
    const identity = await generateX25519Identity();
    recipient = await identityToRecipient(identity);
    identityFile = path.join(dir, 'identity.key');
    writeFileSync(identityFile, identity + '\n', { mode: 0o600 });

    // Data: a case with a photo in surgery (held), a case in dermatology (not held).
    patientId = (await t.as(admin, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id;
    const created = await t.as(admin, 'POST', '/api/cases', { patientId, departmentId: surgery });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json().id;
    const other = await t.as(admin, 'POST', '/api/cases', { patientId, departmentId: dermatology });
    expect(other.statusCode, other.body).toBe(201);
    otherCaseId = other.json().id;
    const photo = path.join(mediaDir(), 'photo.jpg');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } } }).jpeg().toFile(photo);
    const uploaded = await t.upload(admin, caseId, [{ path: photo }]);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
    mediaId = (await t.services.database.db.selectFrom('media').select('id').where('case_id', '=', caseId).executeTakeFirstOrThrow()).id;
    await waitFor(async () => (await t.services.database.db.selectFrom('media_derivative').select('kind').where('media_id', '=', mediaId).execute()).some((d) => d.kind === 'thumbnail'));
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function waitFor(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('timed out');
      await sleep(100);
    }
  }

  /** Makes a snapshot and waits for its job to finish. */
  async function snapshot(): Promise<number> {
    const response = await t.as(admin, 'POST', '/api/offline-copy/snapshots');
    expect(response.statusCode, response.body).toBe(202);
    const { sequence: made } = response.json() as { sequence: number };
    await waitFor(async () => {
      const row = await t.services.database.db.selectFrom('offline_snapshot').select('finished_at').where('sequence', '=', made).executeTakeFirst();
      return row?.finished_at != null;
    });
    return made;
  }

  const sync = (path: string, bearer = token) => t.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${bearer}` } });

  /** Fetches the manifest since a sequence, checks it with Debian's minisign, and decrypts every part with Debian's age. */
  async function fetchCopy(since: number): Promise<{ manifest: Manifest; lines: Line[] }> {
    const response = await sync(`/api/offline-copy/sync/manifest?since=${since}`);
    expect(response.statusCode, response.body).toBe(200);
    const { manifest, signature } = response.json() as { manifest: string; signature: string };
    const at = mkdtempSync(path.join(dir, 'sync-'));
    writeFileSync(path.join(at, 'manifest.json'), manifest);
    writeFileSync(path.join(at, 'manifest.json.minisig'), signature);
    const verified = await run('minisign', ['-V', '-P', serverKey, '-m', path.join(at, 'manifest.json')]);
    expect(verified.stdout).toContain('Signature and comment signature verified');
    const parsed = JSON.parse(manifest) as Manifest;
    const lines: Line[] = [];
    for (const part of parsed.parts) {
      const bytes = await sync(`/api/offline-copy/sync/parts/${part.name}`);
      expect(bytes.statusCode).toBe(200);
      expect(bytes.rawPayload.length).toBe(part.size);
      const file = path.join(at, part.name);
      writeFileSync(file, bytes.rawPayload);
      const { stdout } = await run('age', ['-d', '-i', identityFile, file], { maxBuffer: 64 * 1024 * 1024 });
      lines.push(...stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line));
    }
    return { manifest: parsed, lines };
  }

  it('refuses a key that is not an age X25519 recipient, and registration by a non-administrator', async () => {
    for (const publicKey of ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI', 'age1', recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q'), 'AGE-SECRET-KEY-1QQQ', recipient.toUpperCase()]) {
      const response = await t.as(admin, 'POST', '/api/offline-copy/workstations', { name: 'Reservdator', publicKey, departmentIds: [surgery] });
      expect(response.statusCode, publicKey).toBe(400);
      expect(response.json().code).toBe('invalid_public_key');
    }
    const refused = await t.as(nurse, 'POST', '/api/offline-copy/workstations', { name: 'Reservdator', publicKey: recipient, departmentIds: [surgery] });
    expect(refused.statusCode).toBe(403);
    const unknownDepartment = await t.as(admin, 'POST', '/api/offline-copy/workstations', { name: 'Reservdator', publicKey: recipient, departmentIds: ['nope'] });
    expect(unknownDepartment.statusCode).toBe(400);
  });

  it('registers a workstation (audited), lists it for administrators, and publishes the signing key', async () => {
    const response = await t.as(admin, 'POST', '/api/offline-copy/workstations', { name: 'Reservdator Kirurgen', publicKey: recipient, departmentIds: [surgery] });
    expect(response.statusCode, response.body).toBe(201);
    ({ id: workstationId, token } = response.json() as { id: string; token: string });
    expect(token).toMatch(/^kwt_/);
    const stored = await t.services.database.db.selectFrom('offline_workstation').selectAll().where('id', '=', workstationId).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(4));
    const audit = await t.services.database.db.selectFrom('audit_event').selectAll().where('action', '=', 'offline-copy.register').execute();
    expect(audit.map((a) => a.object_id)).toContain(workstationId);

    const list = await t.as(admin, 'GET', '/api/offline-copy/workstations');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: workstationId, name: 'Reservdator Kirurgen', departmentIds: [surgery], lastSyncAt: null, sequence: 0, ageMinutes: null, revokedAt: null, missedSync: false }),
    ]);
    expect((await t.as(nurse, 'GET', '/api/offline-copy/workstations')).statusCode).toBe(403);

    const key = await t.as(admin, 'GET', '/api/offline-copy/server-key');
    expect(key.statusCode).toBe(200);
    serverKey = key.json().publicKey;
    expect(Buffer.from(serverKey, 'base64').subarray(0, 2).toString()).toBe('Ed');
    expect(Buffer.from(serverKey, 'base64')).toHaveLength(42);
  });

  it('makes a full snapshot that minisign verifies and age decrypts, holding only the workstation’s departments and no originals', async () => {
    sequence = await snapshot();
    const { manifest, lines } = await fetchCopy(0);
    expect(manifest).toMatchObject({ format: 'kasus-offline-copy/1', workstationId, workstationName: 'Reservdator Kirurgen', departmentIds: [surgery], full: true, base: 0 });
    expect(manifest.sequence).toBeGreaterThanOrEqual(sequence);
    expect(manifest.schema).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-/);
    expect(lines.every((l) => l.op === 'put')).toBe(true);
    const rows = (table: string) => lines.filter((l) => l.table === table).map((l) => l.row!);
    expect(rows('department').map((r) => r.id)).toEqual([surgery]);
    expect(rows('clinical_case').map((r) => r.id)).toEqual([caseId]);
    expect(rows('patient').map((r) => r.id)).toEqual([patientId]);
    expect(rows('media').map((r) => r.id)).toEqual([mediaId]);
    expect(rows('media')[0]!.quarantine_key).toBeNull();
    expect(rows('media_derivative').map((r) => r.kind)).toContain('thumbnail');
    const blobs = rows('blob');
    const derivativeKeys = rows('media_derivative').map((r) => r.blob_key).sort();
    expect(blobs.map((b) => b.key).sort()).toEqual([...new Set(derivativeKeys)]);
    // No originals: the cleaned original's bytes are not in the copy.
    const original = await t.services.database.db.selectFrom('media').select('sha256').where('id', '=', mediaId).executeTakeFirstOrThrow();
    expect(blobs.map((b) => b.key)).not.toContain(original.sha256);
    const thumbnail = rows('media_derivative').find((r) => r.kind === 'thumbnail')!;
    const thumbnailBytes = Buffer.from(blobs.find((b) => b.key === thumbnail.blob_key)!.data, 'base64');
    expect((await sharp(thumbnailBytes).metadata()).format).toBeDefined();
    // Users with a role in surgery, without e-mail or lock-out; no audit log, sessions or tokens.
    expect(rows('user_account').map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'lakare', 'sysadmin']));
    expect(rows('user_account').map((u) => u.username)).not.toContain('skoterska');
    expect(rows('user_account').every((u) => u.email === null && u.failed_logins === 0 && u.locked_until === null)).toBe(true);
    expect(rows('user_account').every((u) => typeof u.password_hash === 'string')).toBe(true);
    expect(new Set(lines.map((l) => l.table))).toEqual(
      new Set(['department', 'role', 'user_account', 'user_role', 'form', 'form_version', 'form_department', 'patient', 'clinical_case', 'media', 'media_derivative', 'blob']),
    );
    // Puts in foreign-key order.
    const order = ['department', 'role', 'user_account', 'user_role', 'form', 'form_version', 'form_department', 'patient', 'clinical_case', 'media', 'media_derivative', 'blob'];
    const positions = lines.map((l) => order.indexOf(l.table));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    sequence = manifest.sequence;

    // The listing shows the sync once the workstation reports having the sequence.
    await fetchCopy(sequence);
    const item = (await t.as(admin, 'GET', '/api/offline-copy/workstations')).json().items[0];
    expect(item).toMatchObject({ sequence, revokedAt: null });
    expect(item.lastSyncAt).not.toBeNull();
    expect(item.ageMinutes).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('sends only the change after a change, and tombstones for removed media and a case moved away', async () => {
    const changed = await t.as(admin, 'PATCH', `/api/cases/${caseId}`, { values: { site: 'vänster arm' } });
    expect(changed.statusCode, changed.body).toBe(200);
    await snapshot();
    const first = await fetchCopy(sequence);
    expect(first.manifest).toMatchObject({ full: false, base: sequence });
    expect(first.lines.map((l) => [l.op, l.table, l.row?.id])).toEqual([['put', 'clinical_case', caseId]]);
    sequence = first.manifest.sequence;

    // Parts the workstation has are deleted once it reports having them.
    const pruned = await fetchCopy(sequence);
    expect(pruned.manifest).toMatchObject({ sequence, base: sequence, parts: [] });
    expect(await t.services.database.db.selectFrom('offline_part').select('sequence').where('workstation_id', '=', workstationId).where('sequence', '<=', sequence).execute()).toEqual([]);

    const removed = await t.as(admin, 'DELETE', `/api/cases/${caseId}/media/${mediaId}`);
    expect(removed.statusCode, removed.body).toBe(200);
    await snapshot();
    const second = await fetchCopy(sequence);
    const dels = second.lines.filter((l) => l.op === 'del');
    expect(dels.map((l) => l.table)).toEqual(expect.arrayContaining(['blob', 'media_derivative', 'media']));
    expect(dels.find((l) => l.table === 'media')!.key).toEqual({ id: mediaId });
    // Deleted in reverse foreign-key order.
    expect(dels.map((l) => l.table).indexOf('blob')).toBeLessThan(dels.map((l) => l.table).indexOf('media'));
    sequence = second.manifest.sequence;

    // The case moves to a department the workstation does not hold: it and its patient are deleted.
    await t.services.database.db.updateTable('clinical_case').set({ department_id: dermatology }).where('id', '=', caseId).execute();
    await snapshot();
    const third = await fetchCopy(sequence);
    expect(third.lines.filter((l) => l.op === 'del').map((l) => [l.table, l.key])).toEqual(
      expect.arrayContaining([
        ['clinical_case', { id: caseId }],
        ['patient', { id: patientId }],
      ]),
    );
    expect(third.lines.filter((l) => l.table === 'clinical_case' && l.key?.id === otherCaseId)).toEqual([]);
    sequence = third.manifest.sequence;

    // The change log the incremental builds read (migration 0019) keeps nothing every workstation has passed.
    const db = t.services.database.db;
    const { change_mark: mark } = await db.selectFrom('offline_workstation').select('change_mark').where('id', '=', workstationId).executeTakeFirstOrThrow();
    expect(Number(mark)).toBeGreaterThan(0);
    const logged = await db.selectFrom('offline_change').select(['seq', 'tx']).execute();
    expect(logged.filter((c) => Number(t.services.database.dialect === 'postgres' ? c.tx : c.seq) < Number(mark))).toEqual([]);
  }, 60_000);

  it('accepts the sync token only on the sync routes, and nothing else on them', async () => {
    expect((await sync('/api/cases')).statusCode).toBe(401);
    expect((await sync('/api/offline-copy/workstations')).statusCode).toBe(401);
    expect((await t.as(admin, 'GET', '/api/offline-copy/sync/manifest')).statusCode).toBe(401);
    const userToken = await t.as(admin, 'POST', '/api/tokens', { name: 'skript' });
    expect(userToken.statusCode, userToken.body).toBe(201);
    expect((await sync('/api/offline-copy/sync/manifest', userToken.json().token)).statusCode).toBe(401);
    expect((await sync('/api/offline-copy/sync/manifest', 'kwt_unknown')).statusCode).toBe(401);
    expect((await sync('/api/offline-copy/sync/parts/..%2F..%2Fkasus.db')).statusCode).toBe(404);
    expect((await sync('/api/offline-copy/sync/manifest?since=-1')).statusCode).toBe(400);
  });

  it('appends the uploaded access log to the audit log once, and refuses a broken chain', async () => {
    const entries: AccessLogEntry[] = [];
    let prev = GENESIS_HASH;
    for (const [seq, action] of [[1, 'session.login'], [2, 'case.read']] as const) {
      const entry = {
        seq,
        at: '2026-12-04T07:00:00.000Z',
        username: 'lakare',
        userId: doctor.user.id,
        action,
        outcome: 'success' as const,
        objectType: seq === 2 ? 'case' : null,
        objectId: seq === 2 ? caseId : null,
        patientId: seq === 2 ? patientId : null,
        departmentId: seq === 2 ? surgery : null,
        details: {},
        prevHash: prev,
      };
      const full = { ...entry, hash: accessLogEntryHash(entry) };
      entries.push(full);
      prev = full.hash;
    }
    const upload = (body: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/offline-copy/sync/access-log', headers: { authorization: `Bearer ${token}` }, payload: body as object });
    const first = await upload({ entries });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ accepted: 2 });
    const again = await upload({ entries });
    expect(again.json()).toEqual({ accepted: 2 });
    const appended = await t.services.database.db.selectFrom('audit_event').selectAll().where('details', 'like', '%"origin":"offline-copy"%').orderBy('seq').execute();
    expect(appended.map((a) => [a.action, a.username, a.user_id, JSON.parse(a.details).workstationSeq, JSON.parse(a.details).workstationId])).toEqual([
      ['session.login', 'lakare', doctor.user.id, 1, workstationId],
      ['case.read', 'lakare', doctor.user.id, 2, workstationId],
    ]);
    expect(JSON.parse(appended[1]!.details).at).toBe('2026-12-04T07:00:00.000Z');
    const summary = await t.services.database.db.selectFrom('audit_event').selectAll().where('request_id', '=', String(first.headers['x-request-id'])).orderBy('seq').execute();
    expect(summary.map((e) => e.action)).toEqual(['session.login', 'case.read', 'offline-copy.access_log']);

    const tampered = { ...entries[1]!, action: 'case.print' };
    expect((await upload({ entries: [entries[0], tampered] })).json().code).toBe('access_log_broken');
    const next = { ...entries[1]!, seq: 4, prevHash: entries[1]!.hash };
    const gap = { ...next, hash: accessLogEntryHash(next) };
    const broken = await upload({ entries: [gap] });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('access_log_broken');
    expect((await upload({ entries: [{ seq: 1 }] })).statusCode).toBe(400);
  });

  it('audits every sync request and every snapshot made on demand', async () => {
    const events = async (response: { headers: Record<string, unknown> }) =>
      t.services.database.db.selectFrom('audit_event').selectAll().where('request_id', '=', String(response.headers['x-request-id'])).execute();
    const made = await t.as(admin, 'POST', '/api/offline-copy/snapshots');
    expect((await events(made)).map((e) => [e.action, e.user_id])).toEqual([['offline-copy.snapshot', admin.user.id]]);
    await waitFor(async () => (await t.services.database.db.selectFrom('offline_snapshot').select('finished_at').where('sequence', '=', made.json().sequence).executeTakeFirst())?.finished_at != null);
    const manifest = await sync(`/api/offline-copy/sync/manifest?since=${sequence}`);
    expect((await events(manifest)).map((e) => [e.action, e.object_id, e.user_id])).toEqual([['offline-copy.sync', workstationId, null]]);
    const part = (JSON.parse(manifest.json().manifest) as Manifest).parts[0]!;
    const fetched = await sync(`/api/offline-copy/sync/parts/${part.name}`);
    expect((await events(fetched)).map((e) => [e.action, e.outcome, JSON.parse(e.details).part])).toEqual([['offline-copy.part', 'success', part.name]]);
    const missing = await sync(`/api/offline-copy/sync/parts/${part.name.replace(/-\d+\.age$/, '-99.age')}`);
    expect(missing.statusCode).toBe(404);
    expect((await events(missing)).map((e) => [e.action, e.outcome])).toEqual([['offline-copy.part', 'failure']]);
    const refused = await t.as(nurse, 'POST', '/api/offline-copy/snapshots');
    expect(refused.statusCode).toBe(403);
    expect((await events(refused)).map((e) => [e.action, e.outcome])).toEqual([['offline-copy.snapshot', 'refused']]);
  });

  it('revokes a workstation: its token dies at once and its parts are deleted', async () => {
    expect((await t.as(nurse, 'DELETE', `/api/offline-copy/workstations/${workstationId}`)).statusCode).toBe(403);
    const revoked = await t.as(admin, 'DELETE', `/api/offline-copy/workstations/${workstationId}`);
    expect(revoked.statusCode).toBe(204);
    expect((await sync(`/api/offline-copy/sync/manifest?since=${sequence}`)).statusCode).toBe(401);
    expect(await t.services.database.db.selectFrom('offline_part').select('name').where('workstation_id', '=', workstationId).execute()).toEqual([]);
    expect(readdirSync(t.services.offlineCopy.partsDir).filter((name) => name.includes(workstationId))).toEqual([]);
    const item = (await t.as(admin, 'GET', '/api/offline-copy/workstations')).json().items[0];
    expect(item.revokedAt).not.toBeNull();
    expect(readFileSync(identityFile, 'utf8')).toMatch(/^AGE-SECRET-KEY-1/);
  });
});
