/** Ids may be numbers or strings depending on the database; compare with sameId(). */
export type Id = string | number;

export function sameId(a: Id | null | undefined, b: Id | null | undefined): boolean {
  return a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);
}

export interface Assignment {
  departmentId: Id;
  departmentHsaId: string;
  departmentName: string;
  roleId: Id;
  roleName: string;
  /** A global role applies in every department. */
  global?: boolean;
  rights: string[];
}

export interface SessionUser {
  id: Id;
  username: string;
  displayName: string;
  active: boolean;
  rights: string[];
  assignments: Assignment[];
}

export interface SessionResponse {
  user: SessionUser;
  csrfToken: string;
}

export type IdentifierType =
  | 'se_personnummer'
  | 'se_samordningsnummer'
  | 'se_reservnummer'
  | 'no_fodselsnummer'
  | 'no_d_nummer'
  | 'no_h_nummer';

export type ValidationResult =
  | { valid: true; type: IdentifierType; normalized: string }
  | { valid: false; type?: IdentifierType | null; rule: string; error: string };

export interface Patient {
  id: Id;
  identifier: string;
  type: IdentifierType | string;
  confidential: boolean;
  /** For regional reservnummer: the issuing region. */
  region?: { name: string; oid: string };
}

export interface Department {
  id: Id;
  hsaId: string;
  name: string;
  active: boolean;
}

export interface Role {
  id: Id;
  name: string;
  builtIn: boolean;
  global: boolean;
  rights: string[];
}

export interface UserRoleRef {
  departmentId: Id;
  roleId: Id;
}

export interface User {
  id: Id;
  username: string;
  displayName: string;
  /** Where Kasus e-mails the user (routine reminders); null when none is given. */
  email?: string | null;
  active: boolean;
  /** Temporarily locked after failed logins. */
  locked?: boolean;
  roles: UserRoleRef[];
}

export interface AuditEvent {
  seq: number;
  at: string;
  userId: Id | null;
  username: string | null;
  role?: string | null;
  action: string;
  outcome: string;
  departmentId: Id | null;
  patientId: Id | null;
  objectType: string | null;
  objectId: Id | null;
  clientIp: string | null;
  requestId: string | null;
  details: unknown;
}

export interface AuditPage {
  items: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
  /** Set by an identifier search: the patient's opaque id, or null when not registered. */
  patientId?: string | null;
}

export type CaseStatus = 'draft' | 'signed';

export interface CaseSummary {
  id: Id;
  /** The patient's opaque id (never the national identifier); null for teaching material. */
  patientId: Id | null;
  collectionId: Id | null;
  departmentId: Id;
  formVersionId: Id | null;
  status: CaseStatus | string;
  version: number;
  createdBy: Id;
  createdAt: string;
  updatedAt: string;
  signedBy: Id | null;
  signedAt: string | null;
}

/** A row of a case list: in full, or a confidential patient's case shown only as "Konfidentiellt". */
export type CaseListItem =
  | (CaseSummary & { confidential: false; formName: string | null; signedByName: string | null })
  | { id: Id; confidential: true; departmentId: Id; createdAt: string };

export interface CaseList {
  items: CaseListItem[];
  total: number;
  /** More cases match than `total` (counting stops at 1000). */
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
}

export type LocalizedText = { sv: string; nb?: string; en?: string };

export type FormValue = string | number | boolean | string[];

export interface CaseFormField {
  key: string;
  label: LocalizedText;
  type: 'text' | 'long_text' | 'number' | 'date' | 'yes_no' | 'single_choice' | 'multiple_choice' | string;
  required: boolean;
  help?: LocalizedText;
  options?: { code: string; label: LocalizedText }[];
  min?: number;
  max?: number;
  maxLength?: number;
}

export interface CaseForm {
  id: Id;
  name: string;
  versionId: Id;
  version: number;
  fields: CaseFormField[];
}

export type MediaKind = 'image' | 'video' | 'audio';
export type DerivativeKind = 'thumbnail' | 'preview' | 'poster' | 'playable';

export interface Derivative {
  mime: string;
  width?: number;
  height?: number;
}

export interface MediaView {
  id: Id;
  caseId: Id;
  status: 'processing' | 'ready' | string;
  kind: MediaKind | string;
  mime: string | null;
  width?: number;
  height?: number;
  durationMs?: number;
  sha256: string | null;
  sizeBytes: number | null;
  originalFilename: string;
  capturedAt: string | null;
  caption: string | null;
  uploadedBy: Id;
  createdAt: string;
  derivatives: Partial<Record<DerivativeKind, Derivative>>;
}

export interface CaseView extends CaseSummary {
  patient: { id: Id; identifier: string; type: string; confidential: boolean } | null;
  collection: { id: Id; name: string } | null;
  form: CaseForm | null;
  values: Record<string, FormValue>;
  media: MediaView[];
  signedByName: string | null;
}

export interface CaseVersionSummary {
  version: number;
  status: CaseStatus | string;
  current: boolean;
  signedBy: Id | null;
  signedByName: string | null;
  signedAt: string | null;
}

export interface CaseVersionView extends CaseVersionSummary {
  form: CaseForm | null;
  values: Record<string, FormValue>;
  media: MediaView[];
}

export interface VersionComparison {
  from: number;
  to: number;
  fields: { key: string; label: LocalizedText; before: FormValue | null; after: FormValue | null }[];
  mediaAdded: Id[];
  mediaRemoved: Id[];
  captionsChanged: { mediaId: Id; before: string | null; after: string | null }[];
  orderChanged: boolean;
  media: MediaView[];
}

export interface MediaRefusal {
  filename: string;
  code: string;
  message: string;
  existingId?: Id;
}

export interface UploadResult {
  items: { id: Id; status: string; filename: string }[];
  refused: MediaRefusal[];
}

export type JobStatus = 'queued' | 'running' | 'done' | 'dead';

/** A background job as GET /api/jobs shows it to administrators. */
export interface JobView {
  id: string;
  name: string;
  payload: Record<string, unknown>;
  status: JobStatus | string;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  leaseUntil: string | null;
  lockedBy: string | null;
  lastError: string | null;
  uniqueKey: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface JobList {
  items: JobView[];
  total: number;
}

export type JobCounts = Record<JobStatus, number>;
