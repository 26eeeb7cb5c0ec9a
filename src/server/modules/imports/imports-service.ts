import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { systemClock, type Clock } from '../../clock.js';
import type { Config } from '../../config/config.js';
import { AppError } from '../../http/errors.js';
import type { FormCatalog } from '../forms/form-catalog.js';
import { formatIdentifier } from '../identifiers/identifier-format.js';
import { cleanFilename } from '../media/filename.js';
import type { Refusal, UploadPart, UploadResult } from '../media/media-service.js';
import { readCaptureInfo } from '../media/sanitize/capture.js';
import { formatFromSniffedMime } from '../media/sanitize/formats.js';
import { inspectUpload, MediaRefusal, type MediaKind } from '../media/sanitize/index.js';
import type { PatientLookup } from '../patients/patient-lookup.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import type { Right } from '../rights/rights.js';
import { analyse, ocrCandidates, type Analysis, type ImportProblem, type StagedFacts } from './import-analysis.js';
import type { ImportFileRow, ImportFlagRow, ImportRow, ImportsRepository } from './imports-repository.js';
import type { IdentityReader } from './ocr.js';

/** What imports need of a case, after the cases module's rights check (a hidden case is "not found"). */
export interface ImportCase {
  id: string;
  status: string;
  department_id: string;
  patient_id: string | null;
  form_version_id: string | null;
}

/** The cases module as imports use it; src/server/services.ts injects it (imports depend on cases, never the reverse). */
export interface ImportCases {
  authorizedIn(op: Operation, caseId: string, right: Right): Promise<ImportCase>;
  /** A new draft case (its own audited operation), for a session split off into a case of its own. */
  create(ctx: RequestContext, input: { patientId: string; departmentId: string; formId?: string }): Promise<{ id: string }>;
}

/** The media module's upload: every imported file goes through the same safe ingest as an upload. */
export interface ImportMedia {
  upload(ctx: RequestContext, caseId: string, parts: AsyncIterable<UploadPart>): Promise<UploadResult>;
}

/** A staging request's file, as the route hands it over. */
export interface StagePart {
  filename: string;
  stream: NodeJS.ReadableStream;
  truncated(): boolean;
}

export interface ImportFileView {
  id: string;
  filename: string;
  kind: MediaKind;
  sizeBytes: number;
  capturedAt: string | null;
  camera: string | null;
  /** `read`, `pending` (not needed yet: not the first or last image of its session) or `not_run` (no OCR installed). */
  ocr: string;
  /** The identifier shown on the image, if one was read. */
  identifier: { normalized: string; type: string; formatted: string; samePatient: boolean } | null;
  session: number;
}

export interface ImportView {
  id: string;
  caseId: string;
  createdAt: string;
  forensic: boolean;
  files: ImportFileView[];
  sessions: { index: number; fileIds: string[]; firstCapturedAt: string | null; lastCapturedAt: string | null; camera: string | null; identityAtStart: boolean; identityAtEnd: boolean }[];
  problems: (ImportProblem & { identifiers?: { normalized: string; type: string; formatted?: string }[] })[];
}

export type ImportFlagCode = 'identity_series_incomplete' | 'forensic_identity_missing';

export interface CaseImportFlag {
  id: string;
  code: ImportFlagCode;
  createdAt: string;
  /** The media the flag is about (in the case when it was made). */
  mediaIds: string[];
  filenames: string[];
  missingStart?: boolean;
  missingEnd?: boolean;
}

export interface CommitResult {
  cases: { caseId: string; session: number; added: number }[];
  added: number;
  refused: Refusal[];
  flags: { caseId: string; code: string; count: number }[];
}

/** At most this many files in one import (a card of several thousand photos is several imports). */
export const MAX_IMPORT_FILES = 2000;

/**
 * Card import (M5): the files of a memory card or folder are staged first — their bytes under the
 * data directory, their capture time and camera read before anything strips them, identity images
 * read by OCR — and analysed; nothing reaches a case until the import is committed, and then every
 * file goes through the media module's upload (the same safe ingest, cleaning and audit) in
 * capture-time order. A staged import is removed when it is committed or discarded, and by the
 * leftover sweep once older than the upload resume window.
 */
