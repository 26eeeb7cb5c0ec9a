import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Clock } from '../../clock.js';
import type { CopyReason } from '../../config/copy-reasons.js';
import { AppError } from '../../http/errors.js';
import { formatIdentifier } from '../identifiers/identifier-format.js';
import type { RequestContext } from '../rights/actor.js';
import type { AuditedOperations, Operation } from '../rights/audited.js';
import type { Right } from '../rights/rights.js';
import { cleanReason, normalizeReason } from '../rights/reason.js';
import type { CaseDetail } from '../cases/case-views.js';
import { printDocument } from './copy-document.js';
import { watermark, zipArchive, type ArchiveFile } from './copy-archive.js';
import type { CopiesRepository } from './copies-repository.js';

/** What copies need of the cases module: the case as it is shown, or just the right to it, inside this module's operation. */
export interface CopyCases {
  detailIn(op: Operation, id: string): Promise<CaseDetail>;
  authorizedIn(op: Operation, id: string, right: Right): Promise<unknown>;
}

/** The blob store, read only. */
export interface CopyBlobs {
  get(key: string): Promise<Readable>;
  stat(key: string): Promise<{ size: number } | null>;
}

export interface CopyRequest {
  reasonCode?: string | undefined;
  reasonText?: string | undefined;
  recipient?: string | undefined;
  /** Only these media of the case (all when absent). */
  mediaIds?: string[] | undefined;
}

export interface CopyView {
  id: string;
  kind: 'print' | 'export' | 'download';
  version: number;
  reasonCode: string;
  reason: string;
  reasonText: string | null;
  recipient: string | null;
  mediaIds: string[];
  watermark: boolean;
  madeBy: string;
  madeByName: string | null;
  madeAt: string;
}

interface Reason {
  code: string;
  label: string;
  text: string | null;
}

const IMAGE_MIMES = new Set(['image/jpeg', 'image/png', 'image/webp']);

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A file name safe inside a ZIP on any system. */
const safeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(-120) || 'fil';

/**
 * Copies of a case given out (M7): a print (PDF), an export (ZIP of the cleaned originals with a
 * manifest) or a kept original, each only with a reason from the configured list (400
 * reason_required without), recorded on the case in the same transaction as the audit event that
 * carries the reason, and listed on the case to those who may read it.
 */
export class CopiesService {
  constructor(
    private readonly repository: CopiesRepository,
    private readonly cases: CopyCases,
    private readonly blobs: CopyBlobs,
    private readonly audited: AuditedOperations,
    private readonly reasonList: CopyReason[],
    private readonly timeZone: string,
    private readonly clock: Clock,
  ) {}

  reasons(): CopyReason[] {
    return this.reasonList;
  }

  /** The reason as given, or 400 reason_required: a known code, and words of its own when the code asks for them. */
  reasonOf(input: { reasonCode?: string | undefined; reasonText?: string | undefined }): Reason {
    const reason = this.reasonList.find((r) => r.code === input.reasonCode);
    if (!reason) throw new AppError('reason_required', 'Välj en anledning till kopian.', { field: 'reasonCode' });
    const cleaned = input.reasonText === undefined ? '' : cleanReason(input.reasonText);
    // A reason that is only a heading ("Annat") needs words of its own, as every reason Kasus asks for.
    const text = reason.textRequired ? normalizeReason(input.reasonText ?? '', 'reasonText') : cleaned || null;
    return { code: reason.code, label: reason.label, text };
  }

