import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS } from './audit-texts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') && !file.endsWith('.test.ts') ? [file] : [];
  });
}

const CODE = '[a-z][a-z_-]*(?:\\.[a-z][a-z_-]*)+';
/** Functions that take the action code as an argument (the audited seam, access checks, services' helpers). */
const TAKES_ACTION = 'named|read|write|requireAdmin|requireManage|requireCase|readable|change|changeMedia|scope';
/** Codes made from a template: every value the template can take. */
const TEMPLATES: Record<string, string[]> = {
  'media.': ['media.original', 'media.thumbnail', 'media.preview', 'media.poster', 'media.playable'],
  'backlog.': ['backlog.verify', 'backlog.enter'],
};

/** Every action code written to the audit log by the server and by the backup workstation's viewer. */
function actionCodes(): { codes: Set<string>; templates: string[] } {
  const codes = new Set<string>();
  const templates: string[] = [];
  for (const file of [...sources(path.join(ROOT, 'src/server')), ...sources(path.join(ROOT, 'src/offline'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baction: '([a-z][a-z_.-]*)'/g)) codes.add(m[1]!);
    for (const m of text.matchAll(new RegExp(`\\b(?:${TAKES_ACTION})\\((?:ctx|null)?[^'\\n;]*?(?<!right: )'(${CODE})'`, 'g'))) codes.add(m[1]!);
    // `media.${variant}`, `backlog.${…}` as an action (assigned to `action` or given to named()).
    for (const m of text.matchAll(/\b(?:named\(|action =)[^\n`]*`([a-z_-]+\.)\$\{/g)) templates.push(m[1]!);
  }
  for (const prefix of templates) for (const code of TEMPLATES[prefix] ?? []) codes.add(code);
  return { codes, templates };
}

describe('audit action labels', () => {
  const { codes, templates } = actionCodes();

  it('finds the action codes in the server source, templates included', () => {
    expect(codes.size).toBeGreaterThan(80);
    for (const code of ['login', 'case.read', 'media.thumbnail', 'media.upload.begin', 'backlog.verify', 'offline-copy.sync', 'case.print', 'audit.list']) expect(codes).toContain(code);
    // A new template action needs its values listed above.
    expect(templates.filter((prefix) => !TEMPLATES[prefix])).toEqual([]);
    // Rights are not actions.
    expect(codes).not.toContain('continuity.manage');
  });

  it.each(['sv', 'nb', 'en'] as const)('has a %s label for every action code the server can write', (lang) => {
    const labels = AUDIT_ACTION_LABELS[lang];
    expect([...codes].filter((code) => !labels[code]?.trim()).sort()).toEqual([]);
    // No label is the code itself.
    expect(Object.entries(labels).filter(([code, label]) => label === code)).toEqual([]);
  });
});