export class ImportsService {
  private readonly root: string;

  constructor(
    private readonly config: Config,
    private readonly repository: ImportsRepository,
    private readonly cases: ImportCases,
    private readonly patients: PatientLookup,
    private readonly forms: Pick<FormCatalog, 'find' | 'versionById'>,
    private readonly media: ImportMedia,
    private readonly reader: IdentityReader,
    private readonly audited: AuditedOperations,
    private readonly clock: Clock = systemClock,
  ) {
    this.root = path.join(config.dataDir, 'imports');
  }

  private dirOf(importId: string): string {
    return path.join(this.root, importId);
  }

  /** The case, when the caller may add media to it now (as an upload: media.upload, still a draft). */
  private async uploadableIn(op: Operation, caseId: string): Promise<ImportCase> {
    const caseRow = await this.cases.authorizedIn(op, caseId, 'media.upload');
    if (caseRow.status !== 'draft') op.refuse(new AppError('case_locked'), { reason: 'case_locked' });
    return caseRow;
  }

  /** The caller's own import and its case; another user's import is as missing as one that does not exist. */
  private async ownImport(op: Operation, id: string): Promise<{ row: ImportRow; caseRow: ImportCase }> {
    const caller = op.caller;
    const row = await this.repository.find(id);
    if (!row || row.created_by !== caller.userId) return op.missing('media_import', id);
    const caseRow = await this.uploadableIn(op, row.case_id);
    op.about({ objectType: 'media_import', objectId: id });
    return { row, caseRow };
  }

  create(ctx: RequestContext, caseId: string): Promise<{ id: string }> {
    return this.audited.write(ctx, 'media.import.begin', { objectType: 'case', objectId: caseId }, async (op) => {
      await this.uploadableIn(op, caseId);
      const row: ImportRow = { id: randomUUID(), case_id: caseId, created_by: op.actor.userId, created_at: this.clock.now().toISOString() };
      await op.commit((tx) => this.repository.insert(tx, row), { importId: row.id });
      return { id: row.id };
    });
  }

  /**
   * Stages the files of one request: each is streamed to the import's directory (hashed on the
   * way), given the upload's cheap content check, and its capture time and camera are read from
   * the untouched file. Refused files (not media, too large, the same file twice) are listed and
   * their bytes removed; nothing of a request that fails stays behind.
   */
  stage(ctx: RequestContext, importId: string, parts: AsyncIterable<StagePart>): Promise<{ files: ImportFileView[]; refused: Refusal[] }> {
    return this.audited.write(ctx, 'media.import.stage', { objectType: 'media_import', objectId: importId }, async (op) => {
      const { row } = await this.ownImport(op, importId);
      const dir = this.dirOf(row.id);
      await mkdir(dir, { recursive: true });
      const known = new Set((await this.repository.files(row.id)).map((f) => f.sha256));
      let count = known.size;
      const rows: ImportFileRow[] = [];
      const refused: Refusal[] = [];
      const written: string[] = [];
      const limits = { maxBytes: this.config.media.maxUploadBytes, maxPixels: this.config.media.maxPixels, maxDurationMs: this.config.media.maxDurationMs };
      try {
        for await (const part of parts) {
          const filename = cleanFilename(part.filename);
          const id = randomUUID();
          const file = path.join(dir, id);
          written.push(file);
          const { sha256, size } = await writeHashed(part.stream, file);
          const refuse = async (code: string, message: string) => {
            refused.push({ filename, code, message });
            await rm(file, { force: true });
          };
          if (part.truncated()) {
            await refuse('too_large', `Filen är större än ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`);
            continue;
          }
          if (count >= MAX_IMPORT_FILES) {
            await refuse('too_many_files', `En import rymmer högst ${MAX_IMPORT_FILES} filer. Importera resten i en import till.`);
            continue;
          }
          let inspection;
          try {
            inspection = await inspectUpload(file, filename, limits);
          } catch (error) {
            if (!(error instanceof MediaRefusal)) throw error;
            await refuse(error.code, error.message);
            continue;
          }
          if (known.has(sha256)) {
            await refuse('duplicate', 'Samma fil finns redan i importen och togs inte med igen.');
            continue;
          }
          known.add(sha256);
          count += 1;
          const format = formatFromSniffedMime(inspection.mime);
          // Read before anything strips the file's metadata (the import keeps the untouched bytes until commit).
          const capture = format === undefined ? {} : await readCaptureInfo(file, format, this.config.timeZone);
          rows.push({
            id,
            import_id: row.id,
            filename,
            kind: inspection.kind,
            mime: inspection.mime,
            size_bytes: size,
            sha256,
            captured_at: capture.capturedAt ?? null,
            camera_make: capture.cameraMake ?? null,
            camera_model: capture.cameraModel ?? null,
            ocr: 'pending',
            identifier: null,
            identifier_type: null,
            created_at: this.clock.now().toISOString(),
          });
        }
        await op.commit((tx) => this.repository.insertFiles(tx, rows), { staged: rows.length, refused: refused.map((r) => ({ filename: r.filename, code: r.code })) });
      } catch (error) {
        await Promise.all(written.map((file) => rm(file, { force: true })));
        throw error;
      }
      return { files: rows.map((r) => fileView(r, 0, null)), refused };
    });
  }

