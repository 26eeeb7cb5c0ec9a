import { systemClock, type Clock } from '../../clock.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { DepartmentLookup } from '../departments/department-lookup.js';
import { isEmailAddress } from '../mail/email-address.js';
import type { Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { BUILT_IN_ROLES, isRight, type Right } from '../rights/rights.js';
import { MIN_PASSWORD_LENGTH, hashPassword } from './passwords.js';
import type { RoleRow, RolesRepository } from './roles-repository.js';
import type { RoleGrant, UserRow, UsersRepository } from './users-repository.js';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** The address to store: trimmed, null for none (empty clears it). Refuses what cannot be an address. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim() ?? '';
  if (!trimmed) return null;
  if (!isEmailAddress(trimmed)) {
    throw new AppError('validation_failed', 'Ange en giltig e-postadress, t.ex. namn@sjukhuset.se, eller lämna fältet tomt (email).', { field: 'email' });
  }
  return trimmed;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  /** Where Kasus e-mails the user (routine reminders); null when none is given. */
  email: string | null;
  active: boolean;
  locked: boolean;
  roles: RoleGrant[];
}

export interface Role {
  id: string;
  name: string;
  builtIn: boolean;
  global: boolean;
  rights: Right[];
}

export const toRole = (row: RoleRow): Role => ({
  id: row.id,
  name: row.name,
  builtIn: row.built_in === 1,
  global: row.global === 1,
  rights: (JSON.parse(row.rights) as string[]).filter(isRight),
});

/** `now` decides whether a login lockout still holds. */
const toUser = (row: UserRow, roles: RoleGrant[], now: string): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  email: row.email ?? null,
  active: row.active === 1,
  locked: row.locked_until !== null && row.locked_until > now,
  roles,
});

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation_failed', `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`, { field: 'password' });
  }
}

function checkRights(rights: string[]): Right[] {
  const unknown = rights.filter((r) => !isRight(r));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', `Okända rättigheter: ${unknown.join(', ')}.`, { field: 'rights' });
  }
  return [...new Set(rights)] as Right[];
}

export interface CreateUserInput {
  username: string;
  password: string;
  displayName: string;
  /** Optional; empty or null: none. */
  email?: string | null;
  roles: RoleGrant[];
}

export interface UpdateUserInput {
  displayName?: string;
  /** Empty or null removes the address; undefined leaves it as it is. */
  email?: string | null;
  password?: string;
  active?: boolean;
  roles?: RoleGrant[];
}

/**
 * Ending a user's sessions when the account is deactivated or its password set by an administrator.
 * The auth module provides it (AuthService); src/server/services.ts injects it, so that users does
 * not depend on auth (auth depends on users for its account lookups).
 */
