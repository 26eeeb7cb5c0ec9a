import { createHash } from 'node:crypto';
import type { AuditEventTable } from '../../db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event's hash covers: everything it says, and the hash of the event before it. */
export type HashedEventContent = Omit<AuditEventTable, 'seq' | 'hash'>;

// Listed, not derived, because the order is part of the hash and must never change.
const FIELDS = [
  'at',
  'user_id',
  'username',
  'role',
  'department_id',
  'action',
  'object_type',
  'object_id',
  'patient_id',
  'outcome',
  'client_ip',
  'request_id',
  'details',
  'prev_hash',
] as const satisfies readonly (keyof HashedEventContent)[];

// Fails to compile if a column is added to audit_event without being covered by the hash.
type Uncovered = Exclude<keyof HashedEventContent, (typeof FIELDS)[number]>;
const everyColumnHashed: Uncovered extends never ? true : never = true;
void everyColumnHashed;

/**
 * The one text encoding of the audit log: well-formed Unicode without NUL. A lone UTF-16 surrogate
 * becomes U+FFFD (as `toWellFormed` does) and so does NUL, which PostgreSQL's text cannot hold at all
 * and SQLite would keep as other bytes than those hashed. Well-formed text without NUL is returned
 * as it is, so every event hashed before this existed still verifies with the same hash function.
 */
export function canonicalText(text: string): string {
  return text.toWellFormed().replace(/\0/g, '\uFFFD');
}

/** `canonicalText` applied to every string in a JSON value, keys included. */
export function canonicalJson(value: unknown): unknown {
  if (typeof value === 'string') return canonicalText(value);
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson(JSON.parse(JSON.stringify(value)));
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [canonicalText(key), canonicalJson(inner)]));
  }
  return value;
}

/** Every text field of an event in the canonical encoding: what is hashed is exactly what is stored. */
export function canonicalContent<T extends Partial<HashedEventContent>>(content: T): T {
  const out: Record<string, unknown> = { ...content };
  for (const [field, value] of Object.entries(out)) {
    if (typeof value === 'string') out[field] = canonicalText(value);
  }
  return out as T;
}

/**
 * SHA-256 over the fields in a fixed order, as a JSON array so that no field's text can run into
 * the next. The sequence number is left out on purpose: a moved event keeps a valid hash of its own
 * and is found by the broken link to its neighbours, which tells "reordered" from "changed".
 */
export function eventHash(event: HashedEventContent): string {
  return createHash('sha256')
    .update(JSON.stringify(FIELDS.map((field) => event[field])))
    .digest('hex');
}
