import type { IdentifierType } from '../identifiers/identifier.js';

/**
 * The identifier systems the FHIR API writes and reads (issue 15, I2). Kasus writes the first system
 * of each type; a search accepts every system listed for the type, so that EHRs using the OID form
 * and those using HL7 Sweden's URIs both find the patient.
 *
 * - Swedish personnummer and samordningsnummer: HL7 Sweden's basprofiler URIs
 *   (http://electronichealth.se/identifier/…), and the Swedish OIDs (1.2.752.129.2.1.3.1 and …3.3).
 * - Norwegian fødselsnummer, D-nummer and H-nummer: the OIDs of HL7 Norway's no-basis
 *   (2.16.578.1.12.4.1.4.1, …4.2, …4.3).
 * - Swedish reservnummer: the OID of the region whose format the number follows (KASUS_RESERVNUMMER_FORMATS),
 *   as urn:oid:…; a number without a known region under Kasus's own system.
 */
export const IDENTIFIER_SYSTEMS: Record<Exclude<IdentifierType, 'se_reservnummer'>, readonly string[]> = {
  se_personnummer: ['http://electronichealth.se/identifier/personnummer', 'urn:oid:1.2.752.129.2.1.3.1'],
  se_samordningsnummer: ['http://electronichealth.se/identifier/samordningsnummer', 'urn:oid:1.2.752.129.2.1.3.3'],
  no_fodselsnummer: ['urn:oid:2.16.578.1.12.4.1.4.1'],
  no_d_nummer: ['urn:oid:2.16.578.1.12.4.1.4.2'],
  no_h_nummer: ['urn:oid:2.16.578.1.12.4.1.4.3'],
};

/** A reservnummer whose region is not known. */
export const RESERVNUMMER_SYSTEM = 'urn:kasus:identifier:reservnummer';

/** The system Kasus writes for a stored identifier. */
export function systemOf(type: string, regionOid: string | null): string {
  if (type === 'se_reservnummer') return regionOid ? `urn:oid:${regionOid}` : RESERVNUMMER_SYSTEM;
  return IDENTIFIER_SYSTEMS[type as keyof typeof IDENTIFIER_SYSTEMS]?.[0] ?? `urn:kasus:identifier:${type}`;
}

/** A token search parameter's value: `system|value`, `|value` (no system) or `value` (any system). */
export interface IdentifierToken {
  /** undefined: any system; null: explicitly no system. */
  system: string | null | undefined;
  value: string;
}

export function parseToken(text: string): IdentifierToken {
  const bar = text.indexOf('|');
  if (bar === -1) return { system: undefined, value: text };
  const system = text.slice(0, bar);
  return { system: system === '' ? null : system, value: text.slice(bar + 1) };
}

/** Whether an identifier of this type (and region) is one the token's system names; any system matches a token without one. */
export function systemMatches(token: IdentifierToken, type: IdentifierType, regionOid: string | null): boolean {
  if (token.system === undefined) return true;
  if (token.system === null) return false;
  if (type === 'se_reservnummer') return token.system === systemOf(type, regionOid);
  return IDENTIFIER_SYSTEMS[type].includes(token.system);
}

/** Whether the system is one Kasus knows at all (a reservnummer region's OID included). */
export function knownSystem(system: string, regionOids: readonly string[]): boolean {
  return (
    Object.values(IDENTIFIER_SYSTEMS).some((systems) => systems.includes(system)) ||
    system === RESERVNUMMER_SYSTEM ||
    regionOids.some((oid) => system === `urn:oid:${oid}`)
  );
}
