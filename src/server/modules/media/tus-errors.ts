import { Server as TusServer } from '@tus/server';
import { ERRORS, type ErrorCode } from '../../http/errors.js';

/**
 * Every error the resumable-upload endpoints answer is Kasus's `{ code, message }` JSON. @tus/server
 * writes its own errors as plain English text (and a few with a 5xx status for what is a client's
 * mistake); they all pass through `Server.write`, which is where this translates them. The tus
 * protocol headers (Tus-Resumable, Upload-Offset, …) are kept as tus set them, and the statuses
 * tus clients act on (404/410: start again, 409/423: ask HEAD and retry, 412: wrong version) are kept.
 * The two a client should retry have codes of their own: `upload_offset_mismatch` and `upload_busy`.
 */

interface Translated {
  code: ErrorCode;
  message?: string;
}

/** tus's error texts (@tus/utils ERRORS and Server.handler), matched by their beginning. */
const KNOWN: { starts: string; to: Translated }[] = [
  { starts: 'Tus-Resumable Required', to: { code: 'upload_version_unsupported' } },
  { starts: 'Upload-Length or Upload-Defer-Length', to: { code: 'validation_failed', message: 'Upload-Length saknas eller är fel: ange filens storlek i byte när uppladdningen skapas.' } },
  { starts: 'Upload-Metadata is invalid', to: { code: 'validation_failed', message: 'Upload-Metadata är inte giltig: ange kommaseparerade par av nyckel och base64-kodat värde, varje nyckel en gång.' } },
  { starts: 'Upload-Offset header required', to: { code: 'validation_failed', message: 'Upload-Offset saknas: ange hur många byte som redan har skickats.' } },
  { starts: 'Content-Type header required', to: { code: 'validation_failed', message: 'Content-Type ska vara application/offset+octet-stream.' } },
  { starts: 'Cannot terminate an already completed upload', to: { code: 'conflict', message: 'Uppladdningen är redan klar och kan inte avbrytas.' } },
  { starts: 'Request aborted due to lock acquired', to: { code: 'upload_busy' } },
  { starts: 'failed to acquire lock', to: { code: 'upload_busy' } },
  { starts: 'Upload-Offset conflict', to: { code: 'upload_offset_mismatch' } },
  { starts: "upload's size exceeded", to: { code: 'payload_too_large', message: 'Mer data skickades än uppladdningens angivna storlek.' } },
  { starts: 'Maximum size exceeded', to: { code: 'payload_too_large', message: 'Filen är större än Kasus tar emot.' } },
];

const BY_STATUS: Record<number, Translated> = {
  400: { code: 'validation_failed', message: 'Begäran följer inte protokollet för återupptagbar uppladdning (tus 1.0.0).' },
  403: { code: 'validation_failed', message: 'Begäran följer inte protokollet för återupptagbar uppladdning (tus 1.0.0).' },
  404: { code: 'not_found', message: 'Uppladdningen finns inte.' },
  409: { code: 'upload_offset_mismatch' },
  410: { code: 'upload_gone' },
  412: { code: 'upload_version_unsupported' },
  413: { code: 'payload_too_large', message: 'Filen är större än Kasus tar emot.' },
  // Parallel uploads (concatenation), deferred length and expiry listing: what the client asked for is not offered.
  501: { code: 'validation_failed', message: 'Kasus stöder inte den delen av tus-protokollet (parallella delar eller uppskjuten längd). Skicka filen som en enda uppladdning.' },
};

/** A tus error status and text as Kasus's error: its status (from the error table) and JSON body. */
export function translateTusError(status: number, body: string): { status: number; body: string } {
  // Already Kasus's own (an ingest refusal thrown from onUploadFinish).
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && 'code' in parsed && 'message' in parsed) return { status, body };
  } catch {
    // tus's plain text
  }
  const text = body.trim();
  let translated: Translated | undefined = KNOWN.find((k) => text.startsWith(k.starts))?.to;
  if (!translated && text.startsWith('Invalid ')) {
    const names = text.slice('Invalid '.length).split(' ').filter(Boolean);
    // Another protocol version is answered as the protocol says: 412 with the versions Kasus speaks.
    translated = names.some((name) => name.toLowerCase() === 'tus-resumable')
      ? { code: 'upload_version_unsupported' }
      : { code: 'validation_failed', message: `Rubriken ${names.join(', ')} är inte giltig enligt protokollet för återupptagbar uppladdning (tus 1.0.0).` };
  }
  translated ??= BY_STATUS[status] ?? { code: 'internal_error' };
  const code = translated.code;
  return { status: ERRORS[code].status, body: JSON.stringify({ code, message: translated.message ?? ERRORS[code].message }) };
}

/** @tus/server whose error answers are Kasus's `{ code, message }` JSON (see translateTusError). */
export class KasusTusServer extends TusServer {
  override write(...[context, headers, status, body = '']: Parameters<TusServer['write']>): ReturnType<TusServer['write']> {
    if (status < 400) return super.write(context, headers, status, body);
    const translated = translateTusError(status, body);
    if (translated.status === 412) headers.set('Tus-Version', '1.0.0');
    headers.set('Content-Type', 'application/json; charset=utf-8');
    headers.set('X-Content-Type-Options', 'nosniff');
    return super.write(context, headers, translated.status, translated.body);
  }
}
