// Browser test for the background jobs page (/admin/jobs): counts per status, the failed jobs with
// their translated names, attempts and last error, "Försök igen", the status filter and paging.
// Driven through Debian's Chromium with playwright-core against a real Kasus server.
//
// A fresh server has no jobs. Failed jobs are made cheaply by enqueueing jobs whose payload the
// handler cannot use (with one attempt, so that they go dead at once) through the server's own
// queue, and finished ones with a payload naming no file; everything else goes through the UI.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
// Set KASUS_SCREENSHOT_DIR to keep screenshots of each step.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sv from '../../src/web/i18n/sv.js';
import { ADMIN_PASSWORD, createTestApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { ensureWebBuild, launchChromium, screenshot } from '../helpers/browser.js';


/** One more than a page (20 jobs), so that the list has two pages. */
const DEAD_JOBS = 22;
const DONE_JOBS = 2;

let server: TestApp;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) => screenshot(page, name);

/** The number shown for a status in the counts ("Misslyckade" → 22). */
async function count(label: string): Promise<string> {
  const item = page.locator('.job-counts > div').filter({ has: page.getByText(label, { exact: true }) });
  return ((await item.locator('dd').textContent()) ?? '').trim();
}

async function waitForCounts(expected: { dead: number; done: number }): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const counts = await server.services.jobs.repository.counts();
    if (counts.dead === expected.dead && counts.done === expected.done && counts.queued + counts.running === 0) return;
    if (Date.now() > deadline) throw new Error(`jobs did not settle: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  // The in-process worker reports each job that fails for good; here they fail on purpose.
  const consoleError = console.error.bind(console);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('job failed')) return;
    consoleError(...args);
  });
  await ensureWebBuild();
  // A one-day reminder window: the demo routine that expires in three weeks then queues no reminder
  // e-mail at start, and the fresh server has no jobs.
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true', KASUS_ROUTINE_REMINDER_DAYS: '1' });
  url = await server.listen();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  vi.restoreAllMocks();
});

describe('background jobs page', () => {
  it('is linked from the administration menu and shows an empty queue on a new server', async () => {
    await page.goto(`${url}/login`);
    await page.getByLabel('Användarnamn').fill('admin');
    await page.getByLabel('Lösenord').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Bakgrundsjobb' }).click();
    await page.waitForURL(/\/admin\/jobs$/);
    await page.getByRole('heading', { name: 'Bakgrundsjobb', level: 1 }).waitFor();
    // The title is set in an effect after the heading renders.
    await expect.poll(() => page.title()).toBe('Bakgrundsjobb – Kasus');

    await page.locator('.job-counts').waitFor();
    for (const label of Object.values(sv.admin.jobs.statuses)) expect(await count(label)).toBe('0');
    // The failed jobs are shown first.
    const filter = page.getByLabel('Status');
    expect(await filter.inputValue()).toBe('dead');
    await page.getByText(sv.admin.jobs.empty.dead).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await shot('j01-empty');
  });

  it('lists failed jobs with name, attempts, time and last error, page by page', async () => {
    const queue = server.services.jobs.queue;
    for (let i = 0; i < DEAD_JOBS; i++) {
      // A payload the handler cannot read: the job fails on its only attempt.
      await queue.enqueue('media.derivatives', { mediaId: { broken: i } as unknown as string }, { maxAttempts: 1 });
    }
    for (let i = 0; i < DONE_JOBS; i++) {
      // A file that does not exist: nothing to do, the job is done.
      await queue.enqueue('media.process', { mediaId: `00000000-0000-4000-8000-00000000000${i}` });
    }
    await waitForCounts({ dead: DEAD_JOBS, done: DONE_JOBS });

    await page.getByRole('button', { name: 'Uppdatera' }).click();
    await expect.poll(() => count('Misslyckade')).toBe(String(DEAD_JOBS));
    expect(await count('Klara')).toBe(String(DONE_JOBS));
    expect(await count('I kö')).toBe('0');
    expect(await count('Pågår')).toBe('0');

    const table = page.getByRole('table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(20);
    await page.getByText(`${DEAD_JOBS} jobb`, { exact: true }).waitFor();
    const first = rows.first();
    expect(await first.getByRole('rowheader').textContent()).toContain('Skapa förhandsvisningar');
    expect(await first.getByText('Misslyckat', { exact: true }).count()).toBe(1);
    expect(await first.getByText('1 av 1', { exact: true }).count()).toBe(1);
    const error = (await first.locator('.job-error').textContent()) ?? '';
    const stored = (await server.services.jobs.repository.list({ status: 'dead' }, 1, 1)).items[0]!;
    expect(error).toBe(stored.last_error);
    expect(error.length).toBeGreaterThan(0);
    expect(await first.locator('time').count()).toBe(2);
    await shot('j02-dead-jobs');

    const pager = page.getByRole('navigation', { name: 'Sidor' });
    await pager.getByText('Sida 1 av 2').waitFor();
    await pager.getByRole('button', { name: 'Nästa sida' }).click();
    await page.waitForURL(/page=2/);
    await pager.getByText('Sida 2 av 2').waitFor();
    await expect.poll(() => rows.count()).toBe(DEAD_JOBS - 20);
    await pager.getByRole('button', { name: 'Föregående sida' }).click();
    await pager.getByText('Sida 1 av 2').waitFor();
    await expect.poll(() => rows.count()).toBe(20);
  });

  it('runs a failed job again with "Försök igen" and refreshes the list', async () => {
    const row = page.getByRole('table').locator('tbody tr').first();
    const button = row.getByRole('button', { name: /^Försök igen: Skapa förhandsvisningar, jobb / });
    const label = (await button.getAttribute('aria-label')) ?? '';
    const id = label.replace(/^.*jobb /, '');
    const answer = page.waitForResponse((res) => res.url().endsWith(`/api/jobs/${id}/retry`) && res.request().method() === 'POST');
    const reread = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/jobs' && res.request().method() === 'GET');
    await button.focus();
    await page.keyboard.press('Enter');
    expect((await answer).status()).toBe(200);
    await reread;
    await page.getByRole('status').filter({ hasText: sv.admin.jobs.retried.replace('{{name}}', 'Skapa förhandsvisningar') }).waitFor();
    // Focus stays in the list that was refreshed.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Jobb');

    // The job ran again (and failed again: its payload is still broken), after a fresh first attempt.
    await expect
      .poll(async () => (await server.services.jobs.repository.find(id))?.status, { timeout: 20_000 })
      .toBe('dead');
    await page.getByRole('button', { name: 'Uppdatera' }).click();
    await expect.poll(() => count('Misslyckade')).toBe(String(DEAD_JOBS));
    await shot('j03-retried');
  });

  it('filters by status', async () => {
    const filter = page.getByLabel('Status');
    await filter.selectOption({ label: 'Klara' });
    await page.waitForURL(/status=done/);
    const rows = page.getByRole('table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(DONE_JOBS);
    expect(await rows.first().getByRole('rowheader').textContent()).toContain('Rensa och lagra fil');
    expect(await rows.first().getByText('Klart', { exact: true }).count()).toBe(1);
    expect(await rows.first().getByText(sv.admin.jobs.noError).count()).toBe(1);
    expect(await page.getByRole('table').getByRole('button').count()).toBe(0);
    await shot('j04-done');

    await filter.selectOption({ label: 'Pågår' });
    await page.getByText(sv.admin.jobs.empty.running).waitFor();

    await filter.selectOption({ label: 'Alla' });
    await page.waitForURL(/status=all/);
    await page.getByText(`${DEAD_JOBS + DONE_JOBS} jobb`, { exact: true }).waitFor();

    // The filter lives in the address: a reload shows the same list.
    await page.reload();
    await page.getByText(`${DEAD_JOBS + DONE_JOBS} jobb`, { exact: true }).waitFor();
    expect(await page.getByLabel('Status').inputValue()).toBe('all');
  });

  it('is not shown to users without the admin right', async () => {
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Användarnamn').fill('lakare');
    await page.getByLabel('Lösenord').fill('kasus-demo-2026');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await page.goto(`${url}/admin/jobs`);
    await page.getByRole('heading', { name: sv.forbidden.title }).waitFor();
  });

  it('raised no uncaught errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