  /** The staged files, their sessions and what is wrong with the card; identity images are read now where needed. */
  get(ctx: RequestContext, importId: string): Promise<ImportView> {
    return this.audited.read(ctx, 'media.import.read', { objectType: 'media_import', objectId: importId }, async (op) => {
      const { row, caseRow } = await this.ownImport(op, importId);
      const { view } = await this.analysed(row, caseRow);
      return { result: view, details: { files: view.files.length, sessions: view.sessions.length } };
    });
  }

  /**
   * Adds the staged files to the case. Refused with 409 `import_other_patient` (and the import
   * removed: it can never be added) when an identity image names another patient, and with 409
   * `import_multiple_sessions` when the card holds several sessions, unless `split`: then each
   * session goes into a draft case of its own for the same patient (the first into this case).
   */
  commit(ctx: RequestContext, importId: string, options: { split?: boolean } = {}): Promise<CommitResult> {
    return this.audited.write(ctx, 'media.import.commit', { objectType: 'media_import', objectId: importId }, async (op) => {
      const { row, caseRow } = await this.ownImport(op, importId);
      let keep = false;
      try {
        const { analysis, files, forensic } = await this.analysed(row, caseRow);
        if (files.length === 0) {
          keep = true;
          throw new AppError('validation_failed', 'Importen innehåller inga filer att lägga till. Välj filerna först.', { field: 'files' });
        }
        const other = analysis.problems.find((p) => p.code === 'other_patient');
        if (other) {
          const shown = other.identifiers.map((i) => formatIdentifier(i.normalized, i.type)).join(', ');
          op.refuse(
            new AppError(
              'import_other_patient',
              `Importen stoppades: ${other.fileIds.length === 1 ? 'en ID-bild visar' : `${other.fileIds.length} ID-bilder visar`} en annan patient (${shown}) än ärendets. Ingenting lades till och importen togs bort. Kontrollera kortet: ett kort ska bara innehålla en patient.`,
              { fileIds: other.fileIds },
            ),
            { reason: 'other_patient', files: other.fileIds.length },
          );
        }
        const sessions = analysis.sessions;
        if (sessions.length > 1 && !options.split) {
          keep = true;
          op.refuse(
            new AppError(
              'import_multiple_sessions',
              `Kortet innehåller ${sessions.length} fotograferingstillfällen. Dela upp importen (ett nytt ärende per tillfälle) eller importera tillfällena var för sig.`,
              { sessions: sessions.length },
            ),
            { reason: 'multiple_sessions', sessions: sessions.length },
          );
        }
        const formId = caseRow.form_version_id ? (await this.forms.versionById(caseRow.form_version_id))?.form_id : undefined;
        const byId = new Map(analysis.files.map((f) => [f.id, f]));
        const result: CommitResult = { cases: [], added: 0, refused: [], flags: [] };
        const flags: ImportFlagRow[] = [];
        const now = () => this.clock.now().toISOString();
        for (const session of sessions) {
          const caseId =
            session.index === 0
              ? caseRow.id
              : (await this.cases.create(ctx, { patientId: caseRow.patient_id!, departmentId: caseRow.department_id, ...(formId ? { formId } : {}) })).id;
          const staged = session.fileIds.map((id) => byId.get(id)!);
          const uploaded = await this.uploadSession(ctx, row.id, caseId, staged);
          result.cases.push({ caseId, session: session.index, added: uploaded.items.length });
          result.added += uploaded.items.length;
          result.refused.push(...uploaded.refused);
          const mediaOf = new Map(uploaded.mediaIds);
          const flag = (code: ImportFlagCode, fileIds: string[], extra: Record<string, unknown> = {}) => {
            const added = fileIds.filter((id) => mediaOf.has(id));
            if (added.length === 0 && code !== 'identity_series_incomplete') return;
            flags.push({
              id: randomUUID(),
              case_id: caseId,
              code,
              details: JSON.stringify({ mediaIds: added.map((id) => mediaOf.get(id)!), filenames: fileIds.map((id) => byId.get(id)!.filename), ...extra }),
              created_by: op.actor.userId,
              created_at: now(),
            });
            result.flags.push({ caseId, code, count: fileIds.length });
          };
          if (!session.identityAtStart || !session.identityAtEnd) {
            const ends = [...new Set([session.fileIds[0]!, session.fileIds.at(-1)!])];
            flag('identity_series_incomplete', ends, { missingStart: !session.identityAtStart, missingEnd: !session.identityAtEnd });
          }
          if (forensic) {
            const without = staged.filter((f) => f.kind === 'image' && !(f.identifier !== null && f.identifier === analysis.patientIdentifier)).map((f) => f.id);
            if (without.length > 0) flag('forensic_identity_missing', without);
          }
        }
        await op.commit(
          async (tx) => {
            await this.repository.insertFlags(tx, flags);
            await this.repository.remove(tx, row.id);
          },
          { added: result.added, refused: result.refused.length, cases: result.cases.map((c) => c.caseId), flags: result.flags.map((f) => f.code) },
        );
        return result;
      } finally {
        // Nothing staged outlives an import that was added or stopped; a refusal the user can act on keeps it.
        if (!keep) await this.removeStaged(row.id);
      }
    });
  }

