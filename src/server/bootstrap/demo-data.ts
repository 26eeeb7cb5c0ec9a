import { seedDemoRoutines } from '../modules/routines/demo-routines.js';
import type { Services } from '../services.js';
import type { BUILT_IN_ROLES } from '../modules/rights/rights.js';
import type { Role } from '../modules/users/users-service.js';
import type { DemoDirectory } from '../modules/routines/demo-routines.js';

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

/** The demo accounts and what each may do, as the start-up welcome lists them. */
export const DEMO_ACCOUNTS = [
  { username: 'logg', may: 'log and statistics operator: reads the audit log and statistics of every department' },
  { username: 'sysadmin', may: 'system administrator: every right (users, roles, departments, forms, continuity)' },
  { username: 'lakare', may: 'physician in Kirurgkliniken and Hudkliniken: patients, cases, upload, sign, export, emergency opening, incident reports' },
  { username: 'skoterska', may: 'nurse in Hudkliniken: patients, cases, upload, incident reports' },
] as const;

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
    { username: 'logg', displayName: 'Logga Granskare', email: 'logga.granskare@sjukhus.example', roles: [{ departmentId: surgery.id, roleId: roles.logOperator.id }] },
    { username: 'sysadmin', displayName: 'Sara Systemansvarig', email: 'sara.systemansvarig@sjukhus.example', roles: [{ departmentId: surgery.id, roleId: roles.systemAdministrator.id }] },
    {
      username: 'lakare',
      displayName: 'Lars Läkare',
      email: 'lars.lakare@sjukhus.example',
      roles: [
        { departmentId: surgery.id, roleId: physician.id },
        { departmentId: dermatology.id, roleId: physician.id },
      ],
    },
    { username: 'skoterska', displayName: 'Stina Sjuksköterska', email: 'stina.sjukskoterska@sjukhus.example', roles: [{ departmentId: dermatology.id, roleId: nurse.id }] },
  ];
  const created = [];
  for (const user of users) created.push(await services.users.createTrusted(ctx, { ...user, password: DEMO_PASSWORD }));
  for (const identifier of DEMO_PATIENTS) await services.patients.registerTrusted(ctx, identifier);
  const sysadmin = created.find((u) => u.username === 'sysadmin')!;
  await services.forms.createTrusted(ctx, sysadmin.id, {
    name: 'Klinisk fotografering',
    nameTranslations: { nb: 'Klinisk fotografering', en: 'Clinical photography' },
    description: 'Grundformulär för kliniska bilder, filmer och ljud.',
    descriptionTranslations: { nb: 'Grunnskjema for kliniske bilder, filmer og lyd.', en: 'Basic form for clinical images, videos and sound.' },
    departmentIds: [surgery.id, dermatology.id],
    changeNote: 'Demoformulär',
    fields: [
      { key: 'site', label: { sv: 'Lokalisation', nb: 'Lokalisasjon', en: 'Site' }, type: 'text', required: true, help: { sv: 'Kroppsdel och sida, t.ex. vänster underarm.', nb: 'Kroppsdel og side, f.eks. venstre underarm.', en: 'Body part and side, e.g. left forearm.' } },
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
  // Both demo departments use every system: their notices concern both (C4).
  await seedDemoSystems(services, [surgery.id, dermatology.id]);
  const directory = await seedDemoContacts(services);
  await seedDemoRoutines(services, ctx, sysadmin.id, services.clock.now(), directory);
}

/**
 * The demo hospital's numbers, in one place: the contacts directory, the routines' contacts and the
 * systems' service desk text are all made from these, so that the demo never contradicts itself.
 */
export const DEMO_NUMBERS = {
  serviceDeskDay: '010-100 00 00',
  serviceDeskOnCall: '010-100 00 99',
  serviceDeskNight: '010-100 00 77',
  switchboard: '010-100 10 00',
  systemsOnCall: '010-100 30 30',
  xrayDesk: '010-100 20 00',
  xrayFax: '010-100 20 01',
  xrayFaxUrgent: '010-100 20 02',
  labReception: '010-100 13 00',
} as const;

const SERVICE_DESK = `IT-servicedesk ${DEMO_NUMBERS.serviceDeskDay} vardagar 07.30–15.30, IT-jour ${DEMO_NUMBERS.serviceDeskOnCall} övrig tid; akut ärende: säg "prio 1"`;

/** The clinical systems of a demo hospital and how they depend on each other; Kasus exists already. */
async function seedDemoSystems(services: Services, departmentIds: string[]): Promise<void> {
  const registry = services.systemRegistry;
  const register = (input: Parameters<typeof registry.createTrusted>[1]) => registry.createTrusted(ctx, { serviceDeskContact: SERVICE_DESK, departmentIds, ...input });
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
  const own = await registry.ensureKasusSystem();
  await registry.updateTrusted(ctx, own.id, {
    owner: 'Förvaltning Medicinsk teknik och bild',
    serviceDeskContact: SERVICE_DESK,
    dependsOn: [ehr.id],
    departmentIds,
  });
}

export const DEMO_SITE = 'Centralsjukhuset';

/**
 * The demo hospital's contacts directory (office hours until 15:30 on weekdays, on-call outside
 * them, a night number 02:00–07:00, the X-ray reception's fax for paper referrals) and its service desk.
 */
async function seedDemoContacts(services: Services): Promise<DemoDirectory> {
  const weekdays = [1, 2, 3, 4, 5];
  const everyDay = [1, 2, 3, 4, 5, 6, 7];
  const officeHours = [{ days: weekdays, from: '07:30', to: '15:30' }];
  const outsideOfficeHours = [
    { days: [1, 2, 3, 4], from: '15:30', to: '07:30' },
    { days: [5], from: '15:30', to: '24:00' },
    { days: [6, 7], from: '00:00', to: '24:00' },
    { days: [1], from: '00:00', to: '07:30' },
  ];
  const site = DEMO_SITE;
  const n = DEMO_NUMBERS;
  const directory: DemoDirectory = {};
  const add = async (input: Parameters<Services['contacts']['createTrusted']>[0]) => {
    const created = await services.contacts.createTrusted(input);
    // The first (main) phone number of each function is the one routines refer to.
    if (input.kind === 'phone' && !directory[input.function]) directory[input.function] = { id: created.id, number: input.number };
  };
  await add({ site, function: 'IT-servicedesk', label: 'Dagtid', kind: 'phone', number: n.serviceDeskDay, validity: officeHours, priority: 1 });
  await add({ site, function: 'IT-servicedesk', label: 'Jour', kind: 'phone', number: n.serviceDeskOnCall, validity: outsideOfficeHours, priority: 2, note: 'IT-jour utanför kontorstid' });
  await add({ site, function: 'IT-servicedesk', label: 'Natt', kind: 'phone', number: n.serviceDeskNight, validity: [{ days: everyDay, from: '02:00', to: '07:00' }], priority: 1, note: 'Operativ samordnare natt' });
  await add({ site, function: 'IT-servicedesk', label: 'E-post', kind: 'email', number: 'servicedesk@sjukhus.example', priority: 3, note: 'Inte för akuta ärenden' });
  await add({ site, function: 'Växeln', label: 'Dygnet runt', kind: 'phone', number: n.switchboard, priority: 1, note: 'Söker jourhavande radiolog, laboratoriejour och tjänsteman i beredskap (TiB).' });
  await add({ site, function: 'Jour systemförvaltning', label: 'Jour', kind: 'phone', number: n.systemsOnCall, priority: 1, note: 'Journalsystem, Beställningssystem, RIS, PACS och Laboratoriesystem' });
  await add({ site, function: 'Röntgenexpeditionen', label: 'Dagtid', kind: 'phone', number: n.xrayDesk, validity: officeHours, priority: 1, note: 'Övrig tid: jourhavande röntgensjuksköterska via växeln.' });
  await add({ site, function: 'Röntgenexpeditionen', label: 'Fax för pappersremisser', kind: 'fax', number: n.xrayFax, priority: 2, note: 'Pappersremisser vid driftstopp i Beställningssystem eller RIS' });
  await add({ site, function: 'Röntgenexpeditionen', label: 'Fax akut', kind: 'fax', number: n.xrayFaxUrgent, validity: outsideOfficeHours, priority: 1, note: 'Akuta pappersremisser utanför kontorstid' });
  await add({ site, function: 'Provmottagningen', label: 'Dygnet runt', kind: 'phone', number: n.labReception, priority: 1, note: 'Laboratoriets provmottagning' });
  await services.serviceDesks.createTrusted({ name: 'IT-servicedesk', contactFunction: 'IT-servicedesk' });
  return directory;
}
