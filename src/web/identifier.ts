/**
 * National patient identifiers: validation and normalisation.
 *
 * Pure and dependency-free (only the built-in `Intl` is used, to find today's date in Nordic time).
 * Supported:
 *   - Swedish personnummer and samordningsnummer (Skatteverket, SKV 704 / SKV 707);
 *   - Swedish regional reservnummer (configurable, see DEFAULT_RESERVNUMMER_FORMATS);
 *   - Norwegian fødselsnummer, D-nummer (Skatteetaten) and H-nummer (helsesektorens hjelpenummer),
 *     including the check-digit rule that applies to fødselsnummer and D-nummer issued from 2032.
 *
 * Not supported (refused): Norwegian FH-nummer and the old 8/9-style H-nummer (first digit 8–9), Norwegian
 * synthetic test numbers (month + 80, Skatteetaten's Tenor), Danish and Finnish numbers.
 *
 * "Today" is the calendar date in Europe/Stockholm (same offset as Europe/Oslo all year), whatever the
 * server's own time zone, so that a number is not refused as "future" around midnight.
 */

export const IDENTIFIER_TYPES = [
  'se_personnummer',
  'se_samordningsnummer',
  'se_reservnummer',
  'no_fodselsnummer',
  'no_d_nummer',
  'no_h_nummer',
] as const;

export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export type IdentifierRule =
  | 'empty'
  | 'invalid_characters'
  | 'wrong_length'
  | 'invalid_date'
  | 'future_date'
  | 'check_digit'
  | 'invalid_separator'
  | 'invalid_individual_number'
  | 'unknown_format'
  | 'reservnummer_format';

/**
 * Optional check digit of a reservnummer format. Applied after `pattern` matched, on the normalised value.
 * (An addition to the basic format description: the published regional formats carry Luhn check digits,
 * which a regular expression cannot express.)
 */
export interface ReservnummerCheckDigit {
  algorithm: 'luhn';
  /**
   * 0-based index in the normalised value where the Luhn calculation starts. It runs to the end of the
   * value; the last character is the check digit.
   */
  from: number;
  /** Numeric values of letters in the calculation (VGR: K=5, M=7, X=8). Any other letter fails the check. */
  letterValues?: Record<string, number>;
}

export interface ReservnummerFormat {
  region: string;
  oid: string;
  /**
   * RegExp source, matched (anchored, no flags) against the input with all whitespace removed and letters
   * upper-cased. If that does not match and the input contains '-', it is tried once more with every '-'
   * removed. The string that matched is the normalised value: a pattern without '-' therefore normalises
   * "19810829-M071" to "19810829M071", while a pattern that includes '-' keeps it.
   * Named groups `year`, `month` and `day`, when all three are present, must form a real calendar date.
   */
  pattern: string;
  description?: string;
  checkDigit?: ReservnummerCheckDigit;
}

export interface ValidIdentifier {
  valid: true;
  type: IdentifierType;
  normalized: string;
  /** YYYY-MM-DD when derivable */
  birthDate?: string;
  sex?: 'female' | 'male';
  region?: { name: string; oid: string };
}

export interface InvalidIdentifier {
  valid: false;
  /** the type it looked like, if any */
  type?: IdentifierType;
  rule: IdentifierRule;
  /** Swedish, plain words */
  message: string;
}

export type IdentifierResult = ValidIdentifier | InvalidIdentifier;

export interface IdentifierOptions {
  reservnummerFormats?: ReservnummerFormat[];
  /** for century resolution and future dates; default: the system time (services pass their clock's) */
  today?: Date;
}

export const IDENTIFIER_RULE_MESSAGES: Record<IdentifierRule, string> = {
  empty: 'Inget nummer har angetts.',
  invalid_characters: 'Numret innehåller tecken som inte är tillåtna. Använd siffror och bindestreck.',
  wrong_length: 'Numret har fel antal siffror.',
  invalid_date: 'Datumet finns inte.',
  future_date: 'Födelsedatumet ligger i framtiden.',
  check_digit: 'Kontrollsiffran stämmer inte.',
  invalid_separator: 'Bindestrecket eller plustecknet står på fel plats eller får inte användas här.',
  invalid_individual_number: 'Siffrorna efter födelsedatumet passar inte ihop med födelseåret.',
  unknown_format:
    'Numret känns inte igen som personnummer, samordningsnummer, reservnummer eller norskt fødselsnummer, D-nummer eller H-nummer.',
  reservnummer_format: 'Reservnumret följer inte något känt format.',
};

