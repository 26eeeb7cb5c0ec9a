import { describe, expect, it } from 'vitest';
import type { FormField } from '../../../forms';
import { draftToInput, fieldToDraft, keyFromLabel, moveItem, newField, pathInField, sameDefinitions, toLocalized } from './drafts';

describe('keyFromLabel', () => {
  it('makes a key of lower-case a–z, digits and underscores from a Nordic label', () => {
    expect(keyFromLabel('Sårets längd (cm)')).toBe('sarets_langd_cm');
    expect(keyFromLabel('Ærlig svar på spørsmål')).toBe('aerlig_svar_pa_sporsmal');
    expect(keyFromLabel('  Öron-näsa-hals  ')).toBe('oron_nasa_hals');
  });

  it('starts with a letter, stays within 40 characters and is empty for a label without letters or digits', () => {
    expect(keyFromLabel('3 mätningar')).toBe('f_3_matningar');
    expect(keyFromLabel('a'.repeat(60))).toHaveLength(40);
    expect(keyFromLabel('Abc '.repeat(15)).endsWith('_')).toBe(false);
    expect(keyFromLabel('!!')).toBe('');
  });
});

describe('toLocalized', () => {
  it('trims and leaves out the languages not given', () => {
    expect(toLocalized({ sv: ' Sår ', nb: '', en: 'Wound ' }, true)).toEqual({ sv: 'Sår', en: 'Wound' });
  });

  it('keeps an empty Swedish text when required (for the server to name) and gives nothing for an empty optional one', () => {
    expect(toLocalized({ sv: '', nb: '', en: '' }, true)).toEqual({ sv: '' });
    expect(toLocalized({ sv: '', nb: '', en: '' }, false)).toBeUndefined();
    expect(toLocalized({ sv: '', nb: 'Hjelp', en: '' }, false)).toEqual({ sv: '', nb: 'Hjelp' });
  });
});

describe('drafts and field definitions', () => {
  const fields: FormField[] = [
    {
      key: 'side',
      label: { sv: 'Sida', en: 'Side' },
      type: 'single_choice',
      required: true,
      help: { sv: 'Vilken sida' },
      options: [
        { code: 'left', label: { sv: 'Vänster' } },
        { code: 'right', label: { sv: 'Höger', nb: 'Høyre' } },
      ],
    },
    { key: 'length_cm', label: { sv: 'Längd' }, type: 'number', required: false, min: 0, max: 50.5 },
    { key: 'note', label: { sv: 'Anteckning' }, type: 'long_text', required: false, maxLength: 500 },
    { key: 'seen', label: { sv: 'Sedd' }, type: 'date', required: false },
  ];

  it('turns a saved definition into a draft and back unchanged', () => {
    expect(fields.map(fieldToDraft).map(draftToInput)).toEqual(fields);
  });

  it('sends only what belongs to the type', () => {
    const draft = { ...fieldToDraft(fields[0]!), type: 'text' as const, min: '1', maxLength: '80' };
    expect(draftToInput(draft)).toEqual({
      key: 'side',
      label: { sv: 'Sida', en: 'Side' },
      type: 'text',
      required: true,
      help: { sv: 'Vilken sida' },
      maxLength: 80,
    });
  });

  it('sends a choice field without options when none were added, so that the server says what is missing', () => {
    const draft = { ...newField(), key: 'choice', type: 'multiple_choice' as const };
    expect(draftToInput(draft)).not.toHaveProperty('options');
  });

  it('compares what would be sent, not how it was typed', () => {
    const saved = fields.map(fieldToDraft);
    const edited = saved.map((d, i) => (i === 0 ? { ...d, label: { ...d.label, sv: ' Sida ' } } : d));
    expect(sameDefinitions(saved, edited)).toBe(true);
    expect(sameDefinitions(saved, moveItem(saved, 0, 1))).toBe(false);
  });
});

describe('moveItem', () => {
  it('moves an item and leaves the list as it was for a move out of range', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});

describe('pathInField', () => {
  it('gives the part of an error field inside the field at an index', () => {
    expect(pathInField('fields.2.options.1.code', 2)).toBe('options.1.code');
    expect(pathInField('fields.12.key', 1)).toBeNull();
    expect(pathInField('name', 0)).toBeNull();
    expect(pathInField(null, 0)).toBeNull();
  });
});
