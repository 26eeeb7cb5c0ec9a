// Runs INSIDE a network namespace of its own (`unshare -n`, only loopback up), started by
// offline-copy-viewer.test.ts: starts the workstation's viewer (`kasus offline-copy serve`) and
// drives Debian's Chromium against it, as staff would use the copy during an outage. Everything
// it saw is printed as one JSON line on stdout; screenshots and PDFs go to the output directory.
// Not a test file itself (the test asserts on what it reports).
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sv from '../../src/web/i18n/sv.js';
import { COPY_ANNOTATION_TEXTS } from '../../src/web/i18n/copy-annotation-texts.js';
import { launchChromium } from '../helpers/browser.js';

interface Input {
  dir: string;
  out: string;
  serverUrl: string;
  username: string;
  password: string;
  identifier: string;
  caseId: string;
  /** A confidential patient's case: opened only in an emergency, with a reason. */
  secretIdentifier: string;
  secretCaseId: string;
  /** The photo that carries annotations. */
  annotatedMediaId: string;
  /** The run's bundled CLI (test/helpers/cli-bundle.ts). */
  cli: string;
}

const input = JSON.parse(process.argv[2]!) as Input;
const ROOT = path.resolve(import.meta.dirname, '../..');
const report: Record<string, unknown> = {};
const P = sv.offlineCopy.print;
const A = COPY_ANNOTATION_TEXTS.sv;
/** Shapes drawn over thumbnails: of the annotated photo, and of the others. */
async function thumbShapes(page: Page): Promise<{ annotated: number; others: number }> {
  const shapes = '.media-thumb [data-testid="annotation-layer"] [data-shape]';
  return {
    annotated: await page.locator(`.media-card[data-media-id="${input.annotatedMediaId}"] ${shapes}`).count(),
    others: await page.locator(`.media-card:not([data-media-id="${input.annotatedMediaId}"]) ${shapes}`).count(),
  };
}

