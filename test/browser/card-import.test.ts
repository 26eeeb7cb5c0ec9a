// Browser test of card import (issue 16, M5): on the case page a folder is chosen with the folder
// picker (webkitdirectory), each file shows its progress, the analysis names the two capture
// sessions, the identity images read and the series without one, the import is split and added;
// the new case shows the flag. At 1440 px and 390 px without horizontal scrolling and without raw
// i18n keys. Set KASUS_SCREENSHOT_DIR to keep the screenshots.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../helpers/app.js';
import { series, writeCard } from '../helpers/card-fixtures.js';
import { demoCase } from '../helpers/demo-ids.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { IMPORT_TEXTS } from '../../src/web/i18n/import-texts.js';

const sv = IMPORT_TEXTS.sv;
let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;
let physician: Session;
let card: string;

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  physician = await server.login('lakare');
  card = mkdtempSync(path.join(tmpdir(), 'kasus-browser-card-'));
  // A card as a camera writes it: a morning series with identity images, an afternoon without.
  await writeCard(path.join(card, 'DCIM', '100CANON'), [...series('AM', '2026:12:01 09:00', 2, '19121212-1212'), ...series('PM', '2026:12:01 14:00', 1, null, undefined, 20)]);
  browser = await openBrowserPage();
  page = browser.page;
  await logIn(page, url, 'lakare', DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function noHorizontalOverflow(where: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${where}: page ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
}

async function noRawKeys(where: string): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text, where).not.toMatch(/\bcardImport\.[a-z]/);
}

describe('card import in the web app', () => {
  for (const width of [1440, 390] as const) {
    it(`imports a folder of two sessions, split into two cases, at ${width} px`, async () => {
      const { caseId } = await demoCase(server, physician);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${url}/cases/${caseId}`);
      await page.getByRole('button', { name: sv.open }).click();
      const panel = page.locator('section.card-import');
      await panel.getByText(sv.intro).waitFor();
      const picker = panel.locator('input[type=file]');
      expect(await picker.getAttribute('webkitdirectory')).not.toBeNull();
      await picker.setInputFiles(card);

      // Per-file progress, then the analysis in words.
      await panel.getByText('DCIM/100CANON/AM_0001.JPG').waitFor();
      await panel.getByText('5 filer i 2 fotograferingstillfällen.').waitFor({ timeout: 60_000 });
      expect(await panel.locator('progress').count()).toBe(5);
      expect(await panel.getByText(sv.phase.staged, { exact: true }).count()).toBe(5);
      // The morning's identity images, at its start and end, read by OCR and shown formatted.
      expect((await panel.innerText()).match(/ID-bild i början: visar 19121212-1212;\s+ID-bild i slutet: visar 19121212-1212/g)).toHaveLength(1);
      await panel.getByText('Kortet innehåller 2 fotograferingstillfällen.', { exact: false }).waitFor();
      await panel.getByText('Tillfälle 2 saknar ID-bild i början och i slutet.', { exact: false }).waitFor();
      const add = panel.getByRole('button', { name: sv.commit });
      expect(await add.isDisabled()).toBe(true);
      await noRawKeys(`analysis at ${width} px`);
      await noHorizontalOverflow(`analysis at ${width} px`);
      await screenshot(page, `card-import-analysis-${width}`);

      await panel.getByLabel(sv.split).check();
      await add.click();
      await panel.getByText('5 filer lades till.').waitFor({ timeout: 60_000 });
      // This case holds the morning; the new case the afternoon, flagged.
      await page.getByText('AM_0001.JPG').first().waitFor();
      const media = (await server.as(physician, 'GET', `/api/cases/${caseId}`)).json().media as { originalFilename: string }[];
      expect(media.map((m) => m.originalFilename)).toEqual(['AM_ID1.JPG', 'AM_0001.JPG', 'AM_0002.JPG', 'AM_ID2.JPG']);
      await screenshot(page, `card-import-done-${width}`);
      await panel.getByRole('link', { name: sv.newCase }).click();
      await page.getByRole('heading', { name: sv.flagsTitle }).waitFor();
      await page.getByText('En importerad serie saknar ID-bild i början och i slutet (PM_0001.JPG).').waitFor();
      await noRawKeys(`flags at ${width} px`);
      await noHorizontalOverflow(`flags at ${width} px`);
      await screenshot(page, `card-import-flag-${width}`);
      expect(browser.pageErrors).toEqual([]);
    }, 120_000);
  }

  it('an administrator marks a form forensic in the form editor', async () => {
    const admin = await openBrowserPage();
    try {
      await logIn(admin.page, url, 'admin', ADMIN_PASSWORD);
      await admin.page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await admin.page.goto(`${url}/admin/forms`);
      await admin.page.getByRole('button', { name: 'Redigera Klinisk fotografering' }).click();
      const box = admin.page.getByLabel(sv.forensicLabel);
      expect(await box.isChecked()).toBe(false);
      await box.check();
      await admin.page.getByRole('button', { name: 'Spara' }).click();
      await admin.page.getByRole('status').filter({ hasText: 'sparat' }).first().waitFor();
      const forms = (await server.as(physician, 'GET', '/api/forms')).json() as { name: string; forensic: boolean }[];
      expect(forms.find((f) => f.name === 'Klinisk fotografering')?.forensic).toBe(true);
      expect(admin.pageErrors).toEqual([]);
    } finally {
      await admin.close();
    }
  }, 60_000);
});
