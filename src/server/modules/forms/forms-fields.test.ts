import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { buildVersionFields, CAPTURE_FACT_KEYS, sameFields } from './forms-fields.js';

const text = (key: string, extra: Record<string, unknown> = {}) => ({ key, label: { sv: key }, type: 'text', required: false, ...extra });

const failure = (fields: unknown) => {
  try {
    buildVersionFields(fields);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.extra.field, message: error.message };
    throw error;
  }
  throw new Error('expected a validation error');
};

describe('buildVersionFields', () => {
  it('puts the capture facts first, then the custom fields in order', () => {
    const fields = buildVersionFields([text('b'), text('a')]);
    expect(fields.map((f) => f.key)).toEqual([...CAPTURE_FACT_KEYS, 'b', 'a']);
    expect(CAPTURE_FACT_KEYS).toEqual(['purpose_explained', 'oral_consent', 'identity_verified_by', 'captured_by']);
    expect(fields[2]!.options!.map((o) => o.code)).toEqual(['id_document', 'known_to_staff', 'ehr_context']);
    expect(fields.slice(0, 4).every((f) => f.required)).toBe(true);
  });

  it('trims labels and keeps optional parts only when given', () => {
    const [field] = buildVersionFields([{ ...text('a'), label: { sv: ' Rubrik ', en: 'Title' } }]).slice(4);
    expect(field).toEqual({ key: 'a', label: { sv: 'Rubrik', en: 'Title' }, type: 'text', required: false });
  });

  it('refuses bad keys, naming the field', () => {
    for (const key of ['Title', '1st', 'with-dash', '', 'a'.repeat(41)]) {
      expect(failure([text('ok'), text(key)])).toMatchObject({ code: 'validation_failed', field: 'fields.1.key' });
    }
    expect(failure([text('Bad')]).message).toContain('fields.0.key');
  });

  it('refuses duplicate keys and reused capture-fact keys', () => {
    expect(failure([text('a'), text('a')])).toMatchObject({ field: 'fields.1.key', message: expect.stringContaining('finns redan') });
    expect(failure([text('captured_by')])).toMatchObject({ field: 'fields.0.key', message: expect.stringContaining('reserverad') });
  });

  it('needs options on choice fields, with unique codes, and refuses them elsewhere', () => {
    expect(failure([{ ...text('c'), type: 'single_choice' }])).toMatchObject({ field: 'fields.0.options' });
    expect(failure([{ ...text('c'), type: 'multiple_choice', options: [] }])).toMatchObject({ field: 'fields.0.options' });
    expect(
      failure([{ ...text('c'), type: 'single_choice', options: [{ code: 'x', label: { sv: 'X' } }, { code: 'x', label: { sv: 'Y' } }] }]),
    ).toMatchObject({ field: 'fields.0.options.1.code' });
    expect(failure([text('t', { options: [{ code: 'x', label: { sv: 'X' } }] })])).toMatchObject({ field: 'fields.0.options' });
  });

  it('allows min/max on numbers and maxLength on texts only', () => {
    expect(buildVersionFields([{ ...text('n'), type: 'number', min: 0, max: 10 }]).at(-1)).toMatchObject({ min: 0, max: 10 });
    expect(failure([{ ...text('n'), type: 'number', min: 10, max: 0 }])).toMatchObject({ field: 'fields.0.min' });
    expect(failure([text('t', { min: 1 })])).toMatchObject({ field: 'fields.0.min' });
    expect(failure([{ ...text('n'), type: 'number', maxLength: 5 }])).toMatchObject({ field: 'fields.0.maxLength' });
    expect(buildVersionFields([{ ...text('l'), type: 'long_text', maxLength: 5 }]).at(-1)).toMatchObject({ maxLength: 5 });
  });

  it('refuses unknown properties, wrong types and missing parts', () => {
    expect(failure([text('a', { colour: 'red' })])).toMatchObject({ field: 'fields.0', message: expect.stringContaining('colour') });
    expect(failure([text('a', { type: 'photo' })])).toMatchObject({ field: 'fields.0.type' });
    expect(failure([text('a', { required: 'yes' })])).toMatchObject({ field: 'fields.0.required' });
    expect(failure([{ key: 'a', type: 'text', required: true }])).toMatchObject({ field: 'fields.0.label', message: expect.stringContaining('saknas') });
    expect(failure([text('a', { label: { sv: '' } })])).toMatchObject({ field: 'fields.0.label.sv' });
    expect(failure('nope')).toMatchObject({ field: 'fields' });
  });

  it('compares definitions regardless of property order', () => {
    const a = buildVersionFields([{ required: true, type: 'text', label: { en: 'T', sv: 'T' }, key: 't' }]);
    const b = buildVersionFields([{ key: 't', label: { sv: 'T', en: 'T' }, type: 'text', required: true }]);
    expect(sameFields(a, b)).toBe(true);
    expect(sameFields(a, buildVersionFields([{ key: 't', label: { sv: 'T' }, type: 'text', required: true }]))).toBe(false);
  });
});