  print(ctx: RequestContext, caseId: string, input: CopyRequest): Promise<{ pdf: Uint8Array; filename: string }> {
    return this.audited.write(ctx, 'case.print', { objectType: 'case', objectId: caseId }, async (op) => {
      const detail = await this.cases.detailIn(op, caseId);
      const reason = this.reasonOf(input);
      const media = this.chosen(detail, input.mediaIds);
      const facts = await this.facts(op, detail, reason);
      const previews = await this.repository.previews(media.filter((m) => m.kind === 'image').map((m) => m.id));
      const images: { caption: string; bytes: Buffer; mime: string }[] = [];
      for (const [i, m] of media.entries()) {
        const preview = previews.get(m.id);
        if (!preview) continue;
        images.push({ caption: `Bild ${i + 1}: ${m.caption ?? m.originalFilename}`, bytes: await bytesOf(await this.blobs.get(preview.key)), mime: preview.mime });
      }
      const pdf = await printDocument({
        title: `Ärende ${detail.form?.name ?? ''}`.trim(),
        facts: [
          { label: 'Patient', value: facts.patient },
          { label: 'Avdelning', value: facts.department },
          { label: 'Version', value: `${detail.version} (${detail.status === 'signed' ? 'signerad' : 'utkast'})` },
          { label: 'Signerad', value: detail.signedAt ? `${detail.signedByName ?? detail.signedBy ?? ''}, ${this.local(new Date(detail.signedAt))}` : 'Inte signerad' },
          { label: 'Mottagare', value: input.recipient?.trim() || '–' },
        ],
        values: this.valuesOf(detail),
        images,
        footer: [
          `Patient: ${facts.patient} · Avdelning: ${facts.department}`,
          `Utskriven av: ${facts.user} · ${facts.time}`,
          `Anledning: ${facts.reason}`,
        ],
      });
      await this.record(op, detail, 'print', reason, input.recipient, media.map((m) => m.id), false);
      return { pdf, filename: `arende-${detail.id.slice(0, 8)}-v${detail.version}.pdf` };
    });
  }

  export(ctx: RequestContext, caseId: string, input: CopyRequest & { watermark?: boolean | undefined }): Promise<{ stream: Readable; filename: string }> {
    return this.audited.write(ctx, 'case.export', { objectType: 'case', objectId: caseId }, async (op) => {
      const detail = await this.cases.detailIn(op, caseId);
      const reason = this.reasonOf(input);
      const media = this.chosen(detail, input.mediaIds).filter((m) => m.status === 'ready' && m.sha256);
      const facts = await this.facts(op, detail, reason);
      const lines = [`${facts.patient} · ${facts.user} · ${facts.time}`, `Anledning: ${facts.reason}`];
      const files: ArchiveFile[] = [];
      const listed = [];
      for (const [i, m] of media.entries()) {
        const name = `${String(i + 1).padStart(2, '0')}-${safeName(m.originalFilename)}`;
        const marked = input.watermark === true && m.kind === 'image' && IMAGE_MIMES.has(m.mime ?? '');
        if (marked) files.push({ name, bytes: await watermark(await bytesOf(await this.blobs.get(m.sha256!)), lines) });
        else files.push({ name, stream: await this.blobs.get(m.sha256!) });
        listed.push({ name, mediaId: m.id, kind: m.kind, mime: m.mime, sha256OfOriginal: m.sha256, sizeBytes: m.sizeBytes, capturedAt: m.capturedAt, caption: m.caption, watermarked: marked });
      }
      const manifest = {
        kind: 'kasus.case-export',
        case: { id: detail.id, version: detail.version, status: detail.status, signedByName: detail.signedByName, signedAt: detail.signedAt, form: detail.form?.name ?? null },
        patient: facts.patient,
        department: facts.department,
        madeBy: facts.user,
        madeAt: this.clock.now().toISOString(),
        madeAtLocal: facts.time,
        reason: { code: reason.code, label: reason.label, text: reason.text },
        recipient: input.recipient?.trim() || null,
        watermark: input.watermark === true,
        values: this.valuesOf(detail),
        files: listed,
      };
      const copy = await this.record(op, detail, 'export', reason, input.recipient, media.map((m) => m.id), input.watermark === true);
      return { stream: zipArchive(files, { ...manifest, copyId: copy }), filename: `arende-${detail.id.slice(0, 8)}-v${detail.version}.zip` };
    });
  }

