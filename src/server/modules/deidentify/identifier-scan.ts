import { validateIdentifier, type IdentifierOptions } from '../identifiers/identifier.js';

/**
 * Runs of digits that could be a national identifier: Swedish personnummer and samordningsnummer
 * (YYMMDD-NNNN, YYYYMMDDNNNN, with -, + or a space) and Norwegian fødselsnummer, D- and H-nummer
 * (DDMMYY NNNNN), within a longer text.
 */
const CANDIDATES = /(?<![0-9])(?:\d{8}|\d{6})[-+\u2010-\u2015\s]?\d{4}(?![0-9])|(?<![0-9])\d{6}\s?\d{5}(?![0-9])/g;

/**
 * Whether a text still holds a valid national identifier, judged by the identifier module (checksums
 * and dates, so a phone number or a lab value is not taken for one). Returns the field names that do.
 */
export function fieldsWithIdentifiers(fields: Record<string, string | null | undefined>, options: IdentifierOptions = {}): string[] {
  const found: string[] = [];
  for (const [name, text] of Object.entries(fields)) {
    if (!text) continue;
    for (const match of text.matchAll(CANDIDATES)) {
      if (validateIdentifier(match[0], options).valid) {
        found.push(name);
        break;
      }
    }
  }
  return found;
}
