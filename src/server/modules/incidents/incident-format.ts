/**
 * The wording of an urgent incident report for the service desk: a subject and a body per language
 * (sv, nb, en), from templates with {placeholders}. Each service desk may have its own templates;
 * a language it has none for uses the built-in one. Pure functions.
 */
import type { Impact, Priority, Urgency } from './incident-priority.js';

export const LANGUAGES = ['sv', 'nb', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const COMPETENCES = ['onsite_technical', 'clinical_applications', 'server_group'] as const;
export type Competence = (typeof COMPETENCES)[number];

export interface Template {
  subject: string;
  body: string;
}

export type Templates = Partial<Record<Language, Template>>;

/** Every placeholder a template may use. */
export const PLACEHOLDERS = [
  'system',
  'department',
  'departmentHsaId',
  'site',
  'description',
  'affectedUsers',
  'affectedPcs',
  'affectedServers',
  'competence',
  'contactName',
  'contactMobile',
  'priority',
  'impact',
  'urgency',
  'reportedBy',
  'reportedAt',
  'incidentNumber',
  'incidentId',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const DEFAULT_TEMPLATES: Record<Language, Template> = {
  sv: {
    subject: '{system} – operativ samordnare för fördelning',
    body: [
      'Ärendet ska fördelas av operativ samordnare',
      '',
      'Prioritet: {priority} (påverkan {impact}, brådska {urgency})',
      'System: {system}',
      'Avdelning: {department} ({departmentHsaId})',
      'Plats: {site}',
      'Felbeskrivning: {description}',
      'Berörda: {affectedUsers} användare, {affectedPcs} datorer, {affectedServers} servrar',
      'Kompetens som behövs: {competence}',
      'Kontaktperson: {contactName}, mobil {contactMobile}',
      'Rapporterat av {reportedBy} {reportedAt}',
      'Kasus incident {incidentNumber} ({incidentId})',
    ].join('\n'),
  },
  nb: {
    subject: '{system} – operativ koordinator for fordeling',
    body: [
      'Saken skal fordeles av operativ koordinator',
      '',
      'Prioritet: {priority} (konsekvens {impact}, hastegrad {urgency})',
      'System: {system}',
      'Avdeling: {department} ({departmentHsaId})',
      'Sted: {site}',
      'Feilbeskrivelse: {description}',
      'Berørte: {affectedUsers} brukere, {affectedPcs} PC-er, {affectedServers} servere',
      'Kompetanse som trengs: {competence}',
      'Kontaktperson: {contactName}, mobil {contactMobile}',
      'Meldt av {reportedBy} {reportedAt}',
      'Kasus hendelse {incidentNumber} ({incidentId})',
    ].join('\n'),
  },
  en: {
    subject: '{system} – operative coordinator to distribute',
    body: [
      'The case is to be distributed by the operative coordinator',
      '',
      'Priority: {priority} (impact {impact}, urgency {urgency})',
      'System: {system}',
      'Department: {department} ({departmentHsaId})',
      'Site: {site}',
      'Description of the fault: {description}',
      'Affected: {affectedUsers} users, {affectedPcs} PCs, {affectedServers} servers',
      'Competence needed: {competence}',
      'Contact: {contactName}, mobile {contactMobile}',
      'Reported by {reportedBy} {reportedAt}',
      'Kasus incident {incidentNumber} ({incidentId})',
    ].join('\n'),
  },
};

const LEVEL_LABELS: Record<Language, { impact: Record<Impact, string>; urgency: Record<Urgency, string> }> = {
  sv: { impact: { high: 'stor', medium: 'medel', low: 'liten' }, urgency: { high: 'hög', medium: 'medel', low: 'låg' } },
  nb: { impact: { high: 'stor', medium: 'middels', low: 'liten' }, urgency: { high: 'høy', medium: 'middels', low: 'lav' } },
  en: { impact: { high: 'high', medium: 'medium', low: 'low' }, urgency: { high: 'high', medium: 'medium', low: 'low' } },
};

export const COMPETENCE_LABELS: Record<Language, Record<Competence, string>> = {
  sv: { onsite_technical: 'teknisk service på plats', clinical_applications: 'kliniska applikationer', server_group: 'servergrupp' },
  nb: { onsite_technical: 'teknisk service på stedet', clinical_applications: 'kliniske applikasjoner', server_group: 'servergruppe' },
  en: { onsite_technical: 'on-site technical service', clinical_applications: 'clinical applications', server_group: 'server group' },
};

/** What the templates are filled with. */
export interface IncidentFacts {
  incidentId: string;
  incidentNumber: number;
  system: string;
  department: string;
  departmentHsaId: string;
  site: string | null;
  description: string;
  affectedUsers: number | null;
  affectedPcs: number | null;
  affectedServers: number | null;
  competence: Competence[];
  contactName: string;
  contactMobile: string;
  priority: Priority;
  impact: Impact;
  urgency: Urgency;
  reportedBy: string;
  /** Local date and time, e.g. `2026-11-23 15:29`. */
  reportedAt: string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** What is wrong with a template text (an unknown placeholder), in Swedish, or null. */
export function templateError(text: string): string | null {
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      return `Okänd platshållare {${name}}. Tillåtna: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`;
    }
  }
  return null;
}

/** The template for the language: the service desk's own, or the built-in one. */
export function templateFor(templates: Templates, language: Language): Template {
  return templates[language] ?? DEFAULT_TEMPLATES[language];
}

/** The subject and body for the service desk, in the language. */
export function formatIncident(template: Template, facts: IncidentFacts, language: Language): Template {
  const none = '–';
  const count = (n: number | null) => (n === null ? none : String(n));
  const values: Record<Placeholder, string> = {
    system: facts.system,
    department: facts.department,
    departmentHsaId: facts.departmentHsaId,
    site: facts.site ?? none,
    description: facts.description,
    affectedUsers: count(facts.affectedUsers),
    affectedPcs: count(facts.affectedPcs),
    affectedServers: count(facts.affectedServers),
    competence: facts.competence.length ? facts.competence.map((c) => COMPETENCE_LABELS[language][c]).join(', ') : none,
    contactName: facts.contactName,
    contactMobile: facts.contactMobile,
    priority: facts.priority,
    impact: LEVEL_LABELS[language].impact[facts.impact],
    urgency: LEVEL_LABELS[language].urgency[facts.urgency],
    reportedBy: facts.reportedBy,
    reportedAt: facts.reportedAt,
    incidentNumber: String(facts.incidentNumber),
    incidentId: facts.incidentId,
  };
  const fill = (text: string) => text.replace(PLACEHOLDER, (whole, name: string) => values[name as Placeholder] ?? whole);
  // A subject is one line, whatever was typed into the fields.
  return { subject: fill(template.subject).replace(/\s*\n\s*/g, ' ').trim(), body: fill(template.body) };
}
