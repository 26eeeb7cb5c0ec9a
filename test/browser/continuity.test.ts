// Browser test of the broadcast (C4) and the first continuity UI: a page open as a physician shows
// an outage banner the moment a duty officer (second browser context) declares PACS down in the
// console — with the routine in force when the server has routines — and loses it on recovery;
// Kasus's own read-only mode shows a banner of its own. Nothing is reloaded on the watching page.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
// Set KASUS_SCREENSHOT_DIR to keep screenshots of each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app.js';
import { ensureWebBuild, launchChromium, logIn, screenshot } from '../helpers/browser.js';

let server: TestApp;
let url: string;
let browser: Browser;
let watcherContext: BrowserContext;
let officerContext: BrowserContext;
let watcher: Page;
let officer: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  browser = await launchChromium();
  watcherContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  officerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  watcher = await watcherContext.newPage();
  officer = await officerContext.newPage();
  for (const page of [watcher, officer]) {
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }
});

afterAll(async () => {
  await watcherContext?.close();
  await officerContext?.close();
  await browser?.close();
  await server?.close();
});

/** The duty officer sets a system's status in the console. */
async function setStatus(system: RegExp, status: string, message: string, minutes?: string): Promise<void> {
  const form = officer.locator('section').filter({ has: officer.getByRole('heading', { name: 'Sätt status för ett system' }) });
  const systemSelect = form.getByLabel('System', { exact: true });
  const option = systemSelect.locator('option').filter({ hasText: system });
  await systemSelect.selectOption((await option.getAttribute('value'))!);
  await form.getByLabel('Status', { exact: true }).selectOption({ label: status });
  await form.getByLabel('Meddelande till personalen').fill(message);
  if (minutes) await form.getByLabel('Förväntad längd (minuter)').fill(minutes);
  // Down is confirmed once more (issue 19 defect 6).
  if (status === 'Nere') officer.once('dialog', (dialog) => void dialog.accept());
  await form.getByRole('button', { name: 'Sätt status' }).click();
  await form.getByRole('status').waitFor();
}

