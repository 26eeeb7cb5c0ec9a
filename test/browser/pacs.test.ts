// Browser test of the DICOM export to PACS (issue 15, I3): on a signed case of a department with a
// PACS (a real Orthanc), "Skicka till PACS" requests the send and the section follows it until it
// says "Skickad till PACS". At 1440 px and at 390 px without horizontal overflow. Set
// KASUS_SCREENSHOT_DIR to keep the screenshots.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../helpers/app.js';
import { demoCase } from '../helpers/demo-ids.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { mediaDir } from '../helpers/media-fixtures.js';
import { startOrthanc, type TestOrthanc } from '../helpers/orthanc.js';
import { PACS_TEXTS } from '../../src/web/i18n/pacs-texts.js';

const T = PACS_TEXTS.sv;
let orthanc: TestOrthanc;
let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;
let doctor: Session;

beforeAll(async () => {
  await ensureWebBuild();
  orthanc = await startOrthanc();
  const pacs = {
    'SE2321000016-1001': { url: orthanc.dicomWeb, username: orthanc.username, password: orthanc.password },
    // Hudkliniken's PACS refuses Kasus (a wrong password): the section shows the reason while it tries again.
    'SE2321000016-2002': { url: orthanc.dicomWeb, username: orthanc.username, password: 'not-the-password' },
  };
  server = await createTestApp('sqlite', { KASUS_PACS: JSON.stringify(pacs) });
  url = await server.listen();
  doctor = await server.login('lakare');
  browser = await openBrowserPage();
  page = browser.page;
  await logIn(page, url, 'lakare', DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await orthanc?.stop();
});

async function noHorizontalOverflow(where: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${where}: page ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
}

/** A signed case with one photo in Kirurgkliniken. */
async function signedCase(department = 'Kirurgkliniken'): Promise<string> {
  const { caseId } = await demoCase(server, doctor, department);
  const values = { purpose_explained: 'Uppföljning', oral_consent: true, identity_verified_by: 'known_to_staff', captured_by: 'Lars Läkare', site: 'Vänster underarm' };
  expect((await server.as(doctor, 'PATCH', `/api/cases/${caseId}`, { values })).statusCode).toBe(200);
  const file = path.join(mediaDir(), 'underarm.jpg');
  await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 190, g: 120, b: 100 } } }).jpeg().toFile(file);
  const uploaded = await server.upload(doctor, caseId, [{ path: file }]);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
  for (const deadline = Date.now() + 30_000; ; ) {
    const media = ((await server.as(doctor, 'GET', `/api/cases/${caseId}`)).json() as { media: { status: string }[] }).media;
    if (media.every((m) => m.status === 'ready')) break;
    if (Date.now() > deadline) throw new Error('the photo was not ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const signed = await server.as(doctor, 'POST', `/api/cases/${caseId}/sign`);
  expect(signed.statusCode, signed.body).toBe(200);
  return caseId;
}

describe('send a case to PACS', () => {
  it("'Skicka till PACS' on a signed case: followed until 'Skickad till PACS', at 1440 and 390 px", async () => {
    const caseId = await signedCase();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${url}/cases/${caseId}`);
    const section = page.getByTestId('case-pacs');
    await section.getByText(T.none).waitFor();
    await section.getByRole('button', { name: T.send, exact: true }).click();
    await section.getByText(T.status.sent, { exact: true }).waitFor({ timeout: 30_000 });
    await section.getByText('1 av 1 filer', { exact: false }).waitFor();
    await section.getByRole('button', { name: T.sendAgain }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await noHorizontalOverflow('case page at 1440 px');
    await screenshot(page, 'pacs-sent-1440', { fullPage: false });
    const found = (await (await orthanc.get('/dicom-web/studies?PatientID=191212121212')).json()) as unknown[];
    expect(found.length).toBeGreaterThanOrEqual(1);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/cases/${caseId}`);
    await section.getByText(T.status.sent, { exact: true }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await noHorizontalOverflow('case page at 390 px');
    await screenshot(page, 'pacs-sent-390', { fullPage: false });
    expect(browser.pageErrors).toEqual([]);
  }, 90_000);

  it('a PACS that refuses: the section says it tries again and why, at 390 px', async () => {
    const caseId = await signedCase('Hudkliniken');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/cases/${caseId}`);
    const section = page.getByTestId('case-pacs');
    await section.getByRole('button', { name: T.send, exact: true }).click();
    await section.getByText(T.status.retrying, { exact: true }).waitFor({ timeout: 30_000 });
    await section.getByText(`Orsak: ${T.errors.http_status} (HTTP 401`, { exact: false }).waitFor();
    // While it waits for its next attempt, it cannot be asked for twice.
    expect(await section.getByRole('button', { name: T.sendAgain }).isDisabled()).toBe(true);
    await section.scrollIntoViewIfNeeded();
    await noHorizontalOverflow('case page with a failing send at 390 px');
    await screenshot(page, 'pacs-retrying-390', { fullPage: false });
    expect(browser.pageErrors).toEqual([]);
  }, 60_000);
});