/**
 * Regional reservnummer formats shipped by default.
 *
 * Source for all four: Inera, Personuppgiftstjänsten, Confluence page "Lokala Reservidn" ("På denna sida
 * specificeras format och regler för de identitetstyper som är unika för landsting och regioner"),
 * https://inera.atlassian.net/wiki/ page id 3353227890 (versions 4 and 5). Formats, OIDs and the example
 * numbers used in the tests are taken from there. The SLL OID is also in Inera's list of OIDs used by the
 * national service contracts ("SLL-reservnummer 1.2.752.97.3.1.3", "Identifierare på Inera").
 *
 * Deliberately NOT shipped:
 *   - Region Skåne: only a third-party description was found ("ett datum följt av fyra tecken varav minst en
 *     är en bokstav", support.antwork.se) and no OID could be confirmed.
 *   - Inera's national reservidentitet (NRID, "XXYYMMDDNNGC", Inera's OID list has "Nationellt reservnummer
 *     1.2.752.74.9.1"): the specification found was incomplete (the gender and check-digit rules were
 *     missing), so it cannot be validated here.
 * Add these through `options.reservnummerFormats` once the region has confirmed format and OID.
 *
 * None of these patterns can match a valid personnummer or samordningsnummer (asserted in the tests):
 * SLL starts with "99" (no personnummer year starts with 99), VGR and Värmland contain letters, and
 * Inera Carelink uses day 32–59, which personnummer (01–31) and samordningsnummer (61–91) never use.
 * Valid personnummer/samordningsnummer are recognised before any reservnummer format is tried anyway.
 */
export const DEFAULT_RESERVNUMMER_FORMATS: ReservnummerFormat[] = [
  {
    region: 'Region Stockholm',
    oid: '1.2.752.97.3.1.3',
    // 99yyyyNNNNNC: "99", a year (Inera v5: "Årtal (1980-2299)"; Region Stockholm's Vårdgivarguiden: the year
    // the number was issued), NNNNN serial, C Luhn check digit over positions 5–11 (1-based). The year range
    // is not enforced because Inera's own examples (991945000023) fall outside 1980–2299.
    pattern: '99\\d{10}',
    description: 'Region Stockholm (SLL) reservnummer, 99ÅÅÅÅNNNNNC, Luhn-kontrollsiffra',
    checkDigit: { algorithm: 'luhn', from: 4 },
  },
  {
    region: 'Västra Götalandsregionen',
    oid: '1.2.752.113.11.0.2.1.1.1',
    // yyyymmddGggC: a real date, G = K (kvinna) / M (man) / X (okänt); gg 06–79, even for K and odd for M,
    // 80–89 for X; C Luhn check digit over the last ten characters with K=5, M=7, X=8.
    pattern:
      '(?<year>\\d{4})(?<month>0[1-9]|1[0-2])(?<day>0[1-9]|[12]\\d|3[01])(?:K(?:0[68]|[1-7][02468])|M(?:0[79]|[1-7][13579])|X8\\d)\\d',
    description: 'VGR reservnummer, ÅÅÅÅMMDD + K/M/X + löpnummer + Luhn-kontrollsiffra',
    checkDigit: { algorithm: 'luhn', from: 2, letterValues: { K: 5, M: 7, X: 8 } },
  },
  {
    region: 'Region Värmland',
    oid: '1.2.752.74.9.2',
    // yyyymmddABNC: a real date, A = region letter (Värmland = S), B = F/U/X/P/L (type), N = digit (sex),
    // C = ordinal letter A–Z except V. No check digit. Inera lists digits 1–9 in C for test environments
    // only; those are not accepted here.
    pattern: '(?<year>\\d{4})(?<month>0[1-9]|1[0-2])(?<day>0[1-9]|[12]\\d|3[01])S[FUXPL]\\d[A-UW-Z]',
    description: 'Region Värmland reservnummer, ÅÅÅÅMMDD + S + typ + kön + ordningsbokstav',
  },
  {
    region: 'Inera Carelink (CLNK)',
    oid: '1.2.752.129.2.1.3.2',
    // yyyymmxxNNNC: xx = "representativ siffra för dag", 32–59; NNN serial; C Luhn check digit (over the
    // last ten digits, like a personnummer; verified against Inera's example 198108320014).
    pattern: '\\d{4}(?:0[1-9]|1[0-2])(?:3[2-9]|[45]\\d)\\d{4}',
    description: 'Inera Carelink reservnummer, ÅÅÅÅMM + dag 32–59 + löpnummer + Luhn-kontrollsiffra',
    checkDigit: { algorithm: 'luhn', from: 2 },
  },
];

