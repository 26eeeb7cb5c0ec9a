// Browser test for the form designer (/admin/forms): an administrator creates a form with a text
// field, a required single-choice field with two options and a number field, shared with a
// department; edits its fields into version 2 with a change note (a field added, fields and
// options reordered with the keyboard); looks at version 1 read-only; sees the server's Swedish
// errors next to the field they name; changes the form's departments, active flag and its
// name in nb and en without a new version; and sees a case's form name and help text in English
// and Norwegian. Driven through Debian's Chromium with playwright-core against a real
// Kasus server.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
// Set KASUS_SCREENSHOT_DIR to keep screenshots of each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CAPTURE_FACTS as SERVER_CAPTURE_FACTS } from '../../src/server/modules/forms/forms-fields.js';
import { CAPTURE_FACTS as WEB_CAPTURE_FACTS } from '../../src/web/forms.js';
import type { FormDetail, FormSummary } from '../../src/web/forms.js';
import sv from '../../src/web/i18n/sv.js';
import { ADMIN_PASSWORD, createTestApp } from '../helpers/app.js';
import type { TestApp } from '../helpers/app.js';
import { ensureWebBuild, openBrowserPage, screenshot, type BrowserPage } from '../helpers/browser.js';

const FORM_NAME = 'Sårdokumentation';
const CHANGE_NOTE = 'Datum för skadan tillagt, höger före vänster';

let server: TestApp;
let url: string;
let chromium: BrowserPage;
let page: Page;
let formId: string;

const shot = (name: string) => screenshot(page, name);

/** The form panel, by its heading. */
const panel = (title: string) => page.getByRole('region', { name: title });
const editor = () => panel(`Redigera formulär ${FORM_NAME}`);

/** The custom fields being edited, in order. */
const fieldEditors = (scope: Locator) => scope.locator('.designer-field');

async function legends(scope: Locator): Promise<string[]> {
  return (await fieldEditors(scope).locator('legend').allTextContents()).filter((text) => text.startsWith('Fält '));
}

