// Browser tests of the defects of issue 19 ("Defects seen while trying it"), each on a real server
// with demo data, in Chromium: every test fails when its defect comes back.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
// Set KASUS_SCREENSHOT_DIR to keep screenshots of each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { ADMIN_PASSWORD, createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app.js';
import { demoCase, demoIds } from '../helpers/demo-ids.js';
import { cameraJpeg, mediaDir } from '../helpers/media-fixtures.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';

/** The capture facts every demo form requires before signing. */
const CAPTURE = { purpose_explained: 'Dokumentation inför behandling', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' };

let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  browser = await openBrowserPage();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Logs in as `username`, logging out whoever was in first. */
async function as(username: string): Promise<void> {
  await browser.context.clearCookies();
  await logIn(page, url, username, username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByRole('button', { name: 'Logga ut' }).waitFor();
}

describe('issue 19 defects', () => {
  it('1: the urgent-incident page says the report was not sent when the service desk takes no automatic reports, and to phone', async () => {
    await as('lakare');
    await page.goto(`${url}/status/incidents/new`);
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Skicka anmälan' }) });
    const systemSelect = form.getByLabel('System', { exact: true });
    const pacs = systemSelect.locator('option').filter({ hasText: /^PACS/ });
    await pacs.first().waitFor({ state: 'attached' });
    await systemSelect.selectOption((await pacs.first().getAttribute('value'))!);
    await form.getByLabel('Avdelning').selectOption({ label: 'Kirurgkliniken' });
    await form.getByLabel('Beskrivning av felet').fill('Inga bilder visas.');
    await form.getByLabel('Berörda användare').fill('3');
    await form.getByLabel('Kliniska applikationer').check();
    await form.getByLabel('Mobilnummer').fill('070-123 45 67');
    await form.getByRole('button', { name: 'Skicka anmälan' }).click();
    await page.getByRole('heading', { name: /^Felanmälan \d+: PACS$/, level: 1 }).waitFor();

    const outcome = page.locator('[data-testid=incident-outcome]');
    expect(await outcome.getAttribute('data-outcome')).toBe('not_sent');
    expect(await outcome.getAttribute('role')).toBe('alert');
    const text = (await outcome.textContent())!;
    expect(text).toMatch(/Felanmälan \d+ är registrerad i Kasus\./);
    expect(text).toContain('Den har INTE skickats: IT-servicedesk tar inte emot anmälningar automatiskt.');
    expect(text).toContain('Ring IT-servicedesk nu');
    // Nothing on the page claims a delivery that did not happen.
    expect(await page.locator('.alert-success').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('skickas till servicedesken');
    // The outcome comes before the rest of the page, with the numbers to call right after.
    const order = await page.evaluate(() => {
      const outcomeEl = document.querySelector('[data-testid=incident-outcome]')!;
      const callNext = document.querySelector('[data-testid=call-next]')!;
      const facts = document.querySelector('[data-testid=incident-facts]')!;
      return [outcomeEl.compareDocumentPosition(facts) & Node.DOCUMENT_POSITION_FOLLOWING, outcomeEl.compareDocumentPosition(callNext) & Node.DOCUMENT_POSITION_FOLLOWING];
    });
    expect(order.every((x) => x !== 0)).toBe(true);
    expect(await page.locator('[data-testid=incident-timeline]').textContent()).toContain('Inte skickad – ring servicedesken');
    await screenshot(page, 'defect-1-incident');
  });

  it('5: in read-only mode one compact banner says so and "Skapa ny version" is not offered', async () => {
    const physician = await server.login('lakare');
    const { caseId } = await demoCase(server, physician);
    const filled = await server.as(physician, 'PATCH', `/api/cases/${caseId}`, { values: { site: 'Vänster underarm', ...CAPTURE }, version: (await server.as(physician, 'GET', `/api/cases/${caseId}`)).json().version });
    expect(filled.statusCode, filled.body).toBe(200);
    const version = filled.json().version as number;
    const signed = await server.as(physician, 'POST', `/api/cases/${caseId}/sign`, { version });
    expect(signed.statusCode, signed.body).toBe(200);
    await as('lakare');
    await page.goto(`${url}/cases/${caseId}`);
    const newVersion = page.getByRole('button', { name: 'Skapa ny version' });
    await newVersion.waitFor();

    const officer = await server.login('sysadmin');
    const kasus = (await demoIds(server, officer)).system('Kasus');
    const put = await server.as(officer, 'PUT', `/api/systems/${kasus}/status`, { status: 'read_only', message: 'Uppgradering av databasen.' });
    expect(put.statusCode, put.body).toBe(200);
    try {
      const banner = page.locator('[data-testid=readonly-banner]');
      await banner.waitFor({ timeout: 10_000 });
      // The write action goes with the mode, live, without a reload.
      await newVersion.waitFor({ state: 'detached', timeout: 10_000 });
      expect(await page.getByRole('button', { name: 'Signera ärendet' }).count()).toBe(0);
      // One banner, not the read-only banner and Kasus's own outage notice saying the same.
      expect(await page.locator('.continuity-banners > section').count()).toBe(1);
      expect(await banner.textContent()).toContain('Uppgradering av databasen.');
      const box = (await page.locator('.continuity-banners').boundingBox())!;
      expect(box.height).toBeLessThan(220);
      await screenshot(page, 'defect-5-read-only');
    } finally {
      await server.as(officer, 'PUT', `/api/systems/${kasus}/status`, { status: 'operational', message: '' });
    }
    await page.locator('[data-testid=readonly-banner]').waitFor({ state: 'detached', timeout: 10_000 });
    await newVersion.waitFor();
  });

  it('6: the duty console starts with nothing chosen, shows the current statuses and asks before setting a system down', async () => {
    await as('sysadmin');
    await page.goto(`${url}/status/console`);
    const form = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Sätt status för ett system' }) });
    const systemSelect = form.getByLabel('System', { exact: true });
    const statusSelect = form.getByLabel('Status', { exact: true });
    await systemSelect.waitFor();
    expect(await systemSelect.inputValue()).toBe('');
    expect(await statusSelect.inputValue()).toBe('');
    const button = form.getByRole('button', { name: 'Sätt status' });
    expect(await button.isDisabled()).toBe(true);
    // Every system with its status now.
    const current = page.locator('[data-testid=console-current]');
    expect(await current.locator('li[data-system="PACS"]').textContent()).toContain('I drift');
    expect(await current.locator('li').count()).toBe((await (await server.as(await server.login('sysadmin'), 'GET', '/api/systems')).json()).length);
    await screenshot(page, 'defect-6-console');

    const pacs = systemSelect.locator('option').filter({ hasText: /^PACS/ });
    await systemSelect.selectOption((await pacs.first().getAttribute('value'))!);
    await statusSelect.selectOption({ label: 'Nere' });
    await form.getByLabel('Meddelande till personalen').fill('Test av bekräftelsen.');
    // Declined: nothing changes.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await button.click();
    await expect.poll(() => asked).toContain('PACS');
    expect(asked).toContain('Nere');
    await page.waitForTimeout(500);
    const pacsNow = async () => ((await (await server.as(await server.login('sysadmin'), 'GET', '/api/systems')).json()) as { name: string; status: string }[]).find((x) => x.name === 'PACS')!.status;
    expect(await pacsNow()).toBe('operational');
    // Accepted: PACS is down, and the list shows it.
    page.once('dialog', (dialog) => void dialog.accept());
    await button.click();
    await form.getByRole('status').waitFor();
    expect(await pacsNow()).toBe('down');
    await current.locator('li[data-system="PACS"]').filter({ hasText: 'Nere' }).waitFor();
    // Back up without a question.
    await systemSelect.selectOption((await pacs.first().getAttribute('value'))!);
    await statusSelect.selectOption({ label: 'I drift' });
    await button.click();
    await expect.poll(pacsNow).toBe('operational');
  });

  it('2: the caption input on a media card of a draft takes the width of the card', async () => {
    const physician = await server.login('lakare');
    const { caseId } = await demoCase(server, physician);
    await as('lakare');
    await page.goto(`${url}/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Ladda upp filer' }).waitFor();
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 100 } } }).jpeg().toBuffer();
    await page.locator('input[type="file"]').setInputFiles({ name: 'underarm.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    const input = page.getByLabel('Bildtext för underarm.jpg');
    await input.waitFor({ timeout: 30_000 });
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const card = (await page.locator('.media-card').first().boundingBox())!;
      const box = (await input.boundingBox())!;
      expect(box.width, `at ${width} px`).toBeGreaterThan(card.width * 0.8);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'defect-2-caption');
  });

  it('3: required fields are flagged on save, with the first one focused, and errors never show internal keys', async () => {
    const physician = await server.login('lakare');
    const { caseId } = await demoCase(server, physician);
    await as('lakare');
    await page.goto(`${url}/cases/${caseId}`);
    const form = page.locator('section.case-form');
    await form.getByLabel(/^Lokalisation/).fill('Vänster underarm');
    await form.getByRole('button', { name: 'Spara formuläret' }).click();
    await form.getByRole('status').filter({ hasText: 'Formuläret har sparats.' }).waitFor();
    expect(await form.getByRole('status').textContent()).toContain('Obligatoriska fält som är tomma är markerade');
    const flagged = form.locator('.field').filter({ has: page.locator('.field-error') });
    expect(await flagged.count()).toBe(4);
    expect(await flagged.first().locator('.field-error').textContent()).toBe('Inte ifyllt än: krävs för att signera.');
    // The first flagged field has the focus.
    await expect.poll(() => flagged.first().evaluate((el) => el.contains(document.activeElement))).toBe(true);
    // The field saved is not flagged.
    expect(await form.locator('[data-field=site] .field-error').count()).toBe(0);

    await form.getByRole('button', { name: 'Signera ärendet' }).click();
    await form.getByRole('alert').first().waitFor();
    await expect.poll(() => flagged.first().locator('.field-error').textContent()).toBe('Fyll i det här fältet: det krävs för att signera.');
    await expect.poll(() => flagged.first().evaluate((el) => el.contains(document.activeElement))).toBe(true);
    // No internal key anywhere on the page.
    const text = (await page.locator('main').textContent())!;
    for (const key of ['purpose_explained', 'oral_consent', 'identity_verified_by', 'captured_by']) expect(text).not.toContain(key);
    await screenshot(page, 'defect-3-form-errors');
  });

  it("4: at 1440 px the administrator's header is one row, the users table is not clipped, and e-mail and date-time inputs are styled", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    try {
      await as('admin');
      await page.goto(`${url}/admin/users`);
      const table = page.locator('table').filter({ has: page.getByRole('columnheader', { name: 'Användarnamn' }) });
      await table.waitFor();
      // One row: every item of the header shares the header's one line.
      const rows = await page.evaluate(() => {
        // The header's boxes: the menu's wrapper has none of its own (display: contents), the phone's menu button is hidden.
        const items = [...document.querySelectorAll('.app-header > *, .app-menu > *, .main-nav li')].map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0);
        return { tops: items.map((r) => Math.round(r.top + r.height / 2)), height: document.querySelector('.app-header')!.getBoundingClientRect().height };
      });
      expect(Math.max(...rows.tops) - Math.min(...rows.tops), JSON.stringify(rows)).toBeLessThan(12);
      expect(rows.height).toBeLessThan(80);
      // Nothing of the table is scrolled out of view: every cell and its last column's buttons show.
      const clipped = await table.evaluate((t) => {
        const wrap = t.closest('.table-wrap') as HTMLElement | null;
        return wrap ? wrap.scrollWidth - wrap.clientWidth : 0;
      });
      expect(clipped).toBeLessThanOrEqual(1);
      for (const badge of await table.locator('.badge').all()) expect(await badge.evaluate((b) => b.scrollWidth <= b.clientWidth + 1)).toBe(true);
      const edit = table.getByRole('button', { name: /^Redigera / }).first();
      const box = (await edit.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1440);
      const styled = (selector: string) =>
        page.locator(selector).first().evaluate((el) => {
          const style = getComputedStyle(el);
          return { radius: style.borderTopLeftRadius, padding: parseFloat(style.paddingLeft) };
        });
      const email = await styled('input[type=email]');
      const text = await styled('input[type=text]');
      expect(email).toEqual(text);
      await screenshot(page, 'defect-4-users-1440');
      await page.goto(`${url}/status/console`);
      await page.getByRole('heading', { name: 'Driftkonsol' }).waitFor();
      expect(await styled('input[type=datetime-local]')).toEqual(text);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('8: the incident page shows every time in the hospital zone (KASUS_TIME_ZONE), labelled, whatever the browser zone', async () => {
    const physician = await server.login('lakare');
    const ids = await demoIds(server, physician);
    const filed = await server.as(physician, 'POST', '/api/incidents', {
      systemId: ids.system('PACS'),
      departmentId: ids.department('Kirurgkliniken'),
      site: null,
      description: 'Tidszonstest.',
      affectedUsers: 1,
      affectedPcs: 0,
      affectedServers: 0,
      competence: ['clinical_applications'],
      contactName: 'Lars Läkare',
      contactMobile: '070-123 45 67',
      impact: 'low',
      urgency: 'low',
      language: 'sv',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const incident = filed.json() as { id: string; createdAt: string; callNext: { timeZone: string } };
    const zone = incident.callNext.timeZone;
    const inZone = (timeZone: string) => new Date(incident.createdAt).toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short', timeZone });
    // A browser far from the hospital: its own zone must not leak into the page.
    const browserZone = zone === 'America/New_York' ? 'Asia/Tokyo' : 'America/New_York';
    expect(inZone(browserZone)).not.toBe(inZone(zone));
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: browserZone });
    try {
      const away = await context.newPage();
      await logIn(away, url, 'lakare', DEMO_PASSWORD);
      await away.waitForURL((u) => !u.pathname.startsWith('/login'));
      await away.goto(`${url}/status/incidents/${incident.id}`);
      const timeline = away.locator('[data-testid=incident-timeline]');
      await timeline.locator('li').first().waitFor();
      expect(await timeline.textContent()).toContain(inZone(zone));
      expect(await away.locator('main').textContent()).not.toContain(inZone(browserZone));
      expect(await away.locator('[data-testid=incident-facts]').textContent()).toContain(inZone(zone));
      expect(await away.locator('[data-testid=incident-time-zone]').textContent()).toBe(`Alla tider visas i sjukhusets tidszon (${zone}).`);
      await screenshot(away, 'defect-8-time-zone');

      // Every other time on screen too (one formatter): the case page's creation time.
      const { caseId } = await demoCase(server, await server.login('lakare'));
      const createdAt = (await server.as(await server.login('lakare'), 'GET', `/api/cases/${caseId}`)).json().createdAt as string;
      const shown = (timeZone: string) => new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(createdAt));
      expect(shown(browserZone)).not.toBe(shown(zone));
      await away.goto(`${url}/cases/${caseId}`);
      await away.getByRole('heading', { name: 'Ärende', level: 1 }).waitFor();
      await away.getByText(shown(zone)).first().waitFor();
      expect(await away.locator('main').textContent()).not.toContain(shown(browserZone));
    } finally {
      await context.close();
    }
  });

  it('9: the version list is not numbered against its versions', async () => {
    const physician = await server.login('lakare');
    const { caseId } = await demoCase(server, physician);
    const filled = await server.as(physician, 'PATCH', `/api/cases/${caseId}`, { values: { site: 'Vänster underarm', ...CAPTURE }, version: (await server.as(physician, 'GET', `/api/cases/${caseId}`)).json().version });
    const signed = await server.as(physician, 'POST', `/api/cases/${caseId}/sign`, { version: filled.json().version });
    expect(signed.statusCode, signed.body).toBe(200);
    const next = await server.as(physician, 'POST', `/api/cases/${caseId}/versions`);
    expect(next.statusCode, next.body).toBeLessThan(300);
    await as('lakare');
    await page.goto(`${url}/cases/${caseId}`);
    await page.getByRole('button', { name: 'Visa versionshistorik' }).click();
    const list = page.locator('.version-list');
    await list.getByRole('button', { name: 'Visa version 2' }).waitFor();
    // No list marker numbers the items: the only numbers are the versions' own.
    const markers = await list.locator('li').evaluateAll((items) => items.map((li) => getComputedStyle(li).listStyleType));
    expect(markers.length).toBe(2);
    expect(markers.every((m) => m === 'none')).toBe(true);
    expect(await list.evaluate((el) => el.tagName)).toBe('UL');
  });

  it('phone: at 390 px the header is one row with a menu button that opens the navigation, which closes once a page is chosen', async () => {
    await as('admin');
    await page.setViewportSize({ width: 390, height: 800 });
    try {
      await page.goto(`${url}/patients`);
      const toggle = page.getByRole('button', { name: 'Meny' });
      await toggle.waitFor();
      const header = (await page.locator('.app-header').boundingBox())!;
      expect(header.height, 'one row').toBeLessThan(80);
      const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
      expect(await nav.isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Logga ut' }).isVisible()).toBe(false);
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');

      await toggle.click();
      expect(await page.getByRole('button', { name: 'Stäng menyn' }).getAttribute('aria-expanded')).toBe('true');
      await nav.getByRole('link', { name: 'Driftstatus' }).waitFor();
      await page.getByRole('button', { name: 'Logga ut' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, 'phone-menu-open');
      await nav.getByRole('link', { name: 'Driftstatus' }).click();
      await page.waitForURL(/\/status$/);
      await page.getByRole('button', { name: 'Meny' }).waitFor();
      expect(await nav.isVisible()).toBe(false);
      // The status page on a phone: the urgent report first, across the width; sections in panels.
      const urgent = page.getByRole('main').getByRole('link', { name: 'Anmäl akut fel' });
      const urgentBox = (await urgent.boundingBox())!;
      const actions = (await page.locator('.status-actions').boundingBox())!;
      expect(urgentBox.width, 'across its panel (less the padding)').toBeGreaterThan(actions.width - 45);
      const systems = page.locator('section').filter({ has: page.getByRole('heading', { name: 'System', exact: true }) });
      expect(urgentBox.y).toBeLessThan((await systems.boundingBox())!.y);
      expect(await systems.getAttribute('class')).toContain('panel');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    // A wide screen has no menu button: the navigation is in the header.
    expect(await page.getByRole('button', { name: 'Meny' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).toBe(true);
  });
  it('7: the audit log shows events by label, patients by identifier, objects by name, and a case opening as one expandable row', async () => {
    const lakare = await server.login('lakare');
    const demo = await demoCase(server, lakare, 'Hudkliniken');
    const { caseId } = demo;
    const dir = mediaDir();
    const uploaded = await server.upload(lakare, caseId, [{ path: await cameraJpeg(dir, 'a.jpg', 1) }, { path: await cameraJpeg(dir, 'b.jpg', 2) }]);
    expect(uploaded.status).toBe(200);
    // A case opened and its pictures fetched, as the case page does.
    expect((await server.as(lakare, 'GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
    for (const item of uploaded.body.items as { id: string }[]) {
      expect((await server.as(lakare, 'GET', `/api/media/${item.id}`)).statusCode).toBe(200);
      expect((await server.as(lakare, 'GET', `/api/media/${item.id}/original`)).statusCode).toBe(200);
    }

    await as('logg');
    await page.goto(`${url}/audit?userId=${lakare.user.id}`);
    const table = page.locator('table.audit-table').first();
    // This test's case is the file's only one in Hudkliniken (the others open cases in Kirurgkliniken).
    const opening = table.locator('tbody > tr').filter({ hasText: 'Ärende öppnat' }).filter({ hasText: 'Hudkliniken' });
    await opening.waitFor();
    const main = page.locator('main');
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
    const codes = /\b(case|media|patient)\.[a-z_]+\b/;
    try {
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        // The opening and the four reads of its pictures are one row, naming the patient and the case.
        expect(await opening.count()).toBe(1);
        const row = await opening.innerText();
        expect(row).toContain('Lars Läkare');
        expect(row).toContain('19121212-1212');
        expect(row).toMatch(/Ärende · Hudkliniken, skapat \d/);
        expect(row).toContain('och 4 händelser till');
        expect(row).toContain('Originalfil hämtad × 2');
        const show = opening.getByRole('button', { name: 'Visa alla 5 händelser i gruppen' });
        await show.click();
        const details = page.locator('tr.audit-details');
        await details.waitFor();
        expect(await details.locator('tbody > tr').count()).toBe(5);
        expect(await details.innerText()).toContain('Media i ärende · Hudkliniken');
        const text = await main.innerText();
        expect(text).not.toMatch(uuid);
        expect(text).not.toMatch(codes);
        // Other events are named too: the patient looked up, the upload.
        expect(text).toContain('Patient söktes');
        expect(text).toContain('Media uppladdad');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await screenshot(page, `defect-7-audit-${width}`);
        await opening.getByRole('button', { name: 'Dölj händelserna i gruppen' }).click();
        await details.waitFor({ state: 'detached' });
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    // The action filter offers labels, not codes.
    expect(await page.getByLabel('Händelse', { exact: true }).locator('option', { hasText: 'Miniatyrbild visad' }).getAttribute('value')).toBe('media.thumbnail');
    // A patient filter from a link shows as a filter to remove, not as an internal id to type.
    await page.goto(`${url}/audit?patientId=${demo.patientId}`);
    await page.getByText('Endast en vald patients händelser.').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    await page.getByRole('button', { name: 'Ta bort' }).click();
    await page.getByText('Endast en vald patients händelser.').waitFor({ state: 'detached' });
    await page.waitForURL((u) => !u.searchParams.has('patientId'));
    // What Kasus did itself (the demo data's departments) names Kasus, not an empty cell.
    await page.goto(`${url}/audit?action=department.create`);
    const created = page.locator('table.audit-table').first().locator('tbody > tr').filter({ hasText: 'Avdelning skapad' }).first();
    await created.waitFor();
    expect(await created.innerText()).toContain('Kasus (automatiskt)');
  });
});
