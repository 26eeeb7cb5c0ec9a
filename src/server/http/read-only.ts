import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every state-changing route and whether it keeps working while Kasus is in read-only mode. */
    readOnlyPolicy(): ReadOnlyRoute[];
  }
}

export interface ReadOnlyRoute {
  method: string;
  /** The route pattern as registered, e.g. `/api/cases/:id`. */
  url: string;
  allowed: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The continuity functions keep working in read-only mode: systems and status, notices, routines and scenarios, incidents and their service desks, contacts, backlog. */
const CONTINUITY_PREFIXES = ['/api/systems', '/api/notices', '/api/notice-subscriptions', '/api/routines', '/api/scenarios', '/api/continuity', '/api/incidents', '/api/service-desks', '/api/contacts', '/api/backlog'];

/**
 * Requests that are not GET but keep working in read-only mode: logging in and out, and reads that
 * are sent as POST because patient identifiers never go in URLs (or that open a record for reading).
 */
const ALLOWED = new Set([
  'POST /api/session',
  'DELETE /api/session',
  'POST /api/identifiers/validate',
  'POST /api/patients/lookup',
  'POST /api/audit/search',
  // Break-glass opening of a confidential patient's case to read it: needed most during an outage.
  'POST /api/cases/:id/emergency-access',
]);

/** Whether a state-changing request to this route is served while Kasus is in read-only mode. */
export function allowedInReadOnly(method: string, url: string): boolean {
  if (SAFE_METHODS.has(method)) return true;
  if (CONTINUITY_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`))) return true;
  return ALLOWED.has(`${method} ${url}`);
}

/**
 * The one place that enforces Kasus's read-only mode: while `mode()` says `read_only`, every
 * state-changing API request (POST, PUT, PATCH, DELETE, including multipart and tus uploads) is
 * refused with 503 `read_only` before its body is read, except the routes above. `mode()` is read
 * from memory, so the check costs nothing. A session opened from the EHR in read mode is refused the
 * same writes with 403 `ehr_read_only`. Register it after the request context, before the routes.
 */
export function registerReadOnlyGuard(app: FastifyInstance, mode: () => 'read_write' | 'read_only'): void {
  const routes: ReadOnlyRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (SAFE_METHODS.has(method) || !route.url.startsWith('/api/')) continue;
      routes.push({ method, url: route.url, allowed: allowedInReadOnly(method, route.url) });
    }
  });
  app.decorate('readOnlyPolicy', () => routes.map((r) => ({ ...r })));

  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (SAFE_METHODS.has(request.method)) return;
    // A session opened from an EHR in read mode (issue 15) is read-only by itself, with the same exceptions.
    const ehrReadOnly = Boolean(request.ctx?.ehr?.readOnly);
    if (mode() !== 'read_only' && !ehrReadOnly) return;
    const url = request.routeOptions.url;
    // Unknown addresses fall through to "not found".
    if (url === undefined || !url.startsWith('/api/')) return;
    if (allowedInReadOnly(request.method, url)) return;
    throw new AppError(mode() === 'read_only' ? 'read_only' : 'ehr_read_only');
  });
}
