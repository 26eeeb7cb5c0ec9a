import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMigration } from '../server/db/migrate.js';
import { AccessLog, verifyAccessLogChain, type AccessLogEntry } from './access-log.js';
import { DataKey, ageEncrypt, generateIdentityFile, readIdentity } from './keys.js';
import { formatMinisignPublicKey, signMinisign } from './minisign.js';
import { EncryptedStore } from './store.js';
import { sync, type SyncOptions } from './sync.js';

/**
 * The workstation's sync against a small stand-in for the server's sync routes that serves
 * snapshots made here (the real server is exercised in offline-copy.e2e.int.test.ts): the
 * refusals leave store.db byte for byte as it was.
 */
const root = mkdtempSync(path.join(tmpdir(), 'kasus-sync-'));
const signing = generateKeyPairSync('ed25519');
const publicKey = formatMinisignPublicKey(signing.publicKey);
const workstationId = randomUUID();
const TOKEN = 'kwt_test';

interface Served {
  manifest: string;
  signature: string;
  parts: Map<string, Buffer>;
}
let served: Served | null = null;
let tokenValid = true;
const uploads: AccessLogEntry[][] = [];
let server: Server;
let baseUrl: string;

type Change = { op: 'put'; table: string; row: Record<string, unknown> } | { op: 'del'; table: string; key: Record<string, unknown> };

