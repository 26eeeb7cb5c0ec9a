// Browser test of the patient banner (issue 19, "Identity you can trust at a glance"): on the patient page and on
// the case page, the identifier is formatted by its type and birth date, age and legal sex are derived from it,
// at 1440 px and at 390 px without horizontal scrolling. Set KASUS_SCREENSHOT_DIR to keep the screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../helpers/app.js';
import { demoCase } from '../helpers/demo-ids.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { calendarDate, describeIdentifier } from '../../src/server/modules/identifiers/identifier-format.js';
import sv from '../../src/web/i18n/sv.js';

let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;
let physician: Session;

const WIDTHS = [1440, 390] as const;
const today = () => calendarDate(new Date(), 'Europe/Stockholm');

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  physician = await server.login('lakare');
  browser = await openBrowserPage();
  page = browser.page;
  await logIn(page, url, 'lakare', DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function noHorizontalOverflow(where: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${where}: page ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
  const banner = (await page.getByTestId('patient-banner').boundingBox())!;
  expect(banner.x + banner.width, `${where}: banner's right edge`).toBeLessThanOrEqual(client + 0.5);
}

async function lookUp(identifier: string): Promise<void> {
  await page.goto(`${url}/patients`);
  await page.getByLabel(sv.patients.identifier).fill(identifier);
  await page.getByRole('button', { name: sv.patients.search, exact: true }).click();
  await page.getByRole('region', { name: sv.patients.result, exact: true }).getByTestId('patient-banner').waitFor();
}

describe('patient banner', () => {
  it('patient page: a personnummer as 19121212-1212 with type, birth date, age and legal sex', async () => {
    const expected = describeIdentifier('191212121212', 'se_personnummer', today());
    expect(expected.age).toBeGreaterThanOrEqual(113);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await lookUp('191212121212');
      const banner = page.getByTestId('patient-banner');
      expect(await banner.locator('.identifier').textContent()).toBe('19121212-1212');
      const text = (await banner.textContent())!;
      expect(text).toContain(sv.identifierTypes.se_personnummer);
      expect(text).toContain('1912-12-12');
      expect(await banner.getByTestId('patient-age').textContent()).toBe(`${expected.age} år`);
      expect(text).toContain(sv.patientBanner.male);
      expect(text).not.toMatch(/patientBanner\.|identifierTypes\./);
      await noHorizontalOverflow(`patients at ${width} px`);
      await screenshot(page, `patient-banner-patients-${width}`);
    }
  });

  it('case page: the same banner above the case', async () => {
    const { caseId } = await demoCase(server, physician);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${url}/cases/${caseId}`);
      const banner = page.getByTestId('patient-banner');
      await banner.waitFor();
      expect(await banner.locator('.identifier').textContent()).toBe('19121212-1212');
      expect(await banner.getByTestId('patient-age').textContent()).toMatch(/^\d+ år$/);
      await noHorizontalOverflow(`case at ${width} px`);
      await screenshot(page, `patient-banner-case-${width}`);
    }
  });

  it('a Norwegian D-nummer as DDMMYY NNNNN, day − 40 for the birth date; a reservnummer without birth date or sex', async () => {
    const admin = await server.login('admin');
    for (const identifier of ['53097248016', '19810829-M071']) {
      const registered = await server.as(admin, 'POST', '/api/patients', { identifier });
      expect([201, 409]).toContain(registered.statusCode);
    }
    await page.setViewportSize({ width: 390, height: 900 });
    await lookUp('53097248016');
    const banner = page.getByTestId('patient-banner');
    expect(await banner.locator('.identifier').textContent()).toBe('530972 48016');
    const text = (await banner.textContent())!;
    expect(text).toContain(sv.identifierTypes.no_d_nummer);
    expect(text).toContain('1972-09-13');
    expect(text).toContain(sv.patientBanner.female);
    await noHorizontalOverflow('D-nummer at 390 px');
    await screenshot(page, 'patient-banner-d-nummer-390');

    await lookUp('19810829-M071');
    expect(await banner.locator('.identifier').textContent()).toBe('19810829-M071');
    expect(await banner.getByTestId('patient-age').count()).toBe(0);
    expect(await banner.textContent()).toContain(sv.patientBanner.notDerived);
  });
});
