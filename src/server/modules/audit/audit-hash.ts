import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event's hash covers: everything it says, and the hash of the event before it. */
export interface HashedEventContent {
  at: string;
  user_id: string | null;
  username: string | null;
  role: string | null;
  department_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  patient_id: string | null;
  outcome: string;
  client_ip: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
}

const FIELDS: (keyof HashedEventContent)[] = [
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
];

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
