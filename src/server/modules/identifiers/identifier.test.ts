import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESERVNUMMER_FORMATS,
  IDENTIFIER_RULE_MESSAGES,
  IDENTIFIER_TYPES,
  maskIdentifier,
  validateIdentifier,
  type IdentifierResult,
  type IdentifierRule,
  type IdentifierType,
  type ReservnummerFormat,
  type ValidIdentifier,
} from './identifier.js';

// Test vectors were computed with an independent implementation of the published formulas (Luhn as
// described by Skatteverket; Skatteetaten's k1/k2 formulas including k1 = {11,12,13,14} - (S mod 11)),
// and cross-checked with published numbers where they exist (cited inline).

/** Midday, so the Nordic calendar date is 2025-06-15 in any server time zone. */
const TODAY = new Date('2025-06-15T10:00:00Z');
/** After Norway's 2032 change. */
const AFTER_2032 = new Date('2033-03-01T10:00:00Z');

const at = (today: Date) => (input: string, formats?: ReservnummerFormat[]) =>
  validateIdentifier(input, formats === undefined ? { today } : { today, reservnummerFormats: formats });
const v = at(TODAY);
const v2033 = at(AFTER_2032);

function valid(
  type: IdentifierType,
  normalized: string,
  birthDate?: string,
  sex?: 'female' | 'male',
  region?: { name: string; oid: string },
): ValidIdentifier {
  const result: ValidIdentifier = { valid: true, type, normalized };
  if (birthDate !== undefined) result.birthDate = birthDate;
  if (sex !== undefined) result.sex = sex;
  if (region !== undefined) result.region = region;
  return result;
}

function invalid(rule: IdentifierRule, type?: IdentifierType): IdentifierResult {
  return type === undefined
    ? { valid: false, rule, message: IDENTIFIER_RULE_MESSAGES[rule] }
    : { valid: false, type, rule, message: IDENTIFIER_RULE_MESSAGES[rule] };
}

const SLL = { name: 'Region Stockholm', oid: '1.2.752.97.3.1.3' };
const VGR = { name: 'Västra Götalandsregionen', oid: '1.2.752.113.11.0.2.1.1.1' };
const VARMLAND = { name: 'Region Värmland', oid: '1.2.752.74.9.2' };
const CLNK = { name: 'Inera Carelink (CLNK)', oid: '1.2.752.129.2.1.3.2' };

describe('exported constants', () => {
  it('lists the identifier types', () => {
    expect(IDENTIFIER_TYPES).toEqual([
      'se_personnummer',
      'se_samordningsnummer',
      'se_reservnummer',
      'no_fodselsnummer',
      'no_d_nummer',
      'no_h_nummer',
    ]);
  });

  it.each<IdentifierRule>([
    'empty',
    'invalid_characters',
    'wrong_length',
    'invalid_date',
    'future_date',
    'check_digit',
    'invalid_separator',
    'invalid_individual_number',
    'unknown_format',
    'reservnummer_format',
  ])('has a Swedish message for rule %s', (rule) => {
    expect(IDENTIFIER_RULE_MESSAGES[rule]).toMatch(/^[A-ZÅÄÖ].{8,}\.$/u);
  });

  it('uses the plain wording for the most common errors', () => {
    expect(IDENTIFIER_RULE_MESSAGES.check_digit).toBe('Kontrollsiffran stämmer inte.');
    expect(IDENTIFIER_RULE_MESSAGES.invalid_date).toBe('Datumet finns inte.');
    expect(Object.keys(IDENTIFIER_RULE_MESSAGES)).toHaveLength(10);
    expect(new Set(Object.values(IDENTIFIER_RULE_MESSAGES)).size).toBe(10);
  });
});

