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
 * SHA-256 over the fields in a fixed order, as a JSON array so that no field's text can run into
 * the next. The sequence number is left out on purpose: a moved event keeps a valid hash of its own
 * and is found by the broken link to its neighbours, which tells "reordered" from "changed".
 */
export function eventHash(event: HashedEventContent): string {
  return createHash('sha256')
    .update(JSON.stringify(FIELDS.map((field) => event[field])))
    .digest('hex');
}
