// Browser tests for the foundation UI: login, administration, patient look-up
// and language switching, driven through Debian's Chromium with playwright-core.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here
// when missing. Set KASUS_SCREENSHOT_DIR to keep screenshots of each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuild, launchChromium, screenshot } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';


const NEW_DEPARTMENT = { hsaId: 'SE2321000016-3003', name: 'Röntgenkliniken' };
const NEW_ROLE = 'Medicinsk fotograf';
const NEW_USER = { username: 'anna.foto', displayName: 'Anna Andersson', password: 'Foto-Kasus-2024!long' };

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const shot = (name: string) => screenshot(page, name);

async function login(username: string, password: string): Promise<void> {
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
}

async function textOf(locator: ReturnType<Page['locator']>): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

beforeAll(async () => {
  await ensureWebBuild();
  server = await startTestServer({ demoData: true });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'sv-SE' });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('foundation UI', () => {
  it('shows the login page in Swedish and rejects a wrong password', async () => {
    await page.goto(`${server.url}/patients`);
    await page.waitForURL(/\/login$/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();

    await login('admin', 'not-the-password');
    const alert = page.getByRole('alert');
    expect(await textOf(alert)).toContain('Inloggningen misslyckades');
    await shot('01-login-failed');
  });

  it('logs in as admin and restores the session on reload', async () => {
    await login('admin', server.adminPassword);
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    await nav.getByRole('link', { name: 'Administration' }).waitFor();
    await nav.getByRole('link', { name: 'Granskningslogg' }).waitFor();
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();

    await page.reload();
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();
    expect(page.url()).not.toMatch(/\/login$/);
  });

  it('creates a department and shows server errors', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await page.waitForURL(/\/admin\/departments$/);
    await page.getByRole('heading', { name: 'Avdelningar', level: 1 }).waitFor();
    // Demo data is listed.
    await page.getByRole('rowheader', { name: 'Kirurgkliniken' }).waitFor();

    await page.getByLabel('HSA-id').fill(NEW_DEPARTMENT.hsaId);
    await page.getByLabel('Namn').fill(NEW_DEPARTMENT.name);
    await page.getByRole('button', { name: 'Skapa avdelning' }).click();
    const row = page.getByRole('row').filter({ hasText: NEW_DEPARTMENT.hsaId });
    expect(await textOf(row)).toContain(NEW_DEPARTMENT.name);
    expect(await textOf(page.getByRole('status').first())).toContain(NEW_DEPARTMENT.name);

    // The same HSA-id again is refused by the server; the error is shown by the form.
    await page.getByLabel('HSA-id').fill(NEW_DEPARTMENT.hsaId);
    await page.getByLabel('Namn').fill('Dubblett');
    await page.getByRole('button', { name: 'Skapa avdelning' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('rowheader', { name: 'Dubblett' }).count()).toBe(0);
    await shot('02-departments');
  });

  it('creates a custom role with some rights', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Roller' }).click();
    await page.waitForURL(/\/admin\/roles$/);
    await page.getByRole('heading', { name: 'Ny roll' }).waitFor();

    await page.getByLabel('Namn').fill(NEW_ROLE);
    await page.getByLabel('Läsa patientuppgifter').check();
    await page.getByLabel('Läsa ärenden').check();
    await page.getByLabel('Ladda upp media').check();
    await page.getByRole('button', { name: 'Skapa roll' }).click();

    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: NEW_ROLE }) });
    const text = await textOf(row);
    expect(text).toContain('Läsa patientuppgifter');
    expect(text).toContain('Ladda upp media');
    expect(text).not.toContain('Systemadministration');
    await shot('03-roles');
  });

  it('creates a user with that role in the new department', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Användare' }).click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByRole('heading', { name: 'Ny användare' }).waitFor();

    await page.getByLabel('Användarnamn').fill(NEW_USER.username);
    await page.getByLabel('Namn', { exact: true }).fill(NEW_USER.displayName);
    await page.getByLabel('E-postadress').fill('anna.andersson@sjukhuset.example');
    await page.getByLabel('Lösenord').fill(NEW_USER.password);
    await page.getByLabel(`Roll på ${NEW_DEPARTMENT.name}`).selectOption({ label: NEW_ROLE });
    await page.getByRole('button', { name: 'Skapa användare' }).click();

    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: NEW_USER.username }) });
    const text = await textOf(row);
    expect(text).toContain(NEW_USER.displayName);
    expect(text).toContain('anna.andersson@sjukhuset.example');
    expect(text).toContain(`${NEW_DEPARTMENT.name}: ${NEW_ROLE}`);
    // The demo accounts come with addresses, so routine reminders can be tried out.
    const demoAdmin = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'sysadmin' }) });
    expect(await textOf(demoAdmin)).toContain('sara.systemansvarig@sjukhus.example');
    await shot('04-users');
  });

  it('edits and deactivates: a department is renamed, a user is deactivated and can no longer log in', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Avdelningar' }).click();
    await page.waitForURL(/\/admin\/departments$/);
    await page.getByRole('button', { name: 'Redigera Hudkliniken' }).click();
    await page.getByLabel('Namn').fill('Hudkliniken Solna');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('rowheader', { name: 'Hudkliniken Solna' }).waitFor();
    expect(await textOf(page.getByRole('status').first())).toContain('sparats');

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Användare' }).click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByRole('button', { name: 'Redigera skoterska' }).click();
    await page.getByLabel('Aktiv').uncheck();
    await page.getByRole('button', { name: 'Spara' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'skoterska' }) });
    await row.getByText('Inaktiv').waitFor();
    const refused = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'skoterska', password: 'kasus-demo-2026' }),
    });
    expect(refused.status).toBe(401);
    await shot('04b-user-deactivated');
  });

  it('logs out and logs in as the new user, who sees only their pages', async () => {
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: 'Logga in' }).waitFor();

    await login(NEW_USER.username, NEW_USER.password);
    await page.getByText(NEW_USER.displayName).waitFor();
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    await nav.getByRole('link', { name: 'Patienter' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Granskningslogg' }).count()).toBe(0);
  });

  it('shows the check-digit error for an invalid identifier', async () => {
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Patienter' }).click();
    await page.waitForURL(/\/patients$/);
    const field = page.getByLabel('Patientidentitet');
    await field.fill('19121212-1213');
    await page.getByRole('button', { name: 'Sök' }).click();
    expect(await textOf(page.getByRole('alert'))).toContain('Kontrollsiffran stämmer inte');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await shot('05-patient-invalid');
  });

  it('looks up the demo patient', async () => {
    await page.getByLabel('Patientidentitet').fill('19121212-1212');
    await page.getByRole('button', { name: 'Sök' }).click();
    const card = page.getByRole('region', { name: 'Patient' });
    const text = await textOf(card);
    // The identifier as the server normalizes it (with or without the separator).
    expect(text).toMatch(/19121212-?1212/);
    expect(text).toContain('Personnummer');
    expect(await page.getByRole('alert').count()).toBe(0);
    await shot('06-patient-found');
  });

  it('offers to register an unknown patient and shows the refusal to a user without the right', async () => {
    // A valid personnummer (Luhn check digit 9) that the demo data does not hold.
    await page.getByLabel('Patientidentitet').fill('19900101-1239');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByText('Ingen patient är registrerad med identiteten').waitFor();
    expect(await page.getByRole('region', { name: 'Patient' }).count()).toBe(0);

    // The role made above has no case.write: the server refuses and the button goes away.
    await page.getByRole('button', { name: 'Registrera patient' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('button', { name: 'Registrera patient' }).count()).toBe(0);
    await shot('07-register-refused');
  });

  it('switches language to English and Norwegian and remembers the choice', async () => {
    await page.getByLabel('Språk').selectOption({ label: 'English' });
    await page.getByRole('heading', { name: 'Patient look-up', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.getByLabel('Patient identifier').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.evaluate(() => localStorage.getItem('kasus.lang'))).toBe('en');
    await shot('08-english');

    await page.getByLabel('Language').selectOption({ label: 'Norsk bokmål' });
    await page.getByRole('heading', { name: 'Pasientsøk', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Logg ut' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nb');

    await page.reload();
    await page.getByRole('heading', { name: 'Pasientsøk', level: 1 }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('kasus.lang'))).toBe('nb');

    await page.getByLabel('Språk').selectOption('sv');
    await page.getByRole('heading', { name: 'Patientsökning', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
  });

  it("lets the log operator find a patient's audit trail by identifier, keeping it out of the address bar", async () => {
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/login$/);
    await login('logg', 'kasus-demo-2026');
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Granskningslogg' }).click();
    await page.waitForURL(/\/audit/);
    await page.getByLabel('Användare', { exact: true }).selectOption({ label: `${NEW_USER.displayName} (${NEW_USER.username})` });
    await page.getByLabel('Patientens personnummer / identitet').fill('19121212-1212');
    await page.getByRole('button', { name: 'Filtrera' }).click();
    const rows = page.locator('table.audit-table tbody tr');
    // The unfiltered list may still show until the filtered answer replaces it.
    const matching = async () => {
      const texts = await rows.allTextContents();
      return texts.length > 0 && texts.every((row) => row.includes(NEW_USER.username) && row.includes('Patient söktes'));
    };
    await expect.poll(matching, { timeout: 10_000 }).toBe(true);
    expect(page.url()).not.toContain('1212');
    const csv = await page.getByRole('link', { name: 'Exportera CSV' }).getAttribute('href');
    expect(csv).toMatch(/patientId=[0-9a-f-]{36}/);
    expect(csv).not.toContain('1212');
    await shot('09-audit-by-identifier');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
