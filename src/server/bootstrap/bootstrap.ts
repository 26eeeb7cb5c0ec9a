import { randomBytes } from 'node:crypto';
import type { Services } from '../services.js';
import { seedDemoData } from './demo-data.js';

export interface BootstrapResult {
  /** Set when the administrator account was created now with a generated password (print it once). */
  generatedAdminPassword?: string;
  demoDataCreated: boolean;
}

export const ADMIN_USERNAME = 'admin';

/** The department that holds the administrator's role on an installation without demo data. */
export const ADMINISTRATION_DEPARTMENT = { hsaId: 'SE0000000000-KASUS', name: 'Kasus systemförvaltning' };

const bootstrapContext = { actor: null, clientIp: null, requestId: 'bootstrap' };

/**
 * Brings a database to a usable state: built-in roles, the first administrator, and demo data on
 * a fresh demo installation. Safe to run at every start.
 */
export async function bootstrap(services: Services): Promise<BootstrapResult> {
  const roles = await services.users.ensureBuiltInRoles();
  // Kasus is one of the clinical systems it keeps track of; its status `read_only` is read-only mode.
  await services.systemRegistry.ensureKasusSystem();
  const fresh = (await services.departments.listAll()).length === 0;
  const demoDataCreated = fresh && services.config.demoData;
  if (demoDataCreated) await seedDemoData(services, roles);

  if (await services.users.findByUsername(ADMIN_USERNAME)) return { demoDataCreated };

  const departmentId = await ensureAdministrationDepartment(services);
  const password = services.config.adminPassword ?? randomBytes(12).toString('base64url');
  await services.users.createTrusted(bootstrapContext, {
    username: ADMIN_USERNAME,
    password,
    displayName: 'Systemadministratör',
    roles: [{ departmentId, roleId: roles.systemAdministrator.id }],
  });
  return services.config.adminPassword ? { demoDataCreated } : { demoDataCreated, generatedAdminPassword: password };
}

/** A department to hold the administrator's role: the first one, or a new administration department. */
export async function ensureAdministrationDepartment(services: Services): Promise<string> {
  const existing = await services.departments.listAll();
  if (existing[0]) return existing[0].id;
  return (await services.departments.createTrusted(ADMINISTRATION_DEPARTMENT)).id;
}
