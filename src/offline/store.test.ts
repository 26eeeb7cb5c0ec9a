import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AccessLog, accessLogHash, canonicalJsonText, verifyAccessLogChain } from './access-log.js';
import { DataKey, generateIdentityFile, readIdentity } from './keys.js';
import { viewerAllows } from './serve.js';
import { EncryptedStore } from './store.js';

const root = mkdtempSync(path.join(tmpdir(), 'kasus-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function keyIn(dir: string): Promise<DataKey> {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  await generateIdentityFile(path.join(dir, 'identity.key'));
  return DataKey.create(dir, readIdentity(path.join(dir, 'identity.key')));
}

describe('encrypted store', () => {
  it('keeps rows and blobs encrypted, finds them by key, and refuses a value moved to another slot', async () => {
    const dir = path.join(root, 'a');
    const key = await keyIn(dir);
    const store = EncryptedStore.open(dir, key);
    store.begin(true);
    store.put('patient', { id: 'p1', identifier: '191212121212' });
    store.put('patient', { id: 'p2', identifier: '200001012384' });
    store.put('user_role', { user_id: 'u', department_id: 'd', role_id: 'r' });
    store.put('blob', { key: 'cd'.repeat(32), data: Buffer.from('jpeg bytes').toString('base64') });
    store.commit({ sequence: 1, snapshotAt: '2026-12-04T05:00:00.000Z', workstationId: 'w', workstationName: 'n', departmentIds: [], schema: 's', manifest: '{}', signature: '' });
    expect(store.get('patient', { id: 'p1' })).toEqual({ id: 'p1', identifier: '191212121212' });
    expect(store.blob('cd'.repeat(32))?.toString()).toBe('jpeg bytes');
    expect(store.count('patient')).toBe(2);
    expect(() => store.put('user_role', { user_id: 'u', department_id: 'd' })).toThrow(/role_id/);
    store.close();
    const file = readFileSync(path.join(dir, 'store.db'));
    expect(file.includes('191212121212')).toBe(false);
    expect(file.includes('jpeg bytes')).toBe(false);

    // Swapping two rows' values on disk is detected (the slot is authenticated with the value).
    const raw = new SqliteDatabase(path.join(dir, 'store.db'));
    const rows = raw.prepare("select slot, value from entry where tbl = 'patient'").all() as { slot: Buffer; value: Buffer }[];
    raw.prepare('update entry set value = ? where slot = ?').run(rows[1]!.value, rows[0]!.slot);
    raw.close();
    const reopened = EncryptedStore.open(dir, key);
    expect(() => [...reopened.rows('patient')]).toThrow();
    reopened.close();
  });

  it('rolls back everything a failed sync applied', async () => {
    const dir = path.join(root, 'b');
    const store = EncryptedStore.open(dir, await keyIn(dir));
    store.begin(true);
    store.put('patient', { id: 'p1' });
    store.commit({ sequence: 1, snapshotAt: '2026-12-04T05:00:00.000Z', workstationId: 'w', workstationName: 'n', departmentIds: [], schema: 's', manifest: '{}', signature: '' });
    store.begin(true);
    store.put('patient', { id: 'p2' });
    store.rollback();
    expect([...store.rows('patient')].map((r) => r.id)).toEqual(['p1']);
    expect(store.state()?.sequence).toBe(1);
    store.close();
  });
});

describe('access log', () => {
  it('chains entries with a hash over sorted keys, stores them encrypted, and detects a changed entry', async () => {
    const dir = path.join(root, 'c');
    const log = AccessLog.open(dir, await keyIn(dir));
    const base = { at: '2026-12-04T07:00:00.000Z', userId: 'u', objectType: 'case', objectId: 'c', patientId: 'p', departmentId: 'd' };
    const first = log.append({ ...base, username: 'anna', action: 'login', outcome: 'success', details: {} });
    const second = log.append({ ...base, username: 'anna', action: 'case.print', outcome: 'success', details: { reason: 'vård nu', z: 1, a: { y: 2, b: 3 } } });
    expect(first.prevHash).toBe('0'.repeat(64));
    expect(second.prevHash).toBe(first.hash);
    expect(canonicalJsonText({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe('{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}');
    expect(accessLogHash(second)).toBe(second.hash);
    expect(log.verify()).toBe(true);
    expect(verifyAccessLogChain([first, { ...second, action: 'case.read' }])).toBe(false);
    expect(verifyAccessLogChain([second])).toBe(false);
    log.close();
    expect(readFileSync(path.join(dir, 'access-log.db')).includes('anna')).toBe(false);
  });
});

describe('viewer write refusal', () => {
  it('lets through reads, sign-in and -out, lookup, emergency opening and the print log; nothing else', () => {
    expect(viewerAllows('GET', '/api/cases/:id')).toBe(true);
    expect(viewerAllows('POST', '/api/session')).toBe(true);
    expect(viewerAllows('DELETE', '/api/session')).toBe(true);
    expect(viewerAllows('POST', '/api/patients/lookup')).toBe(true);
    expect(viewerAllows('POST', '/api/cases/:id/emergency-access')).toBe(true);
    expect(viewerAllows('POST', '/api/offline/prints')).toBe(true);
    for (const [method, url] of [['POST', '/api/cases'], ['PATCH', '/api/cases/:id'], ['DELETE', '/api/cases/:id/media/:mediaId'], ['POST', '/api/users'], ['PUT', '/api/systems/:id/status'], ['POST', '/api/offline-copy/snapshots']]) {
      expect(viewerAllows(method!, url!), `${method} ${url}`).toBe(false);
    }
  });
});
