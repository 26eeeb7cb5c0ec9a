import { systemClock, type Clock } from '../../clock.js';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config/config.js';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Access } from '../rights/access.js';
import type { Actor, Assignment, EhrMark, EhrReadOnly, RequestContext } from '../rights/actor.js';
import { isRight } from '../rights/rights.js';
import { verifyNothing, verifyPassword } from '../users/passwords.js';
import type { UserLookup } from '../users/user-lookup.js';
import type { ApiTokenRow, AuthRepository } from './auth-repository.js';

export const SESSION_COOKIE = 'kasus_session';
export const TOKEN_PREFIX = 'kasus_';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  rights: string[];
  assignments: Assignment[];
}

export interface Authenticated {
  actor: Actor;
  /** Present when authenticated by the session cookie: state-changing requests must echo it. */
  csrfToken: string | null;
  /** The API token's id, when authenticated by a bearer token. */
  tokenId?: string;
  /** The session's EHR marks, when it was opened by a launch from the EHR. */
  ehr?: EhrMark | null;
}

/** A personal API token as its owner and administrators see it (never its secret). */
export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** The token this one was made with; null: made while logged in (a root token). */
  parentId: string | null;
  revokedAt: string | null;
  /** `revoked` also when a token it descends from is revoked; `expired` also when one of them expired. */
  status: 'active' | 'expired' | 'revoked';
}

const DAY_MS = 24 * 3_600_000;
/** A session's expiry and a token's last use are written at most this often (issue 20: no write on every read). */
const TOUCH_INTERVAL_MS = 60_000;
/** Above this many remembered writes, those older than the interval are forgotten (they no longer hold anything back). */
const TOUCH_MEMORY = 10_000;

/** Why a token (given with the tokens it descends from) may not be used now; null when it may. */
function tokenRefusal(lineage: ApiTokenRow[], self: ApiTokenRow, now: string): { reason: string; message: string } | null {
  const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  if (self.revoked_at) return { reason: 'revoked', message: 'API-nyckeln är återkallad. Skapa en ny nyckel om du behöver en.' };
  if (!self.expires_at || self.expires_at <= now) {
    return { reason: 'expired', message: `API-nyckeln gick ut${self.expires_at ? ` ${utc(self.expires_at)}` : ''}. Skapa en ny nyckel om du behöver en.` };
  }
  const ancestors = lineage.filter((t) => t.id !== self.id);
  if (ancestors.some((t) => t.revoked_at)) {
    return { reason: 'parent_revoked', message: 'API-nyckeln gäller inte längre: nyckeln som den skapades med är återkallad.' };
  }
  if (ancestors.some((t) => !t.expires_at || t.expires_at <= now)) {
    return { reason: 'parent_expired', message: 'API-nyckeln gäller inte längre: nyckeln som den skapades med har gått ut.' };
  }
  return null;
}

/** Views of one user's tokens; a token's status follows the tokens it descends from. */
function tokenViews(rows: ApiTokenRow[], now: string): TokenView[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const lineageOf = (row: ApiTokenRow) => {
    const lineage = [row];
    for (let parent = row.parent_id; parent && lineage.length <= rows.length; ) {
      const next = byId.get(parent);
      if (!next) break;
      lineage.push(next);
      parent = next.parent_id;
    }
    return lineage;
  };
  return rows.map((r) => {
    const refusal = tokenRefusal(lineageOf(r), r, now);
    return {
      id: r.id,
      name: r.name,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      expiresAt: r.expires_at,
      parentId: r.parent_id,
      revokedAt: r.revoked_at,
      status: !refusal ? 'active' : refusal.reason.endsWith('revoked') ? 'revoked' : 'expired',
    };
  });
}

/** What a node remembers of a session or token it resolved (issue 20), keyed by the secret's hash. */
interface Resolved {
  /** The access-change counter when it was read: used only while the counter is still there. */
  generation: number;
  actor: Actor;
  csrfToken: string | null;
  /** The session's or token's row id. */
  id: string;
  /** When it stops working (a token: the earliest expiry of its lineage), as an ISO time; null: never. */
  expiresAt: string | null;
  /** When its use was last written (a session's last_seen_at, a token's last_used_at). */
  writtenAt: string | null;
  /** A session's EHR marks (null: an ordinary session, and always for tokens). */
  ehr: EhrMark | null;
}

