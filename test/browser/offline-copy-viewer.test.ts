// End-to-end browser test of the backup workstation's read-only copy (issue 13), the web side:
// a real Kasus server gets a signed case with photos; the workstation is made with
// `kasus offline-copy keygen`, registered, a snapshot is made and `kasus offline-copy sync` fetches
// it; then, inside `unshare -n` (no network but loopback), `kasus offline-copy serve` runs and
// Debian's Chromium signs in, sees the copy's banner with its age on every page, finds the patient,
// opens the case, prints it with a reason to PDF (footer on every page checked with pdftotext)
// and has a write refused. The next sync brings the print's log entry to the server's audit log.
// Screenshots at 1440 and 390 px of the banner, case page and print dialog are kept (and checked
// for horizontal overflow and raw codes) in KASUS_SCREENSHOT_DIR or a temporary directory.
//
// The web UI must be built into dist/web (`npx vite build`); it is built here when missing.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sv from '../../src/web/i18n/sv.js';
import { formatIdentifier } from '../../src/web/identifier-format.js';
import { ANNOTATION_TEXTS } from '../../src/web/i18n/annotation-texts.js';
import { COPY_ANNOTATION_TEXTS } from '../../src/web/i18n/copy-annotation-texts.js';
import { createTestApp, DEMO_PASSWORD, type Session, type TestApp } from '../helpers/app.js';
import { ensureWebBuild } from '../helpers/browser.js';
import { kasusCli } from '../helpers/kasus-cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const IDENTIFIER = '19121212-1212';
/** A patient made confidential on the server, whose case is opened in an emergency on the copy. */
const SECRET = '19640823-3234';
const SECRET_SITE = 'Höger skuldra, bakre delen';
const SITE = 'Vänster underarm, volarsidan';
const REASON = sv.offlineCopy.print.reasons.care;
const svAnnotations = ANNOTATION_TEXTS.sv;
const svCopyAnnotations = COPY_ANNOTATION_TEXTS.sv;
/** The text label drawn on the first photo (found in the printed PDF as text). */
const ANNOTATION_LABEL = 'Sårkant';
/** Long enough that the printed case runs over more than one page. */
const FINDING = Array.from({ length: 45 }, (_, i) => `Rad ${i + 1}: sårkanten rodnad, ingen vätska, mäts vid nästa kontroll.`).join('\n');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, KASUS_LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `kasus …` from the checkout. */
const kasus = (args: string[]) => run(process.execPath, [kasusCli(), ...args]);

