import type { DialectName } from '../../src/server/db/database.js';
import { createTestDatabase } from './databases.js';
import { createAppOn, type TestApp } from './kasus-app.js';

export { ADMIN_PASSWORD, DEMO_PASSWORD, type Session, type TestApp } from './kasus-app.js';

/** A Kasus app on a fresh database of the given dialect (one per test file), with demo data. */
export async function createTestApp(dialect: DialectName, env: Record<string, string> = {}): Promise<TestApp> {
  return createAppOn(await createTestDatabase(dialect), env);
}
