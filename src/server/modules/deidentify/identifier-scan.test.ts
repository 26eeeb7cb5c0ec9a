import { describe, expect, it } from 'vitest';
import { fieldsWithIdentifiers } from './identifier-scan.js';

describe('identifier scan of a de-identified copy’s texts', () => {
  it('finds Swedish and Norwegian identifiers inside text, not phone numbers or invalid checksums', () => {
    expect(
      fieldsWithIdentifiers({
        title: 'Sår på underbenet',
        a: 'Patient 19121212-1212, kontroll',
        b: 'pnr 121212-1212.',
        c: 'fnr 010190 12219 (test)',
        d: 'Ring 0701234567 eller 19121212-1213',
        e: 'Mätt 2026-12-07 kl 08:00',
        f: null,
      }),
    ).toEqual(['a', 'b', 'c']);
  });
});
