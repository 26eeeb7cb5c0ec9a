import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'kasus-config-'));

describe('configuration', () => {
  it('reads the EHR launch keys from JSON or from a file named instead (none by default)', () => {
    const dir = dataDir();
    expect(loadConfig({ KASUS_DATA_DIR: dir }).ehrLaunchKeys).toEqual([]);
    const keys = [{ issuer: 'https://journal.test', alg: 'HS256', key: '0123456789abcdef0123456789abcdef', system: 'Journalsystem' }];
    expect(loadConfig({ KASUS_DATA_DIR: dir, KASUS_EHR_LAUNCH_KEYS: JSON.stringify(keys) }).ehrLaunchKeys).toEqual(keys);
    const file = path.join(dir, 'ehr-launch.json');
    writeFileSync(file, JSON.stringify(keys));
    expect(loadConfig({ KASUS_DATA_DIR: dir, KASUS_EHR_LAUNCH_KEYS: file }).ehrLaunchKeys).toEqual(keys);
    expect(loadConfig({ KASUS_DATA_DIR: dir }).ehrLaunchMaxAgeSeconds).toBe(300);
  });

  it('reads the SMART clients (none by default): defaults for scope, users and the user identifier system, a trailing slash dropped', () => {
    const dir = dataDir();
    expect(loadConfig({ KASUS_DATA_DIR: dir }).smartClients).toEqual([]);
    const clients = loadConfig({ KASUS_DATA_DIR: dir, KASUS_SMART_CLIENTS: JSON.stringify([{ iss: 'https://ehr.test/fhir/', clientId: 'kasus', clientSecret: 's', department: 'SE2321000016-1001' }]) }).smartClients;
    expect(clients).toEqual([
      { iss: 'https://ehr.test/fhir', clientId: 'kasus', clientSecret: 's', department: 'SE2321000016-1001', scope: 'launch openid fhirUser patient/Patient.read', users: {}, userIdentifierSystem: 'urn:oid:1.2.752.129.2.1.4.1' },
    ]);
  });

  it('has safe embedded defaults: SQLite and a generated, persisted session secret in the data directory', () => {
    const dir = dataDir();
    const config = loadConfig({ KASUS_DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe(`sqlite:${path.join(dir, 'kasus.db')}`);
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ KASUS_DATA_DIR: dir }).sessionSecret).toBe(config.sessionSecret);
    expect(config.demoData).toBe(true);
    expect(config.routineReminderDays).toBe(30);
    expect(loadConfig({ KASUS_DATA_DIR: dir, KASUS_ROUTINE_REMINDER_DAYS: '14' }).routineReminderDays).toBe(14);
  });

  it.each([
    ['KASUS_PORT', 'abc'],
    ['KASUS_PORT', '70000'],
    ['KASUS_DATABASE_URL', 'mysql://x'],
    ['KASUS_ADMIN_PASSWORD', 'short'],
    ['KASUS_SESSION_SECRET', 'too-short'],
    ['KASUS_DEMO_DATA', 'perhaps'],
    ['KASUS_LOG_LEVEL', 'loud'],
    ['KASUS_RESERVNUMMER_FORMATS', 'not json'],
    ['KASUS_RESERVNUMMER_FORMATS', '[{"region":"X","oid":"abc","pattern":"^1$"}]'],
    ['KASUS_RESERVNUMMER_FORMATS', '[{"region":"X","oid":"1.2.3","pattern":"(["}]'],
    ['KASUS_ROUTINE_REMINDER_DAYS', '0'],
    ['KASUS_ROUTINE_REMINDER_DAYS', 'en månad'],
    ['KASUS_AUDIT_CHECKPOINT_MINUTES', '0'],
    ['KASUS_AUDIT_CHECKPOINT_MINUTES', 'kvart'],
    ['KASUS_EHR_LAUNCH_KEYS', 'not json and no such file'],
    ['KASUS_EHR_LAUNCH_KEYS', '[{"issuer":"x","alg":"HS256","key":"short"}]'],
    ['KASUS_EHR_LAUNCH_KEYS', '[{"issuer":"x","alg":"ES256","key":"a secret that is not a pem public key at all"}]'],
    ['KASUS_EHR_LAUNCH_KEYS', '[{"issuer":"x","alg":"none","key":"-----BEGIN PUBLIC KEY-----"}]'],
    ['KASUS_EHR_LAUNCH_KEYS', '[{"issuer":"x","alg":"ES256","key":"-----BEGIN PUBLIC KEY-----\\nnot base64\\n-----END PUBLIC KEY-----"}]'],
    ['KASUS_EHR_LAUNCH_KEYS', '[{"issuer":"x","alg":"HS256","key":"0123456789abcdef0123456789abcdef"},{"issuer":"x","alg":"HS256","key":"0123456789abcdef0123456789abcdeg"}]'],
    ['KASUS_SMART_CLIENTS', 'not json and no such file'],
    ['KASUS_SMART_CLIENTS', '[{"iss":"http://ehr.example/fhir","clientId":"kasus"}]'],
    ['KASUS_SMART_CLIENTS', '[{"iss":"https://ehr.test/fhir","clientId":"kasus","scope":"openid fhirUser patient/Patient.read"}]'],
    ['KASUS_SMART_CLIENTS', '[{"iss":"https://ehr.test/fhir","clientId":"a"},{"iss":"https://ehr.test/fhir/","clientId":"b"}]'],
    ['KASUS_SMART_CLIENTS', '[{"iss":"https://ehr.test/fhir","clientId":"kasus","secret":"typo"}]'],
    ['KASUS_PROT', '3000'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    const attempt = () => loadConfig({ KASUS_DATA_DIR: dataDir(), [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${name}: `));
  });

  it('keeps the audit signing key in the data directory unless KASUS_AUDIT_KEY_FILE names one; checkpoints every 15 minutes by default', () => {
    const dir = dataDir();
    const config = loadConfig({ KASUS_DATA_DIR: dir });
    expect(config.auditKeyFile).toBe(path.join(dir, 'audit-signing-key.pem'));
    expect(config.auditCheckpointMs).toBe(15 * 60_000);
    const elsewhere = loadConfig({ KASUS_DATA_DIR: dir, KASUS_AUDIT_KEY_FILE: '/etc/kasus/audit.pem', KASUS_AUDIT_CHECKPOINT_MINUTES: '5' });
    expect(elsewhere.auditKeyFile).toBe('/etc/kasus/audit.pem');
    expect(elsewhere.auditCheckpointMs).toBe(5 * 60_000);
    expect(config.auditCheckpointFile).toBeNull();
    expect(loadConfig({ KASUS_DATA_DIR: dir, KASUS_AUDIT_CHECKPOINT_FILE: '/mnt/worm/kasus.jsonl' }).auditCheckpointFile).toBe('/mnt/worm/kasus.jsonl');
  });

  it('accepts PostgreSQL URLs and region reservnummer formats', () => {
    const config = loadConfig({
      KASUS_DATA_DIR: dataDir(),
      KASUS_DATABASE_URL: 'postgres://kasus@db.example:5432/kasus',
      KASUS_RESERVNUMMER_FORMATS: '[{"region":"Region Test","oid":"1.2.752.99.1","pattern":"^99\\\\d{10}$"}]',
    });
    expect(config.databaseUrl).toContain('postgres://');
    expect(config.reservnummerFormats?.[0]?.region).toBe('Region Test');
  });
});