const ehrMarkOf = (session: { ehr_context: number; ehr_read_only: string | null }): EhrMark | null =>
  session.ehr_context === 1 ? { readOnly: (session.ehr_read_only as EhrReadOnly | null) ?? null } : null;

/** The most sessions and tokens one node remembers; beyond it the memory starts over. */
const RESOLVED_MEMORY = 10_000;

export class AuthService {
  /**
   * Sessions and tokens this node has resolved, with their actors. A request then costs one read of
   * the access-change counter (migration 0024) instead of reading the session or token, the user and
   * the grants; anything that could end or narrow access (revocation, logout, deactivation, role or
   * rights changes, on any node or in the CLI) moves the counter, and every entry read before it is
   * ignored from the next request on.
   */
  private readonly resolved = new Map<string, Resolved>();

  /**
   * When this process last wrote each session's expiry and each token's last use (key: kind and id).
   * Only the writes are held back: the rows themselves are read on every request, so a revoked token,
   * a logged-out or ended session is refused at once, on every node.
   */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly config: Config,
    private readonly repository: AuthRepository,
    private readonly users: UserLookup,
    private readonly audit: AuditLog,
    private readonly access: Access,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Builds the actor from the database, so changes to roles and rights apply to the next request. */
  async loadActor(userId: string, via: Actor['via']): Promise<Actor | null> {
    const user = await this.users.find(userId);
    if (!user || user.active !== 1) return null;
    const grants = await this.users.grantDetails(userId);
    return {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      via,
      assignments: grants.map((g) => ({
        departmentId: g.department_id,
        departmentHsaId: g.department_hsa_id,
        departmentName: g.department_name,
        roleId: g.role_id,
        roleName: g.role_name,
        global: g.role_global === 1,
        rights: (JSON.parse(g.role_rights) as string[]).filter(isRight),
      })),
    };
  }

  sessionUser(actor: Actor): SessionUser {
    return {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      active: true,
      rights: [...new Set(actor.assignments.flatMap((a) => a.rights))].sort(),
      assignments: actor.assignments,
    };
  }

  /**
   * Checks the password; wrong user, wrong password, inactive and locked accounts all get the same
   * answer so that nobody can learn which accounts exist. Lockout counts failures per account.
   */
  async login(ctx: RequestContext, usernameInput: string, password: string) {
    const username = usernameInput.trim().toLowerCase();
    const user = await this.users.findByUsername(username);
    const now = this.clock.now();
    const refuse = async (reason: string, userId: string | null) => {
      await this.audit.record(ctx, { action: 'login', outcome: 'refused', username, userId, details: { reason } });
      return new AppError('invalid_credentials');
    };
    if (!user) {
      await verifyNothing(password);
      throw await refuse('unknown_user', null);
    }
    if (user.locked_until && user.locked_until > now.toISOString()) {
      await verifyNothing(password);
      throw await refuse('locked', user.id);
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const failures = await this.repository.incrementFailedLogins(user.id);
      if (failures >= this.config.lockoutAttempts) {
        const until = new Date(now.getTime() + this.config.lockoutMinutes * 60_000).toISOString();
        await this.repository.lockUntil(user.id, until);
        await this.audit.record(ctx, {
          action: 'account.lock',
          outcome: 'success',
          username,
          userId: user.id,
          objectType: 'user',
          objectId: user.id,
          details: { failedLogins: failures, lockedUntil: until },
        });
      }
      throw await refuse('wrong_password', user.id);
    }
    if (user.active !== 1) throw await refuse('inactive', user.id);
    if (user.failed_logins > 0 || user.locked_until) await this.repository.clearFailedLogins(user.id);

    const actor = await this.loadActor(user.id, 'session');
    if (!actor) throw await refuse('inactive', user.id);
    const { token, csrfToken } = await this.openSession(ctx, actor, null);
    await this.audit.record({ ...ctx, actor }, { action: 'login', outcome: 'success' });
    return { token, csrfToken, user: this.sessionUser(actor) };
  }

