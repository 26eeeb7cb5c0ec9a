/** Column headings and titles of the downloadable reports (CSV and PDF) in the languages of the web app. */
export const REPORT_LANGUAGES = ['sv', 'nb', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

const TEXT = {
  sv: {
    auditTitle: 'Loggrapport', emergencyTitle: 'Nödöppningar', statisticsTitle: 'Statistik',
    time: 'Tid', user: 'Användare', username: 'Användarnamn', role: 'Roll', department: 'Avdelning', action: 'Händelse',
    outcome: 'Utfall', patient: 'Patient', objectType: 'Objekttyp', objectId: 'Objekt', reason: 'Anledning',
    month: 'Månad', cases: 'Ärenden', media: 'Media', storageBytes: 'Lagring (byte)', printsExports: 'Utskrifter och exporter',
    emergencyOpenings: 'Nödöppningar', consents: 'Skriftliga samtycken', noDepartment: 'Utan avdelning (samtycke för hela patienten)', period: 'Period', filter: 'Urval', generated: 'Skapad', page: 'Sida',
    truncated: (n: number) => `Rapporten visar de första ${n} händelserna. Hämta CSV för alla.`, none: 'Inga händelser.',
  },
  nb: {
    auditTitle: 'Loggrapport', emergencyTitle: 'Nødåpninger', statisticsTitle: 'Statistikk',
    time: 'Tid', user: 'Bruker', username: 'Brukernavn', role: 'Rolle', department: 'Avdeling', action: 'Hendelse',
    outcome: 'Utfall', patient: 'Pasient', objectType: 'Objekttype', objectId: 'Objekt', reason: 'Begrunnelse',
    month: 'Måned', cases: 'Saker', media: 'Media', storageBytes: 'Lagring (byte)', printsExports: 'Utskrifter og eksporter',
    emergencyOpenings: 'Nødåpninger', consents: 'Skriftlige samtykker', noDepartment: 'Uten avdeling (samtykke for hele pasienten)', period: 'Periode', filter: 'Utvalg', generated: 'Laget', page: 'Side',
    truncated: (n: number) => `Rapporten viser de første ${n} hendelsene. Last ned CSV for alle.`, none: 'Ingen hendelser.',
  },
  en: {
    auditTitle: 'Log report', emergencyTitle: 'Emergency openings', statisticsTitle: 'Statistics',
    time: 'Time', user: 'User', username: 'Username', role: 'Role', department: 'Department', action: 'Action',
    outcome: 'Outcome', patient: 'Patient', objectType: 'Object type', objectId: 'Object', reason: 'Reason',
    month: 'Month', cases: 'Cases', media: 'Media', storageBytes: 'Storage (bytes)', printsExports: 'Prints and exports',
    emergencyOpenings: 'Emergency openings', consents: 'Written consents', noDepartment: 'No department (consent for the whole patient)', period: 'Period', filter: 'Filter', generated: 'Generated', page: 'Page',
    truncated: (n: number) => `The report shows the first ${n} events. Download the CSV for all of them.`, none: 'No events.',
  },
} as const;

export const reportText = (lang: ReportLanguage) => TEXT[lang];

/** Quotes a CSV cell, and defuses text a spreadsheet would run as a formula (=, +, -, @, tab, CR). */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: unknown[]) => cells.map(csvCell).join(',') + '\r\n';

/** A time in the hospital's zone as YYYY-MM-DD HH:MM:SS (sv-SE writes it so). */
export function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(new Date(iso));
}