describe('Swedish personnummer and samordningsnummer: valid', () => {
  it.each<[string, ValidIdentifier]>([
    // Skatteverket's classic example number.
    ['19121212-1212', valid('se_personnummer', '191212121212', '1912-12-12', 'male')],
    ['191212121212', valid('se_personnummer', '191212121212', '1912-12-12', 'male')],
    ['121212+1212', valid('se_personnummer', '191212121212', '1912-12-12', 'male')],
    // Without '+', the latest century that is not in the future: 2012.
    ['121212-1212', valid('se_personnummer', '201212121212', '2012-12-12', 'male')],
    ['1212121212', valid('se_personnummer', '201212121212', '2012-12-12', 'male')],
    // Test-personnummer pattern from Skatteverket's test data (1890s, serial 98x).
    ['189001019802', valid('se_personnummer', '189001019802', '1890-01-01', 'female')],
    ['900101+9802', valid('se_personnummer', '189001019802', '1890-01-01', 'female')],
    ['900101-9802', valid('se_personnummer', '199001019802', '1990-01-01', 'female')],
    // Skatteverket's Luhn example (811218-987 → check digit 6).
    ['811218-9876', valid('se_personnummer', '198112189876', '1981-12-18', 'male')],
    ['19900115-2421', valid('se_personnummer', '199001152421', '1990-01-15', 'female')],
    // Leap years.
    ['200002291235', valid('se_personnummer', '200002291235', '2000-02-29', 'male')],
    ['000229-1235', valid('se_personnummer', '200002291235', '2000-02-29', 'male')],
    ['202402291237', valid('se_personnummer', '202402291237', '2024-02-29', 'male')],
    // Month ends.
    ['199001311233', valid('se_personnummer', '199001311233', '1990-01-31', 'male')],
    ['199011301232', valid('se_personnummer', '199011301232', '1990-11-30', 'male')],
    ['180001011238', valid('se_personnummer', '180001011238', '1800-01-01', 'male')],
    // Born today.
    ['202506151238', valid('se_personnummer', '202506151238', '2025-06-15', 'male')],
    ['250615-1238', valid('se_personnummer', '202506151238', '2025-06-15', 'male')],
    // Samordningsnummer: day + 60. Skatteverket's example 701063-2391.
    ['701063-2391', valid('se_samordningsnummer', '197010632391', '1970-10-03', 'male')],
    ['197010632391', valid('se_samordningsnummer', '197010632391', '1970-10-03', 'male')],
    ['199001911230', valid('se_samordningsnummer', '199001911230', '1990-01-31', 'male')],
    ['202402891234', valid('se_samordningsnummer', '202402891234', '2024-02-29', 'male')],
  ])('%s', (input, expected) => {
    expect(v(input)).toStrictEqual(expected);
  });

  it.each<[string, string]>([
    ['  19121212-1212  ', 'surrounding spaces'],
    ['19121212 - 1212', 'spaces around the separator'],
    ['1912 1212 1212', 'spaces inside'],
    ['\t19121212-1212\n', 'tabs and newlines'],
    ['19121212\u20131212', 'en dash from a word processor'],
    ['19121212\u22121212', 'minus sign'],
    ['19121212\u00a0-\u00a01212', 'non-breaking spaces'],
  ])('accepts %j (%s)', (input) => {
    expect(v(input)).toStrictEqual(valid('se_personnummer', '191212121212', '1912-12-12', 'male'));
  });
});

describe('Swedish 10-digit century resolution against today', () => {
  it.each<[string, string, string]>([
    // today = 2025-06-15
    ['250615-1238', '2025-06-15', 'today: this century'],
    ['250616-1237', '1925-06-16', 'tomorrow would be future: previous century'],
    ['250615+1238', '1925-06-15', "'+': exactly 100 years old"],
    ['250616+1237', '1825-06-16', "'+': one century before the '-' reading"],
    ['000229-1235', '2000-02-29', 'leap day in 2000'],
  ])('%s → %s (%s)', (input, birthDate) => {
    const result = v(input);
    expect(result.valid && result.birthDate).toBe(birthDate);
  });

  it('moves with today', () => {
    const result = validateIdentifier('250616-1237', { today: new Date('2025-06-16T10:00:00Z') });
    expect(result).toStrictEqual(valid('se_personnummer', '202506161237', '2025-06-16', 'male'));
  });

  it("refuses a leap day that only exists in the '-' century when written with '+'", () => {
    expect(v('000229+1235')).toStrictEqual(invalid('invalid_date', 'se_personnummer'));
  });
});

