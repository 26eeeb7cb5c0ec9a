import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, type ErrorCode } from './errors.js';
import { FHIR_JSON, isFhirPath, operationOutcome } from '../modules/fhir/operation-outcome.js';

/**
 * Requests too malformed to reach a route still get Kasus's `{ code, message }` with a 4xx status:
 * - `frameworkErrors`: what Fastify's router refuses before any hook or route runs (percent-encoding
 *   that does not decode, a path parameter over `maxParamLength`).
 * - `clientErrorHandler`: what node's HTTP parser refuses before Fastify sees a request at all (a URL
 *   or headers over node's header limit, a broken request line, Transfer-Encoding together with
 *   Content-Length, a bad chunk, a request that took too long). Fastify and node would answer these
 *   with their own JSON shapes or no body.
 */

const JSON_TYPE = 'application/json; charset=utf-8';

function bodyOf(code: ErrorCode, message: string = ERRORS[code].message): string {
  return JSON.stringify({ code, message });
}

/** The Fastify server option `frameworkErrors`. */
export function frameworkErrors(error: { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const code: ErrorCode = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'url_too_long' : 'invalid_url';
  const message =
    code === 'url_too_long'
      ? 'Adressen är för lång: en del av den (t.ex. ett id) är längre än Kasus tar emot.'
      : 'Adressen är inte giltig: den innehåller procentkodning (%) som inte går att avkoda. Kontrollera länken.';
  // Under the FHIR API (issue 15, I2) the refusal is an OperationOutcome, as every error there.
  const fhir = isFhirPath(request.raw.url ?? '');
  void reply
    .status(ERRORS[code].status)
    .header('content-type', fhir ? FHIR_JSON : JSON_TYPE)
    .header('x-content-type-options', 'nosniff')
    .send(fhir ? JSON.stringify(operationOutcome(ERRORS[code].status, code, message)) : bodyOf(code, message));
}

/** The node error codes of a request that took too long to arrive. */
const TIMEOUTS = new Set(['ERR_HTTP_REQUEST_TIMEOUT', 'ERR_HTTP_HEADERS_TIMEOUT']);

/** The code Kasus answers a refusal of node's HTTP parser with. */
export function clientErrorCode(nodeCode: string | undefined): ErrorCode {
  if (nodeCode === 'HPE_HEADER_OVERFLOW') return 'headers_too_large';
  if (nodeCode && TIMEOUTS.has(nodeCode)) return 'request_timeout';
  return 'invalid_request';
}

/** The Fastify server option `clientErrorHandler` (node's `clientError` event). */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code = clientErrorCode(error.code);
  const status = ERRORS[code].status;
  const body = bodyOf(code);
  this.log.debug({ err: error }, 'malformed request refused');
  // When a response on this socket has begun, nothing more can be said on it: only close it.
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !current?.headersSent) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: ${JSON_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

/**
 * Request bodies are taken as sent, never decompressed: a body with a Content-Encoding other than
 * `identity` (gzip, deflate, br) is refused with 415 before it is read, instead of being parsed (or,
 * for a resumable upload, stored) as the compressed bytes it is.
 */
export function registerContentEncodingCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined) return;
    const codings = String(encoding)
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c !== '' && c !== 'identity');
    if (codings.length > 0) {
      throw new AppError('unsupported_media_type', 'Kasus tar inte emot komprimerade begäranden (Content-Encoding). Skicka innehållet okomprimerat.', {
        field: 'content-encoding',
      });
    }
  });
}

/**
 * The methods Kasus serves on a path, from the routes as they are registered: a known path asked with
 * another method answers 405 `method_not_allowed` with `Allow` instead of "not found". Decided from the
 * route patterns alone (`/api/cases/:id`), so it says nothing about whether a record exists.
 */
export function trackRouteMethods(app: FastifyInstance): (pathname: string) => string[] {
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    const source = route.url
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ pattern: new RegExp(`^${source}/?$`), methods: new Set(methods.map((m) => m.toUpperCase())) });
  });
  return (pathname) => {
    const allowed = new Set<string>();
    for (const route of routes) if (route.pattern.test(pathname)) for (const method of route.methods) allowed.add(method);
    return [...allowed].sort();
  };
}
