/** The fixed list of rights; custom roles are sets of these (../shared/API.md). */
export const RIGHTS = [
  'patient.read',
  'case.read',
  'case.write',
  'case.sign',
  'media.upload',
  'media.export',
  'case.emergency_open',
  'teaching.manage',
  'form.manage',
  'audit.read',
  'statistics.read',
  'continuity.manage',
  'incident.report',
  'admin',
  /** Purge cases for real after a retention decision (M11); only the system administrator role holds it by default. */
  'case.purge',
] as const;

export type Right = (typeof RIGHTS)[number];

export const isRight = (value: string): value is Right => (RIGHTS as readonly string[]).includes(value);

export const BUILT_IN_ROLES = {
  systemAdministrator: { name: 'Systemadministratör', global: true, rights: [...RIGHTS] as Right[] },
  logOperator: { name: 'Logg- och statistikoperatör', global: true, rights: ['audit.read', 'statistics.read'] as Right[] },
} as const;
