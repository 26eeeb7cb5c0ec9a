import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

// What the typed client does: cookies and the CSRF token, ApiError with the server's
// { code, message }, the lost-session report, network failures as ApiError.
type ApiModule = typeof import('./api');
let mod: ApiModule;
const requests: Request[] = [];

function answer(status: number, body: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      requests.push(request);
      return new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      });
    }),
  );
}

beforeAll(async () => {
  vi.stubGlobal('location', { origin: 'http://kasus.test' });
  mod = await import('./api');
});

afterEach(() => {
  requests.length = 0;
  mod.setCsrfToken(null);
  mod.setUnauthenticatedHandler(null);
});

describe('typed API client', () => {
  it('fills path parameters, leaves empty query values out and sends the session cookie', async () => {
    answer(200, { items: [], total: 0, totalIsLowerBound: false, page: 1, pageSize: 20 });
    await mod.call(mod.client.GET('/api/cases', { params: { query: { patientId: 'p/1', page: 1, status: undefined, from: '' } } }));
    const request = requests[0]!;
    expect(request.method).toBe('GET');
    expect(new URL(request.url).pathname + new URL(request.url).search).toBe('/api/cases?patientId=p%2F1&page=1');
    expect(request.credentials).toBe('same-origin');
    expect(request.headers.get('x-csrf-token')).toBeNull();

    answer(200, { id: 'c1' });
    await mod.call(mod.client.GET('/api/cases/{id}', { params: { path: { id: 'a/b' } } }));
    expect(new URL(requests[1]!.url).pathname).toBe('/api/cases/a%2Fb');
  });

  it('sends the CSRF token and a JSON body on state-changing requests', async () => {
    mod.setCsrfToken('token-1');
    answer(200, { id: 'p1', identifier: '191212121212', type: 'se_personnummer', confidential: false });
    const patient = await mod.call(mod.client.POST('/api/patients/lookup', { body: { identifier: '19121212-1212' } }));
    expect(patient.id).toBe('p1');
    const request = requests[0]!;
    expect(request.headers.get('x-csrf-token')).toBe('token-1');
    expect(request.headers.get('content-type')).toContain('application/json');
    expect(await request.json()).toEqual({ identifier: '19121212-1212' });
  });

  it('throws ApiError with the code, message and extra fields of the answer', async () => {
    answer(400, { code: 'invalid_identifier', message: 'Kontrollsiffran stämmer inte.', rule: 'checksum' });
    const err = await mod.call(mod.client.POST('/api/patients/lookup', { body: { identifier: 'x' } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(mod.ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_identifier', message: 'Kontrollsiffran stämmer inte.', body: { rule: 'checksum' } });
  });

  it('reports a lost session on 401, but not for the session endpoints', async () => {
    const lost = vi.fn();
    mod.setUnauthenticatedHandler(lost);
    answer(401, { code: 'unauthenticated', message: 'Logga in.' });
    await expect(mod.call(mod.client.GET('/api/session'))).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(lost).not.toHaveBeenCalled();
    await expect(mod.call(mod.client.GET('/api/departments'))).rejects.toMatchObject({ status: 401 });
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('gives a status code for an error answer without a body, and undefined for 204', async () => {
    answer(503, undefined);
    await expect(mod.call(mod.client.GET('/api/departments'))).rejects.toMatchObject({ status: 503, code: 'http_503' });
    answer(204, undefined);
    await expect(mod.call(mod.client.DELETE('/api/session'))).resolves.toBeUndefined();
  });

  it('turns a network failure into ApiError network_error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(mod.call(mod.client.GET('/api/departments'))).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
