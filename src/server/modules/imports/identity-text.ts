import { validateIdentifier, type IdentifierType, type ReservnummerFormat } from '../identifiers/identifier.js';

/** A national identifier read from an identity image, validated (M2, M5). */
export interface ReadIdentifier {
  normalized: string;
  type: IdentifierType;
}

/**
 * Runs of digits, possibly split by one separator ("19121212-1212", "191212-1212", "121212+1212",
 * "311299 12345"), as OCR reads a label written by hand or printed. Letters OCR often mistakes for
 * digits inside such a run are not guessed: a misread number is simply not found.
 */
const CANDIDATE = /(?<![0-9])[0-9]{6,8}\s?[-+\u2010-\u2015\u2212]?\s?[0-9]{4,5}(?![0-9])|(?<![0-9])[0-9]{10,12}(?![0-9])/g;

/**
 * The valid Swedish personnummer/samordningsnummer and Norwegian fødselsnummer/D-/H-nummer found in
 * OCR text, each once, in reading order. Only what passes the identifier rules (date, check digits)
 * counts: a serial number or a date on the label is never taken for a patient.
 */
export function identifiersInText(text: string, options: { today?: Date; reservnummerFormats?: ReservnummerFormat[] } = {}): ReadIdentifier[] {
  const found = new Map<string, ReadIdentifier>();
  for (const match of text.normalize('NFKC').matchAll(CANDIDATE)) {
    const compact = match[0].replace(/\s+/g, '').replace(/[\u2010-\u2015\u2212]/g, '-');
    const result = validateIdentifier(compact, { ...options, reservnummerFormats: [] });
    if (result.valid && result.type !== 'se_reservnummer' && !found.has(result.normalized)) {
      found.set(result.normalized, { normalized: result.normalized, type: result.type });
    }
  }
  return [...found.values()];
}
