/**
 * "Who do I call now?": which numbers of the contacts directory are valid at an instant, by the
 * weekday and wall-clock time in the hospital's IANA time zone (daylight saving included).
 * Pure functions; no database, no clock.
 */

export const CONTACT_KINDS = ['phone', 'fax', 'email'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A time window in local time on the given weekdays, `from` inclusive, `to` exclusive. When `to`
 * is not after `from` the window crosses midnight: it starts on the listed day and ends on the next
 * (e.g. a night number 22:00–07:00). `to` may be `24:00` (end of the day).
 */
export interface ValidityWindow {
  /** 1 = Monday … 7 = Sunday. */
  days: number[];
  from: string;
  to: string;
}

export interface ContactLike {
  site: string;
  function: string;
  priority: number;
  /** Empty: valid at every hour. */
  validity: ValidityWindow[];
}

export interface LocalTime {
  /** 1 = Monday … 7 = Sunday. */
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
  /** YYYY-MM-DD in local time. */
  date: string;
  /** HH:MM in local time. */
  time: string;
  /** The zone's offset from UTC at the instant, e.g. `+01:00`. */
  offset: string;
}

const WEEKDAYS: Record<string, Weekday> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows the IANA time zone. */
export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in the zone at the instant (a RangeError for an unknown zone). */
export function localTimeAt(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const wallAsUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hour, minute, Number(parts.second));
  const offsetMinutes = Math.round((wallAsUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return {
    weekday: WEEKDAYS[parts.weekday!]!,
    minutes: hour * 60 + minute,
    date,
    time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    offset: `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`,
  };
}

/** Minutes since midnight of `HH:MM` (24:00 allowed), or null when it is not a time. */
export function parseClock(text: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 24 * 60 ? null : minutes;
}

/** What is wrong with a list of windows, in Swedish, or null when it is valid. */
export function validityError(windows: readonly ValidityWindow[]): string | null {
  for (const [i, w] of windows.entries()) {
    const where = `giltighet ${i + 1}`;
    if (w.days.length === 0) return `Ange minst en veckodag (${where}).`;
    if (w.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return `Veckodagar anges 1 (måndag) till 7 (söndag) (${where}).`;
    const from = parseClock(w.from);
    const to = parseClock(w.to);
    if (from === null || from === 24 * 60) return `Starttiden ska vara en tid TT:MM, 00:00–23:59 (${where}).`;
    if (to === null) return `Sluttiden ska vara en tid TT:MM, 00:00–24:00 (${where}).`;
    if (from === to) return `Start och slut kan inte vara samma tid; använd 00:00–24:00 för hela dygnet (${where}).`;
  }
  return null;
}

const previousDay = (day: Weekday): Weekday => (day === 1 ? 7 : ((day - 1) as Weekday));

/** Whether one window covers the local time. */
export function windowCovers(window: ValidityWindow, at: Pick<LocalTime, 'weekday' | 'minutes'>): boolean {
  const from = parseClock(window.from);
  const to = parseClock(window.to);
  if (from === null || to === null) return false;
  if (from < to) return window.days.includes(at.weekday) && at.minutes >= from && at.minutes < to;
  // Crosses midnight: the evening of a listed day, or the early hours after one.
  return (window.days.includes(at.weekday) && at.minutes >= from) || (window.days.includes(previousDay(at.weekday)) && at.minutes < to);
}

/** Whether a contact is valid at the local time (no windows: always). */
export function validAt(contact: Pick<ContactLike, 'validity'>, at: Pick<LocalTime, 'weekday' | 'minutes'>): boolean {
  return contact.validity.length === 0 || contact.validity.some((w) => windowCovers(w, at));
}

const fold = (text: string) => text.trim().toLocaleLowerCase('sv');

export interface CallFilter {
  site?: string;
  function?: string;
}

/**
 * The contacts valid at the instant in the zone, matching the filter (site and function compared
 * without regard to case), lowest priority number first, then by site, function and order given.
 */
export function whoToCallNow<C extends ContactLike>(contacts: readonly C[], instant: Date, timeZone: string, filter: CallFilter = {}): { local: LocalTime; contacts: C[] } {
  const local = localTimeAt(instant, timeZone);
  const matches = contacts
    .map((contact, index) => ({ contact, index }))
    .filter(({ contact }) => filter.site === undefined || fold(contact.site) === fold(filter.site))
    .filter(({ contact }) => filter.function === undefined || fold(contact.function) === fold(filter.function))
    .filter(({ contact }) => validAt(contact, local));
  matches.sort(
    (a, b) =>
      a.contact.priority - b.contact.priority ||
      a.contact.site.localeCompare(b.contact.site, 'sv') ||
      a.contact.function.localeCompare(b.contact.function, 'sv') ||
      a.index - b.index,
  );
  return { local, contacts: matches.map((m) => m.contact) };
}
