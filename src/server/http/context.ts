import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { SESSION_COOKIE, sameSecret, type AuthService } from '../modules/auth/auth-service.js';
import type { RequestContext } from '../modules/rights/actor.js';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    /** The session's CSRF token, when authenticated by cookie. */
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every API request (bearer token or session cookie) and builds the context that
 * services receive. A state-changing request authenticated by cookie must carry X-CSRF-Token.
 */
export function registerRequestContext(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.ctx = { actor: null, clientIp: request.ip ?? null, requestId: request.id };
    reply.header('x-request-id', request.id);
    // The REST API and the FHIR API (issue 15, I2) are authenticated alike.
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/fhir/')) return;
    // Logging in starts a new session; a stale cookie beside it is irrelevant.
    if (request.method === 'POST' && request.url.split('?')[0] === '/api/session') return;

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      // Revoked and expired tokens are refused inside fromBearer, with a message saying which.
      const authenticated = match ? await auth.fromBearer(match[1]!, request.ctx) : null;
      if (!authenticated) throw new AppError('not_authenticated', 'API-nyckeln är ogiltig eller återkallad.');
      request.ctx.actor = authenticated.actor;
      // Every audit event of this request names the token (its id, not its secret).
      request.ctx.tokenId = authenticated.tokenId ?? null;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const authenticated = await auth.fromSession(cookie);
    if (!authenticated) return;
    request.ctx.actor = authenticated.actor;
    request.csrfToken = authenticated.csrfToken;
    // Only a session opened by a launch from the EHR carries the EHR context (bearer tokens never do).
    request.ctx.ehr = authenticated.ehr ?? null;
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !authenticated.csrfToken || !sameSecret(header, authenticated.csrfToken)) {
        throw new AppError('csrf_invalid');
      }
    }
  });
}
