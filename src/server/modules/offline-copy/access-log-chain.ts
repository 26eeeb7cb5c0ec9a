import { createHash } from 'node:crypto';

/** One entry of a workstation's local access log (docs/offline-copy-format.md). */
export interface AccessLogEntry {
  seq: number;
  at: string;
  username: string;
  userId: string | null;
  action: string;
  outcome: 'success' | 'refused' | 'failure';
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  departmentId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with every object's keys sorted, at every depth. */
export function canonicalJsonText(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(sorted(value));
}

/** SHA-256 hex of the canonical JSON of the entry without `hash`. */
export function accessLogEntryHash(entry: Omit<AccessLogEntry, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...rest } = entry;
  void _hash;
  return createHash('sha256').update(canonicalJsonText(rest), 'utf8').digest('hex');
}
