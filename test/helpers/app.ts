import type { DialectName } from '../../src/server/db/database.js';
import { createTestDatabase } from './databases.js';
import { createPreparedTestDatabase } from './templates.js';
import { createAppOn, type TestApp, type TestAppOptions } from './kasus-app.js';

export { ADMIN_PASSWORD, DEMO_PASSWORD, type Session, type TestApp, type TestAppOptions } from './kasus-app.js';

/**
 * A Kasus app on a fresh database of the given dialect (one per test file), with demo data.
 * Pass `{ clock: new TestClock(...) }` to set the time the app's rules see instead of waiting.
 */
export async function createTestApp(dialect: DialectName, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  // A set clock changes what bootstrap seeds (routine dates), so such apps bootstrap their own.
  const database = options.clock ? await createTestDatabase(dialect) : await createPreparedTestDatabase(dialect, env);
  return createAppOn(database, env, options);
}
