import { describe, expect, it } from 'vitest';
import { buildVersionFields, type FormField } from './forms-fields.js';
import { isRealDate, validateFormValues } from './forms-values.js';

const label = (sv: string) => ({ sv });
const custom: FormField[] = [
  { key: 'title', label: label('Rubrik'), type: 'text', required: true, maxLength: 10 },
  { key: 'notes', label: label('Anteckningar'), type: 'long_text', required: false },
  { key: 'size_mm', label: label('Storlek (mm)'), type: 'number', required: false, min: 0, max: 500 },
  { key: 'onset', label: label('Debut'), type: 'date', required: false },
  { key: 'healed', label: label('Läkt'), type: 'yes_no', required: false },
  {
    key: 'site',
    label: label('Lokal'),
    type: 'single_choice',
    required: false,
    options: [{ code: 'arm', label: label('Arm') }, { code: 'leg', label: label('Ben') }],
  },
  {
    key: 'findings',
    label: label('Fynd'),
    type: 'multiple_choice',
    required: false,
    options: [{ code: 'a', label: label('A') }, { code: 'b', label: label('B') }, { code: 'c', label: label('C') }],
  },
];
const version = { fields: buildVersionFields(custom) };
const capture = { purpose_explained: 'Dokumentation av sårläkning', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Stina' };

const errorsOf = (values: Record<string, unknown>) => {
  const result = validateFormValues(version, values);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};
const codeFor = (values: Record<string, unknown>, key: string) => errorsOf(values).find((e) => e.key === key)?.code;

describe('validateFormValues', () => {
  it('accepts a complete set and normalises it', () => {
    const result = validateFormValues(version, {
      ...capture,
      captured_by: '  Stina  ',
      title: ' Sår ',
      notes: '',
      size_mm: 12.5,
      onset: '2026-02-28',
      healed: false,
      site: 'leg',
      findings: ['c', 'a'],
    });
    expect(result).toEqual({
      ok: true,
      values: { ...capture, title: 'Sår', size_mm: 12.5, onset: '2026-02-28', healed: false, site: 'leg', findings: ['a', 'c'] },
    });
  });

  it('needs the capture facts and the required fields, and leaves out empty optional ones', () => {
    const errors = errorsOf({});
    expect(errors.map((e) => [e.key, e.code])).toEqual([
      ['purpose_explained', 'required'],
      ['oral_consent', 'required'],
      ['identity_verified_by', 'required'],
      ['captured_by', 'required'],
      ['title', 'required'],
    ]);
    expect(errors[4]!.message).toContain('Rubrik');
    expect(errors[4]!.message).toContain('måste fyllas i');
    const ok = validateFormValues(version, { ...capture, title: 'x', notes: '   ', size_mm: null, findings: [] });
    expect(ok).toEqual({ ok: true, values: { ...capture, title: 'x' } });
  });

  it('counts blank text and null as missing for required fields', () => {
    expect(codeFor({ ...capture, title: '   ' }, 'title')).toBe('required');
    expect(codeFor({ ...capture, title: null }, 'title')).toBe('required');
  });

  it('refuses unknown keys', () => {
    const errors = errorsOf({ ...capture, title: 'x', colour: 'red' });
    expect(errors).toEqual([{ key: 'colour', code: 'unknown_field', message: expect.stringContaining('colour') }]);
  });

  it('checks text types and length, the default limit included', () => {
    expect(codeFor({ ...capture, title: 5 }, 'title')).toBe('wrong_type');
    expect(codeFor({ ...capture, title: 'elva tecken' }, 'title')).toBe('too_long');
    expect(validateFormValues(version, { ...capture, title: 'tio tecken' }).ok).toBe(true);
    expect(codeFor({ ...capture, title: 'x', notes: 'a'.repeat(20_001) }, 'notes')).toBe('too_long');
    expect(codeFor({ ...capture, title: 'x', notes: ['a'] }, 'notes')).toBe('wrong_type');
  });

  it('checks numbers: finite, of type number, within min and max', () => {
    expect(codeFor({ ...capture, title: 'x', size_mm: '12' }, 'size_mm')).toBe('wrong_type');
    expect(codeFor({ ...capture, title: 'x', size_mm: Number.NaN }, 'size_mm')).toBe('wrong_type');
    expect(codeFor({ ...capture, title: 'x', size_mm: Number.POSITIVE_INFINITY }, 'size_mm')).toBe('wrong_type');
    expect(codeFor({ ...capture, title: 'x', size_mm: -1 }, 'size_mm')).toBe('out_of_range');
    expect(codeFor({ ...capture, title: 'x', size_mm: 500.5 }, 'size_mm')).toBe('out_of_range');
    expect(errorsOf({ ...capture, title: 'x', size_mm: 501 })[0]!.message).toContain('mellan 0 och 500');
    expect(validateFormValues(version, { ...capture, title: 'x', size_mm: 0 }).ok).toBe(true);
    expect(validateFormValues(version, { ...capture, title: 'x', size_mm: 500 }).ok).toBe(true);
  });

  it('checks one-sided number limits', () => {
    const v = { fields: [{ key: 'n', label: label('N'), type: 'number' as const, required: true, min: 1 }] };
    expect(validateFormValues(v, { n: 0 })).toMatchObject({ ok: false, errors: [{ code: 'out_of_range', message: expect.stringContaining('minst 1') }] });
    expect(validateFormValues(v, { n: 1e9 }).ok).toBe(true);
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-1-5', '22/11/2026', '2026-11-22T08:00:00Z', '']) {
      expect(isRealDate(bad), bad).toBe(false);
    }
    for (const good of ['2024-02-29', '2026-12-31', '2000-02-29', '1900-01-01']) expect(isRealDate(good), good).toBe(true);
    expect(isRealDate('1900-02-29')).toBe(false);
    expect(codeFor({ ...capture, title: 'x', onset: '2026-02-30' }, 'onset')).toBe('invalid_date');
    expect(codeFor({ ...capture, title: 'x', onset: 20260220 }, 'onset')).toBe('wrong_type');
  });

  it('answers yes/no with booleans only', () => {
    expect(codeFor({ ...capture, oral_consent: 'yes', title: 'x' }, 'oral_consent')).toBe('wrong_type');
    expect(codeFor({ ...capture, oral_consent: 1, title: 'x' }, 'oral_consent')).toBe('wrong_type');
    expect(validateFormValues(version, { ...capture, oral_consent: false, title: 'x' }).ok).toBe(true);
  });

  it('checks single choices against the options', () => {
    expect(codeFor({ ...capture, identity_verified_by: 'guess', title: 'x' }, 'identity_verified_by')).toBe('not_an_option');
    expect(codeFor({ ...capture, title: 'x', site: 'head' }, 'site')).toBe('not_an_option');
    expect(codeFor({ ...capture, title: 'x', site: ['arm'] }, 'site')).toBe('wrong_type');
    for (const code of ['id_document', 'known_to_staff', 'ehr_context']) {
      expect(validateFormValues(version, { ...capture, identity_verified_by: code, title: 'x' }).ok).toBe(true);
    }
  });

  it('checks multiple choices: arrays of options without duplicates', () => {
    expect(codeFor({ ...capture, title: 'x', findings: 'a' }, 'findings')).toBe('wrong_type');
    expect(codeFor({ ...capture, title: 'x', findings: ['a', 1] }, 'findings')).toBe('wrong_type');
    expect(codeFor({ ...capture, title: 'x', findings: ['a', 'a'] }, 'findings')).toBe('wrong_type');
    expect(codeFor({ ...capture, title: 'x', findings: ['a', 'z'] }, 'findings')).toBe('not_an_option');
    const required = { fields: [{ ...custom[6]!, required: true }] };
    expect(validateFormValues(required, { findings: [] })).toMatchObject({ ok: false, errors: [{ code: 'required' }] });
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({ oral_consent: 'ja', title: 'x'.repeat(11), onset: '2026-02-31', stray: 1 });
    expect(errors.map((e) => e.code).sort()).toEqual(['invalid_date', 'required', 'required', 'required', 'too_long', 'unknown_field', 'wrong_type']);
  });

  it('does not treat inherited properties as values', () => {
    const values = Object.create({ title: 'inherited' }) as Record<string, unknown>;
    Object.assign(values, capture);
    expect(codeFor(values, 'title')).toBe('required');
  });
});
