import { randomUUID } from 'node:crypto';
import type { PacsTarget } from '../../config/pacs.js';

/** Why a send failed, as the case shows it; the detail is technical text for the log and the tooltip. */
export type SendFailureCode = 'unreachable' | 'timeout' | 'http_status' | 'instance_refused' | 'media_unreadable' | 'too_large' | 'internal';

export class StowError extends Error {
  constructor(
    readonly code: SendFailureCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'StowError';
  }
}

type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

const TAG = {
  failureReason: '00081197',
  failedSopSequence: '00081198',
  referencedSopSequence: '00081199',
  referencedSopInstanceUid: '00081155',
  warningReason: '00081196',
} as const;

const itemsOf = (json: DicomJson | undefined, tag: string) => (json?.[tag]?.Value ?? []) as DicomJson[];
const uidOf = (item: DicomJson) => String(item[TAG.referencedSopInstanceUid]?.Value?.[0] ?? '');

/**
 * DICOMweb STOW-RS (PS3.18 10.5): one instance per request, as multipart/related with
 * type="application/dicom", answered by the Store Instances Response Module in DICOM JSON. The
 * instance counts as stored when the PACS lists its SOP Instance UID among the referenced ones
 * (a resend of the same instance is stored again or kept; it does not duplicate).
 */
export async function stowInstance(target: PacsTarget, file: Buffer, sopInstanceUid: string, signal?: AbortSignal): Promise<void> {
  const boundary = `kasus-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const headers: Record<string, string> = {
    'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
    accept: 'application/dicom+json',
  };
  if (target.username !== undefined) headers['authorization'] = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
  const timeout = AbortSignal.timeout(target.timeoutMs);
  let response: Response;
  try {
    response = await fetch(`${target.url}/studies`, { method: 'POST', headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.aborted) throw new StowError('timeout', `no answer within ${Math.round(target.timeoutMs / 1000)} s`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new StowError('unreachable', cause?.code ?? cause?.message ?? (error as Error).message);
  }
  const text = await response.text().catch(() => '');
  let json: DicomJson | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    json = (Array.isArray(parsed) ? parsed[0] : parsed) as DicomJson;
  } catch {
    json = undefined;
  }
  const failed = itemsOf(json, TAG.failedSopSequence).find((item) => uidOf(item) === sopInstanceUid);
  if (failed) {
    const reason = failed[TAG.failureReason]?.Value?.[0];
    throw new StowError('instance_refused', `HTTP ${response.status}, failure reason ${reason === undefined ? 'not given' : `0x${Number(reason).toString(16).toUpperCase()}`}`);
  }
  if (response.status !== 200 && response.status !== 202) {
    throw new StowError('http_status', `HTTP ${response.status}${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`);
  }
  if (!itemsOf(json, TAG.referencedSopSequence).some((item) => uidOf(item) === sopInstanceUid)) {
    throw new StowError('instance_refused', `HTTP ${response.status}, the instance is not among those the PACS stored`);
  }
}
