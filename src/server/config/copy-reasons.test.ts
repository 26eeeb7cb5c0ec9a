import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const env = (extra: Record<string, string>) => ({ KASUS_DATA_DIR: path.join(os.tmpdir(), 'kasus-copy-reasons-config'), KASUS_SESSION_SECRET: 'x'.repeat(32), ...extra });

describe('KASUS_COPY_REASONS', () => {
  it('defaults to the Swedish reasons, "Annat" asking for words', () => {
    const reasons = loadConfig(env({})).copyReasons;
    expect(reasons.map((r) => r.label)).toEqual(['Vård av patienten', 'Remiss till annan vårdgivare', 'Begäran från patienten', 'Rättsligt ärende/polisen', 'Annat (beskriv)']);
    expect(reasons.filter((r) => r.textRequired).map((r) => r.code)).toEqual(['other']);
  });

  it('takes a JSON list of its own', () => {
    const reasons = loadConfig(env({ KASUS_COPY_REASONS: '[{"code":"court","label":"Domstol","labelEn":"Court"},{"code":"misc","label":"Övrigt","textRequired":true}]' })).copyReasons;
    expect(reasons).toEqual([
      { code: 'court', label: 'Domstol', labelEn: 'Court', textRequired: false },
      { code: 'misc', label: 'Övrigt', textRequired: true },
    ]);
  });

  it.each([
    ['not json', 'JSON array'],
    ['[]', 'at least one'],
    ['[{"code":"a","label":"A"},{"code":"a","label":"B"}]', 'only once'],
    ['[{"code":"Bad Code","label":"A"}]', 'code'],
    ['[{"code":"a","label":"A","colour":"red"}]', ''],
  ])('refuses %s, naming the variable', (value, words) => {
    expect(() => loadConfig(env({ KASUS_COPY_REASONS: value }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ KASUS_COPY_REASONS: value }))).toThrow(new RegExp(`KASUS_COPY_REASONS.*${words}`));
  });
});
