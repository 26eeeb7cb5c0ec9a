// Browser test for confidential patients and emergency opening (DESIGN M10) and the case search:
// an administrator marks a patient confidential with a reason on the patient card and sees the
// history; a physician searches cases (by the patient's identifier, which never reaches the
// address, and by department) and sees the patient's cases only as "Konfidentiellt" rows with the
// department and the date; opens one in an emergency with a reason and reaches the case; a nurse
// without the emergency right sees no "Nödöppna"; the log operator finds the opening and its
// reason in the report of emergency openings. A search by a word finds a non-confidential case.
// Driven through Debian's Chromium with playwright-core against a real Kasus server.
//
// The cases are set up through the API as the physician (demo form "Klinisk fotografering", shared
// by Kirurgkliniken and Hudkliniken); everything else goes through the UI.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
// Set KASUS_SCREENSHOT_DIR to keep screenshots of each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import sv from '../../src/web/i18n/sv.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, createTestApp } from '../helpers/app.js';
import type { Session, TestApp } from '../helpers/app.js';
import { ensureWebBuild, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';

/** The patient who is made confidential. */
const SECRET_PATIENT = '19640823-3234';
/** Another patient, whose case stays searchable in full. */
const OPEN_PATIENT = '19850615-2381';
const SECRET_SITE = 'Vänster skuldra';
const OPEN_WORD = 'keratoakantom';
const CONFIDENTIALITY_REASON = 'Skyddade personuppgifter enligt beslut';
const EMERGENCY_REASON = 'Akut operation, behöver se tidigare bilder av såret';

const CAPTURE = { purpose_explained: 'Dokumentation inför behandling', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' };

let server: TestApp;
let url: string;
let chromium: BrowserPage;
let page: Page;
let doctor: Session;
let surgery: string;
let dermatology: string;
/** The confidential patient's cases, in Kirurgkliniken and in Hudkliniken. */
const secretCases: Record<'surgery' | 'dermatology', string> = { surgery: '', dermatology: '' };
let openCase: string;

const shot = (name: string) => screenshot(page, name);

/** Today as YYYY-MM-DD in local time, as a date field holds it. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function newCase(patientIdentifier: string, departmentId: string, values: Record<string, unknown>, sign: boolean): Promise<string> {
  const patient = (await server.as(doctor, 'POST', '/api/patients/lookup', { identifier: patientIdentifier })).json() as { id: string };
  const created = await server.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId });
  expect(created.statusCode, created.body).toBe(201);
  const id = (created.json() as { id: string }).id;
  const saved = await server.as(doctor, 'PATCH', `/api/cases/${id}`, { values: { ...CAPTURE, ...values } });
  expect(saved.statusCode, saved.body).toBe(200);
  if (sign) {
    const signed = await server.as(doctor, 'POST', `/api/cases/${id}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
  }
  return id;
}

async function login(username: string): Promise<void> {
  if (await page.getByRole('button', { name: 'Logga ut' }).count()) {
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/login$/);
  } else {
    await page.goto(`${url}/login`);
  }
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('button', { name: 'Logga ut' }).waitFor();
}

const mainNav = () => page.getByRole('navigation', { name: 'Huvudmeny' });
const results = () => page.getByRole('region', { name: sv.search.resultsTitle });
const resultRows = () => results().locator('tbody tr');
const confidentialRows = () => resultRows().filter({ hasText: sv.search.confidential });

/** Submits the search form and waits for the answer of GET /api/cases. */
async function search(): Promise<void> {
  const answer = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/cases' && res.request().method() === 'GET');
  await page.getByRole('search').getByRole('button', { name: sv.search.submit, exact: true }).click();
  expect((await answer).status()).toBe(200);
}

async function openSearch(): Promise<void> {
  await mainNav().getByRole('link', { name: sv.nav.cases }).click();
  await page.waitForURL(/\/cases$/);
  await page.getByRole('heading', { name: sv.search.title, level: 1 }).waitFor();
}

/** A confidential row shows the date, the department and "Konfidentiellt", and nothing that identifies the case. */
async function expectNothingDisclosed(row: Locator, department: string): Promise<void> {
  const text = (await row.textContent()) ?? '';
  expect(text).toContain(department);
  expect(text).toContain(sv.search.confidential);
  for (const secret of ['Klinisk fotografering', 'Lars Läkare', SECRET_SITE, SECRET_PATIENT, sv.cases.status.signed, sv.cases.status.draft]) {
    expect(text).not.toContain(secret);
  }
  expect(await row.getByRole('link').count()).toBe(0);
  expect(await row.locator('time').count()).toBe(1);
}

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  doctor = await server.login('lakare');
  const departments = (await server.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
  surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
  dermatology = departments.find((d) => d.name === 'Hudkliniken')!.id;
  secretCases.surgery = await newCase(SECRET_PATIENT, surgery, { site: SECRET_SITE, finding: 'Sår efter ingrepp' }, true);
  secretCases.dermatology = await newCase(SECRET_PATIENT, dermatology, { site: SECRET_SITE, finding: 'Hudförändring' }, false);
  openCase = await newCase(OPEN_PATIENT, dermatology, { site: 'Höger kind', finding: `Misstänkt ${OPEN_WORD} på kinden` }, true);

  chromium = await openBrowserPage();
  page = chromium.page;
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('confidential patients and emergency opening', () => {
  it('lets an administrator mark a patient confidential with a reason, and shows who, when and why', async () => {
    await login('admin');
    await mainNav().getByRole('link', { name: sv.nav.patients }).click();
    await page.getByLabel(sv.patients.identifier).fill(SECRET_PATIENT);
    await page.getByRole('button', { name: sv.patients.search, exact: true }).click();
    const card = page.getByRole('region', { name: sv.patients.result });
    await card.waitFor();
    expect(await card.getByText(sv.confidentiality.patient).count()).toBe(0);
    const history = card.getByRole('region', { name: sv.confidentiality.historyTitle });
    await history.getByText(sv.confidentiality.historyEmpty).waitFor();

    await card.getByRole('button', { name: sv.confidentiality.mark }).click();
    const reason = card.getByLabel(sv.confidentiality.reason);
    // The reason field has focus at once; a too short reason is refused before it is sent.
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await reason.fill('ok');
    await card.getByRole('button', { name: sv.confidentiality.mark }).click();
    await card.getByRole('alert').filter({ hasText: sv.confidentiality.reasonTooShort }).waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');

    await reason.fill(CONFIDENTIALITY_REASON);
    const answer = page.waitForResponse((res) => res.url().endsWith('/confidential') && res.request().method() === 'POST');
    await card.getByRole('button', { name: sv.confidentiality.mark }).click();
    expect((await answer).status()).toBe(200);
    await card.getByRole('status').filter({ hasText: sv.confidentiality.marked }).waitFor();
    await card.getByText(sv.confidentiality.patient, { exact: true }).waitFor();
    await card.getByText(sv.confidentiality.notice).waitFor();
    // The action now lifts the mark.
    await card.getByRole('button', { name: sv.confidentiality.lift }).waitFor();

    const row = history.locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(CONFIDENTIALITY_REASON);
    expect(rowText).toContain('Systemadministratör');
    expect(rowText).toContain(sv.confidentiality.markedEntry);
    expect(await row.locator('time').count()).toBe(1);
    await shot('c01-marked-confidential');
  });

  it('shows a physician the patient\'s cases only as "Konfidentiellt" when searching by identifier', async () => {
    await login('lakare');
    await openSearch();
    await page.getByLabel(sv.search.patient).fill(SECRET_PATIENT);
    await search();
    await expect.poll(() => resultRows().count()).toBe(2);
    expect(await confidentialRows().count()).toBe(2);
    await results().getByText('Visar 1–2 av 2', { exact: true }).waitFor();
    // The identifier travels in a request body only: never in the address.
    expect(page.url()).not.toContain(SECRET_PATIENT.slice(0, 8));
    expect(page.url()).toMatch(/patientId=/);
    await expectNothingDisclosed(resultRows().filter({ hasText: 'Hudkliniken' }), 'Hudkliniken');
    await expectNothingDisclosed(resultRows().filter({ hasText: 'Kirurgkliniken' }), 'Kirurgkliniken');
    // The physician may open both in an emergency.
    expect(await results().getByRole('button', { name: sv.emergency.open }).count()).toBe(2);
    await shot('c02-search-by-identifier');

    // An identifier that fails its check is refused beside the field.
    await page.getByLabel(sv.search.patient).fill('19640823-3235');
    await page.getByRole('search').getByRole('button', { name: sv.search.submit, exact: true }).click();
    await page.getByRole('alert').filter({ hasText: sv.identifierRules.check_digit }).waitFor();
  });

  it('shows the confidential case among the department\'s cases and opens it in an emergency with a reason', async () => {
    await page.getByRole('button', { name: sv.search.reset }).click();
    await page.getByLabel(sv.search.department).selectOption({ label: 'Hudkliniken' });
    await search();
    await expect.poll(() => resultRows().count()).toBe(2);
    const secretRow = confidentialRows();
    expect(await secretRow.count()).toBe(1);
    await expectNothingDisclosed(secretRow, 'Hudkliniken');
    const openRow = resultRows().filter({ hasNotText: sv.search.confidential });
    const openText = (await openRow.textContent()) ?? '';
    expect(openText).toContain('Klinisk fotografering');
    expect(openText).toContain(sv.cases.status.signed);
    expect(openText).toContain('Lars Läkare');
    expect(await openRow.getByRole('link').getAttribute('href')).toBe(`/cases/${openCase}`);

    // The dialog says that the opening is logged and reviewed and asks for a reason.
    await secretRow.getByRole('button', { name: sv.emergency.open }).click();
    const dialog = page.getByRole('dialog', { name: sv.emergency.title });
    await dialog.waitFor();
    await dialog.getByText(sv.emergency.logged).waitFor();
    const reason = dialog.getByLabel(sv.emergency.reason);
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    // Escape closes it without opening anything.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await secretRow.getByRole('button', { name: sv.emergency.open }).evaluate((el) => el === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await reason.fill('akut');
    await dialog.getByRole('button', { name: sv.emergency.submit }).click();
    await dialog.getByRole('alert').filter({ hasText: sv.emergency.reasonTooShort }).waitFor();
    await shot('c03-emergency-dialog');

    // A refusal from the server is shown in the dialog, which stays open: here the mark is lifted
    // (through the API, as another administrator would) just before the doctor confirms.
    await reason.fill(EMERGENCY_REASON);
    const admin = await server.login('admin');
    const secretPatient = (await server.as(admin, 'POST', '/api/patients/lookup', { identifier: SECRET_PATIENT })).json() as { id: string };
    const setMark = async (confidential: boolean) =>
      expect((await server.as(admin, 'POST', `/api/patients/${secretPatient.id}/confidential`, { confidential, reason: 'Ändrat under testet' })).statusCode).toBe(200);
    await setMark(false);
    await dialog.getByRole('button', { name: sv.emergency.submit }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.getByText(sv.errors.not_confidential).waitFor();
    await setMark(true);

    const answer = page.waitForResponse((res) => res.url().endsWith(`/api/cases/${secretCases.dermatology}/emergency-access`));
    await dialog.getByRole('button', { name: sv.emergency.submit }).click();
    expect((await answer).status()).toBe(200);
    await page.waitForURL(new RegExp(`/cases/${secretCases.dermatology}$`));
    await page.getByRole('heading', { name: sv.cases.title, level: 1 }).waitFor();
    // The heading is there while the case is still loading: wait for the case itself.
    await page.locator('.case-summary').waitFor();
    expect(await page.getByText(sv.cases.notFoundTitle).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    await shot('c04-opened-case');

    // Back in the search, the opened case is shown in full; the other stays confidential.
    await page.goBack();
    await page.waitForURL(/\/cases\?/);
    await expect.poll(() => resultRows().count()).toBe(2);
    await expect.poll(() => confidentialRows().count()).toBe(0);
    expect(await resultRows().getByRole('link').count()).toBe(2);
  });

  it('finds a non-confidential case by a word in its form text', async () => {
    await page.getByRole('button', { name: sv.search.reset }).click();
    await page.getByLabel(sv.search.words).fill(OPEN_WORD);
    await search();
    await expect.poll(() => resultRows().count()).toBe(1);
    const row = resultRows().first();
    expect(await row.getByRole('link').getAttribute('href')).toBe(`/cases/${openCase}`);
    expect((await row.textContent()) ?? '').toContain('Klinisk fotografering');
    await results().getByText('Visar 1–1 av 1', { exact: true }).waitFor();
    await shot('c05-word-search');

    await page.getByLabel(sv.search.words).fill('psoriasis');
    await search();
    await results().getByText(sv.search.none).waitFor();
    expect(await resultRows().count()).toBe(0);
  });

  it('gives a nurse without the emergency right no "Nödöppna"', async () => {
    await login('skoterska');
    await openSearch();
    await page.getByLabel(sv.search.patient).fill(SECRET_PATIENT);
    await search();
    // The nurse works in Hudkliniken only: one case, shown as "Konfidentiellt".
    await expect.poll(() => resultRows().count()).toBe(1);
    await expectNothingDisclosed(confidentialRows(), 'Hudkliniken');
    expect(await page.getByRole('button', { name: sv.emergency.open }).count()).toBe(0);
    await shot('c06-nurse');

    // Nor can she open it by going to its address.
    await page.goto(`${url}/cases/${secretCases.dermatology}`);
    // Not any heading: "Ärende" is shown while the case is still loading.
    await page.getByRole('heading', { name: sv.cases.confidential, level: 1 }).waitFor();
    expect(await page.getByText(SECRET_SITE).count()).toBe(0);
  });

  it('shows the log operator the opening with its reason in the report', async () => {
    await login('logg');
    await mainNav().getByRole('link', { name: sv.nav.audit }).click();
    await page.getByRole('link', { name: sv.emergencyReport.link }).click();
    await page.waitForURL(/\/audit\/emergency-access$/);
    await page.getByRole('heading', { name: sv.emergencyReport.title, level: 1 }).waitFor();
    const table = page.getByRole('region', { name: sv.emergencyReport.tableCaption });
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    // The department's name once the departments have loaded (the row may come first).
    await expect.poll(async () => (await rows.first().textContent()) ?? '').toContain('Hudkliniken');
    const text = (await rows.first().textContent()) ?? '';
    expect(text).toContain('Lars Läkare');
    expect(text).toContain(EMERGENCY_REASON);
    expect(text).toContain('Hudkliniken');
    expect(await rows.first().locator('time').count()).toBe(2);
    expect(await rows.first().getByRole('link').getAttribute('href')).toBe(`/cases/${secretCases.dermatology}`);
    await table.getByText('1 nödöppning', { exact: true }).waitFor();
    await shot('c07-report');

    // Filtered by another department, nothing; by the case's department, the opening again.
    await page.getByLabel(sv.emergencyReport.department).selectOption({ label: 'Kirurgkliniken' });
    await page.getByRole('button', { name: sv.emergencyReport.apply }).click();
    await table.getByText(sv.emergencyReport.empty).waitFor();
    await page.getByLabel(sv.emergencyReport.department).selectOption({ label: 'Hudkliniken' });
    await page.getByLabel(sv.emergencyReport.from).fill(today());
    await page.getByRole('button', { name: sv.emergencyReport.apply }).click();
    await page.waitForURL(/from=/);
    await expect.poll(() => rows.count()).toBe(1);
  });

  it('raised no uncaught errors', () => {
    expect(chromium.pageErrors).toEqual([]);
  });
});
