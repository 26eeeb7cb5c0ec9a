import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/helpers/app.js';
import { testDialects } from '../../../test/helpers/databases.js';
import { demoCase } from '../../../test/helpers/demo-ids.js';
import { cameraJpeg, mediaDir } from '../../../test/helpers/media-fixtures.js';

/**
 * Malformed requests, from every layer (node's HTTP parser, Fastify's router, the multipart parser,
 * tus): every answer is Kasus's `{ code, message }` JSON with a 4xx status, and a refused upload
 * leaves nothing behind in the blob store's quarantine or temp directory.
 */

const BOUNDARY = 'KasusBoundary7MA4YWxkTrZu0gW';
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** One multipart part as bytes; `disposition` is the raw Content-Disposition header value. */
function part(disposition: string, content: Buffer | string, type = 'image/jpeg'): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${type}\r\n\r\n`, 'utf8'),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from('\r\n'),
  ]);
}
const closing = Buffer.from(`--${BOUNDARY}--\r\n`);

/** Sends raw bytes to the server and returns everything it answers until it closes (or `timeoutMs` pass). */
function rawRequest(port: number, data: string | Buffer, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.on('error', () => {});
  });
}

/** Status, headers (lower-case names) and JSON body of a raw HTTP/1.1 answer. */
function parseRaw(answer: string): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> };
}

/** Kasus's error shape: exactly a code and a message (plus optional machine-readable extras), a 4xx status, JSON. */
function expectKasusError(status: number, contentType: string | undefined, body: unknown, code?: string) {
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  expect(contentType).toMatch(/^application\/json/);
  expect(body).toEqual(expect.objectContaining({ code: code ?? expect.any(String), message: expect.any(String) }));
  expect(Object.keys(body as object)).not.toContain('statusCode');
  expect(Object.keys(body as object)).not.toContain('error');
}

describe.each(testDialects())('malformed requests on %s', (dialect) => {
  let t: TestApp;
  let url: string;
  let port: number;
  let doctor: Session;
  let caseId: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    url = await t.listen();
    port = Number(new URL(url).port);
    doctor = await t.login('lakare');
    ({ caseId } = await demoCase(t, doctor));
    // A camera JPEG with GPS position and maker notes: what must never stay behind raw.
    jpeg = readFileSync(await cameraJpeg(mediaDir()));
  });
  afterAll(() => t.close());

  /** Raw uploads and temp files in the blob store (quarantine/, tmp/). */
  function leftovers(): string[] {
    const blobs = path.join(t.config.dataDir, 'blobs');
    return ['quarantine', 'tmp'].flatMap((dir) => {
      const full = path.join(blobs, dir);
      return existsSync(full) ? readdirSync(full).map((f) => `${dir}/${f}`) : [];
    });
  }

  async function mediaCount(): Promise<number> {
    const found = await t.as(doctor, 'GET', `/api/cases/${caseId}`);
    expect(found.statusCode).toBe(200);
    return (found.json().media as unknown[]).length;
  }

  /** Waits until an accepted item has been cleaned (or refused) by the background worker. */
  async function settled(id: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await t.as(doctor, 'GET', `/api/media/${id}`)).json().status === 'processing') {
      if (Date.now() > deadline) throw new Error(`media ${id} still processing`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const upload = (payload: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
    t.as(doctor, 'POST', `/api/cases/${caseId}/media`, payload, { 'content-type': contentType });

  describe('multipart uploads', () => {
    it('refuses multipart without a boundary with 400 invalid_multipart (was 500)', async () => {
      const body = Buffer.concat([part('form-data; name="file"; filename="camera.jpg"', jpeg), closing]);
      const response = await upload(body, 'multipart/form-data');
      expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json(), 'invalid_multipart');
      expect(response.json().message).toMatch(/avgränsare/);
      expect(leftovers()).toEqual([]);
    });

    it('refuses multipart cut off inside a file with 400 invalid_multipart and leaves no raw file (was 500)', async () => {
      const before = await mediaCount();
      const body = part('form-data; name="file"; filename="camera.jpg"', jpeg).subarray(0, 2000 + jpeg.length / 2);
      const response = await upload(body);
      expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json(), 'invalid_multipart');
      expect(leftovers()).toEqual([]);
      expect(await mediaCount()).toBe(before);
    });

    it('refuses multipart cut off after a part, before the closing boundary, with 400 invalid_multipart (was 500)', async () => {
      const body = Buffer.concat([part('form-data; name="file"; filename="notes.jpg"', Buffer.alloc(300, 7)), Buffer.from(`--${BOUNDARY}\r\n`)]);
      const response = await upload(body);
      expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json(), 'invalid_multipart');
      expect(leftovers()).toEqual([]);
    });

    it('answers a multipart upload cut off over a real connection with 400 invalid_multipart', async () => {
      const content = part('form-data; name="file"; filename="camera.jpg"', jpeg).subarray(0, 3000);
      const answer = await rawRequest(
        port,
        Buffer.concat([
          Buffer.from(
            `POST /api/cases/${caseId}/media HTTP/1.1\r\nHost: localhost\r\nCookie: ${doctor.cookie}\r\nX-CSRF-Token: ${doctor.csrfToken}\r\n` +
              `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${content.length}\r\nConnection: close\r\n\r\n`,
          ),
          content,
        ]),
      );
      const { status, headers, body } = parseRaw(answer);
      expectKasusError(status, headers['content-type'], body, 'invalid_multipart');
      expect(leftovers()).toEqual([]);
    });

    it.each([
      ['an empty boundary', 'multipart/form-data; boundary=', Buffer.concat([part('form-data; name="file"; filename="a.jpg"', 'abc'), closing])],
      ['a boundary that never comes', `multipart/form-data; boundary=${BOUNDARY}`, Buffer.from('just some bytes, no parts at all\r\n')],
      ['a part without Content-Disposition', `multipart/form-data; boundary=${BOUNDARY}`, Buffer.from(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\n\r\nabc\r\n--${BOUNDARY}--\r\n`)],
      ['a part header that never ends', `multipart/form-data; boundary=${BOUNDARY}`, Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n${'X-Filler: y\r\n'.repeat(200)}`)],
      ['a prototype field name', `multipart/form-data; boundary=${BOUNDARY}`, Buffer.concat([part('form-data; name="__proto__"; filename="a.jpg"', 'abc'), closing])],
    ])('answers multipart with %s with a 4xx { code, message } and leaves nothing behind', async (_what, contentType, body) => {
      const response = await upload(body, contentType);
      expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json());
      expect(leftovers()).toEqual([]);
    });

    it('refuses parts not named "file" and text fields with a clear 400', async () => {
      const before = await mediaCount();
      const wrongName = await upload(Buffer.concat([part('form-data; name="upload"; filename="camera.jpg"', jpeg), closing]));
      expectKasusError(wrongName.statusCode, wrongName.headers['content-type'] as string, wrongName.json(), 'validation_failed');
      expect(wrongName.json()).toMatchObject({ field: 'file', message: expect.stringMatching(/"upload".*"file"/) });

      const field = await upload(Buffer.concat([part('form-data; name="caption"', 'Sår på vänster arm', 'text/plain'), part('form-data; name="file"; filename="camera.jpg"', jpeg), closing]));
      expectKasusError(field.statusCode, field.headers['content-type'] as string, field.json(), 'validation_failed');
      expect(field.json().message).toMatch(/textfält "caption"/);

      const fileWithoutName = await upload(Buffer.concat([part('form-data; name="file"', 'bara text', 'text/plain'), closing]));
      expectKasusError(fileWithoutName.statusCode, fileWithoutName.headers['content-type'] as string, fileWithoutName.json(), 'validation_failed');

      const nulField = await upload(Buffer.concat([part('form-data; name="note"', 'a\u0000b', 'text/plain'), closing]));
      expectKasusError(nulField.statusCode, nulField.headers['content-type'] as string, nulField.json(), 'invalid_text');
      expect(nulField.json().field).toBe('note');

      const empty = await upload(closing);
      expectKasusError(empty.statusCode, empty.headers['content-type'] as string, empty.json(), 'validation_failed');

      expect(await mediaCount()).toBe(before);
      expect(leftovers()).toEqual([]);
    });

    it.each([
      ['a NUL', 'camera\u0000.jpg', 'nolltecken'],
      ['an escape character', 'camera\u001b[31m.jpg', 'styrtecken'],
      ['a DEL character', 'camera\u007f.jpg', 'styrtecken'],
    ])('refuses a file name with %s with 400 invalid_text naming the field, leaving nothing in quarantine', async (_what, filename, words) => {
      const before = await mediaCount();
      const body = Buffer.concat([part(`form-data; name="file"; filename="${filename}"`, jpeg), closing]);
      const response = await upload(body);
      expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json(), 'invalid_text');
      expect(response.json()).toMatchObject({ field: 'filename', message: expect.stringContaining(words) });
      expect(leftovers()).toEqual([]);
      expect(await mediaCount()).toBe(before);
    });

    it.each([
      ['raw', Buffer.from('form-data; name="file"; filename="camera\xED\xA0\x80.jpg"', 'latin1')],
      ['RFC 5987', Buffer.from(`form-data; name="file"; filename*=UTF-8''camera%ED%A0%80.jpg`)],
      ['raw Latin-1', Buffer.from('form-data; name="file"; filename="s\xE5r.jpg"', 'latin1')],
    ])('refuses a %s file name whose bytes are not UTF-8 (a lone surrogate) with 400 invalid_text instead of storing U+FFFD', async (_what, disposition) => {
      const body = Buffer.concat([
        Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: `),
        disposition,
        Buffer.from('\r\nContent-Type: image/jpeg\r\n\r\n'),
        jpeg,
        Buffer.from('\r\n'),
        closing,
      ]);
      const response = await upload(body);
      expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json(), 'invalid_text');
      expect(response.json()).toMatchObject({ field: 'filename', message: expect.stringContaining('Unicode') });
      expect(leftovers()).toEqual([]);
    });

    it('answers the next request on the same keep-alive connection after refusing a file name (the rest of the body is drained)', async () => {
      // A large file after the refused name: the server must read (and drop) it, or the connection stalls.
      const big = Buffer.concat([jpeg, Buffer.alloc(2 * 1024 * 1024, 7)]);
      const body = Buffer.concat([part('form-data; name="file"; filename="bad\u0000.jpg"', big), part('form-data; name="file"; filename="ok.jpg"', jpeg), closing]);
      const first = [
        `POST /api/cases/${caseId}/media HTTP/1.1`,
        'Host: localhost',
        `Cookie: ${doctor.cookie}`,
        `X-CSRF-Token: ${doctor.csrfToken}`,
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
        `Content-Length: ${body.length}`,
        '',
        '',
      ].join('\r\n');
      const second = ['GET /api/health HTTP/1.1', 'Host: localhost', 'Connection: close', '', ''].join('\r\n');
      const answer = await rawRequest(port, Buffer.concat([Buffer.from(first), body, Buffer.from(second)]), 10_000);
      const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
      // The rest of the refused body is read and dropped, so the next request on the connection is answered.
      expect(answer).toContain('invalid_text');
      expect(statuses).toEqual([400, 200]);
      expect(leftovers()).toEqual([]);
      // An ordinary request keeps its connection alive: only an unread body closes it.
      const plain = await rawRequest(port, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect(plain.split('\r\n\r\n')[0]).toMatch(/^connection: keep-alive$/im);
    });

    it('refuses a NUL in an RFC 5987 file name (filename*) too', async () => {
      const body = Buffer.concat([part(`form-data; name="file"; filename*=UTF-8''camera%00.jpg`, jpeg), closing]);
      const response = await upload(body);
      expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json(), 'invalid_text');
      expect(leftovers()).toEqual([]);
    });

    it('cuts a long file name to 255 characters keeping the extension, and drops leading dots and paths', async () => {
      const long = `${'å'.repeat(600)}.jpg`;
      const { status, body } = await t.upload(doctor, caseId, [{ path: await cameraJpeg(mediaDir(), 'a.jpg', 11), name: long }]);
      expect(status).toBe(200);
      const stored = body.items[0].filename as string;
      expect([...stored]).toHaveLength(255);
      expect(stored.endsWith('.jpg')).toBe(true);
      const media = (await t.as(doctor, 'GET', `/api/media/${body.items[0].id}`)).json();
      expect(media.originalFilename).toBe(stored);

      const hidden = await upload(Buffer.concat([part('form-data; name="file"; filename="..\\\\..\\\\.bashrc.jpg"', readFileSync(await cameraJpeg(mediaDir(), 'b.jpg', 12))), closing]));
      expect(hidden.statusCode).toBe(200);
      expect(hidden.json().items[0].filename).toBe('bashrc.jpg');
      // Once cleaned, the accepted raw uploads are gone from quarantine too.
      for (const id of [body.items[0].id, hidden.json().items[0].id]) await settled(id);
      expect(leftovers()).toEqual([]);
    });
  });

  describe('URLs and HTTP framing', () => {
    it('answers bad percent-encoding with 400 invalid_url, not Fastify\'s FST_ERR_BAD_URL', async () => {
      const response = await t.as(doctor, 'GET', '/api/cases/%E0%A4%A');
      expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json(), 'invalid_url');
    });

    it('answers a path parameter over the router limit with 414 url_too_long, not FST_ERR_MAX_PARAM_LENGTH', async () => {
      const response = await t.as(doctor, 'GET', `/api/cases/${'a'.repeat(500)}`);
      expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json(), 'url_too_long');
    });

    it('answers a 20 KB URL with 431 and a { code, message } body (was no body / a foreign shape)', async () => {
      const answer = await rawRequest(port, `GET /api/cases/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      const { status, headers, body } = parseRaw(answer);
      expect(status).toBe(431);
      expectKasusError(status, headers['content-type'], body, 'headers_too_large');
    });

    it('answers a request that takes too long to arrive with 408 request_timeout JSON', async () => {
      // node raises the timeout on its own schedule (checked every 30 s); raise it here on a live connection.
      const serverSide = new Promise<net.Socket>((resolve) => t.app.server.once('connection', resolve));
      const chunks: Buffer[] = [];
      const client = net.connect(port, '127.0.0.1');
      client.on('data', (chunk) => chunks.push(chunk));
      client.on('error', () => {});
      const closed = new Promise((resolve) => client.on('close', resolve));
      const socket = await serverSide;
      client.write('POST /api/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user');
      await new Promise((resolve) => setTimeout(resolve, 50));
      t.app.server.emit('clientError', Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
      await closed;
      const { status, headers, body } = parseRaw(Buffer.concat(chunks).toString('utf8'));
      expect(status).toBe(408);
      expectKasusError(status, headers['content-type'], body, 'request_timeout');
    });

    it.each([
      ['a broken request line', 'GARBAGE\r\n\r\n'],
      ['a space in the request target', 'GET /api/cases/a b HTTP/1.1\r\nHost: localhost\r\n\r\n'],
      ['Transfer-Encoding together with Content-Length', 'POST /api/session HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\nContent-Type: application/json\r\n\r\n5\r\n{"a":\r\n0\r\n\r\n'],
      ['a Transfer-Encoding that does not end in chunked', 'POST /api/session HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\nContent-Type: application/json\r\n\r\n{}'],
      ['two Content-Length headers that disagree', 'POST /api/session HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\nContent-Type: application/json\r\n\r\n{}'],
      ['a bad chunk size', 'POST /api/session HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
      ['a header without a colon', 'GET /api/health HTTP/1.1\r\nHost: localhost\r\nBroken header line\r\n\r\n'],
      ['a NUL in the request line', 'GET /api/\u0000 HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ])('answers %s with 400 invalid_request JSON', async (_what, data) => {
      const { status, headers, body } = parseRaw(await rawRequest(port, data));
      expectKasusError(status, headers['content-type'], body, 'invalid_request');
    });

    it('refuses compressed request bodies with 415 instead of parsing (or storing) the compressed bytes', async () => {
      const json = await t.as(null, 'POST', '/api/session', gzipSync('{"username":"a","password":"b"}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      expectKasusError(json.statusCode, json.headers['content-type'] as string, json.json(), 'unsupported_media_type');
      expect(json.statusCode).toBe(415);
      const multipart = await t.as(doctor, 'POST', `/api/cases/${caseId}/media`, gzipSync(Buffer.concat([part('form-data; name="file"; filename="camera.jpg"', jpeg), closing])), {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'content-encoding': 'gzip',
      });
      expectKasusError(multipart.statusCode, multipart.headers['content-type'] as string, multipart.json(), 'unsupported_media_type');
      expect(leftovers()).toEqual([]);
    });

    it('answers a known path asked with another method with 405 method_not_allowed and Allow (was 404 "finns inte")', async () => {
      const put = await t.as(doctor, 'PUT', '/api/health', {});
      expectKasusError(put.statusCode, put.headers['content-type'] as string, put.json(), 'method_not_allowed');
      expect(put.statusCode).toBe(405);
      expect(put.headers.allow).toBe('GET, HEAD');
      const del = await t.as(doctor, 'DELETE', `/api/cases/${caseId}/media`);
      expect(del.statusCode).toBe(405);
      expect(String(del.headers.allow)).toContain('POST');
      // The same answer whether the id exists or not: the route decides, not the record.
      const other = await t.as(doctor, 'DELETE', '/api/cases/no-such-case/media');
      expect([other.statusCode, other.body, other.headers.allow]).toEqual([del.statusCode, del.body.replace(caseId, 'no-such-case'), del.headers.allow]);
      const unknown = await t.as(doctor, 'GET', '/api/no-such-thing');
      expectKasusError(unknown.statusCode, unknown.headers['content-type'] as string, unknown.json(), 'not_found');
    });

    // A guard (these already answered well): they must stay { code, message } with a 4xx status.
    it('answers odd methods, HEAD, charsets, encodings, lengths and sizes with { code, message } and a 4xx status', async () => {
      const cases = [
        await t.as(doctor, 'PATCH', `/api/cases/${caseId}/media`, {}),
        await t.as(null, 'POST', '/api/session', '{"username":"a","password":"b"}', { 'content-type': 'application/json; charset=ebcdic' }),
        await t.as(null, 'POST', '/api/session', '{"username":"a","password":"b"}', { 'content-type': 'application/json', 'content-length': '3' }),
        await t.as(null, 'POST', '/api/session', JSON.stringify({ username: 'a'.repeat(400_000), password: 'b' }), { 'content-type': 'application/json' }),
        await t.as(null, 'POST', '/api/session', 'username=a', { 'content-type': 'application/x-www-form-urlencoded' }),
      ];
      for (const response of cases) {
        expectKasusError(response.statusCode, response.headers['content-type'] as string, response.json());
      }
      // HEAD answers carry no body, but the status and the JSON type of the error.
      const head = await t.as(doctor, 'HEAD', '/api/cases/no-such-case');
      expect(head.statusCode).toBe(404);
      expect(head.headers['content-type']).toMatch(/^application\/json/);
      expect(head.body).toBe('');
    });
  });

  describe('resumable uploads (tus)', () => {
    const tusHeaders = (extra: Record<string, string> = {}) => ({
      cookie: doctor.cookie,
      'x-csrf-token': doctor.csrfToken,
      'tus-resumable': '1.0.0',
      ...extra,
    });
    const metadata = (filename: string) => `caseId ${b64(caseId)},filename ${b64(filename)}`;

    async function expectTusError(response: Response, status: number, code: string) {
      expect(response.status).toBe(status);
      expect(response.headers.get('tus-resumable')).toBe('1.0.0');
      const text = await response.text();
      expectKasusError(response.status, response.headers.get('content-type') ?? undefined, JSON.parse(text), code);
    }

    it('answers OPTIONS and a 204 through fastify.inject too (tus used to leave inject waiting for ever)', async () => {
      const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));
      const options = await Promise.race([t.app.inject({ method: 'OPTIONS', url: '/api/uploads' }), timeout(3000)]);
      expect(options === 'timeout' ? options : options.statusCode).toBe(204);
      const created = await t.as(doctor, 'POST', '/api/uploads', undefined, { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': metadata('a.jpg') });
      expect(created.statusCode).toBe(201);
      const location = String(created.headers.location);
      const patched = await Promise.race([
        t.as(doctor, 'PATCH', location, Buffer.alloc(4, 1), { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }),
        timeout(3000),
      ]);
      expect(patched === 'timeout' ? patched : patched.statusCode).toBe(204);
      const deleted = await Promise.race([t.as(doctor, 'DELETE', location, undefined, { 'tus-resumable': '1.0.0' }), timeout(3000)]);
      expect(deleted === 'timeout' ? deleted : deleted.statusCode).toBe(204);
    });

    it('answers a request without Tus-Resumable with 412 JSON (was plain text)', async () => {
      const response = await fetch(`${url}/api/uploads`, {
        method: 'POST',
        headers: { cookie: doctor.cookie, 'x-csrf-token': doctor.csrfToken, 'upload-length': '10', 'upload-metadata': metadata('a.jpg') },
      });
      await expectTusError(response, 412, 'upload_version_unsupported');
      const other = await fetch(`${url}/api/uploads`, { method: 'POST', headers: tusHeaders({ 'tus-resumable': '0.2.2', 'upload-length': '10', 'upload-metadata': metadata('a.jpg') }) });
      expect(other.headers.get('tus-version')).toBe('1.0.0');
      await expectTusError(other, 412, 'upload_version_unsupported');
    });

    it('answers a creation without Upload-Length with 400 JSON (was plain text)', async () => {
      const response = await fetch(`${url}/api/uploads`, { method: 'POST', headers: tusHeaders({ 'upload-metadata': metadata('a.jpg') }) });
      await expectTusError(response, 400, 'validation_failed');
    });

    it('answers an invalid header, a wrong offset, a missing offset and too many bytes with JSON, keeping the tus statuses', async () => {
      const badLength = await fetch(`${url}/api/uploads`, { method: 'POST', headers: tusHeaders({ 'upload-length': '-5', 'upload-metadata': metadata('a.jpg') }) });
      await expectTusError(badLength, 400, 'validation_failed');

      const created = await fetch(`${url}/api/uploads`, { method: 'POST', headers: tusHeaders({ 'upload-length': '100', 'upload-metadata': metadata('a.jpg') }) });
      expect(created.status).toBe(201);
      const location = created.headers.get('location')!;
      const patch = (headers: Record<string, string>, body: Uint8Array<ArrayBuffer>) => fetch(`${url}${location}`, { method: 'PATCH', headers: tusHeaders(headers), body });

      await expectTusError(await patch({ 'upload-offset': '50', 'content-type': 'application/offset+octet-stream' }, new Uint8Array(10)), 409, 'upload_offset_mismatch');
      await expectTusError(await patch({ 'content-type': 'application/offset+octet-stream' }, new Uint8Array(10)), 400, 'validation_failed');
      await expectTusError(await patch({ 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, new Uint8Array(200)), 413, 'payload_too_large');
      await fetch(`${url}${location}`, { method: 'DELETE', headers: tusHeaders() });
    });

    it('answers a parallel (concatenated) upload with 400 JSON instead of 501 text', async () => {
      const response = await fetch(`${url}/api/uploads`, {
        method: 'POST',
        headers: tusHeaders({ 'upload-length': '10', 'upload-concat': 'partial', 'upload-metadata': metadata('a.jpg') }),
      });
      await expectTusError(response, 400, 'validation_failed');
    });

    it("answers Kasus's own refusals (unknown upload) with JSON and the Tus-Resumable header", async () => {
      const response = await fetch(`${url}/api/uploads/no-such-upload`, { method: 'PATCH', headers: tusHeaders({ 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }), body: new Uint8Array(1) });
      await expectTusError(response, 404, 'not_found');
    });

    it('refuses a file name with control characters in Upload-Metadata with 400 invalid_text', async () => {
      const response = await fetch(`${url}/api/uploads`, { method: 'POST', headers: tusHeaders({ 'upload-length': '10', 'upload-metadata': metadata('a\u0007.jpg') }) });
      await expectTusError(response, 400, 'invalid_text');
      expect(JSON.parse(await (await fetch(`${url}/api/uploads`, { method: 'POST', headers: tusHeaders({ 'upload-length': '10', 'upload-metadata': metadata('b\u0000.jpg') }) })).text()).code).toBe('invalid_text');
    });

    it('answers an upload whose creation already completes it (empty file) with the ingest refusal, not "not logged in"', async () => {
      const response = await fetch(`${url}/api/uploads`, { method: 'POST', headers: tusHeaders({ 'upload-length': '0', 'upload-metadata': metadata('empty.jpg') }) });
      expect(response.status).toBe(422);
      const body = JSON.parse(await response.text());
      expect(body).toMatchObject({ code: 'media_refused', refused: [{ filename: 'empty.jpg' }] });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('cleans and cuts the file name from Upload-Metadata like a multipart file name', async () => {
      const file = readFileSync(await cameraJpeg(mediaDir(), 'c.jpg', 13));
      const name = `../uploads/..${'x'.repeat(400)}.jpeg`;
      const created = await fetch(`${url}/api/uploads`, { method: 'POST', headers: tusHeaders({ 'upload-length': String(file.length), 'upload-metadata': metadata(name) }) });
      expect(created.status).toBe(201);
      const done = await fetch(`${url}${created.headers.get('location')}`, {
        method: 'PATCH',
        headers: tusHeaders({ 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }),
        body: new Uint8Array(file),
      });
      expect(done.status).toBe(204);
      const media = (await t.as(doctor, 'GET', `/api/media/${done.headers.get('kasus-media-id')}`)).json();
      expect(media.originalFilename).toBe(`${'x'.repeat(250)}.jpeg`);
    });
  });
});
