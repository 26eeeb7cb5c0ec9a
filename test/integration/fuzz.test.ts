/**
 * The schema-driven fuzz guard (issue 21): every route in /api/openapi.json, plus the routes the
 * document hides (tus resumable uploads, multipart uploads), gets requests generated with
 * fast-check from its own schema and then broken: wrong types, missing and extra fields, huge
 * strings, lone surrogates, NUL, control characters, impossible dates, negative and huge page
 * numbers, bad ids, bad content types, malformed JSON and multipart. They are sent as an
 * administrator (bearer token, or session cookie with CSRF token), as a physician (session; the
 * administrator may not read patient data), with hostile header values, without a session, and with a
 * session but no CSRF token.
 *
 * Asserted for every answer: no 5xx, and every error is JSON `{ code: string, message: string }`.
 * Afterwards the audit chain verifies. All failures are collected and reported together (grouped by
 * route, status and code, with one example request each) rather than stopping at the first.
 *
 * Runs: 3000 requests per database by default (under a minute each on two cores); set
 * KASUS_FUZZ_RUNS for more, KASUS_FUZZ_SEED to replay a run, KASUS_FUZZ_ROUTES (a regular
 * expression on "METHOD /path") to fuzz only some routes.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { testDialects } from '../helpers/databases.js';

const RUNS = Number(process.env.KASUS_FUZZ_RUNS ?? 3000);
const REQUEST_TIMEOUT_MS = 2000;
/** The run's seed, printed with any failure so the run can be replayed with KASUS_FUZZ_SEED. */
const SEED = process.env.KASUS_FUZZ_SEED ? Number(process.env.KASUS_FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
};

interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/cases/{id}. */
  path: string;
  pathParams: string[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  body: JsonSchema | null;
  /** Takes multipart/form-data (file uploads), which the OpenAPI document does not describe. */
  multipart?: boolean;
  /** A tus resumable-upload route (hidden from the document). */
  tus?: boolean;
}

interface FuzzRequest {
  op: Operation;
  persona: 'bearer' | 'session' | 'clinician' | 'session-no-csrf' | 'none' | 'bad-bearer' | 'hostile-headers';
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Built to pass the route's schema (odd values included), not broken on purpose. */
  valid: boolean;
}

// ---- Values ---------------------------------------------------------------------------------

/** Real ids for a field or path parameter (`departmentId`, or `cases` for /api/cases/{id}); all known ids when the kind is unknown. */
type IdsFor = (kind: string) => string[];
/** `departmentId` → `department`, `service-desks` → `servicedesk`, `cases` → `case`. */
const kindOf = (name: string) => name.replace(/Id$|Ids$/, '').replace(/[-_]/g, '').toLowerCase().replace(/s$/, '');

