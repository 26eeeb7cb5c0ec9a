import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import { createTestApp, type Session, type TestApp } from '../../../../test/helpers/app.js';
import { fastSerializerCompiler } from '../../http/fast-serializer.js';
import { caseDetail, caseList } from './cases-routes.js';
import { testDialects } from '../../../../test/helpers/databases.js';
import { waitFor } from '../../../../test/helpers/wait.js';

/**
 * What a read costs the database (issue 20, DESIGN §3.7), counted statement by statement on both
 * databases, not timed: a read writes nothing but its audit append (no session or token touch once
 * the minute's write is done, no other bookkeeping), and the case list and the case read fetch what
 * they show in a fixed number of statements, however many cases and photos there are.
 */

interface Seen {
  kind: 'read' | 'write' | 'setting';
  table: string | null;
}

/**
 * Every statement Kysely sends on behalf of the request being counted, classified; the app's
 * repositories all reach the database through `database.db`. Statements of the background worker and
 * the schedulers run in other async contexts and are not counted; the audit batch a request starts is.
 */
class StatementLog implements KyselyPlugin {
  seen: Seen[] = [];
  readonly counting = new AsyncLocalStorage<true>();
  /** Queries seen being built, by query id: a subquery built from `db` is transformed too, but only a statement gets a result. */
  private readonly built = new WeakMap<object, Seen>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.counting.getStore()) this.built.set(args.queryId, classify(args.node));
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const seen = this.built.get(args.queryId);
    if (seen) this.seen.push(seen);
    return args.result;
  }
}

function classify(node: RootOperationNode): Seen {
  const name = (table: unknown): string | null => {
    // A table, or an alias of one (`clinical_case as c`); a subquery has no one name.
    const t = table as { kind?: string; node?: unknown; table?: { identifier?: { name?: string } } } | undefined;
    if (t?.kind === 'AliasNode') return name(t.node);
    return t?.table?.identifier?.name ?? null;
  };
  switch (node.kind) {
    case 'SelectQueryNode':
      return { kind: 'read', table: name(node.from?.froms[0]) };
    case 'InsertQueryNode':
      return { kind: 'write', table: name(node.into) };
    case 'UpdateQueryNode':
      return { kind: 'write', table: name(node.table) };
    case 'DeleteQueryNode':
      return { kind: 'write', table: name(node.from.froms[0]) };
    case 'RawNode': {
      const text = node.sqlFragments.join('?').trim().toLowerCase();
      // A statement of fixed text that writes inside a CTE (the PostgreSQL audit batch) is a write.
      const inserted = /\binsert\s+into\s+"?(\w+)/.exec(text);
      if (inserted) return { kind: 'write', table: inserted[1]! };
      if (/^(select|with)\b/.test(text)) return { kind: 'read', table: null };
      if (/^set (local )?\w+/.test(text)) return { kind: 'setting', table: null };
      return { kind: 'write', table: text.slice(0, 40) };
    }
    default:
      return { kind: 'write', table: node.kind };
  }
}

