// Browser test for editing before adding (issue 16): in the upload panel, with "crop or trim first"
// on, a chosen photo is cropped (a rectangle dragged on it, then exact numbers and the arrow keys)
// and a generated video trimmed (start and end sliders, the times shown) before both are uploaded;
// the server stores the edited files (checked through the API) and the case names them "Beskuren"
// and "Trimmad 0:01–0:03". At 390 px a photo is cropped with the keyboard alone, without the page
// growing sideways. Screenshots at 1440 and 390 px when KASUS_SCREENSHOT_DIR is set.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

const run = promisify(execFile);
const PHOTO = 'sar-hand.jpg';
const PHONE_PHOTO = 'sar-knä.jpg';
const VIDEO = 'rorelse-knä.mp4';

let server: Awaited<ReturnType<typeof startTestServer>>;
let view: BrowserPage;
let page: Page;
let dir: string;
let caseId = '';

const shot = (name: string) => screenshot(page, name);
/** The window only: a modal dialog is drawn over what is in view, not over the whole page. */
async function windowShot(name: string) {
  if (process.env.KASUS_SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.KASUS_SCREENSHOT_DIR, `${name}.png`) });
}

async function photo(name: string, width: number, height: number, seed: number): Promise<string> {
  const file = path.join(dir, name);
  // Quarters in four colours: a crop shows plainly which part was kept.
  const quarter = (r: number, g: number, b: number) => ({ create: { width: width / 2, height: height / 2, channels: 3 as const, background: { r, g, b } } });
  const parts = await Promise.all([quarter(200, 60, 60), quarter(60, 160, 60), quarter(60, 60, 200), quarter(200, 180, 40 + seed)].map((q) => sharp(q).png().toBuffer()));
  await sharp({ create: { width, height, channels: 3, background: '#fff' } })
    .composite(parts.map((input, i) => ({ input, left: (i % 2) * (width / 2), top: Math.floor(i / 2) * (height / 2) })))
    .jpeg({ quality: 85 })
    .toFile(file);
  return file;
}

/** What the case holds, read through the API with the page's session. */
async function caseMedia(): Promise<{ originalFilename: string; status: string; width?: number; height?: number; durationMs?: number; edit?: unknown }[]> {
  return page.evaluate(async (id) => (await (await fetch(`/api/cases/${id}`)).json()).media, caseId);
}

async function choose(files: string[]) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Välj filer' }).click()]);
  await chooser.setFiles(files.map((f) => path.join(dir, f)));
}

const row = (name: string) => page.locator('.upload-row').filter({ has: page.getByText(name, { exact: true }) }).last();

async function noSidewaysScroll() {
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.doc).toBeLessThanOrEqual(widths.view);
}

beforeAll(async () => {
  await ensureWebBuild();
  dir = mkdtempSync(path.join(tmpdir(), 'kasus-edit-ui-'));
  await Promise.all([
    photo(PHOTO, 1200, 800, 1),
    photo(PHONE_PHOTO, 800, 1000, 2),
    run('ffmpeg', [
      '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25',
      '-f', 'lavfi', '-i', 'sine=frequency=440',
      '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path.join(dir, VIDEO),
    ]),
  ]);
  server = await startTestServer({ demoData: true });
  view = await openBrowserPage();
  page = view.page;
  await page.setViewportSize({ width: 1440, height: 900 });
});