export interface SessionEnder {
  endSessionsOf(userId: string): Promise<void>;
}

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly roles: RolesRepository,
    private readonly departments: DepartmentLookup,
    private readonly auth: SessionEnder,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {}

  private requireAdmin(ctx: RequestContext, action: string, objectType: string, objectId?: string) {
    return this.access.require(ctx, { right: 'admin', action, objectType, objectId: objectId ?? null, disclose: true });
  }

  async list(ctx: RequestContext): Promise<User[]> {
    await this.requireAdmin(ctx, 'user.list', 'user');
    const rows = await this.users.list();
    const grants = await this.users.grantsOf(rows.map((r) => r.id));
    const now = this.clock.now().toISOString();
    return rows.map((row) => toUser(row, grants.get(row.id) ?? [], now));
  }

  /** One role per department; the department and role must exist. */
  private async checkGrants(grants: RoleGrant[]): Promise<RoleGrant[]> {
    const seen = new Set<string>();
    for (const grant of grants) {
      if (seen.has(grant.departmentId)) {
        throw new AppError('validation_failed', 'En användare kan bara ha en roll per avdelning.', { field: 'roles' });
      }
      seen.add(grant.departmentId);
      if (!(await this.departments.find(grant.departmentId))) {
        throw new AppError('validation_failed', 'Avdelningen finns inte.', { field: 'roles' });
      }
      if (!(await this.roles.find(grant.roleId))) {
        throw new AppError('validation_failed', 'Rollen finns inte.', { field: 'roles' });
      }
    }
    return grants;
  }

  async create(ctx: RequestContext, input: CreateUserInput): Promise<User> {
    await this.requireAdmin(ctx, 'user.create', 'user');
    return this.createTrusted(ctx, input);
  }

  async rolesOf(userId: string): Promise<RoleGrant[]> {
    return (await this.users.grantsOf([userId])).get(userId) ?? [];
  }

  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.users.findByUsername(username.trim().toLowerCase());
  }

  /** Creates a user without a rights check: for start-up and the operator's CLI only. */
  async createTrusted(ctx: RequestContext, input: CreateUserInput): Promise<User> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username)) {
      throw new AppError(
        'validation_failed',
        'Användarnamnet ska ha 2–64 tecken: små bokstäver a–z, siffror, punkt, bindestreck eller understreck.',
        { field: 'username' },
      );
    }
    checkPassword(input.password);
    const email = normalizeEmail(input.email);
    const grants = await this.checkGrants(input.roles);
    if (await this.users.findByUsername(username)) {
      throw new AppError('conflict', `Användarnamnet ${username} är upptaget.`, { field: 'username' });
    }
    const now = this.clock.now().toISOString();
    const row: UserRow = {
      id: randomUUID(),
      username,
      display_name: input.displayName.trim(),
      password_hash: await hashPassword(input.password),
      active: 1,
      failed_logins: 0,
      locked_until: null,
      email,
      created_at: now,
      updated_at: now,
    };
    await this.users.insert(row, grants);
    await this.audit.record(ctx, {
      action: 'user.create',
      outcome: 'success',
      objectType: 'user',
      objectId: row.id,
      details: { username, email, roles: grants },
    });
    return toUser(row, grants, this.clock.now().toISOString());
  }

  async update(ctx: RequestContext, id: string, input: UpdateUserInput): Promise<User> {
    const actor = await this.requireAdmin(ctx, 'user.update', 'user', id);
    return this.updateTrusted(ctx, id, input, actor.userId);
  }

  /** Changes a user without a rights check: for the operator's CLI only. */
  async updateTrusted(ctx: RequestContext, id: string, input: UpdateUserInput, actingUserId?: string): Promise<User> {
    const existing = await this.users.find(id);
    if (!existing) throw new AppError('not_found', 'Användaren finns inte.');
    if (input.password !== undefined) checkPassword(input.password);
    const email = input.email === undefined ? undefined : normalizeEmail(input.email);
    const grants = input.roles ? await this.checkGrants(input.roles) : undefined;
    if (id === actingUserId && (input.active === false || grants !== undefined)) {
      await this.keepOneAdministrator(input.active === false ? [] : grants!);
    }
    const changes: Partial<UserRow> = {
      ...(input.displayName !== undefined ? { display_name: input.displayName.trim() } : {}),
      ...(email !== undefined ? { email } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      ...(input.password !== undefined
        ? { password_hash: await hashPassword(input.password), failed_logins: 0, locked_until: null }
        : {}),
      updated_at: this.clock.now().toISOString(),
    };
    await this.users.update(id, changes, grants);
    // A deactivated account or a reset password must not keep old sessions alive.
    if (input.active === false || input.password !== undefined) await this.auth.endSessionsOf(id);
    await this.audit.record(ctx, {
      action: 'user.update',
      outcome: 'success',
      objectType: 'user',
      objectId: id,
      details: {
        displayName: input.displayName,
        email,
        active: input.active,
        passwordChanged: input.password !== undefined,
        roles: grants,
      },
    });
    const updated = (await this.users.find(id))!;
    return toUser(updated, (await this.users.grantsOf([id])).get(id) ?? [], this.clock.now().toISOString());
  }

  /** An administrator may not lock the last administrator (themselves) out of the system. */
  private async keepOneAdministrator(newGrants: RoleGrant[]): Promise<void> {
    const adminRoles = (await this.roles.list()).filter((r) => toRole(r).rights.includes('admin')).map((r) => r.id);
    const keepsAdmin = newGrants.some((g) => adminRoles.includes(g.roleId));
    if (keepsAdmin) return;
    const others = (await this.users.countAdmins(adminRoles)) - 1;
    if (others < 1) {
      throw new AppError('conflict', 'Du kan inte ta bort den sista systemadministratörens behörighet.');
    }
  }

  async listRoles(ctx: RequestContext): Promise<Role[]> {
    this.access.authenticated(ctx);
    return (await this.roles.list()).map(toRole);
  }

  async createRole(ctx: RequestContext, input: { name: string; rights: string[] }): Promise<Role> {
    await this.requireAdmin(ctx, 'role.create', 'role');
    return this.createRoleTrusted(ctx, input);
  }

  /** Creates a role without a rights check: for demo data only. */
  async createRoleTrusted(ctx: RequestContext, input: { name: string; rights: string[] }): Promise<Role> {
    const rights = checkRights(input.rights);
    const name = input.name.trim();
    if (await this.roles.findByName(name)) throw new AppError('conflict', `Det finns redan en roll som heter ${name}.`, { field: 'name' });
    const now = this.clock.now().toISOString();
    const row: RoleRow = { id: randomUUID(), name, built_in: 0, global: 0, rights: JSON.stringify(rights), created_at: now, updated_at: now };
    await this.roles.insert(row);
    await this.audit.record(ctx, { action: 'role.create', outcome: 'success', objectType: 'role', objectId: row.id, details: { name, rights } });
    return toRole(row);
  }

  async updateRole(ctx: RequestContext, id: string, input: { name?: string; rights?: string[] }): Promise<Role> {
    await this.requireAdmin(ctx, 'role.update', 'role', id);
    const existing = await this.roles.find(id);
    if (!existing) throw new AppError('not_found', 'Rollen finns inte.');
    if (existing.built_in === 1) throw new AppError('conflict', 'Inbyggda roller kan inte ändras.');
    const name = input.name?.trim();
    if (name !== undefined && name !== existing.name && (await this.roles.findByName(name))) {
      throw new AppError('conflict', `Det finns redan en roll som heter ${name}.`, { field: 'name' });
    }
    const changes = {
      ...(name !== undefined ? { name } : {}),
      ...(input.rights !== undefined ? { rights: JSON.stringify(checkRights(input.rights)) } : {}),
      updated_at: this.clock.now().toISOString(),
    };
    await this.roles.update(id, changes);
    await this.audit.record(ctx, { action: 'role.update', outcome: 'success', objectType: 'role', objectId: id, details: input });
    return toRole({ ...existing, ...changes });
  }

  /** Removes a custom role that nobody holds; a role in use must be taken from its holders first. */
  async deleteRole(ctx: RequestContext, id: string): Promise<void> {
    await this.requireAdmin(ctx, 'role.delete', 'role', id);
    const existing = await this.roles.find(id);
    if (!existing) throw new AppError('not_found', 'Rollen finns inte.');
    if (existing.built_in === 1) throw new AppError('conflict', 'Inbyggda roller kan inte tas bort.');
    const holders = await this.roles.countHolders(id);
    if (holders > 0) {
      throw new AppError('conflict', `Rollen används av ${holders} användare och kan inte tas bort.`);
    }
    await this.roles.delete(id);
    await this.audit.record(ctx, { action: 'role.delete', outcome: 'success', objectType: 'role', objectId: id, details: { name: existing.name } });
  }

  /** Creates the built-in roles if missing; returns them by key. */
  async ensureBuiltInRoles(): Promise<Record<keyof typeof BUILT_IN_ROLES, Role>> {
    const result = {} as Record<keyof typeof BUILT_IN_ROLES, Role>;
    for (const [key, spec] of Object.entries(BUILT_IN_ROLES) as [keyof typeof BUILT_IN_ROLES, (typeof BUILT_IN_ROLES)[keyof typeof BUILT_IN_ROLES]][]) {
      let row = await this.roles.findByName(spec.name);
      if (!row) {
        const now = this.clock.now().toISOString();
        row = { id: randomUUID(), name: spec.name, built_in: 1, global: spec.global ? 1 : 0, rights: JSON.stringify(spec.rights), created_at: now, updated_at: now };
        await this.roles.insert(row);
      } else if (row.rights !== JSON.stringify(spec.rights)) {
        // New rights added in a release reach the built-in roles on the next start.
        await this.roles.update(row.id, { rights: JSON.stringify(spec.rights), updated_at: this.clock.now().toISOString() });
        row = { ...row, rights: JSON.stringify(spec.rights) };
      }
      result[key] = toRole(row);
    }
    return result;
  }
}
