import { systemClock, type Clock } from '../../clock.js';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RequestContext } from '../rights/actor.js';
import { rolesIn } from '../rights/access.js';
import type { AuditEntry, AuditRecorder } from '../rights/audit-recorder.js';
import { AuditAppender } from './audit-appender.js';
import { checkpointMessage, type CheckpointEntry, type SignedCheckpoint } from './audit-checkpoints.js';
import { GENESIS_HASH, canonicalJson, eventHash } from './audit-hash.js';
import { verifySignature, type PublicKeyInfo } from './audit-key.js';
import type { AuditEventRow, AuditFilter, AuditRepository } from './audit-repository.js';
import type { HashedEventContent } from './audit-hash.js';
import type { AuditEvent } from './audit-event.js';

// The entry's shape is the rights module's, which writes to the log through AuditRecorder.
export type { AuditEntry, AuditOutcome } from '../rights/audit-recorder.js';


export type { AuditEvent } from './audit-event.js';

/** What verification can find: see `AuditLog.verify`. */
export type VerifyProblem = 'changed' | 'removed' | 'reordered' | 'cut' | 'recomputed' | 'bad-signature';

/** One break in the log: its kind, the first and last event it concerns, and what was found. */
export interface VerifyBreak {
  kind: VerifyProblem;
  firstSeq: number;
  lastSeq: number;
  message: string;
  /** For checkpoints: where the checkpoint came from ("database", or "file line 3"). */
  source?: string;
}

export interface VerifyResult {
  /** True only when no break was found. */
  ok: boolean;
  /** Events read. */
  events: number;
  /** The last event in the log (0 when empty). */
  lastSeq: number;
  /** Checkpoints checked (database and files), and the newest one whose signature is valid. */
  checkpoints: { checked: number; valid: number; latest: { seq: number; at: string } | null };
  /** Every break found, in the order of the log. */
  breaks: VerifyBreak[];
}

export interface VerifyOptions {
  /** Checkpoints to compare the chain with (the database's own and those of a file kept elsewhere). */
  checkpoints?: CheckpointEntry[];
  /** The public keys checkpoints may be signed with. */
  publicKeys?: PublicKeyInfo[];
}

/** How many broken links are looked up in the whole log (to tell moved from removed); later ones count as removed. */
const LINK_LOOKUPS = 1000;

const range = (first: number, last: number, one: string, many: string) => (first === last ? `${one} ${first}` : `${many} ${first}–${last}`);

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

export interface AuditLogOptions {
  /**
   * Benchmarks only (bench/audited-throughput.ts measures what audit costs): record nothing at all.
   * Never set by configuration or environment: a running Kasus always audits (DESIGN §3.3).
   */
  discardForBenchmark?: boolean;
}