describe('Swedish personnummer and samordningsnummer: invalid', () => {
  it.each<[string, IdentifierResult, string]>([
    ['191212121213', invalid('check_digit', 'se_personnummer'), 'check digit off by one'],
    ['19121212-1213', invalid('check_digit', 'se_personnummer'), 'check digit, with separator'],
    ['121212-1213', invalid('check_digit', 'se_personnummer'), 'check digit, 10 digits'],
    ['19121212-2121', invalid('check_digit', 'se_personnummer'), 'transposed digits'],
    ['197010632392', invalid('check_digit', 'se_samordningsnummer'), 'samordningsnummer check digit'],
    ['199002301233', invalid('invalid_date', 'se_personnummer'), '30 February (Luhn correct)'],
    ['202302291238', invalid('invalid_date', 'se_personnummer'), '29 February in a non-leap year'],
    ['190002291235', invalid('invalid_date', 'se_personnummer'), '29 February 1900 (not a leap year)'],
    ['199013011235', invalid('invalid_date', 'se_personnummer'), 'month 13'],
    ['199000011230', invalid('invalid_date', 'se_personnummer'), 'month 00'],
    ['199001001230', invalid('invalid_date', 'se_personnummer'), 'day 00'],
    ['199004311230', invalid('invalid_date', 'se_personnummer'), '31 April'],
    ['199011311231', invalid('invalid_date', 'se_personnummer'), '31 November'],
    ['900132-1232', invalid('invalid_date', 'se_personnummer'), 'day 32, 10 digits'],
    ['179912311231', invalid('invalid_date', 'se_personnummer'), 'before 1800'],
    ['199001601237', invalid('invalid_date', 'se_samordningsnummer'), 'samordningsnummer day 60'],
    ['199001921239', invalid('invalid_date', 'se_samordningsnummer'), 'samordningsnummer day 92'],
    ['202302891235', invalid('invalid_date', 'se_samordningsnummer'), 'samordningsnummer 29 Feb non-leap'],
    ['202506161237', invalid('future_date', 'se_personnummer'), 'tomorrow'],
    ['20250616-1237', invalid('future_date', 'se_personnummer'), 'tomorrow, with separator'],
    ['19121212+1212', invalid('invalid_separator', 'se_personnummer'), "12 digits with '+'"],
    ['1912121+21212', invalid('invalid_separator', 'se_personnummer'), "12 digits, '+' elsewhere"],
    ['1912-12121212', invalid('invalid_separator', 'se_personnummer'), "12 digits, '-' misplaced"],
    ['12121-21212', invalid('invalid_separator', 'se_personnummer'), "10 digits, '-' misplaced"],
    ['121212--1212', invalid('invalid_separator', 'se_personnummer'), 'two separators'],
    ['121212-+1212', invalid('invalid_separator', 'se_personnummer'), 'mixed separators'],
    ['1212-12-1212', invalid('invalid_separator', 'se_personnummer'), 'date written with hyphens'],
    ['-1212121212', invalid('invalid_separator', 'se_personnummer'), 'leading separator'],
  ])('%s → %o (%s)', (input, expected) => {
    expect(v(input)).toStrictEqual(expected);
  });

  it('gives invalid_date for day 32–59 when no reservnummer format uses those days', () => {
    expect(v('199001321232', [])).toStrictEqual(invalid('invalid_date', 'se_personnummer'));
    expect(v('199001591230', [])).toStrictEqual(invalid('invalid_date', 'se_personnummer'));
  });
});

