// Browser test for safe media ingest (DESIGN M3): from the patient to a new case, uploading photos
// and a video with a progress bar per file, thumbnails, the full view with zoom, the video player,
// and the refusals for a disguised file and a duplicate. Files of 20 MB or more go over tus: a large
// video survives a dropped connection, a large disguised file is refused like a small one, and an
// upload given up on continues with "Försök igen" and after a reload. Driven through Debian's Chromium with
// playwright-core against a real Kasus server (media pipeline with sharp and ffmpeg included).
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
// Set KASUS_SCREENSHOT_DIR to keep screenshots of each step.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, CDPSession, Page, Request } from 'playwright-core';
import sharp from 'sharp';
import sv from '../../src/web/i18n/sv.js';
import { ensureWebBuild, launchChromium, screenshot } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

const run = promisify(execFile);
const screenshotDir = process.env.KASUS_SCREENSHOT_DIR;

const PATIENT = '19121212-1212';
const DEPARTMENT = 'Kirurgkliniken';
const PHOTOS = ['arm-framsida.jpg', 'arm-baksida.jpg'];
const VIDEO = 'rorelse.mp4';
const DISGUISED = 'bild-som-ar-zip.jpg';
/** Files of 20 MB or more go over tus (resumable) instead of one multipart request. */
const BIG_VIDEO = 'lang-film.mp4';
const BIG_DISGUISED = 'stor-bild-som-ar-zip.jpg';
/** Given up on, then continued with "Försök igen" and after a reload. */
const BIG_RESUMED = 'stor-bild-avbruten.jpg';
const BIG_MIN_BYTES = 22_000_000;
/** How long the server may take to clean a file and make its derived files. */
const PIPELINE_MS = 60_000;

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let mediaDir: string;
const pageErrors: string[] = [];
const failedMediaRequests: string[] = [];
let caseUrl = '';

const shot = (name: string) => screenshot(page, name);

/** A 1200×800 JPEG: a colour gradient with seeded noise, so that every seed gives other bytes. */
async function photo(name: string, seed: number): Promise<string> {
  const width = 1200;
  const height = 800;
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const noise = (state >>> 24) & 0x3f;
      const i = (y * width + x) * 3;
      pixels[i] = Math.min(255, Math.round((x / width) * 200) + noise);
      pixels[i + 1] = Math.min(255, Math.round((y / height) * 180) + (noise >> 1));
      pixels[i + 2] = Math.min(255, 60 + seed * 40 + (noise >> 2));
    }
  }
  const file = path.join(mediaDir, name);
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 88 }).toFile(file);
  return file;
}

async function video(name: string): Promise<string> {
  const file = path.join(mediaDir, name);
  await run('ffmpeg', [
    '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
  ]);
  return file;
}

/**
 * A lossless H.264 video of noise of at least BIG_MIN_BYTES (about 25 MB): long enough for the
 * upload to be cut off midway, small enough in pixels for the server to transcode it quickly.
 */
async function bigVideo(name: string): Promise<string> {
  const file = path.join(mediaDir, name);
  let seconds = 2;
  for (let attempt = 0; attempt < 4; attempt++) {
    await run('ffmpeg', [
      '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc=size=480x270:rate=25',
      '-t', String(seconds), '-vf', 'noise=alls=40:allf=t',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', file,
    ]);
    const size = statSync(file).size;
    if (size >= BIG_MIN_BYTES) return file;
    seconds = Math.ceil((seconds * (BIG_MIN_BYTES + 3_000_000)) / size);
  }
  throw new Error(`could not make a video of ${BIG_MIN_BYTES} bytes`);
}

/** A ZIP archive (local file header, one stored entry) that calls itself a JPEG. */
function zipBytes(): Buffer {
  const name = Buffer.from('notes.txt');
  const content = Buffer.from('not a photo\n');
  const header = Buffer.alloc(30);
  header.write('PK\x03\x04', 0, 'latin1');
  header.writeUInt16LE(10, 4);
  header.writeUInt32LE(content.length, 18);
  header.writeUInt32LE(content.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, content, Buffer.alloc(64)]);
}

/** The row of the upload list for the file. */
function uploadRow(name: string) {
  return page.locator('.upload-row').filter({ has: page.getByText(name, { exact: true }) }).last();
}

