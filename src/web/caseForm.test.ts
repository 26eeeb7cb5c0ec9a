import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { changedValues, displayValue, fromDraft, localized, toDraft } from './caseForm';
import type { CaseFormField } from './types';

const text: CaseFormField = { key: 'site', label: { sv: 'Lokal', en: 'Site' }, type: 'text', required: true };
const number: CaseFormField = { key: 'size', label: { sv: 'Storlek' }, type: 'number', required: false };
const yesNo: CaseFormField = { key: 'consent', label: { sv: 'Samtycke' }, type: 'yes_no', required: true };
const multiple: CaseFormField = {
  key: 'sides',
  label: { sv: 'Sidor' },
  type: 'multiple_choice',
  required: false,
  options: [
    { code: 'left', label: { sv: 'Vänster', en: 'Left' } },
    { code: 'right', label: { sv: 'Höger' } },
  ],
};
const t = ((key: string) => ({ 'caseForm.yes': 'Ja', 'caseForm.no': 'Nej' })[key] ?? key) as unknown as TFunction;

describe('case form values in the web UI', () => {
  it('falls back to Swedish labels', () => {
    expect(localized(text.label, 'en')).toBe('Site');
    expect(localized(text.label, 'nb')).toBe('Lokal');
    expect(localized(undefined, 'sv')).toBe('');
  });

  it('turns inputs into API values: empty clears, numbers parse with a decimal comma, bad numbers stay text', () => {
    expect(fromDraft(text, '  Arm ')).toBe('Arm');
    expect(fromDraft(text, '   ')).toBeNull();
    expect(fromDraft(number, '12,5')).toBe(12.5);
    expect(fromDraft(number, 'tolv')).toBe('tolv');
    expect(fromDraft(yesNo, false)).toBe(false);
    expect(fromDraft(multiple, [])).toBeNull();
    expect(toDraft(number, 4)).toBe('4');
    expect(toDraft(multiple, undefined)).toEqual([]);
  });

  it('sends only what changed', () => {
    const saved = { site: 'Arm', size: 4, consent: true };
    expect(changedValues([text, number, yesNo, multiple], saved, { site: 'Arm', size: '4', consent: true, sides: [] })).toEqual({});
    expect(changedValues([text, number, yesNo, multiple], saved, { site: '', size: '5', consent: true, sides: ['left'] })).toEqual({
      site: null,
      size: 5,
      sides: ['left'],
    });
  });

  it('shows choices by label and yes/no in words', () => {
    expect(displayValue(multiple, ['left', 'right'], t, 'en')).toBe('Left, Höger');
    expect(displayValue(yesNo, false, t, 'sv')).toBe('Nej');
    expect(displayValue(text, null, t, 'sv')).toBe('');
  });
});
