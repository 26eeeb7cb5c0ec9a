import { describe, expect, it } from 'vitest';
import { incidentPriority, parseValidity, validityInput, validityText } from './incidents';

describe('incidentPriority', () => {
  it('follows the impact × urgency matrix', () => {
    expect(incidentPriority('high', 'high')).toBe('P1');
    expect(incidentPriority('high', 'medium')).toBe('P2');
    expect(incidentPriority('high', 'low')).toBe('P3');
    expect(incidentPriority('medium', 'high')).toBe('P2');
    expect(incidentPriority('medium', 'medium')).toBe('P3');
    expect(incidentPriority('medium', 'low')).toBe('P4');
    expect(incidentPriority('low', 'high')).toBe('P3');
    expect(incidentPriority('low', 'medium')).toBe('P4');
    expect(incidentPriority('low', 'low')).toBe('P4');
  });
});

describe('validity windows', () => {
  const days = ['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön'];
  it('describes windows for people', () => {
    expect(validityText([], days, 'alltid')).toBe('alltid');
    expect(validityText([{ days: [1, 2, 3, 4, 5], from: '07:30', to: '15:30' }], days, 'alltid')).toBe('mån–fre 07:30–15:30');
    expect(validityText([{ days: [6, 7], from: '00:00', to: '24:00' }], days, 'alltid')).toBe('lör, sön 00:00–24:00');
  });
  it('parses and writes the editing text', () => {
    const windows = parseValidity('1-5 07:30-15:30; 6,7 0:00-24:00');
    expect(windows).toEqual([
      { days: [1, 2, 3, 4, 5], from: '07:30', to: '15:30' },
      { days: [6, 7], from: '00:00', to: '24:00' },
    ]);
    expect(validityInput(windows)).toBe('1-5 07:30-15:30; 6-7 00:00-24:00');
    expect(parseValidity('')).toEqual([]);
    expect(() => parseValidity('måndag')).toThrow();
  });
});
