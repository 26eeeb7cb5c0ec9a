import type { ConsentView } from '../consents/consents-service.js';
import { describeIdentifier } from '../identifiers/identifier-format.js';
import { systemOf } from './fhir-identifiers.js';

/**
 * Kasus's records as FHIR R4 resources (issue 15, I2). Pure functions: the service decides who may
 * see what and hands the rows here. Every resource made here is validated against the R4 structure
 * definitions in fhir.int.test.ts (@medplum/core's validateResource).
 */

/** A FHIR resource as JSON. */
export type Resource = { resourceType: string; id?: string } & Record<string, unknown>;

/** Kasus-local code systems (no public one fits): an audit event's action, a consent's purposes, a case. */
export const KASUS_SYSTEMS = {
  auditAction: 'urn:kasus:audit-action',
  consentScope: 'urn:kasus:consent-scope',
  case: 'urn:kasus:case',
  user: 'urn:kasus:user',
  object: (type: string) => `urn:kasus:${type.replace(/[^a-z0-9_-]/gi, '-')}`,
} as const;

const CONFIDENTIAL_LABEL = { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' };

/** An instant (with seconds and zone) as FHIR wants it, from the ISO text Kasus stores. */
export function instant(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

export interface PatientFacts {
  id: string;
  identifier: string;
  identifier_type: string;
  region_oid: string | null;
  confidential: number;
  updated_at: string;
}

/** A patient: the national identifier under its system, birth date and legal sex where the identifier's rules give them. */
export function patientResource(row: PatientFacts, today: string): Resource {
  const described = describeIdentifier(row.identifier, row.identifier_type, today);
  return {
    resourceType: 'Patient',
    id: row.id,
    meta: { lastUpdated: instant(row.updated_at), ...(row.confidential === 1 ? { security: [CONFIDENTIAL_LABEL] } : {}) },
    identifier: [{ use: 'official', system: systemOf(row.identifier_type, row.region_oid), value: row.identifier }],
    active: true,
    ...(described.sex ? { gender: described.sex } : {}),
    ...(described.birthDate ? { birthDate: described.birthDate } : {}),
  };
}

/** One media item of a case, with what its resources say about the case. */
export interface MediaFacts {
  id: string;
  case_id: string;
  kind: string;
  mime: string | null;
  size_bytes: number | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  captured_at: string | null;
  caption: string | null;
  created_at: string;
  updated_at: string;
  patient_id: string | null;
  case_status: string;
  patient_confidential: number | null;
}

const MEDIA_TYPE = {
  image: { code: 'image', display: 'Image' },
  video: { code: 'video', display: 'Video' },
  audio: { code: 'audio', display: 'Audio' },
} as const;

const mediaType = (kind: string) => {
  const type = MEDIA_TYPE[kind as keyof typeof MEDIA_TYPE] ?? MEDIA_TYPE.image;
  return { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/media-type', ...type }], text: type.display };
};

/**
 * The file's attachment: its bytes are fetched from the REST API's own download
 * (`GET /api/media/{id}/original`), which checks the rights and writes the audit event again.
 */
function attachment(row: MediaFacts, base: string): Record<string, unknown> {
  return {
    ...(row.mime ? { contentType: row.mime } : {}),
    url: `${base}/api/media/${encodeURIComponent(row.id)}/original`,
    ...(row.size_bytes !== null ? { size: Number(row.size_bytes) } : {}),
    creation: instant(row.captured_at ?? row.created_at),
  };
}

const caseReference = (row: MediaFacts) => ({ identifier: { system: KASUS_SYSTEMS.case, value: row.case_id } });
const subject = (row: MediaFacts) => (row.patient_id ? { subject: { reference: `Patient/${row.patient_id}` } } : {});
const security = (row: MediaFacts) => (row.patient_confidential === 1 ? { security: [CONFIDENTIAL_LABEL] } : {});

/** A photo, video or audio recording of a case as an R4 Media. */
export function mediaResource(row: MediaFacts, base: string): Resource {
  return {
    resourceType: 'Media',
    id: row.id,
    meta: { lastUpdated: instant(row.updated_at), ...security(row) },
    partOf: [caseReference(row)],
    status: 'completed',
    type: mediaType(row.kind),
    ...subject(row),
    createdDateTime: instant(row.captured_at ?? row.created_at),
    issued: instant(row.created_at),
    ...(row.height !== null ? { height: Number(row.height) } : {}),
    ...(row.width !== null ? { width: Number(row.width) } : {}),
    ...(row.duration_ms !== null ? { duration: Number(row.duration_ms) / 1000 } : {}),
    content: attachment(row, base),
    ...(row.caption ? { note: [{ text: row.caption }] } : {}),
  };
}

/** The same item as an R4 DocumentReference: final once its case is signed. */
export function documentReferenceResource(row: MediaFacts, base: string): Resource {
  return {
    resourceType: 'DocumentReference',
    id: row.id,
    meta: { lastUpdated: instant(row.updated_at), ...security(row) },
    status: 'current',
    docStatus: row.case_status === 'signed' ? 'final' : 'preliminary',
    type: mediaType(row.kind),
    ...subject(row),
    date: instant(row.created_at),
    ...(row.caption ? { description: row.caption } : {}),
    ...(row.patient_confidential === 1 ? { securityLabel: [{ coding: [CONFIDENTIAL_LABEL] }] } : {}),
    content: [{ attachment: attachment(row, base) }],
    context: { related: [caseReference(row)] },
  };
}

const CONSENT_STATUS = { valid: 'active', not_yet_valid: 'proposed', expired: 'inactive', revoked: 'inactive' } as const;
const SCOPE_NAMES = { teaching: 'Undervisning', publication: 'Publicering', research: 'Forskning' } as const;

/**
 * A written consent (M8) as an R4 Consent: a privacy consent of the patient (or, for a bystander,
 * given by them), permitting the purposes it names for its period; its document is fetched from the
 * REST API's own route, with its rights check and audit.
 */
export function consentResource(view: ConsentView, base: string): Resource {
  const end = [view.validUntil, view.revokedOn].filter((d): d is string => d !== null).sort()[0];
  return {
    resourceType: 'Consent',
    id: view.id,
    status: CONSENT_STATUS[view.status],
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${view.patientId}` },
    dateTime: instant(view.recordedAt),
    performer: [view.person === 'bystander' ? { display: view.personDescription ?? 'Annan person på bilden' } : { reference: `Patient/${view.patientId}` }],
    sourceAttachment: {
      contentType: view.document.mime,
      url: `${base}/api/patients/${encodeURIComponent(view.patientId)}/consents/${encodeURIComponent(view.id)}/document`,
      size: view.document.size,
      creation: instant(view.recordedAt),
    },
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN', display: 'opt-in' }] },
    provision: {
      type: 'permit',
      period: { start: view.validFrom, ...(end !== undefined && end >= view.validFrom ? { end } : {}) },
      purpose: view.scopes.map((scope) => ({ system: KASUS_SYSTEMS.consentScope, code: scope, display: SCOPE_NAMES[scope] })),
      ...(view.caseId ? { data: [{ meaning: 'related', reference: { identifier: { system: KASUS_SYSTEMS.case, value: view.caseId } } }] } : {}),
    },
  };
}

/** One event of Kasus's audit log as listed by the audit module (names resolved). */
export interface AuditFacts {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  action: string;
  outcome: string;
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  clientIp: string | null;
  details: Record<string, unknown>;
  userDisplayName: string | null;
  departmentName: string | null;
  objectName: string | null;
}

/** An audit event as an R4 AuditEvent: who (user, role, address), what (the action, the patient, the object), the outcome. */
export function auditEventResource(event: AuditFacts): Resource {
  const entity: Record<string, unknown>[] = [];
  if (event.patientId) {
    entity.push({
      what: { reference: `Patient/${event.patientId}` },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  }
  if (event.objectType && event.objectId && !(event.objectType === 'patient' && event.objectId === event.patientId)) {
    entity.push({
      what: { identifier: { system: KASUS_SYSTEMS.object(event.objectType), value: event.objectId }, ...(event.objectName ? { display: event.objectName } : {}) },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
    });
  }
  if (Object.keys(event.details).length > 0) {
    entity.push({ description: 'details', detail: [{ type: 'details', valueString: JSON.stringify(event.details) }] });
  }
  const who = event.userId
    ? { identifier: { system: KASUS_SYSTEMS.user, value: event.userId }, display: event.userDisplayName ?? event.username ?? event.userId }
    : { display: event.username ?? 'Kasus' };
  return {
    resourceType: 'AuditEvent',
    id: String(event.seq),
    type: event.patientId
      ? { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' }
      : { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110100', display: 'Application Activity' },
    subtype: [{ system: KASUS_SYSTEMS.auditAction, code: event.action }],
    recorded: instant(event.at),
    outcome: event.outcome === 'success' ? '0' : event.outcome === 'refused' ? '4' : '8',
    outcomeDesc: event.outcome,
    agent: [
      {
        who,
        ...(event.username ? { altId: event.username } : {}),
        ...(event.role ? { role: [{ text: event.role }] } : {}),
        requestor: event.userId !== null,
        ...(event.clientIp ? { network: { address: event.clientIp, type: '2' } } : {}),
      },
    ],
    source: {
      site: event.departmentName ?? 'Kasus',
      observer: { display: 'Kasus' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    ...(entity.length > 0 ? { entity } : {}),
  };
}

/** A searchset Bundle of the matches, each with its full URL where the resource can be read there. */
export function searchset(resources: Resource[], options: { base: string; self: string; next?: string; total?: number; now: string; readable: boolean }): Resource {
  return {
    resourceType: 'Bundle',
    meta: { lastUpdated: options.now },
    type: 'searchset',
    ...(options.total !== undefined ? { total: options.total } : {}),
    link: [{ relation: 'self', url: options.self }, ...(options.next ? [{ relation: 'next', url: options.next }] : [])],
    entry: resources.map((resource) => ({
      ...(options.readable ? { fullUrl: `${options.base}/fhir/R4/${resource.resourceType}/${resource.id}` } : {}),
      resource,
      search: { mode: 'match' },
    })),
  };
}
