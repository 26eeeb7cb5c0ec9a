import path from 'node:path';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import { AuditCheckpointScheduler, AuditCheckpoints, type AuditCheckpointSchedulerOptions } from './modules/audit/audit-checkpoints.js';
import { AuditKey } from './modules/audit/audit-key.js';
import { AuditLog } from './modules/audit/audit-log.js';
import { AuditRepository } from './modules/audit/audit-repository.js';
import { AuditService } from './modules/audit/audit-service.js';
import { ReportsService } from './modules/reports/reports-service.js';
import { StatisticsRepository } from './modules/reports/statistics-repository.js';
import { startStatisticsCompaction as startCompaction, type StatisticsCompactionOptions } from './modules/reports/statistics-compaction.js';
import { AuthRepository } from './modules/auth/auth-repository.js';
import { AuthService } from './modules/auth/auth-service.js';
import { EhrLaunchRepository } from './modules/ehr-launch/ehr-launch-repository.js';
import { EhrLaunchService } from './modules/ehr-launch/ehr-launch-service.js';
import { SmartLaunchService } from './modules/ehr-launch/smart-launch-service.js';
import { BlobReferencesRepository } from './modules/blobs/blob-references-repository.js';
import { BlobWriter } from './modules/blobs/blob-writer.js';
import type { MediaBlobStore } from './modules/blobs/blob-store.js';
import { FileBlobStore } from './modules/blobs/file-blob-store.js';
import { FhirRepository } from './modules/fhir/fhir-repository.js';
import { FhirService } from './modules/fhir/fhir-service.js';
import { DEFAULT_RESERVNUMMER_FORMATS } from './modules/identifiers/identifier.js';
import { S3BlobStore } from './modules/blobs/s3-blob-store.js';
import { BacklogRepository } from './modules/backlog/backlog-repository.js';
import { BacklogService } from './modules/backlog/backlog-service.js';
import { CasesRepository } from './modules/cases/cases-repository.js';
import { AnnotationsRepository } from './modules/annotations/annotations-repository.js';
import { AnnotationsService } from './modules/annotations/annotations-service.js';
import { CopiesRepository } from './modules/copies/copies-repository.js';
import { CopiesService } from './modules/copies/copies-service.js';
import { CasesService } from './modules/cases/cases-service.js';
import { CaptureRepository } from './modules/capture/capture-repository.js';
import { CaptureService } from './modules/capture/capture-service.js';
import { BroadcastRepository } from './modules/continuity/broadcast-repository.js';
import { BroadcastService } from './modules/continuity/broadcast-service.js';
import { ContinuityRepository } from './modules/continuity/continuity-repository.js';
import { ContinuityScheduler, type ContinuitySchedulerOptions } from './modules/continuity/continuity-scheduler.js';
import { ContinuityEvents } from './modules/continuity/continuity-events.js';
import { SystemViews } from './modules/continuity/continuity-views.js';
import { KasusModeState } from './modules/continuity/kasus-mode.js';
import { NoticeService } from './modules/continuity/notice-service.js';
import { ProbeService } from './modules/continuity/probe-service.js';
import { StatusService } from './modules/continuity/status-service.js';
import { SystemRegistryService } from './modules/continuity/system-registry-service.js';
import { createJobs } from './modules/jobs/jobs.js';
import { ContactsRepository } from './modules/contacts/contacts-repository.js';
import { ContactsService } from './modules/contacts/contacts-service.js';
import { IncidentsRepository } from './modules/incidents/incidents-repository.js';
import { IncidentDeliveryService } from './modules/incidents/incident-delivery-service.js';
import { IncidentReportService } from './modules/incidents/incident-report-service.js';
import { IncidentViews } from './modules/incidents/incident-views.js';
import { IncidentsService } from './modules/incidents/incidents-service.js';
import { ServiceDesksService } from './modules/incidents/service-desks-service.js';
import { Outbound } from './modules/mail/outbound.js';
import { ConsentsRepository } from './modules/consents/consents-repository.js';
import { ConsentsService } from './modules/consents/consents-service.js';
import { DeidentifyRepository } from './modules/deidentify/deidentify-repository.js';
import { DeidentifyService } from './modules/deidentify/deidentify-service.js';
import { FaceDetector } from './modules/deidentify/face-detector.js';
import { OfflineCopyRepository } from './modules/offline-copy/offline-copy-repository.js';
import { OfflineCopyScheduler, type OfflineCopySchedulerOptions } from './modules/offline-copy/offline-copy-scheduler.js';
import { OfflineCopyService } from './modules/offline-copy/offline-copy-service.js';
import { ReminderScheduler, type ReminderSchedulerOptions } from './modules/routines/reminder-scheduler.js';
import { RoutinesRepository } from './modules/routines/routines-repository.js';
import { RoutinesService } from './modules/routines/routines-service.js';
import { RoutineRemindersService } from './modules/routines/routine-reminders-service.js';
import { RoutinesInForceService } from './modules/routines/routines-in-force-service.js';
import { ScenariosService } from './modules/routines/scenarios-service.js';
import type { WorkerOptions } from './modules/jobs/worker.js';
import { MediaRepository } from './modules/media/media-repository.js';
import { MediaService } from './modules/media/media-service.js';
import { LeftoverSweep, LeftoverSweepScheduler, type LeftoverSweepSchedulerOptions } from './modules/media/leftover-sweep.js';
import { ImportsRepository } from './modules/imports/imports-repository.js';
import { ImportsService } from './modules/imports/imports-service.js';
import { TesseractReader } from './modules/imports/ocr.js';
import { DepartmentsRepository } from './modules/departments/departments-repository.js';
import { DepartmentsService } from './modules/departments/departments-service.js';
import { FormsRepository } from './modules/forms/forms-repository.js';
import { FormsService } from './modules/forms/forms-service.js';
import { PatientsRepository } from './modules/patients/patients-repository.js';
import { PatientsService } from './modules/patients/patients-service.js';
import { PurgeRepository } from './modules/purge/purge-repository.js';
import { PurgeService } from './modules/purge/purge-service.js';
import { PacsRepository } from './modules/pacs/pacs-repository.js';
import { PacsService } from './modules/pacs/pacs-service.js';
import { Access } from './modules/rights/access.js';
import { AuditedOperations } from './modules/rights/audited.js';
import { EmergencyAccessReport } from './modules/rights/emergency-access-report.js';
import { EmergencyOpening } from './modules/rights/emergency-opening.js';
import { EmergencyAccessRepository } from './modules/rights/emergency-access-repository.js';
import { RolesRepository } from './modules/users/roles-repository.js';
import { UsersRepository } from './modules/users/users-repository.js';
import { UsersService } from './modules/users/users-service.js';