afterAll(async () => {
  await view?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('editing files before they are added', () => {
  it('crops a photo and trims a video in the upload panel, and the case stores and names the edited files', async () => {
    await logIn(page, server.url, 'lakare', 'kasus-demo-2026');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Patienter' }).click();
    await page.getByLabel('Patientidentitet').fill('19121212-1212');
    await page.getByRole('button', { name: 'Sök' }).click();
    const card = page.getByRole('region', { name: 'Patient' });
    await card.getByLabel('Avdelning').selectOption({ label: 'Kirurgkliniken' });
    await card.getByRole('button', { name: 'Nytt ärende' }).click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    await page.getByLabel('Beskär eller trimma innan filerna laddas upp').check();
    await choose([PHOTO, VIDEO]);
    await expect.poll(() => row(PHOTO).locator('.upload-status').textContent()).toBe('Ej uppladdad');
    await expect.poll(() => row(VIDEO).locator('.upload-status').textContent()).toBe('Ej uppladdad');
    // Nothing is sent before the user says so.
    expect(await caseMedia()).toEqual([]);

    // Crop: a rectangle dragged from a quarter in to three quarters in of the picture…
    await page.getByRole('button', { name: `Beskär ${PHOTO}` }).click();
    const dialog = page.getByRole('dialog', { name: /Beskär bilden/ });
    await dialog.waitFor();
    const stage = dialog.locator('.crop-stage img');
    await expect.poll(() => stage.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.25);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.75, { steps: 4 });
    await page.mouse.up();
    const field = (name: string) => dialog.getByLabel(name, { exact: true });
    const drawn = await Promise.all(['Från vänster (px)', 'Från toppen (px)', 'Bredd (px)', 'Höjd (px)'].map(async (n) => Number(await field(n).inputValue())));
    const wanted = [300, 200, 600, 400];
    drawn.forEach((value, i) => expect(Math.abs(value - wanted[i]!), `field ${i}`).toBeLessThanOrEqual(4));
    // …then set exactly with the number fields, and nudged with the arrow keys on the box (12 px a step here).
    await field('Från vänster (px)').fill('288');
    await field('Från toppen (px)').fill('200');
    await field('Bredd (px)').fill('600');
    await field('Höjd (px)').fill('412');
    const cropBox = dialog.getByRole('group', { name: /Beskärning:/ });
    await cropBox.focus();
    await page.keyboard.press('ArrowRight'); // x 300
    await page.keyboard.press('Shift+ArrowUp'); // height 400
    await expect.poll(() => dialog.locator('.crop-summary').textContent()).toBe('Beskärning: 600 × 400 bildpunkter från 300, 200');
    await windowShot('e01-crop-1440');
    await dialog.getByRole('button', { name: 'Använd' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Focus returns to the button that opened the editor.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Beskär ${PHOTO}`);
    await expect.poll(() => row(PHOTO).locator('.upload-edit-label').textContent()).toBe('Beskuren till 600 × 400');

    // Trim: the sliders with the keyboard (0.1 s a step), the chosen times shown beside them.
    await page.getByRole('button', { name: `Trimma ${VIDEO}` }).click();
    const trim = page.getByRole('dialog', { name: /Trimma inspelningen/ });
    const start = trim.getByRole('slider', { name: /^Start/ });
    const end = trim.getByRole('slider', { name: /^Slut/ });
    await start.waitFor({ timeout: 20_000 });
    expect(await end.getAttribute('max')).toBe('4000');
    await start.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await end.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
    await trim.getByText('Start 0:01,0').waitFor();
    await trim.getByText('Slut 0:03,0').waitFor();
    await trim.getByText('Behåller 0:01,0–0:03,0 (0:02) av 0:04').waitFor();
    await windowShot('e02-trim-1440');
    await trim.getByRole('button', { name: 'Använd' }).click();
    await trim.waitFor({ state: 'hidden' });
    await expect.poll(() => row(VIDEO).locator('.upload-edit-label').textContent()).toBe('Trimmad 0:01–0:03');

    await page.getByRole('button', { name: 'Ladda upp alla väntande' }).click();
    for (const name of [PHOTO, VIDEO]) {
      await expect.poll(() => row(name).locator('.upload-status').textContent(), { timeout: 60_000 }).toBe('Klar');
    }
    // What the server kept is the edited file, and it says how it was edited.
    const media = await caseMedia();
    const cropped = media.find((m) => m.originalFilename === PHOTO)!;
    expect(cropped).toMatchObject({ width: 600, height: 400, edit: { crop: { x: 300, y: 200, width: 600, height: 400 } } });
    const trimmed = media.find((m) => m.originalFilename === VIDEO)!;
    expect(trimmed.edit).toEqual({ trim: { startMs: 1000, endMs: 3000 } });
    expect(Math.abs(trimmed.durationMs! - 2000)).toBeLessThanOrEqual(150);
    // The case page names the edits in the media facts.
    const facts = (name: string) => page.locator('.media-card').filter({ has: page.getByText(name, { exact: true }) }).locator('.media-facts');
    await expect.poll(() => facts(PHOTO).textContent(), { timeout: 20_000 }).toContain('Beskuren');
    await expect.poll(() => facts(VIDEO).textContent(), { timeout: 20_000 }).toContain('Trimmad 0:01–0:03');
    await shot('e03-case-1440');
    // The full view's information names it too.
    await page.locator('.media-card').filter({ has: page.getByText(VIDEO, { exact: true }) }).locator('.media-thumb').click();
    const viewer = page.locator('dialog.viewer');
    await viewer.locator('.viewer-details').getByText('Redigerad före uppladdning').waitFor();
    expect(await viewer.locator('.viewer-details div').filter({ hasText: 'Redigerad före uppladdning' }).locator('dd').textContent()).toBe('Trimmad 0:01–0:03');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    expect(view.pageErrors).toEqual([]);
  });

  it('crops with the keyboard alone on a phone (390 px) without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await choose([PHONE_PHOTO]);
    await expect.poll(() => row(PHONE_PHOTO).locator('.upload-status').textContent()).toBe('Ej uppladdad');
    await noSidewaysScroll();
    await row(PHONE_PHOTO).scrollIntoViewIfNeeded();
    await windowShot('e04a-waiting-390');
    await page.getByRole('button', { name: `Beskär ${PHONE_PHOTO}` }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Beskär bilden/ });
    const cropBox = dialog.getByRole('group', { name: /Beskärning:/ });
    await cropBox.waitFor();
    await cropBox.focus();
    // 10 px a step for an 800 × 1000 picture: 20 steps smaller each way, then 5 steps right.
    for (let i = 0; i < 20; i++) await page.keyboard.press('Shift+ArrowLeft');
    for (let i = 0; i < 20; i++) await page.keyboard.press('Shift+ArrowUp');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => dialog.locator('.crop-summary').textContent()).toBe('Beskärning: 600 × 800 bildpunkter från 50, 0');
    await noSidewaysScroll();
    // The apply button is in sight without scrolling the dialog.
    const apply = dialog.getByRole('button', { name: 'Använd' });
    const inView = await apply.evaluate((b) => {
      const r = b.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
    });
    expect(inView).toBe(true);
    await windowShot('e04-crop-390');
    await apply.click();
    await page.getByRole('button', { name: `Ladda upp ${PHONE_PHOTO}` }).click();
    await expect.poll(() => row(PHONE_PHOTO).locator('.upload-status').textContent(), { timeout: 60_000 }).toBe('Klar');
    const media = await caseMedia();
    expect(media.find((m) => m.originalFilename === PHONE_PHOTO)).toMatchObject({ width: 600, height: 800, edit: { crop: { x: 50, y: 0, width: 600, height: 800 } } });
    await noSidewaysScroll();
    await shot('e05-case-390');
    expect(view.pageErrors).toEqual([]);
  });
});
