// How a refusal of the server is tied to the form field it names, for the admin kit's fields.
import { ApiError, errorField } from '../../api';

/**
 * The request field a refusal names: the `field` of a service refusal, or the first path of a
 * schema refusal ("Uppgifterna är inte giltiga (body): target: får inte vara tomt").
 */
export function refusedField(err: unknown): string | null {
  const named = errorField(err);
  if (named) return named;
  if (!(err instanceof ApiError) || err.code !== 'validation_failed') return null;
  const match = /^[^:]*:\s*([A-Za-z][\w.]*):\s/.exec(err.message);
  return match ? match[1]! : null;
}

/** True when the refusal names this field or a part of it (`templates` matches `templates.sv.body`). */
export function refusesField(err: unknown, field: string): boolean {
  const named = refusedField(err);
  return named !== null && (named === field || named.startsWith(`${field}.`));
}

/** The server's message when the refusal names one of these fields, else null. */
export function fieldMessage(err: unknown, ...fields: string[]): string | null {
  if (!(err instanceof ApiError)) return null;
  return fields.some((f) => refusesField(err, f)) ? err.message : null;
}
