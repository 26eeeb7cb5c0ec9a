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
}
