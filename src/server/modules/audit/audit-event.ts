/** One event of the audit log as the API and the log reports show it (a type of its own, so the repositories need not import the log). */
export interface AuditEvent {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  departmentId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  outcome: string;
  clientIp: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}
