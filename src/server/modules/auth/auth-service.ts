import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config/config.js';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor, Assignment, RequestContext } from '../rights/actor.js';
import { isRight } from '../rights/rights.js';
import type { UsersRepository } from '../users/users-repository.js';
import type { AuthRepository } from './auth-repository.js';
import { verifyNothing, verifyPassword } from './passwords.js';

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
}

export class AuthService {
  constructor(
    private readonly config: Config,
    private readonly repository: AuthRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditLog,
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
    const now = new Date();
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
    const token = secret();
    const csrfToken = secret();
    await this.repository.insertSession({
      id: sha256(token),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: this.expiry(now),
      client_ip: ctx.clientIp,
    });
    await this.audit.record({ ...ctx, actor }, { action: 'login', outcome: 'success' });
    return { token, csrfToken, user: this.sessionUser(actor) };
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
    const session = await this.repository.findSession(sha256(sessionToken));
    const now = new Date();
    if (!session || session.expires_at <= now.toISOString()) return null;
    const actor = await this.loadActor(session.user_id, 'session');
    if (!actor) return null;
    if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) {
      await this.repository.touchSession(session.id, now.toISOString(), this.expiry(now));
    }
    return { actor, csrfToken: session.csrf_token };
  }

  async fromBearer(token: string): Promise<Authenticated | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const row = await this.repository.findTokenByHash(sha256(token));
    if (!row || row.revoked_at) return null;
    const actor = await this.loadActor(row.user_id, 'token');
    if (!actor) return null;
    await this.repository.touchToken(row.id, new Date().toISOString());
    return { actor, csrfToken: null };
  }

  async createToken(ctx: RequestContext, name: string) {
    const actor = ctx.actor;
    if (!actor) throw new AppError('not_authenticated');
    const token = TOKEN_PREFIX + secret();
    const row = {
      id: randomUUID(),
      user_id: actor.userId,
      name,
      token_hash: sha256(token),
      created_at: new Date().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.repository.insertToken(row);
    await this.audit.record(ctx, { action: 'token.create', outcome: 'success', objectType: 'api_token', objectId: row.id, details: { name } });
    return { id: row.id, name, token, createdAt: row.created_at };
  }

  async listTokens(ctx: RequestContext) {
    if (!ctx.actor) throw new AppError('not_authenticated');
    const rows = await this.repository.listTokens(ctx.actor.userId);
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  async revokeToken(ctx: RequestContext, id: string): Promise<void> {
    if (!ctx.actor) throw new AppError('not_authenticated');
    const revoked = await this.repository.revokeToken(id, ctx.actor.userId, new Date().toISOString());
    if (!revoked) throw new AppError('not_found');
    await this.audit.record(ctx, { action: 'token.revoke', outcome: 'success', objectType: 'api_token', objectId: id });
  }

  purgeExpiredSessions(): Promise<void> {
    return this.repository.deleteExpiredSessions(new Date().toISOString());
  }

  /** Ends every session of a user (deactivation, password change by an administrator). */
  endSessionsOf(userId: string): Promise<void> {
    return this.repository.deleteSessionsOf(userId);
  }
}