/** Options for createServices; tests pass a TestClock. */
export interface ServicesOptions {
  /** The one clock every rule reads the time from (default: the system clock). */
  clock?: Clock;
  /** bench/audited-throughput.ts only: an audit log that records nothing, to measure what audit costs. */
  auditOffForBenchmark?: boolean;
  /** The offline copy's viewer (src/offline/serve.ts): derivatives come from its encrypted store, not the data directory. */
  blobs?: MediaBlobStore;
}

/** The blob store KASUS_BLOB_STORE names; the quarantine of raw uploads stays in the data directory (ffmpeg and sharp read paths). */
export function createBlobStore(config: Config): MediaBlobStore {
  const local = new FileBlobStore(path.join(config.dataDir, 'blobs'));
  return config.blobStore.kind === 's3' ? new S3BlobStore(config.blobStore, local) : local;
}

/** Wires repositories and services once; routes and the CLI receive this. */
export function createServices(config: Config, database: Database, options: ServicesOptions = {}) {
  const clock = options.clock ?? systemClock;
  const auditRepository = new AuditRepository(database);
  const auditLog = new AuditLog(auditRepository, clock, { discardForBenchmark: options.auditOffForBenchmark === true });
  /** Signed checkpoints of the audit chain (DESIGN §3.3), with the key kept outside the database. */
  const auditCheckpoints = new AuditCheckpoints(auditRepository, new AuditKey(config.auditKeyFile), config.auditCheckpointMs, clock);
  // verify() with no checkpoints given compares the chain with the database's checkpoints.
  auditLog.useCheckpoints(() => auditCheckpoints.verificationInput());
  /**
   * Writes a signed checkpoint now and at the start of every KASUS_AUDIT_CHECKPOINT_MINUTES period,
   * until stopped. Every node may run it: the period is unique in the table, so one node's wins.
   */
  const startAuditCheckpoints = (options: AuditCheckpointSchedulerOptions = {}) =>
    new AuditCheckpointScheduler(auditCheckpoints, { file: config.auditCheckpointFile, ...options }).start();
  const emergencyAccessRepository = new EmergencyAccessRepository(database);
  const access = new Access(auditLog, emergencyAccessRepository, undefined, clock);
  /** The one seam of patient-data operations (issue 12.1): rights decided, one audit event, committed with the change. */
  const audited = new AuditedOperations(access, auditLog, { run: (work) => database.db.transaction().execute(work) });
  const usersRepository = new UsersRepository(database);
  const rolesRepository = new RolesRepository(database);
  const departmentsRepository = new DepartmentsRepository(database);
  const auth = new AuthService(config, new AuthRepository(database), usersRepository, auditLog, access, clock);
  const patientsRepository = new PatientsRepository(database);
  const consentsRepository = new ConsentsRepository(database);
  const patients = new PatientsService(config, patientsRepository, access, audited, clock);
  /** Blobs in the data directory or an S3-compatible bucket (KASUS_BLOB_STORE); raw uploads in quarantine always on local disk. */
  const blobs: MediaBlobStore = options.blobs ?? createBlobStore(config);
  const jobs = createJobs(database, access, auditLog, { clock });
  const formsRepository = new FormsRepository(database);
  const cases: CasesService = new CasesService(
    new CasesRepository(database),
    patientsRepository,
    departmentsRepository,
    formsRepository,
    access,
    audited,
    () => media,
    clock,
  );
  /** Outbound delivery (e-mail and webhooks), built once and shared: notices, incidents, routine reminders. */
  const outbound = new Outbound(config);
  const continuityRepository = new ContinuityRepository(database);
  // Continuity (C1, C2, C4), one service per responsibility: the systems registry, status changes (and the notices
  // the dependency graph decides), notices written by hand, health probes, and Kasus's own read-only mode.
  /** Notices and status changes, published after they are committed (C4). */
  const continuityEvents = new ContinuityEvents();
  const systemViews = new SystemViews(continuityRepository);
  const kasusMode = new KasusModeState(continuityRepository, continuityEvents);
  const systemRegistry = new SystemRegistryService(continuityRepository, access, auditLog, systemViews, clock);
  const systemStatuses = new StatusService(continuityRepository, access, auditLog, systemViews, kasusMode, continuityEvents, clock);
  const notices = new NoticeService(continuityRepository, access, auditLog, systemStatuses, continuityEvents, clock);
  const probes = new ProbeService(continuityRepository, access, auditLog, systemViews, systemStatuses, kasusMode, clock);
  const broadcast = new BroadcastService(config, new BroadcastRepository(database), outbound, systemStatuses, notices, jobs.queue, access, auditLog, clock);
  // Downtime routines (C3), one service per responsibility: scenarios, the documents' lifecycle, expiry reminders, what is in force.
  const routinesRepository = new RoutinesRepository(database);
  const scenarios = new ScenariosService(routinesRepository, continuityRepository, access, auditLog, clock);
  const routines = new RoutinesService(routinesRepository, continuityRepository, access, auditLog, config.routineReminderDays, clock);
  const routineReminders = new RoutineRemindersService(routinesRepository, outbound, jobs.queue, access, auditLog, config, clock);
  const routinesInForce = new RoutinesInForceService(routinesRepository, systemRegistry, config.routineReminderDays, clock);
  /** Checks routine expiry at start and daily, recording reminders to their owners. */
  const startRoutineReminders = (options: ReminderSchedulerOptions = {}) => new ReminderScheduler(routineReminders, options).start();
  /** Runs the health probes and refreshes Kasus's mode in this process until stopped. */
  const startContinuity = (options: Partial<ContinuitySchedulerOptions> = {}) =>
    new ContinuityScheduler(probes, kasusMode, { probes: config.probes === 'inline', refreshMs: config.statusRefreshMs, ...options }).start();
  // Modules never import each other in a circle (.dependency-cruiser.cjs): a lower module declares the narrow
  // interface it needs and is given the higher one here (media gets cases as MediaCases, users gets auth as SessionEnder).
  const blobReferences = new BlobReferencesRepository(database, clock);
  // Every blob a row will name is written held, and deleted only when unused (issue 17).
  const blobWriter = new BlobWriter(blobs, blobReferences);
  const media: MediaService = new MediaService(config, new MediaRepository(database), cases, blobs, jobs.queue, audited, blobWriter, clock);
  /** Card import (M5): staged and analysed (sessions, identity images read by OCR) before media's upload adds the files. */
  const imports = new ImportsService(
    config,
    new ImportsRepository(database),
    { authorizedIn: (op, id, right) => cases.authorizedIn(op, id, right), create: (ctx, input) => cases.lifecycle.create(ctx, input) },
    patientsRepository,
    formsRepository,
    media,
    new TesseractReader({ concurrency: 2, workDir: path.join(config.dataDir, 'imports') }),
    audited,
    clock,
  );
  const contacts = new ContactsService(new ContactsRepository(database), access, auditLog, config.timeZone, clock);
  // Incidents (C5), one service per responsibility: service desks, report intake, delivery to the service desk, listing and handling.
  const incidentsRepository = new IncidentsRepository(database);
  const incidentViews = new IncidentViews(incidentsRepository, contacts, clock);
  const serviceDesks = new ServiceDesksService(incidentsRepository, outbound, access, auditLog, clock);
  const incidentReports = new IncidentReportService(config, incidentsRepository, serviceDesks, incidentViews, outbound, jobs.queue, access, auditLog, clock);
  const incidentDelivery = new IncidentDeliveryService(incidentsRepository, outbound, clock);
  const incidents = new IncidentsService(incidentsRepository, incidentViews, access, auditLog, clock);
  const backlog = new BacklogService(new BacklogRepository(database), notices, departmentsRepository, patientsRepository, access, audited, clock);
  /** Offline capture (C10, issue 16): sessions made on a device, each item stored exactly once into the session's draft case. */
  const capture = new CaptureService(new CaptureRepository(database), patients, cases.lifecycle, backlog, media, audited, clock);
  /** Signed-URL launch from an EHR (issue 15, I1): a verified token opens a session marked with the EHR context. */
  const ehrLaunch = new EhrLaunchService(config, new EhrLaunchRepository(database), usersRepository, departmentsRepository, patients, continuityRepository, auth, auditLog, audited, clock);
  /** SMART App Launch from an EHR (issue 15, I1): ends like the signed launch, in a session marked with the EHR context. */
  const smartLaunch = new SmartLaunchService(config, ehrLaunch, patients, auditLog, clock);
  /** The offline read copy for backup workstations (C9, issue 13). */
  const offlineCopy = new OfflineCopyService(config, new OfflineCopyRepository(database), blobs, jobs.queue, access, auditLog, outbound, clock);
  /** Makes the scheduled snapshots (KASUS_OFFLINE_COPY_TIMES) and flags missed syncs, until stopped. */
  const startOfflineCopySchedule = (options: OfflineCopySchedulerOptions = {}) => new OfflineCopyScheduler(offlineCopy, options).start();
  /** Removes raw uploads, temp and partial files that nothing owns (DESIGN §3.1). */
  const leftovers = new LeftoverSweep(new MediaRepository(database), jobs.repository, {
    dataDir: config.dataDir,
    quarantineDir: blobs.quarantineDir,
    tempDir: blobs.tempDir,
    graceMs: config.media.sweepGraceMs,
    resumeMs: config.media.uploadResumeMs,
    clock,
    staged: imports,
  });
  /** Sweeps leftovers now (resolves after this first sweep) and then every KASUS_SWEEP_MINUTES, until stopped. */
  const startLeftoverSweep = (options: Partial<LeftoverSweepSchedulerOptions> = {}) =>
    new LeftoverSweepScheduler(leftovers, { intervalMs: config.media.sweepIntervalMs, ...options }).start();
  /** The statistics' counters (migration 0038), read by the reports and compacted on a schedule. */
  const statistics = new StatisticsRepository(database, config.timeZone);
  /** Folds the counters' deltas into their compacted rows now and every few minutes, until stopped. */
  const startStatisticsCompaction = (options: StatisticsCompactionOptions = {}) => startCompaction(statistics, options);
  /** Purge of cases for real (M11), carried out by the 'purge.run' job. */
  const purge = new PurgeService(new PurgeRepository(database), blobs, jobs.queue, audited, auditLog, clock, blobReferences);
  /** DICOM export of signed cases to each department's PACS over STOW-RS (issue 15, I3), carried out by the 'pacs.send' job. */
  const pacs = new PacsService(
    new PacsRepository(database),
    { detailIn: (op, id) => cases.reads.detailIn(op, id) },
    blobs,
    jobs.queue,
    audited,
    auditLog,
    config.pacs,
    config.timeZone,
    path.join(config.dataDir, 'pacs-work'),
    clock,
  );
  /** De-identified copies into teaching collections (M9): ordered in the request, made by the 'deidentify.run' job from the cleaned original, under the consent. */
  const deidentify = new DeidentifyService(
    new DeidentifyRepository(database),
    cases,
    consentsRepository,
    blobs,
    audited,
    new FaceDetector(),
    jobs.queue,
    auditLog,
    blobReferences,
    { timeZone: config.timeZone, workDir: path.join(config.dataDir, 'deidentify') },
    clock,
  );
  /** Runs background jobs in this process until stopped. */
  const startWorker = (options: WorkerOptions = {}) =>
    jobs.startWorker(
      {
        'media.process': ({ mediaId }, job) => media.processUpload(mediaId, job.signal),
        'media.derivatives': ({ mediaId }, job) => media.makeDerivatives(mediaId, job.signal),
        'incident.deliver': ({ deliveryId }, job) => incidentDelivery.deliver(deliveryId, job),
        'notice.deliver': (payload, job) => broadcast.deliver(payload, job),
        // Finishes (done) also when nothing could be sent: no address or no e-mail server; the reminder is shown in Kasus.
        'routine.remind': async ({ reminderId }) => void (await routineReminders.sendReminder(reminderId)),
        'offline-copy.snapshot': ({ sequence }, job) => offlineCopy.runSnapshot(sequence, job),
        'purge.run': ({ purgeId }, job) => purge.run(purgeId, job),
        'pacs.send': ({ exportId }, job) => pacs.run(exportId, job),
        'deidentify.run': ({ orderId }, job) => deidentify.run(orderId, job),
      },
      { concurrency: config.workerConcurrency, leaseMs: config.jobLeaseMs, ...options },
    );
  return {
    config,
    database,
    /** The one clock (issue 12 point 5); routes read the time from it too. */
    clock,
    auditLog,
    auditCheckpoints,
    startAuditCheckpoints,
    access,
    /** The audited-operation seam (tests drive it directly; services get it injected). */
    audited,
    auth,
    ehrLaunch,
    smartLaunch,
    audit: new AuditService(auditLog, access, (identifier) => patients.idOf(identifier), () => usersRepository.listNames()),
    departments: new DepartmentsService(departmentsRepository, access, auditLog, clock),
    users: new UsersService(usersRepository, rolesRepository, departmentsRepository, auth, access, auditLog, clock),
    forms: new FormsService(formsRepository, access, auditLog, clock),
    emergencyAccess: new EmergencyAccessReport(emergencyAccessRepository, audited),
    /** Log reports and statistics (M14). */
    reports: new ReportsService(auditLog, statistics, access, config.timeZone, () => clock.now()),
    /** Emergency opening of a confidential patient's case (the rights module asks cases for the case's scope). */
    emergencyOpening: new EmergencyOpening(emergencyAccessRepository, cases, audited, config.emergencyAccessMs, clock),
    patients,
    blobs,
    jobs,
    cases,
    /** Written consent (M8): documents, scopes, validity, revocation, and copies into teaching collections. */
    consents: new ConsentsService(consentsRepository, cases, patientsRepository, blobs, blobWriter, access, audited, config.timeZone, clock),
    deidentify,
    /** Annotation layers of images in case versions (M15); the case's right decided by the cases module. */
    annotations: new AnnotationsService(new AnnotationsRepository(database), cases, audited, clock),
    /** Prints, exports and kept originals with a reason, listed on the case (M7). */
    copies: new CopiesService(
      new CopiesRepository(database),
      { detailIn: (op, id) => cases.reads.detailIn(op, id), authorizedIn: (op, id, right) => cases.authorizedIn(op, id, right) },
      blobs,
      audited,
      config.copyReasons,
      config.timeZone,
      clock,
    ),
    media,
    /** The FHIR R4 read API (issue 15, I2): patients and media with the REST API's rights, one audited read each. */
    fhir: new FhirService(
      new FhirRepository(database),
      patientsRepository,
      patients,
      { authorizedIn: (op, id, right) => cases.authorizedIn(op, id, right) },
      audited,
      (config.reservnummerFormats ?? DEFAULT_RESERVNUMMER_FORMATS).map((format) => format.oid),
      config.timeZone,
      clock,
    ),
    imports,
    leftovers,
    startLeftoverSweep,
    startStatisticsCompaction,
    startWorker,
    offlineCopy,
    startOfflineCopySchedule,
    purge,
    pacs,
    contacts,
    serviceDesks,
    incidentReports,
    incidentDelivery,
    incidents,
    backlog,
    capture,
    systemRegistry,
    systemStatuses,
    notices,
    probes,
    kasusMode,
    continuityEvents,
    broadcast,
    outbound,
    startContinuity,
    scenarios,
    routines,
    routineReminders,
    routinesInForce,
    startRoutineReminders,
    health: async () => {
      // Whether the blob store's deletes remove bytes for real (an S3 bucket may get versioning after the
      // start): its last answer, asked again in the background when older than a minute. Never waits on S3.
      void blobs.deletesProblem(60_000).catch(() => {});
      const check = blobs.lastDeletesCheck();
      return {
        status: 'ok' as const,
        mode: kasusMode.mode(),
        ...(check ? { blobStore: { deletes: check.problem ? ('refused' as const) : ('real' as const), ...(check.problem ? { problem: check.problem } : {}), checkedAt: check.checkedAt } } : {}),
      };
    },
  };
}

export type Services = ReturnType<typeof createServices>;
