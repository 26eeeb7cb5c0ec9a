import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateIdentifier } from './identifier';

const here = (p: string) => new URL(p, import.meta.url);

// The capture page validates identifiers on the device, with no server (issue 16): the browser bundle shares
// no code with the server, so it carries a copy of the server's rules that must never drift from them.
describe('the web copy of the identifier rules', () => {
  it('is byte-identical to the server module', () => {
    expect(readFileSync(here('./identifier.ts'), 'utf8')).toBe(readFileSync(here('../server/modules/identifiers/identifier.ts'), 'utf8'));
  });

  it('normalises and refuses as the server does', () => {
    const today = new Date('2026-12-07T12:00:00Z');
    expect(validateIdentifier('19121212-1212', { today })).toMatchObject({ valid: true, type: 'se_personnummer', normalized: '191212121212' });
    expect(validateIdentifier('19121212-1213', { today })).toMatchObject({ valid: false, rule: 'check_digit' });
  });
});
