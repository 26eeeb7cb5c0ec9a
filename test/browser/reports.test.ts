// Browser test for log reports and statistics (M14): the log and statistics operator opens
// Rapporter, takes out a patient's log extract by identity number (who, when, which department,
// the emergency opening's reason), switches to the emergency-openings report, downloads its PDF
// and CSV (checked through the links the page offers), and reads the statistics chart and table.
// At 1440 px and at 390 px (no horizontal overflow). Set KASUS_SCREENSHOT_DIR to keep screenshots.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { DEMO_PASSWORD } from '../../src/server/bootstrap/demo-data.js';

const run = promisify(execFile);
const IDENTIFIER = '19121212-1212';
const REASON = 'Akut operation, behöver se tidigare bilder av såret';

let server: TestApp;
let url: string;
let chromium: BrowserPage;
let page: Page;

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  const doctor = await server.login('lakare');
  const sysadmin = await server.login('sysadmin');
  const departments = (await server.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
  const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
  const patient = (await server.as(doctor, 'POST', '/api/patients/lookup', { identifier: IDENTIFIER })).json() as { id: string };
  const created = await server.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId: surgery });
  expect(created.statusCode, created.body).toBe(201);
  const caseId = created.json().id as string;
  expect((await server.as(sysadmin, 'POST', `/api/patients/${patient.id}/confidential`, { confidential: true, reason: 'Skyddade personuppgifter enligt beslut' })).statusCode).toBe(200);
  expect((await server.as(doctor, 'POST', `/api/cases/${caseId}/emergency-access`, { reason: REASON })).statusCode).toBe(200);
  chromium = await openBrowserPage();
  page = chromium.page;
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function noOverflow() {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

describe('log reports and statistics in the web app', () => {
  it('takes out a patient’s log extract, the emergency openings as PDF and CSV, and the statistics', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await logIn(page, url, 'logg', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Rapporter' }).click();
    await page.getByRole('heading', { name: 'Loggrapporter och statistik' }).waitFor();

    // The patient's log extract: by identity number.
    const logForm = page.getByRole('form', { name: 'Loggrapport' });
    await logForm.getByLabel('Patient (personnummer)').fill(IDENTIFIER);
    await logForm.getByRole('button', { name: 'Visa' }).click();
    const table = page.locator('table.report-table');
    const opening = table.locator('tr', { hasText: 'Nödöppning av ärende' });
    await opening.waitFor();
    await expect.poll(() => opening.textContent()).toContain(REASON);
    expect(await opening.textContent()).toContain('Lars Läkare');
    expect(await opening.textContent()).toContain('Kirurgkliniken');
    expect(await opening.textContent()).toContain(IDENTIFIER);
    expect(await table.locator('tr', { hasText: 'Ärende skapat' }).count()).toBeGreaterThan(0);
    // The identity number never reaches an address.
    expect(page.url()).not.toContain('19121212');

    // The emergency openings, with their reasons.
    await logForm.getByLabel('Rapport').selectOption('emergency');
    await logForm.getByLabel('Patient (personnummer)').fill('');
    await logForm.getByRole('button', { name: 'Visa' }).click();
    await page.getByRole('heading', { name: 'Nödöppningar med anledning' }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').textContent()).toContain(REASON);

    const pdfHref = await logForm.getByRole('link', { name: 'Hämta PDF' }).getAttribute('href');
    const pdf = await page.request.get(`${url}${pdfHref}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kasus-report-')), 'r.pdf');
    writeFileSync(file, await pdf.body());
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).toContain('Nödöppningar');
    expect(text).toContain('Lars Läkare');
    const csvHref = await logForm.getByRole('link', { name: 'Hämta CSV' }).getAttribute('href');
    const csv = await (await page.request.get(`${url}${csvHref}`)).text();
    expect(csv).toContain(REASON);
    expect(csv.split('\r\n')[0]).toContain('Anledning');

    // Statistics: a chart of the months and a table per department.
    const chart = page.getByRole('img', { name: 'Stapeldiagram: ärenden och media per månad' });
    await chart.waitFor();
    const stats = page.locator('table.stats-table');
    const surgeryRow = stats.locator('tbody tr', { hasText: 'Kirurgkliniken' });
    await surgeryRow.waitFor();
    const cells = await surgeryRow.locator('td').allTextContents();
    // Cases, media, storage, prints and exports, emergency openings.
    expect(cells[0]).toBe('1');
    expect(cells[4]).toBe('1');
    // The month is named as people write it, not as the API's key (2026-12).
    const month = new Intl.DateTimeFormat('sv-SE', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date());
    expect(await chart.locator('text').allTextContents()).toContain(month);
    await noOverflow();
    await screenshot(page, 'reports-1440');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: 'Loggrapporter och statistik' }).waitFor();
    await page.locator('table.stats-table').waitFor();
    await noOverflow();
    await screenshot(page, 'reports-390', { fullPage: false });
    await page.locator('table.stats-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-390-statistics', { fullPage: false });
    expect(chromium.pageErrors).toEqual([]);
  }, 120_000);
});