/** The one writer of the append-only, hash-chained audit log. */
export class AuditLog implements AuditRecorder {
  private checkpointSource: (() => Promise<Required<VerifyOptions>>) | null = null;
  /** Events recorded outside a caller's transaction, group-committed (see AuditAppender). */
  readonly appender: AuditAppender<Omit<HashedEventContent, 'prev_hash'>>;
  private readonly discard: boolean;

  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: Clock = systemClock,
    options: AuditLogOptions = {},
  ) {
    this.appender = new AuditAppender((contents) => repository.appendBatch(contents));
    this.discard = options.discardForBenchmark === true;
  }

  /** Where `verify()` without checkpoints given takes them from (the database's, with this Kasus's key). */
  useCheckpoints(source: () => Promise<Required<VerifyOptions>>): void {
    this.checkpointSource = source;
  }

  /**
   * Records one event. With `executor` (the caller's transaction) the event is written in that
   * transaction and shares its fate. Without one it joins the next group-committed batch: the promise
   * resolves once the batch is durable, and rejects when the batch could not be written.
   */
  async record(ctx: RequestContext | null, entry: AuditEntry, executor?: Transaction<DB>): Promise<void> {
    const actor = ctx?.actor ?? null;
    // Built (and so checked) here, before queueing: an event that cannot be encoded fails alone.
    const content: Omit<HashedEventContent, 'prev_hash'> = {
      at: this.clock.now().toISOString(),
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
      // Strings inside the details in the canonical encoding too (the repository makes the rest canonical).
      // A request made with an API token names the token (its id, never the secret) in every event.
      details: JSON.stringify(canonicalJson(ctx?.tokenId ? { ...entry.details, tokenId: ctx.tokenId } : (entry.details ?? {}))),
    };
    if (this.discard) return;
    if (executor) await this.repository.append(content, executor);
    else await this.appender.append(content);
  }

  /** A page of events and their count (only up to `countUpTo` when given: see AuditRepository.list). */
  async list(filter: AuditFilter, page: number, pageSize: number, countUpTo?: number) {
    const { items, total, totalIsLowerBound } = await this.repository.list(filter, page, pageSize, countUpTo);
    return { items: items.map(toAuditEvent), total, totalIsLowerBound };
  }

  /** The names of what a page of events concerns, for people reading the log (nothing is written). */
  names(events: AuditEvent[]) {
    return this.repository.names(events);
  }

  async *iterate(filter: AuditFilter): AsyncGenerator<AuditEvent> {
    for await (const row of this.repository.iterate(filter)) yield toAuditEvent(row);
  }

  /**
   * Walks the whole chain and lists every break, not only the first:
   * - changed: an event's content does not match its own hash;
   * - removed: sequence numbers are missing, or an intact event does not follow its neighbour and
   *   its predecessor is nowhere in the log (removed and the rest renumbered, or rewritten);
   * - reordered: an intact event's predecessor is elsewhere in the log;
   * - cut: the chain head or a signed checkpoint names events beyond the end of the log;
   * - recomputed: the event at a signed checkpoint has another hash than was signed (the chain
   *   was rewritten and its hashes recomputed, which the walk alone cannot see);
   * - bad-signature: a checkpoint whose signature does not verify with a trusted key.
   */
  async verify(given: VerifyOptions = {}): Promise<VerifyResult> {
    const options = given.checkpoints === undefined && this.checkpointSource ? { ...(await this.checkpointSource()), ...given } : given;
    const entries = options.checkpoints ?? [];
    const keys = new Map((options.publicKeys ?? []).map((k) => [k.keyId, k]));
    const breaks: VerifyBreak[] = [];
    // Runs of changed or reordered events are one break each.
    const add = (kind: VerifyProblem, seq: number) => {
      const last = breaks[breaks.length - 1];
      if (last && last.kind === kind && (kind === 'changed' || kind === 'reordered') && last.lastSeq === seq - 1) {
        last.lastSeq = seq;
      } else {
        breaks.push({ kind, firstSeq: seq, lastSeq: seq, message: '' });
      }
    };

    // The checkpoints' signatures first: only validly signed ones say anything about the chain.
    const valid: (SignedCheckpoint & { source: string })[] = [];
    const checkpointBreaks: VerifyBreak[] = [];
    for (const entry of entries) {
      const c = entry.checkpoint;
      if (!c) {
        checkpointBreaks.push({ kind: 'bad-signature', firstSeq: 0, lastSeq: 0, source: entry.source, message: `${entry.source}: ${entry.error ?? 'not a checkpoint'}.` });
        continue;
      }
      const key = keys.get(c.keyId);
      const problem = !key
        ? `signed with an unknown key ${c.keyId}`
        : verifySignature(key.key, checkpointMessage(c), c.signature)
          ? null
          : 'the signature does not match: the checkpoint was changed or forged';
      if (problem) {
        checkpointBreaks.push({ kind: 'bad-signature', firstSeq: c.seq, lastSeq: c.seq, source: entry.source, message: `Checkpoint of event ${c.seq} at ${c.at} (${entry.source}): ${problem}.` });
      } else {
        valid.push({ ...c, source: entry.source });
      }
    }
    const wanted = new Set(valid.map((c) => c.seq));
    const hashAt = new Map<number, string>([[0, GENESIS_HASH]]);

    // The head as it was before the walk: every event it names was committed before the walk began,
    // so the walk must find them; events written while it runs (a live server) are no break.
    const headBefore = await this.repository.head();
    let expectedSeq = 1;
    let previousHash = GENESIS_HASH;
    let lastSeq = 0;
    let count = 0;
    let lookups = 0;
    for await (const row of this.repository.iterate()) {
      const seq = Number(row.seq);
      count++;
      const gap = seq > expectedSeq;
      if (gap) {
        breaks.push({
          kind: 'removed',
          firstSeq: expectedSeq,
          lastSeq: seq - 1,
          message: `${range(expectedSeq, seq - 1, 'Event', 'Events')} ${seq - 1 > expectedSeq ? 'are' : 'is'} missing: the log jumps from ${expectedSeq - 1} to ${seq}.`,
        });
      }
      if (eventHash(row) !== row.hash) add('changed', seq);
      if (!gap && row.prev_hash !== previousHash) {
        // The event does not follow its neighbour. Its predecessor still being somewhere in the log
        // means the order changed; gone means an event was removed here (or rewritten with a new hash).
        const elsewhere = lookups++ < LINK_LOOKUPS ? await this.repository.seqOfHash(row.prev_hash) : null;
        if (elsewhere !== null) {
          add('reordered', seq);
        } else {
          breaks.push({
            kind: 'removed',
            firstSeq: seq,
            lastSeq: seq,
            message: `The chain is broken before event ${seq}: an event before it was removed (and the later ones renumbered), or event ${seq - 1} was rewritten with a new hash.`,
          });
        }
      }
      if (wanted.has(seq)) hashAt.set(seq, row.hash);
      previousHash = row.hash;
      expectedSeq = seq + 1;
      lastSeq = seq;
    }

    // The end: the head row, then every checkpoint, must not name events beyond the last one.
    let cutTo = lastSeq;
    let cutBy = '';
    const head = await this.repository.head();
    if (headBefore.seq > lastSeq) {
      cutTo = headBefore.seq;
      cutBy = `the chain head names event ${headBefore.seq}`;
    } else if (head.seq < lastSeq || (head.seq === lastSeq && head.hash !== previousHash)) {
      // A head now beyond the last event walked is no break: events were appended after the walk passed.
      breaks.push({
        kind: 'changed',
        firstSeq: lastSeq,
        lastSeq,
        message: `The chain head (event ${head.seq}) does not match the last event ${lastSeq}: the head row or the end of the log was changed.`,
      });
    }
    for (const c of valid) {
      if (c.seq > cutTo) {
        cutTo = c.seq;
        cutBy = `a checkpoint signed at ${c.at} (${c.source}) covers event ${c.seq}`;
      }
    }
    if (cutTo > lastSeq) {
      breaks.push({
        kind: 'cut',
        firstSeq: lastSeq + 1,
        lastSeq: cutTo,
        message: `The log was cut short: ${range(lastSeq + 1, cutTo, 'event', 'events')} at the end ${cutTo > lastSeq + 1 ? 'were' : 'was'} removed (${cutBy}, but the log ends at event ${lastSeq}).`,
      });
    }

    // Each signed (seq, hash) must still be the hash of the event at seq. Consecutive mismatching
    // checkpoints, without a matching one between, are one rewrite.
    const bySeq = new Map<number, SignedCheckpoint & { source: string }>();
    for (const c of valid) if (c.seq <= lastSeq && !bySeq.has(c.seq)) bySeq.set(c.seq, c);
    for (const c of valid) if (c.seq <= lastSeq && hashAt.get(c.seq) !== undefined && hashAt.get(c.seq) !== c.hash) bySeq.set(c.seq, c);
    let lastMatch = 0;
    let rewrite: (VerifyBreak & { count: number; firstAt: string }) | null = null;
    const closeRewrite = () => {
      if (!rewrite) return;
      const { count: n, firstAt, ...found } = rewrite;
      breaks.push({
        ...found,
        message: `The log was rewritten and its hashes recomputed between events ${found.firstSeq} and ${found.lastSeq}: ${n} signed checkpoint${n > 1 ? 's' : ''} (the first signed at ${firstAt}) no longer match${n > 1 ? '' : 'es'} the events' hashes.`,
      });
      rewrite = null;
    };
    for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) {
      const c = bySeq.get(seq)!;
      const actual = hashAt.get(seq);
      if (actual === undefined) continue; // a missing event: reported as removed above
      if (actual === c.hash) {
        closeRewrite();
        lastMatch = seq;
      } else if (rewrite) {
        rewrite.lastSeq = seq;
        rewrite.count++;
      } else {
        rewrite = { kind: 'recomputed', firstSeq: lastMatch + 1, lastSeq: seq, message: '', source: c.source, count: 1, firstAt: c.at };
      }
    }
    closeRewrite();

    for (const b of breaks) {
      if (b.message) continue;
      b.message =
        b.kind === 'changed'
          ? `${range(b.firstSeq, b.lastSeq, 'Event', 'Events')} ${b.firstSeq === b.lastSeq ? 'was' : 'were'} changed: the content does not match the hash.`
          : `${range(b.firstSeq, b.lastSeq, 'Event', 'Events')} ${b.firstSeq === b.lastSeq ? 'is' : 'are'} out of order: moved from another place in the log.`;
    }
    const all = [...breaks, ...checkpointBreaks].sort((a, b) => a.firstSeq - b.firstSeq);
    const latest = valid.reduce<SignedCheckpoint | null>((newest, c) => (!newest || c.at > newest.at ? c : newest), null);
    return {
      ok: all.length === 0,
      events: count,
      lastSeq,
      checkpoints: { checked: entries.length, valid: valid.length, latest: latest ? { seq: latest.seq, at: latest.at } : null },
      breaks: all,
    };
  }
}
