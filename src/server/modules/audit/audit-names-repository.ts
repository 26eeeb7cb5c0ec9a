import type { Database } from '../../db/database.js';
import { formatIdentifier } from '../identifiers/identifier-format.js';
import type { AuditEvent } from './audit-event.js';

/**
 * What the audit log's reader sees instead of ids: the patient's identifier (formatted by the one
 * formatter), the names of users, departments and objects, and the case an event concerns. The log
 * itself keeps ids only; this is presentation, resolved when the log is listed.
 */
export interface AuditEventNames {
  /** The user's display name, when the user still exists. */
  userDisplayName: string | null;
  departmentName: string | null;
  /** As people write it, e.g. 19121212-1212. */
  patientIdentifier: string | null;
  /** The object's name: a user's, department's, system's, form's… name; a case's department. */
  objectName: string | null;
  /** When the object (a case, or the case of a media item) was created. */
  objectDate: string | null;
  /** The case the event concerns (a case event, or one on a media item of that case). */
  caseId: string | null;
}

/** Object types whose name is one column of one table, looked up by id. */
const NAMED: Record<string, { table: 'department' | 'clinical_system' | 'form' | 'role' | 'scenario' | 'teaching_collection' | 'service_desk' | 'offline_workstation'; column: 'name' }> = {
  department: { table: 'department', column: 'name' },
  system: { table: 'clinical_system', column: 'name' },
  form: { table: 'form', column: 'name' },
  role: { table: 'role', column: 'name' },
  scenario: { table: 'scenario', column: 'name' },
  collection: { table: 'teaching_collection', column: 'name' },
  service_desk: { table: 'service_desk', column: 'name' },
  offline_workstation: { table: 'offline_workstation', column: 'name' },
};

const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];

/**
 * Resolves the names of a page of events: one query per kind of thing named (at most 13, whatever
 * the number of events), never one per event.
 */
export async function resolveAuditNames(database: Database, events: AuditEvent[]): Promise<AuditEventNames[]> {
  const db = database.db;
  const ofType = (type: string) => unique(events.filter((e) => e.objectType === type).map((e) => e.objectId));
  const patientIds = unique([...events.map((e) => e.patientId), ...ofType('patient')]);
  const userIds = unique([...events.map((e) => e.userId), ...ofType('user')]);
  const departmentIds = unique([...events.map((e) => e.departmentId), ...ofType('department')]);
  const caseIds = ofType('case');
  const mediaIds = ofType('media');
  const routineIds = ofType('routine');
  const contactIds = ofType('contact');
  const incidentIds = ofType('incident');
  const otherTypes = Object.keys(NAMED).filter((type) => type !== 'department');

  const when = <T>(ids: string[], run: () => Promise<T[]>) => (ids.length === 0 ? Promise.resolve([] as T[]) : run());
  const [patients, users, departments, cases, media, routines, contacts, incidents, ...named] = await Promise.all([
    when(patientIds, () => db.selectFrom('patient').select(['id', 'identifier', 'identifier_type']).where('id', 'in', patientIds).execute()),
    when(userIds, () => db.selectFrom('user_account').select(['id', 'display_name']).where('id', 'in', userIds).execute()),
    when(departmentIds, () => db.selectFrom('department').select(['id', 'name']).where('id', 'in', departmentIds).execute()),
    when(caseIds, () =>
      db.selectFrom('clinical_case').innerJoin('department', 'department.id', 'clinical_case.department_id')
        .select(['clinical_case.id as id', 'clinical_case.created_at as created_at', 'department.name as department_name'])
        .where('clinical_case.id', 'in', caseIds).execute()),
    when(mediaIds, () =>
      db.selectFrom('media').innerJoin('clinical_case', 'clinical_case.id', 'media.case_id').innerJoin('department', 'department.id', 'clinical_case.department_id')
        .select(['media.id as id', 'media.case_id as case_id', 'clinical_case.created_at as created_at', 'department.name as department_name'])
        .where('media.id', 'in', mediaIds).execute()),
    when(routineIds, () =>
      db.selectFrom('routine').innerJoin('routine_version', (join) => join.onRef('routine_version.routine_id', '=', 'routine.id').onRef('routine_version.version', '=', 'routine.latest_version'))
        .select(['routine.id as id', 'routine.document_id as document_id', 'routine_version.title as title'])
        .where('routine.id', 'in', routineIds).execute()),
    when(contactIds, () => db.selectFrom('contact').select(['id', 'function', 'label']).where('id', 'in', contactIds).execute()),
    when(incidentIds, () => db.selectFrom('incident').select(['id', 'seq']).where('id', 'in', incidentIds).execute()),
    ...otherTypes.map((type) => {
      const ids = ofType(type);
      const { table } = NAMED[type]!;
      return when(ids, () => db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute());
    }),
  ]);

  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
  const patientById = byId(patients);
  const userById = byId(users);
  const departmentById = byId(departments);
  const caseById = byId(cases);
  const mediaById = byId(media);
  const names = new Map<string, string>();
  for (const row of routines) names.set(`routine:${row.id}`, `${row.title} (${row.document_id})`);
  for (const row of contacts) names.set(`contact:${row.id}`, row.label ? `${row.function}, ${row.label}` : row.function);
  for (const row of incidents) names.set(`incident:${row.id}`, `#${row.seq}`);
  for (const row of departments) names.set(`department:${row.id}`, row.name);
  for (const row of users) names.set(`user:${row.id}`, row.display_name);
  otherTypes.forEach((type, i) => {
    for (const row of named[i] as { id: string; name: string }[]) names.set(`${type}:${row.id}`, row.name);
  });

  return events.map((event) => {
    const patient = event.patientId ? patientById.get(event.patientId) : undefined;
    const objectPatient = event.objectType === 'patient' && event.objectId ? patientById.get(event.objectId) : undefined;
    const kase = event.objectType === 'case' && event.objectId ? caseById.get(event.objectId) : undefined;
    const item = event.objectType === 'media' && event.objectId ? mediaById.get(event.objectId) : undefined;
    const objectName = kase?.department_name ?? item?.department_name
      ?? (objectPatient ? formatIdentifier(objectPatient.identifier, objectPatient.identifier_type) : null)
      ?? (event.objectType && event.objectId ? names.get(`${event.objectType}:${event.objectId}`) ?? null : null);
    return {
      userDisplayName: event.userId ? userById.get(event.userId)?.display_name ?? null : null,
      departmentName: event.departmentId ? departmentById.get(event.departmentId)?.name ?? null : null,
      patientIdentifier: patient ? formatIdentifier(patient.identifier, patient.identifier_type) : null,
      objectName,
      objectDate: kase?.created_at ?? item?.created_at ?? null,
      caseId: kase ? kase.id : item ? item.case_id : null,
    };
  });
}
