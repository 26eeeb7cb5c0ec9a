// Browser test for written consent (issue 14, M8): a picture cannot be copied into a teaching
// collection without the patient's written consent (the case page says why); a consent is recorded
// on the patient page with its PDF, then the copy goes through; revoking the consent (with a date and
// a confirmation) takes the copy back out and the teaching page tells its holder. Screenshots at
// 1440 and 390 px. Driven through Debian's Chromium with playwright-core against a real Kasus server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
let chromium: BrowserPage;
let page: Page;

const PDF = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';

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

/** A patient's case with one finished picture and a collection in its department, made through the API as the signed-in user. */
function setUp(): Promise<{ patientId: string; caseId: string }> {
  return page.evaluate(async () => {
    const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    const post = async (url: string, body: unknown) => {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
      return r.json();
    };
    const patient = await post('/api/patients/lookup', { identifier: '19121212-1212' });
    const departments = (await (await fetch('/api/departments')).json()) as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const form = await post('/api/forms', { name: 'Samtyckestest', fields: [], departmentIds: [surgery] });
    const created = await post('/api/cases', { patientId: patient.id, departmentId: surgery, formId: form.id });
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#b05a50';
    g.fillRect(0, 0, 64, 48);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.9));
    const data = new FormData();
    data.append('file', blob, 'sar.jpg');
    const upload = await (await fetch(`/api/cases/${created.id}/media`, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: data })).json();
    const mediaId = upload.items[0].id as string;
    for (let i = 0; i < 200; i++) {
      if ((await (await fetch(`/api/media/${mediaId}`)).json()).status === 'ready') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await post('/api/collections', { departmentId: surgery, name: 'Sårläkning' });
    return { patientId: patient.id as string, caseId: created.id as string };
  });
}

