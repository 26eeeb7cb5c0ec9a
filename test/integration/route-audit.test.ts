import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';

/**
 * Standing guard (DESIGN §3.3, issue 12 point 1): every request to a route that touches patient
 * data leaves exactly one audit event, allowed or refused, and for a record that does not exist.
 * The routes are read from /api/openapi.json; each must be in PATIENT_DATA (with the requests to
 * make and the event each must leave) or in NOT_PATIENT_DATA (with a one-word reason), so a new
 * route fails this test until it is classified. Events are counted by the request's id
 * (x-request-id), so background jobs writing events meanwhile do not disturb the count.
 */

/** Routes that touch no patient data, each with why. */
const NOT_PATIENT_DATA: Record<string, string> = {
  'GET /api/health': 'health',
  'POST /api/session': 'login',
  'GET /api/session': 'session',
  'DELETE /api/session': 'logout',
  'POST /api/tokens': 'credentials',
  'GET /api/tokens': 'credentials',
  'DELETE /api/tokens/{id}': 'credentials',
  'GET /api/users/{id}/tokens': 'credentials',
  'DELETE /api/users/{id}/tokens/{tokenId}': 'credentials',
  'POST /api/identifiers/validate': 'checksum',
  'GET /api/departments': 'organisation',
  'POST /api/departments': 'organisation',
  'PATCH /api/departments/{id}': 'organisation',
  'GET /api/rights': 'constants',
  'GET /api/copy-reasons': 'configuration',
  'GET /api/roles': 'accounts',
  'POST /api/roles': 'accounts',
  'PATCH /api/roles/{id}': 'accounts',
  'DELETE /api/roles/{id}': 'accounts',
  'GET /api/users': 'accounts',
  'POST /api/users': 'accounts',
  'PATCH /api/users/{id}': 'accounts',
  'GET /api/audit/users': 'names',
  'GET /api/collections': 'de-identified',
  // The caller's own notices of withdrawn teaching copies: collection names and dates, no patient.
  'GET /api/consent-notices': 'collection-names',
  'POST /api/collections': 'de-identified',
  'GET /api/jobs': 'operations',
  'GET /api/jobs/counts': 'operations',
  'POST /api/jobs/{id}/retry': 'operations',
  'GET /api/forms': 'templates',
  'POST /api/forms': 'templates',
  'GET /api/forms/{id}': 'templates',
  'PUT /api/forms/{id}': 'templates',
  'PATCH /api/forms/{id}': 'templates',
  'GET /api/forms/{id}/versions/{version}': 'templates',
  'GET /api/systems': 'continuity',
  'POST /api/systems': 'continuity',
  'GET /api/systems/{id}': 'continuity',
  'PATCH /api/systems/{id}': 'continuity',
  'PUT /api/systems/{id}/status': 'continuity',
  'GET /api/systems/{id}/history': 'continuity',
  'PUT /api/systems/{id}/probe': 'continuity',
  'DELETE /api/systems/{id}/probe': 'continuity',
  'GET /api/notices': 'continuity',
  'POST /api/notices': 'continuity',
  'GET /api/notice-subscriptions': 'continuity',
  'POST /api/notice-subscriptions': 'continuity',
  'DELETE /api/notice-subscriptions/{id}': 'continuity',
  'GET /api/scenarios': 'continuity',
  'POST /api/scenarios': 'continuity',
  'PUT /api/scenarios/{id}': 'continuity',
  'GET /api/routines': 'continuity',
  'POST /api/routines': 'continuity',
  'GET /api/routines/reminders': 'continuity',
  'GET /api/routines/{id}': 'continuity',
  'PUT /api/routines/{id}': 'continuity',
  'POST /api/routines/{id}/approve': 'continuity',
  'GET /api/continuity/in-force': 'continuity',
  'GET /api/contacts': 'directory',
  'POST /api/contacts': 'directory',
  'GET /api/contacts/now': 'directory',
  'GET /api/contacts/{id}': 'directory',
  'PATCH /api/contacts/{id}': 'directory',
  'DELETE /api/contacts/{id}': 'directory',
  'GET /api/service-desks': 'directory',
  'POST /api/service-desks': 'directory',
  'PATCH /api/service-desks/{id}': 'directory',
  // Incident reports are about clinical systems, not patients.
  'GET /api/incidents': 'systems',
  'POST /api/incidents': 'systems',
  'GET /api/incidents/{id}': 'systems',
  'PATCH /api/incidents/{id}': 'systems',
  'POST /api/incidents/{id}/updates': 'systems',
  'GET /api/backlog/report': 'counts',
  'POST /api/offline-copy/workstations': 'workstations',
  'GET /api/offline-copy/workstations': 'workstations',
  'DELETE /api/offline-copy/workstations/{id}': 'workstations',
  'GET /api/offline-copy/server-key': 'key',
  // The FHIR API's CapabilityStatement (issue 15, I2).
  'GET /fhir/R4/metadata': 'capabilities',
};