// ---------------------------------------------------------------------------------------------------------
// Dates

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const key = (y: number, m: number, d: number): number => y * 10_000 + m * 100 + d;

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

/** Real calendar date (proleptic Gregorian; no JS Date, which maps years 0–99 to 1900–1999). */
const isRealDate = (y: number, m: number, d: number): boolean =>
  m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);

/** Day and month that exist in at least one year (29 February allowed). */
const isPossibleDayMonth = (m: number, d: number): boolean => isRealDate(2000, m, d);

const isoDate = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

const NORDIC_DATE = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function nordicCalendarDate(date: Date): Ymd {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new TypeError('validateIdentifier: options.today must be a valid Date');
  }
  const parts = NORDIC_DATE.formatToParts(date);
  const part = (type: 'year' | 'month' | 'day'): number => Number(parts.find((p) => p.type === type)?.value);
  return { y: part('year'), m: part('month'), d: part('day') };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48;

const num = (s: string, from: number, to: number): number => Number(s.slice(from, to));

function invalid(rule: IdentifierRule, type?: IdentifierType): InvalidIdentifier {
  const result: InvalidIdentifier = { valid: false, rule, message: IDENTIFIER_RULE_MESSAGES[rule] };
  if (type !== undefined) result.type = type;
  return result;
}

