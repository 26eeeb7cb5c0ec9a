// Resumable uploads of large files over the tus protocol (POST /api/uploads, then PATCH per chunk).
// tus-js-client retries by itself after a dropped connection and continues from the offset the
// server reports; it remembers each upload in localStorage, so that the same file chosen again
// (after giving up, or after a reload of the page) continues where it stopped.
import { Upload, defaultOptions } from 'tus-js-client';
import type { DetailedError, HttpResponse, PreviousUpload } from 'tus-js-client';
import { ApiError, errorFromResponse, getCsrfToken } from './api';
import type { Id } from './types';

export const RESUMABLE_ENDPOINT = '/api/uploads';
/** Files of this size or more go over tus; smaller ones in one multipart request. */
export const RESUMABLE_MIN_BYTES = 20 * 1000 * 1000;
/** The bytes of one PATCH request. */
export const RESUMABLE_CHUNK_BYTES = 8 * 1024 * 1024;
/** Waits before each automatic retry; after the last one the upload is given up (until asked again). */
export const RESUMABLE_RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000];

export const isResumable = (file: File) => file.size >= RESUMABLE_MIN_BYTES;

export interface ResumableCallbacks {
  /** Bytes the server has or that are on their way, of the whole file. */
  onProgress?(sent: number, total: number): void;
  /** The connection broke; tus-js-client will try again by itself. */
  onReconnecting?(): void;
  /** The server answered again after a broken connection. */
  onReconnected?(): void;
  /** The crop or trim of the file (JSON, Upload-Metadata `edit`), made by the server while cleaning it. */
  edit?: string;
  /** The file is ultrasound (Upload-Metadata `ultrasound: true`; accepted only from an EHR-launched session). */
  ultrasound?: boolean;
}

export interface ResumableResult {
  /** The media's id from `Kasus-Media-Id`; null when the answer did not carry it. */
  mediaId: string | null;
  status: string | null;
}

export interface ResumableHandle {
  /**
   * Resolves when the server has taken the file; rejects with ApiError: the server's error (e.g.
   * `media_refused` with `refused`, `case_locked`), or `network_error` (status 0) once the
   * automatic retries are used up — start the upload again to continue where it stopped — or
   * `aborted` after abort().
   */
  promise: Promise<ResumableResult>;
  abort(): void;
}

/** The Kasus error code in a JSON answer, if the answer is one of Kasus's own errors. */
function kasusCode(body: string): string | null {
  try {
    const data: unknown = JSON.parse(body);
    if (data && typeof data === 'object' && typeof (data as { code?: unknown }).code === 'string') {
      return (data as { code: string }).code;
    }
  } catch {
    // not JSON: an answer of tus itself (e.g. 409 offset conflict) or of a proxy
  }
  return null;
}

/** Kasus's codes for the tus answers that a retry resolves (HEAD, then PATCH from the offset it reports). */
const RETRYABLE_CODES = new Set(['upload_offset_mismatch', 'upload_busy']);

/**
 * Whether a failed request is worth repeating: a broken connection, a server that is briefly away
 * or busy, or a tus offset conflict (409 `upload_offset_mismatch`, 423 `upload_busy`, answered by
 * HEAD and a new PATCH). Kasus's other answers (refusal, locked case, lost session, …) are final.
 */
export function isRetryable(status: number, body: string): boolean {
  if (status === 0) return true;
  const code = kasusCode(body);
  if (code !== null) return RETRYABLE_CODES.has(code);
  return status >= 500 || status === 409 || status === 423;
}

/** Kasus's error codes for the statuses tus itself answers with (no JSON body). */
const TUS_STATUS_CODES: Record<number, string> = {
  401: 'not_authenticated',
  403: 'forbidden',
  404: 'not_found',
  410: 'not_found',
  413: 'payload_too_large',
};

function fingerprintFor(userId: Id, caseId: Id, file: File, edit = ''): string {
  // The edit too: the same file cut otherwise is another upload, never continued as this one.
  return ['kasus', String(userId), String(caseId), file.name, file.type, file.size, file.lastModified, RESUMABLE_ENDPOINT, edit].join('/');
}

function resultOf(response: HttpResponse): ResumableResult {
  return {
    mediaId: response.getHeader('Kasus-Media-Id') || null,
    status: response.getHeader('Kasus-Media-Status') || null,
  };
}

/**
 * Uploads one file to the case over tus. When an earlier upload of the same file to the same case
 * by the same user is remembered, it continues from where the server has it.
 */
export function uploadResumable(userId: Id, caseId: Id, file: File, callbacks: ResumableCallbacks = {}): ResumableHandle {
  return startUpload(
    file,
    {
      metadata: { caseId: String(caseId), filename: file.name, ...(callbacks.edit ? { edit: callbacks.edit } : {}), ...(callbacks.ultrasound ? { ultrasound: 'true' } : {}) },
      fingerprint: fingerprintFor(userId, caseId, file, callbacks.edit) + (callbacks.ultrasound ? '/ultrasound' : ''),
      continues: (p) =>
        p.metadata.caseId === String(caseId) && (p.metadata.edit ?? '') === (callbacks.edit ?? '') && (p.metadata.ultrasound === 'true') === Boolean(callbacks.ultrasound),
    },
    callbacks,
  );
}