/**
 * Routes that carry patient data but are reached with a workstation's token, not a user's session;
 * their audit (one event per sync request and per snapshot) is tested by the offline-copy module.
 */
const PATIENT_DATA_TESTED_ELSEWHERE: Record<string, string> = {
  'POST /api/offline-copy/snapshots': 'offline-copy',
  // A staged card import's own routes: src/server/modules/imports/imports.int.test.ts (its commit writes an upload event per added file).
  'POST /api/imports/{id}/files': 'imports',
  'GET /api/imports/{id}': 'imports',
  'POST /api/imports/{id}/commit': 'imports',
  'DELETE /api/imports/{id}': 'imports',
  'GET /api/offline-copy/sync/manifest': 'offline-copy',
  'GET /api/offline-copy/sync/parts/{name}': 'offline-copy',
  'POST /api/offline-copy/sync/access-log': 'offline-copy',
  // Needs a token signed by a configured EHR: src/server/modules/ehr-launch/ehr-launch.int.test.ts checks one ehr.launch event per launch, allowed and each refusal.
  'GET /launch/signed': 'ehr-launch',
  // SMART App Launch: needs a configured EHR with its authorization server; src/server/modules/ehr-launch/smart-launch.int.test.ts checks one ehr.launch event per launch and refusal.
  'GET /launch': 'ehr-launch',
  'GET /launch/callback': 'ehr-launch',
  // Multipart consent documents and a consent's own id: src/server/modules/consents/consents.int.test.ts checks their events (create, document, revoke).
  'POST /api/patients/{id}/consents': 'consents',
  'GET /api/patients/{id}/consents/{consentId}/document': 'consents',
  'POST /api/patients/{id}/consents/{consentId}/revoke': 'consents',
  // A de-identified copy's file needs a written consent (multipart), and the face detector loads on first use (409 faces_starting until then):
  // src/server/modules/deidentify/deidentify.int.test.ts counts one event per request of each, allowed and refused.
  'GET /api/deidentified-copies/{id}/file': 'deidentify',
  'POST /api/media/{id}/face-suggestions': 'deidentify',
  // An order exists only after a copy was asked for under a written consent (multipart): deidentify.int.test.ts counts one event per read, allowed, refused and missing.
  'GET /api/deidentify-orders/{id}': 'deidentify',
  // Refused (400, no patient data read) unless KASUS_FHIR_IDENTIFIER_IN_URL=true: src/server/modules/fhir/fhir.int.test.ts checks its one event when allowed.
  'GET /fhir/R4/Patient': 'fhir',
};

type Outcome = 'success' | 'refused' | 'failure';

/** One request and the one event it must leave. */
interface Probe {
  as: Session;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  action: string;
  outcome: Outcome;
  /** Which probe this is, for messages: allowed, refused or missing. */
  kind: 'allowed' | 'refused' | 'missing';
}

interface Fixtures {
  doctor: Session;
  nurse: Session;
  logg: Session;
  sysadmin: Session;
  surgery: string;
  formId: string;
  patient: string;
  /** A patient whose confidentiality the test changes. */
  other: string;
  /** A draft with two photos. */
  draft: string;
  media: [string, string];
  /** A draft with a complete form and no media, signed by the sign probe. */
  signable: string;
  /** A confidential patient's case. */
  secretCase: string;
  backlogItem: string;
  freshIdentifier: string;
  unknownIdentifier: string;
  photo: (shade: number) => Promise<{ payload: Buffer; headers: Record<string, string> }>;
  t: TestApp;
}

const REASON = 'Akut operation, behöver se tidigare bilder';
const CAPTURE = { purpose_explained: 'Uppföljning', oral_consent: true, identity_verified_by: 'known_to_staff', captured_by: 'Lars Läkare' };

/** allowed / refused / missing probes of one route, the same action for each. */
const probes = (
  action: string,
  allowed: { as: Session; url: string; body?: unknown; outcome?: Outcome },
  refused: { as: Session; url?: string; body?: unknown; outcome?: Outcome },
  missing?: { url: string; body?: unknown; as?: Session },
): Probe[] => [
  { kind: 'allowed', action, outcome: allowed.outcome ?? 'success', as: allowed.as, url: allowed.url, body: allowed.body },
  { kind: 'refused', action, outcome: refused.outcome ?? 'refused', as: refused.as, url: refused.url ?? allowed.url, body: refused.body ?? allowed.body },
  ...(missing ? [{ kind: 'missing' as const, action, outcome: 'failure' as const, as: missing.as ?? allowed.as, url: missing.url, body: missing.body ?? allowed.body }] : []),
];

