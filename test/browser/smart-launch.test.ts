// Browser test of the SMART App Launch from an EHR (issue 15, I1): Chromium opens Kasus's launch URL as
// the EHR would, goes through the EHR's authorization server (oidc-provider; the EHR's user is logged in
// already, so login and consent are given at once) and lands on the patient's page with the EHR-context
// banner — in read mode with the read-mode banner. An unconfigured EHR gets the Swedish refusal page.
// At 1440 px and 390 px, without horizontal scrolling or raw i18n keys; KASUS_SCREENSHOT_DIR keeps screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ensureWebBuild, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { identifier, SMART_CLIENT, startSmartEhr, SYSTEMS, type EhrLaunch, type SmartEhr } from '../helpers/smart-ehr.js';
import { EHR_TEXTS } from '../../src/web/i18n/ehr-texts.js';

let server: TestApp;
let ehr: SmartEhr;
let url: string;
let browser: BrowserPage;
let page: Page;

beforeAll(async () => {
  await ensureWebBuild();
  ehr = await startSmartEhr();
  server = await createTestApp('sqlite', {
    KASUS_DEMO_DATA: 'true',
    KASUS_SMART_CLIENTS: JSON.stringify([
      { iss: ehr.fhirBase, clientId: SMART_CLIENT.clientId, clientSecret: SMART_CLIENT.clientSecret, department: 'SE2321000016-1001', users: { 'Practitioner/dr-1': 'lakare' } },
    ]),
  });
  url = await server.listen();
  await ehr.start([`${url}/launch/callback`]);
  ehr.resources.set('Patient/p-1', { resourceType: 'Patient', id: 'p-1', identifier: [identifier(SYSTEMS.personnummer, '191212121212')] });
  browser = await openBrowserPage();
  page = browser.page;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ehr?.close();
});

const launchUrl = (launch: EhrLaunch, iss = ehr.fhirBase) => `${url}/launch?iss=${encodeURIComponent(iss)}&launch=${ehr.launch(launch)}`;

async function looksRight(where: string): Promise<void> {
  const { scroll, client, text } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, text: document.body.innerText }));
  expect(scroll, `${where}: page ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
  expect(text, where).not.toMatch(/\b(ehr|looking|errors)\.[a-zA-Z]/);
}

describe('SMART launch from the EHR', () => {
  for (const width of [1440, 390] as const) {
    it(`goes through the EHR's login to the patient's page with the EHR-context banner, read mode with its banner, at ${width} px`, async () => {
      await page.context().clearCookies();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(launchUrl({ practitioner: 'dr-1', patient: 'p-1', encounter: 'e-1' }));
      await page.waitForURL(new RegExp(`^${url}/patients/[0-9a-f-]{36}$`));
      await page.getByTestId('patient-page').waitFor();
      expect(await page.getByTestId('patient-page').innerText()).toContain('19121212-1212');
      expect(await page.locator('main').innerText()).toContain(EHR_TEXTS.sv.openedFromEhr);
      expect(await page.getByRole('button', { name: 'Nytt ärende' }).count()).toBe(1);
      await looksRight(`landing at ${width} px`);
      await screenshot(page, `smart-launch-landing-${width}`);

      // The EHR in read mode (its launch context says so): the read-mode banner, nothing to save.
      await page.goto(launchUrl({ practitioner: 'dr-1', patient: 'p-1', extra: { kasus_mode: 'read' } }));
      await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
      const banner = page.getByTestId('ehr-readonly-banner');
      await banner.waitFor();
      expect(await banner.innerText()).toContain(EHR_TEXTS.sv.readOnlyTitle);
      await page.getByTestId('patient-page').waitFor();
      expect(await page.getByRole('button', { name: 'Nytt ärende' }).count()).toBe(0);
      await looksRight(`read mode at ${width} px`);
      await screenshot(page, `smart-launch-read-mode-${width}`);

      // An EHR Kasus is not configured for: the Swedish page, not the app.
      await page.goto(launchUrl({ practitioner: 'dr-1', patient: 'p-1' }, 'https://okant-journalsystem.test/fhir'));
      await expect.poll(() => page.locator('h1').innerText()).toBe('Kasus kunde inte öppnas från journalen');
      expect(await page.locator('body').innerText()).toContain('inte är anslutet till Kasus');
      await looksRight(`refusal at ${width} px`);
      await screenshot(page, `smart-launch-refused-${width}`);
      expect(browser.pageErrors).toEqual([]);
    }, 60_000);
  }
});