describe('Norwegian fødselsnummer, D-nummer and H-nummer (before 2032)', () => {
  it.each<[string, ValidIdentifier]>([
    // Published example numbers (navikt/fnrvalidator tests, fnrinfo.no, Norsk helsenett test patient 6).
    ['13097248022', valid('no_fodselsnummer', '13097248022', '1972-09-13', 'female')],
    ['29029648784', valid('no_fodselsnummer', '29029648784', '1996-02-29', 'male')],
    ['29020075838', valid('no_fodselsnummer', '29020075838', '2000-02-29', 'female')],
    ['31129956715', valid('no_fodselsnummer', '31129956715', '1899-12-31', 'male')],
    ['11111598403', valid('no_fodselsnummer', '11111598403', '2015-11-11', 'female')],
    ['23114048690', valid('no_fodselsnummer', '23114048690', '1940-11-23', 'female')],
    ['53097248016', valid('no_d_nummer', '53097248016', '1972-09-13', 'female')],
    ['70019950032', valid('no_d_nummer', '70019950032', '1899-01-30', 'female')],
    ['13527248013', valid('no_h_nummer', '13527248013', '1972-12-13', 'female')],
    // Computed vectors.
    ['01019012219', valid('no_fodselsnummer', '01019012219', '1990-01-01', 'female')],
    ['01019012561', valid('no_fodselsnummer', '01019012561', '1990-01-01', 'male')],
    ['31019012312', valid('no_fodselsnummer', '31019012312', '1990-01-31', 'male')],
    ['30119012321', valid('no_fodselsnummer', '30119012321', '1990-11-30', 'male')],
    // Individual number 500–999 with year 00–39: 2000–2039.
    ['01012460046', valid('no_fodselsnummer', '01012460046', '2024-01-01', 'female')],
    ['01015460020', valid('no_fodselsnummer', '01015460020', '1854-01-01', 'female')],
    ['01014595089', valid('no_fodselsnummer', '01014595089', '1945-01-01', 'female')],
    ['29020050088', valid('no_fodselsnummer', '29020050088', '2000-02-29', 'female')],
    ['29029612410', valid('no_fodselsnummer', '29029612410', '1996-02-29', 'female')],
    // D-nummer edge days: 41 (the 1st) and 71 (the 31st).
    ['41019012393', valid('no_d_nummer', '41019012393', '1990-01-01', 'male')],
    ['71019012306', valid('no_d_nummer', '71019012306', '1990-01-31', 'male')],
    // H-nummer edge months: 41 (January) and 52 (December); 50 = October.
    ['01419012382', valid('no_h_nummer', '01419012382', '1990-01-01', 'male')],
    ['01529012310', valid('no_h_nummer', '01529012310', '1990-12-01', 'male')],
    ['01509012330', valid('no_h_nummer', '01509012330', '1990-10-01', 'male')],
    // k2 computed as 11 is written as 0 (navikt/fnrvalidator's "checksum digits that are 11" case).
    ['15021951940', valid('no_fodselsnummer', '15021951940', '2019-02-15', 'male')],
  ])('%s', (input, expected) => {
    expect(v(input)).toStrictEqual(expected);
  });

  it('accepts a hyphen between birth date and personnummer, and spaces', () => {
    expect(v('130972-48022')).toStrictEqual(valid('no_fodselsnummer', '13097248022', '1972-09-13', 'female'));
    expect(v(' 130972 48022 ')).toStrictEqual(valid('no_fodselsnummer', '13097248022', '1972-09-13', 'female'));
  });

  it.each<[string, IdentifierResult, string]>([
    ['13097248032', invalid('check_digit', 'no_fodselsnummer'), 'k1 wrong'],
    ['13097248023', invalid('check_digit', 'no_fodselsnummer'), 'k2 wrong'],
    ['01019012345', invalid('check_digit', 'no_fodselsnummer'), 'made-up number'],
    ['53097248017', invalid('check_digit', 'no_d_nummer'), 'D-nummer k2 wrong'],
    ['13527248014', invalid('check_digit', 'no_h_nummer'), 'H-nummer k2 wrong'],
    ['30029012373', invalid('invalid_date', 'no_fodselsnummer'), '30 February'],
    ['29029712350', invalid('invalid_date', 'no_fodselsnummer'), '29 February 1997'],
    ['29020012380', invalid('invalid_date', 'no_fodselsnummer'), '29 February 1900 (individual 123)'],
    ['01139012328', invalid('invalid_date', 'no_fodselsnummer'), 'month 13'],
    ['32019012351', invalid('invalid_date', 'no_fodselsnummer'), 'day 32'],
    ['31119012360', invalid('invalid_date', 'no_fodselsnummer'), '31 November'],
    ['00019012360', invalid('invalid_date', 'no_fodselsnummer'), 'day 00'],
    ['40019012354', invalid('invalid_date', 'no_d_nummer'), 'D-nummer day 40 (= day 0)'],
    ['72019012345', invalid('invalid_date', 'no_d_nummer'), 'D-nummer day 72 (= day 32)'],
    ['71049012386', invalid('invalid_date', 'no_d_nummer'), 'D-nummer 31 April'],
    ['01409012392', invalid('invalid_date', 'no_h_nummer'), 'H-nummer month 40 (= month 0)'],
    ['01539012300', invalid('invalid_date', 'no_h_nummer'), 'H-nummer month 53 (= month 13)'],
    ['53527248007', invalid('invalid_date', 'no_d_nummer'), 'D- and H-nummer at once'],
    ['01014560013', invalid('invalid_individual_number', 'no_fodselsnummer'), '600 with year 45'],
    ['01014580049', invalid('invalid_individual_number', 'no_fodselsnummer'), '800 with year 45'],
    ['01014060029', invalid('invalid_individual_number', 'no_fodselsnummer'), '600 with year 40'],
    ['01013960069', invalid('future_date', 'no_fodselsnummer'), '600 with year 39 → 2039'],
    ['01015360190', invalid('invalid_individual_number', 'no_fodselsnummer'), '601 with year 53 (before 1854)'],
    ['01013099916', invalid('future_date', 'no_fodselsnummer'), '999 with year 30 → 2030'],
    ['130972+48022', invalid('invalid_separator', 'no_fodselsnummer'), "'+' separator"],
    ['1309-7248022', invalid('invalid_separator', 'no_fodselsnummer'), 'hyphen misplaced'],
    ['81019012387', invalid('unknown_format'), 'first digit 8 (FH-nummer, not supported)'],
  ])('%s → %o (%s)', (input, expected) => {
    expect(v(input)).toStrictEqual(expected);
  });
});