/** Strings no route should ever answer with a 5xx. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\ud800evil',
  'evil\udfff',
  '\u0000',
  'a\u0000b',
  'a\u0007\u001b[31mb',
  '\u007f\u0085\u009f',
  'line\nbreak\r\n',
  '\t',
  '\u200b\u200b\u200b',
  '\ufeff',
  '🩺 Ärr åäö øæ 漢字',
  'e\u0301',
  '../../etc/passwd',
  "' OR 1=1 --",
  '"; drop table audit_event; --',
  '%00',
  '%',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e308',
  '99999999999999999999999',
  '-99999999999999999999999',
  '0x10',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'a'.repeat(300),
  'x'.repeat(70_000),
];

const IMPOSSIBLE_DATES = [
  '2026-13-45',
  '2026-02-30T25:61',
  '2026-02-30',
  '2023-02-29',
  '2026-00-00',
  '2026-01-01T24:00',
  '2026-01-01T23:60:00Z',
  '2026-01-01T10:00:61Z',
  '2026-01-01T10:00+25:00',
  '9999-12-31T23:59:59Z',
  '0001-01-01',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  'Mon, 30 Feb 2026 10:00:00 GMT',
  '2026-W05',
  '1970',
  '0',
  'now',
];
const REAL_DATES = ['2026-11-22', '2026-11-22T08:00', '2026-11-22T08:00:00Z', '2024-02-29T23:59:59.999+01:00', '2020-01-01'];

const NUMBERS = [-1, 0, 1, 2, -2147483649, 2147483648, 1e15, Number.MAX_SAFE_INTEGER, 1.5, -0.5, 1e308];

const DATE_FIELD = /(^at$|At$|^from$|^to$|From$|To$|^validFrom$|^validTo$|expectedEnd|date)/i;

const nasty = fc.constantFrom(...NASTY_STRINGS);
const realDate = fc.oneof(
  fc.constantFrom(...REAL_DATES),
  fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2200-01-01') }).map((d) => d.toISOString()),
  // A routine or notice valid from now on, so creations succeed.
  fc.integer({ min: -400, max: 400 }).map((days) => new Date(Date.now() + days * 86_400_000).toISOString()),
);

/** A value of the wrong kind for any schema. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.constantFrom(...NUMBERS),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constant([['nested']]),
  fc.constant({ $ne: null }),
  fc.constant({ __proto__: { admin: true } }),
);

function schemaType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  return schema.type;
}

/** Values that fit the schema (mostly), using real ids where a field looks like an id. */
function valid(schema: JsonSchema, key: string, ids: IdsFor, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((s) => valid(s, key, ids, depth + 1)));
  if (schema.allOf && schema.allOf.length > 0) return valid(schema.allOf[0]!, key, ids, depth + 1);
  const type = schemaType(schema);
  const base = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'integer': {
        const min = schema.minimum ?? -1000;
        const max = schema.maximum ?? 1_000_000;
        return fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) });
      }
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        if (depth > 4) return fc.constant([]);
        const item = schema.items ? valid(schema.items, key, ids, depth + 1) : fc.string();
        return fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
      }
      case 'object': {
        if (depth > 4) return fc.constant({});
        const properties = schema.properties ?? {};
        const required = new Set(schema.required ?? []);
        const shape: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [name, sub] of Object.entries(properties)) shape[name] = valid(sub, name, ids, depth + 1);
        return fc.record(shape, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
      }
      default: {
        if (DATE_FIELD.test(key)) return realDate;
        if (schema.pattern) {
          // A string the route's own pattern accepts, so the request gets past the schema.
          try {
            const pattern = new RegExp(schema.pattern);
            return fc.oneof(fc.stringMatching(pattern).filter((v) => v.length <= (schema.maxLength ?? 10_000)), fc.string({ maxLength: 20 }));
          } catch {
            /* a pattern JavaScript cannot read: fall through to plain strings */
          }
        }
        const max = schema.maxLength ?? 200;
        const min = schema.minLength ?? 0;
        const options: fc.Arbitrary<string>[] = [
          fc.string({ minLength: min, maxLength: Math.min(max, 40) }),
          // Odd but valid text: any Unicode, whitespace, the longest the schema allows.
          fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 20) }),
          fc.constantFrom(' '.repeat(Math.max(min, 1)), 'Å'.repeat(Math.max(min, Math.min(max, 4000))), '🩺'.repeat(Math.max(min, 1)), 'rad ett\nrad två').filter((v) => v.length <= max),
        ];
        if (/id$/i.test(key) || key === 'id') options.push(fc.constantFrom(...ids(key)));
        if (/identifier|personnummer/i.test(key)) options.push(fc.constantFrom('19121212-1212', '191212121212', '20121212-1212', '01010199999'));
        if (/hsa/i.test(key)) options.push(fc.constantFrom('SE2321000016-4004', 'SE2321000016-XXXX'));
        if (/mobile|phone|number/i.test(key)) options.push(fc.constantFrom('+46 70 123 45 67', '070-1234567'));
        if (/email/i.test(key)) options.push(fc.constantFrom('a@b.se', 'no-at-sign'));
        if (/url/i.test(key)) options.push(fc.constantFrom('https://example.org/hook', 'http://127.0.0.1:1/', 'file:///etc/passwd', 'javascript:alert(1)'));
        return fc.oneof(...options);
      }
    }
  })();
  return schema.nullable || (Array.isArray(schema.type) && schema.type.includes('null')) ? fc.oneof(base, fc.constant(null)) : base;
}

