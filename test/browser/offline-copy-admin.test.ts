// Browser test of the administration of backup workstations (issue 13, page "Reservdatorer") on a
// real Kasus server: the administrator registers a workstation with a real age recipient; the sync
// token is shown once (copied with the copy button, gone after "Klar" and after a reload) and
// works on the sync route; a key that is not an age recipient is refused with a Swedish message; the
// list shows the workstation; "Gör ögonblicksbild nu" starts a snapshot; revoking asks first, then
// the token dies; the duty console shows the workstations' copy age. Screenshots at 1440 and 390
// px wide are checked for horizontal overflow and raw codes.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
// Set KASUS_SCREENSHOT_DIR to keep screenshots of each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import sv from '../../src/web/i18n/sv.js';
import { TestClock } from '../../src/server/clock.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';

const W = sv.offlineCopy.workstations;
const NAME = 'Reservdator Akuten';

let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;
let admin: Session;
let token = '';
/** The app's clock: moved past a scheduled snapshot to make a missed sync. */
const clock = new TestClock();

interface Item {
  id: string;
  name: string;
  departmentIds: string[];
  lastSyncAt: string | null;
  sequence: number;
  ageMinutes: number | null;
  revokedAt: string | null;
  missedSync: boolean;
}

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' }, { clock });
  url = await server.listen();
  admin = await server.login('admin');
  browser = await openBrowserPage();
  page = browser.page;
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  await logIn(page, url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Logga ut' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function listed(): Promise<Item[]> {
  const response = await server.as(admin, 'GET', '/api/offline-copy/workstations');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: Item[] }).items;
}

/** The sync route as the workstation calls it: 401 once the token is dead. */
async function syncStatus(bearer: string): Promise<number> {
  const response = await fetch(`${url}/api/offline-copy/sync/manifest?since=0`, { headers: { authorization: `Bearer ${bearer}` } });
  return response.status;
}

