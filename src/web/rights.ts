/** Rights that decide which pages and navigation links a user sees. */
export const PAGE_RIGHTS = {
  patients: 'patient.read',
  teaching: 'case.read',
  cases: 'case.read',
  admin: 'admin',
  audit: 'audit.read',
  statistics: 'statistics.read',
  forms: 'form.manage',
  continuity: 'continuity.manage',
  incidents: 'incident.report',
} as const;
