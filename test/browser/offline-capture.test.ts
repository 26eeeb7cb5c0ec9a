// Browser test of offline capture (issue 16, C10): a nurse binds a capture to one patient, loses the
// network, reloads the page (served by the service worker), captures three files that wait encrypted in
// IndexedDB, and once the network is back the queue sends them by itself: all stored, the device store
// empty, and the case holds exactly the three files, with the server's checksums of the bytes captured.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app.js';
import { logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let server: TestApp;
let url: string;
let browser: BrowserPage;

interface Stats {
  waiting: number;
  sending: number;
  stored: number;
  refused: number;
  deviceItems: number;
}

declare global {
  interface Window {
    /** The capture page's counts, read from its IndexedDB store (src/web/capture/capture-queue.ts). */
    __kasusCapture?: { stats(): Promise<Stats> };
  }
}

/** Small images with distinct noise, so that a run of their bytes is recognisable in a store. */
async function files() {
  const noise = (seed: number) => Buffer.from(Array.from({ length: 64 * 48 * 3 }, (_, i) => (i * 37 + seed * 101) % 251));
  const raw = (seed: number) => sharp(noise(seed), { raw: { width: 64, height: 48, channels: 3 } });
  return [
    { name: 'sar-1.jpg', mimeType: 'image/jpeg', buffer: await raw(1).jpeg({ quality: 90 }).toBuffer() },
    { name: 'sar-2.jpg', mimeType: 'image/jpeg', buffer: await raw(2).jpeg({ quality: 90 }).toBuffer() },
    { name: 'sar-3.png', mimeType: 'image/png', buffer: await raw(3).png().toBuffer() },
  ];
}

beforeAll(async () => {
  // The service worker is part of the build: an older dist/web without it is rebuilt.
  if (!existsSync(path.join(ROOT, 'dist/web/sw.js'))) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  browser = await openBrowserPage();
  // The capture page is loaded on demand and the service worker precaches the app shell on the first
  // visit: on a loaded CI machine (the suite's other browsers and the fault test run alongside) both
  // took longer than the usual 15 s in one clean-clone run.
  browser.page.setDefaultTimeout(45_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('offline capture', () => {
  it('serves the web app manifest and a service worker that is not cached long', async () => {
    const sw = await fetch(`${url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    expect(sw.headers.get('cache-control')).toMatch(/max-age=0|no-cache/);
    const manifest = await fetch(`${url}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    const body = (await manifest.json()) as { name: string; start_url: string; icons: { sizes: string }[] };
    expect(body.name).toBe('Kasus');
    expect(body.start_url).toBe('/capture');
    expect(body.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  });

  it('keeps captures encrypted on the device while offline and sends them exactly once when back', async () => {
    const { page, context, pageErrors } = browser;
    const captured = await files();
    await logIn(page, url, 'skoterska', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Fotografera offline' }).first().click();
    await page.getByRole('heading', { name: 'Fotografera offline', level: 1 }).waitFor();
    // The service worker takes the page over (clientsClaim) once it has precached the app shell.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });

    // The identifier is checked on the device: a wrong check digit is refused in words.
    await page.getByLabel('Personnummer, samordningsnummer eller reservnummer').fill('19121212-1213');
    await page.getByRole('button', { name: 'Börja fotografera' }).click();
    await page.getByText('Kontrollsiffran stämmer inte. Kontrollera identiteten.').waitFor();
    await page.getByLabel('Personnummer, samordningsnummer eller reservnummer').fill('191212121212');
    await page.getByLabel('Identiteten kontrollerad genom').selectOption({ label: 'Id-handling' });
    expect(await page.getByLabel('Avdelning').locator('option:checked').textContent()).toBe('Hudkliniken');
    await page.getByLabel('Patienten har gett muntligt samtycke').check();
    await page.getByLabel('Syfte som förklarats för patienten').fill('Uppföljning av sår');
    await page.getByRole('button', { name: 'Börja fotografera' }).click();
    await page.getByTestId('patient-banner').getByText('19121212-1212').waitFor();
    // Audio only in a session the EHR opened (M5): an ordinary login offers photo, video and files.
    expect(await page.locator('.capture-button').allTextContents()).toEqual(['Ta foto', 'Spela in film', 'Välj filer']);
    expect(await page.getByLabel('Välj filer').getAttribute('accept')).toBe('image/*,video/*');

    // No network: the reload is answered by the service worker, and the binding is still there.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Fotografera offline', level: 1 }).waitFor();
    await page.getByTestId('capture-offline').waitFor();
    await page.getByTestId('patient-banner').getByText('19121212-1212').waitFor();

    await page.getByLabel('Välj filer').setInputFiles(captured);
    await page.getByText('3 filer sparade krypterat på enheten.').waitFor();
    const rows = page.locator('[data-capture-item]');
    await rows.nth(2).waitFor();
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['waiting', 'waiting', 'waiting']);
    expect(await page.evaluate(() => window.__kasusCapture!.stats())).toEqual({ waiting: 3, sending: 0, stored: 0, refused: 0, deviceItems: 3 } satisfies Stats);

    // What IndexedDB holds: every record, with its bytes, must not contain the captured bytes.
    const records = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('kasus-capture');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const all = (store: string) =>
        new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const items = (await all('items')) as { key: string; sha256: string; captureId: string }[];
      const payloads = (await all('payloads')) as { iv: Uint8Array; ciphertext: ArrayBuffer }[];
      const keys = (await all('keys')) as CryptoKey[];
      // The binding as text, its encrypted part as the bytes it holds.
      const captures = ((await all('captures')) as { secret: { ciphertext: ArrayBuffer } }[]).map(
        (c) => JSON.stringify(c) + new TextDecoder('latin1').decode(c.secret.ciphertext),
      );
      db.close();
      return {
        captures,
        items: items.map((i) => ({ key: i.key, sha256: i.sha256, captureId: i.captureId, record: JSON.stringify(i) })),
        payloads: payloads.map((p) => Array.from(new Uint8Array(p.ciphertext))),
        keys: keys.map((k) => ({ extractable: k.extractable, algorithm: k.algorithm.name })),
      };
    });
    expect(records.keys).toEqual([{ extractable: false, algorithm: 'AES-GCM' }]);
    // Who the patient is and why is not readable in the store either.
    expect(records.captures).toHaveLength(1);
    for (const text of ['191212121212', '19121212-1212', 'Uppföljning av sår']) expect(records.captures[0]).not.toContain(text);
    expect(records.items).toHaveLength(3);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(records.items.map((i) => i.sha256).sort()).toEqual(captured.map((f) => sha(f.buffer)).sort());
    expect(records.payloads).toHaveLength(3);
    for (const payload of records.payloads) {
      const stored = Buffer.from(payload);
      for (const f of captured) {
        const middle = f.buffer.subarray(Math.floor(f.buffer.length / 2), Math.floor(f.buffer.length / 2) + 32);
        expect(stored.includes(middle)).toBe(false);
        expect(stored.includes(f.buffer.subarray(0, 16))).toBe(false);
      }
    }

    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'offline-capture-1-waiting-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'offline-capture-2-waiting-390');

    // Back online: the queue sends everything by itself.
    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelectorAll('[data-capture-item][data-state="stored"]').length === 3, null, { timeout: 45_000 });
    expect(await page.evaluate(() => window.__kasusCapture!.stats())).toEqual({ waiting: 0, sending: 0, stored: 3, refused: 0, deviceItems: 0 } satisfies Stats);
    // No encrypted bytes are left on the device.
    const payloadsLeft = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('kasus-capture');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('payloads').objectStore('payloads').count();
            count.onsuccess = () => {
              resolve(count.result);
              open.result.close();
            };
          };
        }),
    );
    expect(payloadsLeft).toBe(0);
    await screenshot(page, 'offline-capture-3-stored-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'offline-capture-4-stored-1440');

    // The server holds exactly these three, with the checksums of the bytes captured, in one case.
    const nurse = await server.login('skoterska');
    const captureId = records.items[0]!.captureId;
    const session = await server.as(nurse, 'GET', `/api/captures/${captureId}`);
    expect(session.statusCode, session.body).toBe(200);
    const capture = session.json() as { caseId: string; items: { key: string; sha256: string; mediaId: string }[] };
    expect(capture.items.map((i) => i.sha256).sort()).toEqual(captured.map((f) => sha(f.buffer)).sort());
    expect(capture.items.map((i) => i.key).sort()).toEqual(records.items.map((i) => i.key).sort());
    const kase = await server.as(nurse, 'GET', `/api/cases/${capture.caseId}`);
    expect(kase.statusCode, kase.body).toBe(200);
    expect((kase.json() as { media: unknown[] }).media).toHaveLength(3);

    // "Avsluta / ny patient" with everything sent: the device forgets this patient, a new binding starts.
    await page.getByRole('button', { name: 'Avsluta / ny patient' }).click();
    await page.getByRole('button', { name: 'Börja fotografera' }).waitFor();
    expect(await page.evaluate(() => window.__kasusCapture!.stats())).toEqual({ waiting: 0, sending: 0, stored: 0, refused: 0, deviceItems: 0 } satisfies Stats);
    expect(pageErrors).toEqual([]);
  });

  it('keeps a refused file with its reason, and after a lost session waits for "Logga in igen"', async () => {
    const { page, context, pageErrors } = browser;
    const [photo, second] = await files();
    await page.getByLabel('Personnummer, samordningsnummer eller reservnummer').fill('19121212-1212');
    await page.getByLabel('Identiteten kontrollerad genom').selectOption({ label: 'Känd av personalen' });
    await page.getByLabel('Patienten har gett muntligt samtycke').check();
    await page.getByLabel('Syfte som förklarats för patienten').fill('Kontroll efter behandling');
    await page.getByRole('button', { name: 'Börja fotografera' }).click();

    // A text file that calls itself a JPEG is refused by the server: kept on the device, with the reason in words.
    await page.getByLabel('Välj filer').setInputFiles([photo!, { name: 'inte-en-bild.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('detta är ingen bild\n'.repeat(20)) }]);
    const refused = page.locator('[data-capture-item][data-state="refused"]');
    await refused.waitFor({ timeout: 30_000 });
    await page.locator('[data-capture-item][data-state="stored"]').waitFor({ timeout: 30_000 });
    const reason = (await refused.locator('.capture-item-reason').textContent()) ?? '';
    expect(reason).toMatch(/[a-zåäö]{3,} [a-zåäö]{3,}/i);
    expect(reason).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    expect(await page.evaluate(() => window.__kasusCapture!.stats())).toEqual({ waiting: 0, sending: 0, stored: 1, refused: 1, deviceItems: 1 } satisfies Stats);

    // The session is gone (cookies cleared): the next file waits, and the page asks to log in again.
    await context.clearCookies();
    await page.getByLabel('Välj filer').setInputFiles([second!]);
    await page.getByText('Inloggningen har gått ut.', { exact: false }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => window.__kasusCapture!.stats())).toMatchObject({ waiting: 1, stored: 1, refused: 1, deviceItems: 2 });
    await screenshot(page, 'offline-capture-5-login-again-1440');
    await page.getByRole('link', { name: 'Logga in igen' }).click();
    await page.getByLabel('Användarnamn').fill('skoterska');
    await page.getByLabel('Lösenord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Fotografera offline', level: 1 }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-capture-item][data-state="stored"]').length === 2, null, { timeout: 30_000 });
    expect(await page.evaluate(() => window.__kasusCapture!.stats())).toEqual({ waiting: 0, sending: 0, stored: 2, refused: 1, deviceItems: 1 } satisfies Stats);

    // A new patient while a file is still on the device: only after a confirmation, and the file stays.
    await page.getByRole('button', { name: 'Avsluta / ny patient' }).click();
    await page.getByText('1 fil är inte skickad än.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Ja, behåll dem och börja med ny patient' }).click();
    await page.getByRole('button', { name: 'Börja fotografera' }).waitFor();
    expect(await page.locator('[data-capture-item][data-state="refused"]').count()).toBe(1);
    expect(await page.evaluate(() => window.__kasusCapture!.stats())).toMatchObject({ refused: 1, deviceItems: 1 });

    // In English and Norwegian: translated, no keys on screen, and no sideways scrolling on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [language, heading, state] of [['English', 'Offline capture', 'Refused'], ['Norsk bokmål', 'Fotografer offline', 'Ikke mottatt']] as const) {
      const select = page.getByLabel(/Språk|Language/);
      if (!(await select.isVisible())) await page.locator('.menu-toggle').click();
      await select.selectOption({ label: language });
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain(state);
      expect(text).not.toMatch(/capture\.|\b[a-z]+_[a-z]+\b/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    }
    await screenshot(page, 'offline-capture-6-nb-390');
    if (!(await page.getByLabel(/Språk|Language/).isVisible())) await page.locator('.menu-toggle').click();
    await page.getByLabel(/Språk|Language/).selectOption('sv');
    expect(pageErrors).toEqual([]);
  });
});