describe('Norwegian numbers: the 2032 rules (Skatteetaten, "Nytt fødselsnummer fra 2032")', () => {
  // Skatteetaten's worked examples: 02013299997 (born 02.01.2032, remainder 0), 30108299920 (born
  // 30.10.1982, remainder 0) and 30108299939 (same person series, remainder 1).
  it.each<[string, IdentifierType, number]>([
    ['30108299939', 'no_fodselsnummer', 1],
    ['30108299947', 'no_fodselsnummer', 2],
    ['30108299955', 'no_fodselsnummer', 3],
    ['01019012308', 'no_fodselsnummer', 1],
    ['41019012490', 'no_d_nummer', 2],
  ])('accepts %s (%s, k1 remainder %i, only valid under the new rule) before 2032, without sex or birth date', (input, type) => {
    expect(v(input)).toStrictEqual(valid(type, input));
  });

  it.each<[string, IdentifierType]>([
    ['30108299939', 'no_fodselsnummer'],
    ['41019012490', 'no_d_nummer'],
  ])('accepts %s after 2032 too', (input, type) => {
    expect(v2033(input)).toStrictEqual(valid(type, input));
  });

  it.each<[string, string]>([
    ['01019012332', 'remainder 4'],
    ['01019012340', 'remainder 5'],
    ['01019012391', 'remainder 10'],
    ['02013299987', 'k1 wrong under both rules (navikt/fnrvalidator)'],
    ['02013299996', 'k2 wrong (navikt/fnrvalidator)'],
  ])('refuses %s (%s) under both rules', (input) => {
    expect(v(input)).toStrictEqual(invalid('check_digit', 'no_fodselsnummer'));
    expect(v2033(input)).toStrictEqual(invalid('check_digit', 'no_fodselsnummer'));
  });

  it('keeps the old check-digit rule for H-nummer (not covered by the change)', () => {
    expect(v('01419012390')).toStrictEqual(invalid('check_digit', 'no_h_nummer'));
    expect(v2033('01419012390')).toStrictEqual(invalid('check_digit', 'no_h_nummer'));
    expect(v2033('01419012382')).toStrictEqual(valid('no_h_nummer', '01419012382', '1990-01-01', 'male'));
  });

  it('derives sex and birth date from a remainder-0 number before 2032 only', () => {
    expect(v('30108299920')).toStrictEqual(valid('no_fodselsnummer', '30108299920', '1982-10-30', 'male'));
    expect(v2033('30108299920')).toStrictEqual(valid('no_fodselsnummer', '30108299920'));
    expect(v2033('13097248022')).toStrictEqual(valid('no_fodselsnummer', '13097248022'));
    expect(v2033('53097248016')).toStrictEqual(valid('no_d_nummer', '53097248016'));
  });

  it('switches on 1 January 2032, Nordic time', () => {
    const lastOldDay = new Date('2031-12-31T22:59:00Z'); // 23:59 in Oslo
    const firstNewDay = new Date('2031-12-31T23:00:00Z'); // 00:00 in Oslo
    expect(validateIdentifier('13097248022', { today: lastOldDay })).toHaveProperty('sex', 'female');
    expect(validateIdentifier('13097248022', { today: firstNewDay })).not.toHaveProperty('sex');
  });

  it("handles Skatteetaten's example for a child born 02.01.2032", () => {
    expect(v('02013299997')).toStrictEqual(invalid('future_date', 'no_fodselsnummer'));
    const born = new Date('2032-01-05T10:00:00Z');
    expect(validateIdentifier('02013299997', { today: born })).toStrictEqual(valid('no_fodselsnummer', '02013299997'));
  });

  it('after 2032 no longer reads the century from the individual number', () => {
    // Individual number 600 with year 45 was never issued under the old rules, but may be under the new.
    expect(v('01014560013')).toStrictEqual(invalid('invalid_individual_number', 'no_fodselsnummer'));
    expect(v2033('01014560013')).toStrictEqual(valid('no_fodselsnummer', '01014560013'));
    // 999 with year 30 meant 2030 (future in 2025); after 2032 it can be someone born in 1930.
    expect(v2033('01013099916')).toStrictEqual(valid('no_fodselsnummer', '01013099916'));
  });

  it('still needs a real date for new-rule numbers', () => {
    expect(v('30020110186')).toStrictEqual(invalid('invalid_date', 'no_fodselsnummer')); // 30 February
    // 29.02.01: no year ending in 01 is a leap year.
    expect(v('29020110056')).toStrictEqual(invalid('invalid_date', 'no_fodselsnummer'));
    expect(v2033('29020110056')).toStrictEqual(invalid('invalid_date', 'no_fodselsnummer'));
  });

  it('refuses a new-rule number whose date is in the future in every century', () => {
    // 17.05.33 with k1 remainder 2: the century is unknown, so it is refused only when every century
    // from 1854 on puts it in the future (1833 is too early, 1933 is tomorrow).
    const early = new Date('1933-05-16T10:00:00Z');
    expect(validateIdentifier('17053399940', { today: early })).toStrictEqual(invalid('future_date', 'no_fodselsnummer'));
    expect(validateIdentifier('17053399940', { today: new Date('1933-05-17T10:00:00Z') })).toStrictEqual(
      valid('no_fodselsnummer', '17053399940'),
    );
  });
});

