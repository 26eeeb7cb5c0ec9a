// Browser test of purging a case (issue 14, M11): a system administrator's "Gallra ärendet" opens a
// dialog naming what will be removed; it refuses to go on without the decision's reference and date,
// then requests the purge and follows the job until the case is gone (the API answers 404 for it).
// At 1440 px and at 390 px without horizontal overflow. Set KASUS_SCREENSHOT_DIR to keep the screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../helpers/app.js';
import { demoCase } from '../helpers/demo-ids.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { PURGE_TEXTS } from '../../src/web/i18n/purge-texts.js';

const T = PURGE_TEXTS.sv;
let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;
let doctor: Session;

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  doctor = await server.login('lakare');
  browser = await openBrowserPage();
  page = browser.page;
  await logIn(page, url, 'sysadmin', DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function noHorizontalOverflow(where: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${where}: page ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
}

describe('purge a case', () => {
  it('names what is removed, requires the decision, and follows the job until the case is gone', async () => {
    const { caseId } = await demoCase(server, doctor);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${url}/cases/${caseId}`);
    await page.getByRole('button', { name: T.open }).click();
    const dialog = page.getByRole('dialog', { name: T.title });
    await dialog.getByText(T.removeCase).waitFor();
    await dialog.getByText(T.keeps).waitFor();
    // Without reference and date: refused in the dialog, nothing requested.
    await dialog.getByRole('button', { name: T.submit, exact: true }).click();
    await dialog.getByText(T.refRequired).waitFor();
    await dialog.getByText(T.dateRequired).waitFor();
    expect(await server.services.database.db.selectFrom('purge').select('id').execute()).toHaveLength(0);
    await dialog.getByLabel(T.decisionRef).fill('Dnr 2026/4711');
    await dialog.getByLabel(T.decisionDate).fill('2026-11-30');
    // What the user fixed is no longer marked wrong.
    expect(await dialog.getByText(T.refRequired).count()).toBe(0);
    expect(await dialog.getByText(T.dateRequired).count()).toBe(0);
    await screenshot(page, 'purge-dialog-1440', { fullPage: false });
    await dialog.getByRole('button', { name: T.submit, exact: true }).click();
    await dialog.getByText(T.done).waitFor({ timeout: 30_000 });
    await screenshot(page, 'purge-done-1440', { fullPage: false });
    expect((await server.as(doctor, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
    const purge = await server.services.database.db.selectFrom('purge').selectAll().executeTakeFirstOrThrow();
    expect(purge).toMatchObject({ target_id: caseId, decision_ref: 'Dnr 2026/4711', decision_date: '2026-11-30', status: 'done' });
    await dialog.getByRole('button', { name: T.toStart }).click();
    await page.waitForURL((u) => u.pathname === '/');
  }, 90_000);

  it('at 390 px: the dialog with working material as the basis fits the screen', async () => {
    const { caseId } = await demoCase(server, doctor);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/cases/${caseId}`);
    await page.getByRole('button', { name: T.open }).click();
    const dialog = page.getByRole('dialog', { name: T.title });
    await dialog.getByLabel(T.basisWorking).check();
    await dialog.getByLabel(T.reasonKind).selectOption({ label: T.reasons.test_material });
    await noHorizontalOverflow('purge dialog at 390 px');
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'purge-dialog-390', { fullPage: false });
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await noHorizontalOverflow('case page at 390 px');
    expect((await server.as(doctor, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
  }, 60_000);

  it("on the patient page: 'Gallra patientens ärenden' purges every case of the patient and the patient stays", async () => {
    const { patientId, caseId } = await demoCase(server, doctor);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${url}/patients/${patientId}`);
    await page.getByRole('button', { name: T.patientOpen }).click();
    const dialog = page.getByRole('dialog', { name: T.patientTitle });
    await dialog.getByText(T.removePatientCases).waitFor();
    await dialog.getByLabel(T.basisWorking).check();
    await dialog.getByLabel(T.reasonKind).selectOption({ label: T.reasons.test_material });
    await dialog.getByRole('button', { name: T.submit, exact: true }).click();
    await dialog.getByText(T.patientDone).waitFor({ timeout: 30_000 });
    await screenshot(page, 'purge-patient-done-1440', { fullPage: false });
    expect((await server.as(doctor, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(404);
    expect((await server.as(doctor, 'GET', `/api/patients/${patientId}`)).statusCode).toBe(200);
  }, 60_000);

  it('a doctor is not offered the purge', async () => {
    const { caseId } = await demoCase(server, doctor);
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const other = await context.newPage();
    await logIn(other, url, 'lakare', DEMO_PASSWORD);
    await other.waitForURL((u) => !u.pathname.startsWith('/login'));
    await other.goto(`${url}/cases/${caseId}`);
    // The case is loaded (its version history is offered) before the absence is checked.
    await other.getByRole('heading', { name: 'Versioner' }).waitFor();
    await other.getByText(T.open).count().then((n) => expect(n).toBe(0));
    await context.close();
  }, 60_000);
});
