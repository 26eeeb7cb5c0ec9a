import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { checkedFilename, cleanFilename, MAX_FILENAME_LENGTH, UNNAMED } from './filename.js';

describe('cleanFilename', () => {
  it.each([
    ['IMG_0001.JPG', 'IMG_0001.JPG'],
    ['C:\\Users\\anna\\Desktop\\sår.jpg', 'sår.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['.htaccess', 'htaccess'],
    ['...hidden.jpg', 'hidden.jpg'],
    ['  spaced   name .jpg  ', 'spaced name .jpg'],
    ['trailing dots...', 'trailing dots'],
    ['a\u0000b\u001b[31mc.jpg', 'ab[31mc.jpg'],
    ['evil\u202Egpj.exe', 'evilgpj.exe'],
    ['zero\u200Bwidth.png', 'zerowidth.png'],
    ['e\u0301.jpg', '\u00e9.jpg'],
    ['', UNNAMED],
    ['...', UNNAMED],
    ['dir/', UNNAMED],
  ])('%j → %j', (input, expected) => {
    expect(cleanFilename(input)).toBe(expected);
  });

  it('cuts a long name to 255 characters and keeps its extension', () => {
    const cut = cleanFilename(`${'a'.repeat(1000)}.heic`);
    expect(cut).toHaveLength(MAX_FILENAME_LENGTH);
    expect(cut.endsWith('.heic')).toBe(true);
    // Characters, not UTF-16 units or bytes: an emoji is never split in half.
    const emoji = cleanFilename(`${'📷'.repeat(300)}.jpg`);
    expect([...emoji]).toHaveLength(MAX_FILENAME_LENGTH);
    expect(emoji.isWellFormed()).toBe(true);
    // No extension worth keeping: simply cut.
    expect([...cleanFilename('x'.repeat(400))]).toHaveLength(MAX_FILENAME_LENGTH);
  });

  it('always gives a short, well-formed name without path separators, controls or leading dots', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (name) => {
        const cleaned = cleanFilename(name);
        expect(cleaned.length).toBeGreaterThan(0);
        expect([...cleaned].length).toBeLessThanOrEqual(MAX_FILENAME_LENGTH);
        expect(cleaned.isWellFormed()).toBe(true);
        expect(cleaned).not.toMatch(/[/\\\u0000-\u001F\u007F-\u009F]/);
        expect(cleaned).not.toMatch(/^[.\s]/);
        expect(cleanFilename(cleaned)).toBe(cleaned);
      }),
      { numRuns: 500 },
    );
  });
});

describe('checkedFilename', () => {
  it.each([
    ['a NUL', 'a\u0000.jpg'],
    ['a lone surrogate', 'a\uD800.jpg'],
    ['an escape character', 'a\u001b.jpg'],
    ['a line feed', 'a\n.jpg'],
  ])('refuses a name with %s as invalid_text naming the field', (_what, name) => {
    let caught: unknown;
    try {
      checkedFilename(name, 'filename');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: 'invalid_text', status: 400, extra: { field: 'filename' } });
    expect((caught as AppError).message).toMatch(/^Fältet filename /);
  });

  it('returns a good name cleaned', () => {
    expect(checkedFilename('../Sår vänster arm.JPG')).toBe('Sår vänster arm.JPG');
  });
});