/** Luhn (mod 10) over values, the last being the check digit. */
function luhnValid(values: readonly number[]): boolean {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    let v = values[values.length - 1 - i] ?? Number.NaN;
    if (i % 2 === 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return Number.isInteger(sum) && sum % 10 === 0;
}

const sexFromDigit = (digit: number): 'female' | 'male' => (digit % 2 === 1 ? 'male' : 'female');

// ---------------------------------------------------------------------------------------------------------
// Sweden: personnummer and samordningsnummer (Skatteverket SKV 704, SKV 707)

/** Personnummer were introduced in 1947; nobody holding one can be born before 1800 (plausibility bound). */
const SE_MIN_BIRTH_YEAR = 1800;

function validateSwedish(compact: string, digits: string, today: Ymd): IdentifierResult {
  const twelve = digits.length === 12;
  const separator = compact.length === digits.length ? '' : compact.charAt(twelve ? 8 : 6);
  const ten = twelve ? digits.slice(2) : digits;

  const mm = num(ten, 2, 4);
  const dd = num(ten, 4, 6);
  const coordination = dd > 60;
  const type: IdentifierType = dd >= 60 ? 'se_samordningsnummer' : 'se_personnummer';

  // Layout: YYMMDD[-+]NNNC or YYYYMMDD[-]NNNC, at most one separator, in its place.
  const separatorOk = twelve
    ? compact === digits || (compact.length === 13 && separator === '-')
    : compact === digits || (compact.length === 11 && (separator === '-' || separator === '+'));
  if (!separatorOk) return invalid('invalid_separator', type);

  // Samordningsnummer: day 61–91. Day 60 (day 0 after subtracting) and 92+ (day 32+) fail the day check.
  const day = coordination ? dd - 60 : dd;
  if (!isPossibleDayMonth(mm, day)) return invalid('invalid_date', type);

  let year: number;
  if (twelve) {
    year = num(digits, 0, 4);
  } else {
    // Latest century that does not put the date in the future; '+' (100 years or older) one century earlier.
    const yy = num(ten, 0, 2);
    year = Math.floor(today.y / 100) * 100 + yy;
    if (key(year, mm, day) > key(today.y, today.m, today.d)) year -= 100;
    if (separator === '+') year -= 100;
  }
  if (year < SE_MIN_BIRTH_YEAR || !isRealDate(year, mm, day)) return invalid('invalid_date', type);
  if (key(year, mm, day) > key(today.y, today.m, today.d)) return invalid('future_date', type);

  const tenDigits = Array.from(ten, (c) => digitAt(c, 0));
  if (!luhnValid(tenDigits)) return invalid('check_digit', type);

  return {
    valid: true,
    type,
    normalized: String(year).padStart(4, '0').slice(0, 2) + ten,
    birthDate: isoDate(year, mm, day),
    sex: sexFromDigit(digitAt(ten, 8)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Norway: fødselsnummer, D-nummer, H-nummer
//
// Check digits (Skatteetaten; ehelse "Identifikatorer for personer", formerly HIS 1001:2010):
//   k1 = 11 - ((3·d1 + 7·d2 + 6·m1 + 1·m2 + 8·å1 + 9·å2 + 4·i1 + 5·i2 + 2·i3) mod 11), 11 → 0, 10 → invalid
//   k2 = 11 - ((5·d1 + 4·d2 + 3·m1 + 2·m2 + 7·å1 + 6·å2 + 5·i1 + 4·i2 + 3·i3 + 2·k1) mod 11), same rules.
// Equivalently: (S1 + k1) mod 11 = 0 and (S2 + k2) mod 11 = 0, where S1/S2 are the weighted sums above
// without k1/k2; a required "10" can never be satisfied by a single digit.
//
// Numbers issued from 1 January 2032 (Skatteetaten, "Nytt fødselsnummer fra 2032",
// https://skatteetaten.github.io/folkeregisteret-api-dokumentasjon/nytt-fodselsnummer-fra-2032/ and
// https://www.skatteetaten.no/deling/opplysninger/folkeregisteropplysninger/pid/):
//   - applies to fødselsnumre and d-numre issued after 1 January 2032, including to people born before 2032;
//   - k1 = {11,12,13,14} - (S1 mod 11), i.e. the remainder (S1 + k1) mod 11 may be 0, 1, 2 or 3 instead of
//     only 0; k1 = 10 is still rejected; k2 is calculated as before (one valid value) from the actual k1;
//   - the numbers are gender-neutral: "systemene skal ikke lenger utlede kjønn fra numrene";
//   - the individual number no longer indicates the century: the birth date must come from Folkeregisteret.
// The same rule is implemented by navikt/fnrvalidator (PR #537), whose test numbers 02013299997,
// 30108299920 (remainder 0) and 30108299939 (remainder 1) come from the Skatteetaten page.
//
// Consequences implemented here:
//   - A remainder 1–3 number can only have been issued under the new rules: accepted (at any `today`, since
//     such numbers may already appear in data), without birthDate or sex. Its DDMMYY must still be a real
//     date in some century from 1854 up to today.
//   - A remainder 0 number is certainly old-style only while `today` is before 2032-01-01: then the old
//     individual-number/century table is enforced and birthDate and sex are returned. From 2032 such a
//     number may have been issued under either rule set, so neither birthDate nor sex can be derived from it
//     (a new number for someone born in 1995 could carry individual number 600, which the old table reads as
//     1895); it is accepted if its DDMMYY is a real, non-future date in some century.
//   - H-nummer are assigned by the health sector (not Skatteetaten) and are not covered by the 2032 change:
//     they keep the old rules (remainder 0 only, century table, sex).

const NO_K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const NO_K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const NO_NEW_RULES_FROM = key(2032, 1, 1);
const NO_MIN_BIRTH_YEAR = 1854;

/** Century from the individual number under the pre-2032 rules (folkeregisterforskriften § 2-2-1). */
function norwegianCentury(individual: number, yy: number): number | undefined {
  if (individual <= 499) return 1900;
  if (individual <= 749 && yy >= 54) return 1800;
  if (yy <= 39) return 2000; // 500–999
  if (individual >= 900) return 1900; // 900–999 with YY 40–99
  return undefined;
}

function validateNorwegian(compact: string, digits: string, today: Ymd): IdentifierResult {
  const first = digitAt(digits, 0);
  const monthTens = digitAt(digits, 2);
  if (first >= 8) return invalid('unknown_format'); // FH-nummer / old-style H-nummer: not supported

  const isD = first >= 4;
  const isH = monthTens === 4 || monthTens === 5;
  const type: IdentifierType = isD ? 'no_d_nummer' : isH ? 'no_h_nummer' : 'no_fodselsnummer';

  // A separator after eight digits is a 12-digit Swedish number with a digit missing.
  const separator8 = compact.length === 12 && (compact.charAt(8) === '-' || compact.charAt(8) === '+');
  if (separator8) return invalid('wrong_length');
  if (!(compact === digits || (compact.length === 12 && compact.charAt(6) === '-'))) {
    return invalid('invalid_separator', type);
  }

  const day = num(digits, 0, 2) - (isD ? 40 : 0);
  const month = num(digits, 2, 4) - (isH ? 40 : 0);
  const yy = num(digits, 4, 6);
  if ((isD && isH) || !isPossibleDayMonth(month, day)) return invalid('invalid_date', type);

  let s1 = 0;
  NO_K1_WEIGHTS.forEach((w, i) => (s1 += w * digitAt(digits, i)));
  let s2 = 0;
  NO_K2_WEIGHTS.forEach((w, i) => (s2 += w * digitAt(digits, i)));
  const k1 = digitAt(digits, 9);
  const k2 = digitAt(digits, 10);
  const k1Remainder = (s1 + k1) % 11; // 0: valid under the old rule; 0–3: valid under the 2032 rule
  const k2Ok = (s2 + k2) % 11 === 0;
  const k1Ok = type === 'no_h_nummer' ? k1Remainder === 0 : k1Remainder <= 3;
  if (!k1Ok || !k2Ok) return invalid('check_digit', type);

  const todayKey = key(today.y, today.m, today.d);
  const certainlyOldRules = type === 'no_h_nummer' || (k1Remainder === 0 && todayKey < NO_NEW_RULES_FROM);

  if (certainlyOldRules) {
    const individual = num(digits, 6, 9);
    const century = norwegianCentury(individual, yy);
    if (century === undefined) return invalid('invalid_individual_number', type);
    const year = century + yy;
    if (!isRealDate(year, month, day)) return invalid('invalid_date', type);
    if (key(year, month, day) > todayKey) return invalid('future_date', type);
    return {
      valid: true,
      type,
      normalized: digits,
      birthDate: isoDate(year, month, day),
      sex: sexFromDigit(digitAt(digits, 8)),
    };
  }

  // Possibly issued under the 2032 rules: the century is unknown.
  let realDate = false;
  for (let century = 1800; century <= today.y; century += 100) {
    const year = century + yy;
    if (year < NO_MIN_BIRTH_YEAR || !isRealDate(year, month, day)) continue;
    realDate = true;
    if (key(year, month, day) <= todayKey) return { valid: true, type, normalized: digits };
  }
  return invalid(realDate ? 'future_date' : 'invalid_date', type);
}

// ---------------------------------------------------------------------------------------------------------
// Reservnummer

const compiledPatterns = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = compiledPatterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      throw new Error(`Invalid reservnummer pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`);
    }
    compiledPatterns.set(pattern, re);
  }
  return re;
}

function checkDigitOk(value: string, check: ReservnummerCheckDigit): boolean {
  const values = Array.from(value.slice(check.from), (c) => {
    if (c >= '0' && c <= '9') return digitAt(c, 0);
    const letter = check.letterValues?.[c];
    return letter !== undefined && Number.isInteger(letter) && letter >= 0 && letter <= 9 ? letter : Number.NaN;
  });
  return values.length >= 2 && luhnValid(values);
}

/**
 * The first format that fully matches wins. If some pattern matched but its date or check digit failed, that
 * failure is returned (type se_reservnummer) when nothing matched fully; undefined when no pattern matched.
 */
function matchReservnummer(upper: string, formats: readonly ReservnummerFormat[]): IdentifierResult | undefined {
  const candidates = upper.includes('-') ? [upper, upper.replace(/-/g, '')] : [upper];
  let failure: InvalidIdentifier | undefined;
  for (const format of formats) {
    const re = compile(format.pattern);
    for (const candidate of candidates) {
      const match = re.exec(candidate);
      if (match === null) continue;
      const g = match.groups;
      if (g?.year !== undefined && g.month !== undefined && g.day !== undefined) {
        if (!isRealDate(Number(g.year), Number(g.month), Number(g.day))) {
          failure ??= invalid('invalid_date', 'se_reservnummer');
          continue;
        }
      }
      if (format.checkDigit !== undefined && !checkDigitOk(candidate, format.checkDigit)) {
        failure ??= invalid('check_digit', 'se_reservnummer');
        continue;
      }
      return {
        valid: true,
        type: 'se_reservnummer',
        normalized: candidate,
        region: { name: format.region, oid: format.oid },
      };
    }
  }
  return failure;
}

/**
 * Date (6 or 8 digits) followed by four characters, at least one a letter (Socialstyrelsen's advice for
 * reservnummer). Only tested on input that contains a letter, which can then only be among the last four.
 */
const RESERVNUMMER_LIKE = /^(?:\d{6}|\d{8})-?[0-9A-Z]{4}$/;

// ---------------------------------------------------------------------------------------------------------
// Entry point

/** Hyphen-like characters that arrive through copy and paste: treated as '-'. */
const DASHES = /[\u2010-\u2015\u2212\uFE63\uFF0D]/g;

/**
 * Validates and normalises a national patient identifier.
 *
 * Order: Swedish (10 or 12 digits) or Norwegian (11 digits) number; if that is not valid, the reservnummer
 * formats (`options.reservnummerFormats ?? DEFAULT_RESERVNUMMER_FORMATS`). A valid personnummer or
 * samordningsnummer therefore always wins over a reservnummer format that would also match it. When both
 * fail, a reservnummer format whose pattern matched but whose date or check digit failed is reported
 * instead of the national-number error, unless that error is a wrong check digit.
 *
 * Normalised forms: personnummer/samordningsnummer 12 digits without separator (YYYYMMDDNNNC; samordnings-
 * nummer keep day + 60); Norwegian numbers 11 digits; reservnummer as described on ReservnummerFormat.
 */
export function validateIdentifier(input: string, options: IdentifierOptions = {}): IdentifierResult {
  const compact = (typeof input === 'string' ? input : '').replace(/\s+/g, '').replace(DASHES, '-');
  if (compact === '') return invalid('empty');
  const upper = compact.toUpperCase();
  // The system time only for callers without a clock (dependency-free module); services pass `today` from the injected clock.
  const today = nordicCalendarDate(options.today ?? new Date());
  const formats = options.reservnummerFormats ?? DEFAULT_RESERVNUMMER_FORMATS;

  let national: InvalidIdentifier | undefined;
  if (/^[0-9+-]+$/.test(upper)) {
    const digits = upper.replace(/[+-]/g, '');
    let result: IdentifierResult;
    if (digits.length === 0) result = invalid('unknown_format');
    else if (digits.length === 10 || digits.length === 12) result = validateSwedish(upper, digits, today);
    else if (digits.length === 11) result = validateNorwegian(upper, digits, today);
    else result = invalid('wrong_length');
    if (result.valid) return result;
    national = result;
  }

  const reserv = matchReservnummer(upper, formats);
  if (reserv !== undefined && (reserv.valid || national === undefined || national.rule !== 'check_digit')) {
    return reserv;
  }
  if (national !== undefined) return national;

  // Letters, or characters other than digits, '-' and '+'.
  if (RESERVNUMMER_LIKE.test(upper)) return invalid('reservnummer_format', 'se_reservnummer');
  return invalid('invalid_characters');
}

/**
 * Keeps only the birth-date part of a normalised identifier and masks the rest with '*', for logs and UI:
 * 12 characters starting with YYYYMM, YYYY 1800–2099 (personnummer, samordningsnummer, date-based
 * reservnummer) keep 8; 11-digit Norwegian numbers keep DDMMYY; 10-digit Swedish numbers keep YYMMDD.
 * Anything else, including reservnummer without a birth date (Region Stockholm's 99…), is fully masked.
 */
export function maskIdentifier(normalized: string): string {
  const mask = (keep: number): string => normalized.slice(0, keep) + '*'.repeat(normalized.length - keep);
  if (/^(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}[0-9A-Z]{4}$/.test(normalized)) return mask(8);
  if (/^\d{10,11}$/.test(normalized)) return mask(6);
  return '*'.repeat(normalized.length);
}