/**
 * Every route that touches patient data, in the order walked (a case is signed before its next
 * version is started, media are read before one is removed).
 */
const PATIENT_DATA: Record<string, (f: Fixtures) => Promise<Probe[]> | Probe[]> = {
  'POST /api/patients/lookup': (f) =>
    probes('patient.lookup', { as: f.doctor, url: '/api/patients/lookup', body: { identifier: '19121212-1212' } }, { as: f.logg }, { url: '/api/patients/lookup', body: { identifier: f.unknownIdentifier } }),
  'POST /api/patients': (f) => probes('patient.register', { as: f.doctor, url: '/api/patients', body: { identifier: f.freshIdentifier } }, { as: f.logg, body: { identifier: f.unknownIdentifier } }),
  'POST /api/patients/{id}/confidential': (f) =>
    probes(
      'patient.confidentiality',
      { as: f.sysadmin, url: `/api/patients/${f.other}/confidential`, body: { confidential: true, reason: REASON } },
      { as: f.doctor },
      { url: `/api/patients/${randomUUID()}/confidential` },
    ),
  'GET /api/patients/{id}': (f) => probes('patient.read', { as: f.doctor, url: `/api/patients/${f.patient}` }, { as: f.logg }, { url: `/api/patients/${randomUUID()}` }),
  'GET /api/patients/{id}/confidentiality': (f) => probes('patient.confidentiality.read', { as: f.sysadmin, url: `/api/patients/${f.other}/confidentiality` }, { as: f.doctor }),
  'POST /api/cases': (f) => probes('case.create', { as: f.doctor, url: '/api/cases', body: { patientId: f.patient, departmentId: f.surgery, formId: f.formId } }, { as: f.logg }),
  // A search is filtered to what the caller may read, never refused: the caller without rights gets an empty page.
  'GET /api/cases': (f) => probes('case.search', { as: f.doctor, url: `/api/cases?patientId=${f.patient}` }, { as: f.logg, outcome: 'success' }),
  // The timeline is filtered as the case list: the caller without rights gets an empty timeline, audited as a success.
  'GET /api/patients/{id}/timeline': (f) => probes('case.timeline', { as: f.doctor, url: `/api/patients/${f.patient}/timeline` }, { as: f.logg, outcome: 'success' }),
  'GET /api/cases/{id}': (f) => probes('case.read', { as: f.doctor, url: `/api/cases/${f.draft}` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}` }),
  'PATCH /api/cases/{id}': (f) =>
    probes('case.update', { as: f.doctor, url: `/api/cases/${f.draft}`, body: { values: { captured_by: 'Lars Läkare' } } }, { as: f.logg }, { url: `/api/cases/${randomUUID()}` }),
  'GET /api/cases/{id}/versions': (f) => probes('case.versions', { as: f.doctor, url: `/api/cases/${f.draft}/versions` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/versions` }),
  'GET /api/cases/{id}/versions/{version}': (f) =>
    probes('case.version.read', { as: f.doctor, url: `/api/cases/${f.draft}/versions/1` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/versions/1` }),
  'GET /api/cases/{id}/compare': (f) =>
    probes('case.compare', { as: f.doctor, url: `/api/cases/${f.draft}/compare?from=1&to=1` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/compare?from=1&to=1` }),
  'POST /api/cases/{id}/sign': (f) => probes('case.sign', { as: f.doctor, url: `/api/cases/${f.signable}/sign` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/sign` }),
  'POST /api/cases/{id}/versions': (f) => probes('case.new_version', { as: f.doctor, url: `/api/cases/${f.signable}/versions` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/versions` }),
  'POST /api/cases/{id}/media': async (f) => {
    const photo = await f.photo(17);
    const upload = (kind: Probe['kind'], as: Session, url: string, outcome: Outcome): Probe => ({ kind, as, url, body: photo.payload, headers: photo.headers, action: 'media.upload', outcome });
    return [
      upload('allowed', f.doctor, `/api/cases/${f.draft}/media`, 'success'),
      upload('refused', f.logg, `/api/cases/${f.draft}/media`, 'refused'),
      upload('missing', f.doctor, `/api/cases/${randomUUID()}/media`, 'failure'),
    ];
  },
  'GET /api/collections/{id}/media': async (f) => {
    const collection = (await f.t.as(f.sysadmin, 'POST', '/api/collections', { departmentId: f.surgery, name: 'Samtyckeslista' })).json().id as string;
    return probes('collection.copies', { as: f.sysadmin, url: `/api/collections/${collection}/media` }, { as: f.logg }, { url: `/api/collections/${randomUUID()}/media` });
  },
  'GET /api/patients/{id}/consents': (f) => probes('consent.list', { as: f.doctor, url: `/api/patients/${f.patient}/consents` }, { as: f.logg }, { url: `/api/patients/${randomUUID()}/consents` }),
  // Without a written consent the copy is refused 409 consent_required: one failure event.
  'POST /api/collections/{id}/media': async (f) => {
    const collection = (await f.t.as(f.sysadmin, 'POST', '/api/collections', { departmentId: f.surgery, name: 'Samtyckesprov' })).json().id as string;
    return probes('collection.copy', { as: f.sysadmin, url: `/api/collections/${collection}/media`, body: { mediaId: f.media[0] }, outcome: 'failure' }, { as: f.logg }, { url: `/api/collections/${randomUUID()}/media` });
  },
  // A de-identified copy (M9) without a written consent is refused 409 consent_required: one failure event.
  'POST /api/media/{id}/deidentified-copies': async (f) => {
    const collection = (await f.t.as(f.sysadmin, 'POST', '/api/collections', { departmentId: f.surgery, name: 'Avidentifieringsprov' })).json().id as string;
    const body = { collectionId: collection, regions: [{ shape: 'rect', x: 0, y: 0, width: 4, height: 4, effect: 'black' }] };
    return probes('media.deidentify', { as: f.sysadmin, url: `/api/media/${f.media[0]}/deidentified-copies`, body, outcome: 'failure' }, { as: f.logg }, { url: `/api/media/${randomUUID()}/deidentified-copies` });
  },
  'GET /api/collections/{id}/deidentified-copies': async (f) => {
    const collection = (await f.t.as(f.sysadmin, 'POST', '/api/collections', { departmentId: f.surgery, name: 'Avidentifierade' })).json().id as string;
    return probes('collection.deidentified', { as: f.sysadmin, url: `/api/collections/${collection}/deidentified-copies` }, { as: f.logg }, { url: `/api/collections/${randomUUID()}/deidentified-copies` });
  },
  'POST /api/cases/{id}/print': (f) =>
    probes('case.print', { as: f.doctor, url: `/api/cases/${f.draft}/print`, body: { reasonCode: 'care' } }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/print` }),
  'POST /api/cases/{id}/export': (f) =>
    probes('case.export', { as: f.doctor, url: `/api/cases/${f.draft}/export`, body: { reasonCode: 'care' } }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/export` }),
  'GET /api/cases/{id}/copies': (f) => probes('case.copies.read', { as: f.doctor, url: `/api/cases/${f.draft}/copies` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/copies` }),
  // DICOM export to PACS (issue 15, I3): a draft is refused (409 case_not_signed), audited as such; src/server/modules/pacs tests a send.
  'POST /api/cases/{id}/pacs-exports': (f) =>
    probes('case.pacs_export', { as: f.doctor, url: `/api/cases/${f.draft}/pacs-exports`, outcome: 'refused' }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/pacs-exports` }),
  'GET /api/cases/{id}/pacs-exports': (f) =>
    probes('case.pacs_exports.read', { as: f.doctor, url: `/api/cases/${f.draft}/pacs-exports` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/pacs-exports` }),
  'GET /api/media/{id}': (f) => probes('media.read', { as: f.doctor, url: `/api/media/${f.media[0]}` }, { as: f.logg }, { url: `/api/media/${randomUUID()}` }),
  'GET /api/media/{id}/original': (f) => probes('media.original', { as: f.doctor, url: `/api/media/${f.media[0]}/original` }, { as: f.logg }, { url: `/api/media/${randomUUID()}/original` }),
  'GET /api/media/{id}/thumbnail': (f) => probes('media.thumbnail', { as: f.doctor, url: `/api/media/${f.media[0]}/thumbnail` }, { as: f.logg }, { url: `/api/media/${randomUUID()}/thumbnail` }),
  'GET /api/media/{id}/preview': (f) => probes('media.preview', { as: f.doctor, url: `/api/media/${f.media[0]}/preview` }, { as: f.logg }, { url: `/api/media/${randomUUID()}/preview` }),
  // A photo has no poster and no playable file: the read is one failure event.
  'GET /api/media/{id}/poster': (f) =>
    probes('media.poster', { as: f.doctor, url: `/api/media/${f.media[0]}/poster`, outcome: 'failure' }, { as: f.logg }, { url: `/api/media/${randomUUID()}/poster` }),
  'GET /api/media/{id}/playable': (f) =>
    probes('media.playable', { as: f.doctor, url: `/api/media/${f.media[0]}/playable`, outcome: 'failure' }, { as: f.logg }, { url: `/api/media/${randomUUID()}/playable` }),
  // The FHIR R4 read API (issue 15, I2): its own events for patients and media, the consents' and the audit log's for those.
  'POST /fhir/R4/Patient/_search': (f) => probes('fhir.patient.search', { as: f.doctor, url: '/fhir/R4/Patient/_search', body: { identifier: '19121212-1212' } }, { as: f.logg }),
  'GET /fhir/R4/Patient/{id}': (f) => probes('fhir.patient.read', { as: f.doctor, url: `/fhir/R4/Patient/${f.patient}` }, { as: f.logg }, { url: `/fhir/R4/Patient/${randomUUID()}` }),
  'GET /fhir/R4/Media': (f) => probes('fhir.media.search', { as: f.doctor, url: `/fhir/R4/Media?patient=${f.patient}` }, { as: f.logg }, { url: `/fhir/R4/Media?patient=${randomUUID()}` }),
  'GET /fhir/R4/Media/{id}': (f) => probes('fhir.media.read', { as: f.doctor, url: `/fhir/R4/Media/${f.media[0]}` }, { as: f.logg }, { url: `/fhir/R4/Media/${randomUUID()}` }),
  'GET /fhir/R4/DocumentReference': (f) =>
    probes('fhir.document_reference.search', { as: f.doctor, url: `/fhir/R4/DocumentReference?patient=Patient/${f.patient}` }, { as: f.logg }, { url: `/fhir/R4/DocumentReference?patient=${randomUUID()}` }),
  'GET /fhir/R4/DocumentReference/{id}': (f) =>
    probes('fhir.document_reference.read', { as: f.doctor, url: `/fhir/R4/DocumentReference/${f.media[0]}` }, { as: f.logg }, { url: `/fhir/R4/DocumentReference/${randomUUID()}` }),
  'GET /fhir/R4/Consent': (f) => probes('consent.list', { as: f.doctor, url: `/fhir/R4/Consent?patient=${f.patient}` }, { as: f.logg }, { url: `/fhir/R4/Consent?patient=${randomUUID()}` }),
  'GET /fhir/R4/AuditEvent': (f) => probes('audit.list', { as: f.logg, url: `/fhir/R4/AuditEvent?patient=${f.patient}` }, { as: f.doctor }),
  'PATCH /api/cases/{id}/media/{mediaId}': (f) =>
    probes('media.caption', { as: f.doctor, url: `/api/cases/${f.draft}/media/${f.media[0]}`, body: { caption: 'Före operationen' } }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/media/${f.media[0]}` }),
  'GET /api/cases/{id}/media/{mediaId}/annotations': (f) =>
    probes('media.annotations.read', { as: f.doctor, url: `/api/cases/${f.draft}/media/${f.media[0]}/annotations` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/media/${f.media[0]}/annotations` }),
  'PUT /api/cases/{id}/media/{mediaId}/annotations': (f) =>
    probes(
      'media.annotations.write',
      { as: f.doctor, url: `/api/cases/${f.draft}/media/${f.media[0]}/annotations`, body: { shapes: [{ id: 'a1', type: 'arrow', x1: 0.1, y1: 0.1, x2: 0.5, y2: 0.5 }] } },
      { as: f.logg },
      { url: `/api/cases/${randomUUID()}/media/${f.media[0]}/annotations` },
    ),
  'POST /api/cases/{id}/imports': (f) => probes('media.import.begin', { as: f.doctor, url: `/api/cases/${f.draft}/imports` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/imports` }),
  'GET /api/cases/{id}/import-flags': (f) => probes('case.import_flags', { as: f.doctor, url: `/api/cases/${f.draft}/import-flags` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/import-flags` }),
  'PUT /api/cases/{id}/media-order': async (f) => {
    const live = ((await f.t.as(f.doctor, 'GET', `/api/cases/${f.draft}`)).json().media as { id: string }[]).map((m) => m.id).reverse();
    return probes('media.reorder', { as: f.doctor, url: `/api/cases/${f.draft}/media-order`, body: { mediaIds: live } }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/media-order` });
  },
  'DELETE /api/cases/{id}/media/{mediaId}': (f) =>
    probes('media.remove', { as: f.doctor, url: `/api/cases/${f.draft}/media/${f.media[1]}` }, { as: f.logg }, { url: `/api/cases/${randomUUID()}/media/${f.media[1]}` }),
  'POST /api/cases/{id}/emergency-access': (f) =>
    probes('case.emergency_open', { as: f.doctor, url: `/api/cases/${f.secretCase}/emergency-access`, body: { reason: REASON } }, { as: f.nurse }, { url: `/api/cases/${randomUUID()}/emergency-access` }),
  'GET /api/emergency-access': (f) => probes('emergency_access.report', { as: f.logg, url: '/api/emergency-access' }, { as: f.doctor }),
  'GET /api/audit': (f) => probes('audit.list', { as: f.logg, url: `/api/audit?patientId=${f.patient}` }, { as: f.doctor }),
  'POST /api/audit/search': (f) => probes('audit.list', { as: f.logg, url: '/api/audit/search', body: { patientIdentifier: '19121212-1212' } }, { as: f.doctor }),
  'GET /api/audit.csv': (f) => probes('audit.export', { as: f.logg, url: `/api/audit.csv?patientId=${f.patient}` }, { as: f.doctor }),
  'GET /api/reports/audit': (f) => probes('audit.report', { as: f.logg, url: `/api/reports/audit?patientId=${f.patient}&format=csv` }, { as: f.doctor }),
  'GET /api/statistics': (f) => probes('statistics.report', { as: f.logg, url: '/api/statistics' }, { as: f.doctor }),
  // The backlog names patients; a list shows them to whoever may see the department's backlog, else nothing.
  'GET /api/backlog': (f) => probes('backlog.read', { as: f.doctor, url: '/api/backlog' }, { as: f.logg, outcome: 'success' }),
  'POST /api/backlog': async (f) => {
    const item = (await f.t.as(f.doctor, 'GET', `/api/backlog/${f.backlogItem}`)).json() as { outageId: string };
    const body = { outageId: item.outageId, departmentId: f.surgery, patientId: f.patient, kind: 'paper_note', description: 'Anteckning under avbrottet' };
    return probes('backlog.register', { as: f.doctor, url: '/api/backlog', body }, { as: f.logg });
  },
  'GET /api/backlog/{id}': (f) => probes('backlog.read', { as: f.doctor, url: `/api/backlog/${f.backlogItem}` }, { as: f.logg }, { url: `/api/backlog/${randomUUID()}` }),
  'POST /api/backlog/{id}/advance': (f) =>
    [
      ...probes('backlog.enter', { as: f.doctor, url: `/api/backlog/${f.backlogItem}/advance`, body: { to: 'entered' } }, { as: f.logg }),
      { kind: 'missing', as: f.doctor, url: `/api/backlog/${randomUUID()}/advance`, body: { to: 'entered' }, action: 'backlog.advance', outcome: 'failure' },
    ].map((p) => (p.kind === 'refused' ? { ...p, action: 'backlog.advance' } : p)) as Probe[],
  // Offline capture (issue 16): a session is the caller's own; another user's is answered (and audited) as missing.
  'POST /api/captures': (f) =>
    probes(
      'capture.create',
      { as: f.doctor, url: '/api/captures', body: captureBody(f, personnummer('19550505', 321)) },
      { as: f.logg, body: captureBody(f, personnummer('19550505', 321)) },
    ),
  'GET /api/captures/{id}': async (f) => {
    const { id } = await captureWithItem(f);
    return probes('capture.read', { as: f.doctor, url: `/api/captures/${id}` }, { as: f.nurse, outcome: 'failure' }, { url: `/api/captures/${randomUUID()}` });
  },
  'GET /api/captures/{id}/items/{key}': async (f) => {
    const { id, key } = await captureWithItem(f);
    return probes('capture.item.read', { as: f.doctor, url: `/api/captures/${id}/items/${key}` }, { as: f.nurse, outcome: 'failure' }, { url: `/api/captures/${id}/items/${randomUUID()}` });
  },
  'GET /api/downtime-forms/radiology-referral.pdf': (f) =>
    probes('downtime_form.print', { as: f.doctor, url: `/api/downtime-forms/radiology-referral.pdf?departmentId=${f.surgery}&patientId=${f.patient}` }, { as: f.logg }),
  'GET /api/downtime-forms/offline-media-note.pdf': (f) =>
    probes('downtime_form.print', { as: f.doctor, url: `/api/downtime-forms/offline-media-note.pdf?departmentId=${f.surgery}&patientId=${f.patient}` }, { as: f.logg }),
  // Purge (M11): a case made for it; the patient purged is one with no cases (the other probes keep theirs).
  'POST /api/cases/{id}/purge': async (f) => {
    const created = (await f.t.as(f.doctor, 'POST', '/api/cases', { patientId: f.patient, departmentId: f.surgery, formId: f.formId })).json() as { id: string };
    return probes('case.purge', { as: f.sysadmin, url: `/api/cases/${created.id}/purge`, body: PURGE }, { as: f.doctor }, { url: `/api/cases/${randomUUID()}/purge` });
  },
  'POST /api/patients/{id}/purge': (f) => probes('patient.purge', { as: f.sysadmin, url: `/api/patients/${f.other}/purge`, body: PURGE }, { as: f.doctor }, { url: `/api/patients/${randomUUID()}/purge` }),
  'GET /api/purges/{id}': async (f) => {
    const { jobId } = (await f.t.as(f.sysadmin, 'POST', `/api/patients/${f.other}/purge`, PURGE)).json() as { jobId: string };
    return probes('purge.read', { as: f.sysadmin, url: `/api/purges/${jobId}` }, { as: f.doctor }, { url: `/api/purges/${randomUUID()}` });
  },
};

