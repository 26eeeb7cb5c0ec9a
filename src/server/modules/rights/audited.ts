import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { hasRight, wasAudited, type Access, type AccessRequest, type CaseScope, type CaseVisibility, type PatientIdentityScope } from './access.js';
import type { Actor, RequestContext } from './actor.js';
import type { AuditEntry, AuditRecorder } from './audit-recorder.js';
import type { Right } from './rights.js';

/**
 * The one seam every patient-data operation goes through (issue 12 point 1; Immich's
 * requireAccess and Medplum's audited repository are the models). An operation is a function
 * given an {@link Operation}; the seam
 * - decides the rights through it (reusing {@link Access}: departments, confidentiality with
 *   emergency opening, the consent hook), auditing each refusal there;
 * - for a change, writes the success event inside the same database transaction as the change
 *   (`op.commit`), so there is never a change without its event nor an event without its change;
 * - for a read, writes the success event before the result is handed back;
 * - on any other error writes one `failure` event (or `refused`, from `op.refuse`).
 * Exactly one event per operation (or one per item, for a request on several: an upload's files, the
 * patients a list names); a second is a programming error. A patient-data service is given this
 * class, not the audit log: the decided actor, the rights checks and the transaction are only handed
 * out inside an operation, and its result only comes back through it, so a new route cannot skip it.
 * test/integration/route-audit.test.ts checks every route.
 */

export type Tx = Transaction<DB>;