  private async openSession(ctx: RequestContext, actor: Actor, ehr: EhrMark | null): Promise<{ token: string; csrfToken: string }> {
    const now = this.clock.now();
    const token = secret();
    const csrfToken = secret();
    await this.repository.insertSession({
      id: sha256(token),
      user_id: actor.userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: this.expiry(now),
      client_ip: ctx.clientIp,
      ehr_context: ehr ? 1 : 0,
      ehr_read_only: ehr?.readOnly ?? null,
    });
    return { token, csrfToken };
  }

  /**
   * A session for a user the EHR vouched for (a verified launch, issue 15): no password, marked with
   * the EHR context. The caller audits the launch. Null when the account is inactive or unknown.
   */
  async startEhrSession(ctx: RequestContext, userId: string, ehr: EhrMark): Promise<{ token: string; csrfToken: string; actor: Actor } | null> {
    const actor = await this.loadActor(userId, 'session');
    if (!actor) return null;
    return { ...(await this.openSession(ctx, actor, ehr)), actor };
  }

  /**
   * Whether a session's or token's use should be written now: not when the row says it was written
   * less than a minute ago (by any node), nor when this node wrote it less than a minute ago.
   */
  private dueForWrite(key: string, writtenAt: string | null, now: Date): boolean {
    const ms = now.getTime();
    if (writtenAt !== null && ms - Date.parse(writtenAt) < TOUCH_INTERVAL_MS) return false;
    const last = this.touched.get(key);
    if (last !== undefined && ms - last < TOUCH_INTERVAL_MS) return false;
    if (this.touched.size >= TOUCH_MEMORY) {
      for (const [k, at] of this.touched) if (ms - at >= TOUCH_INTERVAL_MS) this.touched.delete(k);
    }
    this.touched.set(key, ms);
    return true;
  }

  /** A write of a session's or token's use is skipped when the row was written after this (by any node). */
  private writeHorizon(now: Date): string {
    return new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString();
  }

  private expiry(from: Date): string {
    return new Date(from.getTime() + this.config.sessionTtlMinutes * 60_000).toISOString();
  }

  async logout(ctx: RequestContext, sessionToken: string | undefined): Promise<void> {
    if (!sessionToken) return;
    const session = await this.repository.findSession(sha256(sessionToken));
    if (!session) return;
    await this.repository.deleteSession(session.id);
    await this.audit.record(ctx, { action: 'logout', outcome: 'success' });
  }

  /** Resolves a session cookie: sliding expiry, refreshed at most once a minute. */
  async fromSession(sessionToken: string): Promise<Authenticated | null> {
    const hash = sha256(sessionToken);
    const generation = await this.repository.generation();
    const now = this.clock.now();
    let known = this.remembered(`session:${hash}`, generation, now);
    if (!known) {
      const session = await this.repository.findSession(hash);
      if (!session || session.expires_at <= now.toISOString()) return null;
      const actor = await this.loadActor(session.user_id, 'session');
      if (!actor) return null;
      known = { generation, actor, csrfToken: session.csrf_token, id: session.id, expiresAt: session.expires_at, writtenAt: session.last_seen_at, ehr: ehrMarkOf(session) };
      this.remember(`session:${hash}`, known);
    }
    // The row tells when any node last wrote it; the memory keeps this node's concurrent requests
    // from all writing once that minute has passed.
    if (this.dueForWrite(`session:${known.id}`, known.writtenAt, now)) {
      const expiresAt = this.expiry(now);
      // Not over a newer write by another node (this node's memory of the row may be older).
      await this.repository.touchSession(known.id, now.toISOString(), expiresAt, this.writeHorizon(now));
      known.expiresAt = expiresAt;
      known.writtenAt = now.toISOString();
    }
    return { actor: known.actor, csrfToken: known.csrfToken, ehr: known.ehr };
  }

