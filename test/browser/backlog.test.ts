// Browser test of the downtime backlog (C8) page: a nurse opens it from the status page, registers a
// paper referral for a patient during an outage, marks it entered, and sees what is still outstanding
// per department; the printable downtime forms (C7) are linked and served as PDF.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';

let server: TestApp;
let url: string;
let browser: BrowserPage;

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  const admin = await server.login('admin');
  const systems = (await server.as(admin, 'GET', '/api/systems')).json() as { id: string; name: string }[];
  const orders = systems.find((s) => s.name === 'Beställningssystem')!;
  const down = await server.as(admin, 'PUT', `/api/systems/${orders.id}/status`, { status: 'down', message: 'Använd pappersremiss.', expectedDurationMinutes: 60 });
  expect(down.statusCode, down.body).toBe(200);
  browser = await openBrowserPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('downtime backlog page', () => {
  it('registers a paper referral, marks it entered and shows what is outstanding per department', async () => {
    const { page, pageErrors } = browser;
    await logIn(page, url, 'skoterska', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Driftstatus' }).first().click();
    const formLink = page.getByRole('link', { name: 'Skriv ut pappersremiss för radiologi (PDF)' });
    expect(await formLink.getAttribute('href')).toBe('/api/downtime-forms/radiology-referral.pdf');
    await page.getByRole('link', { name: 'Eftersläpning efter avbrott' }).click();
    await page.getByRole('heading', { name: 'Eftersläpning efter avbrott', level: 1 }).waitFor();

    const form = page.locator('form');
    const outage = form.getByLabel('Avbrott');
    await outage.locator('option', { hasText: 'Beställningssystem' }).first().waitFor({ state: 'attached' });
    expect(await outage.inputValue()).not.toBe('');
    // The nurse works in one department: it is chosen for her.
    expect(await form.getByLabel('Avdelning').locator('option:checked').textContent()).toBe('Hudkliniken');
    await form.getByLabel('Typ').selectOption({ label: 'Pappersremiss' });
    await form.getByLabel('Patient (personnummer, valfritt)').fill('19121212-1212');
    await form.getByLabel('Beskrivning').fill('DT thorax, remiss på papper');
    await form.getByLabel('Antal').fill('2');
    await form.getByRole('button', { name: 'Registrera' }).click();
    await page.getByRole('status').filter({ hasText: 'Registrerad: Pappersremiss.' }).waitFor();

    const row = page.locator('tr[data-backlog-item]').filter({ hasText: 'DT thorax, remiss på papper' });
    await row.waitFor();
    expect(await row.textContent()).toContain('191212121212');
    expect(await row.textContent()).toContain('Registrerad');
    const report = page.locator('table.backlog-report');
    expect(await report.locator('tr[data-department="Hudkliniken"]').textContent()).toContain('Pappersremiss');
    await screenshot(page, 'backlog-1-registered');

    await row.getByRole('button', { name: 'Markera införd' }).click();
    // The row already holds "Införd" (in its button), so wait for the button to go with the re-read list.
    await row.getByRole('button', { name: 'Markera införd' }).waitFor({ state: 'detached', timeout: 5000 });
    await row.filter({ hasText: 'Införd' }).waitFor();
    // Verifying needs case.sign or continuity.manage: the nurse has neither.
    expect(await row.getByRole('button', { name: 'Markera verifierad' }).count()).toBe(0);
    await screenshot(page, 'backlog-2-entered');

    const pdf = await page.evaluate(async () => {
      const response = await fetch('/api/downtime-forms/offline-media-note.pdf');
      return { status: response.status, type: response.headers.get('content-type'), start: new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5)) };
    });
    expect(pdf).toEqual({ status: 200, type: 'application/pdf', start: '%PDF-' });
    expect(pageErrors).toEqual([]);
  });
});