/** No horizontal scrolling, and no raw error codes or translation keys on the page. */
async function checkLayout(name: string): Promise<void> {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `offline-copy-admin-${name}-${width}`);
    const overflow = await page.evaluate(() => {
      const wider = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'));
      return { by: document.documentElement.scrollWidth - window.innerWidth, elements: wider.slice(0, 5).map((e) => `${e.tagName}.${e.className}`) };
    });
    expect(overflow.by, `${name} at ${width} px overflows: ${overflow.elements.join(', ')}`).toBeLessThanOrEqual(0);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/offlineCopy\.|invalid_public_key|read_only_copy|not_found|http_\d{3}/);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('Reservdatorer', () => {
  it('is reached from the administration menu', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: sv.nav.workstations }).click();
    await page.getByRole('heading', { level: 1, name: W.title }).waitFor();
    await expect.poll(() => page.getByText(W.empty).count()).toBe(1);
  });

  it('refuses a key that is not an age recipient, with a Swedish message', async () => {
    const form = page.getByRole('region', { name: W.registerTitle });
    await form.getByLabel(W.name, { exact: true }).fill('Fel nyckel');
    await form.getByLabel(W.publicKey).fill('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO');
    // Without a department the departments are refused, beside their checkboxes.
    await form.getByRole('button', { name: W.register }).click();
    await form.getByRole('group', { name: W.departments }).getByRole('alert').waitFor();
    await form.getByRole('group', { name: W.departments }).getByLabel('Kirurgkliniken').check();
    await form.getByRole('button', { name: W.register }).click();
    // The key's refusal stands beside the key, in Swedish, and the field is marked invalid.
    const key = form.getByLabel(W.publicKey);
    await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await key.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    expect(await page.locator(`[id="${errorId}"]`).innerText()).toMatch(/age1/);
    await checkLayout('refused');
    await form.getByRole('group', { name: W.departments }).getByLabel('Kirurgkliniken').uncheck();
    expect(await listed()).toEqual([]);
  });

  it('registers a workstation and shows its sync token once, with a copy button and the next steps', async () => {
    const recipient = await identityToRecipient(await generateX25519Identity());
    const form = page.getByRole('region', { name: W.registerTitle });
    await form.getByLabel(W.name, { exact: true }).fill(NAME);
    await form.getByRole('group', { name: W.departments }).getByLabel('Kirurgkliniken').check();
    await form.getByLabel(W.publicKey).fill(recipient);
    await form.getByRole('button', { name: W.register }).click();

    const panel = page.getByTestId('token-panel');
    await panel.getByRole('heading', { name: W.tokenTitle.replace('{{name}}', NAME) }).waitFor();
    token = await panel.getByTestId('sync-token').inputValue();
    expect(token).toMatch(/^kwt_/);
    await panel.getByText(W.tokenOnce).waitFor();
    await panel.getByText(W.nextSteps).waitFor();
    expect(await panel.innerText()).toContain(`--server ${url}`);

    await panel.getByRole('button', { name: W.copy, exact: true }).click();
    await panel.getByText(W.copied).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

    const items = await listed();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: NAME, lastSyncAt: null, revokedAt: null, missedSync: false });
    const row = page.getByRole('row', { name: new RegExp(NAME) });
    await row.getByText('Kirurgkliniken').waitFor();
    await row.getByText(W.never).waitFor();
    await checkLayout('token');

    // The token is the workstation's: the sync route knows it (no snapshot yet, or one), others do not.
    expect([200, 409]).toContain(await syncStatus(token));
    expect(await syncStatus('kwt_not-a-token')).toBe(401);

    await panel.getByRole('button', { name: W.done }).click();
    await page.getByRole('region', { name: W.registerTitle }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain(token);
    await page.reload();
    await page.getByRole('row', { name: new RegExp(NAME) }).waitFor();
    expect(await page.content()).not.toContain(token);
  });

  it('makes a snapshot now', async () => {
    await page.getByRole('button', { name: W.snapshot }).click();
    await page.getByText(/Ögonblicksbild nummer \d+ görs nu/).waitFor();
    await checkLayout('snapshot');
  });

  it("shows the workstations' copy age on the duty console", async () => {
    await page.goto(`${url}/status/console`);
    const panel = page.getByTestId('workstations-panel');
    await panel.getByRole('heading', { name: W.consoleTitle }).waitFor();
    await panel.getByText(NAME).waitFor();
    await checkLayout('console');
  });

  it('flags a workstation that missed a scheduled sync, on the page and on the duty console', async () => {
    const row = page.getByRole('row', { name: new RegExp(NAME) });
    await page.goto(`${url}/admin/workstations`);
    await row.waitFor();
    expect(await row.getByTestId('missed-sync').count()).toBe(0);
    // Past the next scheduled snapshot (06:00 and 18:00) and its grace, with no sync since.
    clock.advance({ hours: 13 });
    // Sessions may end by the same clock: sign in again where they did.
    admin = await server.login('admin');
    expect((await listed())[0]!.missedSync).toBe(true);
    await page.goto(`${url}/admin/workstations`);
    await page.getByRole('button', { name: 'Logga ut' }).or(page.getByRole('button', { name: 'Logga in' })).first().waitFor();
    if (await page.getByRole('button', { name: 'Logga in' }).count()) {
      await logIn(page, url, 'admin', ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Logga ut' }).waitFor();
      await page.goto(`${url}/admin/workstations`);
    }
    await row.getByTestId('missed-sync').getByText(W.missed).waitFor();
    await page.goto(`${url}/status/console`);
    const flagged = page.getByTestId('workstations-panel').locator('.workstation-missed');
    await flagged.getByText(NAME).waitFor();
    await flagged.getByText(W.missed).waitFor();
    await checkLayout('missed');
  });

  it('revokes the workstation after a confirmation; its token then stops working', async () => {
    await page.goto(`${url}/admin/workstations`);
    const row = page.getByRole('row', { name: new RegExp(NAME) });
    await row.getByRole('button', { name: W.revokeLabel.replace('{{name}}', NAME) }).click();
    const confirm = page.getByTestId('revoke-confirm');
    await confirm.getByText(W.revokeConfirm.replace('{{name}}', NAME)).waitFor();
    await checkLayout('revoke-confirm');
    // Cancelling changes nothing.
    await confirm.getByRole('button', { name: sv.common.cancel }).click();
    expect((await listed())[0]!.revokedAt).toBeNull();

    await row.getByRole('button', { name: W.revokeLabel.replace('{{name}}', NAME) }).click();
    await page.getByTestId('revoke-confirm').getByRole('button', { name: W.revokeYes }).click();
    await page.getByText(W.revokedNotice.replace('{{name}}', NAME)).waitFor();
    await expect.poll(async () => (await listed())[0]!.revokedAt).not.toBeNull();
    await row.getByText(/^Återkallad /).waitFor();
    expect(await row.getByRole('button', { name: W.revoke }).count()).toBe(0);
    expect(await syncStatus(token)).toBe(401);

    // A revoked workstation is no longer on the duty console.
    await page.goto(`${url}/status/console`);
    await page.getByTestId('workstations-panel').getByText(W.consoleEmpty).waitFor();
    expect(browser.pageErrors).toEqual([]);
  });
});
