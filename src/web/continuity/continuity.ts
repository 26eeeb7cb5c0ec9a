// Client side of the continuity module: systems, notices, the scenarios in force, and the live
// event stream (GET /api/events) every open page listens to.
import { useEffect, useState } from 'react';
import { ApiError, call, client } from '../api';
import type { ApiResponse } from '../types';

/** A system as GET /api/systems lists it, with its status and what it is affected by. */
export type SystemItem = ApiResponse<'/api/systems', 'get'>[number];
export type SystemStatus = SystemItem['status'];
export const SYSTEM_STATUSES: SystemStatus[] = ['operational', 'degraded', 'read_only', 'down', 'maintenance'];

export interface Ref {
  id: string;
  name: string;
}

/** An outage, update or recovery notice (GET /api/notices). */
export type Notice = ApiResponse<'/api/notices', 'get'>['items'][number];

/** One change of a system's status (GET /api/systems/{id}/history). */
export type StatusChange = ApiResponse<'/api/systems/{id}/history', 'get'>['items'][number];

/** A scenario in force with the systems that put it there and its routines (GET /api/continuity/in-force). */
export type ScenarioInForce = ApiResponse<'/api/continuity/in-force', 'get'>['scenarios'][number];

/** The scenarios in force, or null when the server has no routines (the route answers 404). */
export async function fetchInForce(): Promise<ScenarioInForce[] | null> {
  try {
    const result = await call(client.GET('/api/continuity/in-force'));
    return result.scenarios;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return null;
    throw err;
  }
}

export type Mode = ApiResponse<'/api/health', 'get'>['mode'];

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

/**
 * Whether Kasus itself is read-only (GET /api/health), read again on every continuity event: pages
 * turn their write actions off with it rather than letting the server refuse them.
 */
export function useKasusReadOnly(): boolean {
  const [readOnly, setReadOnly] = useState(false);
  const version = useContinuityVersion();
  useEffect(() => {
    let cancelled = false;
    call(client.GET('/api/health'))
      .then((h) => !cancelled && setReadOnly(h.mode === 'read_only'))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [version]);
  return readOnly;
}

/** Formats an ISO time for people: date and time in the UI language. */
export function formatTime(iso: string | null, language: string, timeZone?: string): string {
  if (!iso) return '';
  const locale = language === 'nb' ? 'nb-NO' : language === 'en' ? 'en-GB' : 'sv-SE';
  // In the hospital's zone when the server named it (KASUS_TIME_ZONE), so that every time on a page agrees.
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
}