describe('broadcast banner and duty-officer console', () => {
  it('shows an outage at once on an open page, with the routine in force, and takes it away on recovery', async () => {
    await logIn(watcher, url, 'lakare', DEMO_PASSWORD);
    await watcher.getByRole('link', { name: 'Ärenden' }).first().waitFor();
    await watcher.goto(`${url}/cases`);
    await watcher.locator('h1').first().waitFor();
    // Marks this document: a reload would lose it.
    await watcher.evaluate(() => ((window as unknown as { kasusMarker: number }).kasusMarker = 42));
    expect(await watcher.locator('[data-testid=outage-banner]').count()).toBe(0);

    // The demo routine RUT-JOURNAL-001 is expiring and sysadmin owns it (the check at start may still be running).
    await server.services.routineReminders.checkReminders();
    await logIn(officer, url, 'sysadmin', DEMO_PASSWORD);
    // Its owner is told on the start page, before going on.
    const reminders = officer.locator('[data-testid=routine-reminders]');
    await reminders.getByRole('heading', { name: 'Dina rutiner som behöver ses över' }).waitFor();
    expect(await reminders.getByRole('link', { name: 'RUT-JOURNAL-001 version 1' }).getAttribute('href')).toMatch(/^\/status\/routines\/[^/]+$/);
    expect(await reminders.textContent()).toMatch(/går ut \d{4}-\d{2}-\d{2}/);
    await officer.getByRole('link', { name: 'Fortsätt till Patienter' }).waitFor();
    await officer.getByRole('link', { name: 'Driftstatus' }).click();
    await officer.getByRole('link', { name: 'Till driftkonsolen' }).click();
    await officer.getByRole('heading', { name: 'Driftkonsol' }).waitFor();
    await screenshot(officer, 'continuity-1-console');

    await setStatus(/^PACS/, 'Nere', 'PACS svarar inte. Granska bilder på modaliteternas konsoler.', '120');

    const banner = watcher.locator('[data-testid=outage-banner]').filter({ hasText: 'PACS' });
    await banner.waitFor({ timeout: 5000 });
    expect(await banner.textContent()).toContain('PACS svarar inte. Granska bilder på modaliteternas konsoler.');
    expect(await banner.textContent()).toContain('Förväntat slut');
    expect(await banner.textContent()).toContain('Berörda avdelningar');
    expect(await banner.textContent()).toContain('Kirurgkliniken');
    const inForce = await server.as(await server.login('lakare'), 'GET', '/api/continuity/in-force');
    if (inForce.statusCode === 200 && inForce.json().scenarios.some((s: { matchedBy: { systemName: string }[] }) => s.matchedBy.some((m) => m.systemName === 'PACS'))) {
      // The routine in force and its first steps, when the server has routines.
      await banner.locator('[data-testid=banner-routine]').first().waitFor();
      expect(await banner.locator('[data-testid=banner-routine] li').count()).toBeGreaterThan(0);
    }
    await screenshot(watcher, 'continuity-2-banner');

    // While PACS is down the physician files an urgent incident from the banner (no reload).
    await banner.getByRole('link', { name: 'Anmäl akut fel i PACS' }).click();
    await watcher.getByRole('heading', { name: 'Anmäl akut fel', level: 1 }).waitFor();
    const form = watcher.locator('form').filter({ has: watcher.getByRole('button', { name: 'Skicka anmälan' }) });
    const systemSelect = form.getByLabel('System', { exact: true });
    await systemSelect.locator('option').filter({ hasText: /^PACS/ }).waitFor({ state: 'attached' });
    expect(await systemSelect.locator('option:checked').textContent()).toMatch(/^PACS/);
    await form.getByLabel('Avdelning').selectOption({ label: 'Kirurgkliniken' });
    await form.getByLabel('Beskrivning av felet').fill('Inga bilder visas i granskningsstationerna.');
    await form.getByLabel('Berörda användare').fill('25');
    await form.getByLabel('Kliniska applikationer').check();
    await form.getByLabel('Mobilnummer').fill('070-123 45 67');
    const preview = watcher.locator('[data-testid=priority-preview]');
    expect(await preview.textContent()).toContain('Prioritet: P3');
    await form.getByLabel('Påverkan').selectOption('high');
    await form.getByLabel('Brådska').selectOption('high');
    expect(await preview.textContent()).toContain('Prioritet: P1');
    await form.getByRole('button', { name: 'Skicka anmälan' }).click();

    await watcher.getByRole('heading', { name: /^Felanmälan \d+: PACS$/, level: 1 }).waitFor();
    expect(await watcher.locator('[data-testid=incident-priority]').textContent()).toBe('P1');
    expect(await watcher.locator('[data-testid=incident-subject]').textContent()).toBe('PACS – operativ samordnare för fördelning');
    expect((await watcher.locator('[data-testid=incident-body]').textContent())!.split('\n')[0]).toBe('Ärendet ska fördelas av operativ samordnare');
    // Who to call next: the service desk's numbers valid now.
    const callNext = watcher.locator('[data-testid=call-next]');
    expect(await callNext.textContent()).toContain('IT-servicedesk');
    expect(await callNext.locator('li').count()).toBeGreaterThan(0);
    expect(await watcher.locator('[data-testid=incident-timeline] li').filter({ hasText: 'Anmäld' }).count()).toBe(1);
    // The service desk's case number is recorded.
    await watcher.getByRole('textbox', { name: 'Servicedeskens ärendenummer' }).fill('INC-2026-0042');
    await watcher.getByRole('button', { name: 'Spara ärendenummer' }).click();
    await watcher.getByRole('status').filter({ hasText: 'Ärendenumret är sparat.' }).waitFor();
    expect(await watcher.locator('[data-testid=incident-timeline]').textContent()).toContain('INC-2026-0042');
    await screenshot(watcher, 'continuity-2b-incident');

    await setStatus(/^PACS/, 'I drift', '');
    await banner.waitFor({ state: 'detached', timeout: 5000 });
    expect(await watcher.evaluate(() => (window as unknown as { kasusMarker?: number }).kasusMarker)).toBe(42);
    await screenshot(watcher, 'continuity-3-recovered');
  });

  it('shows the status page to every logged-in user', async () => {
    await watcher.getByRole('link', { name: 'Driftstatus' }).click();
    await watcher.getByRole('heading', { name: 'Driftstatus', level: 1 }).waitFor();
    const row = watcher.locator('tr[data-system="PACS"]');
    expect(await row.textContent()).toContain('I drift');
    expect(await watcher.getByRole('heading', { name: 'Senaste meddelanden' }).count()).toBe(1);
    expect(await watcher.locator('.notice-list li').filter({ hasText: 'PACS' }).count()).toBeGreaterThanOrEqual(2);
    // The console is for duty officers.
    expect(await watcher.getByRole('link', { name: 'Till driftkonsolen' }).count()).toBe(0);
  });

  it('answers "who do I call now?" on the contacts page', async () => {
    await watcher.getByRole('link', { name: 'Driftstatus', exact: true }).click();
    await watcher.getByRole('link', { name: 'Vem ringer jag nu? – kontakter' }).click();
    await watcher.getByRole('heading', { name: 'Vem ringer jag nu?', level: 2 }).waitFor();
    const now = watcher.locator('[data-testid=contacts-now]');
    await now.waitFor();
    expect(await now.textContent()).toContain('Gäller');
    await watcher.getByLabel('Funktion').selectOption('IT-servicedesk');
    // The unfiltered list already holds the service desk, so wait for the others to go.
    await now.locator('li').filter({ hasNotText: 'IT-servicedesk' }).first().waitFor({ state: 'detached', timeout: 5000 });
    expect(await now.locator('li').filter({ hasText: 'IT-servicedesk' }).count()).toBeGreaterThan(0);
    expect(await now.locator('li').filter({ hasNotText: 'IT-servicedesk' }).count()).toBe(0);
    // The whole directory, with its validity windows; the physician cannot edit it.
    const directory = watcher.locator('[data-testid=contacts-directory]');
    expect(await directory.textContent()).toContain('mån–fre 07:30–15:30');
    expect(await watcher.getByRole('button', { name: 'Lägg till kontakt' }).count()).toBe(0);
    await screenshot(watcher, 'continuity-5-contacts');
  });

  it('lists the downtime routines with their state and shows one with its steps', async () => {
    // The reminders' e-mail jobs run in the background; the list shows their outcome once they have run.
    const unfinishedMailJobs = async () =>
      (await server.services.database.db.selectFrom('job').select('id').where('name', '=', 'routine.remind').where('status', 'in', ['queued', 'running']).execute()).length;
    await expect.poll(unfinishedMailJobs, { timeout: 10_000 }).toBe(0);
    await officer.getByRole('link', { name: 'Driftstatus', exact: true }).click();
    await officer.getByRole('link', { name: 'Reservrutiner', exact: true }).click();
    const table = officer.locator('[data-testid=routines-table]');
    await table.waitFor();
    // The owner's own routines that need reviewing are named above the list.
    await officer.locator('[data-testid=routine-reminders]').filter({ hasText: 'RUT-JOURNAL-001 version 1' }).waitFor();
    // The reminder's e-mail job has run by now; this server has no mail server, and the owner is told so.
    await officer.locator('[data-testid=routine-reminders] li').filter({ hasText: 'Ingen e-post skickades: Kasus har ingen e-postserver inställd.' }).waitFor();
    await screenshot(officer, 'continuity-6-routines');
    const row = table.locator('tr').filter({ hasText: 'RUT-PACS' }).first();
    expect(await row.textContent()).toMatch(/Gäller|Går snart ut/);
    await row.getByRole('link').click();
    await officer.locator('[data-testid=routine-steps] li').first().waitFor();
    expect(await officer.getByRole('heading', { name: 'Versionshistorik' }).count()).toBe(1);
    expect(await officer.getByRole('button', { name: 'Ny version' }).count()).toBe(1);
    // A new version with a change note is a draft until it is approved.
    await officer.getByRole('button', { name: 'Ny version' }).click();
    await officer.getByLabel('Ändringsnotering').fill('Nytt telefonnummer till expeditionen');
    await officer.getByRole('button', { name: 'Spara' }).click();
    await officer.getByRole('status').filter({ hasText: 'Rutinen är sparad.' }).waitFor();
    const history = officer.locator('section').filter({ has: officer.getByRole('heading', { name: 'Versionshistorik' }) });
    expect(await history.locator('tbody tr').first().textContent()).toContain('Nytt telefonnummer till expeditionen');
    expect(await history.locator('tbody tr').first().textContent()).toContain('Utkast');
    await officer.getByRole('button', { name: 'Godkänn version 2' }).click();
    await officer.getByRole('status').filter({ hasText: 'Version 2 är godkänd.' }).waitFor();
    expect(await history.locator('tbody tr').first().textContent()).not.toContain('Utkast');
    // The duty officer edits the contacts directory.
    await officer.getByRole('link', { name: 'Driftstatus', exact: true }).click();
    await officer.getByRole('link', { name: 'Vem ringer jag nu? – kontakter' }).click();
    await officer.getByRole('button', { name: 'Lägg till kontakt' }).click();
    const contactForm = officer.locator('form').filter({ has: officer.getByRole('heading', { name: 'Lägg till kontakt' }) });
    await contactForm.getByLabel('Plats', { exact: true }).fill('Centralsjukhuset');
    await contactForm.getByLabel('Funktion', { exact: true }).fill('Medicinsk teknik');
    await contactForm.getByLabel('Nummer eller adress').fill('010-100 40 40');
    await contactForm.getByLabel('Gäller', { exact: true }).fill('måndag');
    await contactForm.getByRole('button', { name: 'Spara' }).click();
    await contactForm.getByRole('alert').filter({ hasText: 'Kan inte läsa giltigheten "måndag".' }).waitFor();
    await contactForm.getByLabel('Gäller', { exact: true }).fill('1-5 08:00-16:00');
    await contactForm.getByRole('button', { name: 'Spara' }).click();
    await officer.getByRole('status').filter({ hasText: 'Kontakten är sparad.' }).waitFor();
    const added = officer.locator('[data-testid=contacts-directory] tr').filter({ hasText: 'Medicinsk teknik' });
    expect(await added.textContent()).toContain('mån–fre 08:00–16:00');
    officer.once('dialog', (dialog) => void dialog.accept());
    await added.getByRole('button', { name: 'Ta bort' }).click();
    await officer.getByRole('status').filter({ hasText: 'Kontakten är borttagen.' }).waitFor();
    // The list is read again after the message: the row goes then.
    await added.waitFor({ state: 'detached', timeout: 5000 });
    expect(await added.count()).toBe(0);
    // Back to the console for the next test.
    await officer.getByRole('link', { name: 'Driftstatus', exact: true }).click();
    await officer.getByRole('link', { name: 'Till driftkonsolen' }).click();
    await officer.getByRole('heading', { name: 'Driftkonsol' }).waitFor();
  });

  it('posts a notice by hand from the console: what is left out is named by the server, a complete one is sent', async () => {
    const form = officer.locator('section').filter({ has: officer.getByRole('heading', { name: 'Skicka ett meddelande' }) });
    const send = form.getByRole('button', { name: 'Skicka meddelande' });
    // Empty fields are left out of the body, so the server names the first one missing.
    await send.click();
    await form.getByRole('alert').getByText('Systemet saknas (systemId).').waitFor();

    const system = form.getByLabel('System', { exact: true });
    const systemId = (await system.locator('option').filter({ hasText: /^Laboratoriesystem/ }).getAttribute('value'))!;
    await system.selectOption(systemId);
    await form.getByRole('checkbox', { name: 'Kirurgkliniken' }).check();
    await form.getByLabel('Start', { exact: true }).fill('2026-12-07T08:00');
    await form.getByLabel('Förväntad längd (minuter)').fill('90');
    await form.getByLabel('Orsak').fill('Byte av analysinstrument.');
    await send.click();
    const posted = form.getByRole('status').filter({ hasText: 'Meddelandet är skickat.' });
    await posted.waitFor();
    const notices = async () => {
      const answer = await officer.request.get(`${url}/api/notices?systemId=${encodeURIComponent(systemId)}`);
      expect(answer.status()).toBe(200);
      return ((await answer.json()) as { items: { kind: string; message: string | null; closedAt: string | null; startedAt: string; expectedEnd: string | null; departments: { name: string }[] }[] }).items;
    };
    const outage = (await notices()).find((n) => n.message === 'Byte av analysinstrument.');
    expect(outage).toMatchObject({ kind: 'outage', closedAt: null, departments: [{ name: 'Kirurgkliniken' }] });
    expect(Date.parse(outage!.expectedEnd!) - Date.parse(outage!.startedAt)).toBe(90 * 60_000);

    // A recovery needs no expected duration; it closes the outage.
    await form.getByLabel('Typ av meddelande').selectOption({ label: 'Återställt' });
    await form.getByLabel('Förväntad längd (minuter)').fill('');
    await form.getByLabel('Orsak').fill('Instrumentet är bytt.');
    await send.click();
    // The reason is emptied once the notice is sent.
    await expect.poll(() => form.getByLabel('Orsak').inputValue()).toBe('');
    expect(await form.getByRole('alert').count()).toBe(0);
    const after = await notices();
    expect(after.find((n) => n.message === 'Instrumentet är bytt.')).toMatchObject({ kind: 'recovery' });
    expect(after.find((n) => n.message === 'Byte av analysinstrument.')!.closedAt).not.toBeNull();
  });

  it('shows a banner of its own on the open page while Kasus is read-only', async () => {
    await setStatus(/^Kasus/, 'Endast läsning', 'Uppgradering av databasen.');
    const readOnly = watcher.locator('[data-testid=readonly-banner]');
    await readOnly.waitFor({ timeout: 5000 });
    expect(await readOnly.textContent()).toContain('Kasus är i läsläge');
    await screenshot(watcher, 'continuity-4-read-only');
    await setStatus(/^Kasus/, 'I drift', '');
    await readOnly.waitFor({ state: 'detached', timeout: 5000 });
    expect(await watcher.evaluate(() => (window as unknown as { kasusMarker?: number }).kasusMarker)).toBe(42);
    expect(pageErrors).toEqual([]);
  });
});
