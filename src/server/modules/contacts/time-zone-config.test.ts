import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';

const base = () => ({ KASUS_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kasus-tz-')), KASUS_SESSION_SECRET: 'x'.repeat(32) });

describe('KASUS_TIME_ZONE, KASUS_SMTP_URL and KASUS_WEBHOOK_TIMEOUT_SECONDS', () => {
  it('defaults to Europe/Stockholm, no e-mail and 10 s webhooks', () => {
    expect(loadConfig(base())).toMatchObject({ timeZone: 'Europe/Stockholm', smtpUrl: undefined, smtpFrom: 'kasus@localhost', webhookTimeoutMs: 10_000 });
  });

  it('takes a valid IANA zone and an SMTP URL', () => {
    expect(loadConfig({ ...base(), KASUS_TIME_ZONE: 'Europe/Oslo', KASUS_SMTP_URL: 'smtp://127.0.0.1:2525' })).toMatchObject({
      timeZone: 'Europe/Oslo',
      smtpUrl: 'smtp://127.0.0.1:2525',
    });
  });

  it('refuses an unknown zone or a bad SMTP URL, naming the variable', () => {
    expect(() => loadConfig({ ...base(), KASUS_TIME_ZONE: 'Europe/Atlantis' })).toThrow(/KASUS_TIME_ZONE: must be an IANA time zone/);
    expect(() => loadConfig({ ...base(), KASUS_TIME_ZONE: 'CET+1' })).toThrow(/KASUS_TIME_ZONE/);
    expect(() => loadConfig({ ...base(), KASUS_SMTP_URL: 'mail.example.org' })).toThrow(/KASUS_SMTP_URL/);
    expect(() => loadConfig({ ...base(), KASUS_SMTP_FROM: 'kasus' })).toThrow(/KASUS_SMTP_FROM/);
  });

  it('takes the public address for links in e-mail, without its trailing slash, and refuses anything else', () => {
    expect(loadConfig(base()).publicUrl).toBeNull();
    expect(loadConfig({ ...base(), KASUS_PUBLIC_URL: 'https://kasus.sjukhuset.se/' }).publicUrl).toBe('https://kasus.sjukhuset.se');
    expect(loadConfig({ ...base(), KASUS_PUBLIC_URL: 'http://10.0.0.5:3000/kasus' }).publicUrl).toBe('http://10.0.0.5:3000/kasus');
    for (const bad of ['kasus.sjukhuset.se', 'ftp://kasus.sjukhuset.se', 'https://kasus.sjukhuset.se/?a=1', 'https://']) {
      expect(() => loadConfig({ ...base(), KASUS_PUBLIC_URL: bad }), bad).toThrow(/KASUS_PUBLIC_URL: must be an http or https address/);
    }
  });
});