/** How far the page is wider than the window (0: no horizontal scrolling), and raw codes shown. */
async function layout(page: Page, name: string, fullPage = true): Promise<void> {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(input.out, `${name}-${width}.png`), fullPage });
    report[`overflow:${name}:${width}`] = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const text = await page.locator('body').innerText();
    report[`rawCodes:${name}:${width}`] = text.match(/offlineCopy\.|read_only_copy|not_found|http_\d{3}|\{\{/g) ?? [];
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function main(): Promise<void> {
  const serve = spawn(process.execPath, [input.cli, 'offline-copy', 'serve', '--dir', input.dir, '--key', path.join(input.dir, 'identity.key'), '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, KASUS_LOG_LEVEL: 'silent' },
  });
  let serveOut = '';
  serve.stdout.on('data', (c: Buffer) => (serveOut += c.toString()));
  serve.stderr.on('data', (c: Buffer) => (serveOut += c.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`viewer did not start: ${serveOut}`)), 90_000);
    serve.stdout.on('data', () => {
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(serveOut);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    serve.on('exit', (code) => reject(new Error(`viewer exited ${code}: ${serveOut}`)));
  });
  const browser = await launchChromium();
  try {
    // No network here: the server the copy came from cannot be reached.
    try {
      await fetch(`${input.serverUrl}/api/health`, { signal: AbortSignal.timeout(3000) });
      report.outside = 'reachable';
    } catch {
      report.outside = 'unreachable';
    }

    // The workstation stands in the hospital, and its clock shows the hospital's time.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    // Sign-in: the banner is there before anyone signs in.
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login$/);
    const banner = page.getByTestId('copy-banner');
    report.loginBanner = await banner.innerText();
    await layout(page, 'login');

    await page.getByLabel('Användarnamn').fill(input.username);
    await page.getByLabel('Lösenord').fill(input.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();
    report.banner = await banner.innerText();
    report.nav = await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link').allInnerTexts();

    // A page the copy does not hold says so, rather than failing.
    await page.goto(`${base}/admin/departments`);
    report.adminPage = await page.getByRole('heading', { level: 1 }).innerText();
    report.adminBanner = await banner.isVisible();

    // Find the patient and open the case.
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: sv.nav.patients }).click();
    await page.getByLabel(sv.patients.identifier).fill(input.identifier);
    await page.getByRole('button', { name: sv.patients.search }).click();
    const card = page.locator('.patient-card');
    await card.waitFor();
    report.patientCard = await card.innerText();
    const show = card.getByRole('button', { name: sv.cases.showCases });
    if (await show.count()) await show.click();
    await card.locator('.case-list a').first().click();
    await page.waitForURL(new RegExp(`/cases/${input.caseId}$`));
    await page.locator('.case-values').waitFor();
    await page.waitForFunction(() => {
      const images = [...document.querySelectorAll('main img')] as HTMLImageElement[];
      return images.length > 0 && images.every((i) => i.complete && i.naturalWidth > 0);
    });
    report.images = await page.locator('main img').count();
    report.caseText = await page.locator('main').innerText();
    report.caseButtons = await page.locator('main button').allInnerTexts();
    report.caseBanner = await banner.innerText();
    // The annotated photo's layer over its thumbnail, and the legend; hidden and shown with the toggle.
    report.thumbShapes = await thumbShapes(page);
    report.annotationLegend = await page.getByTestId('annotation-legend').innerText();
    await layout(page, 'case');
    await page.getByRole('button', { name: A.hide }).click();
    report.thumbShapesHidden = (await thumbShapes(page)).annotated;
    report.annotationLegendHidden = await page.getByTestId('annotation-legend').innerText();
    await layout(page, 'case-hidden-annotations');
    await page.getByRole('button', { name: A.show }).click();
    report.thumbShapesShownAgain = (await thumbShapes(page)).annotated;

    // A photo opens in the viewer from its preview, with its layer; the copy has no originals to offer.
    await page.locator(`.media-card[data-media-id="${input.annotatedMediaId}"] .media-thumb`).click();
    const viewer = page.getByRole('dialog');
    await viewer.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('dialog[open] img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    });
    report.viewerButtons = await viewer.getByRole('button').allInnerTexts();
    report.viewerImage = await viewer.locator('img').first().getAttribute('src');
    await viewer.locator('[data-testid="annotation-layer"] [data-shape]').first().waitFor();
    report.viewerShapes = await viewer.locator('[data-testid="annotation-layer"] [data-shape]').count();
    report.viewerText = await viewer.innerText();
    await page.screenshot({ path: path.join(input.out, 'viewer-annotations-1440.png') });
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });

    // The browser's own print, without the logged reason, prints a notice only.
    await page.pdf({ path: path.join(input.out, 'unlogged.pdf'), format: 'A4' });

    // "Skriv ut": the reason is required; then the print is logged and the browser prints.
    // Headless Chromium has no print dialog to show: window.print() would hold the page "being
    // printed" forever. It is counted here instead, and the printing itself is Chromium's own
    // (page.pdf(), with the page's print style) right after.
    await page.evaluate(() => {
      const w = window as unknown as { printCalls: number };
      w.printCalls = 0;
      window.print = () => {
        w.printCalls++;
      };
    });
    await page.getByRole('button', { name: P.button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: P.title });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: P.submit }).click();
    report.noReason = await dialog.getByRole('alert').innerText();
    await dialog.getByLabel(P.reasons.other).check();
    await dialog.getByRole('button', { name: P.submit }).click();
    report.otherWithoutWords = await dialog.getByRole('alert').innerText();
    await dialog.getByLabel(P.reasons.care).check();
    report.alertsAfterChoice = await dialog.getByRole('alert').count();
    await layout(page, 'print-dialog', false);
    await dialog.getByRole('button', { name: P.submit }).click();
    await page.getByText(P.logged).waitFor();
    await page.waitForTimeout(500);
    report.dialogOpen = await dialog.isVisible();
    report.printCalls = await page.evaluate(() => (window as unknown as { printCalls: number }).printCalls);
    // The print layout (approved by the logged reason): the annotations print by default, with the legend, without the toggle.
    await page.emulateMedia({ media: 'print' });
    report.printShapes = (await thumbShapes(page)).annotated;
    report.printLayerVisible = await page.locator(`.media-card[data-media-id="${input.annotatedMediaId}"] .thumb-annotations`).isVisible();
    report.printLegendVisible = await page.getByTestId('annotation-legend').isVisible();
    report.printToggleVisible = await page.getByRole('button', { name: A.hide }).isVisible();
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(input.out, `case-print-${width}.png`), fullPage: true });
      report[`overflow:case-print:${width}`] = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ media: null });
    await page.pdf({ path: path.join(input.out, 'case.pdf'), format: 'A4' });

    // A write is refused by the copy with 405 read_only_copy.
    report.write = await page.evaluate(async (caseId) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const answer = await fetch(`/api/cases/${caseId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ values: { site: 'Ändrad på reservdatorn' } }),
      });
      return { status: answer.status, body: await answer.json() };
    }, input.caseId);

    // A confidential patient's case: rights and confidentiality apply on the copy as on the server.
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: sv.nav.patients }).click();
    await page.getByLabel(sv.patients.identifier).fill(input.secretIdentifier);
    await page.getByRole('button', { name: sv.patients.search }).click();
    const secretCard = page.locator('.patient-card');
    await secretCard.getByText(sv.confidentiality.patient, { exact: true }).waitFor();
    const showSecret = secretCard.getByRole('button', { name: sv.cases.showCases });
    if (await showSecret.count()) await showSecret.click();
    await secretCard.locator('.case-list a').first().click();
    await page.waitForURL(new RegExp(`/cases/${input.secretCaseId}$`));
    // "Ärende" stands as the heading while the case loads: wait for the refusal's own page.
    await page.getByRole('button', { name: sv.emergency.open }).waitFor();
    report.secretHeading = await page.getByRole('heading', { level: 1 }).innerText();
    await page.getByRole('button', { name: sv.emergency.open }).click();
    const emergency = page.getByRole('dialog', { name: sv.emergency.title });
    await emergency.getByLabel(sv.emergency.reason).fill('Akut omläggning under driftstopp, behöver se tidigare bilder');
    await emergency.getByRole('button', { name: sv.emergency.submit }).click();
    await page.locator('.case-values').waitFor();
    report.secretCaseText = await page.locator('main').innerText();

    report.pageErrors = pageErrors;
    await context.close();
  } finally {
    await browser.close();
    serve.kill('SIGTERM');
    await new Promise((resolve) => serve.once('exit', resolve));
  }
}

main().then(
  () => {
    console.log(JSON.stringify(report));
    process.exit(0);
  },
  (error: unknown) => {
    console.log(JSON.stringify({ ...report, error: error instanceof Error ? error.stack : String(error) }));
    process.exit(0);
  },
);