describe('reservnummer', () => {
  it.each<[string, string, { name: string; oid: string }]>([
    // Inera, "Lokala Reservidn": the published examples, plus a few computed ones (194508320019,
    // 19810829K067, 19810829M790) and input variants.
    ['991981000010', '991981000010', SLL],
    ['991945000023', '991945000023', SLL],
    ['991993000032', '991993000032', SLL],
    ['99-1981-000010', '991981000010', SLL],
    ['19810829M071', '19810829M071', VGR],
    ['19450829K088', '19450829K088', VGR],
    ['19930829X802', '19930829X802', VGR],
    ['19810829m071', '19810829M071', VGR],
    ['19810829-M071', '19810829M071', VGR],
    [' 19810829 M071 ', '19810829M071', VGR],
    ['19810829K067', '19810829K067', VGR],
    ['19810829M790', '19810829M790', VGR],
    ['19810829SU3A', '19810829SU3A', VARMLAND],
    ['19450829SF2B', '19450829SF2B', VARMLAND],
    ['19930829SX0C', '19930829SX0C', VARMLAND],
    ['19930829sx0c', '19930829SX0C', VARMLAND],
    ['198108320014', '198108320014', CLNK],
    ['194508320019', '194508320019', CLNK],
    ['19810832-0014', '198108320014', CLNK],
  ])('%s is a reservnummer (%s)', (input, normalized, region) => {
    expect(v(input)).toStrictEqual(valid('se_reservnummer', normalized, undefined, undefined, region));
  });

  it.each<[string, IdentifierResult, string]>([
    ['991981000011', invalid('check_digit', 'se_reservnummer'), 'SLL check digit'],
    ['19810829M072', invalid('check_digit', 'se_reservnummer'), 'VGR check digit'],
    ['198108320015', invalid('check_digit', 'se_reservnummer'), 'Carelink check digit'],
    ['19810230M074', invalid('invalid_date', 'se_reservnummer'), 'VGR 30 February (Luhn correct)'],
    ['19810230SU3A', invalid('invalid_date', 'se_reservnummer'), 'Värmland 30 February'],
    ['19810829M089', invalid('reservnummer_format', 'se_reservnummer'), 'VGR: even serial with M'],
    ['19810829K075', invalid('reservnummer_format', 'se_reservnummer'), 'VGR: odd serial with K'],
    ['19810829X798', invalid('reservnummer_format', 'se_reservnummer'), 'VGR: X needs serial 80–89'],
    ['19810829K059', invalid('reservnummer_format', 'se_reservnummer'), 'VGR: serial 05 below 06'],
    ['19810829SU3V', invalid('reservnummer_format', 'se_reservnummer'), 'Värmland: V is not used'],
    ['19810829SU31', invalid('reservnummer_format', 'se_reservnummer'), 'Värmland: digit is test only'],
    ['19810829TF10', invalid('reservnummer_format', 'se_reservnummer'), 'unknown regional format'],
    ['810829-TF10', invalid('reservnummer_format', 'se_reservnummer'), 'unknown format, 6-digit date'],
    ['19121212-12A2', invalid('reservnummer_format', 'se_reservnummer'), 'letter among last four'],
  ])('%s → %o (%s)', (input, expected) => {
    expect(v(input)).toStrictEqual(expected);
  });

  it('gives check_digit, not reservnummer_format, for a 12-digit number with a bad Luhn digit', () => {
    expect(v('191212121213')).toStrictEqual(invalid('check_digit', 'se_personnummer'));
    expect(v('199001152422')).toStrictEqual(invalid('check_digit', 'se_personnummer'));
  });

  it('reads an SLL number as a personnummer with an impossible date when no reservnummer format is configured', () => {
    expect(v('991981000010', [])).toStrictEqual(invalid('invalid_date', 'se_personnummer'));
    expect(v('19810829M071', [])).toStrictEqual(invalid('reservnummer_format', 'se_reservnummer'));
  });

  it('uses formats from the options instead of the defaults', () => {
    const formats: ReservnummerFormat[] = [{ region: 'Region Test', oid: '1.2.752.0.0.1', pattern: 'T\\d{4}' }];
    expect(v('t1234', formats)).toStrictEqual(
      valid('se_reservnummer', 'T1234', undefined, undefined, { name: 'Region Test', oid: '1.2.752.0.0.1' }),
    );
    expect(v('991981000010', formats)).toStrictEqual(invalid('invalid_date', 'se_personnummer'));
    expect(v('99190101-1237', formats)).toStrictEqual(invalid('future_date', 'se_personnummer'));
  });

  it('keeps separators that the pattern itself defines', () => {
    const formats: ReservnummerFormat[] = [{ region: 'Region Test', oid: '1.2.752.0.0.2', pattern: '\\d{8}-R\\d{3}' }];
    expect(v('19810829-r123', formats)).toMatchObject({ valid: true, normalized: '19810829-R123' });
    expect(v('19810829R123', formats)).toStrictEqual(invalid('reservnummer_format', 'se_reservnummer'));
  });

  it('anchors patterns', () => {
    const formats: ReservnummerFormat[] = [{ region: 'Region Test', oid: '1.2.752.0.0.3', pattern: 'R\\d{3}|Q\\d' }];
    expect(v('R123', formats).valid).toBe(true);
    expect(v('Q1', formats).valid).toBe(true);
    expect(v('XR123', formats).valid).toBe(false);
    expect(v('R1234', formats).valid).toBe(false);
    expect(v('Q12', formats).valid).toBe(false);
  });

  it('lets a valid personnummer win over a format that would also match it', () => {
    const catchAll: ReservnummerFormat[] = [{ region: 'Region Test', oid: '1.2.752.0.0.4', pattern: '\\d{12}' }];
    expect(v('191212121212', catchAll)).toStrictEqual(valid('se_personnummer', '191212121212', '1912-12-12', 'male'));
    expect(v('191212121213', catchAll)).toMatchObject({ valid: true, type: 'se_reservnummer' });
  });

  it('reports the personnummer check digit, not a reservnummer failure, when both fail', () => {
    const luhnFormat: ReservnummerFormat[] = [
      { region: 'Region Test', oid: '1.2.752.0.0.6', pattern: '\\d{12}', checkDigit: { algorithm: 'luhn', from: 2 } },
    ];
    expect(v('191212121213', luhnFormat)).toStrictEqual(invalid('check_digit', 'se_personnummer'));
    // When the personnummer fails on its date, the matching reservnummer format's failure is reported.
    expect(v('199002301234', luhnFormat)).toStrictEqual(invalid('check_digit', 'se_reservnummer'));
  });

  it('fails loudly on a broken pattern', () => {
    const broken: ReservnummerFormat[] = [{ region: 'Region Test', oid: '1.2.752.0.0.5', pattern: '(' }];
    expect(() => v('ABC', broken)).toThrow(/Invalid reservnummer pattern/);
  });

  it('documents each default format with region, OID under 1.2.752 and a description', () => {
    expect(DEFAULT_RESERVNUMMER_FORMATS.map((f) => f.region)).toEqual([
      'Region Stockholm',
      'Västra Götalandsregionen',
      'Region Värmland',
      'Inera Carelink (CLNK)',
    ]);
    for (const format of DEFAULT_RESERVNUMMER_FORMATS) {
      expect(format.oid).toMatch(/^1\.2\.752(\.\d+)+$/);
      expect(format.description).toBeTruthy();
    }
  });
});