const PURGE = { basis: 'decision', decisionRef: 'Dnr 2026/77', decisionDate: '2026-11-30' };

const captureBody = (f: Fixtures, identifier: string) => ({
  id: randomUUID(),
  identifier,
  identityVerification: 'known_to_staff',
  departmentId: f.surgery,
  oralConsent: true,
  purpose: 'Uppföljning',
  startedAt: '2026-12-07T10:00:00Z',
});

/** A capture session of the doctor's with one item stored through the resumable upload (tus). */
async function captureWithItem(f: Fixtures): Promise<{ id: string; key: string }> {
  const session = (await f.t.as(f.doctor, 'POST', '/api/captures', captureBody(f, '19121212-1212'))).json() as { id: string };
  const jpeg = await sharp({ create: { width: 30, height: 20, channels: 3, background: { r: 200, g: 30, b: Math.floor(Math.random() * 256) } } }).jpeg().toBuffer();
  const key = randomUUID();
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const sha256 = createHash('sha256').update(jpeg).digest('hex');
  const metadata = `captureId ${b64(session.id)},itemKey ${b64(key)},sha256 ${b64(sha256)},filename ${b64('sar.jpg')}`;
  const created = await f.t.as(f.doctor, 'POST', '/api/uploads', undefined, { 'tus-resumable': '1.0.0', 'upload-length': String(jpeg.length), 'upload-metadata': metadata });
  expect(created.statusCode, created.body).toBe(201);
  const done = await f.t.as(f.doctor, 'PATCH', String(created.headers.location), jpeg, {
    'tus-resumable': '1.0.0',
    'upload-offset': '0',
    'content-type': 'application/offset+octet-stream',
  });
  expect(done.statusCode, done.body).toBe(204);
  return { id: session.id, key };
}

