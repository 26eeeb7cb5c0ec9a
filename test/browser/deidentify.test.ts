// Browser test for de-identified copies (issue 14, M9): from a case's picture the user opens the
// editor ("Avidentifiera kopia"), asks for face suggestions, draws a rectangle to black out, saves
// (the copy is ordered, 202, and made by a background job the page follows), and sees the copy the server stored; the picture is compared before and after (black inside the
// rectangle, the same outside); the teaching collection lists the copy. Screenshots at 1440 and 390 px.
// Driven through Debian's Chromium with playwright-core against a real Kasus server.
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

/** A patient's case with one finished picture (two coloured halves, PNG), a written consent to teaching and a collection, through the API. */
function setUp(pdf: string): Promise<{ caseId: string; mediaId: string }> {
  return page.evaluate(async (pdfText) => {
    const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    const post = async (url: string, body: unknown) => {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
      return r.json();
    };
    const patient = await post('/api/patients/lookup', { identifier: '19121212-1212' });
    const departments = (await (await fetch('/api/departments')).json()) as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const form = await post('/api/forms', { name: 'Avidentifieringstest', fields: [], departmentIds: [surgery] });
    const created = await post('/api/cases', { patientId: patient.id, departmentId: surgery, formId: form.id });
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#c89660';
    g.fillRect(0, 0, 160, 240);
    g.fillStyle = '#3070c0';
    g.fillRect(160, 0, 160, 240);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const data = new FormData();
    data.append('file', blob, 'ansikte.png');
    const upload = await (await fetch(`/api/cases/${created.id}/media`, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: data })).json();
    const mediaId = upload.items[0].id as string;
    for (let i = 0; i < 300; i++) {
      const media = await (await fetch(`/api/media/${mediaId}`)).json();
      if (media.status === 'ready' && media.derivatives.preview) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const consent = new FormData();
    consent.append('scopes', 'teaching');
    consent.append('validFrom', '2026-01-01');
    consent.append('file', new Blob([pdfText], { type: 'application/pdf' }), 'samtycke.pdf');
    const recorded = await fetch(`/api/patients/${patient.id}/consents`, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: consent });
    if (recorded.status !== 201) throw new Error(`consent: ${recorded.status} ${await recorded.text()}`);
    await post('/api/collections', { departmentId: surgery, name: 'Sårläkning' });
    // The face detector loads on first use: wait for it here, so the page's button answers at once.
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`/api/media/${mediaId}/face-suggestions`, { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
      if (r.status !== 409) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    return { caseId: created.id as string, mediaId };
  }, pdf);
}

/** The source's and the copy's pixels at a few points, read back through canvases in the page. */
function pixels(mediaId: string, copyUrl: string, points: [number, number][]): Promise<{ source: number[][]; copy: number[][] }> {
  return page.evaluate(
    async ({ mediaId, copyUrl, points }) => {
      const read = async (url: string) => {
        const bitmap = await createImageBitmap(await (await fetch(url)).blob());
        const canvas = document.createElement('canvas');
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
        const g = canvas.getContext('2d')!;
        g.drawImage(bitmap, 0, 0);
        return points.map(([x, y]) => [...g.getImageData(x, y, 1, 1).data.slice(0, 3)]);
      };
      return { source: await read(`/api/media/${mediaId}/original`), copy: await read(copyUrl) };
    },
    { mediaId, copyUrl, points },
  );
}

const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('de-identification editor', () => {
  it('draws a rectangle, saves, shows the stored copy and lists it in the collection', async () => {
    await logIn(page, server.url, 'sysadmin', 'kasus-demo-2026');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).waitFor();
    const { caseId, mediaId } = await setUp(PDF);
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('deidentify-links').getByRole('link', { name: 'Avidentifiera kopia av ansikte.png' }).click();
    await page.waitForURL(new RegExp(`/media/${mediaId}/deidentify$`));
    await page.getByRole('heading', { name: 'Avidentifiera kopia', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Föreslå ansikten' }).click();
    await page.getByTestId('face-suggestions').getByText('Inga ansikten hittades.', { exact: false }).waitFor();

    // A rectangle over the left half's middle, drawn with the mouse: 10–40 % across, 20–60 % down.
    const stage = page.getByTestId('deidentify-stage');
    await page.locator('.deidentify-stage img').evaluate((img: HTMLImageElement) => (img.complete ? null : new Promise((r) => (img.onload = r))));
    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.4, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.6, { steps: 4 });
    await page.mouse.up();
    await page.getByTestId('deidentify-regions').getByText('1. Rektangel, Svärtning').waitFor();
    await page.getByLabel('Rubrik').fill('Sår på underbenet');
    await screenshot(page, 'deid-01-editor-1440');

    // A personnummer in the text is refused with the field named.
    // Who else the copy shows is asked before saving (here: only the patient).
    await page.getByTestId('shown-bystanders').getByLabel('Nej, bara patienten').check();
    await page.getByLabel('Beskrivning').fill('Patient 19121212-1212');
    await page.getByRole('button', { name: 'Spara avidentifierad kopia' }).click();
    await page.getByTestId('deidentify-refusal').getByText('Ta bort personnumret ur: Beskrivning.', { exact: false }).waitFor();
    await page.getByLabel('Beskrivning').fill('Kontroll efter två veckor');
    // The copy is ordered (202) and made by a background job; the page follows the order to its end.
    const ordered = page.waitForResponse((r) => r.url().endsWith(`/api/media/${mediaId}/deidentified-copies`) && r.request().method() === 'POST');
    const followed = page.waitForResponse((r) => r.url().includes('/api/deidentify-orders/') && r.request().method() === 'GET');
    await page.getByRole('button', { name: 'Spara avidentifierad kopia' }).click();
    expect((await ordered).status()).toBe(202);
    expect((await followed).status()).toBe(200);
    await page.getByText('Kopian sparades i Sårläkning.').waitFor();
    await expect(page.getByTestId('deidentify-progress').count()).resolves.toBe(0);
    const result = page.getByTestId('deidentify-result');
    const copyUrl = (await result.locator('img').getAttribute('src'))!;
    await result.locator('img').evaluate((img: HTMLImageElement) => (img.complete && img.naturalWidth ? null : new Promise((r) => (img.onload = r))));
    await screenshot(page, 'deid-02-saved-1440');

    // Before and after: black inside the rectangle (32–128 × 48–144 px), the same outside it.
    const inside: [number, number][] = [[80, 96], [40, 60], [120, 140]];
    const outside: [number, number][] = [[10, 10], [150, 200], [250, 120], [300, 230]];
    const read = await pixels(mediaId, copyUrl, [...inside, ...outside]);
    for (const p of read.copy.slice(0, inside.length)) expect(Math.max(...p)).toBeLessThan(12);
    for (let i = inside.length; i < read.copy.length; i++) expect(read.copy[i]).toEqual(read.source[i]);
    // The source itself is untouched: not black where the copy is.
    expect(Math.max(...read.source[0]!)).toBeGreaterThan(100);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'deid-03-saved-390');

    await result.getByRole('link', { name: 'Gå till undervisningssamlingarna' }).click();
    const collection = page.locator('li.collection').filter({ hasText: 'Sårläkning' });
    await collection.getByRole('button', { name: 'Visa avidentifierade kopior i Sårläkning' }).click();
    const copies = collection.getByRole('list', { name: 'Avidentifierade kopior i Sårläkning' });
    await copies.getByText('Sår på underbenet').waitFor();
    await copies.getByRole('link', { name: 'Källa: ärendet' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'deid-04-collection-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'deid-05-collection-1440');
    expect(chromium.pageErrors).toEqual([]);
  });
});
