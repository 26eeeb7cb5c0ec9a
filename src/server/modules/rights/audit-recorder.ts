import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RequestContext } from './actor.js';

export type AuditOutcome = 'success' | 'refused' | 'failure';

/** One event for the audit log: what was done or refused, to what, for whom. */
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

/**
 * Where the rights module writes its decisions (refusals, emergency openings, reports read). The
 * audit module's AuditLog implements it and src/server/services.ts injects it: audit depends on
 * rights (the actor, its roles, the audit routes' own rights check), never the other way round.
 */
export interface AuditRecorder {
  /** With `executor` the event is written inside that transaction (with the change it records). */
  record(ctx: RequestContext | null, entry: AuditEntry, executor?: Transaction<DB>): Promise<void>;
}