/** An item of an offline capture (issue 16): its idempotency key and the SHA-256 of the captured bytes. */
export interface CaptureUploadItem {
  captureId: string;
  key: string;
  sha256: string;
  filename: string;
  capturedAt: string;
}

/**
 * Uploads one captured item over tus, with the capture's Upload-Metadata instead of a case. The item's
 * key is its fingerprint, so after a reload (or a given-up try) the upload continues where it stopped.
 */
export function uploadCaptureItem(item: CaptureUploadItem, file: File, callbacks: ResumableCallbacks = {}): ResumableHandle {
  return startUpload(
    file,
    {
      metadata: { captureId: item.captureId, itemKey: item.key, sha256: item.sha256, filename: item.filename, capturedAt: item.capturedAt },
      fingerprint: ['kasus-capture', item.key, RESUMABLE_ENDPOINT].join('/'),
      continues: (p) => p.metadata.itemKey === item.key,
    },
    callbacks,
  );
}

interface UploadTarget {
  metadata: Record<string, string>;
  fingerprint: string;
  /** Whether a remembered upload is this one's to continue. */
  continues(previous: PreviousUpload): boolean;
}

function startUpload(file: File, target: UploadTarget, callbacks: ResumableCallbacks): ResumableHandle {
  let upload: Upload | null = null;
  let aborted = false;
  let reconnecting = false;
  let rejectPromise: (err: ApiError) => void = () => undefined;

  const promise = new Promise<ResumableResult>((resolve, reject) => {
    rejectPromise = reject;
    const fail = (err: Error | DetailedError) => {
      const response = 'originalResponse' in err ? err.originalResponse : null;
      const status = response?.getStatus() ?? 0;
      if (status === 0) {
        reject(new ApiError(0, 'network_error', err.message));
        return;
      }
      // A final answer: the stored upload will not be continued.
      void forget(upload?.url ?? null);
      const body = response?.getBody() ?? '';
      const error = errorFromResponse(status, '', body, RESUMABLE_ENDPOINT);
      // tus's own answers are plain English text: give them the code of Kasus's equivalent error.
      const code = kasusCode(body) === null ? TUS_STATUS_CODES[status] : undefined;
      reject(code ? new ApiError(status, code, error.message) : error);
    };

    upload = new Upload(file, {
      // tus-js-client resolves the upload's Location against the endpoint, which must be absolute.
      endpoint: new URL(RESUMABLE_ENDPOINT, window.location.href).toString(),
      metadata: target.metadata,
      // Sent with every request of the upload (XHR adds a second value rather than replacing one,
      // so it is set here only). "Try again" makes a new Upload, with the token of that moment.
      headers: getCsrfToken() ? { 'X-CSRF-Token': getCsrfToken()! } : {},
      chunkSize: RESUMABLE_CHUNK_BYTES,
      retryDelays: RESUMABLE_RETRY_DELAYS,
      removeFingerprintOnSuccess: true,
      fingerprint: () => Promise.resolve(target.fingerprint),
      onAfterResponse: (_req, res) => {
        if (reconnecting && res.getStatus() !== 0) {
          reconnecting = false;
          callbacks.onReconnected?.();
        }
      },
      onShouldRetry: (err) => {
        const response = err.originalResponse;
        const retry = isRetryable(response?.getStatus() ?? 0, response?.getBody() ?? '');
        if (retry && !aborted) {
          reconnecting = true;
          callbacks.onReconnecting?.();
        }
        return retry;
      },
      onProgress: (sent, total) => callbacks.onProgress?.(sent, total),
      onSuccess: ({ lastResponse }) => resolve(resultOf(lastResponse)),
      onError: fail,
    });

    const started = upload;
    started
      .findPreviousUploads()
      .then((previous) => {
        const same = previous
          .filter((p) => target.continues(p) && p.uploadUrl)
          .sort((a, b) => b.creationTime.localeCompare(a.creationTime));
        if (same[0]) started.resumeFromPreviousUpload(same[0]);
      })
      .catch(() => undefined)
      .then(() => {
        if (!aborted) started.start();
      });
  });

  return {
    promise,
    abort() {
      aborted = true;
      // tus-js-client reports nothing after an abort; the upload stays remembered for resuming.
      void upload?.abort();
      rejectPromise(new ApiError(0, 'aborted', 'Aborted'));
    },
  };
}

/** Removes remembered uploads at `url` (one that the server has finished with for good). */
async function forget(url: string | null): Promise<void> {
  if (!url) return;
  try {
    const all: PreviousUpload[] = await defaultOptions.urlStorage.findAllUploads();
    await Promise.all(
      all.filter((p) => p.uploadUrl === url).map((p) => defaultOptions.urlStorage.removeUpload(p.urlStorageKey)),
    );
  } catch {
    // localStorage may be unavailable; nothing to forget then.
  }
}
