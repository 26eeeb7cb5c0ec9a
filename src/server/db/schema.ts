import type { ColumnType, Generated } from 'kysely';


/**
 * Table types. Timestamps are ISO-8601 UTC text and booleans are 0/1 integers on both SQLite and
 * PostgreSQL, so that rows look the same whichever database is behind Kysely.
 */
export interface DepartmentTable {
  id: string;
  hsa_id: string;
  name: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface RoleTable {
  id: string;
  name: string;
  /** Built-in roles cannot be edited or removed. */
  built_in: number;
  /** Rights of a global role apply in every department, whichever department it was granted in. */
  global: number;
  /** JSON array of right names. */
  rights: string;
  created_at: string;
  updated_at: string;
}

export interface UserAccountTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  active: number;
  failed_logins: number;
  locked_until: string | null;
  /** Where Kasus e-mails the user (routine reminders); null: no e-mail is sent. */
  email: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: string;
  department_id: string;
  role_id: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  client_ip: string | null;
  /** 1: opened by a launch from the EHR (migration 0025); audio and ultrasound are accepted only then (M5). */
  ehr_context: number;
  /** Why an EHR-launched session is read-only ('ehr_launch': the launch said so; 'ehr_system': the EHR's registry status); null: not. */
  ehr_read_only: string | null;
}

/** A signed launch token's jti, kept until the token expires so it is used once (migration 0025). */
export interface EhrLaunchNonceTable {
  issuer: string;
  jti: string;
  expires_at: string;
}

/** One row (id 1): moved on by triggers whenever access may have ended or narrowed (migration 0024). */
export interface AuthGenerationTable {
  id: number;
  generation: number | string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** The token this one was made with (a bearer request); null: made from a session (a root). */
  parent_id: string | null;
  /** Never after the parent's; null only if written by hand (refused as expired). */
  expires_at: string | null;
}

export interface PatientTable {
  id: string;
  identifier: string;
  identifier_type: string;
  region_oid: string | null;
  region_name: string | null;
  confidential: number;
  created_at: string;
  updated_at: string;
}

