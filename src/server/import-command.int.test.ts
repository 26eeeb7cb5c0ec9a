import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { series, writeCard } from '../../test/helpers/card-fixtures.js';
import { createTestApp, type Session, type TestApp } from '../../test/helpers/app.js';
import { testDialects } from '../../test/helpers/databases.js';
import { kasusCli } from '../../test/helpers/kasus-cli.js';
import { runCli } from './cli-program.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** `kasus import` runs as a real process (the run's bundled CLI) on the first database, in-process on the other: the same command, output and exit code. */
const SPAWN_ON = testDialects()[0];
const PATIENT = '19121212-1212';

// Issue 16, M5: `kasus import` stages, analyses and commits a card as the web app does, with progress per file.
describe.each(testDialects())('kasus import on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let env: Record<string, string>;
  const dir = mkdtempSync(path.join(tmpdir(), 'kasus-cli-card-'));

  beforeAll(async () => {
    t = await createTestApp(dialect);
    doctor = await t.login('lakare');
    env = { KASUS_DATA_DIR: t.config.dataDir, KASUS_DATABASE_URL: t.config.databaseUrl, KASUS_LOG_LEVEL: 'silent', KASUS_DEMO_DATA: 'false' };
  }, 60_000);
  afterAll(() => t.close());

  const kasus = (args: string[]) =>
    dialect === SPAWN_ON
      ? new Promise<{ code: number; output: string }>((resolve) => {
          execFile(process.execPath, [kasusCli(), 'import', ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
          });
        })
      : runCli(['import', ...args], { env: { ...process.env, ...env } }).then(({ code, output }) => ({ code, output }));
  const casesOfPatient = async () => {
    const patient = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: PATIENT })).json();
    return (await t.as(doctor, 'GET', `/api/cases?patientId=${patient.id}`)).json().items as { id: string }[];
  };
  const nothingStaged = () => !existsSync(path.join(t.config.dataDir, 'imports')) || readdirSync(path.join(t.config.dataDir, 'imports')).length === 0;

  it('refuses a card of two sessions without --split, then imports it split into two cases with progress per file', async () => {
    const card = path.join(dir, 'two');
    await writeCard(path.join(card, 'DCIM', '100CANON'), [...series('AM', '2026:11:30 09:00', 1, PATIENT), ...series('PM', '2026:11:30 15:00', 1, PATIENT, undefined, 5)]);
    const before = (await casesOfPatient()).length;
    const args = ['--patient', PATIENT, '--department', 'Kirurgkliniken', '--user', 'lakare', card];

    const refused = await kasus(args);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain('[1/6] DCIM/100CANON/AM_0001.JPG: staged (image, taken 2026-11-30T08:01:00.000Z, Canon EOS R6)');
    expect(refused.output).toContain('2 capture session(s)');
    expect(refused.output).toContain('identity image at start: 19121212-1212');
    expect(refused.output).toContain('Import refused (import_multiple_sessions)');
    expect(refused.output).toContain('--split');
    expect(nothingStaged()).toBe(true);

    // The refused run's new draft is named, to be used again.
    const draft = /--case (\S+)\./.exec(refused.output)![1]!;
    const split = await kasus([...args.slice(0, -1), '--split', '--case', draft, card]);
    expect(split.code, split.output).toBe(0);
    expect(split.output).toContain('Imported 6 file(s) into 2 case(s).');
    const cases = await casesOfPatient();
    // The refused run's draft, and one more for the second session.
    expect(cases.length).toBe(before + 2);
    const added = split.output.match(/^Case (\S+): 3 file\(s\) added/gm);
    expect(added).toHaveLength(2);
    const firstCase = /^Case (\S+): 3 file\(s\) added \(session 1\)/m.exec(split.output)![1]!;
    expect(firstCase).toBe(draft);
    const media = (await t.as(doctor, 'GET', `/api/cases/${firstCase}`)).json().media as { originalFilename: string; status: string }[];
    expect(media.map((m) => [m.originalFilename, m.status])).toEqual([['AM_ID1.JPG', 'ready'], ['AM_0001.JPG', 'ready'], ['AM_ID2.JPG', 'ready']]);
    expect(nothingStaged()).toBe(true);
  }, 120_000);

  it('stops with a clear message when an identity image shows another patient, adding nothing', async () => {
    const card = path.join(dir, 'other');
    await writeCard(card, series('X', '2026:11:29 10:00', 1, '19850615-2381'));
    const result = await kasus(['--patient', PATIENT, '--department', 'Kirurgkliniken', '--user', 'lakare', card]);
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain('Import refused (import_other_patient)');
    expect(result.output).toContain('19850615-2381');
    expect(nothingStaged()).toBe(true);
    const bad = await kasus(['--patient', PATIENT, '--department', 'Ingen sådan', '--user', 'lakare', card]);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('There is no department "Ingen sådan"');
  }, 120_000);
});
