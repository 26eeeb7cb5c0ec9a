// Client side of the continuity module: systems, notices, the scenarios in force, and the live
// event stream (GET /api/events) every open page listens to.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';

export type SystemStatus = 'operational' | 'degraded' | 'read_only' | 'down' | 'maintenance';
export const SYSTEM_STATUSES: SystemStatus[] = ['operational', 'degraded', 'read_only', 'down', 'maintenance'];

export interface Ref {
  id: string;
  name: string;
}

export interface SystemItem {
  id: string;
  isKasus: boolean;
  name: string;
  criticality: number;
  status: SystemStatus;
  message: string | null;
  startedAt: string;
  expectedEnd: string | null;
  setByName: string | null;
  affected: boolean;
  affectedBy: (Ref & { status: SystemStatus })[];
  departmentIds: string[];
}

export interface Notice {
  id: string;
  seq: number;
  kind: 'outage' | 'update' | 'recovery';
  system: Ref;
  status: SystemStatus;
  message: string | null;
  startedAt: string;
  expectedEnd: string | null;
  affected: Ref[];
  departments: Ref[];
  source: string;
  createdByName: string | null;
  createdAt: string;
  outageId: string | null;
  closedAt: string | null;
}

export interface StatusChange {
  id: string;
  status: SystemStatus;
  previousStatus: SystemStatus | null;
  message: string | null;
  startedAt: string;
  expectedEnd: string | null;
  source: string;
  setByName: string | null;
  recordedAt: string;
}

export interface ScenarioInForce {
  scenario: { id: string; name: string; description: string | null };
  matchedBy: { systemId: string; systemName: string; status: SystemStatus }[];
  routines: { routineId: string; title: string; steps: string[]; contacts: { name: string; phone: string | null }[]; forms: { name: string; url: string | null }[] }[];
}

/** The scenarios in force, or null when the server has no routines (the route answers 404). */
export async function fetchInForce(): Promise<ScenarioInForce[] | null> {
  try {
    const result = await api<{ scenarios: ScenarioInForce[] }>('GET', '/api/continuity/in-force');
    return result.scenarios;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return null;
    throw err;
  }
}

export type Mode = 'read_write' | 'read_only';

export interface ContinuityEvent {
  type: 'notice' | 'status' | 'ready';
  notice?: Notice;
}

type Listener = (event: ContinuityEvent) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

/** One EventSource per page, shared by every listener; it reconnects by itself (with Last-Event-ID). */
export function subscribeContinuity(listener: Listener): () => void {
  listeners.add(listener);
  if (!source && typeof EventSource !== 'undefined') {
    source = new EventSource('/api/events');
    const emit = (event: ContinuityEvent) => {
      for (const l of listeners) l(event);
    };
    source.addEventListener('notice', (e) => emit({ type: 'notice', notice: JSON.parse((e as MessageEvent<string>).data) as Notice }));
    source.addEventListener('status', () => emit({ type: 'status' }));
    // After a (re)connection: what was missed was replayed; read everything again to be sure.
    source.addEventListener('ready', () => emit({ type: 'ready' }));
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source) {
      source.close();
      source = null;
    }
  };
}

/** A counter that goes up on every continuity event: pages read their data again when it changes. */
export function useContinuityVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => subscribeContinuity(() => setVersion((v) => v + 1)), []);
  return version;
}

/** Formats an ISO time for people: date and time in the UI language. */
export function formatTime(iso: string | null, language: string): string {
  if (!iso) return '';
  const locale = language === 'nb' ? 'nb-NO' : language === 'en' ? 'en-GB' : 'sv-SE';
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}
