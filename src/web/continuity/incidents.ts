// Client side of urgent incidents (C5), the contacts directory and routines: types and small pure helpers.
import type { ApiResponse, SameType } from '../types';

export type Level = 'high' | 'medium' | 'low';
export const LEVELS: Level[] = ['high', 'medium', 'low'];
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type Competence = 'onsite_technical' | 'clinical_applications' | 'server_group';
export const COMPETENCES: Competence[] = ['onsite_technical', 'clinical_applications', 'server_group'];
export type IncidentStatus = IncidentSummary['status'];
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

export type ContactKind = Contact['kind'];
export const CONTACT_KINDS: ContactKind[] = ['phone', 'fax', 'email'];

// The option lists above are the server's enums, checked at compile time.
const enumsMatch: [SameType<Level, Incident['impact']>, SameType<Priority, Incident['priority']>, SameType<Competence, Incident['competence'][number]>] = [true, true, true];
void enumsMatch;

/** A directory entry (GET /api/contacts). */
export type Contact = ApiResponse<'/api/contacts', 'get'>[number];
/** When a contact's number applies: weekdays 1–7 and a local clock-time window. */
export type ValidityWindow = Contact['validity'][number];
/** Who to call now, at the server's local time (GET /api/contacts/now). */
export type CallNow = ApiResponse<'/api/contacts/now', 'get'>;

/** A service desk as reporters see it (GET /api/service-desks). */
export type ServiceDesk = ApiResponse<'/api/service-desks', 'get'>[number];

/** A row of the incident list (GET /api/incidents). */
export type IncidentSummary = ApiResponse<'/api/incidents', 'get'>['items'][number];
/** One urgent incident with its message, deliveries, timeline and who to call next (GET /api/incidents/{id}). */
export type Incident = ApiResponse<'/api/incidents/{id}', 'get'>;

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

export type RoutineState = Routine['state'];
export const ROUTINE_STATES: RoutineState[] = ['in_force', 'expiring', 'scheduled', 'draft', 'expired', 'superseded'];

/** A routine with its latest version (GET /api/routines). */
export type Routine = ApiResponse<'/api/routines', 'get'>[number];
export type RoutineVersion = Routine['latest'];
/** A routine with every version (GET /api/routines/{id}). */
export type RoutineDetail = ApiResponse<'/api/routines/{id}', 'get'>;

/** A scenario as routines name it (GET /api/scenarios). */
export type Scenario = Pick<ApiResponse<'/api/scenarios', 'get'>[number], 'id' | 'name' | 'description'>;

/** Lines "a | b | c" of a textarea, each split into trimmed parts; empty lines are left out. */
export function splitLines(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split('|').map((p) => p.trim()));
}
