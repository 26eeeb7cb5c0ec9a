// Browser test of the signed-URL launch from an EHR (issue 15, I1): the EHR's link opens the
// patient's page with their cases in Kasus without a login, the identifier never in Kasus's address; a launch in read
// mode shows why nothing can be saved; a spent link shows a Swedish page. At 1440 px and 390 px,
// without horizontal scrolling or raw i18n keys. Set KASUS_SCREENSHOT_DIR to keep the screenshots.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app.js';
import { signLaunch } from '../helpers/kasus-app.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { EHR_TEXTS } from '../../src/web/i18n/ehr-texts.js';
import { mediaDir, taggedM4a } from '../helpers/media-fixtures.js';

const IDENTIFIER = '19121212-1212';
let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  browser = await openBrowserPage();
  page = browser.page;
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
  expect(text, where).not.toMatch(/\b(ehr|looking|errors)\.[a-zA-Z]/);
}

describe('launch from the EHR', () => {
  it('adds a photo marked as ultrasound from an EHR-launched session; an ordinary login is not offered the mark', async () => {
    await page.context().clearCookies();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${url}/launch/signed?token=${await signLaunch({ patient: IDENTIFIER })}`);
    await page.getByTestId('patient-page').getByLabel('Avdelning').selectOption({ label: 'Kirurgkliniken' });
    await page.getByRole('button', { name: 'Nytt ärende' }).click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    const caseId = page.url().split('/').at(-1)!;
    const file = path.join(mediaDir(), 'ehr-ultraljud.jpg');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20, g: 20, b: 30 } } }).jpeg().toFile(file);
    await page.getByLabel(EHR_TEXTS.sv.ultrasound).check();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Välj filer' }).click()]);
    await chooser.setFiles(file);
    await page.locator('.upload-row').filter({ hasText: EHR_TEXTS.sv.ultrasoundLabel }).waitFor();
    await expect
      .poll(async () => {
        const events = await server.services.database.db.selectFrom('audit_event').select('details').where('action', '=', 'media.upload').where('outcome', '=', 'success').execute();
        return events.some((e) => JSON.parse(e.details).ultrasound === true && JSON.parse(e.details).ehrContext === true);
      }, { timeout: 20_000 })
      .toBe(true);
    await screenshot(page, 'ehr-launch-ultrasound-1440');

    // Logged in with a password: no ultrasound mark, and the panel says why.
    await page.context().clearCookies();
    await logIn(page, url, 'lakare', DEMO_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${url}/cases/${caseId}`);
    await page.getByText(EHR_TEXTS.sv.audioHint).waitFor();
    expect(await page.getByLabel(EHR_TEXTS.sv.ultrasound).count()).toBe(0);
    // A recording dropped in anyway is refused with the reason, in the user's language.
    const note = await taggedM4a(mediaDir(), 'ehr-diktat.m4a');
    const [again] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Välj filer' }).click()]);
    await again.setFiles(note);
    await page.locator('.upload-row').filter({ hasText: 'ehr-diktat.m4a' }).getByText(EHR_TEXTS.sv.refusal).waitFor();
  }, 60_000);

  for (const width of [1440, 390] as const) {
    it(`opens the patient's cases from a signed link, read mode with its banner, a spent link refused, at ${width} px`, async () => {
      await page.context().clearCookies();
      await page.setViewportSize({ width, height: 900 });
      const token = await signLaunch({ patient: IDENTIFIER });
      await page.goto(`${url}/launch/signed?token=${token}`);
      await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
      // Kasus's own addresses name the patient by its opaque id only.
      expect(page.url()).not.toContain('121212');
      // The patient named as the banner formats it, with their cases (and the way to start one).
      await page.getByTestId('patient-page').waitFor();
      expect(await page.getByTestId('patient-page').innerText()).toContain('19121212-1212');
      expect(await page.locator('main').innerText()).toContain(EHR_TEXTS.sv.openedFromEhr);
      expect(await page.getByRole('button', { name: 'Nytt ärende' }).count()).toBe(1);
      await expect.poll(() => page.getByTestId('ehr-readonly-banner').count()).toBe(0);
      await page.getByTestId('patient-page').getByRole('heading', { name: 'Ärenden' }).waitFor();
      await screenshot(page, `ehr-launch-landing-${width}`);
      await noRawKeys(`landing at ${width} px`);
      await noHorizontalOverflow(`landing at ${width} px`);

      // The same link again: spent.
      await page.goto(`${url}/launch/signed?token=${token}`);
      await expect.poll(() => page.locator('h1').innerText()).toBe('Kasus kunde inte öppnas från journalen');
      expect(await page.locator('body').innerText()).toContain('redan använts');
      await noHorizontalOverflow(`refusal at ${width} px`);
      await screenshot(page, `ehr-launch-refused-${width}`);

      // In read mode: the banner says why, on every page.
      await page.goto(`${url}/launch/signed?token=${await signLaunch({ patient: IDENTIFIER, mode: 'read' })}`);
      // At 390 px the first run's service worker is installed: the launch link must still reach the server.
      await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
      const banner = page.getByTestId('ehr-readonly-banner');
      await banner.waitFor();
      expect(await banner.innerText()).toContain(EHR_TEXTS.sv.readOnlyTitle);
      // Nothing offered that the server would refuse.
      await page.getByTestId('patient-page').waitFor();
      expect(await page.getByRole('button', { name: 'Nytt ärende' }).count()).toBe(0);
      await noRawKeys(`read mode at ${width} px`);
      await noHorizontalOverflow(`read mode at ${width} px`);
      await screenshot(page, `ehr-launch-read-mode-${width}`);
      await page.goto(`${url}/cases`);
      await banner.waitFor();
      expect(browser.pageErrors).toEqual([]);
    }, 60_000);
  }
});