/** A valid Swedish personnummer (Luhn check digit) for a date and a serial number. */
function personnummer(date: string, serial: number): string {
  const digits = `${date.slice(2)}${String(serial).padStart(3, '0')}`;
  const sum = [...digits].reduce((s, d, i) => {
    const n = Number(d) * (i % 2 === 0 ? 2 : 1);
    return s + (n > 9 ? n - 9 : n);
  }, 0);
  return `${date}-${String(serial).padStart(3, '0')}${(10 - (sum % 10)) % 10}`;
}

describe.each(testDialects())('every patient-data route leaves exactly one audit event per request on %s', (dialect) => {
  let t: TestApp;
  let f: Fixtures;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.login('admin');
    const doctor = await t.login('lakare');
    const sysadmin = await t.login('sysadmin');
    const ok = async (response: Promise<import('fastify').LightMyRequestResponse>, status = 200) => {
      const answer = await response;
      expect(answer.statusCode, answer.body).toBe(status);
      return answer.json();
    };
    const departments = (await t.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const patient = (await ok(t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' }))).id as string;
    const secret = (await ok(t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19640823-3234' }))).id as string;
    const other = (await ok(t.as(doctor, 'POST', '/api/patients', { identifier: personnummer('19870514', 123) }), 201)).id as string;
    const formId = (await ok(t.as(admin, 'POST', '/api/forms', { name: 'Granskning', fields: [], departmentIds: [surgery] }), 201)).id as string;
    const newCase = async (patientId: string) => (await ok(t.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery, formId }), 201)).id as string;

    const photo = async (shade: number) => {
      const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: shade, g: 255 - shade, b: (shade * 7) % 256 } } }).jpeg().toBuffer();
      const boundary = `kasusauditboundary${shade}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="bild${shade}.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`),
        jpeg,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
    };
    const draft = await newCase(patient);
    await ok(t.as(doctor, 'PATCH', `/api/cases/${draft}`, { values: CAPTURE }));
    const media: string[] = [];
    for (const shade of [40, 90]) {
      const { payload, headers } = await photo(shade);
      media.push((await ok(t.as(doctor, 'POST', `/api/cases/${draft}/media`, payload, headers))).items[0].id as string);
    }
    // The first photo's derived files, so that reading them is a success.
    for (let i = 0; i < 100; i += 1) {
      const item = (await t.as(doctor, 'GET', `/api/media/${media[0]}`)).json() as { derivatives: Record<string, unknown> };
      if (item.derivatives.thumbnail && item.derivatives.preview) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const signable = await newCase(patient);
    await ok(t.as(doctor, 'PATCH', `/api/cases/${signable}`, { values: CAPTURE }));
    const secretCase = await newCase(secret);
    await ok(t.as(sysadmin, 'POST', `/api/patients/${secret}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt Skatteverket' }));

    const systems = (await t.as(admin, 'GET', '/api/systems')).json() as { id: string }[];
    await ok(t.as(admin, 'PUT', `/api/systems/${systems[0]!.id}/status`, { status: 'down', message: 'Använd pappersremiss.', expectedDurationMinutes: 60 }));
    const outageId = ((await t.as(admin, 'GET', `/api/notices?systemId=${systems[0]!.id}`)).json().items as { id: string; kind: string }[]).find((n) => n.kind === 'outage')!.id;
    const backlogItem = (await ok(t.as(doctor, 'POST', '/api/backlog', { outageId, departmentId: surgery, patientId: patient, kind: 'paper_referral', description: 'Remiss till röntgen' }), 201))
      .id as string;

    f = {
      t,
      doctor,
      nurse: await t.login('skoterska'),
      logg: await t.login('logg'),
      sysadmin,
      surgery,
      formId,
      patient,
      other,
      draft,
      media: media as [string, string],
      signable,
      secretCase,
      backlogItem,
      freshIdentifier: personnummer('19790203', 456),
      unknownIdentifier: personnummer('19650911', 789),
      photo,
    };
  }, 180_000);
  afterAll(() => t?.close());

  it('classifies every route of /api/openapi.json, and only those', async () => {
    const spec = (await t.as(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths).flatMap(([route, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${route}`),
    );
    expect(routes.length).toBeGreaterThanOrEqual(100);
    const classified = [PATIENT_DATA, NOT_PATIENT_DATA, PATIENT_DATA_TESTED_ELSEWHERE].map((set) => new Set(Object.keys(set)));
    const unclassified = routes.filter((route) => !classified.some((set) => set.has(route)));
    expect(unclassified, 'routes in neither PATIENT_DATA nor NOT_PATIENT_DATA: classify them').toEqual([]);
    const twice = routes.filter((route) => classified.filter((set) => set.has(route)).length > 1);
    expect(twice).toEqual([]);
    const gone = [...classified.flatMap((set) => [...set])].filter((route) => !routes.includes(route));
    expect(gone, 'classified routes that no longer exist').toEqual([]);
    for (const [route, reason] of Object.entries(NOT_PATIENT_DATA)) expect(reason, route).toMatch(/^[a-z-]+$/);
  });

  it('leaves exactly one event with the right action and outcome for each request, allowed, refused and for a missing record', async () => {
    const db = t.services.database.db;
    const failures: string[] = [];
    let walked = 0;
    for (const [route, make] of Object.entries(PATIENT_DATA)) {
      const method = route.split(' ')[0]!;
      for (const probe of await make(f)) {
        const response = await t.as(probe.as, method, probe.url, probe.body, probe.headers);
        const requestId = String(response.headers['x-request-id'] ?? '');
        const what = `${route} ${probe.kind} as ${probe.as.user.username} → ${response.statusCode} ${response.body.slice(0, 160)}`;
        if (!requestId) {
          failures.push(`${what}: no x-request-id`);
          continue;
        }
        const events = await db.selectFrom('audit_event').select(['action', 'outcome']).where('request_id', '=', requestId).execute();
        // A success answers 2xx (a filtered list for a caller without rights, too); anything else a 4xx.
        const statusOk = probe.outcome === 'success' ? response.statusCode < 300 : response.statusCode >= 400 && response.statusCode < 500;
        if (!statusOk) failures.push(`${what}: unexpected status`);
        if (events.length !== 1) failures.push(`${what}: ${events.length} events ${JSON.stringify(events)}`);
        else if (events[0]!.action !== probe.action || events[0]!.outcome !== probe.outcome) {
          failures.push(`${what}: event ${events[0]!.action}/${events[0]!.outcome}, expected ${probe.action}/${probe.outcome}`);
        }
        walked += 1;
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(walked).toBeGreaterThanOrEqual(90);
    // The chain is whole after all of it.
    expect((await t.services.auditLog.verify()).ok).toBe(true);
  }, 300_000);
});
