import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_SCHEMA_PATH, GENERATE_COMMAND, generateApiTypes, readOpenApiDocument, renderApiTypes } from '../../scripts/generate-api-types.js';

// The web client's types (src/web/api-schema.ts) are generated from the server's OpenAPI document
// and committed; the suite fails when a route's schema changed and the file was not regenerated.
describe('generated web client types', () => {
  it('src/web/api-schema.ts is up to date with the server schemas', async () => {
    const expected = await generateApiTypes();
    const committed = readFileSync(API_SCHEMA_PATH, 'utf8');
    if (committed !== expected) {
      const lines = committed.split('\n');
      const fresh = expected.split('\n');
      const at = fresh.findIndex((line, i) => line !== lines[i]);
      expect.fail(
        `src/web/api-schema.ts is out of date with the server's OpenAPI schemas (first difference at line ${at + 1}: ` +
          `committed ${JSON.stringify(lines[at] ?? '<end of file>')}, expected ${JSON.stringify(fresh[at] ?? '<end of file>')}). ` +
          `Run \`${GENERATE_COMMAND}\` and commit the result.`,
      );
    }
  });

  it('the same document gives the same bytes', async () => {
    const document = await readOpenApiDocument();
    const first = await renderApiTypes(document);
    const second = await renderApiTypes(JSON.parse(JSON.stringify(document)));
    expect(second).toBe(first);
    expect(first).toContain('"/api/cases/{id}"');
    expect(first.startsWith('/**\n * GENERATED FILE, DO NOT EDIT.')).toBe(true);
  });
});