  /**
   * An original downloaded to keep (GET /api/media/{id}/original?download=1): a copy like a print,
   * so it asks for a reason (400 reason_required), is recorded on the case and its one event
   * (media.download) carries the reason. Viewing the original in the page stays as it was.
   */
  downloadOriginal(ctx: RequestContext, mediaId: string, input: CopyRequest): Promise<{ key: string; mime: string; size: number; filename: string }> {
    return this.audited.write(ctx, 'media.download', { objectType: 'media', objectId: mediaId }, async (op) => {
      const caseId = await this.repository.caseOfMedia(mediaId);
      if (!caseId) return op.missing('media', mediaId);
      // A file of a case the caller may not read is as missing as the case.
      const detail = await this.cases.detailIn(op, caseId);
      const media = detail.media.find((m) => m.id === mediaId);
      if (!media) return op.missing('media', mediaId);
      const reason = this.reasonOf(input);
      if (media.status !== 'ready' || !media.sha256 || !media.mime) throw new AppError('not_ready');
      const stat = await this.blobs.stat(media.sha256);
      if (!stat) throw new AppError('not_found', 'Filen saknas i lagringen.');
      await this.record(op, detail, 'download', reason, input.recipient, [mediaId], false);
      return { key: media.sha256, mime: media.mime, size: stat.size, filename: media.originalFilename };
    });
  }

  list(ctx: RequestContext, caseId: string): Promise<CopyView[]> {
    return this.audited.read(ctx, 'case.copies.read', { objectType: 'case', objectId: caseId }, async (op) => {
      await this.cases.authorizedIn(op, caseId, 'case.read');
      const rows = await this.repository.list(caseId);
      const label = (code: string) => this.reasonList.find((r) => r.code === code)?.label ?? code;
      return {
        result: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          version: r.version,
          reasonCode: r.reason_code,
          reason: label(r.reason_code),
          reasonText: r.reason_text,
          recipient: r.recipient,
          mediaIds: JSON.parse(r.media) as string[],
          watermark: r.watermark === 1,
          madeBy: r.made_by,
          madeByName: r.made_by_name,
          madeAt: r.made_at,
        })),
        details: { count: rows.length },
      };
    });
  }

  private chosen(detail: CaseDetail, ids: string[] | undefined) {
    if (!ids) return detail.media;
    const byId = new Map(detail.media.map((m) => [m.id, m]));
    const unknown = ids.find((id) => !byId.has(id));
    if (unknown) throw new AppError('validation_failed', 'En vald fil finns inte i ärendet.', { field: 'mediaIds' });
    return [...new Set(ids)].map((id) => byId.get(id)!);
  }

  private async facts(op: Operation, detail: CaseDetail, reason: Reason) {
    const patient = detail.patient ? formatIdentifier(detail.patient.identifier, detail.patient.type) : 'Ingen patient';
    const department = (await this.repository.departmentName(detail.departmentId)) ?? detail.departmentId;
    const actor = op.authenticated();
    return {
      patient,
      department,
      user: `${actor.displayName} (${actor.username})`,
      time: this.local(this.clock.now()),
      reason: reason.text ? `${reason.label} – ${reason.text}` : reason.label,
    };
  }

  /** A time as the hospital reads it, with its zone named. */
  private local(at: Date): string {
    const text = new Intl.DateTimeFormat('sv-SE', { timeZone: this.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
    return `${text} (${this.timeZone})`;
  }

  private valuesOf(detail: CaseDetail): { label: string; value: string }[] {
    if (!detail.form) return [];
    return detail.form.fields.map((field) => {
      const raw = detail.values[field.key];
      const option = (code: string) => field.options?.find((o) => o.code === code)?.label.sv ?? code;
      const value =
        raw === undefined || raw === '' ? '' : typeof raw === 'boolean' ? (raw ? 'Ja' : 'Nej') : Array.isArray(raw) ? raw.map(option).join(', ') : field.options ? option(String(raw)) : String(raw);
      return { label: field.label.sv, value };
    });
  }

  private async record(op: Operation, detail: CaseDetail, kind: 'print' | 'export' | 'download', reason: Reason, recipient: string | undefined, mediaIds: string[], marked: boolean): Promise<string> {
    const id = randomUUID();
    const to = recipient?.trim() || null;
    await op.commit(
      (tx) =>
        this.repository.insert(tx, {
          id,
          case_id: detail.id,
          kind,
          version: detail.version,
          reason_code: reason.code,
          reason_text: reason.text,
          recipient: to,
          media: JSON.stringify(mediaIds),
          watermark: marked ? 1 : 0,
          made_by: op.authenticated().userId,
          made_at: this.clock.now().toISOString(),
        }),
      { copyId: id, kind, version: detail.version, reason: reason.label, reasonCode: reason.code, reasonText: reason.text, recipient: to, mediaIds, watermark: marked },
    );
    return id;
  }
}