/** What a case must hold to be signed (the demo form's required fields). */
const CAPTURE = { purpose_explained: 'Dokumentation av sårläkning', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' };

/** The audit append's own statements: the events and, for the chain, its head. */
const AUDIT_TABLES = new Set(['audit_event', 'audit_chain_head']);

describe.each(testDialects())('what a read does to the database on %s', (dialect) => {
  let t: TestApp;
  let doctor: Session;
  let token: string;
  let patientId: string;
  let otherPatientId: string;
  let caseId: string;
  let bareCaseId: string;
  let mediaId: string;
  const log = new StatementLog();

  /** The statements of one request (after it answered: a read's answer waits for its audit batch). */
  const statementsOf = async (url: string, as: 'token' | 'cookie' = 'token') => {
    // A batch begun by someone else would carry this request's event outside its context.
    await t.services.auditLog.appender.drain();
    log.seen = [];
    const response = await log.counting.run(true, async () => {
      const answer = await t.as(as === 'cookie' ? doctor : null, 'GET', url, undefined, as === 'token' ? { authorization: `Bearer ${token}` } : {});
      // Nothing after the answer either (a write left behind on its way out).
      await new Promise((resolve) => setTimeout(resolve, 20));
      return answer;
    });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return { response, seen: [...log.seen] };
  };
  const writesOf = (seen: Seen[]) => seen.filter((s) => s.kind === 'write');
  // The audit append's own reads (the chain head, when another writer moved it) are not the read's.
  const readsOf = (seen: Seen[]) => seen.filter((s) => s.kind === 'read' && !AUDIT_TABLES.has(s.table ?? '')).length;
  const events = async () => Number((await t.services.database.db.selectFrom('audit_event').select((b) => b.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Every repository reaches the database through services.database.db at call time.
    t.services.database.db = t.services.database.db.withPlugin(log);
    doctor = await t.login('lakare');
    token = (await t.as(doctor, 'POST', '/api/tokens', { name: 'statements' })).json().token;
    const departments = (await t.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    patientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json().id;
    otherPatientId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19850615-2381' })).json().id;
    const newCase = async (patient: string) => {
      const created = await t.as(doctor, 'POST', '/api/cases', { patientId: patient, departmentId: surgery });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      expect((await t.as(doctor, 'PATCH', `/api/cases/${id}`, { values: { site: 'Vänster underarm', finding: 'Rodnad', ...CAPTURE } })).statusCode).toBe(200);
      return id;
    };
    // One patient with twelve cases, the other with one: their lists must cost the same.
    for (let i = 0; i < 12; i++) {
      const id = await newCase(patientId);
      caseId ??= id;
    }
    bareCaseId = await newCase(otherPatientId);
    // Signed, so the list and the read also name the signer.
    const signed = await t.as(doctor, 'POST', `/api/cases/${bareCaseId}/sign`, {});
    expect(signed.statusCode, signed.body).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), 'kasus-statements-'));
    const files = [];
    for (let i = 0; i < 3; i++) {
      const file = path.join(dir, `foto-${i}.jpg`);
      await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 60 * i, g: 120, b: 90 } } }).jpeg().toFile(file);
      files.push({ path: file });
    }
    const uploaded = await t.upload(doctor, caseId, files);
    rmSync(dir, { recursive: true, force: true });
    expect(uploaded.status).toBe(200);
    const ids = (uploaded.body.items as { id: string }[]).map((m) => m.id);
    mediaId = ids[0]!;
    for (const id of ids) {
      await waitFor(`the thumbnail of ${id}`, async () => (await t.as(doctor, 'GET', `/api/media/${id}`)).json(), (m) => Boolean(m.derivatives?.thumbnail), 60_000);
    }
    // The token's and the session's use of this minute is written now, by the first requests.
    await t.as(null, 'GET', '/api/health', undefined, { authorization: `Bearer ${token}` });
    await t.as(doctor, 'GET', '/api/health');
  });
  afterAll(() => t?.close());

  it('an authenticated health check writes nothing', async () => {
    for (const as of ['token', 'cookie'] as const) {
      const { seen } = await statementsOf('/api/health', as);
      expect(writesOf(seen), `${as}: ${JSON.stringify(seen)}`).toEqual([]);
    }
  });

  it.each([
    ['the case list', () => `/api/cases?patientId=${patientId}`],
    ['a word search', () => '/api/cases?q=rodnad'],
    ['the case read', () => `/api/cases/${caseId}`],
    ['the versions', () => `/api/cases/${bareCaseId}/versions`],
    ['a media item', () => `/api/media/${mediaId}`],
    ['a thumbnail', () => `/api/media/${mediaId}/thumbnail`],
  ])('%s writes nothing but its audit append', async (_name, url) => {
    for (const as of ['token', 'cookie'] as const) {
      const before = await events();
      const { seen } = await statementsOf(url(), as);
      const writes = writesOf(seen);
      expect(writes.filter((w) => !AUDIT_TABLES.has(w.table ?? '')), `${as}: ${JSON.stringify(seen)}`).toEqual([]);
      // Exactly one event. (On SQLite the audit writer thread inserts it, on its own connection.)
      expect(await events(), as).toBe(before + 1);
      // PostgreSQL: one insert on the app's pool; SQLite: none on the main connection (its fsync is off the event loop).
      expect(writes.filter((w) => w.table === 'audit_event'), as).toHaveLength(dialect === 'postgres' ? 1 : 0);
    }
  });

  it('the case list reads a fixed number of statements, however many cases it shows', async () => {
    const many = await statementsOf(`/api/cases?patientId=${patientId}`);
    const one = await statementsOf(`/api/cases?patientId=${otherPatientId}`);
    expect(many.response.json().items).toHaveLength(12);
    expect(one.response.json().items).toHaveLength(1);
    expect(readsOf(many.seen)).toBe(readsOf(one.seen));
    expect(readsOf(many.seen)).toBeLessThanOrEqual(LIST_READS);
  });

  it("a confidential patient's cases cost the list no extra statement, closed or opened in an emergency", async () => {
    const sysadmin = await t.login('sysadmin');
    const departments = (await t.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const secretId = (await t.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19640823-3234' })).json().id as string;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await t.as(doctor, 'POST', '/api/cases', { patientId: secretId, departmentId: surgery })).json().id);
    expect((await t.as(sysadmin, 'POST', `/api/patients/${secretId}/confidential`, { confidential: true, reason: 'Skyddad identitet enligt Skatteverket' })).statusCode).toBe(200);
    const ordinary = await statementsOf(`/api/cases?patientId=${otherPatientId}`);
    const closed = await statementsOf(`/api/cases?patientId=${secretId}`);
    expect(closed.response.json().items).toEqual(ids.map(() => expect.objectContaining({ confidential: true }))); // both, shown only as "Konfidentiellt"
    expect(readsOf(closed.seen)).toBe(readsOf(ordinary.seen));
    const opened = await t.as(doctor, 'POST', `/api/cases/${ids[0]}/emergency-access`, { reason: 'Akut behov av bilderna vid operation' });
    expect(opened.statusCode, opened.body).toBe(200);
    const after = await statementsOf(`/api/cases?patientId=${secretId}`);
    const items = after.response.json().items as { id: string; confidential: boolean }[];
    expect(items.find((c) => c.id === ids[0])).toMatchObject({ confidential: false, patientId: secretId });
    expect(items.find((c) => c.id === ids[1])).toMatchObject({ confidential: true });
    expect(readsOf(after.seen)).toBe(readsOf(ordinary.seen));
  });

  it('the case read reads a fixed number of statements, however many photos it shows', async () => {
    const photos = await statementsOf(`/api/cases/${caseId}`);
    const bare = await statementsOf(`/api/cases/${bareCaseId}`);
    expect(photos.response.json().media).toHaveLength(3);
    expect(bare.response.json().media).toHaveLength(0);
    expect(bare.response.json().signedByName).toBeTruthy();
    expect(readsOf(photos.seen)).toBe(readsOf(bare.seen));
    expect(readsOf(photos.seen)).toBeLessThanOrEqual(CASE_READS);
  });

  // Kept by triggers (migrations 0041, 0042), not read per row: they must follow every change of its photos.
  it("the list's thumbnail and capture date follow the case's photos: order, removal, a new photo", async () => {
    const row = async (id: string) => {
      const items = (await t.as(doctor, 'GET', `/api/cases?patientId=${patientId}`)).json().items as { id: string; thumbnailMediaId: string | null; capturedAt: string | null }[];
      return items.find((c) => c.id === id)!;
    };
    const ids = ((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as { id: string }[]).map((m) => m.id);
    expect(ids).toHaveLength(3);
    expect(await row(caseId)).toMatchObject({ thumbnailMediaId: ids[0], capturedAt: null });
    const reordered = await t.as(doctor, 'PUT', `/api/cases/${caseId}/media-order`, { mediaIds: [...ids].reverse() });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect((await row(caseId)).thumbnailMediaId).toBe(ids[2]);
    expect((await t.as(doctor, 'DELETE', `/api/cases/${caseId}/media/${ids[2]}`)).statusCode).toBe(200);
    expect((await row(caseId)).thumbnailMediaId).toBe(ids[1]);

    // Another case of the list: nothing until its photo is processed, then the photo and its capture time.
    const items = (await t.as(doctor, 'GET', `/api/cases?patientId=${patientId}`)).json().items as { id: string }[];
    const otherId = items.find((c) => c.id !== caseId)!.id;
    expect(await row(otherId)).toMatchObject({ thumbnailMediaId: null, capturedAt: null });
    const dir = mkdtempSync(path.join(tmpdir(), 'kasus-list-media-'));
    const file = path.join(dir, 'ny.jpg');
    await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 200, g: 40, b: 40 } } }).jpeg().toFile(file);
    const uploaded = await t.upload(doctor, otherId, [{ path: file }], '?capturedAt=2026-12-01T10:00:00.000Z');
    rmSync(dir, { recursive: true, force: true });
    expect(uploaded.status).toBe(200);
    const newId = uploaded.body.items[0].id as string;
    await waitFor('the new photo in the list', () => row(otherId), (r) => r.thumbnailMediaId !== null, 60_000);
    expect(await row(otherId)).toMatchObject({ thumbnailMediaId: newId, capturedAt: '2026-12-01T10:00:00.000Z' });
    // Removed, the case shows nothing again; the first case is untouched.
    expect((await t.as(doctor, 'DELETE', `/api/cases/${otherId}/media/${newId}`)).statusCode).toBe(200);
    expect(await row(otherId)).toMatchObject({ thumbnailMediaId: null, capturedAt: null });
    expect((await row(caseId)).thumbnailMediaId).toBe(ids[1]);
  });

  // A reorder and a processing job finishing on the same case lock its media rows in different orders;
  // the case row's lock (taken by the triggers) must not be taken in between (PostgreSQL: at commit).
  it("two transactions changing the same case's photos in opposite orders both commit, and the list shows the result", async () => {
    const db = t.services.database.db;
    const ids = ((await t.as(doctor, 'GET', `/api/cases/${caseId}`)).json().media as { id: string }[]).map((m) => m.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const [a, b] = ids as [string, string];
    let secondChanged!: () => void;
    const changed = new Promise<void>((resolve) => (secondChanged = resolve));
    const first = db.transaction().execute(async (trx) => {
      await sql`update media set position = position - 1000 where id = ${a}`.execute(trx);
      // On SQLite the second waits for the connection until this one commits.
      await Promise.race([changed, new Promise((resolve) => setTimeout(resolve, 500))]);
      await sql`update media set position = position - 1000 where id = ${b}`.execute(trx);
    });
    const second = db.transaction().execute(async (trx) => {
      await sql`update media set captured_at = ${'2026-11-30T08:00:00.000Z'} where id = ${b}`.execute(trx);
      secondChanged();
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    await Promise.all([first, second]);
    const items = (await t.as(doctor, 'GET', `/api/cases?patientId=${patientId}`)).json().items as { id: string; thumbnailMediaId: string | null; capturedAt: string | null }[];
    expect(items.find((c) => c.id === caseId)).toMatchObject({ thumbnailMediaId: a, capturedAt: '2026-11-30T08:00:00.000Z' });
  });
  it('the case list and the case read answer what the zod serializer would, and only the properties their schema declares', async () => {
    const serialize = (compiler: typeof serializerCompiler | typeof fastSerializerCompiler, schema: ZodType) =>
      (compiler as (route: { schema: ZodType; method: string; url: string }) => (data: unknown) => string)({ schema, method: 'GET', url: '/api/cases' });
    const pages: [string, ZodType][] = [
      [`/api/cases?patientId=${patientId}`, caseList],
      // Every case the caller may see, the confidential patient's closed ones among them (the test before).
      ['/api/cases?pageSize=200', caseList],
      ['/api/cases?q=rodnad', caseList],
      [`/api/cases/${caseId}`, caseDetail],
      [`/api/cases/${bareCaseId}`, caseDetail],
    ];
    for (const [url, schema] of pages) {
      const { response } = await statementsOf(url);
      const data = response.json();
      // The zod serializer parses (and so checks) the answer, and writes the same JSON value (the
      // order of an object's keys may differ where the schema combines objects).
      expect(JSON.parse(serialize(serializerCompiler, schema)(data)), url).toStrictEqual(data);
      // A property the schema does not declare is left out, at the top and inside.
      const withExtra = Array.isArray(data.items)
        ? { ...data, secret: 1, items: data.items.map((item: object) => ({ ...item, secret: 'x' })) }
        : { ...data, secret: 1, media: data.media.map((item: object) => ({ ...item, secret: 'x' })) };
      expect(serialize(fastSerializerCompiler, schema)(withExtra), url).toBe(response.body);
    }
    expect((await statementsOf('/api/cases?pageSize=200')).response.json().items.some((item: { confidential: boolean }) => item.confidential)).toBe(true);
  });
});

/**
 * The statements that read, per request: authentication's three (token, user, grants) and the audit
 * batch's head, plus for the list its page (rights applied in it) and its count (only when the page is
 * full or past the end), and for the case the
 * case with all it shows and the caller's emergency opening, and its media with their derived files.
 */
const LIST_READS = 6;
const CASE_READS = 6;