  /** Discards a staged import: its rows and its bytes. */
  discard(ctx: RequestContext, importId: string): Promise<void> {
    return this.audited.write(ctx, 'media.import.discard', { objectType: 'media_import', objectId: importId }, async (op) => {
      const caller = op.caller;
      const row = await this.repository.find(importId);
      if (!row || row.created_by !== caller.userId) return op.missing('media_import', importId);
      // Discarding needs only the right to read the case: a case signed meanwhile must not keep a staged import alive.
      await this.cases.authorizedIn(op, row.case_id, 'case.read');
      op.about({ objectType: 'media_import', objectId: importId });
      await op.commit((tx) => this.repository.remove(tx, row.id), { importId: row.id });
      await rm(this.dirOf(row.id), { recursive: true, force: true });
    });
  }

  /** The flags card imports left on the case (series without identity images, forensic images without one). */
  flagsOf(ctx: RequestContext, caseId: string): Promise<CaseImportFlag[]> {
    return this.audited.read(ctx, 'case.import_flags', { objectType: 'case', objectId: caseId }, async (op) => {
      await this.cases.authorizedIn(op, caseId, 'case.read');
      const rows = await this.repository.flags(caseId);
      return {
        result: rows.map((r) => {
          const details = JSON.parse(r.details) as { mediaIds?: string[]; filenames?: string[]; missingStart?: boolean; missingEnd?: boolean };
          return {
            id: r.id,
            code: r.code as ImportFlagCode,
            createdAt: r.created_at,
            mediaIds: details.mediaIds ?? [],
            filenames: details.filenames ?? [],
            ...(details.missingStart !== undefined ? { missingStart: details.missingStart } : {}),
            ...(details.missingEnd !== undefined ? { missingEnd: details.missingEnd } : {}),
          };
        }),
        details: { flags: rows.length },
      };
    });
  }

