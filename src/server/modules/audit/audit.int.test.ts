import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { runCli } from '../../cli-program.js';
import { checkpointLine, checkpointMessage, type SignedCheckpoint } from './audit-checkpoints.js';
import { eventHash } from './audit-hash.js';
import { keyIdOf } from './audit-key.js';
import { kasusCli } from '../../../../test/helpers/kasus-cli.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../../..');
// A real process starts node with tsx and loads all of Kasus (seconds on a busy machine): each
// command family (audit verify, checkpoint, key) is run as a process once, on the first database,
// to prove the wiring (arguments, environment, exit code, output); every other run is in-process.
const CLI_TIMEOUT = 120_000;
const SPAWN_ON = testDialects()[0];

describe.each(testDialects())('audit log on %s', (dialect) => {
  let t: TestApp;
  /** A fresh app with a handful of events from real requests. */
  const setUp = async () => {
    t = await createTestApp(dialect);
    const admin = await t.login('admin');
    await t.as(admin, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' });
    await t.as(admin, 'POST', '/api/departments', { hsaId: 'SE2321000016-4004', name: 'Barnkliniken' });
    await t.as(null, 'POST', '/api/session', { username: 'admin', password: 'wrong-password' });
  };

  const db = () => t.services.database.db;
  const seqs = async () => (await db().selectFrom('audit_event').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
  const verify = async (files: string[] = []) =>
    t.services.auditLog.verify(await t.services.auditCheckpoints.verificationInput(files));
  const cliEnv = (env: Record<string, string>) => ({ ...process.env, KASUS_DATA_DIR: t.config.dataDir, KASUS_DATABASE_URL: t.config.databaseUrl, ...env });
  /** `kasus …` in this process: the command's own code, its output and exit code. */
  const cli = (...args: string[]) => cliWith({}, ...args);
  const cliWith = async (env: Record<string, string>, ...args: string[]) => {
    const { code, output } = await runCli(args, { env: cliEnv(env) });
    return { code, output };
  };
  /** `kasus …` as a real process (once per command family, on one database; in-process on the others). */
  const cliProcess = async (...args: string[]) => {
    if (dialect !== SPAWN_ON) return cli(...args);
    try {
      const { stdout, stderr } = await run(process.execPath, [kasusCli(), ...args], { cwd: ROOT, env: cliEnv({}) });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, output: e.stdout + e.stderr };
    }
  };

  /** Rewrites the chain from `fromSeq` on as an attacker with database access would: renumbered and rehashed. */
  const recomputeFrom = async (fromSeq: number) => {
    const rows = await db().selectFrom('audit_event').selectAll().where('seq', '>=', fromSeq).orderBy('seq').execute();
    const before = await db().selectFrom('audit_event').select('hash').where('seq', '<', fromSeq).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let prevHash = before?.hash ?? '0'.repeat(64);
    let seq = fromSeq - 1;
    for (const row of rows) {
      seq++;
      const hash = eventHash({ ...row, prev_hash: prevHash });
      await db().updateTable('audit_event').set({ seq, prev_hash: prevHash, hash }).where('seq', '=', Number(row.seq)).execute();
      prevHash = hash;
    }
    await db().updateTable('audit_chain_head').set({ seq, hash: prevHash }).execute();
  };
  const outFile = () => path.join(t.config.dataDir, 'checkpoints.jsonl');
  const moreEvents = async (n: number) => {
    for (let i = 0; i < n; i++) await t.services.auditLog.record(null, { action: 'test.more', outcome: 'success', details: { i } });
  };

  // Tests that read the log, add to it or sign it, and never break it, share one app per database.
  describe('on one database', () => {
    beforeAll(setUp);
    afterAll(() => t?.close());

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

    it('keeps the chain whole under concurrent writers', async () => {
      const before = (await seqs()).length;
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => t.services.auditLog.record(null, { action: 'test.concurrent', outcome: 'success', details: { i } })),
      );
      expect((await seqs()).length).toBe(before + 40);
      expect(await verify()).toMatchObject({ ok: true, breaks: [] });
    });

    it('verifies a live log: events written while it runs are no break', async () => {
      let writing = true;
      const writer = (async () => {
        let i = 0;
        while (writing) await t.services.auditLog.record(null, { action: 'test.live', outcome: 'success', details: { i: i++ } });
      })();
      try {
        for (let round = 0; round < 10; round++) {
          const result = await verify();
          expect(result.breaks).toEqual([]);
        }
      } finally {
        writing = false;
        await writer;
      }
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
      expect(bad.json().code).toBe('invalid_date');
      const reversed = await t.as(logg, 'GET', '/api/audit?from=2026-02-01&to=2026-01-01');
      expect(reversed.statusCode).toBe(400);
    });

    // ---- One canonical encoding (issue 21, defect 1) ----

    it('keeps a login attempt with a lone surrogate in the username verifiable', async () => {
      // Whatever the edge does with such a request (refuse it, or record the refusal), the chain stays intact.
      await t.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { 'content-type': 'application/json' },
        payload: '{"username":"\\ud800evil","password":"x"}',
      });
      expect(await verify()).toMatchObject({ ok: true });
      expect((await cli('audit', 'verify')).code).toBe(0);
    }, CLI_TIMEOUT);

    // ---- Signed checkpoints (issue 21, defect 8) ----

    it('keeps its signing key in the data directory, readable by its owner only, and prints the public key', async () => {
      expect(statSync(t.config.auditKeyFile).mode & 0o777).toBe(0o600);
      expect(path.dirname(t.config.auditKeyFile)).toBe(t.config.dataDir);
      const printed = await cliProcess('audit', 'key');
      expect(printed.code).toBe(0);
      const key = t.services.auditCheckpoints.key.publicKey();
      expect(printed.output).toContain(key.publicKey);
      expect(printed.output).toContain(key.keyId);
      expect(printed.output).toContain('BEGIN PUBLIC KEY');
    }, CLI_TIMEOUT);

    it('`kasus audit verify --checkpoints` exits 0 on an untouched chain, also for an auditor with only the public key', async () => {
      const written = await cliProcess('audit', 'checkpoint', '--out', outFile());
      expect(written.code).toBe(0);
      expect(written.output).toMatch(/Checkpoint signed: event \d+/);
      const lines = readFileSync(outFile(), 'utf8').trim().split('\n');
      // The one at start and the one just made, and a scheduled one if a period began meanwhile (the
      // periods are aligned to the clock, so a slow run can cross one): the file holds all of them.
      const inDatabase = (await t.services.auditCheckpoints.list()).length;
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.length).toBe(inDatabase);
      await moreEvents(3);
      const ok = await cli('audit', 'verify', '--checkpoints', outFile());
      // Each checkpoint is checked twice: as the file has it and as the database has it.
      const checked = 2 * inDatabase;
      expect(ok.output).toMatch(new RegExp(`intact: \\d+ events verified, ${checked} signed checkpoints checked \\(${checked} valid`));
      expect(ok.code).toBe(0);
      // An auditor's machine: no private key there, the public key given on the command line.
      const auditor = { KASUS_AUDIT_KEY_FILE: path.join(t.config.dataDir, 'no-such-key.pem') };
      const withoutKey = await cliWith(auditor, 'audit', 'verify', '--checkpoints', outFile());
      expect(withoutKey.code).toBe(2);
      expect(withoutKey.output).toContain('--public-key');
      const publicKey = t.services.auditCheckpoints.key.publicKey().publicKey;
      const withKey = await cliWith(auditor, 'audit', 'verify', '--checkpoints', outFile(), '--public-key', publicKey);
      expect(withKey.code).toBe(0);
      // Appending again adds only what the file lacks.
      const again = await cli('audit', 'checkpoint', '--out', outFile());
      expect(again.output).toContain('1 checkpoint appended');
      expect(readFileSync(outFile(), 'utf8').trim().split('\n')).toHaveLength((await t.services.auditCheckpoints.list()).length);
    }, CLI_TIMEOUT);
  });

  // Tests that tamper with the log (or its checkpoint file) get a fresh app each.
  describe('on a fresh database per test', () => {
    beforeEach(setUp);
    afterEach(() => t?.close());

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

    it('`kasus audit verify` exits 0 on an intact log and 1 with the bad event', async () => {
      const ok = await cli('audit', 'verify');
      expect(ok.code).toBe(0);
      expect(ok.output).toMatch(/intact: \d+ events/);
      const target = (await seqs())[1]!;
      await sql`update audit_event set details = ${'{"tampered":true}'} where seq = ${target}`.execute(db());
      const bad = await cliProcess('audit', 'verify');
      expect(bad.code).toBe(1);
      expect(bad.output).toContain('NOT intact: 1 break found');
      expect(bad.output).toContain(`event ${target} (changed)`);
    }, CLI_TIMEOUT);

    // ---- One canonical encoding (issue 21, defect 1) ----

    it('hashes exactly what it stores: lone surrogates and NUL in any text field become U+FFFD', async () => {
      await t.services.auditLog.record(null, {
        action: 'login',
        outcome: 'refused',
        username: '\ud800evil\u0000x',
        objectId: 'a\udc00b',
        details: { tried: '\udfff\u0000', ['key\ud800']: ['x\u0000', { deep: '\ud83d' }], fine: 'Åsa 😀' },
      });
      const row = await db().selectFrom('audit_event').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      // What the database gives back is the canonical text, and its hash is the stored hash.
      expect(row.username).toBe('\ufffdevil\ufffdx');
      expect(row.object_id).toBe('a\ufffdb');
      expect(JSON.parse(row.details)).toEqual({ tried: '\ufffd\ufffd', ['key\ufffd']: ['x\ufffd', { deep: '\ufffd' }], fine: 'Åsa 😀' });
      expect(eventHash(row)).toBe(row.hash);
      expect(await verify()).toMatchObject({ ok: true, breaks: [] });
      // …and later tampering is still reported, as the only break.
      const target = (await seqs())[2]!;
      await db().updateTable('audit_event').set({ outcome: 'failure' }).where('seq', '=', target).execute();
      expect((await verify()).breaks).toEqual([expect.objectContaining({ kind: 'changed', firstSeq: target })]);
    });

    // ---- Signed checkpoints and every break (issue 21, defect 8) ----

    it('detects a log cut short whose chain head was fixed, with the checkpoint file', async () => {
      await moreEvents(4);
      expect((await cli('audit', 'checkpoint', '--out', outFile())).code).toBe(0);
      const all = await seqs();
      const last = all[all.length - 1]!;
      // The attacker removes the last three events, fixes the head and removes the checkpoints in the database.
      await db().deleteFrom('audit_event').where('seq', '>', last - 3).execute();
      const kept = await db().selectFrom('audit_event').select(['seq', 'hash']).where('seq', '=', last - 3).executeTakeFirstOrThrow();
      await db().updateTable('audit_chain_head').set({ seq: last - 3, hash: kept.hash }).execute();
      // While the database still holds the checkpoints, verify() alone (no file) sees the cut.
      expect((await t.services.auditLog.verify()).breaks).toEqual([expect.objectContaining({ kind: 'cut', firstSeq: last - 2, lastSeq: last })]);
      await db().deleteFrom('audit_checkpoint').execute();
      // The chain alone looks whole: this is what went unnoticed before.
      expect(await verify()).toMatchObject({ ok: true });
      expect((await verify([outFile()])).breaks).toEqual([expect.objectContaining({ kind: 'cut', firstSeq: last - 2, lastSeq: last })]);
      const result = await cli('audit', 'verify', '--checkpoints', outFile());
      expect(result.code).toBe(1);
      expect(result.output).toContain(`events ${last - 2}–${last} (cut)`);
    }, CLI_TIMEOUT);

    it('detects a chain recomputed after a deletion, with the checkpoint file', async () => {
      await moreEvents(3);
      expect((await cli('audit', 'checkpoint', '--out', outFile())).code).toBe(0);
      const target = (await seqs())[2]!;
      await db().deleteFrom('audit_event').where('seq', '=', target).execute();
      await recomputeFrom(target);
      await db().deleteFrom('audit_checkpoint').execute();
      expect(await verify()).toMatchObject({ ok: true });
      const result = await verify([outFile()]);
      expect(result.ok).toBe(false);
      expect(result.breaks).toContainEqual(expect.objectContaining({ kind: 'recomputed', firstSeq: expect.any(Number) }));
      const recomputed = result.breaks.find((b) => b.kind === 'recomputed')!;
      expect(recomputed.firstSeq).toBeLessThanOrEqual(target);
      const cli1 = await cli('audit', 'verify', '--checkpoints', outFile());
      expect(cli1.code).toBe(1);
      expect(cli1.output).toContain('(recomputed)');
      // The last checkpoint names an event that no longer exists at all (one fewer now): also cut.
      expect(result.breaks.map((b) => b.kind)).toContain('cut');
    }, CLI_TIMEOUT);

    it('lists every break, not only the first', async () => {
      await moreEvents(12);
      const all = await seqs();
      const end = all.length;
      const [changedA, changedB, removed, swapA, swapB] = [all[end - 12]!, all[end - 11]!, all[end - 8]!, all[end - 4]!, all[end - 3]!];
      await db().updateTable('audit_event').set({ action: 'forged' }).where('seq', 'in', [changedA, changedB]).execute();
      await db().deleteFrom('audit_event').where('seq', '=', removed).execute();
      await db().updateTable('audit_event').set({ seq: -1 }).where('seq', '=', swapA).execute();
      await db().updateTable('audit_event').set({ seq: swapA }).where('seq', '=', swapB).execute();
      await db().updateTable('audit_event').set({ seq: swapB }).where('seq', '=', -1).execute();
      const result = await verify();
      expect(result.ok).toBe(false);
      expect(result.breaks).toEqual([
        expect.objectContaining({ kind: 'changed', firstSeq: changedA, lastSeq: changedB }),
        expect.objectContaining({ kind: 'removed', firstSeq: removed, lastSeq: removed }),
        expect.objectContaining({ kind: 'reordered', firstSeq: swapA }),
      ]);
      const printed = await cli('audit', 'verify');
      expect(printed.code).toBe(1);
      expect(printed.output).toContain('3 breaks found');
      expect(printed.output).toContain(`events ${changedA}–${changedB} (changed)`);
      expect(printed.output).toContain(`event ${removed} (removed)`);
      expect(printed.output).toContain(`(reordered)`);
    }, CLI_TIMEOUT);

    it('reports a forged or changed checkpoint line, and one signed with another key', async () => {
      expect((await cli('audit', 'checkpoint', '--out', outFile())).code).toBe(0);
      const [first] = readFileSync(outFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SignedCheckpoint);
      // A real line with its seq raised (to pretend the log was longer, or hide a cut): the signature no longer matches.
      appendFileSync(outFile(), checkpointLine({ ...first!, seq: first!.seq + 1 }) + '\n');
      // A line signed with a key that is not Kasus's.
      const other = generateKeyPairSync('ed25519');
      const unsigned = { seq: first!.seq, hash: first!.hash, at: new Date().toISOString(), keyId: keyIdOf(other.publicKey) };
      appendFileSync(outFile(), checkpointLine({ ...unsigned, signature: sign(null, Buffer.from(checkpointMessage(unsigned)), other.privateKey).toString('base64') }) + '\n');
      appendFileSync(outFile(), 'not a checkpoint\n');
      const result = await verify([outFile()]);
      expect(result.breaks.map((b) => b.kind)).toEqual(['bad-signature', 'bad-signature', 'bad-signature']);
      expect(result.breaks.map((b) => b.source)).toEqual(expect.arrayContaining([`${outFile()} line 3`, `${outFile()} line 4`, `${outFile()} line 5`]));
      const printed = await cli('audit', 'verify', '--checkpoints', outFile());
      expect(printed.code).toBe(1);
      expect(printed.output).toContain('the signature does not match');
      expect(printed.output).toContain('unknown key');
      expect(printed.output).toContain('line 5: the line is not a checkpoint');
    }, CLI_TIMEOUT);

    it('writes a checkpoint every period, also an empty one when nothing happened, one per period on every node', async () => {
      const checkpoints = t.services.auditCheckpoints;
      const before = (await checkpoints.list()).length;
      const t0 = new Date('2020-01-01T03:00:00.000Z');
      const first = await checkpoints.create('scheduled', { now: t0 });
      expect(first).not.toBeNull();
      // A second node in the same period writes nothing.
      expect(await checkpoints.create('scheduled', { now: new Date(t0.getTime() + 60_000) })).toBeNull();
      // A quiet period: the next checkpoint signs the same head again.
      const quiet = await checkpoints.create('scheduled', { now: new Date(t0.getTime() + 15 * 60_000) });
      expect(quiet).toMatchObject({ seq: first!.seq, hash: first!.hash });
      await moreEvents(1);
      const busy = await checkpoints.create('scheduled', { now: new Date(t0.getTime() + 30 * 60_000) });
      expect(busy!.seq).toBe(first!.seq + 1);
      // (and one more if the app's own scheduler met a period's start meanwhile: periods follow the clock)
      expect((await checkpoints.list()).length - before).toBeOneOf([3, 4]);

      // The scheduler itself, with a short period: empty checkpoints keep coming while nothing happens.
      const started = new Date().toISOString();
      // With KASUS_AUDIT_CHECKPOINT_FILE, each one is also appended to the file kept elsewhere.
      const scheduler = t.services.startAuditCheckpoints({ intervalMs: 150, file: outFile() });
      // Until three have come (about half a second; a loaded machine may take longer).
      const deadline = Date.now() + 15_000;
      while ((await checkpoints.list()).filter((c) => c.at >= started).length < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await scheduler.stop();
      const all = await checkpoints.list();
      const scheduled = all.filter((c) => c.at >= started);
      expect(scheduled.length).toBeGreaterThanOrEqual(3);
      expect(new Set(scheduled.map((c) => `${c.seq}:${c.hash}`)).size).toBe(1);
      const lines = readFileSync(outFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SignedCheckpoint);
      expect(lines.map((c) => c.signature).sort()).toEqual(all.map((c) => c.signature).sort());
      expect(await verify([outFile()])).toMatchObject({ ok: true, breaks: [] });
    });
  });
});
