import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every JSON API call of the web app goes through the typed client (`call(client.GET(...))`), so
// its path, parameters, body and answer are checked at compile time. This test keeps it so: no
// file but api.ts calls fetch or XMLHttpRequest itself, and nothing imports an untyped helper.
const WEB = path.dirname(fileURLToPath(import.meta.url));
const UNTYPED_HELPERS = ['api', 'get', 'post', 'patch', 'put', 'del'];
/** Helpers kept for a file another change owns; each must still be in use (else drop it here and in api.ts). */
const KEPT: Record<string, string[]> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Comments out, so a comment that names fetch() is not a call. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** The names a file imports from the api module (`./api`, `../../api`), or `*` for a namespace import. */
function importsFromApi(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/import\s+(type\s+)?([^'";]*?)\s+from\s+['"](?:\.{1,2}\/)+(?:[\w-]+\/)*api['"]/g)) {
    const clause = m[2]!;
    if (/\*\s+as\s+\w+/.test(clause)) names.push('*');
    const braces = /\{([^}]*)\}/.exec(clause);
    for (const part of braces ? braces[1]!.split(',') : []) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim();
      if (name) names.push(name);
    }
  }
  // import('./api') reaches the same exports.
  if (/import\(\s*['"](?:\.{1,2}\/)+(?:[\w-]+\/)*api['"]\s*\)/.test(text)) names.push('*');
  return names;
}

/** The ways a file breaks the rule, as short descriptions. */
function untypedUses(relative: string, text: string): string[] {
  if (relative === 'api.ts' || relative === 'api-schema.ts') return [];
  const source = code(text);
  const found: string[] = [];
  if (/\bfetch\s*\(/.test(source)) found.push('calls fetch() by hand');
  if (/\bXMLHttpRequest\b/.test(source)) found.push('uses XMLHttpRequest by hand');
  const kept = KEPT[relative] ?? [];
  for (const name of importsFromApi(source)) {
    if (name === '*') found.push('imports the api module as a namespace');
    else if (UNTYPED_HELPERS.includes(name) && !kept.includes(name)) found.push(`imports the untyped helper ${name}()`);
  }
  return found;
}

describe('API calls of the web app', () => {
  const files = sourceFiles(WEB).map((file) => ({ relative: path.relative(WEB, file).split(path.sep).join('/'), text: readFileSync(file, 'utf8') }));

  it('go through the typed client only', () => {
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) => untypedUses(f.relative, f.text).map((problem) => `${f.relative} ${problem}`));
    expect(offenders, 'use call(client.GET(...)) from src/web/api.ts').toEqual([]);
  });

  it('leaves api.ts without untyped helpers, and keeps a helper only while its file still needs it', async () => {
    const api = await import('./api');
    const kept = Object.values(KEPT).flat();
    expect(UNTYPED_HELPERS.filter((name) => name in api && !kept.includes(name))).toEqual([]);
    for (const [relative, names] of Object.entries(KEPT)) {
      const file = files.find((f) => f.relative === relative);
      const used = file ? importsFromApi(code(file.text)) : [];
      expect(names.filter((name) => !used.includes(name)), `${relative} no longer needs these: drop them from KEPT and api.ts`).toEqual([]);
    }
  });

  it('recognises a call by hand and an untyped helper', () => {
    expect(untypedUses('pages/X.tsx', "const r = await fetch('/api/cases');")).toEqual(['calls fetch() by hand']);
    expect(untypedUses('pages/X.tsx', "import { call, get as load } from '../api';")).toEqual(['imports the untyped helper get()']);
    expect(untypedUses('pages/X.tsx', "import * as http from '../../api';")).toEqual(['imports the api module as a namespace']);
    expect(untypedUses('pages/X.tsx', "// fetch('/api/x') is not used here\nimport { call, client } from '../api';")).toEqual([]);
    expect(untypedUses('pages/X.tsx', "import { client } from '../api-schema';")).toEqual([]);
  });
});
