// Browser test of the continuity administration page (status/admin): the duty officer registers a
// system with a dependency and a department, changes its criticality, gives it an HTTP health probe
// against a real loopback server (and sees the probe's check), adds and changes a scenario and a
// service desk, and adds and removes a department's notice subscriptions. After each step the state
// is read back through the HTTP API; refusals of the server are shown beside the field they name.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
// Set KASUS_SCREENSHOT_DIR to keep screenshots of each step.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../helpers/app.js';
import { ensureWebBuild, logIn, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/receivers.js';

interface SystemJson {
  id: string;
  name: string;
  description: string | null;
  vendor: string | null;
  criticality: number;
  owner: string | null;
  serviceDeskContact: string | null;
  dependsOn: string[];
  departmentIds: string[];
  probe: { kind: string; target: string; intervalSeconds: number; failuresBeforeDown: number; successesBeforeUp: number; enabled: boolean; lastCheckedAt: string | null; lastOk: boolean | null } | null;
}

let server: TestApp;
let url: string;
let browser: BrowserPage;
let page: Page;
let smtp: SmtpReceiver;
let health: Server;
let healthUrl: string;
const healthHits: string[] = [];
let officer: Session;
let departments: { id: string; name: string }[];

beforeAll(async () => {
  await ensureWebBuild();
  smtp = await startSmtpReceiver();
  // A real HTTP service on the loopback for the health probe (and a webhook address that answers).
  health = createServer((request, response) => {
    healthHits.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true', KASUS_SMTP_URL: smtp.url, KASUS_SMTP_FROM: 'kasus@sjukhuset.example' });
  url = await server.listen();
  officer = await server.login('sysadmin');
  departments = (await server.as(officer, 'GET', '/api/departments')).json();
  browser = await openBrowserPage();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => (health ? health.close(() => resolve()) : resolve()));
  await smtp?.close();
});

async function api<T>(method: string, path: string): Promise<T> {
  const response = await server.as(officer, method, path);
  expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(200);
  return response.json() as T;
}

async function systemNamed(name: string): Promise<SystemJson> {
  const found = (await api<SystemJson[]>('GET', '/api/systems')).find((s) => s.name === name);
  expect(found, `system ${name}`).toBeTruthy();
  return found!;
}

const departmentId = (name: string) => departments.find((d) => d.name === name)!.id;

/** The form whose heading has this name. */
const formTitled = (name: string): Locator => page.locator('form').filter({ has: page.getByRole('heading', { name, exact: true }) });

/** Waits for the status message with this text. */
const saidStatus = (text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

describe('continuity administration', () => {
  it('is reached from the duty-officer console', async () => {
    await logIn(page, url, 'sysadmin', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Driftstatus', exact: true }).click();
    await page.getByRole('link', { name: 'Till driftkonsolen' }).click();
    await page.getByRole('heading', { name: 'Driftkonsol', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Administrera system, scenarier, servicedeskar och prenumerationer' }).click();
    await page.getByRole('heading', { name: 'Administration av driftkontinuitet', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/status/admin');
    for (const heading of ['Systemregister', 'Scenarier', 'Servicedeskar', 'Prenumerationer på driftmeddelanden']) {
      // Each section shows once its data has loaded.
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
      expect(await page.getByRole('heading', { name: heading, level: 2 }).count()).toBe(1);
    }
    await page.locator('[data-testid=admin-systems] tr[data-system="PACS"]').waitFor();
  });

  it('registers a system with a dependency and a department, and changes its criticality', async () => {
    await page.getByRole('button', { name: 'Lägg till system' }).click();
    const form = formTitled('Nytt system');
    await form.getByLabel('Namn', { exact: true }).fill('Patologisystem');
    await form.getByLabel('Beskrivning').fill('Remisser och svar för patologi och cytologi.');
    await form.getByLabel('Leverantör').fill('Patologidata AB');
    await form.getByLabel('Kritikalitet').selectOption('2');
    await form.getByLabel('Förvaltare').fill('Laboratoriemedicin');
    await form.getByLabel('Kontakt med servicedesk').fill('IT-servicedesk 010-100 00 00');
    await form.getByRole('group', { name: 'Beroenden' }).getByLabel('Laboratoriesystem', { exact: true }).check();
    await form.getByRole('group', { name: 'Avdelningar' }).getByLabel('Hudkliniken', { exact: true }).check();
    await screenshot(page, 'continuity-admin-0-system-form');
    await form.getByRole('button', { name: 'Spara' }).click();
    await saidStatus('Systemet Patologisystem är sparat.');

    const lab = await systemNamed('Laboratoriesystem');
    const created = await systemNamed('Patologisystem');
    expect(created).toMatchObject({
      description: 'Remisser och svar för patologi och cytologi.',
      vendor: 'Patologidata AB',
      criticality: 2,
      owner: 'Laboratoriemedicin',
      serviceDeskContact: 'IT-servicedesk 010-100 00 00',
      dependsOn: [lab.id],
      departmentIds: [departmentId('Hudkliniken')],
      probe: null,
    });
    const row = page.locator('[data-testid=admin-systems] tr[data-system="Patologisystem"]');
    expect(await row.textContent()).toContain('Laboratoriesystem');
    expect(await row.textContent()).toContain('Hudkliniken');
    expect(await row.locator('[data-testid=criticality]').textContent()).toBe('2');

    await row.getByRole('button', { name: 'Redigera systemet Patologisystem' }).click();
    const edit = formTitled('Redigera Patologisystem');
    expect(await edit.getByLabel('Namn', { exact: true }).inputValue()).toBe('Patologisystem');
    await edit.getByLabel('Kritikalitet').selectOption('1');
    await edit.getByRole('button', { name: 'Spara' }).click();
    await saidStatus('Systemet Patologisystem är sparat.');
    await row.locator('[data-testid=criticality]').filter({ hasText: '1' }).waitFor();
    const edited = await systemNamed('Patologisystem');
    expect(edited.criticality).toBe(1);
    expect(edited.dependsOn).toEqual([lab.id]);
    expect(edited.departmentIds).toEqual([departmentId('Hudkliniken')]);
    await screenshot(page, 'continuity-admin-1-system');
  });

  it('refuses a dependency cycle beside the dependencies', async () => {
    const labRow = page.locator('[data-testid=admin-systems] tr[data-system="Laboratoriesystem"]');
    await labRow.getByRole('button', { name: 'Redigera systemet Laboratoriesystem' }).click();
    const form = formTitled('Redigera Laboratoriesystem');
    const dependencies = form.getByRole('group', { name: 'Beroenden' });
    await dependencies.getByLabel('Patologisystem', { exact: true }).check();
    await form.getByRole('button', { name: 'Spara' }).click();
    const refusal = dependencies.locator('.field-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Beroendena skulle bilda en cirkel');
    expect(await refusal.getAttribute('role')).toBe('alert');
    // Nothing changed on the server.
    const pathology = await systemNamed('Patologisystem');
    expect((await systemNamed('Laboratoriesystem')).dependsOn).not.toContain(pathology.id);
    await form.getByRole('button', { name: 'Avbryt' }).click();
    await form.waitFor({ state: 'detached' });
  });

  it('sets an HTTP health probe and shows its check of the loopback server', async () => {
    const row = page.locator('[data-testid=admin-systems] tr[data-system="Patologisystem"]');
    expect(await row.locator('[data-testid=probe]').textContent()).toBe('Ingen hälsokontroll');
    await row.getByRole('button', { name: 'Hälsokontroll för Patologisystem' }).click();
    const form = formTitled('Hälsokontroll för Patologisystem');
    await form.getByLabel('Typ av kontroll').selectOption('http');
    // A target that is not a URL is refused beside the target field, with the server's words.
    await form.getByLabel('Mål', { exact: true }).fill('patologi.region.se/health');
    await form.getByRole('button', { name: 'Spara hälsokontroll' }).click();
    const targetError = form.locator('.field-error');
    await targetError.waitFor();
    expect(await targetError.textContent()).toContain('Målet för en HTTP-kontroll ska vara en fullständig adress');
    expect(await form.getByLabel('Mål', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await systemNamed('Patologisystem')).probe).toBeNull();
    await screenshot(page, 'continuity-admin-2a-probe-refused');

    await form.getByLabel('Mål', { exact: true }).fill(`${healthUrl}/health`);
    await form.getByLabel('Intervall (sekunder)').fill('1');
    await form.getByLabel('Misslyckade kontroller i rad innan systemet sätts som nere').fill('2');
    await form.getByLabel('Lyckade kontroller i rad innan systemet är i drift igen').fill('1');
    expect(await form.getByLabel('Kör kontrollen').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Spara hälsokontroll' }).click();
    await saidStatus('Hälsokontrollen för Patologisystem är sparad.');
    expect(await form.locator('.field-error').count()).toBe(0);

    const saved = await systemNamed('Patologisystem');
    expect(saved.probe).toMatchObject({ kind: 'http', target: `${healthUrl}/health`, intervalSeconds: 1, failuresBeforeDown: 2, successesBeforeUp: 1, enabled: true });

    // The server's scheduler runs the probe against the loopback server.
    const deadline = Date.now() + 15_000;
    let checked = saved;
    while (Date.now() < deadline && !checked.probe?.lastCheckedAt) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      checked = await systemNamed('Patologisystem');
    }
    expect(checked.probe?.lastOk).toBe(true);
    expect(healthHits).toContain('GET /health');

    await page.reload();
    const reloaded = page.locator('[data-testid=admin-systems] tr[data-system="Patologisystem"] [data-testid=probe]');
    await reloaded.waitFor();
    expect(await reloaded.textContent()).toContain(`HTTP ${healthUrl}/health`);
    expect(await reloaded.textContent()).toContain('Senast OK');
    await screenshot(page, 'continuity-admin-2-probe');
  });

  it('adds a scenario over the new system and changes it', async () => {
    await page.getByRole('button', { name: 'Lägg till scenario' }).click();
    const form = formTitled('Nytt scenario');
    await form.getByLabel('Namn', { exact: true }).fill('Patologisystem nere');
    await form.getByLabel('Beskrivning').fill('Patologiremisser skrivs på papper.');
    await form.getByLabel('Prioritet').fill('5');
    const first = form.getByRole('group', { name: 'Villkor 1', exact: true });
    await first.getByLabel('System', { exact: true }).selectOption({ label: 'Patologisystem' });
    expect(await first.getByLabel('Nere', { exact: true }).isChecked()).toBe(true);
    await first.getByLabel('Störd', { exact: true }).check();
    await first.getByLabel(/^Gäller även när ett system/).check();
    await form.getByRole('button', { name: 'Lägg till villkor' }).click();
    const second = form.getByRole('group', { name: 'Villkor 2', exact: true });
    await second.getByLabel('System', { exact: true }).selectOption({ label: 'Journalsystem' });
    await form.getByRole('button', { name: 'Spara' }).click();
    await saidStatus('Scenariot Patologisystem nere är sparat.');

    const pathology = await systemNamed('Patologisystem');
    const ehr = await systemNamed('Journalsystem');
    type ScenarioJson = { id: string; name: string; description: string | null; priority: number; condition: { match: string; clauses: unknown[] } };
    const find = async () => (await api<ScenarioJson[]>('GET', '/api/scenarios')).find((s) => s.name === 'Patologisystem nere');
    expect(await find()).toMatchObject({
      description: 'Patologiremisser skrivs på papper.',
      priority: 5,
      condition: {
        match: 'any',
        clauses: [
          { systemId: pathology.id, statuses: ['degraded', 'down'], viaDependencies: true },
          { systemId: ehr.id, statuses: ['down'] },
        ],
      },
    });
    const row = page.locator('[data-testid=admin-scenarios] tr[data-scenario="Patologisystem nere"]');
    expect(await row.textContent()).toContain('Patologisystem är Störd eller Nere (även via beroenden)');

    await row.getByRole('button', { name: 'Redigera scenariot Patologisystem nere' }).click();
    const edit = formTitled('Redigera Patologisystem nere');
    await edit.getByRole('button', { name: 'Ta bort villkor 2' }).click();
    await edit.getByLabel('Scenariot gäller när').selectOption('all');
    await edit.getByRole('button', { name: 'Spara' }).click();
    await saidStatus('Scenariot Patologisystem nere är sparat.');
    const changed = await find();
    expect(changed?.condition).toEqual({ match: 'all', clauses: [{ systemId: pathology.id, statuses: ['degraded', 'down'], viaDependencies: true }] });
    await row.filter({ hasText: 'Alla villkoren' }).waitFor();
  });

  it('adds a service desk and changes its delivery and Swedish template', async () => {
    await page.getByRole('button', { name: 'Lägg till servicedesk' }).click();
    const form = formTitled('Ny servicedesk');
    await form.getByLabel('Namn', { exact: true }).fill('Patologins servicedesk');
    await form.getByLabel('Webhook', { exact: true }).fill(`${healthUrl}/desk`);
    await form.getByLabel('Funktion i kontaktlistan').fill('IT-servicedesk');
    await form.getByRole('button', { name: 'Spara' }).click();
    await saidStatus('Servicedesken Patologins servicedesk är sparad.');

    type DeskJson = { id: string; name: string; webhookUrl: string | null; email: string | null; contactFunction: string | null; templates: Record<string, { subject: string; body: string }> };
    const find = async () => (await api<DeskJson[]>('GET', '/api/service-desks')).find((d) => d.name === 'Patologins servicedesk');
    expect(await find()).toMatchObject({ webhookUrl: `${healthUrl}/desk`, email: null, contactFunction: 'IT-servicedesk', templates: {} });

    const row = page.locator('[data-testid=admin-service-desks] tr[data-desk="Patologins servicedesk"]');
    await row.getByRole('button', { name: 'Redigera servicedesken Patologins servicedesk' }).click();
    const edit = formTitled('Redigera Patologins servicedesk');
    await edit.getByLabel('E-post', { exact: true }).fill('patologi-it@sjukhuset.example');
    await edit.getByLabel('Egen mall på Svenska').check();
    const subject = edit.getByLabel('Ämne (Svenska)');
    // The built-in template is the starting point.
    expect(await subject.inputValue()).not.toBe('');
    await subject.fill('{system}: akut fel ({priority})');
    await edit.getByRole('button', { name: 'Spara' }).click();
    await saidStatus('Servicedesken Patologins servicedesk är sparad.');
    const changed = await find();
    expect(changed).toMatchObject({ webhookUrl: `${healthUrl}/desk`, email: 'patologi-it@sjukhuset.example', contactFunction: 'IT-servicedesk' });
    expect(Object.keys(changed!.templates)).toEqual(['sv']);
    expect(changed!.templates.sv!.subject).toBe('{system}: akut fel ({priority})');
    expect(changed!.templates.sv!.body.length).toBeGreaterThan(0);
    // The list is read again after the message: the row changes then.
    await row.filter({ hasText: 'patologi-it@sjukhuset.example' }).waitFor();
    expect(await row.textContent()).toContain('Svenska');
    await screenshot(page, 'continuity-admin-3-service-desk');
  });

  it('adds an e-mail and a webhook subscription for a department and removes one', async () => {
    type SubscriptionJson = { id: string; departmentId: string; kind: string; target: string };
    const surgery = departmentId('Kirurgkliniken');
    const ofSurgery = async () => (await api<SubscriptionJson[]>('GET', '/api/notice-subscriptions')).filter((s) => s.departmentId === surgery);
    expect(await ofSurgery()).toEqual([]);

    const form = formTitled('Lägg till prenumeration');
    await form.getByLabel('Avdelning').selectOption({ label: 'Kirurgkliniken' });
    await form.getByLabel('Sätt').selectOption('email');
    // An address that is not one is refused beside the field, in the server's Swedish words.
    await form.getByLabel('E-postadress').fill('kirurgen-drift');
    await form.getByRole('button', { name: 'Lägg till', exact: true }).click();
    const refusal = form.locator('.field-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('Ange en giltig e-postadress (target).');
    expect(await form.getByLabel('E-postadress').getAttribute('aria-invalid')).toBe('true');
    expect(await ofSurgery()).toEqual([]);
    await screenshot(page, 'continuity-admin-4a-subscription-refused');

    await form.getByLabel('E-postadress').fill('kirurgen-drift@sjukhuset.example');
    await form.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await saidStatus('kirurgen-drift@sjukhuset.example får nu meddelanden för Kirurgkliniken.');
    expect(await refusal.count()).toBe(0);

    await form.getByLabel('Sätt').selectOption('webhook');
    await form.getByLabel('Webhookens adress').fill(`${healthUrl}/notices`);
    await form.getByRole('button', { name: 'Lägg till', exact: true }).click();
    await saidStatus(`${healthUrl}/notices får nu meddelanden för Kirurgkliniken.`);

    const both = await ofSurgery();
    expect(both.map((s) => [s.kind, s.target]).sort()).toEqual([
      ['email', 'kirurgen-drift@sjukhuset.example'],
      ['webhook', `${healthUrl}/notices`],
    ]);
    const group = page.locator('[data-department="Kirurgkliniken"]');
    await group.locator('tr[data-target="kirurgen-drift@sjukhuset.example"]').waitFor();
    await group.locator(`tr[data-target="${healthUrl}/notices"]`).waitFor();
    expect(await page.locator('[data-department="Hudkliniken"]').textContent()).toContain('Inga prenumerationer.');
    await screenshot(page, 'continuity-admin-4-subscriptions');

    // Removing asks first; dismissing keeps the subscription.
    const remove = group.getByRole('button', { name: 'Ta bort kirurgen-drift@sjukhuset.example för Kirurgkliniken' });
    const dismissed: string[] = [];
    page.once('dialog', (dialog) => {
      dismissed.push(dialog.message());
      void dialog.dismiss();
    });
    await remove.click();
    await expect.poll(() => dismissed.length).toBe(1);
    expect(dismissed[0]).toBe('Sluta skicka meddelanden för Kirurgkliniken till kirurgen-drift@sjukhuset.example?');
    expect(await ofSurgery()).toHaveLength(2);

    page.once('dialog', (dialog) => void dialog.accept());
    await remove.click();
    await saidStatus('kirurgen-drift@sjukhuset.example får inte längre meddelanden för Kirurgkliniken.');
    await group.locator('tr[data-target="kirurgen-drift@sjukhuset.example"]').waitFor({ state: 'detached' });
    const left = await ofSurgery();
    expect(left.map((s) => [s.kind, s.target])).toEqual([['webhook', `${healthUrl}/notices`]]);
    expect(browser.pageErrors).toEqual([]);
  });
});
