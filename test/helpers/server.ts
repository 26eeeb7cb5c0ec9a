import type { AddressInfo } from 'node:net';
import { createTestApp, ADMIN_PASSWORD } from './app.js';

/**
 * A real Kasus HTTP server on a loopback port for browser tests: SQLite in a temporary directory,
 * demo data (departments SE2321000016-1001 Kirurgkliniken and SE2321000016-2002 Hudkliniken, patient
 * 19121212-1212, users admin/logg/sysadmin/lakare/skoterska).
 */
export async function startTestServer(opts: { demoData?: boolean } = {}): Promise<{ url: string; adminPassword: string; close(): Promise<void> }> {
  const test = await createTestApp('sqlite', { KASUS_DEMO_DATA: String(opts.demoData ?? true) });
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = test.app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, adminPassword: ADMIN_PASSWORD, close: () => test.close() };
}
