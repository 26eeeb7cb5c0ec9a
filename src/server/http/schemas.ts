import { z } from 'zod';

export const errorBody = z.object({ code: z.string(), message: z.string() }).loose();

/** The error answers every route can give, documented once for the OpenAPI description. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
} as const;

export const idParams = z.strictObject({ id: z.string().min(1).max(64) });

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

const daysInMonth = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * A real calendar date or date and time, as ISO 8601 (`2026-11-22`, `2026-11-22T08:00`,
 * `2026-11-22T08:00:00.123+01:00`, `...Z`): month 1–12, a day that exists in that month (leap years
 * included), hours 0–23, minutes and seconds 0–59, an offset of at most ±23:59. Returns the instant
 * (a date alone is midnight UTC, a time without offset is local time, as before), or null for
 * anything else: `2026-13-45`, `2026-02-30`, `T25:61` and every form Date.parse would roll over.
 */
export function parseStrictDateTime(value: string): Date | null {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (h === undefined) return new Date(`${y}-${mo}-${d}T00:00:00.000Z`);
  if (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)) return null;
  if (oh !== undefined && (Number(oh) > 23 || (om !== undefined && Number(om) > 59))) return null;
  const ms = (fraction ?? '').padEnd(3, '0').slice(0, 3);
  const offset = zulu ? 'Z' : sign ? `${sign}${oh}:${om ?? '00'}` : '';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}.${ms}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Marks a schema issue as an impossible date, so the error handler answers 400 `invalid_date` naming the field. */
export const INVALID_DATE_PARAMS = { kasusCode: 'invalid_date' } as const;
const DATE_MESSAGE = 'ska vara ett datum eller en tidpunkt som finns, t.ex. 2026-11-22 eller 2026-11-22T08:00:00Z';

/** A real date or time (see parseStrictDateTime), normalised to ISO-8601 UTC. Every date/time parameter uses this or isoDayOrTime. */
export const isoTime = z
  .string()
  .max(40)
  .refine((v) => parseStrictDateTime(v) !== null, { message: DATE_MESSAGE, params: INVALID_DATE_PARAMS })
  .transform((v) => parseStrictDateTime(v)!.toISOString());

/** A whole day (`YYYY-MM-DD`, kept as the day) or a real date and time (normalised to ISO-8601 UTC). */
export const isoDayOrTime = z
  .string()
  .max(40)
  .refine((v) => parseStrictDateTime(v) !== null, { message: DATE_MESSAGE, params: INVALID_DATE_PARAMS })
  .transform((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : parseStrictDateTime(v)!.toISOString()));