  /**
   * Removes imports begun longer ago than the upload resume window (rows and bytes), and staged
   * directories no import owns (a crash between writing and committing) once untouched for the grace
   * period. Called by the leftover sweep.
   */
  async sweepAbandoned(): Promise<{ files: number; bytes: number }> {
    const counts = { files: 0, bytes: 0 };
    const nowMs = this.clock.now().getTime();
    for (const id of await this.repository.begunBefore(new Date(nowMs - this.config.media.uploadResumeMs).toISOString())) {
      Object.assign(counts, add(counts, await this.removeStaged(id)));
    }
    let names: string[] = [];
    try {
      names = await readdir(this.root);
    } catch {
      return counts;
    }
    const owned = await this.repository.existing(names.filter((n) => /^[0-9a-f-]{36}$/.test(n)));
    for (const name of names) {
      if (owned.has(name)) continue;
      const dir = path.join(this.root, name);
      const stat = await lstat(dir).catch(() => null);
      if (!stat || stat.mtimeMs > nowMs - this.config.media.sweepGraceMs) continue;
      Object.assign(counts, add(counts, await sizeOf(dir)));
      await rm(dir, { recursive: true, force: true });
    }
    return counts;
  }

  private async removeStaged(importId: string): Promise<{ files: number; bytes: number }> {
    const counts = await sizeOf(this.dirOf(importId));
    await this.repository.remove(undefined, importId);
    await rm(this.dirOf(importId), { recursive: true, force: true });
    return counts;
  }

  /** Reads the identity images the rules need (cached on the rows) and analyses the import. */
  private async analysed(row: ImportRow, caseRow: ImportCase): Promise<{ view: ImportView; analysis: Analysis & { patientIdentifier: string | null }; files: StagedFacts[]; forensic: boolean }> {
    const patient = caseRow.patient_id ? await this.patients.find(caseRow.patient_id) : undefined;
    const forensic = await this.isForensic(caseRow.form_version_id);
    const rows = await this.repository.files(row.id);
    const facts = rows.map(toFacts);
    const gapMs = this.config.media.importSessionGapMs;
    const pending = new Set(ocrCandidates(facts, gapMs, forensic).filter((id) => facts.find((f) => f.id === id)!.ocr === 'pending'));
    await Promise.all(
      facts
        .filter((f) => pending.has(f.id))
        .map(async (f) => {
          const read = await this.reader.read(path.join(this.dirOf(row.id), f.id), { today: this.clock.now() });
          const found = read.status === 'read' ? (read.identifiers.find((i) => i.normalized === patient?.identifier) ?? read.identifiers[0] ?? null) : null;
          f.ocr = read.status;
          f.identifier = found?.normalized ?? null;
          f.identifierType = found?.type ?? null;
          await this.repository.setOcr(f.id, read.status, found);
        }),
    );
    const patientIdentifier = patient?.identifier ?? null;
    const analysis = { ...analyse(facts, { gapMs, patientIdentifier, forensic }), patientIdentifier };
    const sizes = new Map(rows.map((r) => [r.id, Number(r.size_bytes)]));
    const view: ImportView = {
      id: row.id,
      caseId: row.case_id,
      createdAt: row.created_at,
      forensic,
      files: analysis.files.map((f) => ({
        id: f.id,
        filename: f.filename,
        kind: f.kind,
        sizeBytes: sizes.get(f.id) ?? 0,
        capturedAt: f.capturedAt,
        camera: [f.cameraMake, f.cameraModel].filter(Boolean).join(' ') || null,
        ocr: f.ocr,
        identifier: f.identifier
          ? { normalized: f.identifier, type: f.identifierType ?? '', formatted: formatIdentifier(f.identifier, f.identifierType ?? ''), samePatient: f.identifier === patientIdentifier }
          : null,
        session: f.session,
      })),
      sessions: analysis.sessions,
      problems: analysis.problems.map((p) =>
        p.code === 'other_patient' ? { ...p, identifiers: p.identifiers.map((i) => ({ ...i, formatted: formatIdentifier(i.normalized, i.type) })) } : p,
      ),
    };
    return { view, analysis, files: facts, forensic };
  }

  private async isForensic(formVersionId: string | null): Promise<boolean> {
    if (!formVersionId) return false;
    const version = await this.forms.versionById(formVersionId);
    const form = version ? await this.forms.find(version.form_id) : undefined;
    return form?.forensic === 1;
  }

