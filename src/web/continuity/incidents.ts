// Client side of urgent incidents (C5), the contacts directory and routines: types and small pure helpers.
import type { Ref } from './continuity';

export type Level = 'high' | 'medium' | 'low';
export const LEVELS: Level[] = ['high', 'medium', 'low'];
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type Competence = 'onsite_technical' | 'clinical_applications' | 'server_group';
export const COMPETENCES: Competence[] = ['onsite_technical', 'clinical_applications', 'server_group'];
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';
export const INCIDENT_STATUSES: IncidentStatus[] = ['open', 'acknowledged', 'resolved'];

const MATRIX: Record<Level, Record<Level, Priority>> = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};

/**
 * The priority a report gets from impact × urgency — a preview of what the server computes (the
 * server's answer is what counts after filing).
 */
export function incidentPriority(impact: Level, urgency: Level): Priority {
  return MATRIX[impact][urgency];
}

export type ContactKind = 'phone' | 'fax' | 'email';
export const CONTACT_KINDS: ContactKind[] = ['phone', 'fax', 'email'];

export interface ValidityWindow {
  days: number[];
  from: string;
  to: string;
}

export interface Contact {
  id: string;
  site: string;
  function: string;
  label: string | null;
  kind: ContactKind;
  number: string;
  validity: ValidityWindow[];
  priority: number;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CallNow {
  at: string;
  timeZone: string;
  local: { date: string; time: string; weekday: number; offset: string };
  contacts: Contact[];
}

export interface ServiceDesk {
  id: string;
  name: string;
  hasWebhook: boolean;
  email: string | null;
  contactFunction: string | null;
}

export interface IncidentSummary {
  id: string;
  number: number;
  system: Ref;
  department: Ref & { hsaId: string };
  serviceDesk: Ref | null;
  site: string | null;
  description: string;
  priority: Priority;
  status: IncidentStatus;
  serviceDeskCaseNumber: string | null;
  reportedBy: Ref;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface Incident extends IncidentSummary {
  affected: { users: number | null; pcs: number | null; servers: number | null };
  competence: Competence[];
  contactName: string;
  contactMobile: string;
  impact: Level;
  urgency: Level;
  language: 'sv' | 'nb' | 'en';
  message: { subject: string; body: string };
  deliveries: { id: string; channel: 'webhook' | 'email'; target: string; status: 'pending' | 'sent' | 'failed'; attempts: number; lastError: string | null; sentAt: string | null }[];
  timeline: {
    id: string;
    kind: 'reported' | 'comment' | 'status' | 'case_number' | 'delivered' | 'delivery_failed' | 'not_sent';
    status: IncidentStatus | null;
    message: string | null;
    by: Ref | null;
    at: string;
  }[];
  callNext: CallNow;
}

/** "Mån–Fre 07:30–15:30"-style text for a contact's validity windows (empty: always). */
export function validityText(windows: ValidityWindow[], dayNames: string[], always: string): string {
  if (windows.length === 0) return always;
  return windows
    .map((w) => {
      const days = [...w.days].sort((a, b) => a - b);
      const consecutive = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
      const dayText = consecutive ? `${dayNames[days[0]! - 1]}–${dayNames[days[days.length - 1]! - 1]}` : days.map((d) => dayNames[d - 1]).join(', ');
      return `${dayText} ${w.from}–${w.to}`;
    })
    .join('; ');
}

/** Parses "1-5 07:30-15:30; 6,7 00:00-24:00" into validity windows; throws on bad input. */
export function parseValidity(text: string): ValidityWindow[] {
  const parts = text
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.map((part) => {
    const m = /^([1-7](?:\s*[-,]\s*[1-7])*)\s+(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!m) throw new Error(part);
    const days = new Set<number>();
    for (const seg of m[1]!.split(',')) {
      const [a, b] = seg.split('-').map((s) => Number(s.trim()));
      for (let d = a!; d <= (b ?? a!); d++) days.add(d);
    }
    const pad = (t: string) => t.padStart(5, '0');
    return { days: [...days].sort((x, y) => x - y), from: pad(m[2]!), to: pad(m[3]!) };
  });
}

/** The inverse of parseValidity, for editing. */
export function validityInput(windows: ValidityWindow[]): string {
  return windows
    .map((w) => {
      const days = [...w.days].sort((a, b) => a - b);
      const consecutive = days.length > 1 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
      return `${consecutive ? `${days[0]}-${days[days.length - 1]}` : days.join(',')} ${w.from}-${w.to}`;
    })
    .join('; ');
}

export type RoutineState = 'draft' | 'scheduled' | 'in_force' | 'expiring' | 'expired' | 'superseded';
export const ROUTINE_STATES: RoutineState[] = ['in_force', 'expiring', 'scheduled', 'draft', 'expired', 'superseded'];

export interface RoutineVersion {
  version: number;
  state: RoutineState;
  title: string;
  scenarioId: string;
  scenarioName: string | null;
  systemIds: string[];
  steps: string[];
  forms: { name: string; url: string | null }[];
  contacts: { name: string; phone: string | null; note: string | null; contactId: string | null }[];
  ownerId: string;
  ownerName: string | null;
  reviewer: string;
  approver: string;
  validFrom: string;
  validTo: string;
  changeNote: string;
  createdAt: string;
  approvedAt: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
}

export interface Routine {
  id: string;
  documentId: string;
  state: RoutineState;
  versionInForce: number | null;
  latestVersion: number;
  latest: RoutineVersion;
  createdAt: string;
  updatedAt: string;
}

export interface RoutineDetail extends Routine {
  versions: RoutineVersion[];
}

export interface Scenario {
  id: string;
  name: string;
  description: string | null;
}

/** Lines "a | b | c" of a textarea, each split into trimmed parts; empty lines are left out. */
export function splitLines(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split('|').map((p) => p.trim()));
}