const pdftotext = (file: string, pageNo?: number) =>
  new Promise<string>((resolve, reject) =>
    execFile('pdftotext', [...(pageNo ? ['-f', String(pageNo), '-l', String(pageNo)] : []), '-layout', file, '-'], (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );

const pdfPages = (file: string) =>
  new Promise<number>((resolve, reject) =>
    execFile('pdfinfo', [file], (error, stdout) => (error ? reject(error) : resolve(Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? 0)))),
  );

/** How many images the PDF holds (pdfimages -list: two header lines, then one line each). */
const pdfImages = (file: string) =>
  new Promise<number>((resolve, reject) =>
    execFile('pdfimages', ['-list', file], (error, stdout) => (error ? reject(error) : resolve(stdout.trim().split('\n').length - 2))),
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: TestApp;
let serverUrl: string;
let admin: Session;
let doctor: Session;
let root: string;
let dir: string;
let out: string;
let token: string;
let caseId: string;
let secretCaseId: string;
let annotatedMediaId: string;
/** The identifier as Kasus stores it (the lookup's answer) and as it shows it (the one formatter). */
let stored: string;
let shown: string;
let report: Record<string, any>;

async function waitFor(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(200);
  }
}

const db = () => server.services.database.db;

beforeAll(async () => {
  await ensureWebBuild();
  server = await createTestApp('sqlite', { KASUS_DEMO_DATA: 'true' });
  serverUrl = await server.listen();
  admin = await server.login('admin');
  doctor = await server.login('lakare');
  root = mkdtempSync(path.join(tmpdir(), 'kasus-copy-web-'));
  dir = path.join(root, 'ws');
  out = process.env.KASUS_SCREENSHOT_DIR ?? path.join(root, 'out');
  mkdirSync(out, { recursive: true });

  // A signed case with photos and a long finding, as the physician makes it.
  const surgery = ((await server.as(admin, 'GET', '/api/departments')).json() as { id: string; name: string }[]).find((d) => d.name === 'Kirurgkliniken')!.id;
  const patient = (await server.as(doctor, 'POST', '/api/patients/lookup', { identifier: IDENTIFIER })).json() as { id: string; identifier: string };
  const patientId = patient.id;
  stored = patient.identifier;
  shown = formatIdentifier(stored, 'se_personnummer');
  expect(shown).toBe(IDENTIFIER);
  const created = await server.as(doctor, 'POST', '/api/cases', { patientId, departmentId: surgery });
  expect(created.statusCode, created.body).toBe(201);
  caseId = created.json().id;
  const photos = [];
  for (const [i, color] of [200, 90, 30].entries()) {
    const file = path.join(root, `photo${i}.jpg`);
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: color, g: 90, b: 140 } } }).jpeg().toFile(file);
    photos.push({ path: file });
  }
  const uploaded = await server.upload(doctor, caseId, photos);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBeLessThan(300);
  await waitFor(async () => {
    const media = await db().selectFrom('media').select('id').where('case_id', '=', caseId).execute();
    const thumbs = await db().selectFrom('media_derivative').select('media_id').where('kind', '=', 'thumbnail').where('media_id', 'in', media.length ? media.map((m) => m.id) : ['-']).execute();
    return media.length === 3 && thumbs.length === 3;
  });
  // The first photo carries annotations (issue 19): an arrow, a ring and a label, drawn before signing.
  annotatedMediaId = ((await server.as(doctor, 'GET', `/api/cases/${caseId}`)).json() as { media: { id: string }[] }).media[0]!.id;
  const drawn = await server.as(doctor, 'PUT', `/api/cases/${caseId}/media/${annotatedMediaId}/annotations`, {
    shapes: [
      { id: 'arr-1', type: 'arrow', x1: 0.15, y1: 0.2, x2: 0.45, y2: 0.45 },
      { id: 'ell-1', type: 'ellipse', cx: 0.6, cy: 0.55, rx: 0.2, ry: 0.15 },
      { id: 'txt-1', type: 'text', x: 0.6, y: 0.85, text: ANNOTATION_LABEL },
    ],
  });
  expect(drawn.statusCode, drawn.body).toBe(200);
  const saved = await server.as(doctor, 'PATCH', `/api/cases/${caseId}`, {
    values: { site: SITE, finding: FINDING, purpose_explained: 'Dokumentation inför behandling', oral_consent: true, identity_verified_by: 'id_document', captured_by: 'Lars Läkare' },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  const signed = await server.as(doctor, 'POST', `/api/cases/${caseId}/sign`, { version: saved.json().version });
  expect(signed.statusCode, signed.body).toBe(200);

  // A confidential patient's case.
  const secret = (await server.as(doctor, 'POST', '/api/patients/lookup', { identifier: SECRET })).json() as { id: string };
  const secretCase = await server.as(doctor, 'POST', '/api/cases', { patientId: secret.id, departmentId: surgery });
  expect(secretCase.statusCode, secretCase.body).toBe(201);
  secretCaseId = secretCase.json().id;
  const secretSaved = await server.as(doctor, 'PATCH', `/api/cases/${secretCaseId}`, { values: { site: SECRET_SITE } });
  expect(secretSaved.statusCode, secretSaved.body).toBe(200);
  const marked = await server.as(admin, 'POST', `/api/patients/${secret.id}/confidential`, { confidential: true, reason: 'Skyddade personuppgifter enligt beslut' });
  expect(marked.statusCode, marked.body).toBe(200);

  // The workstation: keygen, registration, a snapshot, sync.
  const made = await kasus(['offline-copy', 'keygen', '--dir', dir]);
  expect(made.code, made.stderr).toBe(0);
  const recipient = made.stdout.trim().split('\n').at(-1)!;
  const registered = await server.as(admin, 'POST', '/api/offline-copy/workstations', { name: 'Reservdator Kirurgen', publicKey: recipient, departmentIds: [surgery] });
  expect(registered.statusCode, registered.body).toBe(201);
  token = registered.json().token;
  const snap = await server.as(admin, 'POST', '/api/offline-copy/snapshots');
  expect(snap.statusCode, snap.body).toBe(202);
  const { sequence } = snap.json() as { sequence: number };
  await waitFor(async () => (await db().selectFrom('offline_snapshot').select('finished_at').where('sequence', '=', sequence).executeTakeFirst())?.finished_at != null);
  const synced = await kasus(['offline-copy', 'sync', '--server', serverUrl, '--token', token, '--dir', dir]);
  expect(synced.code, synced.stderr + synced.stdout).toBe(0);

  // The viewer and the browser, with no network but loopback.
  const input = { dir, out, serverUrl, username: 'lakare', password: DEMO_PASSWORD, identifier: IDENTIFIER, caseId, secretIdentifier: SECRET, secretCaseId, annotatedMediaId, cli: kasusCli() };
  const driver = path.join(ROOT, 'test/browser/offline-copy-viewer.driver.ts');
  const isolated = await run(
    'unshare',
    ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" --import tsx "$1" "$2"', process.execPath, driver, JSON.stringify(input)],
    180_000,
  );
  const line = isolated.stdout.trim().split('\n').at(-1) ?? '';
  try {
    report = JSON.parse(line);
  } catch {
    throw new Error(`the driver answered no report: ${isolated.stdout}\n${isolated.stderr}`);
  }
  if (report.error) throw new Error(`the driver failed: ${report.error}\n${isolated.stderr}`);
}, 300_000);

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the backup copy in the browser, with no network', () => {
  it('runs cut off from the server', () => {
    expect(report.outside).toBe('unreachable');
  });

  it('shows the copy and its age on every page, sign-in included', () => {
    const banner = /Reservkopia – uppgifter från \d{1,2} [a-zåäö]{3} \d\d:\d\d, \d+ minuter? gamla/;
    expect(report.loginBanner).toMatch(banner);
    expect(report.banner).toMatch(banner);
    expect(report.caseBanner).toMatch(banner);
    expect(report.banner).toContain('Reservdator Kirurgen');
    expect(report.adminBanner).toBe(true);
  });

  it('offers only what the copy serves', () => {
    expect(report.nav).toEqual([sv.nav.patients, sv.nav.cases]);
    expect(report.adminPage).toBe(sv.offlineCopy.notServed.title);
    // Nothing that writes: no new case, no confidentiality change, no upload, sign or new version.
    expect(report.patientCard).not.toContain(sv.cases.newCase);
    expect(report.patientCard).not.toMatch(/Markera som konfidentiell/);
    const buttons = (report.caseButtons as string[]).map((b) => b.trim());
    expect(buttons).toContain(sv.offlineCopy.print.button);
    for (const write of [sv.caseForm.save, sv.caseForm.sign, sv.caseForm.newVersion]) expect(buttons).not.toContain(write);
    expect(report.caseText).not.toContain(sv.upload.title);
    expect(report.caseText).not.toContain(sv.versions.title);
  });

  it('shows the case: form values, signature, version and images', () => {
    expect(report.caseText).toContain(shown);
    expect(report.caseText).toContain(SITE);
    expect(report.caseText).toContain('Rad 45: sårkanten rodnad');
    expect(report.caseText).toMatch(/Signerat av Lars Läkare/);
    expect(report.images).toBe(3);
    // A photo opens from its preview; the copy holds no originals, so none is offered.
    expect(report.viewerImage).toMatch(/\/preview$/);
    expect((report.viewerButtons as string[]).join(' ')).not.toContain(sv.media.viewer.showOriginal);
  });

  it("draws the photo's annotations over its thumbnail and in the viewer, with a toggle and a legend", () => {
    const A = svCopyAnnotations;
    // Three shapes, all on the annotated photo's thumbnail; none on the others.
    expect(report.thumbShapes).toEqual({ annotated: 3, others: 0 });
    expect(report.annotationLegend).toBe(A.legendShown_one);
    // Hidden with the toggle: no layer, and the legend says they are not printed; shown again after.
    expect(report.thumbShapesHidden).toBe(0);
    expect(report.annotationLegendHidden).toBe(A.legendHidden_one);
    expect(report.thumbShapesShownAgain).toBe(3);
    // The viewer shows the same layer over the preview, read-only: a show/hide button, no drawing tools.
    expect(report.viewerShapes).toBe(3);
    expect((report.viewerButtons as string[]).join(' ')).toContain(svAnnotations.hide);
    expect((report.viewerButtons as string[]).join(' ')).not.toContain(svAnnotations.tool.arrow);
    expect(report.viewerText).toContain(A.readOnly);
    // In the print layout: the layer and the legend print, the toggle does not.
    expect(report.printShapes).toBe(3);
    expect(report.printLayerVisible).toBe(true);
    expect(report.printLegendVisible).toBe(true);
    expect(report.printToggleVisible).toBe(false);
    for (const width of [1440, 390]) expect(report[`overflow:case-print:${width}`], `print at ${width}`).toBeLessThanOrEqual(0);
  });

  it('asks for a reason before printing', () => {
    expect(report.noReason).toContain(sv.offlineCopy.print.chooseReason);
    expect(report.otherWithoutWords).toContain(sv.offlineCopy.print.detailsRequired);
    // Choosing a listed reason takes the refusal away: words are needed only with "Annat skäl".
    expect(report.alertsAfterChoice).toBe(0);
    expect(report.dialogOpen).toBe(false);
    expect(report.printCalls).toBe(1);
  });

  it('prints the case with patient, user, time, reason and copy age in the footer of every page', async () => {
    const file = path.join(out, 'case.pdf');
    const pages = await pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= pages; p++) {
      const text = (await pdftotext(file, p)).replace(/\s+/g, ' ');
      expect(text, `page ${p}`).toContain(`Patient: ${shown} (Personnummer)`);
      expect(text, `page ${p}`).toMatch(/Utskriven av Lars Läkare \(lakare\), \d{4}-\d\d-\d\d \d\d:\d\d|Utskriven av Lars Läkare \(lakare\), \d{1,2} \S+ \d{4} \d\d:\d\d/);
      expect(text, `page ${p}`).toContain(`Skäl: ${REASON}`);
      expect(text, `page ${p}`).toMatch(/Reservkopia, \d+ minuter? gamla/);
    }
    const all = await pdftotext(file);
    expect(all).toContain(SITE);
    expect(all).toContain('Signerat av Lars Läkare');
    // The photos are printed too (as images in the PDF).
    expect(await pdfImages(file)).toBeGreaterThanOrEqual(3);
    expect(all).not.toContain(sv.offlineCopy.print.blocked);
    // The annotations print by default: the label drawn on the photo, and the legend that says so.
    expect(all.replace(/\s+/g, ' ')).toContain(svCopyAnnotations.legendShown_one);
    expect(all).toContain(ANNOTATION_LABEL);
  });

  it("prints only a notice when the browser's own print is used without a reason", async () => {
    const text = (await pdftotext(path.join(out, 'unlogged.pdf'))).replace(/\s+/g, ' ');
    expect(text).toContain(sv.offlineCopy.print.blocked);
    expect(text).not.toContain(IDENTIFIER);
    expect(text).not.toContain(shown);
    expect(text).not.toContain(stored);
    expect(text).not.toContain(SITE);
  });

  it("opens a confidential patient's case only in an emergency, with a reason", () => {
    expect(report.secretHeading).toBe(sv.cases.confidential);
    expect(report.secretCaseText).toContain(SECRET_SITE);
  });

  it('refuses a write with 405 read_only_copy', () => {
    expect(report.write.status).toBe(405);
    expect(report.write.body.code).toBe('read_only_copy');
  });

  it('has no horizontal overflow, raw codes or page errors at 1440 and 390 px', () => {
    for (const name of ['login', 'case', 'case-hidden-annotations', 'print-dialog']) {
      for (const width of [1440, 390]) {
        expect(report[`overflow:${name}:${width}`], `${name} at ${width}`).toBeLessThanOrEqual(0);
        expect(report[`rawCodes:${name}:${width}`], `${name} at ${width}`).toEqual([]);
      }
    }
    expect(report.pageErrors).toEqual([]);
  });

  it("brings the print and the emergency opening, with their reasons, to the server's audit log at the next sync", async () => {
    const synced = await kasus(['offline-copy', 'sync', '--server', serverUrl, '--token', token, '--dir', dir]);
    expect(synced.code, synced.stderr + synced.stdout).toBe(0);
    const prints = await db().selectFrom('audit_event').select(['username', 'object_id', 'details']).where('action', '=', 'case.print').execute();
    const fromCopy = prints.filter((e) => JSON.parse(e.details).origin === 'offline-copy');
    expect(fromCopy).toHaveLength(1);
    expect(fromCopy[0]!.username).toBe('lakare');
    expect(fromCopy[0]!.object_id).toBe(caseId);
    expect(JSON.parse(fromCopy[0]!.details).reason).toBe(REASON);
    const openings = await db().selectFrom('audit_event').select(['object_id', 'details']).where('object_id', '=', secretCaseId).execute();
    const openedOnCopy = openings.filter((e) => JSON.parse(e.details).origin === 'offline-copy' && /Akut omläggning/.test(e.details));
    expect(openedOnCopy.length).toBeGreaterThanOrEqual(1);
  });
});
