import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const env = (extra: Record<string, string>) => ({ KASUS_DATA_DIR: path.join(os.tmpdir(), 'kasus-pacs-config'), KASUS_SESSION_SECRET: 'x'.repeat(32), ...extra });

describe('KASUS_PACS', () => {
  it('is empty by default: no department sends to a PACS', () => {
    expect(loadConfig(env({})).pacs).toEqual({});
  });

  it('takes a URL or an object with basic authentication per department HSA id, as JSON or from a file', () => {
    const json = JSON.stringify({
      'SE2321000016-1001': 'https://pacs.sjukhuset.se/dicom-web/',
      'SE2321000016-2002': { url: 'http://10.0.0.5:8042/dicom-web', username: 'kasus', password: 'hemligt', timeoutSeconds: 60 },
    });
    const expected = {
      'SE2321000016-1001': { url: 'https://pacs.sjukhuset.se/dicom-web', timeoutMs: 300_000 },
      'SE2321000016-2002': { url: 'http://10.0.0.5:8042/dicom-web', username: 'kasus', password: 'hemligt', timeoutMs: 60_000 },
    };
    expect(loadConfig(env({ KASUS_PACS: json })).pacs).toEqual(expected);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kasus-pacs-')), 'pacs.json');
    writeFileSync(file, json);
    expect(loadConfig(env({ KASUS_PACS: file })).pacs).toEqual(expected);
  });

  it.each([
    ['not json {', 'cannot read'],
    ['{"SE1": "ftp://pacs/dicom-web"}', 'http or https'],
    ['{"SE1": "https://kasus:hemligt@pacs/dicom-web"}', 'credentials'],
    ['{"SE1": {"url": "https://pacs/dicom-web", "username": "kasus"}}', 'go together'],
    ['{"SE1": {"url": "https://pacs/dicom-web", "colour": "red"}}', ''],
  ])('refuses %s, naming the variable', (value, words) => {
    expect(() => loadConfig(env({ KASUS_PACS: value }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ KASUS_PACS: value }))).toThrow(new RegExp(`KASUS_PACS.*${words}`));
  });
});