  /**
   * One session's files through the media module's upload, in capture-time order: the staged bytes
   * are handed over as finished files (moved into quarantine, as a finished resumable upload is).
   * Returns which staged file became which media item.
   */
  private async uploadSession(ctx: RequestContext, importId: string, caseId: string, staged: StagedFacts[]): Promise<UploadResult & { mediaIds: [string, string][] }> {
    const dir = this.dirOf(importId);
    // A staged file that is gone (taken by a commit running at the same time, or staged on a node
    // whose data directory this one does not share) is refused by name rather than failing the rest.
    const gone: Refusal[] = [];
    const present: StagedFacts[] = [];
    for (const file of staged) {
      if (await lstat(path.join(dir, file.id)).then((s) => s.isFile(), () => false)) present.push(file);
      else gone.push({ filename: file.filename, code: 'staged_missing', message: 'Den inlästa filen finns inte längre. Läs in kortet igen.' });
    }
    async function* parts(): AsyncGenerator<UploadPart> {
      for (const file of present) yield { filename: file.filename, file: { path: path.join(dir, file.id) }, truncated: () => false };
    }
    let result: UploadResult = { items: [], refused: [] };
    try {
      if (present.length > 0) result = await this.media.upload(ctx, caseId, parts());
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'media_refused') throw error;
      result = { items: [], refused: (error.extra['refused'] as Refusal[] | undefined) ?? [] };
    }
    result = { items: result.items, refused: [...gone, ...result.refused] };
    staged = present;
    // Items and refusals come back in the order given; files of the same name are matched in that order.
    const queues = new Map<string, string[]>();
    for (const item of result.items) queues.set(item.filename, [...(queues.get(item.filename) ?? []), item.id]);
    const refusedLeft = new Map<string, number>();
    for (const r of result.refused) refusedLeft.set(r.filename, (refusedLeft.get(r.filename) ?? 0) + 1);
    const mediaIds: [string, string][] = [];
    for (const file of staged) {
      const queue = queues.get(file.filename) ?? [];
      const expected = staged.filter((f) => f.filename === file.filename).length;
      if (queue.length === 0) continue;
      if (queue.length < expected && (refusedLeft.get(file.filename) ?? 0) > 0) {
        // Some files of this name were refused: which ones is not known, so none of them is linked.
        continue;
      }
      mediaIds.push([file.id, queue.shift()!]);
    }
    return { ...result, mediaIds };
  }
}

function toFacts(row: ImportFileRow): StagedFacts {
  return {
    id: row.id,
    filename: row.filename,
    kind: row.kind as StagedFacts['kind'],
    capturedAt: row.captured_at,
    cameraMake: row.camera_make,
    cameraModel: row.camera_model,
    ocr: row.ocr,
    identifier: row.identifier,
    identifierType: row.identifier_type,
  };
}

function fileView(row: ImportFileRow, session: number, patientIdentifier: string | null): ImportFileView {
  return {
    id: row.id,
    filename: row.filename,
    kind: row.kind as MediaKind,
    sizeBytes: Number(row.size_bytes),
    capturedAt: row.captured_at,
    camera: [row.camera_make, row.camera_model].filter(Boolean).join(' ') || null,
    ocr: row.ocr,
    identifier: row.identifier
      ? { normalized: row.identifier, type: row.identifier_type ?? '', formatted: formatIdentifier(row.identifier, row.identifier_type ?? ''), samePatient: row.identifier === patientIdentifier }
      : null,
    session,
  };
}

/** Streams to a file, hashing the bytes on the way. */
async function writeHashed(source: NodeJS.ReadableStream, file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(source, tee, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  return { sha256: hash.digest('hex'), size };
}

async function sizeOf(dir: string): Promise<{ files: number; bytes: number }> {
  const counts = { files: 0, bytes: 0 };
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return counts;
  }
  for (const name of names) {
    const stat = await lstat(path.join(dir, name)).catch(() => null);
    if (stat?.isFile()) {
      counts.files += 1;
      counts.bytes += stat.size;
    }
  }
  return counts;
}

const add = (a: { files: number; bytes: number }, b: { files: number; bytes: number }) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes });
