// Every page of Kasus in Chromium at 1440 px and 390 px (issue 19, "Phone and accessibility"):
// no horizontal scrolling, no raw i18n keys, and axe-core finds no serious or critical WCAG
// violation. Screenshots of each page at both widths go to test/browser/screenshots (git-ignored),
// or to KASUS_SCREENSHOT_DIR when set.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sv from '../../src/web/i18n/sv.js';
import { ADMIN_PASSWORD, createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app.js';
import { demoCase } from '../helpers/demo-ids.js';
import { ensureWebBuild, launchChromium, logIn } from '../helpers/browser.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = process.env.KASUS_SCREENSHOT_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
const WIDTHS = [1440, 390] as const;
/** Every key path of the Swedish texts ("caseForm.save"): one of them in a page's text is a missing translation. */
function keyPaths(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keyPaths(v as object, `${prefix}${k}.`) : [`${prefix}${k}`.replace(/_(one|other)$/, '')]));
}
const KEYS = new Set(keyPaths(sv));
const KEY_LIKE = /\b[a-zA-Z]+(?:\.[a-zA-Z_][\w]*)+\b/g;

let server: TestApp;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let caseId: string;
let patientId: string;

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  browser = await launchChromium();
  // axe-core is put into the page as a script of its own, which Kasus's CSP would refuse.
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'sv-SE', bypassCSP: true });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  ({ caseId, patientId } = await demoCase(server, await server.login('lakare')));
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

async function as(username: string | null): Promise<void> {
  await context.clearCookies();
  if (!username) return;
  await logIn(page, url, username, username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** What is wrong with the page as shown now: overflow, raw keys, serious/critical axe violations. */
async function problems(width: number): Promise<string[]> {
  const found: string[] = [];
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) {
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
    );
    found.push(`${width}px: ${overflow}px horizontal overflow (${wide.join(', ')})`);
  }
  const text = await page.locator('body').innerText();
  const raw = (text.match(KEY_LIKE) ?? []).filter((k) => KEYS.has(k));
  if (raw.length > 0) found.push(`${width}px: raw i18n keys ${[...new Set(raw)].join(', ')}`);
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join('; ')}`);
  });
  for (const v of violations) found.push(`${width}px: axe ${v}`);
  return found;
}

/** Visits `route` at both widths once `ready` shows, saving a screenshot of each. */
async function visit(name: string, route: string, ready: (p: Page) => Promise<unknown>): Promise<string[]> {
  const found: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto(`${url}${route}`);
    await ready(page);
    // Lists load after the heading; a moment for them (the event stream keeps the network busy).
    await page.waitForTimeout(400);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
    found.push(...(await problems(width)).map((p) => `${route} ${p}`));
  }
  return found;
}

const h1 = (p: Page) => p.locator('main h1').first().waitFor();

describe('every page at 1440 and 390 px', () => {
  it('has no horizontal overflow, no raw i18n keys and no serious or critical axe violations', { timeout: 300_000 }, async () => {
    const found: string[] = [];
    await as(null);
    found.push(...(await visit('login', '/login', (p) => p.getByLabel('Användarnamn').waitFor())));

    await as('lakare');
    found.push(...(await visit('patients', '/patients', h1)));
    found.push(...(await visit('patient', `/patients/${patientId}`, (p) => p.locator('[data-testid=patient-page]').waitFor())));
    found.push(...(await visit('case-search', '/cases', h1)));
    found.push(...(await visit('case', `/cases/${caseId}`, (p) => p.locator('section.case-form').waitFor())));
    found.push(...(await visit('teaching', '/teaching', h1)));
    found.push(...(await visit('status', '/status', h1)));
    found.push(...(await visit('incident-new', '/status/incidents/new', (p) => p.getByRole('button', { name: 'Skicka anmälan' }).waitFor())));
    found.push(...(await visit('incidents', '/status/incidents', h1)));
    found.push(...(await visit('contacts', '/status/contacts', h1)));
    found.push(...(await visit('routines', '/status/routines', h1)));
    found.push(...(await visit('capture', '/capture', (p) => p.getByRole('button', { name: 'Börja fotografera' }).waitFor())));

    await as('sysadmin');
    found.push(...(await visit('console', '/status/console', (p) => p.locator('[data-testid=console-current]').waitFor())));
    found.push(...(await visit('continuity-admin', '/status/admin', h1)));

    await as('logg');
    found.push(...(await visit('audit', '/audit', h1)));
    found.push(...(await visit('reports', '/reports', h1)));

    await as('admin');
    for (const admin of ['departments', 'users', 'roles', 'forms', 'jobs', 'workstations'])
      found.push(...(await visit(`admin-${admin}`, `/admin/${admin}`, h1)));

    expect(found).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
