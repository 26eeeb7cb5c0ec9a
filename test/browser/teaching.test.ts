// Browser test for teaching collections (DESIGN M4): a teaching manager creates a collection and a
// case in it, which has no patient; the collection lists it. Driven through Debian's Chromium with
// playwright-core against a real Kasus server with demo data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
let chromium: BrowserPage;
let page: Page;

beforeAll(async () => {
  await ensureWebBuild();
  server = await startTestServer({ demoData: true });
  chromium = await openBrowserPage();
  page = chromium.page;
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('teaching collections UI', () => {
  it('creates a collection and a case without a patient in it', async () => {
    await logIn(page, server.url, 'sysadmin', 'kasus-demo-2026');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Undervisning' }).click();
    await page.getByRole('heading', { name: 'Undervisning', level: 1 }).waitFor();
    await page.getByText('Det finns inga undervisningssamlingar ännu.').waitFor();

    await page.getByLabel('Avdelning').selectOption({ label: 'Hudkliniken' });
    await page.getByLabel('Namn').fill('Hudförändringar');
    await page.getByLabel('Beskrivning').fill('Avidentifierade exempel för AT-läkare');
    await page.getByRole('button', { name: 'Skapa samlingen' }).click();
    await page.getByText('Samlingen Hudförändringar har skapats.').waitFor();
    const collection = page.locator('li.collection').filter({ hasText: 'Hudförändringar' });
    await collection.getByText('Hudkliniken · 0 ärenden').waitFor();
    // The same name twice in a department is refused with the reason.
    await page.getByLabel('Namn').fill('hudförändringar');
    await page.getByRole('button', { name: 'Skapa samlingen' }).click();
    await page.getByRole('alert').getByText('Avdelningen har redan en samling med det namnet.').waitFor();

    await collection.getByRole('button', { name: 'Nytt undervisningsärende' }).click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    await page.locator('.case-summary').getByText('Undervisningsmaterial: Hudförändringar').waitFor();
    expect(await page.locator('.case-summary .identifier').count()).toBe(0);
    await screenshot(page, 't01-teaching-case');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Undervisning' }).click();
    const again = page.locator('li.collection').filter({ hasText: 'Hudförändringar' });
    await again.getByText('Hudkliniken · 1 ärende').waitFor();
    await again.getByRole('button', { name: 'Visa ärendena i Hudförändringar' }).click();
    await again.locator('.case-list li').first().waitFor();
    expect(await again.locator('.case-list li').count()).toBe(1);
    expect(chromium.pageErrors).toEqual([]);
  });
});
