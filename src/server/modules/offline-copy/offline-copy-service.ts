import { createHash, createPrivateKey, createPublicKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { close as fsClose, createReadStream, fstat, open as fsOpen, read as fsRead, readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { systemClock, type Clock } from '../../clock.js';
import type { Config } from '../../config/config.js';
import { latestMigration } from '../../db/migrate.js';
import { AppError } from '../../http/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AuditKey } from '../audit/audit-key.js';
import { BlobCorruptError, isBlobKey, type BlobStore } from '../blobs/blob-store.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { JobContext } from '../jobs/job-types.js';
import type { Outbound } from '../mail/outbound.js';
import { hasRight, type Access } from '../rights/access.js';
import type { RequestContext } from '../rights/actor.js';
import { accessLogEntryHash, GENESIS_HASH, type AccessLogEntry } from './access-log-chain.js';
import { isX25519Recipient } from './age.js';
import { minisignPublicKey, minisignSign } from './minisign.js';
import { PAGE_SIZE, type BuildRow, type CopyScope, type CopyTable, type OfflineCopyRepository, type PartRow, type Row, type WorkstationRow } from './offline-copy-repository.js';
import { PART_NAME, PartWriter } from './part-writer.js';
import { dueScheduledAt, lastScheduledAt } from './schedule.js';

const openFile = promisify(fsOpen);
const fstatFile = promisify(fstat);
const readFromFile = promisify(fsRead);
const closeFile = promisify(fsClose);

/**
 * Buffers images are read into, used again once their line is written: a full snapshot reads every
 * thumbnail of the archive, and a new buffer each time left the collector megabytes of dead buffers.
 */
class ReadBuffers {
  private readonly free: ArrayBuffer[] = [];
  /** Only memory made here is ever given out again (never Node's shared pool behind small buffers). */
  private readonly made = new WeakSet<ArrayBuffer>();

  take(size: number): Buffer {
    const index = this.free.findIndex((b) => b.byteLength >= size);
    let memory = index >= 0 ? this.free.splice(index, 1)[0] : undefined;
    if (!memory) {
      memory = new ArrayBuffer(Math.max(size, 64 * 1024));
      this.made.add(memory);
    }
    return Buffer.from(memory, 0, size);
  }

  /** Gives a buffer's memory back once its bytes are written (small ones, at most as many as are read ahead). */
  release(data: Buffer): void {
    const memory = data.buffer;
    if (memory instanceof ArrayBuffer && this.made.has(memory) && memory.byteLength <= 1024 * 1024 && this.free.length <= BLOB_READ_AHEAD && !this.free.includes(memory)) this.free.push(memory);
  }
}

export const MANIFEST_FORMAT = 'kasus-offline-copy/1';
export const SYNC_TOKEN_PREFIX = 'kwt_';

/** How long one builder holds a workstation before another may take over (renewed while it works). */
const BUILD_LEASE_MS = 10 * 60_000;
const DAY_MS = 24 * 3_600_000;
/** How long a snapshot job waits for another builder of the same workstation before it retries later. */
const BUSY_WAIT_MS = 60_000;
/** How many images are read ahead of the one being written into a part. */
const BLOB_READ_AHEAD = 16;
/**
 * Cases a full build's walk reads at a time. A page's rows live while its lines are written (awaiting
 * the part file), long enough to be promoted to V8's old generation; pages of 500 promoted about 70 %
 * more per snapshot than pages of 200 (117 against 69 MB at 10,000 cases, --trace-gc-nvp), and that
 * dead old-generation memory is what the server's RSS grew by.
 */
const CASE_PAGE = 200;
/** Change-log rows read at a time by an incremental build. */
const CHANGE_PAGE = 2000;
/** The derivative kinds a copy holds. */
const COPIED_KINDS = ['thumbnail', 'preview'];

export interface WorkstationListItem {
  id: string;
  name: string;
  departmentIds: string[];
  lastSyncAt: string | null;
  sequence: number;
  ageMinutes: number | null;
  revokedAt: string | null;
  missedSync: boolean;
}

export interface Manifest {
  format: string;
  schema: string;
  workstationId: string;
  workstationName: string;
  departmentIds: string[];
  sequence: number;
  snapshotAt: string;
  full: boolean;
  base: number;
  parts: { name: string; sequence: number; sha256: string; size: number }[];
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A build for one workstation was not made because another builder holds it: the job retries. */
export class BuildBusyError extends Error {
  constructor(workstationId: string) {
    super(`Another builder is making a snapshot for workstation ${workstationId}; trying again later.`);
    this.name = 'BuildBusyError';
  }
}

interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/**
 * The server side of the offline read copy (C9, issue 13; docs/offline-copy-format.md): backup
 * workstations, their signed manifests and age-encrypted incremental parts, and the access logs
 * they upload.
 */
export class OfflineCopyService {
  readonly partsDir: string;
  private readonly key: AuditKey;
  private readonly readBuffers = new ReadBuffers();
  private privateKey: KeyObject | null = null;

  constructor(
    private readonly config: Pick<Config, 'dataDir' | 'auditKeyFile' | 'timeZone' | 'offlineCopy' | 'publicUrl'>,
    private readonly repository: OfflineCopyRepository,
    private readonly blobs: BlobStore,
    private readonly queue: JobQueue,
    private readonly access: Access,
    private readonly audit: AuditLog,
    private readonly outbound: Outbound,
    private readonly clock: Clock = systemClock,
  ) {
    this.partsDir = path.join(config.dataDir, 'offline-copy', 'parts');
    this.key = new AuditKey(config.auditKeyFile);
  }

  // --- rights ---

  /** Listing and snapshots: continuity.manage or admin (refusals audited). */
  private async requireManage(ctx: RequestContext, action: string): Promise<void> {
    const actor = this.access.authenticated(ctx);
    if (hasRight(actor, 'continuity.manage') || hasRight(actor, 'admin')) return;
    await this.access.require(ctx, { right: 'continuity.manage', action, objectType: 'offline_workstation', disclose: true });
  }

  private async requireAdmin(ctx: RequestContext, action: string, objectId?: string): Promise<string> {
    const actor = await this.access.require(ctx, { right: 'admin', action, objectType: 'offline_workstation', objectId: objectId ?? null, disclose: true });
    return actor.userId;
  }

  // --- signing key ---

  private signingKey(): KeyObject {
    if (!this.privateKey) {
      // Made on first use when missing (the audit checkpoints use the same key and file).
      this.key.publicKey();
      this.privateKey = createPrivateKey(readFileSync(this.key.file));
    }
    return this.privateKey;
  }

  /** The server's signing key in minisign public-key format (public: a workstation pins it on first sync). */
  serverKey(): { publicKey: string } {
    return { publicKey: minisignPublicKey(createPublicKey(this.signingKey())) };
  }

  // --- administration ---

  async register(ctx: RequestContext, input: { name: string; publicKey: string; departmentIds: string[] }): Promise<{ id: string; name: string; token: string }> {
    const userId = await this.requireAdmin(ctx, 'offline-copy.register');
    const publicKey = input.publicKey.trim();
    if (!isX25519Recipient(publicKey)) throw new AppError('invalid_public_key', undefined, { field: 'publicKey' });
    const departmentIds = [...new Set(input.departmentIds)];
    const known = new Set(await this.repository.departmentsExist(departmentIds));
    const unknown = departmentIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new AppError('validation_failed', `Avdelningen ${unknown[0]} finns inte.`, { field: 'departmentIds' });
    const id = randomUUID();
    const token = SYNC_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const now = this.clock.now().toISOString();
    await this.repository.insertWorkstation({
      id,
      name: input.name.trim(),
      public_key: publicKey,
      department_ids: JSON.stringify(departmentIds),
      token_hash: hashToken(token),
      created_by: userId,
      created_at: now,
      revoked_at: null,
      revoked_by: null,
      last_sync_at: null,
      synced_sequence: 0,
      synced_snapshot_at: null,
      built_sequence: 0,
      needs_full: 1,
      build_lease_until: null,
      missed_notified_for: null,
      access_log_seq: 0,
    });
    await this.audit.record(ctx, {
      action: 'offline-copy.register',
      outcome: 'success',
      objectType: 'offline_workstation',
      objectId: id,
      details: { name: input.name.trim(), departmentIds, publicKey },
    });
    // The new workstation's first (full) copy is made at once, so it can sync right away.
    await this.newSnapshot('registration', userId);
    return { id, name: input.name.trim(), token };
  }

  async list(ctx: RequestContext): Promise<{ items: WorkstationListItem[] }> {
    await this.requireManage(ctx, 'offline-copy.list');
    const now = this.clock.now();
    const due = dueScheduledAt(now, this.config.offlineCopy.times, this.config.timeZone);
    return { items: (await this.repository.listWorkstations()).map((row) => this.toItem(row, now, due)) };
  }

  private toItem(row: WorkstationRow, now: Date, due: Date | null): WorkstationListItem {
    return {
      id: row.id,
      name: row.name,
      departmentIds: JSON.parse(row.department_ids) as string[],
      lastSyncAt: row.last_sync_at,
      sequence: row.synced_sequence,
      ageMinutes: row.synced_snapshot_at ? Math.max(0, Math.floor((now.getTime() - Date.parse(row.synced_snapshot_at)) / 60_000)) : null,
      revokedAt: row.revoked_at,
      missedSync: missedSync(row, due),
    };
  }

  async revoke(ctx: RequestContext, id: string): Promise<void> {
    const userId = await this.requireAdmin(ctx, 'offline-copy.revoke', id);
    const row = await this.repository.findWorkstation(id);
    if (!row) throw new AppError('not_found', 'Reservdatorn finns inte.');
    if (row.revoked_at === null) {
      await this.repository.revoke(id, this.clock.now().toISOString(), userId);
      // A revoked workstation gets nothing more: its parts are gone too.
      await this.repository.dropParts(id);
      await this.removeFiles((name) => name.startsWith(`ws-${id}-`));
      await this.audit.record(ctx, { action: 'offline-copy.revoke', outcome: 'success', objectType: 'offline_workstation', objectId: id, details: { name: row.name } });
    }
  }

  /** Starts a snapshot for every workstation now (a durable job); answers its sequence at once. */
  async requestSnapshot(ctx: RequestContext): Promise<{ sequence: number }> {
    await this.requireManage(ctx, 'offline-copy.snapshot');
    const sequence = await this.newSnapshot('manual', ctx.actor!.userId);
    await this.audit.record(ctx, { action: 'offline-copy.snapshot', outcome: 'success', objectType: 'offline_snapshot', objectId: String(sequence), details: { sequence } });
    return { sequence };
  }

  private async newSnapshot(trigger: string, requestedBy: string | null, period: string | null = null): Promise<number> {
    const { sequence, created } = await this.repository.newSnapshot({ trigger, requestedBy, at: this.clock.now().toISOString(), period });
    if (created) await this.queue.enqueue('offline-copy.snapshot', { sequence }, { uniqueKey: `offline-copy.snapshot:${sequence}` });
    return sequence;
  }

  // --- the schedule ---

  /**
   * Run on every tick of the scheduler: makes the snapshot of the latest scheduled time if none was
   * made for it yet (once across nodes), and notifies the continuity administrators once of each
   * workstation that newly missed a sync.
   */
  async tick(logger?: Logger): Promise<void> {
    const now = this.clock.now();
    const workstations = (await this.repository.listWorkstations()).filter((w) => w.revoked_at === null);
    if (workstations.length === 0) return;
    const scheduled = lastScheduledAt(now, this.config.offlineCopy.times, this.config.timeZone);
    // Only times after the first workstation was registered: no snapshot for a time before any existed.
    if (scheduled && workstations.some((w) => w.created_at <= scheduled.toISOString())) {
      await this.newSnapshot('scheduled', null, scheduled.toISOString());
    }
    const due = dueScheduledAt(now, this.config.offlineCopy.times, this.config.timeZone);
    if (!due) return;
    for (const row of workstations) {
      if (!missedSync(row, due)) continue;
      if (!(await this.repository.claimMissNotice(row.id, due.toISOString()))) continue;
      await this.notifyMissed(row, due, logger);
    }
  }

  private async notifyMissed(row: WorkstationRow, due: Date, logger?: Logger): Promise<void> {
    const recipients = await this.repository.usersWithRight('continuity.manage');
    const ctx: RequestContext = { actor: null, clientIp: null, requestId: `offline-copy-missed-${row.id}` };
    let mailed = 0;
    const scheduledLocal = new Intl.DateTimeFormat('sv-SE', { timeZone: this.config.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(due);
    if (this.outbound.canMail) {
      for (const user of recipients) {
        try {
          await this.outbound.mail({
            to: user.email,
            subject: `Kasus: reservdatorn ${row.name} har inte hämtat sin kopia`,
            text:
              `Reservdatorn "${row.name}" har inte synkroniserat sin reservkopia sedan den schemalagda tiden ${scheduledLocal}.\n` +
              `Senaste synkronisering: ${row.last_sync_at ?? 'aldrig'}.\n\n` +
              `Kontrollera att datorn är på och når Kasus, och kör "kasus offline-copy sync" på den.` +
              (this.config.publicUrl ? `\n\n${this.config.publicUrl}/continuity` : ''),
            messageId: `<offline-copy-missed-${row.id}-${due.getTime()}-${user.id}@kasus>`,
          });
          mailed++;
        } catch (error) {
          logger?.warn({ err: error, workstationId: row.id, userId: user.id }, 'offline copy: missed-sync e-mail not sent');
        }
      }
    }
    await this.audit.record(ctx, {
      action: 'offline-copy.sync_missed',
      outcome: 'failure',
      objectType: 'offline_workstation',
      objectId: row.id,
      details: { name: row.name, scheduledAt: due.toISOString(), lastSyncAt: row.last_sync_at, notified: recipients.map((u) => u.username), mailed },
    });
    logger?.warn({ workstationId: row.id, scheduledAt: due.toISOString() }, 'offline copy: a backup workstation missed its sync');
  }

  // --- building snapshots (the job) ---

  /** The job `offline-copy.snapshot`: builds the sequence for every active workstation; idempotent. */
  async runSnapshot(sequence: number, job?: Pick<JobContext, 'signal'>): Promise<void> {
    const workstations = (await this.repository.listWorkstations()).filter((w) => w.revoked_at === null);
    for (const row of workstations) {
      // Another job is building this workstation (the previous sequence, usually done in seconds): wait for it a while.
      const until = Date.now() + BUSY_WAIT_MS;
      for (;;) {
        job?.signal.throwIfAborted();
        if ((await this.build(row.id, sequence, job?.signal)) !== 'busy') break;
        if (Date.now() > until) throw new BuildBusyError(row.id);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    await this.repository.finishSnapshot(sequence, this.clock.now().toISOString());
  }

  /** Builds one sequence for one workstation: a full copy, or the changes since its last build. */
  async build(id: string, sequence: number, signal?: AbortSignal): Promise<'built' | 'done' | 'busy'> {
    const leaseUntil = () => new Date(this.clock.now().getTime() + BUILD_LEASE_MS).toISOString();
    const claim = await this.repository.claimBuild(id, sequence, this.clock.now().toISOString(), leaseUntil());
    if (claim !== 'claimed') return claim;
    const row = (await this.repository.findWorkstation(id))!;
    const full = row.needs_full === 1 || row.built_sequence === 0;
    const snapshotAt = this.clock.now().toISOString();
    const writer = new PartWriter(this.partsDir, id, sequence, row.public_key);
    let renewedAt = Date.now();
    const renew = async () => {
      signal?.throwIfAborted();
      if (Date.now() - renewedAt > BUILD_LEASE_MS / 3) {
        await this.repository.extendBuild(id, leaseUntil());
        renewedAt = Date.now();
      }
    };
    try {
      // What a build of this workstation killed part-way left behind (temporary files, parts never committed).
      await this.removeFiles((name) => name.startsWith(`ws-${id}-`) && (name.endsWith('.tmp') || name.startsWith(`ws-${id}-${sequence}-`)));
      await this.repository.clearPending(id);
      if (full) await this.repository.clearInventory(id);
      // Taken before anything is read: every change not seen by this build is at or after it.
      const mark = await this.repository.changeMark();
      const scope = {
        departmentIds: JSON.parse(row.department_ids) as string[],
        previewsFrom: new Date(this.clock.now().getTime() - this.config.offlineCopy.previewDays * DAY_MS).toISOString(),
      };
      const tables = this.repository.copyTables(scope);
      const small = tables.filter((t) => !t.walked);
      for (const table of small) await this.putChanged(id, table, full, writer, renew);
      if (full) {
        await this.putCases(id, scope, full, writer, renew);
      } else {
        const last = await this.repository.findBuild(id, row.built_sequence);
        const previewsBefore = row.previews_from ?? new Date(Date.parse(last?.snapshot_at ?? snapshotAt) - this.config.offlineCopy.previewDays * DAY_MS).toISOString();
        await this.putChangesSince(id, scope, Number(row.change_mark), previewsBefore, writer, renew);
        for (const table of [...tables].reverse()) {
          if (table.walked) await this.writeGone(id, table, writer, renew);
          else await this.deleteGone(id, table, writer, renew);
        }
      }
      const written = await writer.finish();
      const now = this.clock.now().toISOString();
      const parts: PartRow[] = written.map((p) => ({ name: p.name, workstation_id: id, sequence, number: p.number, sha256: p.sha256, size: p.size, created_at: now }));
      const build: BuildRow = { workstation_id: id, sequence, full: full ? 1 : 0, base: full ? 0 : row.built_sequence, snapshot_at: snapshotAt, pruned: 0 };
      await this.repository.commitBuild(build, parts, { mark, previewsFrom: scope.previewsFrom });
      await this.repository.pruneChanges();
      return 'built';
    } catch (error) {
      await writer.discard();
      await this.repository.releaseBuild(id);
      throw error;
    }
  }

  /**
   * The walk over the archive: each department's cases a page at a time, in id order (by index), and
   * with each page its patients, media, derivatives and images, put in foreign-key order. Linear in
   * the archive; memory holds one page. Only a full build walks it.
   */
  private async putCases(id: string, scope: CopyScope, full: boolean, writer: PartWriter, renew: () => Promise<void>): Promise<void> {
    for (const departmentId of [...scope.departmentIds].sort()) {
      let after: string | null = null;
      for (;;) {
        await renew();
        const page = await this.putCasePage(id, scope, departmentId, after, full, writer);
        if (!page) break;
        // The page's rows are let go before its images are read and written (kept, they outlived
        // the young generation and the heap grew with every page).
        await this.putRows(id, 'blob', page.blobs, full, writer, true);
        after = page.last;
      }
    }
  }

  /** One page of a department's cases with their patients, media and derivatives; the images to send, and the last case id. */
  private async putCasePage(id: string, scope: CopyScope, departmentId: string, after: string | null, full: boolean, writer: PartWriter): Promise<{ blobs: Row[]; last: string } | null> {
    const cases = await this.repository.casePage(departmentId, after, CASE_PAGE);
    if (cases.length === 0) return null;
    const patients = await this.repository.patientsByIds([...new Set(cases.map((c) => String(c.patient_id)))]);
    await this.putRows(id, 'patient', patients, full, writer, true);
    await this.putRows(id, 'clinical_case', cases, full, writer, false);
    const media: Row[] = (await this.repository.mediaOfCases(cases.map((c) => String(c.id)))).map((row) => ({ ...row, quarantine_key: null }));
    await this.putRows(id, 'media', media, full, writer, false);
    await this.putRows(id, 'media_annotation', await this.repository.annotationsOfMedia(media.map((m) => String(m.id))), full, writer, false);
    const caseCreated = new Map(cases.map((c) => [String(c.id), String(c.created_at)]));
    const mediaCase = new Map(media.map((m) => [String(m.id), String(m.case_id)]));
    // Previews only of cases newer than KASUS_OFFLINE_COPY_PREVIEW_DAYS; thumbnails always.
    const derivatives = (await this.repository.derivativesOfMedia(media.map((m) => String(m.id)))).filter(
      (d) => d.kind === 'thumbnail' || (caseCreated.get(mediaCase.get(String(d.media_id))!) ?? '') >= scope.previewsFrom,
    );
    await this.putRows(id, 'media_derivative', derivatives, full, writer, false);
    return { blobs: [...new Set(derivatives.map((d) => String(d.blob_key)))].map((key) => ({ key })), last: String(cases.at(-1)!.id) };
  }

  /**
   * An incremental build: only what the change log (migration 0019) names since the last build's
   * mark, and the cases whose previews came or went because the cut-off moved. Each named item is
   * looked up as it is now: put when the copy is to hold it and the workstation's version differs,
   * recorded as gone (a `del` at the end) when the workstation holds it and is no longer to.
   */
  private async putChangesSince(id: string, scope: CopyScope, mark: number, previewsBefore: string, writer: PartWriter, renew: () => Promise<void>): Promise<void> {
    const [from, to] = previewsBefore < scope.previewsFrom ? [previewsBefore, scope.previewsFrom] : [scope.previewsFrom, previewsBefore];
    let afterCase: { createdAt: string; id: string } | null = null;
    for (;;) {
      await renew();
      const cases = await this.repository.casesCreatedBetween(scope.departmentIds, from, to, afterCase, PAGE_SIZE);
      if (cases.length === 0) break;
      await this.applyChanges(id, scope, { caseIds: cases.map((c) => c.id), patientIds: [], mediaIds: [], blobKeys: [] }, writer);
      afterCase = { createdAt: cases.at(-1)!.created_at, id: cases.at(-1)!.id };
    }
    let afterSeq = 0;
    for (;;) {
      await renew();
      const changes = await this.repository.changePage(mark, afterSeq, CHANGE_PAGE);
      if (changes.length === 0) return;
      const of = (table: string) => [...new Set(changes.filter((c) => c.tbl === table).map((c) => c.key))];
      await this.applyChanges(id, scope, { caseIds: of('clinical_case'), patientIds: of('patient'), mediaIds: of('media'), blobKeys: of('blob') }, writer);
      afterSeq = changes.at(-1)!.seq;
    }
  }

  /** Puts and tombstones for the named cases (with all their media), patients, media (with their derivatives and annotation layer) and images. */
  private async applyChanges(id: string, scope: CopyScope, named: { caseIds: string[]; patientIds: string[]; mediaIds: string[]; blobKeys: string[] }, writer: PartWriter): Promise<void> {
    const D = scope.departmentIds;
    const cases = await this.repository.casesByIds(named.caseIds);
    const heldCases = cases.filter((c) => c.patient_id !== null && D.includes(String(c.department_id)));
    const patientIds = [...new Set([...named.patientIds, ...cases.map((c) => c.patient_id).filter((p): p is string => typeof p === 'string')])];
    const tables = new Map(this.repository.copyTables(scope).map((t) => [t.table, t]));
    const heldPatients = await tables.get('patient')!.heldAmong(patientIds);
    await this.putRows(id, 'patient', await this.repository.patientsByIds([...heldPatients]), false, writer, true);
    await this.putRows(id, 'clinical_case', heldCases, false, writer, true);

    const mediaIds = [...new Set([...named.mediaIds, ...(await this.repository.mediaIdsOfCases(named.caseIds))])];
    const held = await this.repository.heldMedia(mediaIds, D);
    await this.putRows(id, 'media', held.map(({ row }) => ({ ...row, quarantine_key: null })), false, writer, true);
    const caseCreated = new Map(held.map(({ row, caseCreatedAt }) => [String(row.id), caseCreatedAt]));
    // Each held image's layer in its case's current version (a new version, a changed or emptied layer).
    const annotations = await this.repository.annotationsOfMedia([...caseCreated.keys()]);
    await this.putRows(id, 'media_annotation', annotations, false, writer, true);
    const derivatives = (await this.repository.derivativesOfMedia([...caseCreated.keys()])).filter(
      (d) => d.kind === 'thumbnail' || (caseCreated.get(String(d.media_id)) ?? '') >= scope.previewsFrom,
    );
    await this.putRows(id, 'media_derivative', derivatives, false, writer, true);
    await this.putRows(id, 'blob', [...new Set(derivatives.map((d) => String(d.blob_key)))].map((key) => ({ key })), false, writer, true);

    // What is no longer to be held: recorded now, sent as `del` after every `put` of the build.
    const heldCaseIds = new Set(heldCases.map((c) => String(c.id)));
    await this.markGone(id, 'clinical_case', named.caseIds.filter((k) => !heldCaseIds.has(k)));
    await this.markGone(id, 'patient', patientIds.filter((k) => !heldPatients.has(k)));
    await this.markGone(id, 'media', mediaIds.filter((k) => !caseCreated.has(k)));
    const annotated = new Set(annotations.map((a) => String(a.media_id)));
    await this.markGone(id, 'media_annotation', mediaIds.filter((k) => !annotated.has(k)));
    const heldDerivatives = new Set(derivatives.map((d) => JSON.stringify([d.media_id, d.kind])));
    await this.markGone(id, 'media_derivative', mediaIds.flatMap((m) => COPIED_KINDS.map((kind) => JSON.stringify([m, kind]))).filter((k) => !heldDerivatives.has(k)));
    const blobKeys = [...new Set([...named.blobKeys, ...(await this.repository.blobKeysOfMedia(mediaIds))])];
    const heldBlobs = await tables.get('blob')!.heldAmong(blobKeys);
    await this.markGone(id, 'blob', blobKeys.filter((k) => !heldBlobs.has(k)));
  }

  /** Records as gone those of the keys the workstation holds. */
  private async markGone(id: string, table: string, keys: string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += PAGE_SIZE) {
      const page = keys.slice(start, start + PAGE_SIZE);
      const holds = await this.repository.inventoryHashes(id, table, page);
      await this.repository.addPending(id, table, page.filter((k) => holds.has(k)).map((key) => ({ key, hash: null })));
    }
  }

  /** `del` lines for what an incremental build recorded as gone. */
  private async writeGone(id: string, table: CopyTable, writer: PartWriter, renew: () => Promise<void>): Promise<void> {
    let after: string | null = null;
    for (;;) {
      await renew();
      const gone = await this.repository.pendingGonePage(id, table.table, after, PAGE_SIZE);
      if (gone.length === 0) return;
      for (const key of gone) await writer.write({ op: 'del', table: table.table, key: table.keyObject(key) });
      after = gone.at(-1)!;
    }
  }

  /** `put` lines for the rows the workstation does not have as they are now (shared rows: once per build). */
  private async putRows(id: string, table: string, rows: Row[], full: boolean, writer: PartWriter, shared: boolean): Promise<void> {
    if (rows.length === 0) return;
    const keyOf = (row: Row) =>
      table === 'media_derivative' ? JSON.stringify([row.media_id, row.kind]) : table === 'blob' ? String(row.key) : table === 'media_annotation' ? String(row.media_id) : String(row.id);
    const keys = rows.map(keyOf);
    const sent = full ? new Map<string, string>() : await this.repository.inventoryHashes(id, table, keys);
    // A patient with cases in several pages, or an image used twice, is sent once.
    const already = shared && !full ? await this.repository.pendingKeys(id, table, keys) : new Set<string>();
    let pending: { key: string; hash: string; row: Row }[] = [];
    const seen = new Set<string>();
    for (const [index, row] of rows.entries()) {
      const key = keys[index]!;
      if (already.has(key) || seen.has(key)) continue;
      seen.add(key);
      // A blob is content-addressed: its key is its hash.
      const hash = table === 'blob' ? key : rowHash(row);
      if (sent.get(key) !== hash) pending.push({ key, hash, row });
    }
    if (full) {
      // Recorded first, in one statement that also says which were sent earlier in this build.
      const added = await this.repository.addToInventory(id, table, pending.map(({ key, hash }) => ({ key, hash })));
      pending = pending.filter(({ key }) => added.has(key));
    }
    if (table === 'blob') {
      // Images are read a few ahead, so that reading overlaps with encrypting; memory holds at most that many.
      const reads = new Map<number, Promise<Buffer>>();
      for (let index = 0; index < pending.length; index++) {
        for (let ahead = index; ahead < Math.min(pending.length, index + BLOB_READ_AHEAD); ahead++) {
          if (!reads.has(ahead)) reads.set(ahead, this.readBlob(pending[ahead]!.key));
        }
        const data = await reads.get(index)!;
        reads.delete(index);
        // The line is put together as text (a blob key is hex), its base64 written into the part as it is made.
        await writer.writeLineWithBase64(`{"op":"put","table":"blob","row":{"key":"${pending[index]!.key}","data":"`, data, '"}}');
        this.readBuffers.release(data);
      }
    } else {
      for (const { row } of pending) await writer.write({ op: 'put', table, row });
    }
    if (!full) await this.repository.addPending(id, table, pending.map(({ key, hash }) => ({ key, hash })));
  }

  /** `put` lines for the rows of a small table that the workstation does not have as they are now. */
  private async putChanged(id: string, table: CopyTable, full: boolean, writer: PartWriter, renew: () => Promise<void>): Promise<void> {
    let after: string | null = null;
    for (;;) {
      await renew();
      const rows = await table.page(after, PAGE_SIZE);
      if (rows.length === 0) return;
      const keys = rows.map((r) => table.keyOf(r));
      const sent = full ? new Map<string, string>() : await this.repository.inventoryHashes(id, table.table, keys);
      const pending: { key: string; hash: string }[] = [];
      for (const [index, row] of rows.entries()) {
        const key = keys[index]!;
        const hash = rowHash(row);
        if (sent.get(key) === hash) continue;
        await writer.write({ op: 'put', table: table.table, row });
        pending.push({ key, hash });
      }
      if (full) await this.repository.addToInventory(id, table.table, pending);
      else await this.repository.addPending(id, table.table, pending);
      after = keys.at(-1)!;
    }
  }

  /** `del` lines for the rows of a small table the workstation holds and is no longer to hold. */
  private async deleteGone(id: string, table: CopyTable, writer: PartWriter, renew: () => Promise<void>): Promise<void> {
    let after: string | null = null;
    for (;;) {
      await renew();
      const keys = await this.repository.inventoryPage(id, table.table, after, PAGE_SIZE);
      if (keys.length === 0) return;
      const held = await table.heldAmong(keys);
      const gone = keys.filter((k) => !held.has(k));
      for (const key of gone) await writer.write({ op: 'del', table: table.table, key: table.keyObject(key) });
      await this.repository.addPending(id, table.table, gone.map((key) => ({ key, hash: null })));
      after = keys.at(-1)!;
    }
  }

  /** The image's bytes, checked against its SHA-256 (its key); a local file is read into a reused buffer. */
  private async readBlob(key: string): Promise<Buffer> {
    const local = this.blobs as Partial<{ blobPath(key: string): string }>;
    if (typeof local.blobPath === 'function' && isBlobKey(key)) {
      const fd = await openFile(local.blobPath(key), 'r');
      try {
        const { size } = await fstatFile(fd);
        const buffer = this.readBuffers.take(size);
        let at = 0;
        while (at < size) {
          const { bytesRead } = await readFromFile(fd, buffer, at, size - at, at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        const data = buffer.subarray(0, at);
        const actual = createHash('sha256').update(data).digest('hex');
        if (actual !== key) throw new BlobCorruptError(key, actual);
        return data;
      } finally {
        await closeFile(fd);
      }
    }
    const chunks: Buffer[] = [];
    for await (const chunk of await this.blobs.get(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  // --- sync (the workstation, with its sync token) ---

  /** The workstation a sync token belongs to; null for an unknown token or a revoked workstation. */
  async authenticateSync(token: string): Promise<WorkstationRow | null> {
    if (!token.startsWith(SYNC_TOKEN_PREFIX) || token.length > 200) return null;
    const row = await this.repository.findByTokenHash(hashToken(token));
    return row && row.revoked_at === null ? row : null;
  }

  /** The signed manifest that takes the workstation from `since` to its newest build. */
  async manifest(ctx: RequestContext, workstation: WorkstationRow, since: number): Promise<{ manifest: string; signature: string }> {
    const builds = await this.repository.builds(workstation.id);
    const held = since > 0 ? builds.find((b) => b.sequence === since) : undefined;
    const now = this.clock.now();
    // The workstation has this sequence: record it, and delete the parts it no longer needs.
    await this.repository.recordSync(workstation.id, { at: now.toISOString(), sequence: held || since === 0 ? since : workstation.synced_sequence, snapshotAt: held?.snapshot_at ?? null });
    if (held) await this.deletePartFiles(await this.repository.pruneParts(workstation.id, since));
    if (builds.length === 0) throw new AppError('no_snapshot');

    let chosen: BuildRow[] | null = null;
    let full = false;
    if (held) {
      const after = builds.filter((b) => b.sequence > since);
      if (after.length === 0 || (after[0]!.base === since && after.every((b) => b.full === 0 && b.pruned === 0))) chosen = after;
    }
    if (chosen === null) {
      full = true;
      const lastFull = builds.map((b) => b.full).lastIndexOf(1);
      chosen = lastFull >= 0 ? builds.slice(lastFull) : [];
      if (chosen.length === 0 || chosen.some((b) => b.pruned === 1)) {
        // Too far behind (its copy lost, or older than what is kept): a new full copy is made now.
        // Only if no build was committed since the builds were read: a sync that asked while the
        // full copy made on demand was being committed must not order another full one, which would
        // then replace the incremental build the workstation expects after that copy.
        if (await this.repository.markNeedsFull(workstation.id, builds.at(-1)!.sequence)) await this.newSnapshot('resync', null);
        throw new AppError('no_snapshot', 'Kasus gör en ny fullständig kopia för reservdatorn. Försök igen om några minuter.');
      }
    }
    const last = chosen.at(-1) ?? held!;
    const parts = chosen.length > 0 ? await this.repository.partsOf(workstation.id, chosen[0]!.sequence) : [];
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      schema: latestMigration(),
      workstationId: workstation.id,
      workstationName: workstation.name,
      departmentIds: JSON.parse(workstation.department_ids) as string[],
      sequence: last.sequence,
      snapshotAt: last.snapshot_at,
      full,
      base: full ? 0 : since,
      parts: parts.map((p) => ({ name: p.name, sequence: p.sequence, sha256: p.sha256, size: Number(p.size) })),
    };
    const text = JSON.stringify(manifest, null, 2) + '\n';
    const trusted = `timestamp:${Math.floor(now.getTime() / 1000)} workstation:${workstation.id} sequence:${manifest.sequence}`;
    const signature = minisignSign(this.signingKey(), Buffer.from(text, 'utf8'), trusted, `kasus offline copy ${workstation.id} sequence ${manifest.sequence}`);
    await this.audit.record(ctx, {
      action: 'offline-copy.sync',
      outcome: 'success',
      objectType: 'offline_workstation',
      objectId: workstation.id,
      details: { since, sequence: manifest.sequence, full, parts: manifest.parts.length },
    });
    return { manifest: text, signature };
  }

  /** One part file of the workstation (by a name from its manifest). */
  async part(ctx: RequestContext, workstation: WorkstationRow, name: string): Promise<{ stream: Readable; size: number }> {
    const row = PART_NAME.test(name) ? await this.repository.findPart(workstation.id, name) : undefined;
    const event = { action: 'offline-copy.part', objectType: 'offline_workstation', objectId: workstation.id } as const;
    if (!row) {
      await this.audit.record(ctx, { ...event, outcome: 'failure', details: { part: name.slice(0, 200), reason: 'not_found' } });
      throw new AppError('not_found', 'Delen finns inte (eller är redan borttagen).');
    }
    await this.audit.record(ctx, { ...event, outcome: 'success', details: { part: row.name, sequence: row.sequence, size: Number(row.size) } });
    return { stream: createReadStream(path.join(this.partsDir, row.name)), size: Number(row.size) };
  }

  /** Removes the files of the parts directory whose names match. */
  private async removeFiles(match: (name: string) => boolean): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.partsDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    await Promise.all(names.filter(match).map((name) => rm(path.join(this.partsDir, name), { force: true })));
  }

  private async deletePartFiles(names: string[]): Promise<void> {
    await Promise.all(names.filter((n) => PART_NAME.test(n)).map((n) => rm(path.join(this.partsDir, n), { force: true })));
  }

  /**
   * Appends the workstation's access log to the audit log: the entries must continue the chain
   * already uploaded (entries already accepted may be sent again and are skipped).
   */
  async uploadAccessLog(ctx: RequestContext, workstation: WorkstationRow, entries: AccessLogEntry[]): Promise<{ accepted: number }> {
    const result = await this.appendAccessLog(ctx, workstation, entries).catch(async (error: unknown) => {
      if (error instanceof AppError) {
        await this.audit.record(ctx, { action: 'offline-copy.access_log', outcome: 'failure', objectType: 'offline_workstation', objectId: workstation.id, details: { code: error.code, entries: entries.length, ...error.extra } });
      }
      throw error;
    });
    await this.audit.record(ctx, { action: 'offline-copy.access_log', outcome: 'success', objectType: 'offline_workstation', objectId: workstation.id, details: { entries: entries.length, accepted: result.accepted } });
    return result;
  }

  private async appendAccessLog(ctx: RequestContext, workstation: WorkstationRow, entries: AccessLogEntry[]): Promise<{ accepted: number }> {
    const broken = (why: string) => new AppError('access_log_broken', undefined, { reason: why });
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = (await this.repository.findWorkstation(workstation.id))!;
      const head = current.access_log_seq;
      if (entries.length === 0) return { accepted: head };
      const first = entries[0]!.seq;
      const known = await this.repository.accessLogHashes(workstation.id, Math.max(0, first - 1), head);
      let prev = first === 1 ? GENESIS_HASH : known.get(first - 1);
      if (first < 1 || (first > head + 1) || prev === undefined) throw broken(`the entries start at ${first}, the log uploaded so far ends at ${head}`);
      const fresh: AccessLogEntry[] = [];
      for (const [index, entry] of entries.entries()) {
        if (entry.seq !== first + index) throw broken(`entry ${entry.seq} is out of order`);
        if (entry.prevHash !== prev) throw broken(`entry ${entry.seq} does not continue the chain`);
        if (accessLogEntryHash(entry) !== entry.hash) throw broken(`entry ${entry.seq} has a wrong hash`);
        if (entry.seq <= head) {
          if (known.get(entry.seq) !== entry.hash) throw broken(`entry ${entry.seq} differs from the one accepted before`);
        } else {
          fresh.push(entry);
        }
        prev = entry.hash;
      }
      if (fresh.length === 0) return { accepted: head };
      const userIds = new Set<string>();
      for (const id of new Set(fresh.map((e) => e.userId).filter((u): u is string => u !== null))) {
        if (await this.repository.userExists(id)) userIds.add(id);
      }
      const appended = await this.repository.appendAccessLog(workstation.id, head, fresh, async (trx) => {
        for (const entry of fresh) {
          await this.audit.record(
            { actor: null, clientIp: ctx.clientIp, requestId: ctx.requestId },
            {
              action: entry.action,
              outcome: entry.outcome,
              userId: entry.userId && userIds.has(entry.userId) ? entry.userId : null,
              username: entry.username,
              departmentId: entry.departmentId,
              objectType: entry.objectType,
              objectId: entry.objectId,
              patientId: entry.patientId,
              details: { ...entry.details, origin: 'offline-copy', workstationId: workstation.id, workstationSeq: entry.seq, at: entry.at },
            },
            trx,
          );
        }
      });
      if (appended) return { accepted: fresh.at(-1)!.seq };
      // Another upload of the same workstation moved the head meanwhile: check again against it.
    }
    throw new AppError('conflict', 'Åtkomstloggen laddas upp samtidigt från ett annat håll. Försök igen.');
  }
}

/** SHA-256 of the row's canonical JSON (keys sorted): what the inventory compares. */
export function rowHash(row: Row): string {
  const sorted = Object.fromEntries(Object.keys(row).sort().map((k) => [k, row[k]]));
  return createHash('sha256').update(JSON.stringify(sorted), 'utf8').digest('hex');
}

/** No sync since the latest scheduled time that is at least an hour ago (for a workstation that existed then). */
export function missedSync(row: Pick<WorkstationRow, 'revoked_at' | 'created_at' | 'last_sync_at'>, due: Date | null): boolean {
  if (!due || row.revoked_at !== null) return false;
  const dueIso = due.toISOString();
  if (row.created_at > dueIso) return false;
  return row.last_sync_at === null || row.last_sync_at < dueIso;
}
