import type { RequestContext } from '../rights/actor.js';
import { DAY_MS } from './routine-rules.js';
import type { RoutineInput } from './routine-views.js';
import type { RoutinesService } from './routines-service.js';
import type { ScenariosService } from './scenarios-service.js';

/** The demo contacts directory's main phone number of each function (see bootstrap/demo-data.ts). */
export type DemoDirectory = Record<string, { id: string; number: string }>;

/** Printable downtime forms that Kasus itself serves (C7). */
const RADIOLOGY_REFERRAL = { name: 'Pappersremiss för röntgen', url: '/api/downtime-forms/radiology-referral.pdf' };
const OFFLINE_MEDIA_NOTE = { name: 'Följesedel för bilder tagna under avbrott', url: '/api/downtime-forms/offline-media-note.pdf' };

/**
 * The demo hospital's downtime scenarios and their approved routines, owned by the demo system
 * administrator. The routine for the EHR in read mode expires within the reminder window, so that
 * its owner gets a reminder.
 */
export async function seedDemoRoutines({ scenarios, routines }: { scenarios: ScenariosService; routines: RoutinesService }, ctx: RequestContext, ownerId: string, now: Date, directory: DemoDirectory): Promise<void> {
  // A routine's contact is an entry of the directory: same name, same number, linked by id.
  const contact = (name: string, note: string | null = null) => {
    const entry = directory[name];
    if (!entry) throw new Error(`demo contact ${name} is missing from the directory`);
    return { name, phone: entry.number, note, contactId: entry.id };
  };
  const XRAY_DESK = contact('Röntgenexpeditionen', 'Vardagar 07.30–15.30; övrig tid jourhavande röntgensjuksköterska via växeln.');
  const SWITCHBOARD = contact('Växeln', 'Söker jourhavande radiolog, laboratoriejour och tjänsteman i beredskap (TiB).');
  const SERVICE_DESK = contact('IT-servicedesk', 'Vardagar 07.30–15.30; övrig tid svarar IT-jour (se kontaktlistan). Akut ärende: säg "prio 1".');
  const systems = new Map((await scenarios.systemsTrusted()).map((s) => [s.name, s.id]));
  const id = (name: string) => {
    const found = systems.get(name);
    if (!found) throw new Error(`demo system ${name} is missing`);
    return found;
  };
  const [ehr, orders, ris, pacs] = [id('Journalsystem'), id('Beställningssystem'), id('RIS'), id('PACS')];

  const pacsDown = await scenarios.createScenarioTrusted(ctx, {
    name: 'PACS nere',
    description: 'Bildarkivet går inte att nå: bilder kan inte visas eller arkiveras.',
    condition: { match: 'any', clauses: [{ systemId: pacs, statuses: ['down'] }] },
  });
  const ordersDown = await scenarios.createScenarioTrusted(ctx, {
    name: 'Beställningssystem eller RIS nere',
    description: 'Röntgen och laboratorium kan inte beställas elektroniskt, eller röntgen kan inte ta emot beställningar.',
    condition: { match: 'any', clauses: [{ systemId: orders, statuses: ['down'] }, { systemId: ris, statuses: ['down'] }] },
  });
  const total = await scenarios.createScenarioTrusted(ctx, {
    name: 'Totalt avbrott',
    description: 'Både journalsystemet och bildarkivet är nere.',
    priority: 10,
    condition: { match: 'all', clauses: [{ systemId: ehr, statuses: ['down'] }, { systemId: pacs, statuses: ['down'] }] },
  });
  const ehrReadOnly = await scenarios.createScenarioTrusted(ctx, {
    name: 'Journalsystemet endast i läsläge',
    description: 'Journalen går att läsa men inget nytt kan sparas.',
    condition: { match: 'any', clauses: [{ systemId: ehr, statuses: ['read_only'] }] },
  });

  const validFrom = new Date(now.getTime() - 60 * DAY_MS).toISOString();
  const aYear = new Date(now.getTime() + 365 * DAY_MS).toISOString();
  const common = { ownerId, reviewer: 'Eva Granskare, verksamhetsutvecklare', approver: 'Anders Chef, verksamhetschef', validFrom, validTo: aYear };
  const documents: (RoutineInput & { documentId: string })[] = [
    {
      ...common,
      documentId: 'RUT-PACS-001',
      title: 'Reservrutin när PACS är nere',
      scenarioId: pacsDown.id,
      systemIds: [pacs],
      steps: [
        'Kontrollera på Kasus statussida att PACS är nere och när det väntas vara i drift igen.',
        'Genomför röntgenundersökningar som planerat; bilderna sparas i modaliteten och skickas till PACS när det fungerar igen.',
        'Akuta svar: radiologen granskar bilderna vid modalitetens arbetsstation och ringer svaret till remittenten.',
        'Ring Röntgenexpeditionen för bilder som behövs till operation eller akutmottagning.',
        'Kliniska foton: fotografera till minneskort, ett kort per patient. Märk kortet med patientens identitet och importera till Kasus efteråt.',
        'När PACS är i drift igen: kontrollera att alla undersökningar har kommit fram och rapportera saknade till Röntgenexpeditionen.',
      ],
      forms: [OFFLINE_MEDIA_NOTE],
      contacts: [XRAY_DESK, SWITCHBOARD, SERVICE_DESK],
    },
    {
      ...common,
      documentId: 'RUT-BEST-001',
      title: 'Beställningssystem eller RIS nere: pappersremiss',
      scenarioId: ordersDown.id,
      systemIds: [orders, ris],
      steps: [
        'Använd pappersremiss för röntgen och laboratorium.',
        'Skriv patientens personnummer, namn, frågeställning, beställande läkare och telefonnummer tydligt på remissen.',
        'Ring Röntgenexpeditionen före varje akut undersökning; utanför kontorstid faxas akuta remisser.',
        'Prover: märk rören för hand med personnummer och namn och skicka remissen med provet.',
        'Spara en kopia av varje pappersremiss; allt registreras i beställningssystemet i efterhand.',
      ],
      forms: [RADIOLOGY_REFERRAL],
      contacts: [XRAY_DESK, contact('Provmottagningen', 'Laboratoriets provmottagning.'), SERVICE_DESK],
    },
    {
      ...common,
      documentId: 'RUT-TOTAL-001',
      title: 'Totalt avbrott: journal och bildarkiv nere',
      scenarioId: total.id,
      systemIds: [ehr, pacs],
      steps: [
        'Gå över till pappersjournal: använd reservblanketterna för anteckningar, läkemedel och vitalparametrar.',
        'Hämta den senaste utskriften av avdelningens patientöversikt och läkemedelslistor från reservdatorn.',
        'Använd pappersremiss för röntgen och ring Röntgenexpeditionen.',
        'Fotografera till minneskort, ett kort per patient.',
        'Prioritera akuta patienter; skjut upp planerade undersökningar efter samråd med ansvarig läkare.',
        'Kontakta tjänsteman i beredskap (TiB) via växeln om avbrottet varar längre än en timme.',
      ],
      forms: [RADIOLOGY_REFERRAL, OFFLINE_MEDIA_NOTE, { name: 'Reservjournal: anteckningar och läkemedel (avdelningens reservpärm)', url: null }],
      contacts: [SWITCHBOARD, XRAY_DESK, SERVICE_DESK],
    },
    {
      ...common,
      documentId: 'RUT-JOURNAL-001',
      title: 'Journalsystemet endast i läsläge',
      scenarioId: ehrReadOnly.id,
      systemIds: [ehr],
      // Up for revision soon: its owner is reminded.
      validTo: new Date(now.getTime() + 21 * DAY_MS).toISOString(),
      steps: [
        'Läs journalen som vanligt; nya anteckningar kan inte sparas.',
        'Skriv anteckningar på blanketten Journalanteckning vid avbrott, med datum, tid och signatur.',
        'Läkemedel: ordinera på papperslista; ge och signera enligt papperslistan.',
        'Lämna blanketterna till avdelningens sekreterare; allt förs in i journalen när den är i drift igen.',
      ],
      forms: [{ name: 'Journalanteckning vid avbrott (avdelningens reservpärm)', url: null }],
      contacts: [SERVICE_DESK],
    },
  ];
  for (const document of documents) {
    const created = await routines.createTrusted(ctx, { ...document, changeNote: 'Fastställd reservrutin.' }, ownerId);
    await routines.approveTrusted(ctx, created.id, 1, ownerId);
  }
}
