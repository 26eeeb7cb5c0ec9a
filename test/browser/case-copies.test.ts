// Browser test of printing and exporting a case with a reason (issue 14, M7): the case page's "Skriv ut"
// refuses to go on without a reason (and without words for "Annat"), then downloads a PDF whose footer
// (pdftotext) names patient, department, user and reason; "Exportera" with a watermark downloads a ZIP
// with the manifest; "Kopior som lämnats ut" lists both. At 1440 px and at 390 px without horizontal
// overflow. Set KASUS_SCREENSHOT_DIR to keep the screenshots.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import sharp from 'sharp';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app.js';
import { demoCase } from '../helpers/demo-ids.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { CASE_COPY_TEXTS } from '../../src/web/i18n/case-copy-texts.js';

const T = CASE_COPY_TEXTS.sv;
let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;
let caseId: string;
let dir: string;

const run = (command: string, args: string[]) =>
  new Promise<string>((resolve, reject) => execFile(command, args, (error, stdout) => (error ? reject(error) : resolve(stdout))));

beforeAll(async () => {
  await ensureWebBuild();
  dir = await mkdtemp(path.join(os.tmpdir(), 'kasus-copies-browser-'));
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  const doctor = await server.login('lakare');
  ({ caseId } = await demoCase(server, doctor));
  const photo = path.join(dir, 'sår på armen.jpg');
  await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 190, g: 120, b: 110 } } }).jpeg().toFile(photo);
  const second = path.join(dir, 'kontroll.jpg');
  await sharp({ create: { width: 200, height: 200, channels: 3, background: { r: 90, g: 120, b: 200 } } }).jpeg().toFile(second);
  const upload = await server.upload(doctor, caseId, [{ path: photo }, { path: second }]);
  if (upload.status !== 200 || upload.body.items.some((i: { status: string }) => i.status !== 'ready')) throw new Error(`upload: ${JSON.stringify(upload.body)}`);
  browser = await openBrowserPage();
  page = browser.page;
  await logIn(page, url, 'lakare', DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function noHorizontalOverflow(where: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${where}: page ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
}

describe('print and export with a reason', () => {
  it('asks for a reason, downloads the PDF and the ZIP, and lists the copies', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${url}/cases/${caseId}`);
    const copies = page.getByRole('region', { name: T.copiesTitle });
    await copies.getByText(T.none).waitFor();

    await copies.getByRole('button', { name: T.print, exact: true }).click();
    const dialog = page.getByTestId('copy-dialog');
    await dialog.getByRole('heading', { name: T.printTitle }).waitFor();
    // No reason: refused in the dialog, nothing made.
    await dialog.getByRole('button', { name: T.printSubmit }).click();
    await expect(dialog.getByRole('alert').first().textContent()).resolves.toBe(T.chooseReason);
    await dialog.getByLabel('Annat (beskriv)').check();
    await dialog.getByRole('button', { name: T.printSubmit }).click();
    await expect(dialog.getByText(T.detailsRequired).isVisible()).resolves.toBe(true);
    await dialog.getByLabel(T.details).fill('Försäkringskassan begär kopia');
    await dialog.getByLabel(T.recipient).fill('Försäkringskassan Göteborg');
    // Only the first photo goes into this print.
    await dialog.getByRole('group', { name: T.files }).getByLabel('kontroll.jpg').uncheck();
    await screenshot(page, 'case-copies-dialog-1440', { fullPage: false });
    const [pdf] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: T.printSubmit }).click()]);
    const pdfFile = path.join(dir, 'print.pdf');
    await pdf.saveAs(pdfFile);
    const text = await run('pdftotext', ['-layout', pdfFile, '-']);
    expect(text).toContain('Patient: 19121212-1212');
    expect(text).toContain('Avdelning: Kirurgkliniken');
    expect(text).toContain('Anledning: Annat (beskriv) – Försäkringskassan begär kopia');
    expect(text).toContain('sår på armen.jpg');
    expect(text).not.toContain('kontroll.jpg');
    const images = (await run('pdfimages', ['-list', pdfFile])).split('\n').filter((line) => / image /.test(line));
    expect(images).toHaveLength(1);
    await page.getByText(T.done).waitFor();

    await copies.getByRole('button', { name: T.export, exact: true }).click();
    await dialog.getByRole('heading', { name: T.exportTitle }).waitFor();
    await dialog.getByLabel('Rättsligt ärende/polisen').check();
    await dialog.getByLabel(T.watermark).check();
    const [zip] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: T.exportSubmit }).click()]);
    const zipFile = path.join(dir, 'export.zip');
    await zip.saveAs(zipFile);
    expect((await run('unzip', ['-Z1', zipFile])).split('\n')).toContain('manifest.json');
    const manifest = JSON.parse(await run('unzip', ['-p', zipFile, 'manifest.json']));
    expect(manifest).toMatchObject({ reason: { code: 'legal' }, watermark: true, patient: '19121212-1212', files: [{ name: '01-sår på armen.jpg', watermarked: true }, { name: '02-kontroll.jpg', watermarked: true }] });

    // An original to keep: the file chosen, a reason, and the bytes as stored.
    await copies.getByRole('button', { name: T.download, exact: true }).click();
    await dialog.getByRole('heading', { name: T.downloadTitle }).waitFor();
    expect(await dialog.getByLabel(T.file).locator('option').allTextContents()).toEqual(['sår på armen.jpg', 'kontroll.jpg']);
    await dialog.getByLabel('Vård av patienten').check();
    const [original] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: T.downloadSubmit }).click()]);
    expect(original.suggestedFilename()).toBe('sår på armen.jpg');
    const kept = path.join(dir, 'kept.jpg');
    await original.saveAs(kept);
    expect((await sharp(await readFile(kept)).metadata()).width).toBe(320);

    const list = copies.getByTestId('case-copies');
    await expect.poll(async () => list.locator('li').count()).toBe(3);
    const items = await list.locator('li').allTextContents();
    expect(items[0]).toContain(T.kind_download);
    expect(items[0]).toContain('Vård av patienten');
    expect(items[1]).toContain(`${T.kind_export} (${T.watermarked})`);
    expect(items[1]).toContain('Rättsligt ärende/polisen');
    expect(items[2]).toContain(T.kind_print);
    expect(items[2]).toContain('Annat (beskriv) – Försäkringskassan begär kopia');
    expect(items[2]).toContain('Försäkringskassan Göteborg');
    expect(items.join(' ')).not.toMatch(/caseCopies\.|kind_/);
    await copies.scrollIntoViewIfNeeded();
    await screenshot(page, 'case-copies-list-1440', { fullPage: false });
    expect(browser.pageErrors).toEqual([]);
  });

  it('fits a 390 px phone: dialog and list', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/cases/${caseId}`);
    const copies = page.getByRole('region', { name: T.copiesTitle });
    await copies.getByTestId('case-copies').waitFor();
    await copies.scrollIntoViewIfNeeded();
    await noHorizontalOverflow('case page at 390 px');
    await screenshot(page, 'case-copies-list-390', { fullPage: false });
    await copies.getByRole('button', { name: T.export, exact: true }).click();
    const dialog = page.getByTestId('copy-dialog');
    await dialog.getByRole('heading', { name: T.exportTitle }).waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'case-copies-dialog-390', { fullPage: false });
  });
});
