/**
 * How a stored (normalised) patient identifier is shown to people: one formatter for every place an
 * identifier appears (lists, case page, audit log, printed downtime forms, the offline copy's prints).
 *
 * Pure and import-free on purpose: src/web/identifier-format.ts is a byte-identical copy for the browser
 * (the web bundle shares no code with the server), and identifier-format.test.ts fails if the two differ.
 * Birth date and legal sex are derived only where identifier.ts's rules derive them (its tests compare both).
 */

export type FormattedIdentifierType =
  | 'se_personnummer'
  | 'se_samordningsnummer'
  | 'se_reservnummer'
  | 'no_fodselsnummer'
  | 'no_d_nummer'
  | 'no_h_nummer';

export interface IdentifierDescription {
  /** as shown: 19121212-1212, 19121272-1219 (samordningsnummer), 311299 12345 (Norwegian) */
  formatted: string;
  /** YYYY-MM-DD, when the rules define it */
  birthDate?: string;
  /** whole years on `today` (the hospital's calendar date), when the birth date is known */
  age?: number;
  sex?: 'female' | 'male';
}

const SWEDISH = /^(\d{8})(\d{4})$/;
const NORWEGIAN = /^(\d{6})(\d{5})$/;
/** Date-based reservnummer (VGR, Värmland, Carelink): YYYYMMDD + four characters. */
const DATED_RESERV = /^((?:18|19|20)\d{6})-?([0-9A-Z]{4})$/;

/** The identifier as people write it. Unknown shapes are shown unchanged (never hidden, never guessed). */
export function formatIdentifier(normalized: string, type: FormattedIdentifierType | string): string {
  if (type === 'se_personnummer' || type === 'se_samordningsnummer') {
    const m = SWEDISH.exec(normalized);
    return m ? `${m[1]}-${m[2]}` : normalized;
  }
  if (type === 'no_fodselsnummer' || type === 'no_d_nummer' || type === 'no_h_nummer') {
    const m = NORWEGIAN.exec(normalized);
    return m ? `${m[1]} ${m[2]}` : normalized;
  }
  if (type === 'se_reservnummer') {
    const m = DATED_RESERV.exec(normalized);
    return m ? `${m[1]}-${m[2]}` : normalized;
  }
  return normalized;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const sexOf = (d: number): 'female' | 'male' => (d % 2 === 1 ? 'male' : 'female');

/** Calendar date (YYYY-MM-DD) of an instant in a time zone: the hospital's "today". */
export function calendarDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Whole years from birthDate to today (both YYYY-MM-DD); someone born 29 February turns a year older on 1 March. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm * 100 + td < bm * 100 + bd ? 1 : 0);
}

/** Norwegian century from the individual number under the pre-2032 rules (as identifier.ts). */
function norwegianCentury(individual: number, yy: number): number | undefined {
  if (individual <= 499) return 1900;
  if (individual <= 749 && yy >= 54) return 1800;
  if (yy <= 39) return 2000;
  if (individual >= 900) return 1900;
  return undefined;
}

const NO_K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];

function norwegianBirth(n: string, type: string, today: string): { birthDate: string; sex: 'female' | 'male' } | undefined {
  // Numbers that may have been issued under Skatteetaten's 2032 rules carry neither century nor sex:
  // k1 remainder 1–3 always, remainder 0 from 2032 (H-nummer keep the old rules).
  let s1 = 0;
  NO_K1_WEIGHTS.forEach((w, i) => (s1 += w * digit(n, i)));
  const remainder = (s1 + digit(n, 9)) % 11;
  const oldRules = type === 'no_h_nummer' || (remainder === 0 && today < '2032-01-01');
  if (!oldRules) return undefined;
  const yy = Number(n.slice(4, 6));
  const century = norwegianCentury(Number(n.slice(6, 9)), yy);
  if (century === undefined) return undefined;
  const day = Number(n.slice(0, 2)) - (type === 'no_d_nummer' ? 40 : 0);
  const month = Number(n.slice(2, 4)) - (type === 'no_h_nummer' ? 40 : 0);
  return { birthDate: `${century + yy}-${pad(month)}-${pad(day)}`, sex: sexOf(digit(n, 8)) };
}

/**
 * Formatted identifier with birth date, age and legal sex where the rules define them: Swedish personnummer and
 * samordningsnummer (day − 60), Norwegian fødselsnummer, D-nummer (day − 40) and H-nummer (month − 40) under the
 * pre-2032 rules. Reservnummer carry none (their dates are not birth dates by rule).
 * `today` is the hospital's calendar date (calendarDate(clock.now(), timeZone)), never the browser's.
 */
export function describeIdentifier(normalized: string, type: FormattedIdentifierType | string, today: string): IdentifierDescription {
  const result: IdentifierDescription = { formatted: formatIdentifier(normalized, type) };
  let birth: { birthDate: string; sex: 'female' | 'male' } | undefined;
  if ((type === 'se_personnummer' || type === 'se_samordningsnummer') && SWEDISH.test(normalized)) {
    const day = Number(normalized.slice(6, 8)) - (type === 'se_samordningsnummer' ? 60 : 0);
    birth = { birthDate: `${normalized.slice(0, 4)}-${normalized.slice(4, 6)}-${pad(day)}`, sex: sexOf(digit(normalized, 10)) };
  } else if ((type === 'no_fodselsnummer' || type === 'no_d_nummer' || type === 'no_h_nummer') && NORWEGIAN.test(normalized)) {
    birth = norwegianBirth(normalized, type, today);
  }
  if (birth) {
    result.birthDate = birth.birthDate;
    result.sex = birth.sex;
    result.age = ageOn(birth.birthDate, today);
  }
  return result;
}