/** Opens a database transaction; services.ts gives it the database (no SQL here). */
export interface Transactions {
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** What the event is about; an operation fills in what it learns (the case's department, its patient). */
export interface AuditTarget {
  departmentId?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  patientId?: string | null;
}

/** An error the operation wants audited as a refusal or a failure with these details. */
class Ending extends Error {
  constructor(
    readonly outcome: 'refused' | 'failure',
    readonly error: AppError,
    readonly details: Record<string, unknown>,
  ) {
    super(error.message);
  }
}

/** The handle an operation works through; only the seam makes one. */
export class Operation {
  /** Set once the operation's own event is written (refusals in Access are told apart by wasAudited). */
  recorded = false;
  private committed = false;
  /** Events were written per item (recordItem, refuseItem). */
  itemized = false;
  private decided: Actor | null = null;
  private isTrusted = false;

  constructor(
    private readonly ctx: RequestContext,
    private readonly access: Access,
    private readonly audit: AuditRecorder,
    private readonly transactions: Transactions,
    private actionName: string,
    readonly target: AuditTarget,
    readonly kind: 'read' | 'write',
  ) {}

  get action(): string {
    return this.actionName;
  }

  /** Names the event once the operation knows what it is (e.g. a backlog step: enter or verify); before any event. */
  named(action: string): this {
    if (this.recorded || this.itemized) throw new Error(`${this.actionName}: renamed after its event`);
    this.actionName = action;
    return this;
  }

  /** The authenticated caller (not yet a decision on any right). */
  get caller(): Actor {
    return this.access.authenticated(this.ctx);
  }

  /** The actor whose right was decided; a programming error before any `require…`. */
  get actor(): Actor {
    if (!this.decided) throw new Error(`${this.actionName}: the actor was asked for before any right was decided`);
    return this.decided;
  }

  /** Narrows what the event is about, e.g. once the case is loaded. */
  about(target: AuditTarget): this {
    Object.assign(this.target, target);
    return this;
  }

  /** A right in a department (see Access.require); a refusal is audited there. */
  async require(request: Omit<AccessRequest, 'action'>): Promise<Actor> {
    this.about(pick(request));
    this.decided = await this.access.require(this.ctx, { ...request, action: this.actionName });
    return this.decided;
  }

  /** Any one of the rights in the department; a refusal names the first (Access.require). */
  async requireAny(rights: readonly Right[], request: Omit<AccessRequest, 'action' | 'right'> & { departmentId: string }): Promise<Actor> {
    const actor = this.caller;
    this.about(pick(request));
    if (rights.some((right) => hasRight(actor, right, request.departmentId))) return (this.decided = actor);
    return this.require({ ...request, right: rights[0]! });
  }

  /** A right over a case and everything in it, with confidentiality and consent (Access.requireCase). */
  async requireCase(right: Right, scope: CaseScope, objectType = 'case', objectId?: string): Promise<Actor> {
    this.about({ departmentId: scope.departmentId, patientId: scope.patientId, objectType, objectId: objectId ?? scope.id });
    this.decided = await this.access.requireCase(this.ctx, right, scope, this.action, objectType, objectId);
    return this.decided;
  }

  /** A patient's identity outside a case (Access.requirePatientIdentity). */
  async requirePatientIdentity<P extends { id: string; confidential: boolean }>(
    request: Omit<AccessRequest, 'action'> & { patientId: string },
    load: () => Promise<P>,
    refusal?: string,
  ): Promise<{ actor: Actor; patient: P }> {
    this.about(pick(request));
    const granted = await this.access.requirePatientIdentity(this.ctx, { ...request, action: this.actionName }, load, refusal);
    this.decided = granted.actor;
    return granted;
  }

  /** Records the caller as decided when the operation filters by rights itself (lists, searches). */
  authenticated(): Actor {
    this.decided = this.access.authenticated(this.ctx);
    return this.decided;
  }

  /** A record that does not exist: one failure event, answered as a refusal would be (Access.missing). */
  missing(objectType: string, objectId: string): Promise<never> {
    this.about({ objectType, objectId });
    return this.access.missing(this.ctx, { action: this.actionName, objectType, objectId });
  }

  /** Ends the operation as refused (audited with these details) answering with the error. */
  refuse(error: AppError, details: Record<string, unknown>): never {
    throw new Ending('refused', error, details);
  }

  /** Ends the operation as failed (audited with these details, e.g. a masked identifier not found). */
  fail(error: AppError, details: Record<string, unknown>): never {
    throw new Ending('failure', error, details);
  }

  /**
   * An operation the operator runs without a user's rights (demo data, imports from the command
   * line): nothing to decide, still one event.
   */
  trusted(): this {
    this.isTrusted = true;
    return this;
  }

  caseVisibility(scopes: readonly CaseScope[]): Promise<Map<string, CaseVisibility>> {
    return this.access.caseVisibility(this.actor, scopes);
  }

  openedPatients(scopes: readonly PatientIdentityScope[]): Promise<Set<string>> {
    return this.access.openedPatients(this.actor, scopes);
  }

  /**
   * Runs the change in one transaction and writes the success event (with these details) inside
   * it. Keep only the writes in `work`: on SQLite a query outside the transaction would wait for it.
   */
  async commit<R>(work: (tx: Tx) => Promise<R>, details?: Record<string, unknown> | ((result: R) => Record<string, unknown>)): Promise<R> {
    if (this.kind !== 'write') throw new Error(`${this.actionName}: commit in a read`);
    if (this.committed) throw new Error(`${this.actionName}: committed twice (one operation, one change, one event)`);
    if (!this.isTrusted) void this.actor; // a change only after a decided right
    this.committed = true;
    try {
      return await this.transactions.run(async (tx) => {
        const result = await work(tx);
        await this.record('success', typeof details === 'function' ? details(result) : details, tx);
        return result;
      });
    } catch (error) {
      // Rolled back with the change: the event is not there, so the seam records the failure.
      this.recorded = false;
      throw error;
    }
  }

  /**
   * For one request on several items (an upload of several files): the item's own success event,
   * written in the transaction that stores the item (the item's repository opens it). Such an
   * operation has one event per item instead of one in all.
   */
  async recordItem(target: AuditTarget, details?: Record<string, unknown>, tx?: Tx): Promise<void> {
    if (this.recorded) throw new Error(`${this.actionName}: an item after the operation's own event`);
    void this.actor;
    this.itemized = true;
    await this.audit.record(this.ctx, { action: this.actionName, outcome: 'success', ...this.target, ...target, ...(details ? { details } : {}) }, tx);
  }

  /** An item refused (its own event); the operation goes on with the next. */
  async refuseItem(target: AuditTarget, details: Record<string, unknown>): Promise<void> {
    if (this.recorded) throw new Error(`${this.actionName}: an item after the operation's own event`);
    this.itemized = true;
    await this.audit.record(this.ctx, { action: this.actionName, outcome: 'refused', ...this.target, ...target, details });
  }

  /** @internal the seam's own writer; exactly one event per operation. */
  async record(outcome: AuditEntry['outcome'], details: Record<string, unknown> | undefined, tx?: Tx): Promise<void> {
    if (this.recorded) throw new Error(`${this.actionName}: a second audit event in one operation`);
    await this.audit.record(this.ctx, { action: this.actionName, outcome, ...this.target, ...(details ? { details } : {}) }, tx);
    this.recorded = true;
  }

  /** @internal */
  get hasCommitted(): boolean {
    return this.committed;
  }
}

const pick = (request: AuditTarget): AuditTarget => {
  const target: AuditTarget = {};
  for (const key of ['departmentId', 'objectType', 'objectId', 'patientId'] as const) if (request[key] !== undefined) target[key] = request[key];
  return target;
};

/** What a read's operation gives back: the result, and the details its success event carries. */
export interface ReadOutcome<T> {
  result: T;
  details?: Record<string, unknown>;
}

export class AuditedOperations {
  constructor(
    private readonly access: Access,
    private readonly audit: AuditRecorder,
    private readonly transactions: Transactions,
  ) {}

  /**
   * A read of patient data: the operation decides the right through `op`, loads, and returns the
   * result with the details of its event; the success event is written before the result is given.
   */
  read<T>(ctx: RequestContext, action: string, target: AuditTarget, run: (op: Operation) => Promise<ReadOutcome<T>>): Promise<T> {
    return this.run(ctx, action, target, 'read', run, async (op, outcome) => {
      // A read that wrote an event per item (the patients a list names) has its events.
      if (!op.itemized) await op.record('success', outcome.details);
      return outcome.result;
    });
  }

  /**
   * A change of patient data: the operation decides the right through `op` and makes its change
   * with `op.commit(work, details)`, which writes the success event in the change's transaction.
   */
  write<T>(ctx: RequestContext, action: string, target: AuditTarget, run: (op: Operation) => Promise<T>): Promise<T> {
    return this.run(ctx, action, target, 'write', run, async (op, result) => {
      // A change that made none (e.g. an upload without files) is still one event.
      if (!op.hasCommitted && !op.itemized) await op.record('failure', { reason: 'no_change' });
      return result;
    });
  }

  private async run<R, T>(
    ctx: RequestContext,
    action: string,
    target: AuditTarget,
    kind: 'read' | 'write',
    run: (op: Operation) => Promise<R>,
    finish: (op: Operation, result: R) => Promise<T>,
  ): Promise<T> {
    const op = new Operation(ctx, this.access, this.audit, this.transactions, action, { ...target }, kind);
    try {
      return await finish(op, await run(op));
    } catch (error) {
      if (error instanceof Ending) {
        if (!op.recorded) await op.record(error.outcome, error.details);
        throw error.error;
      }
      // Refusals and missing records are audited by Access; not being logged in is the edge's concern.
      const code = error instanceof AppError ? error.code : null;
      if (!op.recorded && !op.itemized && !wasAudited(error) && code !== 'not_authenticated') {
        await op.record('failure', { code: code ?? 'internal' });
      }
      throw error;
    }
  }
}