describe('no valid personnummer or samordningsnummer matches a default reservnummer pattern', () => {
  const matchingDefaults = (value: string, formats = DEFAULT_RESERVNUMMER_FORMATS): string[] =>
    formats.filter((f) => new RegExp(`^(?:${f.pattern})$`).test(value)).map((f) => f.region);

  /** Deterministic generator of valid numbers over every day from 1850 to today. */
  function* validSwedishNumbers(): Generator<string> {
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let t = Date.UTC(1850, 0, 1); t <= Date.UTC(2025, 5, 15); t += 86_400_000 * 7) {
      const d = new Date(t + next(7) * 86_400_000);
      const yyyy = String(d.getUTCFullYear());
      const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
      for (const offset of [0, 60]) {
        const dd = String(d.getUTCDate() + offset).padStart(2, '0');
        const payload = yyyy.slice(2) + mm + dd + String(next(1000)).padStart(3, '0');
        let sum = 0;
        for (let i = 0; i < 9; i++) {
          let x = Number(payload[i]) * (i % 2 === 0 ? 2 : 1);
          if (x > 9) x -= 9;
          sum += x;
        }
        yield yyyy.slice(0, 2) + payload + String((10 - (sum % 10)) % 10);
      }
    }
  }

  it('holds for ~18 000 generated numbers, as 12 and 10 digits', () => {
    let count = 0;
    for (const number of validSwedishNumbers()) {
      const result = v(number);
      expect(result.valid && result.type !== 'se_reservnummer').toBe(true);
      expect(matchingDefaults(number)).toEqual([]);
      expect(matchingDefaults(number.slice(2))).toEqual([]);
      expect(matchingDefaults(`${number.slice(2, 8)}-${number.slice(8)}`)).toEqual([]);
      count++;
    }
    expect(count).toBeGreaterThan(18_000);
  });

  it('the check above would catch an overlapping pattern', () => {
    const overlapping: ReservnummerFormat[] = [{ region: 'Overlap', oid: '1.2.752.0', pattern: '\\d{8}\\d{4}' }];
    expect(matchingDefaults('191212121212', overlapping)).toEqual(['Overlap']);
  });
});

