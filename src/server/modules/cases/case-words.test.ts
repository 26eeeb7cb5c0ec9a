import { describe, expect, it } from 'vitest';
import { wordsOf } from './case-words.js';

describe('wordsOf', () => {
  it('splits on anything but letters and digits, lower-cases the Swedish way, and drops duplicates', () => {
    expect(wordsOf('Misstänkt MELANOM, vänster skuldra; melanom?')).toEqual(['misstänkt', 'melanom', 'vänster', 'skuldra']);
    expect(wordsOf('ÅÄÖ øæ', 'Ångström')).toEqual(['åäö', 'øæ', 'ångström']);
    expect(wordsOf('Sår 3x4 cm')).toEqual(['sår', '3x4', 'cm']);
  });

  it('leaves out one-letter words, empty texts and nothing else', () => {
    expect(wordsOf('a b cd', null, undefined, '')).toEqual(['cd']);
    expect(wordsOf('  -- ')).toEqual([]);
  });

  it('treats composed and decomposed letters alike', () => {
    expect(wordsOf('va\u0308nster')).toEqual(wordsOf('vänster'));
  });

  it('indexes at most 2000 distinct words of a case', () => {
    const text = Array.from({ length: 2500 }, (_, i) => `ord${i}`).join(' ');
    expect(wordsOf(text)).toHaveLength(2000);
  });
});