async function api<T>(path: string): Promise<T> {
  const res = await page.request.get(`${url}${path}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

async function activeLabel(): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
}

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  url = await server.listen();
  chromium = await openBrowserPage();
  page = chromium.page;
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('form designer', () => {
  it('is linked from the administration menu and shows the fixed capture facts for a new form', async () => {
    await page.goto(`${url}/login`);
    await page.getByLabel('Användarnamn').fill('admin');
    await page.getByLabel('Lösenord').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Formulär' }).click();
    await page.waitForURL(/\/admin\/forms$/);
    await page.getByRole('heading', { name: 'Formulär', level: 1 }).waitFor();
    // The title is set in an effect after the heading renders.
    await expect.poll(() => page.title()).toBe('Formulär – Kasus');
    // The list has loaded (demo data may hold forms of its own, none by this test's name).
    const list = page.getByRole('region', { name: 'Alla formulär' });
    await list.locator('table, p.muted').first().waitFor();
    expect(await list.getByText(FORM_NAME).count()).toBe(0);

    // The designer's copy of the capture facts is the server's.
    expect(WEB_CAPTURE_FACTS).toEqual(SERVER_CAPTURE_FACTS);
    const create = panel('Nytt formulär');
    const facts = create.locator('.fields-table tbody tr');
    expect(await facts.count()).toBe(4);
    const headers = await facts.getByRole('rowheader').allTextContents();
    expect(headers).toEqual(SERVER_CAPTURE_FACTS.map((f) => `${f.label.sv} Fast`));
    expect(await facts.nth(2).textContent()).toContain('Id-handling (id_document)');
    // They are shown, not edited.
    expect(await create.locator('.fields-table input, .fields-table select').count()).toBe(0);
    await create.getByText(sv.formsAdmin.noCustomFields).waitFor();
    await shot('f01-new-form');
  });

  it('creates a form with a text, a required single-choice and a number field, shared with a department', async () => {
    const create = panel('Nytt formulär');
    await create.getByLabel('Namn', { exact: true }).fill(FORM_NAME);
    await create.getByLabel('Beskrivning (valfritt)').fill('Foto av sår med placering och storlek');
    await create.getByRole('checkbox', { name: 'Kirurgkliniken' }).check();
    // A new form is active; the flag is only offered when editing.
    expect(await create.getByLabel('Aktiv', { exact: true }).count()).toBe(0);

    const fields = fieldEditors(create);
    await create.getByRole('button', { name: 'Lägg till fält' }).click();
    const text = fields.nth(0);
    // The new field's type is where the keyboard goes.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    expect(await text.getByLabel('Typ').inputValue()).toBe('text');
    await text.getByLabel('Etikett på svenska').fill('Sårets placering');
    // The key follows the Swedish label until it is written by hand.
    expect(await text.getByLabel('Nyckel', { exact: true }).inputValue()).toBe('sarets_placering');
    await text.getByLabel('Hjälptext på svenska (valfritt)').fill('Till exempel vänster underben');
    await text.getByLabel('Högsta antal tecken (valfritt)').fill('200');

    await create.getByRole('button', { name: 'Lägg till fält' }).click();
    const choice = fields.nth(1);
    await choice.getByLabel('Typ').selectOption({ label: 'Ett val' });
    await choice.getByLabel('Etikett på svenska').fill('Sida');
    await choice.getByLabel('Etikett på engelska (valfritt)').fill('Side');
    await choice.getByLabel('Nyckel', { exact: true }).fill('side');
    await choice.getByLabel('Obligatoriskt').check();
    // A choice field starts with one option to fill in.
    await choice.getByRole('textbox', { name: 'Svensk text för alternativ 1' }).fill('Vänster');
    expect(await choice.getByRole('textbox', { name: 'Kod för alternativ 1' }).inputValue()).toBe('vanster');
    await choice.getByRole('textbox', { name: 'Kod för alternativ 1' }).fill('left');
    await choice.getByRole('button', { name: 'Lägg till alternativ' }).click();
    await choice.getByRole('textbox', { name: 'Kod för alternativ 2' }).fill('right');
    await choice.getByRole('textbox', { name: 'Svensk text för alternativ 2' }).fill('Höger');
    await choice.getByRole('textbox', { name: 'Engelsk text för alternativ 2' }).fill('Right');

    await create.getByRole('button', { name: 'Lägg till fält' }).click();
    const number = fields.nth(2);
    await number.getByLabel('Typ').selectOption({ label: 'Tal' });
    await number.getByLabel('Etikett på svenska').fill('Sårets längd (cm)');
    await number.getByLabel('Nyckel', { exact: true }).fill('length_cm');
    await number.getByLabel('Minsta värde (valfritt)').fill('0');
    await number.getByLabel('Största värde (valfritt)').fill('50.5');
    expect(await legends(create)).toEqual(['Fält 1: Sårets placering', 'Fält 2: Sida', 'Fält 3: Sårets längd (cm)']);
    await create.getByLabel('Ändringsanteckning (valfritt)').fill('Första versionen');
    await shot('f02-filled-in');

    await create.getByRole('button', { name: 'Skapa formulär' }).click();
    await page.getByRole('status').filter({ hasText: `Formuläret ${FORM_NAME} har skapats.` }).waitFor();
    // The new form stays open for editing, with its first version in the history.
    await editor().waitFor();
    await page.getByRole('region', { name: 'Versionshistorik' }).getByRole('rowheader', { name: '1 Gällande' }).waitFor();

    const row = page.getByRole('region', { name: 'Alla formulär' }).locator('tbody tr').filter({ hasText: FORM_NAME });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['Aktiv', '1']);
    expect(await row.locator('td li').allTextContents()).toEqual(['Kirurgkliniken']);
    await shot('f03-created');

    // What the server stored: the capture facts first, then the three fields as designed.
    const list = await api<FormSummary[]>('/api/forms?includeInactive=true');
    const created = list.filter((f) => f.name === FORM_NAME);
    expect(created).toHaveLength(1);
    formId = created[0]!.id;
    const form = await api<FormDetail>(`/api/forms/${formId}`);
    expect(form.departments.map((d) => d.name)).toEqual(['Kirurgkliniken']);
    expect(form.description).toBe('Foto av sår med placering och storlek');
    expect(form.versions.map((v) => v.changeNote)).toEqual(['Första versionen']);
    expect(form.currentVersion.fields.slice(4)).toEqual([
      { key: 'sarets_placering', label: { sv: 'Sårets placering' }, type: 'text', required: false, help: { sv: 'Till exempel vänster underben' }, maxLength: 200 },
      {
        key: 'side',
        label: { sv: 'Sida', en: 'Side' },
        type: 'single_choice',
        required: true,
        options: [
          { code: 'left', label: { sv: 'Vänster' } },
          { code: 'right', label: { sv: 'Höger', en: 'Right' } },
        ],
      },
      { key: 'length_cm', label: { sv: 'Sårets längd (cm)' }, type: 'number', required: false, min: 0, max: 50.5 },
    ]);
  });

  it('saves changed fields as version 2 with a change note: a field added, fields and options reordered by keyboard', async () => {
    await page.getByRole('button', { name: `Redigera ${FORM_NAME}` }).click();
    const edit = editor();
    await edit.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`Redigera formulär ${FORM_NAME}`);
    expect(await edit.getByLabel('Aktiv', { exact: true }).isChecked()).toBe(true);
    expect(await legends(edit)).toEqual(['Fält 1: Sårets placering', 'Fält 2: Sida', 'Fält 3: Sårets längd (cm)']);

    await edit.getByRole('button', { name: 'Lägg till fält' }).click();
    const added = fieldEditors(edit).nth(3);
    await added.getByLabel('Typ').selectOption({ label: 'Datum' });
    await added.getByLabel('Etikett på svenska').fill('Datum för skadan');
    expect(await added.getByLabel('Nyckel', { exact: true }).inputValue()).toBe('datum_for_skadan');

    // Move it up twice with the keyboard; focus follows the field.
    await edit.getByRole('button', { name: 'Flytta upp fält 4 (Datum för skadan)' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(activeLabel).toBe('Flytta upp fält 3 (Datum för skadan)');
    await page.keyboard.press('Enter');
    await expect.poll(activeLabel).toBe('Flytta upp fält 2 (Datum för skadan)');
    await page.getByRole('status').filter({ hasText: 'Fältet Datum för skadan är nu fält 2.' }).waitFor({ state: 'attached' });
    expect(await legends(edit)).toEqual([
      'Fält 1: Sårets placering',
      'Fält 2: Datum för skadan',
      'Fält 3: Sida',
      'Fält 4: Sårets längd (cm)',
    ]);
    // The first field cannot move further up.
    expect(await edit.getByRole('button', { name: 'Flytta upp fält 1 (Sårets placering)' }).isDisabled()).toBe(true);

    // "Höger" before "Vänster".
    const choice = fieldEditors(edit).nth(2);
    await choice.getByRole('button', { name: 'Flytta upp alternativ 2' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(activeLabel).toBe('Flytta ner alternativ 1');
    expect(await choice.getByRole('textbox', { name: 'Kod för alternativ 1' }).inputValue()).toBe('right');
    expect(await choice.getByRole('textbox', { name: 'Kod för alternativ 2' }).inputValue()).toBe('left');

    // Changed fields need a change note.
    const note = edit.getByLabel('Ändringsanteckning', { exact: true });
    expect(await note.getAttribute('required')).not.toBeNull();
    await note.fill(CHANGE_NOTE);
    await shot('f04-edited');
    await edit.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('status').filter({ hasText: 'Formuläret har sparats som version 2.' }).waitFor();

    const history = page.getByRole('region', { name: 'Versionshistorik' });
    const versions = history.locator('tbody tr');
    await versions.first().getByRole('rowheader', { name: '2 Gällande' }).waitFor();
    expect(await versions.count()).toBe(2);
    const newest = await versions.first().locator('td').allTextContents();
    expect(newest[1]).toBe('Systemadministratör');
    expect(newest[2]).toBe(CHANGE_NOTE);
    expect(await versions.nth(1).getByRole('rowheader').textContent()).toBe('1');
    expect(await versions.nth(1).locator('td').nth(2).textContent()).toBe('Första versionen');
    const row = page.getByRole('region', { name: 'Alla formulär' }).locator('tbody tr').filter({ hasText: FORM_NAME });
    await expect.poll(async () => (await row.locator('td').allTextContents())[1]).toBe('2');

    const form = await api<FormDetail>(`/api/forms/${formId}`);
    expect(form.currentVersion.version).toBe(2);
    expect(form.currentVersion.fields.map((f) => f.key)).toEqual([
      ...SERVER_CAPTURE_FACTS.map((f) => f.key),
      'sarets_placering',
      'datum_for_skadan',
      'side',
      'length_cm',
    ]);
    expect(form.currentVersion.fields.find((f) => f.key === 'side')?.options?.map((o) => o.code)).toEqual(['right', 'left']);
    await shot('f05-version-2');
  });

  it('shows version 1 read-only, as cases written with it see it', async () => {
    await page.getByRole('button', { name: 'Visa fälten i version 1' }).click();
    const view = page.getByRole('region', { name: `Version 1 av ${FORM_NAME}` });
    await view.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`Version 1 av ${FORM_NAME}`);
    const rows = view.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(7);
    expect(await rows.getByRole('rowheader').allTextContents()).toEqual([
      ...SERVER_CAPTURE_FACTS.map((f) => `${f.label.sv} Fast`),
      'Sårets placering',
      'Sida',
      'Sårets längd (cm)',
    ]);
    const side = await rows.nth(5).locator('td').allTextContents();
    expect(side.slice(0, 3)).toEqual(['side', 'Ett val', 'Ja']);
    expect(side[3]).toContain('Alternativ: Vänster (left), Höger (right)');
    expect(await rows.nth(6).locator('td li').allTextContents()).toEqual(['Minst 0', 'Högst 50,5']);
    expect(await view.locator('input, select, textarea').count()).toBe(0);
    await shot('f06-version-1');

    await view.getByRole('button', { name: 'Stäng' }).click();
    await view.waitFor({ state: 'detached' });
    await expect.poll(activeLabel).toBe('Visa fälten i version 1');
  });

  it("shows the server's Swedish error next to the field it names and in an alert, and saves nothing", async () => {
    const edit = editor();
    const length = fieldEditors(edit).nth(3);
    const key = length.getByLabel('Nyckel', { exact: true });
    await key.fill('side');
    await edit.getByLabel('Ändringsanteckning', { exact: true }).fill('Dubblett');
    await edit.getByRole('button', { name: 'Spara' }).click();

    const duplicate = 'Fält 4 "side" (fields.3.key): nyckeln finns redan i formuläret. Varje fält behöver en egen nyckel.';
    const alert = edit.getByRole('alert');
    await alert.filter({ hasText: duplicate }).waitFor();
    expect(await alert.textContent()).toContain('Uppgifterna är inte giltiga.');
    expect(await length.locator('.field-error').textContent()).toBe(duplicate);
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    // The keyboard is taken to the key the server named.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('side');
    await shot('f07-duplicate-key');

    // A choice field without options.
    await key.fill('length_cm');
    const choice = fieldEditors(edit).nth(2);
    await choice.getByRole('button', { name: 'Ta bort alternativ 2' }).click();
    await choice.getByRole('button', { name: 'Ta bort alternativ 1' }).click();
    await choice.getByText(sv.formsAdmin.options.empty).waitFor();
    await edit.getByRole('button', { name: 'Spara' }).click();
    const noOptions = 'Fält 3 "side" (fields.2.options): ett valfält behöver minst ett svarsalternativ.';
    await alert.filter({ hasText: noOptions }).waitFor();
    expect(await choice.locator('.designer-options .field-error').textContent()).toBe(noOptions);
    expect(await length.locator('.field-error').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Lägg till alternativ');
    await shot('f08-no-options');

    const form = await api<FormDetail>(`/api/forms/${formId}`);
    expect(form.currentVersion.version).toBe(2);
  });

  it('shares the form with another department and deactivates it without a new version', async () => {
    // Cancelling drops the unsaved changes; the form opens again as saved.
    await editor().getByRole('button', { name: 'Avbryt' }).click();
    await panel('Nytt formulär').waitFor();
    await page.getByRole('button', { name: `Redigera ${FORM_NAME}` }).click();
    const edit = editor();
    await edit.waitFor();
    expect(await fieldEditors(edit).nth(2).getByRole('textbox', { name: 'Kod för alternativ 1' }).inputValue()).toBe('right');

    await edit.getByRole('checkbox', { name: 'Hudkliniken' }).check();
    await edit.getByLabel('Aktiv', { exact: true }).uncheck();
    // The name in Norwegian and English is optional and saved in place, without a new version.
    await edit.getByLabel(sv.formsAdmin.nameNb).fill('Sårdokumentasjon');
    await edit.getByLabel(sv.formsAdmin.nameEn).fill('Wound documentation');
    await edit.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('status').filter({ hasText: sv.common.saved }).waitFor();

    const row = page.getByRole('region', { name: 'Alla formulär' }).locator('tbody tr').filter({ hasText: FORM_NAME });
    await expect.poll(async () => (await row.locator('td').allTextContents()).slice(0, 2)).toEqual(['Inaktiv', '2']);
    expect((await row.locator('td li').allTextContents()).sort()).toEqual(['Hudkliniken', 'Kirurgkliniken']);
    const form = await api<FormDetail>(`/api/forms/${formId}`);
    expect(form.active).toBe(false);
    expect(form.nameTranslations).toEqual({ nb: 'Sårdokumentasjon', en: 'Wound documentation' });
    expect(form.versions).toHaveLength(2);
    expect(form.departments.map((d) => d.name).sort()).toEqual(['Hudkliniken', 'Kirurgkliniken']);

    // Saving again without changes saves nothing.
    await edit.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('status').filter({ hasText: sv.formsAdmin.nothingChanged }).waitFor();
    await shot('f09-shared-inactive');
  });

  it('is not shown to users without the form.manage right', async () => {
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Användarnamn').fill('lakare');
    await page.getByLabel('Lösenord').fill('kasus-demo-2026');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();
    expect(await page.getByRole('link', { name: 'Formulär' }).count()).toBe(0);
    await page.goto(`${url}/admin/forms`);
    await page.getByRole('heading', { name: sv.forbidden.title }).waitFor();
  });

  it('shows a case\'s form name and help texts in the UI language, falling back to Swedish', async () => {
    // lakare (logged in by the step above) opens a draft case written with the demo form, translated in the demo data.
    const doctor = await server.login('lakare');
    const departments = (await server.as(doctor, 'GET', '/api/departments')).json() as { id: string; name: string }[];
    const surgery = departments.find((d) => d.name === 'Kirurgkliniken')!.id;
    const demoForm = ((await server.as(doctor, 'GET', `/api/forms?departmentId=${surgery}`)).json() as FormSummary[]).find((f) => f.name === 'Klinisk fotografering')!;
    const patient = (await server.as(doctor, 'POST', '/api/patients/lookup', { identifier: '19121212-1212' })).json() as { id: string };
    const created = await server.as(doctor, 'POST', '/api/cases', { patientId: patient.id, departmentId: surgery, formId: demoForm.id });
    expect(created.statusCode).toBe(201);
    await page.goto(`${url}/cases/${created.json().id as string}`);
    const heading = page.locator('section.case-form h2');
    await expect.poll(() => heading.textContent()).toContain('Klinisk fotografering, version 1');
    await page.getByText('Kroppsdel och sida, t.ex. vänster underarm.').waitFor();

    const rawKeys = () => page.evaluate(() => document.body.innerText.match(/\b(caseForm|formsAdmin|cases|common|looking)\.[A-Za-z]+/g) ?? []);
    await page.getByLabel('Språk').selectOption({ label: 'English' });
    await expect.poll(() => heading.textContent()).toContain('Clinical photography, version 1');
    await page.getByText('Body part and side, e.g. left forearm.').waitFor();
    expect(await rawKeys()).toEqual([]);
    await shot('f10-case-form-english');

    await page.getByLabel('Language').selectOption({ label: 'Norsk bokmål' });
    await expect.poll(() => heading.textContent()).toContain('Klinisk fotografering, versjon 1');
    await page.getByText('Kroppsdel og side, f.eks. venstre underarm.').waitFor();
    expect(await page.getByText('Kroppsdel och sida').count()).toBe(0);
    expect(await rawKeys()).toEqual([]);
    await page.getByLabel('Språk').selectOption('sv');
    await expect.poll(() => heading.textContent()).toContain('Klinisk fotografering, version 1');
  });

  it('raised no uncaught errors', () => {
    expect(chromium.pageErrors).toEqual([]);
  });
});
