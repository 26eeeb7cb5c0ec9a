import { describe, expect, it } from 'vitest';
import sv from './sv';
import nb from './nb';
import en from './en';
import { JOB_NAMES } from '../../server/modules/jobs/job-types';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const languages: Record<string, Map<string, string>> = {
  sv: flatten(sv),
  nb: flatten(nb),
  en: flatten(en),
};
const svKeys = [...languages.sv!.keys()];

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

describe('translations', () => {
  it('names every background job for people in every language (the jobs page shows no codes)', () => {
    for (const [language, keys] of Object.entries(languages)) {
      const missing = JOB_NAMES.filter((name) => !keys.has(`admin.jobs.names.${name}`));
      expect(missing, language).toEqual([]);
    }
  });

  it('has a reasonable number of keys in Swedish', () => {
    expect(svKeys.length).toBeGreaterThan(50);
  });

  for (const lang of ['nb', 'en']) {
    const keys = languages[lang]!;

    it(`${lang} has every Swedish key`, () => {
      const missing = svKeys.filter((k) => !keys.has(k));
      expect(missing).toEqual([]);
    });

    it(`sv has every ${lang} key`, () => {
      const extra = [...keys.keys()].filter((k) => !languages.sv!.has(k));
      expect(extra).toEqual([]);
    });

    it(`${lang} uses the same interpolation variables as sv`, () => {
      const differing = svKeys.filter(
        (k) => placeholders(languages.sv!.get(k)!).join() !== placeholders(keys.get(k) ?? '').join(),
      );
      expect(differing).toEqual([]);
    });
  }

  it('has no empty strings', () => {
    for (const [lang, keys] of Object.entries(languages)) {
      const empty = [...keys].filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it('names every right, identifier type, validation rule and error code of the API', () => {
    const rights = [
      'patient.read', 'case.read', 'case.write', 'case.sign', 'media.upload', 'media.export',
      'case.emergency_open', 'teaching.manage', 'form.manage', 'audit.read', 'statistics.read',
      'continuity.manage', 'incident.report', 'admin',
    ];
    const types = [
      'se_personnummer', 'se_samordningsnummer', 'se_reservnummer',
      'no_fodselsnummer', 'no_d_nummer', 'no_h_nummer',
    ];
    const rules = [
      'empty', 'invalid_characters', 'wrong_length', 'invalid_date', 'future_date', 'check_digit',
      'invalid_separator', 'invalid_individual_number', 'unknown_format', 'reservnummer_format',
    ];
    const errors = [
      'invalid_credentials', 'not_authenticated', 'csrf_invalid', 'forbidden', 'not_found',
      'validation_failed', 'invalid_identifier', 'patient_not_found', 'patient_exists',
      'conflict', 'read_only', 'invalid_json', 'method_not_allowed', 'payload_too_large',
      'unsupported_media_type', 'rate_limited', 'internal_error',
      'case_locked', 'media_refused', 'not_ready',
    ];
    const expected = [
      ...rights.map((r) => `rights.${r}`),
      ...types.map((t) => `identifierTypes.${t}`),
      ...rules.map((r) => `identifierRules.${r}`),
      ...errors.map((e) => `errors.${e}`),
    ];
    const missing = expected.filter((k) => !languages.sv!.has(k));
    expect(missing).toEqual([]);
  });
});