/** A value for a field: usually valid, sometimes nasty, of the wrong type, or an impossible date. */
function fieldValue(schema: JsonSchema, key: string, ids: IdsFor, broken: boolean): fc.Arbitrary<unknown> {
  if (!broken) return valid(schema, key, ids);
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 4, arbitrary: valid(schema, key, ids) },
    { weight: 2, arbitrary: nasty },
    { weight: 1, arbitrary: wrongType },
  ];
  if (DATE_FIELD.test(key)) options.push({ weight: 3, arbitrary: fc.constantFrom(...IMPOSSIBLE_DATES) });
  if (/^(page|pageSize|limit|offset|version|from|to)$/i.test(key)) options.push({ weight: 3, arbitrary: fc.constantFrom(...NUMBERS) });
  return fc.oneof(...options);
}

/** JSON text sent as it is (deeply nested documents, which JSON.stringify could not even produce). */
class RawJson {
  constructor(readonly text: string) {}
}

/** A JSON body built from the schema, then broken in one of several ways. */
function bodyFor(schema: JsonSchema, ids: IdsFor, broken: boolean): fc.Arbitrary<unknown> {
  if (!broken) return valid(schema, 'body', ids);
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const required = new Set(schema.required ?? []);
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of names) fields[name] = fieldValue(properties[name]!, name, ids, true);
  const mostlyValid = schemaType(schema) === 'object' ? fc.record(fields, { requiredKeys: names.filter((n) => required.has(n)) }) : valid(schema, 'body', ids);
  return fc.oneof(
    { weight: 4, arbitrary: mostlyValid },
    { weight: 2, arbitrary: valid(schema, 'body', ids) },
    // Missing required fields.
    { weight: 1, arbitrary: mostlyValid.map((b) => (b && typeof b === 'object' && !Array.isArray(b) ? Object.fromEntries(Object.entries(b).slice(1)) : b)) },
    // Extra fields, nasty keys included.
    { weight: 1, arbitrary: fc.tuple(mostlyValid, nasty, wrongType).map(([b, k, v]) => (b && typeof b === 'object' && !Array.isArray(b) ? { ...b, [k || 'extra']: v } : b)) },
    // The whole body of the wrong type, or deeply nested.
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => new RawJson(`${'{"a":['.repeat(n)}${']}'.repeat(n)}`)) },
  );
}

/** Percent-encodes a string for a URL; a lone surrogate becomes invalid UTF-8 (`%ED%A0%80`), as a hostile client would send it. */
function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

// ---- Operations -----------------------------------------------------------------------------

function operationsOf(spec: { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required ?? false })),
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
        multipart: method === 'post' && /\/media$/.test(path),
      });
    }
  }
  // The tus resumable-upload routes are hidden from the document; they are fuzzed all the same.
  operations.push(
    { method: 'POST', path: '/api/uploads', pathParams: [], query: [], body: null, tus: true },
    { method: 'OPTIONS', path: '/api/uploads', pathParams: [], query: [], body: null, tus: true },
    ...['HEAD', 'PATCH', 'DELETE'].map((method) => ({ method, path: '/api/uploads/{id}', pathParams: ['id'], query: [], body: null, tus: true })),
  );
  // GET /api/events is a server-sent event stream that stays open by design; it is not fuzzed here
  // (it is hidden from the document, and a request to it would never end).
  return operations;
}

/**
 * Operations that would make the rest of the run meaningless when sent as the administrator.
 * Besides this: the administrator's own user, role and token ids are kept out of the id pool (so no
 * generated request deactivates it, strips its rights or revokes the token the run uses); generated
 * login attempts never use the administrator's username (random strings only), so the account is
 * not locked, and the run acts by session and token, which a lockout would not end anyway; Kasus's
 * read-only mode, which a generated status change may set, is reset after each request.
 */
function excludedFor(op: Operation, persona: FuzzRequest['persona']): boolean {
  // Logging out ends the session the rest of the run uses; it is fuzzed without a session only.
  if (op.method === 'DELETE' && op.path === '/api/session') return persona === 'session' || persona === 'session-no-csrf' || persona === 'clinician';
  return false;
}

