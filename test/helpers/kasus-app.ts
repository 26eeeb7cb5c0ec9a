import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SignJWT } from 'jose';
import { bootstrap } from '../../src/server/bootstrap/bootstrap.js';
import { DEMO_PASSWORD } from '../../src/server/bootstrap/demo-data.js';
import { loadConfig, type Config } from '../../src/server/config/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { buildApp } from '../../src/server/http/app.js';
import { createServices, type Services } from '../../src/server/services.js';
import type { TestClock } from '../../src/server/clock.js';

export const ADMIN_PASSWORD = 'test-admin-password';
/** Every test app trusts this EHR (HS256 with this secret) for signed launches, unless the test configures its own keys. */
export const TEST_EHR = { issuer: 'https://journal.test', secret: 'test-ehr-launch-secret-of-at-least-32-chars' } as const;

/** What a test launch says; unset claims get working defaults (see signLaunch). */
export interface LaunchClaims {
  patient?: string;
  user?: string;
  /** HSA id or Kasus id; default Kirurgkliniken's HSA id. */
  department?: string;
  mode?: 'read' | 'write';
  jti?: string;
  /** Seconds since the epoch; default now. */
  iat?: number;
  /** Seconds since the epoch; default iat + 60. */
  exp?: number;
}

/** A launch token signed as the test EHR (or with another secret/issuer, for refusals). */
export async function signLaunch(claims: LaunchClaims = {}, options: { secret?: string; issuer?: string } = {}): Promise<string> {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const { iat: _iat, exp, ...rest } = claims;
  return new SignJWT({ patient: '19121212-1212', user: 'lakare', department: 'SE2321000016-1001', jti: crypto.randomUUID(), ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.issuer ?? TEST_EHR.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(exp ?? iat + 60)
    .sign(new TextEncoder().encode(options.secret ?? TEST_EHR.secret));
}
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
  /**
   * Opens Kasus as the EHR would (GET /launch/signed with a token signed by TEST_EHR) and returns the
   * session, marked with the EHR context: audio and ultrasound uploads need one (M5).
   */
  ehrLogin(claims?: LaunchClaims): Promise<Session & { location: string }>;
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
/** The configuration of a test app on the given database: test admin password and EHR key, silent logs, then `env`. */
export function testAppConfig(testDb: Pick<AppDatabase, 'url' | 'dataDir'>, env: Record<string, string> = {}): Config {
  return loadConfig({
    KASUS_DATA_DIR: testDb.dataDir,
    KASUS_DATABASE_URL: testDb.url,
    KASUS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    KASUS_LOG_LEVEL: 'silent',
    KASUS_EHR_LAUNCH_KEYS: JSON.stringify([{ issuer: TEST_EHR.issuer, alg: 'HS256', key: TEST_EHR.secret }]),
    ...env,
  });
}

/** Migrates and bootstraps (demo data included) the database of a test app, as `kasus serve` does at start. */
export async function prepareTestDatabase(testDb: Pick<AppDatabase, 'url' | 'dataDir'>, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<void> {
  const config = testAppConfig(testDb, env);
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    await bootstrap(createServices(config, database, options.clock ? { clock: options.clock } : {}));
  } finally {
    await database.close();
  }
}

export async function createAppOn(testDb: AppDatabase, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const config = testAppConfig(testDb, env);
  const database = await openDatabase(config.databaseUrl);
  // A no-op on a database copied from a prepared template (test/helpers/templates.ts).
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
    async ehrLogin(claims = {}) {
      const token = await signLaunch(claims);
      const response = await app.inject({ method: 'GET', url: `/launch/signed?token=${token}` });
      if (response.statusCode !== 303) throw new Error(`EHR launch failed: ${response.statusCode} ${response.body}`);
      const cookie = `kasus_session=${response.cookies.find((c) => c.name === 'kasus_session')!.value}`;
      const session = (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json() as { csrfToken: string; user: Session['user'] };
      return { cookie, csrfToken: session.csrfToken, user: session.user, location: String(response.headers.location) };
    },
    async close() {
      await worker?.stop();
      await app.close();
      await database.close();
      await testDb.drop();
    },
  };
}
