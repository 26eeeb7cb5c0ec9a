import type { Services } from '../services.js';
import type { BUILT_IN_ROLES } from '../modules/rights/rights.js';
import type { Role } from '../modules/users/users-service.js';

/** One password for every demo account, printed at first start; demo data is off in production. */
export const DEMO_PASSWORD = 'kasus-demo-2026';

export const DEMO_DEPARTMENTS = [
  { hsaId: 'SE2321000016-1001', name: 'Kirurgkliniken' },
  { hsaId: 'SE2321000016-2002', name: 'Hudkliniken' },
] as const;

/** Test identifiers that pass every check (Skatteverket's well-known 19121212-1212 among them). */
export const DEMO_PATIENTS = [
  '19121212-1212',
  '19850615-2381',
  '19640823-3234',
  '19121272-1219', // samordningsnummer
  '15067545602', // fødselsnummer
  '41019012393', // D-nummer
  '01509012330', // H-nummer
] as const;

const ctx = { actor: null, clientIp: null, requestId: 'demo-data' };

export async function seedDemoData(services: Services, roles: Record<keyof typeof BUILT_IN_ROLES, Role>): Promise<void> {
  const [surgery, dermatology] = [
    await services.departments.createTrusted(DEMO_DEPARTMENTS[0], ctx),
    await services.departments.createTrusted(DEMO_DEPARTMENTS[1], ctx),
  ];
  const physician = await services.users.createRoleTrusted(ctx, {
    name: 'Läkare',
    rights: ['patient.read', 'case.read', 'case.write', 'case.sign', 'media.upload', 'media.export', 'case.emergency_open', 'incident.report'],
  });
  const nurse = await services.users.createRoleTrusted(ctx, {
    name: 'Sjuksköterska',
    rights: ['patient.read', 'case.read', 'case.write', 'media.upload', 'incident.report'],
  });
  const users = [
    { username: 'logg', displayName: 'Logga Granskare', roles: [{ departmentId: surgery.id, roleId: roles.logOperator.id }] },
    { username: 'sysadmin', displayName: 'Sara Systemansvarig', roles: [{ departmentId: surgery.id, roleId: roles.systemAdministrator.id }] },
    {
      username: 'lakare',
      displayName: 'Lars Läkare',
      roles: [
        { departmentId: surgery.id, roleId: physician.id },
        { departmentId: dermatology.id, roleId: physician.id },
      ],
    },
    { username: 'skoterska', displayName: 'Stina Sjuksköterska', roles: [{ departmentId: dermatology.id, roleId: nurse.id }] },
  ];
  const created = [];
  for (const user of users) created.push(await services.users.createTrusted(ctx, { ...user, password: DEMO_PASSWORD }));
  for (const identifier of DEMO_PATIENTS) await services.patients.registerTrusted(ctx, identifier);
  const sysadmin = created.find((u) => u.username === 'sysadmin')!;
  await services.forms.createTrusted(ctx, sysadmin.id, {
    name: 'Klinisk fotografering',
    description: 'Grundformulär för kliniska bilder, filmer och ljud.',
    departmentIds: [surgery.id, dermatology.id],
    changeNote: 'Demoformulär',
    fields: [
      { key: 'site', label: { sv: 'Lokalisation', nb: 'Lokalisasjon', en: 'Site' }, type: 'text', required: true, help: { sv: 'Kroppsdel och sida, t.ex. vänster underarm.' } },
      {
        key: 'laterality',
        label: { sv: 'Sida', nb: 'Side', en: 'Side' },
        type: 'single_choice',
        required: false,
        options: [
          { code: 'left', label: { sv: 'Vänster', nb: 'Venstre', en: 'Left' } },
          { code: 'right', label: { sv: 'Höger', nb: 'Høyre', en: 'Right' } },
          { code: 'midline', label: { sv: 'Mittlinjen', nb: 'Midtlinjen', en: 'Midline' } },
        ],
      },
      { key: 'finding', label: { sv: 'Fynd och frågeställning', nb: 'Funn og problemstilling', en: 'Finding and question' }, type: 'long_text', required: false },
      { key: 'size_mm', label: { sv: 'Storlek (mm)', nb: 'Størrelse (mm)', en: 'Size (mm)' }, type: 'number', required: false, min: 0, max: 2000 },
      { key: 'follow_up', label: { sv: 'Uppföljning planerad', nb: 'Oppfølging planlagt', en: 'Follow-up planned' }, type: 'date', required: false },
    ],
  });
  await seedDemoSystems(services);
}

const SERVICE_DESK = 'IT-servicedesk 010-100 00 00, dygnet runt; akut ärende: säg "prio 1"';

/** The clinical systems of a demo hospital and how they depend on each other; Kasus exists already. */
async function seedDemoSystems(services: Services): Promise<void> {
  const continuity = services.continuity;
  const register = (input: Parameters<typeof continuity.createTrusted>[1]) => continuity.createTrusted(ctx, { serviceDeskContact: SERVICE_DESK, ...input });
  const ehr = await register({
    name: 'Journalsystem',
    description: 'Vårdens journal: anteckningar, läkemedel, diagnoser, remisser och patientöversikt. Kasus öppnas med patientkontext härifrån.',
    vendor: 'Nordjournal AB',
    criticality: 1,
    owner: 'Förvaltning Vårdinformation',
  });
  const orders = await register({
    name: 'Beställningssystem',
    description: 'Elektroniska beställningar och svar för röntgen, laboratorium och konsultationer.',
    vendor: 'Remiss & Svar Sverige AB',
    criticality: 1,
    owner: 'Förvaltning Vårdinformation',
  });
  const ris = await register({
    name: 'RIS',
    description: 'Radiologiinformationssystem: bokning, arbetslistor och utlåtanden för bild- och funktionsmedicin. Tar emot beställningar från beställningssystemet.',
    vendor: 'Radiologisystem Norden AB',
    criticality: 1,
    owner: 'Bild- och funktionsmedicin',
    dependsOn: [orders.id],
  });
  await register({
    name: 'PACS',
    description: 'Bildarkiv för röntgen, datortomografi, MR och ultraljud. Arbetslistor och undersökningsdata kommer från RIS.',
    vendor: 'Bildarkiv Norden AB',
    criticality: 1,
    owner: 'Bild- och funktionsmedicin',
    dependsOn: [ris.id],
  });
  await register({
    name: 'Laboratoriesystem',
    description: 'Laboratoriedatasystem för klinisk kemi, mikrobiologi och transfusionsmedicin. Tar emot beställningar från beställningssystemet.',
    vendor: 'Labdata AB',
    criticality: 1,
    owner: 'Laboratoriemedicin',
    dependsOn: [orders.id],
  });
  const own = await continuity.ensureKasusSystem();
  await continuity.updateTrusted(ctx, own.id, {
    owner: 'Förvaltning Medicinsk teknik och bild',
    serviceDeskContact: SERVICE_DESK,
    dependsOn: [ehr.id],
  });
}
