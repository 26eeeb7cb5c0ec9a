// Generates src/web/api-schema.ts, the web client's types, from the server's OpenAPI document.
//
//   npm run generate:api
//
// The app is built on a throwaway SQLite database in a temporary directory, its OpenAPI document
// (the same as GET /api/openapi.json) is read with app.swagger() and turned into TypeScript with
// openapi-typescript. The output depends only on the route schemas: same schemas, same bytes.
// test/integration/api-types.test.ts fails when the committed file is out of date.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { loadConfig } from '../src/server/config/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { buildApp } from '../src/server/http/app.js';
import { createServices } from '../src/server/services.js';

export const API_SCHEMA_PATH = fileURLToPath(new URL('../src/web/api-schema.ts', import.meta.url));
export const GENERATE_COMMAND = 'npm run generate:api';

const HEADER = `/**
 * GENERATED FILE, DO NOT EDIT.
 *
 * The Kasus API's paths, request bodies and responses as TypeScript types, generated from the
 * server's OpenAPI document (GET /api/openapi.json) by scripts/generate-api-types.ts.
 * After changing a route's schema, regenerate with: ${GENERATE_COMMAND}
 */

`;

/** The server's OpenAPI document, read from an app built on a throwaway SQLite database. */
export async function readOpenApiDocument(): Promise<OpenAPI3> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kasus-openapi-'));
  try {
    const config = loadConfig({
      KASUS_DATA_DIR: dataDir,
      KASUS_DATABASE_URL: `sqlite:${path.join(dataDir, 'kasus.db')}`,
      KASUS_LOG_LEVEL: 'silent',
      KASUS_WORKER: 'off',
    });
    const database = await openDatabase(config.databaseUrl);
    try {
      await migrateToLatest(database);
      const services = createServices(config, database);
      const app = await buildApp(services, { logger: false });
      try {
        await app.ready();
        // A deep copy: openapi-typescript may annotate the object it is given.
        return JSON.parse(JSON.stringify(app.swagger())) as OpenAPI3;
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The text of src/web/api-schema.ts for the given OpenAPI document. */
export async function renderApiTypes(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, { silent: true, alphabetize: true });
  return HEADER + astToString(ast).replace(/\r\n/g, '\n');
}

/** The text of src/web/api-schema.ts as the server's current schemas give it. */
export async function generateApiTypes(): Promise<string> {
  return renderApiTypes(await readOpenApiDocument());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await generateApiTypes();
  writeFileSync(API_SCHEMA_PATH, text);
  console.log(`Wrote ${path.relative(process.cwd(), API_SCHEMA_PATH)} (${text.length} characters).`);
}