export interface AuditEventTable {
  seq: number;
  at: string;
  user_id: string | null;
  username: string | null;
  role: string | null;
  department_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  patient_id: string | null;
  outcome: string;
  client_ip: string | null;
  request_id: string | null;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** A signed checkpoint of the audit chain's head (migration 0013). */
export interface AuditCheckpointTable {
  id: string;
  seq: number;
  hash: string;
  at: string;
  key_id: string;
  /** Ed25519 signature (base64) of the checkpoint's message, see audit-checkpoints.ts. */
  signature: string;
  trigger: string;
  /** Start of the scheduled period (ISO time); null for manual checkpoints. */
  period: string | null;
}

export interface ClinicalCaseTable {
  id: string;
  patient_id: string | null;
  department_id: string;
  status: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  collection_id: string | null;
  form_version_id: string | null;
  /** JSON object. */
  form_values: string;
  signed_by: string | null;
  signed_at: string | null;
}

/**
 * A case list row's media (issues 17/20): the case's first shown file with a thumbnail and the
 * earliest capture time of its shown files, one row per case (made with the case). Kept by database
 * triggers on media and media_derivative (migrations 0041, 0042), the only ones that lock its rows;
 * never written by Kasus's code.
 */
export interface CaseListMediaTable {
  case_id: ColumnType<string, never, never>;
  thumbnail_media_id: ColumnType<string | null, never, never>;
  captured_at: ColumnType<string | null, never, never>;
}

export interface CaseVersionTable {
  case_id: string;
  version: number;
  form_version_id: string | null;
  form_values: string;
  /** JSON array of { mediaId, caption }. */
  media: string;
  signed_by: string;
  signed_at: string;
}

/** Annotations of one image in one case version (M15); `shapes` is a JSON array. */
export interface MediaAnnotationTable {
  case_id: string;
  version: number;
  media_id: string;
  shapes: string;
  updated_by: string;
  updated_at: string;
}

/** A copy of a case given out with its reason (migration 0027, M7); `media` is a JSON array of ids. */
export interface CaseCopyTable {
  id: string;
  case_id: string;
  kind: 'print' | 'export' | 'download';
  version: number;
  reason_code: string;
  reason_text: string | null;
  recipient: string | null;
  media: string;
  watermark: number;
  made_by: string;
  made_at: string;
}

/** A card import being staged (migration 0022, issue 16): removed on commit, discard or by the leftover sweep. */
export interface MediaImportTable {
  id: string;
  case_id: string;
  created_by: string;
  created_at: string;
}

/** One staged file of a card import; its bytes are under the data directory. */
export interface MediaImportFileTable {
  id: string;
  import_id: string;
  filename: string;
  kind: string;
  mime: string;
  size_bytes: number | string;
  sha256: string;
  captured_at: string | null;
  camera_make: string | null;
  camera_model: string | null;
  ocr: string;
  identifier: string | null;
  identifier_type: string | null;
  created_at: string;
}

/** What a committed card import found wrong with the identity images, kept on the case. */
export interface CaseImportFlagTable {
  id: string;
  case_id: string;
  code: string;
  details: string;
  created_by: string;
  created_at: string;
}

export interface CaseWordTable {
  word: string;
  case_id: string;
  department_id: string;
  created_at: string;
}

export interface TeachingCollectionTable {
  id: string;
  department_id: string;
  name: string;
  description: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Written consent of one person shown (M8, migration 0028). */
export interface ConsentTable {
  id: string;
  patient_id: string;
  case_id: string | null;
  person: string;
  person_description: string | null;
  scopes: string;
  valid_from: string;
  valid_until: string | null;
  document_key: string;
  document_mime: string;
  document_size: number;
  document_name: string;
  recorded_by: string;
  recorded_at: string;
  revoked_on: string | null;
  revoked_by: string | null;
  revoked_at: string | null;
}

/** A picture put into a teaching collection under a written consent (M8, migration 0028). */
export interface TeachingCopyTable {
  id: string;
  collection_id: string;
  media_id: string;
  consent_id: string;
  created_by: string;
  created_at: string;
  withdrawn_at: string | null;
}

/** A bystander's written consent a teaching copy was made under, beside the patient's (M8, migration 0037): one of the two copy ids is set. */
export interface CopyBystanderConsentTable {
  teaching_copy_id: string | null;
  deidentified_copy_id: string | null;
  consent_id: string;
}

/** Told to a holder of a teaching copy withdrawn by a revocation (M8, migration 0028). */
export interface ConsentNoticeTable {
  id: string;
  user_id: string;
  teaching_copy_id: string;
  created_at: string;
}

export interface PatientConfidentialityTable {
  id: string;
  patient_id: string;
  confidential: number;
  reason: string;
  changed_by: string;
  changed_at: string;
}

export interface EmergencyAccessTable {
  id: string;
  user_id: string;
  case_id: string;
  patient_id: string | null;
  department_id: string;
  reason: string;
  granted_at: string;
  expires_at: string;
}

export interface MediaTable {
  id: string;
  case_id: string;
  position: number;
  kind: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  duplicate_of: string | null;
  original_filename: string;
  quarantine_key: string | null;
  upload_sha256: string;
  upload_size: number;
  mime: string | null;
  size_bytes: number | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  sha256: string | null;
  captured_at: string | null;
  camera_make: string | null;
  camera_model: string | null;
  /** What the uploader cut away before adding it, as JSON `{"crop":…}` or `{"trim":…}` (migration 0023); null: unedited. */
  edit: string | null;
  caption: string | null;
  removed_at: string | null;
  uploaded_by: string;
  created_at: string;
  updated_at: string;
}

/**
 * Kept for the statistics only (migration 0037), set at insert (MediaRepository): a media item's
 * department is its case's (a case never changes department), and a derivative's department and
 * time are its media item's. Not part of the row types the modules pass around.
 */
export interface MediaStatisticsColumns {
  department_id: Generated<string | null>;
}
export interface MediaDerivativeStatisticsColumns {
  department_id: Generated<string | null>;
  media_created_at: Generated<string | null>;
}

/**
 * Statistics counters per department ('' for a consent given for no case) and time bucket (migration
 * 0038): kept by database triggers on the counted tables, read by the statistics report.
 */
export interface StatisticsCounterTable {
  bucket: string;
  department_id: string;
  /** 0: the compacted row; above: a trigger's delta (migration 0038), folded in by compaction. */
  seq: Generated<number>;
  cases: number;
  media: number;
  storage_bytes: number;
  prints_exports: number;
  emergency_openings: number;
  consents: number;
}

export interface MediaDerivativeTable {
  media_id: string;
  kind: string;
  blob_key: string;
  mime: string;
  size_bytes: number;
  width: number | null;
  height: number | null;
  created_at: string;
}

export interface JobTable {
  id: string;
  name: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  lease_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface FormTable {
  id: string;
  name: string;
  description: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  /** The name and description in Norwegian bokmål and English (migration 0020); null shows the Swedish. */
  name_nb: string | null;
  name_en: string | null;
  description_nb: string | null;
  description_en: string | null;
  /** 1: a forensic form, every image must show the patient's identifier (migration 0022). */
  forensic: number;
}

export interface FormVersionTable {
  id: string;
  form_id: string;
  version: number;
  /** JSON array of field definitions, the capture facts first. */
  fields: string;
  change_note: string | null;
  created_by: string;
  created_at: string;
}

export interface FormDepartmentTable {
  form_id: string;
  department_id: string;
}

export interface ClinicalSystemTable {
  id: string;
  /** 'kasus' for Kasus itself; null for every other system. */
  system_key: string | null;
  name: string;
  description: string | null;
  vendor: string | null;
  criticality: number;
  owner: string | null;
  service_desk_contact: string | null;
  status: string;
  status_message: string | null;
  status_started_at: string;
  status_expected_end: string | null;
  status_source: string;
  status_set_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ClinicalSystemDependencyTable {
  system_id: string;
  depends_on_id: string;
}

export interface SystemStatusChangeTable {
  id: string;
  seq: number;
  system_id: string;
  status: string;
  previous_status: string | null;
  message: string | null;
  started_at: string;
  expected_end: string | null;
  source: string;
  set_by: string | null;
  recorded_at: string;
}

export interface SystemProbeTable {
  system_id: string;
  kind: string;
  target: string;
  interval_seconds: number;
  failures_before_down: number;
  successes_before_up: number;
  enabled: number;
  consecutive_failures: number;
  consecutive_successes: number;
  last_checked_at: string | null;
  last_ok: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface NoticeTable {
  id: string;
  seq: number;
  kind: string;
  system_id: string;
  status: string;
  message: string | null;
  started_at: string;
  expected_end: string | null;
  /** JSON array of system ids. */
  affected: string;
  source: string;
  created_by: string | null;
  created_at: string;
  outage_id: string | null;
  closed_at: string | null;
  merged_into: string | null;
  /** JSON array of the ids of the departments the notice concerns. */
  department_ids: string;
}

export interface ClinicalSystemDepartmentTable {
  system_id: string;
  department_id: string;
}

export interface NoticeSubscriptionTable {
  id: string;
  department_id: string;
  kind: string;
  target: string;
  created_by: string | null;
  created_at: string;
}

/** A downtime scenario (C3); `condition` is JSON { match, clauses }. */
export interface ScenarioTable {
  id: string;
  name: string;
  description: string | null;
  priority: number;
  condition: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A downtime routine: a controlled document whose versions are all kept. */
export interface RoutineTable {
  id: string;
  document_id: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
}

export interface RoutineVersionTable {
  routine_id: string;
  version: number;
  title: string;
  scenario_id: string;
  /** JSON arrays. */
  system_ids: string;
  steps: string;
  forms: string;
  contacts: string;
  owner_id: string;
  reviewer: string;
  approver: string;
  valid_from: string;
  valid_to: string;
  change_note: string;
  created_by: string | null;
  created_at: string;
  approved_at: string | null;
  approved_by: string | null;
}

/** One reminder per routine version and owner. */
export interface RoutineReminderTable {
  id: string;
  routine_id: string;
  version: number;
  owner_id: string;
  kind: string;
  valid_to: string;
  created_at: string;
  /** 'sent' or why the e-mail was not sent (ReminderMailOutcome's reason); null until the job has run. */
  mail_outcome: string | null;
  mail_to: string | null;
  mail_outcome_at: string | null;
}

export interface ContactTable {
  id: string;
  site: string;
  function: string;
  label: string | null;
  kind: string;
  number: string;
  /** JSON array of validity windows. */
  validity: string;
  priority: number;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface ServiceDeskTable {
  id: string;
  name: string;
  webhook_url: string | null;
  email: string | null;
  contact_function: string | null;
  /** JSON { sv?: { subject, body }, nb?: …, en?: … }. */
  templates: string;
  created_at: string;
  updated_at: string;
}

export interface IncidentTable {
  id: string;
  seq: number;
  system_id: string;
  department_id: string;
  service_desk_id: string | null;
  site: string | null;
  description: string;
  affected_users: number | null;
  affected_pcs: number | null;
  affected_servers: number | null;
  /** JSON array of competence codes. */
  competence: string;
  contact_name: string;
  contact_mobile: string;
  impact: string;
  urgency: string;
  priority: string;
  language: string;
  subject: string;
  body: string;
  status: string;
  service_desk_case_number: string | null;
  reported_by: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

export interface IncidentUpdateTable {
  id: string;
  seq: number;
  incident_id: string;
  kind: string;
  status: string | null;
  message: string | null;
  created_by: string | null;
  created_at: string;
}

export interface IncidentDeliveryTable {
  id: string;
  incident_id: string;
  channel: string;
  target: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

/** C8: something produced on paper or offline during an outage, tracked until it is in the records. */
export interface BacklogItemTable {
  id: string;
  /** Null for media captured offline outside a registered outage (migration 0021). */
  outage_id: string | null;
  department_id: string;
  patient_id: string | null;
  kind: string;
  description: string;
  count: number;
  state: string;
  registered_by: string;
  registered_at: string;
  entered_by: string | null;
  entered_at: string | null;
  verified_by: string | null;
  verified_at: string | null;
  updated_at: string;
}

/** An offline capture session made on a device (migration 0021, issue 16). */
export interface CaptureSessionTable {
  id: string;
  user_id: string;
  patient_id: string;
  department_id: string;
  case_id: string;
  backlog_item_id: string;
  identity_verification: string;
  oral_consent: number;
  purpose: string;
  started_at: string;
  created_at: string;
}

/** One item of a capture session, stored exactly once by its device-made key (migration 0021). */
export interface CaptureItemTable {
  key: string;
  session_id: string;
  media_id: string;
  sha256: string;
  captured_at: string | null;
  created_at: string;
}

/** A backup workstation of the offline read copy (migration 0015). */
export interface OfflineWorkstationTable {
  id: string;
  name: string;
  public_key: string;
  /** JSON array of department ids. */
  department_ids: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_sync_at: string | null;
  synced_sequence: number;
  synced_snapshot_at: string | null;
  built_sequence: number;
  needs_full: number;
  build_lease_until: string | null;
  missed_notified_for: string | null;
  access_log_seq: number;
  /** Where in offline_change the last build started (migration 0019). */
  change_mark: ColumnType<number, number | undefined, number>;
  /** The preview cut-off (ISO) the last build used. */
  previews_from: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The change log of the copied tables, written by triggers (migration 0019); `tx` only on PostgreSQL. */
export interface OfflineChangeTable {
  seq: ColumnType<number, never, never>;
  tx: ColumnType<number | null, never, never>;
  tbl: string;
  key: string;
}

export interface OfflineSnapshotTable {
  sequence: number;
  trigger: string;
  requested_by: string | null;
  requested_at: string;
  finished_at: string | null;
  period: string | null;
}

export interface OfflineBuildTable {
  workstation_id: string;
  sequence: number;
  full: number;
  base: number;
  snapshot_at: string;
  pruned: number;
}

export interface OfflinePartTable {
  name: string;
  workstation_id: string;
  sequence: number;
  number: number;
  sha256: string;
  size: number;
  created_at: string;
}

export interface OfflineInventoryTable {
  workstation_id: string;
  tbl: string;
  key: string;
  hash: string;
}

export interface OfflineInventoryPendingTable {
  workstation_id: string;
  tbl: string;
  key: string;
  hash: string | null;
}

export interface OfflineAccessLogTable {
  workstation_id: string;
  seq: number;
  hash: string;
}

/** A purge of a case or of a patient's cases (M11, migration 0029); `counts` is a JSON object. */
export interface PurgeTable {
  id: string;
  /** The durable job that carries it out; the API names a purge by this id. */
  job_id: string;
  scope: string;
  target_id: string;
  basis: string;
  decision_ref: string | null;
  decision_date: string | null;
  reason_kind: string | null;
  requested_by: string;
  requested_at: string;
  status: string;
  counts: string;
  finished_at: string | null;
}

/** A blob (area 'blob') or quarantined upload (area 'quarantine') a purge still has to remove. */
export interface PurgeBlobTable {
  purge_id: string;
  area: string;
  key: string;
}

/** A writer's hold on a blob key from before its bytes are in place until its row is committed (issue 17, migration 0044). */
export interface BlobHoldTable {
  id: string;
  key: string;
  held_at: string;
}

/** A de-identified copy of a picture or video in a teaching collection (M9, migration 0033). */
export interface DeidentifiedCopyTable {
  id: string;
  collection_id: string;
  consent_id: string;
  /** Null once the source was purged and the copy kept under its own consent. */
  source_media_id: string | null;
  source_case_id: string | null;
  kind: string;
  blob_key: string;
  mime: string;
  size_bytes: number;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  /** JSON of the edits applied. */
  edits: string;
  title: string | null;
  description: string | null;
  created_by: string;
  created_at: string;
  withdrawn_at: string | null;
}

/** An order for a de-identified copy, carried out by the 'deidentify.run' job (M9, migration 0043). */
export interface DeidentifyOrderTable {
  id: string;
  job_id: string;
  source_media_id: string;
  source_case_id: string;
  collection_id: string;
  consent_id: string;
  /** JSON array of consent ids. */
  bystander_consent_ids: string;
  edits: string;
  title: string | null;
  description: string | null;
  requested_by: string;
  requested_at: string;
  /** queued | running | done | failed */
  status: string;
  /** The copy's bytes while stored but not yet named by its row (removed by the next run after a crash). */
  pending_blob_key: string | null;
  copy_id: string | null;
  error_code: string | null;
  error_message: string | null;
  finished_at: string | null;
}

/** Told to a holder of a de-identified copy withdrawn by a revocation (M9, migration 0033). */
export interface DeidentifiedCopyNoticeTable {
  id: string;
  user_id: string;
  copy_id: string;
  created_at: string;
}

export interface DB {
  deidentified_copy: DeidentifiedCopyTable;
  deidentified_copy_notice: DeidentifiedCopyNoticeTable;
  deidentify_order: DeidentifyOrderTable;
  purge: PurgeTable;
  purge_blob: PurgeBlobTable;
  blob_hold: BlobHoldTable;
  department: DepartmentTable;
  role: RoleTable;
  user_account: UserAccountTable;
  user_role: UserRoleTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  auth_generation: AuthGenerationTable;
  ehr_launch_nonce: EhrLaunchNonceTable;
  patient: PatientTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  audit_checkpoint: AuditCheckpointTable;
  clinical_case: ClinicalCaseTable;
  case_list_media: CaseListMediaTable;
  media: MediaTable & MediaStatisticsColumns;
  media_derivative: MediaDerivativeTable & MediaDerivativeStatisticsColumns;
  statistics_counter: StatisticsCounterTable;
  job: JobTable;
  form: FormTable;
  form_version: FormVersionTable;
  form_department: FormDepartmentTable;
  case_version: CaseVersionTable;
  media_annotation: MediaAnnotationTable;
  case_copy: CaseCopyTable;
  pacs_export: PacsExportTable;
  media_import: MediaImportTable;
  media_import_file: MediaImportFileTable;
  case_import_flag: CaseImportFlagTable;
  case_word: CaseWordTable;
  teaching_collection: TeachingCollectionTable;
  consent: ConsentTable;
  teaching_copy: TeachingCopyTable;
  consent_notice: ConsentNoticeTable;
  copy_bystander_consent: CopyBystanderConsentTable;
  patient_confidentiality: PatientConfidentialityTable;
  emergency_access: EmergencyAccessTable;
  clinical_system: ClinicalSystemTable;
  clinical_system_dependency: ClinicalSystemDependencyTable;
  system_status_change: SystemStatusChangeTable;
  system_probe: SystemProbeTable;
  notice: NoticeTable;
  contact: ContactTable;
  service_desk: ServiceDeskTable;
  incident: IncidentTable;
  incident_update: IncidentUpdateTable;
  incident_delivery: IncidentDeliveryTable;
  scenario: ScenarioTable;
  routine: RoutineTable;
  routine_version: RoutineVersionTable;
  routine_reminder: RoutineReminderTable;
  clinical_system_department: ClinicalSystemDepartmentTable;
  notice_subscription: NoticeSubscriptionTable;
  backlog_item: BacklogItemTable;
  capture_session: CaptureSessionTable;
  capture_item: CaptureItemTable;
  offline_workstation: OfflineWorkstationTable;
  offline_snapshot: OfflineSnapshotTable;
  offline_build: OfflineBuildTable;
  offline_part: OfflinePartTable;
  offline_inventory: OfflineInventoryTable;
  offline_inventory_pending: OfflineInventoryPendingTable;
  offline_access_log: OfflineAccessLogTable;
  offline_change: OfflineChangeTable;
}


/** A case sent to its department's PACS as DICOM over STOW-RS (issue 15, I3, migration 0032). */
export interface PacsExportTable {
  id: string;
  case_id: string;
  case_version: number;
  department_id: string;
  job_id: string;
  /** JSON array of media ids. */
  media: string;
  status: string;
  attempts: number;
  /** JSON array of the SOP Instance UIDs the PACS confirmed. */
  sent_uids: string;
  study_uid: string;
  target_url: string;
  error_code: string | null;
  error_detail: string | null;
  requested_by: string;
  requested_at: string;
  finished_at: string | null;
}