describe('other input', () => {
  it.each<[string, IdentifierResult]>([
    ['', invalid('empty')],
    ['   ', invalid('empty')],
    ['\t\n', invalid('empty')],
    ['12345', invalid('wrong_length')],
    ['123456789', invalid('wrong_length')],
    ['1912121212123', invalid('wrong_length')],
    ['19121212-121', invalid('wrong_length')],
    ['121212-121', invalid('wrong_length')],
    ['19121212+121', invalid('wrong_length')],
    ['121212-1212121', invalid('wrong_length')],
    ['abc', invalid('invalid_characters')],
    ['okänd patient', invalid('invalid_characters')],
    ['ABCDEFGHIJKL', invalid('invalid_characters')],
    ['19121212/1212', invalid('invalid_characters')],
    ['1912.12.12-1212', invalid('invalid_characters')],
    ['19121212_1212', invalid('invalid_characters')],
    ['19121212-12A', invalid('invalid_characters')],
    ['19121212-12A45', invalid('invalid_characters')],
    ['A9121212-1212', invalid('invalid_characters')],
    ['-', invalid('unknown_format')],
    ['+-+', invalid('unknown_format')],
  ])('%j → %o', (input, expected) => {
    expect(v(input)).toStrictEqual(expected);
  });

  it('treats a non-string input like empty input', () => {
    expect(validateIdentifier(undefined as unknown as string, { today: TODAY })).toStrictEqual(invalid('empty'));
  });

  it('uses the calendar date in Nordic time, not UTC', () => {
    // 23:30 UTC on 14 June is 01:30 on 15 June in Stockholm and Oslo.
    const lateEvening = new Date('2025-06-14T23:30:00Z');
    expect(validateIdentifier('202506151238', { today: lateEvening }).valid).toBe(true);
    const beforeMidnight = new Date('2025-06-14T21:59:00Z'); // 23:59 on 14 June in Stockholm
    expect(validateIdentifier('202506151238', { today: beforeMidnight })).toStrictEqual(
      invalid('future_date', 'se_personnummer'),
    );
  });

  it('defaults today to now', () => {
    expect(validateIdentifier('19121212-1212').valid).toBe(true);
    expect(validateIdentifier('20990101-1234')).toMatchObject({ valid: false, rule: 'future_date' });
  });

  it('refuses an invalid today', () => {
    expect(() => validateIdentifier('19121212-1212', { today: new Date('nonsense') })).toThrow(TypeError);
  });

  it('always returns the message that belongs to the rule', () => {
    const inputs = ['', 'abc', '12345', '191212121213', '199002301233', '202506161237', '19121212+1212'];
    for (const input of inputs) {
      const result = v(input);
      expect(result.valid).toBe(false);
      if (!result.valid) expect(result.message).toBe(IDENTIFIER_RULE_MESSAGES[result.rule]);
    }
  });
});

describe('maskIdentifier', () => {
  it.each<[string, string]>([
    ['191212121212', '19121212****'],
    ['197010632391', '19701063****'],
    ['13097248022', '130972*****'],
    ['53097248016', '530972*****'],
    ['1212121212', '121212****'],
    ['19810829M071', '19810829****'],
    ['19810829SU3A', '19810829****'],
    ['198108320014', '19810832****'],
    ['991981000010', '************'],
    ['992005010012', '************'],
    ['T1234', '*****'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskIdentifier(input)).toBe(expected);
  });

  it('masks every normalised value a validation returns', () => {
    for (const input of ['19121212-1212', '13097248022', '19810829M071', '991981000010']) {
      const result = v(input);
      if (!result.valid) throw new Error(`expected ${input} to be valid`);
      const masked = maskIdentifier(result.normalized);
      expect(masked).toHaveLength(result.normalized.length);
      expect(masked).not.toBe(result.normalized);
      expect(masked.endsWith('****')).toBe(true);
    }
  });
});
