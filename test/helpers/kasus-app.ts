import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { bootstrap } from '../../src/server/bootstrap/bootstrap.js';
import { DEMO_PASSWORD } from '../../src/server/bootstrap/demo-data.js';
import { loadConfig, type Config } from '../../src/server/config/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { buildApp } from '../../src/server/http/app.js';
import { createServices, type Services } from '../../src/server/services.js';
import type { TestClock } from '../../src/server/clock.js';

export const ADMIN_PASSWORD = 'test-admin-password';
export { DEMO_PASSWORD };

export interface Session {
  cookie: string;
  csrfToken: string;
  user: { id: string; username: string; rights: string[] };
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  config: Config;
  /** Logs in and returns the cookie and CSRF token; throws if the login fails. */
  login(username: string, password?: string): Promise<Session>;
  /** Starts listening on a loopback port (for real HTTP, e.g. multipart uploads with fetch) and returns the base URL. */
  listen(): Promise<string>;
  /** Uploads files to a case over real HTTP as multipart/form-data, one part named "file" each. */
  upload(session: Session, caseId: string, files: { path: string; name?: string }[], query?: string): Promise<{ status: number; body: any }>;
  /** A request as the given session, CSRF header included for state-changing methods. */
  as(session: Session | null, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** The clock the app's services read the time from (default: the system clock). */
  clock?: TestClock;
}

export interface AppDatabase {
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh SQLite database in a temporary directory (no test runner needed: benchmarks use it too). */
export function createSqliteDatabase(): AppDatabase {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kasus-test-'));
  return { url: `sqlite:${path.join(dataDir, 'kasus.db')}`, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A Kasus app with demo data on the given empty database, driven by fastify.inject or real HTTP. */
export async function createAppOn(testDb: AppDatabase, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({
    KASUS_DATA_DIR: testDb.dataDir,
    KASUS_DATABASE_URL: testDb.url,
    KASUS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    KASUS_LOG_LEVEL: 'silent',
    ...env,
  });
  const database = await openDatabase(config.databaseUrl);
  await migrateToLatest(database);
  const services = createServices(config, database, options.clock ? { clock: options.clock } : {});
  await bootstrap(services);
  const app = await buildApp(services, { logger: false });
  await app.ready();
  const worker = config.worker === 'inline' ? services.startWorker({ pollIntervalMs: 200 }) : null;
  let baseUrl: string | null = null;
  const listen = async () => {
    if (!baseUrl) {
      await app.listen({ host: '127.0.0.1', port: 0 });
      baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    }
    return baseUrl;
  };

  const as: TestApp['as'] = (session, method, url, body, headers = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(session ? { cookie: session.cookie } : {}),
        ...(session && !['GET', 'HEAD'].includes(method) ? { 'x-csrf-token': session.csrfToken } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as object } : {}),
    });

  return {
    app,
    services,
    config,
    as,
    listen,
    async upload(session, caseId, files, query = '') {
      const url = await listen();
      const form = new FormData();
      for (const file of files) form.append('file', await openAsBlob(file.path), file.name ?? path.basename(file.path));
      const response = await fetch(`${url}/api/cases/${caseId}/media${query}`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
        body: form,
      });
      return { status: response.status, body: await response.json() };
    },
    async login(username, password = username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) {
      const response = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
      if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'kasus_session');
      const body = response.json() as { csrfToken: string; user: Session['user'] };
      return { cookie: `kasus_session=${cookie!.value}`, csrfToken: body.csrfToken, user: body.user };
    },
    async close() {
      await worker?.stop();
      await app.close();
      await database.close();
      await testDb.drop();
    },
  };
}
