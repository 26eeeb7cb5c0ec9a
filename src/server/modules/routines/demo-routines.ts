import type { RequestContext } from '../rights/actor.js';
import { DAY_MS } from './routine-rules.js';
import type { RoutineInput } from './routine-views.js';
import type { RoutinesService } from './routines-service.js';
import type { ScenariosService } from './scenarios-service.js';

const XRAY_DESK = { name: 'Röntgens expedition', phone: '010-100 12 00', note: 'Dagtid 07.30–16.30; därefter jourhavande röntgensjuksköterska via växeln.' };
const SWITCHBOARD = { name: 'Växeln', phone: '010-100 00 00', note: 'Söker jourhavande radiolog, laboratoriejour och tjänsteman i beredskap (TiB).' };
const SERVICE_DESK = { name: 'IT-servicedesk', phone: '010-100 00 00', note: 'Dygnet runt; akut ärende: säg "prio 1".' };
const PAPER_REFERRAL = { name: 'Pappersremiss vid avbrott (röntgen och laboratorium)', url: '/blanketter/pappersremiss-avbrott.pdf' };

/**
 * The demo hospital's downtime scenarios and their approved routines, owned by the demo system
 * administrator. The routine for the EHR in read mode expires within the reminder window, so that
 * its owner gets a reminder.
 */
export async function seedDemoRoutines({ scenarios, routines }: { scenarios: ScenariosService; routines: RoutinesService }, ctx: RequestContext, ownerId: string, now: Date): Promise<void> {
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
        'Ring röntgens expedition för bilder som behövs till operation eller akutmottagning.',
        'Kliniska foton: fotografera till minneskort, ett kort per patient. Märk kortet med patientens identitet och importera till Kasus efteråt.',
        'När PACS är i drift igen: kontrollera att alla undersökningar har kommit fram och rapportera saknade till röntgens expedition.',
      ],
      forms: [{ name: 'Logg över undersökningar under avbrott', url: '/blanketter/logg-undersokningar-avbrott.pdf' }],
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
        'Ring röntgens expedition före varje akut undersökning.',
        'Prover: märk rören för hand med personnummer och namn och skicka remissen med provet.',
        'Spara en kopia av varje pappersremiss; allt registreras i beställningssystemet i efterhand.',
      ],
      forms: [PAPER_REFERRAL],
      contacts: [XRAY_DESK, { name: 'Laboratoriets provmottagning', phone: '010-100 13 00', note: null }, SERVICE_DESK],
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
        'Använd pappersremiss för röntgen och ring röntgens expedition.',
        'Fotografera till minneskort, ett kort per patient.',
        'Prioritera akuta patienter; skjut upp planerade undersökningar efter samråd med ansvarig läkare.',
        'Kontakta tjänsteman i beredskap (TiB) via växeln om avbrottet varar längre än en timme.',
      ],
      forms: [PAPER_REFERRAL, { name: 'Reservjournal: anteckningar och läkemedel', url: '/blanketter/reservjournal.pdf' }],
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
      forms: [{ name: 'Journalanteckning vid avbrott', url: '/blanketter/journalanteckning-avbrott.pdf' }],
      contacts: [SERVICE_DESK],
    },
  ];
  for (const document of documents) {
    const created = await routines.createTrusted(ctx, { ...document, changeNote: 'Fastställd reservrutin.' }, ownerId);
    await routines.approveTrusted(ctx, created.id, 1, ownerId);
  }
}