async function snapshot(recipient: string, sequence: number, changes: Change[][], options: { full?: boolean; base?: number; workstation?: string; key?: typeof signing.privateKey } = {}): Promise<Served> {
  const parts = new Map<string, Buffer>();
  const listed = [];
  for (const [index, lines] of changes.entries()) {
    const name = `ws-${workstationId}-${sequence}-${index + 1}.age`;
    const data = Buffer.from(await ageEncrypt(recipient, lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
    parts.set(name, data);
    listed.push({ name, sequence, sha256: createHash('sha256').update(data).digest('hex'), size: data.length });
  }
  const id = options.workstation ?? workstationId;
  const manifest = JSON.stringify({
    format: 'kasus-offline-copy/1',
    schema: latestMigration(),
    workstationId: id,
    workstationName: 'Reservdator Akuten',
    departmentIds: ['d1'],
    sequence,
    snapshotAt: new Date(Date.UTC(2026, 11, 4, 5, 0) + sequence * 60_000).toISOString(),
    full: options.full ?? true,
    base: options.base ?? 0,
    parts: listed,
  });
  const signature = signMinisign(Buffer.from(manifest), options.key ?? signing.privateKey, `timestamp:1 workstation:${id} sequence:${sequence}`);
  return { manifest, signature, parts };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/api/offline-copy/server-key') return json(200, { publicKey });
    if (req.headers.authorization !== `Bearer ${TOKEN}` || !tokenValid) return json(401, { code: 'not_authenticated', message: 'no' });
    if (url.pathname === '/api/offline-copy/sync/manifest') return served ? json(200, { manifest: served.manifest, signature: served.signature }) : json(409, { code: 'no_snapshot', message: 'none' });
    const part = /^\/api\/offline-copy\/sync\/parts\/(.+)$/.exec(url.pathname);
    if (part && served?.parts.has(decodeURIComponent(part[1]!))) return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(served.parts.get(decodeURIComponent(part[1]!)));
    if (url.pathname === '/api/offline-copy/sync/access-log' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { entries } = JSON.parse(body) as { entries: AccessLogEntry[] };
        uploads.push(entries);
        json(200, { accepted: entries.at(-1)!.seq });
      });
      return;
    }
    json(404, { code: 'not_found', message: 'no' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

const storeHash = (dir: string) => createHash('sha256').update(readFileSync(path.join(dir, 'store.db'))).digest('hex');
const quiet: Pick<SyncOptions, 'log'> = { log: () => {} };

describe('offline-copy sync', () => {
  const dir = path.join(root, 'ws');
  let recipient: string;
  const patient = (id: string, identifier: string) => ({ op: 'put' as const, table: 'patient', row: { id, identifier, identifier_type: 'se_personnummer', confidential: 0 } });
  const open = async () => {
    const key = (await DataKey.load(dir, readIdentity(path.join(dir, 'identity.key'))))!;
    return EncryptedStore.open(dir, key);
  };

  it('keygen writes a 0600 identity, refuses to overwrite it, and the recipient decrypts with Debian age', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    ({ recipient } = await generateIdentityFile(path.join(dir, 'identity.key')));
    expect(recipient).toMatch(/^age1[0-9a-z]+$/);
    expect(statSync(path.join(dir, 'identity.key')).mode & 0o777).toBe(0o600);
    await expect(generateIdentityFile(path.join(dir, 'identity.key'))).rejects.toThrow(/already exists/);
    const file = path.join(root, 'probe.age');
    writeFileSync(file, await ageEncrypt(recipient, 'hello age'));
    expect(execFileSync('age', ['-d', '-i', path.join(dir, 'identity.key'), file], { encoding: 'utf8' })).toBe('hello age');
  });

  it('refuses when the server has no snapshot yet or cannot be reached, with nothing written', async () => {
    await expect(sync({ server: baseUrl, token: TOKEN, dir, ...quiet })).rejects.toThrow(/409/);
    await expect(sync({ server: 'http://127.0.0.1:1', token: TOKEN, dir, ...quiet })).rejects.toThrow(/Cannot reach the server/);
    expect(existsSync(path.join(dir, 'store.db'))).toBe(false);
  });

  it('applies a full snapshot, then an incremental one with a tombstone; the pinned key and manifest are in place', async () => {
    served = await snapshot(recipient, 1, [[patient('p1', '191212121212'), patient('p2', '200001012384')], [{ op: 'put', table: 'blob', row: { key: 'ab'.repeat(32), data: Buffer.from('thumbnail bytes').toString('base64') } }]]);
    const lines: string[] = [];
    const first = await sync({ server: baseUrl, token: TOKEN, dir, log: (l) => lines.push(l) });
    expect(first).toMatchObject({ status: 'updated', sequence: 1, parts: 2 });
    expect(lines.join('\n')).toMatch(/Part 1\/2 .* bytes/);
    expect(readFileSync(path.join(dir, 'server-key.pub'), 'utf8').trim()).toBe(publicKey);
    expect(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe(served.manifest);
    expect(readdirSync(path.join(dir, 'parts'))).toHaveLength(2);
    expect(existsSync(path.join(dir, 'incoming'))).toBe(false);

    served = await snapshot(recipient, 2, [[{ op: 'del', table: 'patient', key: { id: 'p2' } }, patient('p3', '191010101010')]], { full: false, base: 1 });
    expect(await sync({ server: baseUrl, token: TOKEN, dir, ...quiet })).toMatchObject({ status: 'updated', sequence: 2 });
    const store = await open();
    expect([...store.rows('patient')].map((r) => r.id).sort()).toEqual(['p1', 'p3']);
    expect(store.blob('ab'.repeat(32))?.toString()).toBe('thumbnail bytes');
    expect(store.state()).toMatchObject({ sequence: 2, workstationId });
    store.close();
    expect(await sync({ server: baseUrl, token: TOKEN, dir, ...quiet })).toMatchObject({ status: 'current', sequence: 2 });
    // Nothing readable in the directory: identifiers appear in no file.
    for (const name of ['store.db', 'store.key.age', 'manifest.json', ...readdirSync(path.join(dir, 'parts')).map((p) => `parts/${p}`)]) {
      const bytes = readFileSync(path.join(dir, name));
      expect(bytes.includes('191212121212'), name).toBe(false);
      expect(bytes.includes('thumbnail bytes'), name).toBe(false);
    }
  });

  it('refuses rollback, a bad signature, a changed part, a foreign workstation, a wrong base and a revoked token, leaving store.db as it was', async () => {
    const before = storeHash(dir);
    const manifestBefore = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    const cases: [string, () => Promise<void>, RegExp][] = [
      ['rollback', async () => void (served = await snapshot(recipient, 1, [[patient('p9', '1')]])), /rollback/],
      ['other key', async () => void (served = await snapshot(recipient, 3, [[patient('p9', '1')]], { full: false, base: 2, key: generateKeyPairSync('ed25519').privateKey })), /another key/],
      ['tampered manifest', async () => {
        served = await snapshot(recipient, 3, [[patient('p9', '1')]], { full: false, base: 2 });
        served.manifest = served.manifest.replace('"departmentIds":["d1"]', '"departmentIds":["d2"]');
      }, /signature/],
      ['tampered part', async () => {
        served = await snapshot(recipient, 3, [[patient('p9', '1')]], { full: false, base: 2 });
        const [name, data] = [...served.parts][0]!;
        data[data.length - 1]! ^= 1;
        served.parts.set(name, data);
      }, /SHA-256/],
      ['foreign workstation', async () => void (served = await snapshot(recipient, 3, [[patient('p9', '1')]], { full: true, workstation: randomUUID() })), /workstation/],
      ['wrong base', async () => void (served = await snapshot(recipient, 4, [[patient('p9', '1')]], { full: false, base: 3 })), /continues sequence 3/],
      ['bad line', async () => void (served = await snapshot(recipient, 3, [[patient('p9', '1'), { op: 'put', table: 'audit_event', row: { id: 'x' } }]], { full: false, base: 2 })), /table the copy does not hold/],
      ['revoked', async () => {
        served = await snapshot(recipient, 3, [[patient('p9', '1')]], { full: false, base: 2 });
        tokenValid = false;
      }, /revoked/],
    ];
    for (const [label, arrange, message] of cases) {
      await arrange();
      await expect(sync({ server: baseUrl, token: TOKEN, dir, ...quiet }), label).rejects.toThrow(message);
      expect(storeHash(dir), label).toBe(before);
      expect(readFileSync(path.join(dir, 'manifest.json'), 'utf8'), label).toBe(manifestBefore);
      tokenValid = true;
    }
    const store = await open();
    expect(store.state()?.sequence).toBe(2);
    store.close();
  });

  it('runs one sync at a time: a second one while the first holds the lock does nothing', async () => {
    const before = storeHash(dir);
    const holder = new SqliteDatabase(path.join(dir, 'sync.lock'));
    holder.exec('begin exclusive');
    try {
      await expect(sync({ server: baseUrl, token: TOKEN, dir, ...quiet })).rejects.toThrow(/Another sync/);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    expect(storeHash(dir)).toBe(before);
  });

  it('uploads the access log after a sync and sends only what the server has not accepted', async () => {
    const key = (await DataKey.load(dir, readIdentity(path.join(dir, 'identity.key'))))!;
    const log = AccessLog.open(dir, key);
    const base = { userId: 'u1', objectType: null, objectId: null, patientId: null, departmentId: null, details: {} };
    log.append({ ...base, at: new Date().toISOString(), username: 'anna', action: 'session.login', outcome: 'success' });
    log.append({ ...base, at: new Date().toISOString(), username: 'anna', action: 'patient.lookup', outcome: 'success', details: { b: 1, a: [2] } });
    expect(log.verify()).toBe(true);
    log.close();
    expect(readFileSync(path.join(dir, 'access-log.db')).includes('anna')).toBe(false);
    served = await snapshot(recipient, 2, [[]], { full: false, base: 1 });
    served = { ...served, manifest: readFileSync(path.join(dir, 'manifest.json'), 'utf8'), signature: readFileSync(path.join(dir, 'manifest.json.minisig'), 'utf8') };
    expect(await sync({ server: baseUrl, token: TOKEN, dir, ...quiet })).toMatchObject({ status: 'current', accessLogUploaded: 2 });
    expect(uploads.at(-1)!.map((e) => e.seq)).toEqual([1, 2]);
    expect(verifyAccessLogChain(uploads.at(-1)!)).toBe(true);
    const again = AccessLog.open(dir, key);
    again.append({ ...base, at: new Date().toISOString(), username: 'anna', action: 'case.read', outcome: 'success' });
    again.close();
    await sync({ server: baseUrl, token: TOKEN, dir, ...quiet });
    expect(uploads.at(-1)!.map((e) => e.seq)).toEqual([3]);
  });
});