  /**
   * A remembered session or token, if it may be used: read under the current counter and not past its
   * expiry by what this node knows. (Another node may have extended a session; past the expiry known
   * here the row is read again.)
   */
  private remembered(key: string, generation: number, now: Date): Resolved | undefined {
    const known = this.resolved.get(key);
    if (!known) return undefined;
    if (known.generation !== generation || (known.expiresAt !== null && known.expiresAt <= now.toISOString())) {
      this.resolved.delete(key);
      return undefined;
    }
    return known;
  }

  private remember(key: string, resolved: Resolved): void {
    if (this.resolved.size >= RESOLVED_MEMORY) this.resolved.clear();
    // Shared by every later request of this session or token: nobody may change it on the way.
    for (const assignment of resolved.actor.assignments) Object.freeze(assignment.rights);
    Object.freeze(resolved.actor.assignments);
    Object.freeze(resolved.actor);
    this.resolved.set(key, resolved);
  }

  /**
   * Resolves a bearer token. A revoked or expired token, or one descending from a revoked or expired
   * token, is refused with a message saying which (and the refusal is audited); an unknown one: null.
   */
  async fromBearer(token: string, ctx?: RequestContext): Promise<Authenticated | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const hash = sha256(token);
    const generation = await this.repository.generation();
    const known = this.remembered(`token:${hash}`, generation, this.clock.now());
    if (known) {
      if (this.dueForWrite(`token:${known.id}`, known.writtenAt, this.clock.now())) {
        known.writtenAt = this.clock.now().toISOString();
        await this.repository.touchToken(known.id, known.writtenAt, this.writeHorizon(this.clock.now()));
      }
      return { actor: known.actor, csrfToken: null, tokenId: known.id };
    }
    const row = await this.repository.findTokenByHash(hash);
    if (!row) return null;
    const now = this.clock.now().toISOString();
    const lineage = row.parent_id ? await this.repository.lineage(row.id) : [row];
    const refusal = tokenRefusal(lineage, row, now);
    if (refusal) {
      await this.audit.record(ctx ? { ...ctx, actor: null, tokenId: row.id } : null, {
        action: 'token.use',
        outcome: 'refused',
        userId: row.user_id,
        objectType: 'api_token',
        objectId: row.id,
        details: { reason: refusal.reason },
      });
      throw new AppError('not_authenticated', refusal.message);
    }
    const actor = await this.loadActor(row.user_id, 'token');
    if (!actor) return null;
    const expiries = lineage.map((t) => t.expires_at).filter((at): at is string => at !== null).sort();
    const resolved: Resolved = { generation, actor, csrfToken: null, id: row.id, expiresAt: expiries[0] ?? null, writtenAt: row.last_used_at, ehr: null };
    this.remember(`token:${hash}`, resolved);
    if (this.dueForWrite(`token:${row.id}`, row.last_used_at, this.clock.now())) {
      resolved.writtenAt = now;
      await this.repository.touchToken(row.id, now, this.writeHorizon(this.clock.now()));
    }
    return { actor, csrfToken: null, tokenId: row.id };
  }

  /**
   * Creates a token for the caller. Made with a bearer token, it is that token's child: it expires
   * no later than its parent and is refused once the parent (or any token above it) is revoked.
   */
  async createToken(ctx: RequestContext, input: { name: string; expiresInDays?: number | undefined }) {
    const actor = ctx.actor;
    if (!actor) throw new AppError('not_authenticated');
    const maxDays = this.config.tokenTtlDays;
    if (input.expiresInDays !== undefined && input.expiresInDays > maxDays) {
      throw new AppError('validation_failed', `En API-nyckel kan gälla i högst ${maxDays} dagar.`, { field: 'expiresInDays', max: maxDays });
    }
    const now = this.clock.now();
    let expiresAt = new Date(now.getTime() + (input.expiresInDays ?? maxDays) * DAY_MS).toISOString();
    let parentId: string | null = null;
    if (actor.via === 'token') {
      // Fail closed: a bearer request that does not say which token it came with makes no token.
      const parent = ctx.tokenId ? await this.repository.findToken(ctx.tokenId) : undefined;
      if (!parent?.expires_at || parent.user_id !== actor.userId) throw new AppError('not_authenticated');
      parentId = parent.id;
      if (parent.expires_at < expiresAt) expiresAt = parent.expires_at;
    }
    const token = TOKEN_PREFIX + secret();
    const row: ApiTokenRow = {
      id: randomUUID(),
      user_id: actor.userId,
      name: input.name,
      token_hash: sha256(token),
      created_at: now.toISOString(),
      last_used_at: null,
      revoked_at: null,
      parent_id: parentId,
      expires_at: expiresAt,
    };
    await this.repository.insertToken(row, (trx) =>
      this.audit.record(
        ctx,
        { action: 'token.create', outcome: 'success', objectType: 'api_token', objectId: row.id, details: { name: input.name, parentId, expiresAt } },
        trx,
      ),
    );
    return { id: row.id, name: row.name, token, createdAt: row.created_at, expiresAt, parentId };
  }

  /** The caller's own tokens, revoked and expired ones included. */
  async listTokens(ctx: RequestContext): Promise<TokenView[]> {
    if (!ctx.actor) throw new AppError('not_authenticated');
    return tokenViews(await this.repository.listTokens(ctx.actor.userId), this.clock.now().toISOString());
  }

  /** Revokes one of the caller's tokens and every token made with it; someone else's token is "not found". */
  async revokeToken(ctx: RequestContext, id: string): Promise<void> {
    if (!ctx.actor) throw new AppError('not_authenticated');
    await this.revokeTree(ctx, ctx.actor.userId, id, false);
  }

  /** An administrator's view of a user's tokens. */
  async listTokensOf(ctx: RequestContext, userId: string): Promise<TokenView[]> {
    await this.requireAdmin(ctx, 'token.list', userId);
    if (!(await this.users.find(userId))) throw new AppError('not_found');
    return tokenViews(await this.repository.listTokens(userId), this.clock.now().toISOString());
  }

  /** An administrator revokes a user's token (and every token made with it). */
  async revokeTokenOf(ctx: RequestContext, userId: string, tokenId: string): Promise<void> {
    await this.requireAdmin(ctx, 'token.revoke', userId);
    await this.revokeTree(ctx, userId, tokenId, true);
  }

  private requireAdmin(ctx: RequestContext, action: string, userId: string) {
    return this.access.require(ctx, { right: 'admin', action, objectType: 'user', objectId: userId, disclose: true });
  }

  private async revokeTree(ctx: RequestContext, ownerId: string, id: string, byAdministrator: boolean): Promise<void> {
    const revoked = await this.repository.revokeTokenTree(id, ownerId, this.clock.now().toISOString(), (trx, token, ids) =>
      this.audit.record(
        ctx,
        {
          action: 'token.revoke',
          outcome: 'success',
          objectType: 'api_token',
          objectId: token.id,
          details: {
            ownerId,
            name: token.name,
            parentId: token.parent_id,
            // The tokens made with it (children, grandchildren, …) that this revocation ended too.
            descendants: ids.filter((x) => x !== token.id),
            byAdministrator,
          },
        },
        trx,
      ),
    );
    if (revoked === undefined) {
      // Someone else's token and a made-up id get the same answer; the attempt is on record.
      await this.audit.record(ctx, {
        action: 'token.revoke',
        outcome: 'refused',
        objectType: 'api_token',
        objectId: id,
        details: { reason: 'not_found', byAdministrator, ...(byAdministrator ? { ownerId } : {}) },
      });
      throw new AppError('not_found');
    }
  }

  purgeExpiredSessions(): Promise<void> {
    return this.repository.deleteExpiredSessions(this.clock.now().toISOString());
  }

  /** Ends every session of a user (deactivation, password change by an administrator). */
  endSessionsOf(userId: string): Promise<void> {
    return this.repository.deleteSessionsOf(userId);
  }
}
