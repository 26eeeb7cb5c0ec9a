import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { describeTextProblem, findTextProblem, type TextRules } from './text.js';

/**
 * The edge of Kasus for text: every string a request carries is checked here, before any handler,
 * service or database sees it, and refused with 400 `invalid_text` naming the field when it is not
 * well-formed Unicode (a lone surrogate, or percent-encoding that is not UTF-8), holds NUL, or holds
 * control characters.
 *
 * What is checked, and where:
 * - onRequest (before authentication reads any header or cookie): every path segment and every
 *   query-string key and value, decoded strictly from the raw URL (so `%00` and `%ED%A0%80` are
 *   caught whatever the router or the querystring parser would make of them); the header values
 *   Kasus reads (authorization, x-csrf-token, the tus headers, last-event-id, host and the forwarded
 *   headers that become the client address in the audit log), Kasus's own cookies
 *   after decoding, and the decoded values of tus's Upload-Metadata.
 * - preValidation (after the body is parsed, before the schema and the handler): every string of a
 *   JSON body, recursively, object keys included. This covers `POST /api/session` before login, so
 *   a username holding a lone surrogate never reaches the login rules or the audit log.
 *
 * Line breaks: tab, line feed and carriage return are allowed only inside JSON string values, since
 * that is where multi-line free text lives (case form fields, incident descriptions, routine steps,
 * notice texts, reasons). They are refused in object keys, in JSON values of identifier-like fields
 * (ids, usernames, identifiers, e-mail addresses), in path parameters, query strings and headers:
 * there they are never meaningful and only serve to smuggle something past a log or a comparison.
 */

/** JSON fields whose values are single-line by nature: ids, usernames, identifiers, e-mail. */
const SINGLE_LINE_FIELD = /^(id|ids|.*Id|.*Ids|username|identifier|email|token|csrfToken)$/;
const SINGLE_LINE: TextRules = { allowLineBreaks: false };
const MULTI_LINE: TextRules = { allowLineBreaks: true };

/** The header values Kasus reads itself (cookies are checked after decoding, below). */
const CHECKED_HEADERS = [
  'authorization',
  'x-csrf-token',
  'last-event-id',
  'tus-resumable',
  'upload-length',
  'upload-offset',
  'upload-defer-length',
  'upload-concat',
  'upload-metadata',
  'x-http-method-override',
  // The client address behind a trusted proxy becomes request.ip, which the audit log stores.
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'forwarded',
  'host',
] as const;

/** Kasus's cookies start with this; other applications' cookies on the same host are not ours to judge. */
const OWN_COOKIE_PREFIX = 'kasus';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Throws 400 `invalid_text` naming `field` when `value` is not acceptable text. Reusable by any part of Kasus (multipart file names, CLI input). */
export function assertText(field: string, value: string, rules: TextRules = SINGLE_LINE): void {
  const problem = findTextProblem(value, rules);
  if (problem) throw new AppError('invalid_text', describeTextProblem(field, problem), { field });
}

/** The problem with `value`, or null: for callers that want to decide themselves what to do. */
export function textProblemOf(value: string, rules: TextRules = SINGLE_LINE) {
  return findTextProblem(value, rules);
}

function invalidEncoding(field: string): AppError {
  return new AppError('invalid_text', describeTextProblem(field, 'lone_surrogate'), { field });
}

/** decodeURIComponent, but naming the field when the percent-encoding is not UTF-8. */
function decodeComponent(field: string, raw: string, plusIsSpace: boolean): string {
  // A `%` that starts no escape (`100%`) is kept as it is, as the querystring parser keeps it; only
  // escapes whose bytes are not UTF-8 (`%ED%A0%80`, `%FF`) are refused.
  const text = (plusIsSpace ? raw.replace(/\+/g, ' ') : raw).replace(/%(?![0-9A-Fa-f]{2})/g, '%25');
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidEncoding(field);
  }
}

/** Checks a raw request target (`/api/cases/abc?x=1`); `routeUrl` is the route pattern, used to name path parameters. */
export function assertUrlText(rawUrl: string, routeUrl: string | undefined): void {
  const queryStart = rawUrl.indexOf('?');
  const pathPart = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const queryPart = queryStart === -1 ? '' : rawUrl.slice(queryStart + 1);

  const segments = pathPart.split('/');
  const patternSegments = routeUrl?.split('/') ?? [];
  segments.forEach((segment, index) => {
    if (segment === '') return;
    const pattern = patternSegments[index];
    const field = pattern?.startsWith(':') ? pattern.slice(1) : 'path';
    assertText(field, decodeComponent(field, segment, false), SINGLE_LINE);
  });

  // The fragment never reaches a server, but a raw `#` in an injected URL must not hide text.
  for (const pair of queryPart.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const key = decodeComponent('query', rawKey, true);
    assertText('query', key, SINGLE_LINE);
    if (equals !== -1) assertText(key, decodeComponent(key, pair.slice(equals + 1), true), SINGLE_LINE);
  }
}

/** Checks the header values Kasus reads, Kasus's cookies, and tus's Upload-Metadata after decoding. */
export function assertHeaderText(request: FastifyRequest): void {
  for (const name of CHECKED_HEADERS) {
    const value = request.headers[name];
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      assertText(name, String(item), SINGLE_LINE);
    }
  }
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies ?? {};
  for (const [name, value] of Object.entries(cookies)) {
    if (!name.toLowerCase().startsWith(OWN_COOKIE_PREFIX) || value === undefined) continue;
    assertText(`cookie ${name}`, value, SINGLE_LINE);
  }
  const metadata = request.headers['upload-metadata'];
  if (typeof metadata === 'string') {
    for (const pair of metadata.split(',')) {
      const [key, value] = pair.trim().split(' ');
      if (!key) continue;
      const field = `upload-metadata ${key}`;
      if (!value) continue;
      let decoded: string;
      try {
        decoded = strictUtf8.decode(Buffer.from(value, 'base64'));
      } catch {
        throw invalidEncoding(field);
      }
      assertText(field, decoded, SINGLE_LINE);
    }
  }
}

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks every string of a parsed JSON body, object keys too, without recursion (a deeply nested
 * body cannot overflow the stack). `field` in the error is the path, e.g. `fields.diagnos` or `items.2`.
 */
export function assertJsonText(body: unknown, root = 'body'): void {
  if (typeof body === 'string') {
    assertText(root, body, MULTI_LINE);
    return;
  }
  if (!isPlainContainer(body)) return;
  const stack: { value: unknown; path: string; key: string }[] = [{ value: body, path: '', key: '' }];
  while (stack.length > 0) {
    const { value, path, key } = stack.pop()!;
    const field = path || root;
    if (typeof value === 'string') {
      assertText(field, value, SINGLE_LINE_FIELD.test(key) ? SINGLE_LINE : MULTI_LINE);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: path ? `${path}.${index}` : String(index), key }));
    } else if (isPlainContainer(value)) {
      for (const [childKey, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${childKey}` : childKey;
        assertText(path || root, childKey, SINGLE_LINE);
        stack.push({ value: child, path: childPath, key: childKey });
      }
    }
  }
}

/** Registers the text edge. Call it before authentication and before the routes. */
export function registerEdgeText(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    assertUrlText(request.raw.url ?? request.url, request.routeOptions.url);
    assertHeaderText(request);
  });
  app.addHook('preValidation', async (request) => {
    assertJsonText(request.body);
  });
}