/** Waits until the <img> matched by `selector` has loaded pixels. */
async function imageLoaded(selector: string, timeout = PIPELINE_MS): Promise<number> {
  const handle = await page.waitForFunction(
    (sel) => {
      const img = document.querySelector<HTMLImageElement>(sel);
      return img && img.complete && img.naturalWidth > 0 ? img.naturalWidth : false;
    },
    selector,
    { timeout, polling: 200 },
  );
  return (await handle.jsonValue()) as number;
}

const galleryImg = (name: string) => `.media-grid img[alt="${name}"]`;
const refusalTexts = Object.values(sv.refusals);

beforeAll(async () => {
  await ensureWebBuild();
  mediaDir = mkdtempSync(path.join(tmpdir(), 'kasus-media-ui-'));
  await Promise.all([photo(PHOTOS[0]!, 1), photo(PHOTOS[1]!, 2), video(VIDEO), bigVideo(BIG_VIDEO)]);
  server = await startTestServer({ demoData: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('response', (res) => {
    // A derived file is only linked once the server lists it, so it must never be missing.
    if (/\/api\/media\/[^/]+\/(thumbnail|preview|poster|playable|original)$/.test(new URL(res.url()).pathname) && res.status() >= 400) {
      failedMediaRequests.push(`${res.status()} ${res.url()}`);
    }
  });
  cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  if (mediaDir) rmSync(mediaDir, { recursive: true, force: true });
});

describe('media ingest UI', () => {
  it('creates a case for the looked-up patient in a chosen department', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Användarnamn').fill('lakare');
    await page.getByLabel('Lösenord').fill('kasus-demo-2026');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Patienter' }).click();
    await page.getByLabel('Patientidentitet').fill(PATIENT);
    await page.getByRole('button', { name: 'Sök' }).click();

    const card = page.getByRole('region', { name: 'Patient' });
    await card.getByRole('heading', { name: 'Ärenden' }).waitFor();
    await card.getByText('Patienten har inga ärenden som du kan se.').waitFor();
    const department = card.getByLabel('Avdelning');
    // Both demo departments grant lakare case.write.
    expect(await department.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Kirurgkliniken', 'Hudkliniken']));
    await department.selectOption({ label: DEPARTMENT });
    await shot('m01-patient-new-case');
    await card.getByRole('button', { name: 'Nytt ärende' }).click();

    await page.waitForURL(/\/cases\/[^/]+$/);
    caseUrl = page.url();
    await page.getByRole('heading', { name: 'Ärende', level: 1 }).waitFor();
    const summary = page.locator('.case-summary');
    await summary.getByText(DEPARTMENT).waitFor();
    await summary.getByText('Utkast').waitFor();
    // Who the case is about is in the patient banner above the summary, formatted as people write it.
    expect(await page.getByTestId('patient-banner').locator('.identifier').textContent()).toBe('19121212-1212');
    await page.getByText('Inga filer har laddats upp ännu.').waitFor();
  });

  it('uploads two photos and a video with a progress bar per file', async () => {
    // Slow the upload link down so that the transfer is long enough to watch.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 512 * 1024,
    });
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Välj filer' }).click(),
    ]);
    await chooser.setFiles([...PHOTOS.map((p) => path.join(mediaDir, p)), path.join(mediaDir, VIDEO)]);

    for (const name of [...PHOTOS, VIDEO]) {
      await page.getByRole('progressbar', { name: `Uppladdning av ${name}` }).waitFor();
    }
    // While the photos travel, their bars stand somewhere between empty and full.
    const partial = await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLProgressElement>('progress.upload-progress')].some(
          (p) => p.value > 0 && p.value < p.max,
        ),
      undefined,
      { timeout: 20_000, polling: 50 },
    );
    expect(await partial.jsonValue()).toBe(true);
    await shot('m02-uploading');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    for (const name of [...PHOTOS, VIDEO]) {
      const row = uploadRow(name);
      await row.locator('.upload-status').filter({ hasText: /^(Klar|Bearbetas)$/ }).waitFor({ timeout: PIPELINE_MS });
      expect(await row.getByRole('alert').count()).toBe(0);
      const bar = row.getByRole('progressbar', { name: `Uppladdning av ${name}` });
      expect(await bar.evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(true);
    }
  }, 120_000);

  it('shows a thumbnail for every file once it has been made', async () => {
    for (const name of [...PHOTOS, VIDEO]) {
      expect(await imageLoaded(galleryImg(name))).toBeGreaterThan(0);
    }
    const cards = page.locator('.media-card');
    expect(await cards.count()).toBe(3);
    const photoCard = cards.filter({ hasText: PHOTOS[0]! });
    await photoCard.getByText(/Bild · 1200 × 800 px/).waitFor({ timeout: PIPELINE_MS });
    const videoCard = cards.filter({ hasText: VIDEO });
    await videoCard.getByText(/Video · 320 × 240 px · 0:02/).waitFor({ timeout: PIPELINE_MS });
    await page.getByRole('heading', { name: 'Filer i ärendet (3)' }).waitFor();
    await page.mouse.move(0, 0);
    await shot('m03-gallery');
  }, 120_000);

  it('opens a photo in the full view and zooms, pans and shows the original', async () => {
    const opener = page.getByRole('button', { name: `Visa ${PHOTOS[0]}` });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: PHOTOS[0] });
    await dialog.waitFor();
    const img = '.viewer-img';
    expect(await imageLoaded(img)).toBeGreaterThan(0);
    expect(await page.locator(img).getAttribute('src')).toMatch(/\/api\/media\/[^/]+\/preview$/);

    const level = dialog.locator('.viewer-zoom-level');
    expect(await level.textContent()).toBe('Förstoring 100 %');
    await dialog.getByRole('button', { name: 'Zooma in' }).click();
    await dialog.getByRole('button', { name: 'Zooma in' }).click();
    expect(await level.textContent()).toBe('Förstoring 156 %');
    expect(await page.locator(img).evaluate((el) => el.style.transform)).toContain('scale(1.5625)');
    await dialog.getByRole('button', { name: 'Zooma ut' }).click();
    expect(await level.textContent()).toBe('Förstoring 125 %');

    // Mouse wheel zooms in further around the pointer; dragging moves the photo.
    const stage = dialog.locator('.viewer-stage');
    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => {
      const text = document.querySelector('.viewer-zoom-level')?.textContent ?? '';
      return Number(text.replace(/\D/g, '')) > 125;
    });
    const before = await page.locator(img).evaluate((el) => el.style.transform);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 40, box.y + box.height / 2 - 20, { steps: 5 });
    await page.mouse.up();
    const after = await page.locator(img).evaluate((el) => el.style.transform);
    expect(after).not.toBe(before);
    await shot('m04-viewer-zoomed');

    await dialog.getByRole('button', { name: 'Anpassa' }).click();
    expect(await level.textContent()).toBe('Förstoring 100 %');

    // Keyboard: + on the focused photo zooms.
    await stage.focus();
    await page.keyboard.press('+');
    expect(await level.textContent()).toBe('Förstoring 125 %');

    await dialog.getByRole('button', { name: 'Visa original' }).click();
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('.viewer-img')?.src.endsWith('/original'));
    expect(await imageLoaded(img)).toBe(1200);
    await dialog.getByRole('button', { name: 'Visa förhandsversion' }).waitFor();

    // On a phone the photo keeps most of the screen: the controls above it stay compact.
    const desk = page.viewportSize()!;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.waitForFunction(() => document.documentElement.scrollWidth <= 390);
      const photo = (await stage.boundingBox())!;
      expect(photo.width).toBeGreaterThan(300);
      expect(photo.height, 'the photo gets at least half of the phone screen').toBeGreaterThanOrEqual(844 / 2);
      expect(photo.y, 'the photo starts in the upper half of the screen, below compact controls').toBeLessThan(844 * 0.45);
      await screenshot(page, 'm04b-viewer-390', { fullPage: false });
    } finally {
      await page.setViewportSize(desk);
    }

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to the thumbnail that opened the view.
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
  }, 90_000);

  it('opens the video in the full view and loads its metadata', async () => {
    // Keyboard: Enter on the focused thumbnail opens it.
    await page.getByRole('button', { name: `Visa ${VIDEO}` }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: VIDEO });
    await dialog.waitFor();
    const player = dialog.locator('video');
    await player.waitFor({ timeout: PIPELINE_MS });
    expect(await player.getAttribute('src')).toMatch(/\/api\/media\/[^/]+\/playable$/);
    expect(await player.getAttribute('controls')).not.toBeNull();
    await page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('dialog video');
        return !!v && (v.readyState >= 1 || v.error !== null);
      },
      undefined,
      { timeout: 20_000 },
    );
    const state = await player.evaluate((v: HTMLVideoElement) => ({ readyState: v.readyState, duration: v.duration, error: v.error?.code ?? null }));
    expect(state.error).toBeNull();
    expect(state.readyState).toBeGreaterThanOrEqual(1);
    expect(state.duration).toBeGreaterThan(1.5);
    expect(state.duration).toBeLessThan(2.5);
    await shot('m05-video');
    await dialog.getByRole('button', { name: 'Stäng' }).click();
    await dialog.waitFor({ state: 'detached' });
  }, 90_000);

  it('refuses a ZIP archive disguised as a JPEG with a translated reason', async () => {
    await page.locator('input[type="file"]').setInputFiles({ name: DISGUISED, mimeType: 'image/jpeg', buffer: zipBytes() });
    const alert = uploadRow(DISGUISED).getByRole('alert');
    await alert.waitFor({ timeout: PIPELINE_MS });
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain(DISGUISED);
    expect(refusalTexts.some((reason) => text.includes(reason))).toBe(true);
    expect(await uploadRow(DISGUISED).locator('.upload-status').textContent()).toBe('Nekad');
    await shot('m06-refused');
  }, 90_000);

  it('refuses the same photo, dropped on the drop zone a second time, as a duplicate', async () => {
    // Drag and drop: the events a file manager would send, carrying the same bytes.
    const bytes = readFileSync(path.join(mediaDir, PHOTOS[0]!)).toString('base64');
    await page.evaluate(
      ([name, base64]) => {
        const data = Uint8Array.from(atob(base64!), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], name!, { type: 'image/jpeg' }));
        const zone = document.querySelector('.drop-zone')!;
        zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      [PHOTOS[0]!, bytes],
    );
    await page.getByText('Släpp filerna för att ladda upp dem').waitFor();
    await page.evaluate(
      ([name, base64]) => {
        const data = Uint8Array.from(atob(base64!), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], name!, { type: 'image/jpeg' }));
        document
          .querySelector('.drop-zone')!
          .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      [PHOTOS[0]!, bytes],
    );
    const rows = page.locator('.upload-row').filter({ has: page.getByText(PHOTOS[0]!, { exact: true }) });
    await expect.poll(() => rows.count()).toBe(2);
    const alert = rows.last().getByRole('alert');
    await alert.waitFor({ timeout: PIPELINE_MS });
    expect(await alert.textContent()).toContain(sv.refusals.duplicate);
    // Neither refused file joined the case.
    await page.getByRole('heading', { name: 'Filer i ärendet (3)' }).waitFor();
    expect(await page.locator('.media-card').count()).toBe(3);
    await page.mouse.move(0, 0);
    await shot('m07-duplicate');
  }, 90_000);

  it("lists the case on the patient's card", async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Patienter' }).click();
    await page.getByLabel('Patientidentitet').fill(PATIENT);
    await page.getByRole('button', { name: 'Sök' }).click();
    const card = page.getByRole('region', { name: 'Patient' });
    const link = card.getByRole('link', { name: new RegExp(`^${DEPARTMENT}, skapat`) });
    await link.waitFor();
    await link.click();
    await page.waitForURL(caseUrl);
    await page.getByRole('heading', { name: 'Filer i ärendet (3)' }).waitFor();
  });

  it('uploads a large video over tus and continues after the connection drops midway', async () => {
    const size = statSync(path.join(mediaDir, BIG_VIDEO)).size;
    expect(size).toBeGreaterThanOrEqual(BIG_MIN_BYTES);
    const tus: { method: string; path: string; offset: number | null }[] = [];
    const onRequest = (req: Request) => {
      const url = new URL(req.url());
      if (!url.pathname.startsWith('/api/uploads')) return;
      const offset = req.headers()['upload-offset'];
      tus.push({ method: req.method(), path: url.pathname, offset: offset === undefined ? null : Number(offset) });
    };
    page.on('request', onRequest);
    try {
      // A slow link, so that the connection can be cut while the file is on its way.
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: 4 * 1024 * 1024,
      });
      await page.locator('input[type="file"]').setInputFiles(path.join(mediaDir, BIG_VIDEO));
      const label = `Uppladdning av ${BIG_VIDEO}`;
      await page.getByRole('progressbar', { name: label }).waitFor();
      const fraction = () =>
        page.evaluate((name) => {
          const bar = document.querySelector<HTMLProgressElement>(`progress[aria-label="${name}"]`);
          return bar ? bar.value / bar.max : 0;
        }, label);
      await page.waitForFunction(
        (name) => {
          const bar = document.querySelector<HTMLProgressElement>(`progress[aria-label="${name}"]`);
          return !!bar && bar.value / bar.max >= 0.3;
        },
        label,
        { timeout: 30_000, polling: 50 },
      );
      const cutAt = await fraction();
      expect(cutAt).toBeLessThan(1);

      // The connection drops for a while; tus-js-client tries again by itself.
      await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      const row = uploadRow(BIG_VIDEO);
      await row.getByText(sv.upload.reconnecting).waitFor({ timeout: 15_000 });
      await shot('m08-reconnecting');
      await page.waitForTimeout(1000);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

      await row.locator('.upload-status').filter({ hasText: /^(Klar|Bearbetas)$/ }).waitFor({ timeout: PIPELINE_MS });
      expect(await row.getByText(sv.upload.reconnecting).count()).toBe(0);
      expect(await row.getByRole('alert').count()).toBe(0);
      expect(await row.getByRole('progressbar', { name: label }).evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(true);

      // One upload, created once and continued: after the break HEAD asked for the offset and the
      // next PATCH began there instead of at zero.
      expect(tus.filter((r) => r.method === 'POST')).toHaveLength(1);
      const head = tus.findIndex((r) => r.method === 'HEAD');
      expect(head).toBeGreaterThan(0);
      const resumed = tus.slice(head).find((r) => r.method === 'PATCH');
      expect(resumed?.offset).toBeGreaterThan(0);
      expect(tus.every((r) => r.method === 'POST' || r.path === tus.find((x) => x.method !== 'POST')!.path)).toBe(true);
      // Finished uploads are not remembered for resuming.
      expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tus::')))).toEqual([]);

      // The video joins the case and gets its thumbnail.
      await page.getByRole('heading', { name: 'Filer i ärendet (4)' }).waitFor({ timeout: PIPELINE_MS });
      const card = page.locator('.media-card').filter({ hasText: BIG_VIDEO });
      await card.getByText(/Video · 480 × 270 px/).waitFor({ timeout: PIPELINE_MS });
      expect(await imageLoaded(galleryImg(BIG_VIDEO))).toBeGreaterThan(0);
      await page.mouse.move(0, 0);
      await shot('m09-large-video');
    } finally {
      page.off('request', onRequest);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    }
  }, 120_000);

  it('refuses a large disguised file sent over tus with the same translated reason', async () => {
    const tusPosts: string[] = [];
    const onRequest = (req: Request) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/uploads') tusPosts.push(req.url());
    };
    page.on('request', onRequest);
    try {
      const buffer = Buffer.concat([zipBytes(), Buffer.alloc(21_000_000, 0x5a)]);
      await page.locator('input[type="file"]').setInputFiles({ name: BIG_DISGUISED, mimeType: 'image/jpeg', buffer });
      const row = uploadRow(BIG_DISGUISED);
      const alert = row.getByRole('alert');
      await alert.waitFor({ timeout: PIPELINE_MS });
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain(BIG_DISGUISED);
      expect(refusalTexts.some((reason) => text.includes(reason))).toBe(true);
      expect(await row.locator('.upload-status').textContent()).toBe('Nekad');
      expect(tusPosts).toHaveLength(1);
      await page.getByRole('heading', { name: 'Filer i ärendet (4)' }).waitFor();
      await shot('m10-large-refused');
    } finally {
      page.off('request', onRequest);
    }
  }, 90_000);

  it('gives up when the connection stays away, then continues with "Försök igen" and after a reload', async () => {
    // A page of its own, with a clock that can be moved on past tus-js-client's waits between
    // retries (0, 1, 3, 5, 10 and 20 s); the session and localStorage are those of the main page.
    const ctx = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'sv-SE',
      storageState: await context.storageState(),
    });
    const errors: string[] = [];
    try {
      await ctx.clock.install();
      const tab = await ctx.newPage();
      tab.setDefaultTimeout(15_000);
      tab.on('pageerror', (err) => errors.push(err.message));
      const file = path.join(mediaDir, BIG_RESUMED);
      writeFileSync(file, Buffer.concat([zipBytes(), Buffer.alloc(21_000_000, 0x33)]));
      const tus: { method: string; offset: number | null }[] = [];
      tab.on('request', (req) => {
        if (!new URL(req.url()).pathname.startsWith('/api/uploads')) return;
        const offset = req.headers()['upload-offset'];
        tus.push({ method: req.method(), offset: offset === undefined ? null : Number(offset) });
      });
      // The upload is created and its first chunk arrives; then the connection is gone.
      let patches = 0;
      await tab.route(/\/api\/uploads\//, (route) => {
        if (route.request().method() === 'PATCH' && patches++ === 0) return route.continue();
        return route.abort('internetdisconnected');
      });
      await tab.goto(caseUrl);
      await tab.getByRole('heading', { name: 'Ladda upp filer' }).waitFor();
      const row = () => tab.locator('.upload-row').filter({ has: tab.getByText(BIG_RESUMED, { exact: true }) }).last();

      await tab.locator('input[type="file"]').setInputFiles(file);
      await row().getByText(sv.upload.reconnecting).waitFor();
      const retry = row().getByRole('button', { name: `Försök igen: ${BIG_RESUMED}` });
      for (let i = 0; i < 20 && !(await retry.isVisible()); i++) {
        await tab.clock.fastForward(5_000);
        await tab.waitForTimeout(100);
      }
      await retry.waitFor();
      expect(await row().getByRole('alert').textContent()).toContain(sv.upload.interruptedText);
      expect(await row().locator('.upload-status').textContent()).toBe(sv.upload.interrupted);
      // The server has the first chunk, and the browser remembers the upload.
      const remembered = await tab.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tus::')));
      expect(remembered).toHaveLength(1);
      if (screenshotDir) {
        await tab.mouse.move(0, 0);
        await tab.screenshot({ path: path.join(screenshotDir, 'm11-interrupted.png'), fullPage: true });
      }

      // "Försök igen" continues the same upload from where the server has it (the link is still down).
      tus.length = 0;
      await retry.click();
      await row().getByText(sv.upload.reconnecting).waitFor();
      expect(tus[0]).toEqual({ method: 'HEAD', offset: null });
      // Keyboard focus stays on the file's line: on its progress bar.
      expect(await tab.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Uppladdning av ${BIG_RESUMED}`);

      // Reloading the page stops it; choosing the same file again continues it once the link is back.
      await tab.unroute(/\/api\/uploads\//);
      await tab.reload();
      await tab.getByRole('heading', { name: 'Ladda upp filer' }).waitFor();
      tus.length = 0;
      await tab.locator('input[type="file"]').setInputFiles(file);
      await row().locator('.upload-status').filter({ hasText: /^(Nekad|Klar|Bearbetas)$/ }).waitFor({ timeout: PIPELINE_MS });
      expect(tus.filter((r) => r.method === 'POST')).toHaveLength(0);
      expect(tus[0]?.method).toBe('HEAD');
      expect(tus.find((r) => r.method === 'PATCH')?.offset).toBe(8 * 1024 * 1024);
      // The file was a ZIP all along: the final answer is the refusal, shown like any other.
      expect(await row().getByRole('alert').textContent()).toContain(sv.refusals.unsupported_type);
      expect(await tab.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tus::')))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 90_000);

  it('raised no uncaught errors and requested no missing media', () => {
    expect(pageErrors).toEqual([]);
    expect(failedMediaRequests).toEqual([]);
  });
});