const MULTIPART_BOUNDARY = 'fuzzboundary';
/** A 1×1 PNG: a real image, so valid uploads reach ingest (with odd but acceptable file names). */
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const validUpload = fc.constantFrom('a.png', 'Bild från mobilen.png', '🩺 sår.png', `${'x'.repeat(400)}.png`, '../../etc/passwd.png', 'a\u202egnp.exe', '', 'IMG_0001.HEIC').map((filename) => ({
  contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`,
  payload: Buffer.concat([
    Buffer.from(`--${MULTIPART_BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: image/png\r\n\r\n`, 'utf8'),
    TINY_PNG,
    Buffer.from(`\r\n--${MULTIPART_BOUNDARY}--\r\n`, 'utf8'),
  ]),
}));

const multipartBodies: { contentType: string; payload: string }[] = [
  { contentType: 'multipart/form-data', payload: '--x\r\ncontent-disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc\r\n--x--\r\n' },
  { contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, payload: `--${MULTIPART_BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="a.jpg"\r\ncontent-type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0 cut off` },
  { contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, payload: `--${MULTIPART_BOUNDARY}\r\ncontent-disposition: form-data; name="other"; filename="a.jpg"\r\n\r\nabc\r\n--${MULTIPART_BOUNDARY}--\r\n` },
  { contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, payload: `--${MULTIPART_BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="a\u0000b.jpg"\r\n\r\nnot an image\r\n--${MULTIPART_BOUNDARY}--\r\n` },
  { contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, payload: `--${MULTIPART_BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${'x'.repeat(5000)}.jpg"\r\n\r\nnot an image\r\n--${MULTIPART_BOUNDARY}--\r\n` },
  { contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, payload: `--${MULTIPART_BOUNDARY}--\r\n` },
  { contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, payload: 'garbage without any boundary' },
  { contentType: 'multipart/form-data; boundary=', payload: '' },
];

const BAD_CONTENT = fc.constantFrom(
  { contentType: 'text/plain', payload: 'hello' },
  { contentType: 'application/x-www-form-urlencoded', payload: 'a=1&b=%00' },
  { contentType: 'application/json', payload: '{"unterminated": ' },
  { contentType: 'application/json', payload: '' },
  { contentType: 'application/json', payload: 'null' },
  { contentType: 'application/json', payload: '"\\ud800"' },
  { contentType: 'application/json', payload: '{"__proto__": {"x": 1}}' },
  { contentType: 'application/json; charset=latin1', payload: '{}' },
  { contentType: 'application/xml', payload: '<a/>' },
  { contentType: 'application/octet-stream', payload: '\u0000\u0001' },
  { contentType: 'application/offset+octet-stream', payload: 'bytes' },
  { contentType: 'image/jpeg', payload: '\xff\xd8\xff' },
  { contentType: '', payload: '{}' },
  { contentType: 'application/json\u0000', payload: '{}' },
);

// ---- The run --------------------------------------------------------------------------------

/**
 * Each dialect's answers, request by request (the same seed generates the same sequence on both):
 * what the edge refuses (invalid_text, invalid_date) must be refused identically on SQLite and PostgreSQL.
 */
const edgeAnswers = new Map<string, string[]>();
const EDGE_CODES = new Set(['invalid_text', 'invalid_date']);

describe.each(testDialects())('schema-driven fuzz on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  /** A physician (demo user lakare): the administrator may not read patient data, so case and media routes are reached as a clinician. */
  let clinician: Session;
  let bearer: string;
  let operations: Operation[];
  const idsByKind = new Map<string, Set<string>>();
  let allIds: string[] = [];
  const idsFor: IdsFor = (kind) => {
    const known = idsByKind.get(kindOf(kind));
    return known && known.size > 0 ? [...known] : allIds;
  };
  let kasusSystemId: string | null = null;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.login('admin');
    clinician = await t.login('lakare');
    const token = await t.as(admin, 'POST', '/api/tokens', { name: 'fuzz' });
    expect(token.statusCode).toBe(201);
    const tokenBody = token.json() as { id: string; token: string };
    bearer = tokenBody.token;
    const spec = (await t.as(null, 'GET', '/api/openapi.json')).json();
    // KASUS_FUZZ_ROUTES (a regular expression on "METHOD /path") narrows a run to some routes.
    const only = process.env.KASUS_FUZZ_ROUTES ? new RegExp(process.env.KASUS_FUZZ_ROUTES) : null;
    operations = operationsOf(spec).filter((op) => !only || only.test(`${op.method} ${op.path}`));

    // Real ids from the demo data, so generated requests reach the services, not only the schemas.
    // Left out: the administrator itself, its role and its token (changing those would end the run's
    // ability to act as the administrator, which would make the rest of it meaningless).
    const add = (kind: string, id: string) => {
      if (id.length > 64) return;
      const set = idsByKind.get(kindOf(kind)) ?? new Set<string>();
      set.add(id);
      idsByKind.set(kindOf(kind), set);
    };
    // An object's `id` is of the kind of the list or field it is in; `departmentId` and the like name their own kind.
    const collect = (value: unknown, kind: string): void => {
      if (Array.isArray(value)) value.forEach((v) => collect(v, kind));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (k === 'id' && typeof v === 'string') add(kind, v);
          else if (/Id$/.test(k) && typeof v === 'string') add(k, v);
          else if (v && typeof v === 'object') collect(v, k === 'items' ? kind : k);
        }
      }
    };
    // The demo data has no patients or cases: a few are made, with a photo, so case and media routes have real records.
    const departmentIds = ((await t.as(admin, 'GET', '/api/departments')).json() as { id: string }[]).map((d) => d.id);
    for (const identifier of ['19121212-1212', '19850615-2381']) {
      const patient = await t.as(clinician, 'POST', '/api/patients/lookup', { identifier });
      if (patient.statusCode !== 200) continue;
      // The second patient is confidential, so the break-glass and confidentiality paths are reached too.
      if (identifier === '19850615-2381') {
        await t.as(admin, 'POST', `/api/patients/${patient.json().id}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt beslut' });
      }
      for (const departmentId of departmentIds) {
        const created = await t.as(clinician, 'POST', '/api/cases', { patientId: patient.json().id, departmentId });
        if (created.statusCode !== 201) continue;
        await t.app.inject({
          method: 'POST',
          url: `/api/cases/${created.json().id}/media`,
          headers: { cookie: clinician.cookie, 'x-csrf-token': clinician.csrfToken, 'content-type': `multipart/form-data; boundary=${MULTIPART_BOUNDARY}` },
          payload: Buffer.concat([
            Buffer.from(`--${MULTIPART_BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png\r\n\r\n`),
            TINY_PNG,
            Buffer.from(`\r\n--${MULTIPART_BOUNDARY}--\r\n`),
          ]),
        });
      }
    }
    for (const url of ['/api/cases', '/api/departments', '/api/users', '/api/roles', '/api/forms', '/api/systems', '/api/contacts', '/api/incidents', '/api/backlog', '/api/routines', '/api/scenarios', '/api/service-desks', '/api/collections', '/api/notices', '/api/jobs']) {
      const response = await t.as(admin, 'GET', url);
      if (response.statusCode === 200) collect(response.json(), url.split('/')[2]!);
    }
    const cases = (await t.as(clinician, 'GET', '/api/cases')).json() as { items: { id: string }[] };
    collect(cases, 'cases');
    for (const item of cases.items.slice(0, 5)) collect((await t.as(clinician, 'GET', `/api/cases/${item.id}`)).json(), 'cases');
    const systems = (await t.as(admin, 'GET', '/api/systems')).json() as { id: string; isKasus: boolean }[];
    kasusSystemId = systems.find((system) => system.isKasus)?.id ?? null;
    expect(kasusSystemId).not.toBeNull();
    const rolesOf = async (session: Session) => ((await t.as(session, 'GET', '/api/session')).json().user.assignments as { roleId: string }[]).map((a) => a.roleId);
    const keep = new Set([admin.user.id, clinician.user.id, tokenBody.id, ...(await rolesOf(admin)), ...(await rolesOf(clinician))]);
    for (const set of idsByKind.values()) for (const id of keep) set.delete(id);
    allIds = [...new Set([...idsByKind.values()].flatMap((set) => [...set]))];
    expect(allIds.length).toBeGreaterThan(5);
    if (process.env.KASUS_FUZZ_VERBOSE) console.log('ids by kind:', Object.fromEntries([...idsByKind.entries()].map(([kind, set]) => [kind, set.size])));
  });
  afterAll(() => t.close());

  /** A path parameter: mostly a real id of the right kind (`/api/cases/{id}` → a case), sometimes anything. */
  const idArb = (broken: boolean, kind: string, name: string) =>
    name === 'version'
      ? fc.oneof(fc.integer({ min: 1, max: 3 }).map(String), broken ? fc.constantFrom('0', '-1', '1e9', 'x', '99999999999999999999') : fc.constant('1'))
      : fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...idsFor(kind)) },
      { weight: 1, arbitrary: fc.constantFrom(...allIds) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: broken ? 3 : 0, arbitrary: nasty.filter((s) => s.length < 2000) },
      { weight: 1, arbitrary: fc.constantFrom('1', '-1', '0', '99999999999999999999', '1.5', 'a'.repeat(65), '%2F', '..') },
    );

  const requestArb = (): fc.Arbitrary<FuzzRequest> =>
    fc
      .record({
        op: fc.constantFrom(...operations),
        persona: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom<FuzzRequest['persona']>('bearer', 'session', 'clinician') },
          { weight: 2, arbitrary: fc.constant<FuzzRequest['persona']>('none') },
          { weight: 1, arbitrary: fc.constantFrom<FuzzRequest['persona']>('session-no-csrf', 'bad-bearer', 'hostile-headers') },
        ),
        // For 'hostile-headers': one header Kasus reads, carrying a nasty value.
        hostile: fc.tuple(fc.constantFrom('authorization', 'cookie', 'x-csrf-token', 'x-forwarded-for', 'last-event-id', 'upload-metadata'), nasty.filter((v) => v.length < 10_000)),
        // Half the requests are valid by their schema (odd values included), so they reach the
        // services; the other half are broken in the ways listed above.
        broken: fc.boolean(),
      })
      .chain(({ op, persona, broken, hostile }) => {
        const resource = op.path.split('/')[2] ?? '';
        const pathValues = fc.tuple(...op.pathParams.map((name) => idArb(broken, name === 'id' ? resource : name, name)), fc.constant(''));
        const queryValues = fc.tuple(
          ...op.query.map((q) => (q.required ? fieldValue(q.schema, q.name, idsFor, broken) : fc.option(fieldValue(q.schema, q.name, idsFor, broken), { freq: 2 }))),
          broken ? fc.option(fc.tuple(nasty, nasty), { freq: 1 }) : fc.constant(null),
        );
        const body = op.body ? (broken ? fc.option(bodyFor(op.body, idsFor, true), { freq: 8 }) : bodyFor(op.body, idsFor, false)) : fc.constant(null);
        const content = fc.oneof(
          { weight: broken ? 6 : 1000, arbitrary: fc.constant(null) },
          { weight: op.multipart ? (broken ? 2 : 3000) : 0, arbitrary: validUpload },
          { weight: 2, arbitrary: BAD_CONTENT },
          { weight: op.multipart ? 6 : 1, arbitrary: fc.constantFrom(...multipartBodies) },
        );
        const tusHeaders = op.tus
          ? fc.record(
              {
                'tus-resumable': fc.constantFrom('1.0.0', '0.2.2', '', 'x'),
                'upload-length': fc.constantFrom('10', '-1', '0', '99999999999999999999', 'abc'),
                'upload-offset': fc.constantFrom('0', '-1', '5', 'abc'),
                'upload-metadata': fc
                  .tuple(fc.oneof(fc.constantFrom(...idsFor('caseId')), nasty), fc.oneof(fc.constant('a.jpg'), nasty))
                  .map(([caseId, name]) => `caseId ${Buffer.from(caseId).toString('base64')},filename ${Buffer.from(name).toString('base64')}`),
              },
              { requiredKeys: [] },
            )
          : fc.constant({});
        return fc.record({ op: fc.constant(op), persona: fc.constant(persona), broken: fc.constant(broken), hostile: fc.constant(hostile), pathValues, queryValues, body, content, tusHeaders });
      })
      .map(({ op, persona, broken, hostile, pathValues, queryValues, body, content, tusHeaders }) => {
        let path = op.path;
        op.pathParams.forEach((name, index) => {
          path = path.replace(`{${name}}`, encode(pathValues[index] as string));
        });
        const pairs: string[] = [];
        op.query.forEach((q, index) => {
          const value = queryValues[index];
          if (value !== null && value !== undefined) pairs.push(`${encode(q.name)}=${encode(asText(value))}`);
        });
        const extra = queryValues[op.query.length] as [string, string] | null;
        if (extra) pairs.push(`${encode(extra[0])}=${encode(extra[1])}`);
        const url = pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
        const headers: Record<string, string> = { ...(tusHeaders as Record<string, string>) };
        if (persona === 'hostile-headers') {
          const [name, value] = hostile;
          headers[name] = name === 'authorization' ? `Bearer ${value}` : name === 'cookie' ? `kasus_session=${encode(value)}` : value;
        }
        let payload: string | Buffer | undefined;
        if (content) {
          if (content.contentType) headers['content-type'] = content.contentType;
          payload = content.payload;
        } else if (body !== null && body !== undefined && !['GET', 'HEAD'].includes(op.method)) {
          headers['content-type'] = 'application/json';
          payload = body instanceof RawJson ? body.text : JSON.stringify(body);
        }
        if (['GET', 'HEAD'].includes(op.method)) payload = undefined;
        return { op, persona, url, headers, payload, valid: !broken && (persona === 'bearer' || persona === 'session' || persona === 'clinician') };
      });

  async function send(request: FuzzRequest): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...request.headers };
    if (request.persona === 'bearer') headers.authorization = `Bearer ${bearer}`;
    if (request.persona === 'bad-bearer') headers.authorization = 'Bearer kasus_not-a-real-token';
    if (request.persona === 'session' || request.persona === 'session-no-csrf') headers.cookie = admin.cookie;
    if (request.persona === 'session') headers['x-csrf-token'] = admin.csrfToken;
    if (request.persona === 'clinician') Object.assign(headers, { cookie: clinician.cookie, 'x-csrf-token': clinician.csrfToken });
    if (request.persona === 'hostile-headers' && headers.cookie === undefined) headers.cookie = admin.cookie;
    return t.app.inject({ method: request.op.method as 'GET', url: request.url, headers, ...(request.payload !== undefined ? { payload: request.payload } : {}) });
  }

  const codeOf = (body: string): string => {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; issue?: { details?: { coding?: { code?: unknown }[] } }[] };
    // An OperationOutcome (the FHIR API) carries Kasus's code in its issue's details.
    return String(parsed.code ?? parsed.issue?.[0]?.details?.coding?.[0]?.code ?? '');
  } catch {
    return '';
  }
};

/** Header values no HTTP client could send (Node refuses characters above U+00FF in headers) are not sent. */
  const sendable = (request: FuzzRequest) => Object.values(request.headers).every((value) => /^[\u0000-\u00ff]*$/.test(value));

  /** What is wrong with an answer, or null. */
  function problemWith(response: LightMyRequestResponse, path: string): string | null {
    if (response.statusCode >= 500) {
      // Kasus's own read-only refusal is a 503 by design (the fuzzer resets the mode, see below).
      if (response.statusCode === 503 && response.body.includes('"read_only"')) return null;
      return `status ${response.statusCode}`;
    }
    if (response.statusCode < 400) return null;
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return `error ${response.statusCode} is not JSON: ${response.body.slice(0, 80)}`;
    }
    // The FHIR API (issue 15, I2) answers errors as an OperationOutcome: an issue with its type and the message.
    if (path.startsWith('/fhir/')) {
      const outcome = (body ?? {}) as { resourceType?: unknown; issue?: { code?: unknown; diagnostics?: unknown }[] };
      const first = Array.isArray(outcome.issue) ? outcome.issue[0] : undefined;
      if (outcome.resourceType !== 'OperationOutcome' || typeof first?.code !== 'string' || typeof first.diagnostics !== 'string') {
        return `error ${response.statusCode} is not an OperationOutcome: ${response.body.slice(0, 120)}`;
      }
      return null;
    }
    const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
    if (typeof code !== 'string' || typeof message !== 'string') return `error ${response.statusCode} without string code and message: ${response.body.slice(0, 120)}`;
    return null;
  }

  it(`answers ${RUNS} generated requests without a 5xx and with { code, message } errors, and the audit chain verifies`, async () => {
    const failures = new Map<string, { count: number; example: string }>();
    let sent = 0;
    let previous = 'nothing';
    const validRefusals = new Map<string, number>();
    const answers: string[] = [];
    edgeAnswers.set(dialect, answers);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb(), async (request) => {
        if (excludedFor(request.op, request.persona) || !sendable(request)) {
          answers.push('skipped');
          return true;
        }
        const before = previous;
        previous = `${request.persona} ${request.op.method} ${request.url.slice(0, 120)}`;
        let timer: NodeJS.Timeout | undefined;
        const response = await Promise.race([
          send(request),
          new Promise<null>((resolve) => {
            timer = setTimeout(() => resolve(null), REQUEST_TIMEOUT_MS);
          }),
        ]).finally(() => clearTimeout(timer));
        sent++;
        answers.push(response ? `${response.statusCode} ${codeOf(response.body)}` : 'no answer');
        if (!response) {
          // A request that never gets an answer is a failure too (and would otherwise hang the run).
          const key = `${request.op.method} ${request.op.path} → no answer within ${REQUEST_TIMEOUT_MS} ms`;
          const entry = failures.get(key) ?? { count: 0, example: `${request.persona} ${request.op.method} ${request.url.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 200)} ${String(request.payload ?? '').slice(0, 300)} (after ${before})` };
          entry.count++;
          failures.set(key, entry);
          return true;
        }
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (request.valid && response.statusCode >= 400 && process.env.KASUS_FUZZ_VERBOSE) {
          // What refuses requests meant to be valid: shows where the generator fails to reach the services.
          const key = `${request.op.method} ${request.op.path} ${response.statusCode} ${response.body.slice(0, 160)}`;
          validRefusals.set(key, (validRefusals.get(key) ?? 0) + 1);
        }
        // A HEAD answer has no body by definition, so only its status is judged.
        const problem = request.op.method === 'HEAD' && response.statusCode >= 400 && response.statusCode < 500 ? null : problemWith(response, request.op.path);
        if (problem) {
          const code = codeOf(response.body);
          const key = `${request.op.method} ${request.op.path} → ${response.statusCode} ${code || problem}`;
          const entry = failures.get(key) ?? { count: 0, example: '' };
          entry.count++;
          if (!entry.example) {
            entry.example = `${request.persona} ${request.op.method} ${request.url.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 200)} ${String(request.payload ?? '').slice(0, 300)} → ${response.body.slice(0, 300)}`;
          }
          failures.set(key, entry);
        }
        // Setting Kasus's own system to read_only (a legitimate request the fuzzer may make) would
        // turn every later write into 503 read_only; it is set back at once so the run stays meaningful.
        if (t.services.kasusMode.mode() === 'read_only') {
          const reset = await t.as(null, 'PUT', `/api/systems/${kasusSystemId}/status`, { status: 'operational', message: '' }, { authorization: `Bearer ${bearer}` });
          expect(reset.statusCode, reset.body).toBe(200);
          expect(t.services.kasusMode.mode()).toBe('read_write');
        }
        return true;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    // The run stayed meaningful: the administrator can still act, by session and by token.
    expect((await t.as(admin, 'GET', '/api/session')).statusCode).toBe(200);
    expect((await t.as(clinician, 'GET', '/api/session')).statusCode).toBe(200);
    expect((await t.as(null, 'GET', '/api/tokens', undefined, { authorization: `Bearer ${bearer}` })).statusCode).toBe(200);
    expect(sent).toBeGreaterThan(RUNS * 0.9);
    // Enough requests got through to the services to make the run meaningful.
    if (!process.env.KASUS_FUZZ_ROUTES) expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 50);

    const report = [...failures.entries()].sort((a, b) => b[1].count - a[1].count).map(([key, { count, example }]) => `${key} ×${count}\n    e.g. ${example}`);
    if (process.env.KASUS_FUZZ_VERBOSE) console.log(`statuses on ${dialect}:`, Object.fromEntries([...statuses.entries()].sort((a, b) => a[0] - b[0])));
    if (process.env.KASUS_FUZZ_VERBOSE) {
      const top = [...validRefusals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
      console.log(`refusals of valid requests on ${dialect}:\n${top.map(([k, n]) => `${n} ${k}`).join('\n')}`);
    }
    if (report.length > 0) console.log(`fuzz failures on ${dialect} (KASUS_FUZZ_SEED=${SEED}):\n${report.join('\n')}`);
    expect(report).toEqual([]);
    expect(await t.services.auditLog.verify()).toMatchObject({ ok: true });

    // Same requests, same refusals at the edge on both databases (when both have run).
    const other = [...edgeAnswers.entries()].find(([name]) => name !== dialect)?.[1];
    if (other) {
      expect(answers.length).toBe(other.length);
      const differences = answers
        .map((answer, i) => ({ i, here: answer, there: other[i]! }))
        .filter(({ here, there }) => here !== there && [here, there].some((a) => EDGE_CODES.has(a.split(' ')[1] ?? '')));
      expect(differences.slice(0, 10)).toEqual([]);
    }
  }, 120_000 + RUNS * 60);
});
