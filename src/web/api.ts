// Small fetch wrapper for the Kasus JSON API.
// - sends cookies (same-origin) and the CSRF token on state-changing requests
// - throws ApiError with the server's { code, message } and the HTTP status

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra fields from the error body, e.g. `rule` for invalid_identifier. */
  readonly body: Record<string, unknown>;

  constructor(status: number, code: string, message: string, body: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/** The request field an API error names (its `field`, e.g. "fields.2.options"), or null. */
export function errorField(err: unknown): string | null {
  return err instanceof ApiError && typeof err.body.field === 'string' ? err.body.field : null;
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token of the current session, for requests not made through api() (e.g. uploads). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called when a request (other than the session endpoints) answers 401. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err));
  }

  return parseResponse<T>(res.status, res.statusText, await res.text(), path);
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The ApiError for an answer that is not 2xx: the server's { code, message } when the body is
 * JSON, else its text. Reports a lost session (401) like api() does.
 */
export function errorFromResponse(status: number, statusText: string, text: string, path: string): ApiError {
  const data = parseBody(text);
  const obj = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const code = typeof obj.code === 'string' ? obj.code : `http_${status}`;
  const message =
    typeof obj.message === 'string' ? obj.message : typeof data === 'string' ? data.trim() : statusText;
  if (status === 401 && !path.startsWith('/api/session') && onUnauthenticated) {
    onUnauthenticated();
  }
  return new ApiError(status, code, message, obj);
}

/** Parses a JSON answer; throws ApiError (and reports a lost session) when the status is not 2xx. */
function parseResponse<T>(status: number, statusText: string, text: string, path: string): T {
  if (status < 200 || status > 299) throw errorFromResponse(status, statusText, text, path);
  return parseBody(text) as T;
}

export interface UploadHandle<T> {
  /** Resolves with the parsed answer; rejects with ApiError (code `aborted` after abort()). */
  promise: Promise<T>;
  abort(): void;
}

export interface UploadOptions {
  /** The multipart part name; `file` unless told. */
  field?: string;
  /** Bytes of the request body sent so far. */
  onProgress?(loaded: number, total: number): void;
  /** The whole body has been sent; the server is now working on it. */
  onSent?(): void;
}

/**
 * POSTs one file as multipart/form-data. Uses XMLHttpRequest rather than fetch because only XHR
 * reports upload progress. Sends the session cookie and the CSRF token like api().
 */
export function uploadFile<T>(path: string, file: File, options: UploadOptions = {}): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      options.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    };
    xhr.upload.onload = () => options.onSent?.();
    xhr.onload = () => {
      try {
        resolve(parseResponse<T>(xhr.status, xhr.statusText, xhr.responseText, path));
      } catch (err) {
        reject(err);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Network error'));
    xhr.ontimeout = () => reject(new ApiError(0, 'network_error', 'Timeout'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'Aborted'));
    const form = new FormData();
    form.append(options.field ?? 'file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T = void>(path: string) => api<T>('DELETE', path);

/** Builds a query string from the non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
