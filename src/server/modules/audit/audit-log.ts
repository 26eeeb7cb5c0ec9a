import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RequestContext } from '../rights/actor.js';
import { rolesIn } from '../rights/access.js';
import { GENESIS_HASH, eventHash } from './audit-hash.js';
import type { AuditEventRow, AuditFilter, AuditRepository } from './audit-repository.js';

export type AuditOutcome = 'success' | 'refused' | 'failure';

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  departmentId?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  patientId?: string | null;
  details?: Record<string, unknown>;
  /** For events before anyone is authenticated (failed logins): the name that was tried. */
  username?: string | null;
  userId?: string | null;
}

export interface AuditEvent {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  departmentId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  outcome: string;
  clientIp: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export type VerifyProblem = 'changed' | 'removed' | 'reordered';

export type VerifyResult =
  | { ok: true; events: number }
  | { ok: false; events: number; seq: number; problem: VerifyProblem; message: string };

export const toAuditEvent = (row: AuditEventRow): AuditEvent => ({
  seq: Number(row.seq),
  at: row.at,
  userId: row.user_id,
  username: row.username,
  role: row.role,
  departmentId: row.department_id,
  action: row.action,
  objectType: row.object_type,
  objectId: row.object_id,
  patientId: row.patient_id,
  outcome: row.outcome,
  clientIp: row.client_ip,
  requestId: row.request_id,
  details: JSON.parse(row.details) as Record<string, unknown>,
});

/** The one writer of the append-only, hash-chained audit log. */
export class AuditLog {
  constructor(private readonly repository: AuditRepository) {}

  async record(ctx: RequestContext | null, entry: AuditEntry, executor?: Transaction<DB>): Promise<void> {
    const actor = ctx?.actor ?? null;
    await this.repository.append(
      {
        at: new Date().toISOString(),
        user_id: actor?.userId ?? entry.userId ?? null,
        username: actor?.username ?? entry.username ?? null,
        role: actor ? rolesIn(actor, entry.departmentId) || null : null,
        department_id: entry.departmentId ?? null,
        action: entry.action,
        object_type: entry.objectType ?? null,
        object_id: entry.objectId ?? null,
        patient_id: entry.patientId ?? null,
        outcome: entry.outcome,
        client_ip: ctx?.clientIp ?? null,
        request_id: ctx?.requestId ?? null,
        // A request made with an API token names the token (its id, never the secret) in every event.
        details: JSON.stringify(ctx?.tokenId ? { ...entry.details, tokenId: ctx.tokenId } : (entry.details ?? {})),
      },
      executor,
    );
  }

  async list(filter: AuditFilter, page: number, pageSize: number) {
    const { items, total } = await this.repository.list(filter, page, pageSize);
    return { items: items.map(toAuditEvent), total };
  }

  async *iterate(filter: AuditFilter): AsyncGenerator<AuditEvent> {
    for await (const row of this.repository.iterate(filter)) yield toAuditEvent(row);
  }

  /**
   * Walks the chain from the first event and reports the first one that was changed, removed
   * or moved. Each event's hash covers its content and its predecessor's hash; the chain head
   * row records the newest event, so removing events at the end is found too.
   */
  async verify(): Promise<VerifyResult> {
    let expectedSeq = 1;
    let previous: AuditEventRow | null = null;
    let count = 0;
    const seenHashes = new Map<string, number>();
    for await (const row of this.repository.iterate()) {
      const seq = Number(row.seq);
      count++;
      if (seq !== expectedSeq) {
        return {
          ok: false,
          events: count,
          seq: expectedSeq,
          problem: 'removed',
          message: `Event ${expectedSeq}${seq - 1 > expectedSeq ? `–${seq - 1}` : ''} is missing: the log jumps from ${expectedSeq - 1} to ${seq}.`,
        };
      }
      if (eventHash(row) !== row.hash) {
        return { ok: false, events: count, seq, problem: 'changed', message: `Event ${seq} was changed: its content does not match its hash.` };
      }
      const expectedPrev = previous ? previous.hash : GENESIS_HASH;
      if (row.prev_hash !== expectedPrev) {
        // The event is intact but does not follow its neighbour: it was moved, or one before it removed.
        // Its predecessor still being somewhere in the log means the order changed; gone means removed.
        const movedFrom = seenHashes.has(row.prev_hash) || (await this.appearsAfter(row.prev_hash, seq));
        return movedFrom
          ? { ok: false, events: count, seq, problem: 'reordered', message: `Event ${seq} is out of order: it was moved from another place in the log.` }
          : { ok: false, events: count, seq, problem: 'removed', message: `An event before ${seq} was removed: the chain is broken there.` };
      }
      seenHashes.set(row.hash, seq);
      previous = row;
      expectedSeq++;
    }
    const head = await this.repository.head();
    const lastHash = previous ? previous.hash : GENESIS_HASH;
    if (head.seq !== expectedSeq - 1 || head.hash !== lastHash) {
      return {
        ok: false,
        events: count,
        seq: expectedSeq,
        problem: 'removed',
        message:
          head.seq > expectedSeq - 1
            ? `Events ${expectedSeq}–${head.seq} at the end of the log were removed.`
            : `The chain head does not match the last event ${expectedSeq - 1}.`,
      };
    }
    return { ok: true, events: count };
  }

  private async appearsAfter(hash: string, afterSeq: number): Promise<boolean> {
    for await (const row of this.repository.iterate()) {
      if (Number(row.seq) > afterSeq && row.hash === hash) return true;
    }
    return false;
  }
}
