// Browser test of the patient's image timeline (issue 19, "Looking at images"): the images of the
// patient grouped by day, two selected and compared side by side; zooming or panning one pane moves
// the other alike (keys, wheel, drag); at 1440 px and 390 px without horizontal scrolling and
// without raw i18n keys. Set KASUS_SCREENSHOT_DIR to keep the screenshots.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../helpers/app.js';
import { demoCase } from '../helpers/demo-ids.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { mediaDir } from '../helpers/media-fixtures.js';
import { LOOKING_TEXTS } from '../../src/web/i18n/looking-texts.js';

const sv = LOOKING_TEXTS.sv;
let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;
let physician: Session;
let patientId: string;

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  physician = await server.login('lakare');
  const created = await demoCase(server, physician);
  patientId = created.patientId;
  const files: { path: string }[] = [];
  for (const [i, colour] of [[1, { r: 200, g: 60, b: 60 }], [2, { r: 60, g: 160, b: 90 }]] as const) {
    const file = path.join(mediaDir(), `timeline-browser-${i}.jpg`);
    // A pattern, not a flat colour, so that a zoom shows in the pixels too.
    const pixels = Buffer.alloc(640 * 480 * 3);
    for (let p = 0; p < 640 * 480; p++) {
      const stripe = Math.floor((p % 640) / 40) % 2 === 0;
      pixels[p * 3] = stripe ? colour.r : 255 - colour.r;
      pixels[p * 3 + 1] = colour.g;
      pixels[p * 3 + 2] = stripe ? colour.b : 40;
    }
    await sharp(pixels, { raw: { width: 640, height: 480, channels: 3 } }).jpeg().toFile(file);
    files.push({ path: file });
  }
  const upload = await server.upload(physician, created.caseId, files);
  expect(upload.status).toBe(200);
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
  expect(text, where).not.toMatch(/\blooking\.[a-z]/);
}

/** The transform of each compared image. */
const transforms = () => page.getByTestId('compare-pane').locator('img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLElement).style.transform));

describe('patient timeline', () => {
  for (const width of [1440, 390] as const) {
    it(`compares two images with one zoom and pan at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${url}/patients/${patientId}/timeline`);
      const items = page.getByTestId('timeline-item');
      await items.nth(1).waitFor();
      expect(await items.count()).toBeGreaterThanOrEqual(2);
      await noRawKeys(`timeline at ${width} px`);
      await noHorizontalOverflow(`timeline at ${width} px`);
      const compare = page.getByRole('button', { name: sv.timeline.compare });
      expect(await compare.isDisabled()).toBe(true);
      await items.nth(0).getByRole('checkbox').check();
      await items.nth(1).getByRole('checkbox').check();
      await screenshot(page, `timeline-${width}`);
      await compare.click();

      const panes = page.getByTestId('compare-pane');
      await panes.nth(1).waitFor();
      expect(await panes.count()).toBe(2);
      const [a, b] = [(await panes.nth(0).boundingBox())!, (await panes.nth(1).boundingBox())!];
      // Side by side on a wide screen, one above the other on a phone; each keeps a usable size.
      if (width === 1440) expect(Math.abs(a.y - b.y)).toBeLessThan(1);
      else expect(b.y).toBeGreaterThan(a.y);
      expect(Math.min(a.width, b.width, a.height, b.height)).toBeGreaterThan(120);

      // Keys in the first pane: both follow.
      await panes.nth(0).focus();
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      let [first, second] = await transforms();
      expect(first).toContain('scale(1.5625)');
      expect(second).toBe(first);
      expect(await page.getByTestId('compare-zoom').textContent()).toContain('156');

      // The wheel over the second: both follow.
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
      await page.mouse.wheel(0, -100);
      await page.waitForFunction((before) => document.querySelector<HTMLElement>('[data-testid="compare-pane"] img')!.style.transform !== before, first, { timeout: 5000 });
      [first, second] = await transforms();
      expect(second).toBe(first);

      // A drag in the second pane pans the first alike.
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2 + 40, b.y + b.height / 2 + 20, { steps: 4 });
      await page.mouse.up();
      [first, second] = await transforms();
      expect(first).toMatch(/translate\((?!0%, 0%)/);
      expect(second).toBe(first);

      await noRawKeys(`compare at ${width} px`);
      await noHorizontalOverflow(`compare at ${width} px`);
      await screenshot(page, `timeline-compare-${width}`);

      // 0 resets, Esc closes.
      await panes.nth(0).focus();
      await page.keyboard.press('0');
      [first, second] = await transforms();
      expect(first).toBe('scale(1) translate(0%, 0%)');
      expect(second).toBe(first);
      await page.keyboard.press('Escape');
      await panes.first().waitFor({ state: 'detached' });
      expect(browser.pageErrors).toEqual([]);
    }, 120_000);
  }
});
