import type { Right } from './rights.js';

/** A role held by a user in one department. */
export interface Assignment {
  departmentId: string;
  departmentHsaId: string;
  departmentName: string;
  roleId: string;
  roleName: string;
  global: boolean;
  rights: Right[];
}

/** The authenticated caller, loaded afresh on every request so that changes apply at once. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  via: 'session' | 'token';
  assignments: Assignment[];
}

/** What every service receives from a route: who asks, from where, in which request. */
export interface RequestContext {
  actor: Actor | null;
  clientIp: string | null;
  requestId: string;
  /** The API token the request was made with (its id, never the secret); absent for sessions. */
  tokenId?: string | null;
  /** Set when the session was opened by a launch from the EHR (issue 15); absent or null otherwise. */
  ehr?: EhrMark | null;
}

/** Why an EHR-launched session is read-only: the launch asked for read mode, or the EHR's registry status is read_only. */
export type EhrReadOnly = 'ehr_launch' | 'ehr_system';

/** The marks of a session opened from the EHR: M5 accepts audio and ultrasound only with one. */
export interface EhrMark {
  readOnly: EhrReadOnly | null;
}