const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('written consent UI', () => {
  it('refuses a teaching copy without consent, records a consent, copies, revokes and tells the holder', async () => {
    await logIn(page, server.url, 'sysadmin', 'kasus-demo-2026');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).waitFor();
    const { patientId, caseId } = await setUp();

    await page.goto(`${server.url}/cases/${caseId}`);
    const copyPanel = page.getByTestId('teaching-copy');
    await copyPanel.getByRole('heading', { name: 'Kopiera till undervisningssamling' }).waitFor();
    await copyPanel.getByLabel('Undervisningssamling').selectOption({ label: 'Sårläkning' });
    // Nothing is copied before the user has said whether anyone besides the patient is shown.
    expect(await copyPanel.getByRole('button', { name: 'Kopiera' }).isDisabled()).toBe(true);
    await copyPanel.getByLabel('Nej, bara patienten').check();
    await copyPanel.getByRole('button', { name: 'Kopiera' }).click();
    const refusal = page.getByTestId('consent-refusal');
    await refusal.getByText('Patienten har inget skriftligt samtycke. Registrera samtycket på patientens sida först.').waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'consent-01-refused-1440');

    await refusal.getByRole('link', { name: 'Patientens samtycken' }).click();
    await page.waitForURL(new RegExp(`/patients/${patientId}$`));
    const consents = page.getByTestId('patient-consents');
    await consents.getByText('Inga skriftliga samtycken är registrerade.').waitFor();
    // Without a document the form says what is missing.
    await consents.getByRole('button', { name: 'Spara samtycke' }).click();
    await consents.getByRole('alert').getByText('Välj dokumentet med samtycket.').waitFor();
    await consents.getByLabel('Inskannat eller signerat samtycke (PDF eller bild)').setInputFiles({ name: 'samtycke.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF) });
    await consents.getByLabel('Giltigt från').fill('2026-01-01');
    await consents.getByRole('button', { name: 'Spara samtycke' }).click();
    await consents.getByText('Samtycket är registrerat.').waitFor();
    const item = consents.locator('li.consent-item').first();
    await item.getByText('Giltigt', { exact: true }).waitFor();
    await item.getByText('Undervisning · 1 jan. 2026 – tills vidare').waitFor();
    await screenshot(page, 'consent-02-patient-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'consent-03-patient-390');
    await page.setViewportSize({ width: 1440, height: 900 });

    // A bystander's consent to publication only (recorded through the API): a picture showing him is refused, naming him.
    await page.evaluate(async ({ patientId, pdf }) => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const data = new FormData();
      for (const [k, v] of Object.entries({ scopes: 'publication', validFrom: '2026-01-01', person: 'bystander', personDescription: 'Pappa i bakgrunden' })) data.append(k, v);
      data.append('file', new Blob([pdf], { type: 'application/pdf' }), 'pappa.pdf');
      const r = await fetch(`/api/patients/${patientId}/consents`, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: data });
      if (r.status !== 201) throw new Error(`consent: ${r.status} ${await r.text()}`);
    }, { patientId, pdf: PDF });
    await page.goto(`${server.url}/cases/${caseId}`);
    await copyPanel.getByLabel('Undervisningssamling').selectOption({ label: 'Sårläkning' });
    const shown = copyPanel.getByTestId('shown-bystanders');
    await shown.getByLabel('Ja, även andra personer – markera vilka').check();
    await shown.getByLabel('Pappa i bakgrunden', { exact: false }).check();
    await shown.getByLabel('Någon som syns har inget registrerat samtycke').check();
    await copyPanel.getByRole('button', { name: 'Kopiera' }).click();
    await refusal
      .getByText('Samtycke saknas för personer som syns: ”Pappa i bakgrunden”: samtycket omfattar inte undervisning; någon som syns har inget registrerat samtycke.')
      .waitFor();
    await screenshot(page, 'consent-04-bystanders-refused-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'consent-04-bystanders-refused-390');
    await page.setViewportSize({ width: 1440, height: 900 });

    await shown.getByLabel('Nej, bara patienten').check();
    await copyPanel.getByRole('button', { name: 'Kopiera' }).click();
    await copyPanel.getByText('Bilden är kopierad till Sårläkning.').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'consent-05-copied-390');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The collection shows the copied picture.
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Undervisning' }).click();
    await page.getByRole('button', { name: 'Visa bilderna i Sårläkning' }).click();
    await page.getByRole('list', { name: 'Bilder i Sårläkning' }).getByRole('img', { name: 'Bild kopierad med samtycke' }).waitFor();

    await page.goto(`${server.url}/patients/${patientId}`);
    // The patient's consent is the older one (the list is newest first).
    const again = page.getByTestId('patient-consents').locator('li.consent-item').last();
    await again.getByText('1 bild i undervisningssamling', { exact: false }).waitFor();
    await again.getByRole('button', { name: 'Återkalla' }).click();
    const today = await again.getByLabel('Återkallat från datum').inputValue();
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await again.getByRole('button', { name: 'Återkalla samtycket' }).click();
    await page.getByText('Samtycket är återkallat. 1 bild togs bort ur en undervisningssamling.').waitFor();
    const shownDay = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`));
    expect(asked).toContain(`Återkalla samtycket från ${shownDay}?`);
    await again.getByText(`Återkallat från ${shownDay}`, { exact: false }).waitFor();
    await again.getByText('Återkallat', { exact: true }).waitFor();
    await again.getByText('1 bild återtagen', { exact: false }).waitFor();
    await screenshot(page, 'consent-06-revoked-1440');

    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Undervisning' }).click();
    await page.getByTestId('consent-notices').getByText('En bild i Sårläkning togs bort', { exact: false }).waitFor();
    await page.getByTestId('consent-notices').getByText(`samtycket återkallades från ${shownDay}.`, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Visa bilderna i Sårläkning' }).click();
    await page.getByText('Inga bilder har kopierats hit.').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'consent-07-notice-390');
    expect(chromium.pageErrors).toEqual([]);
  });
});
