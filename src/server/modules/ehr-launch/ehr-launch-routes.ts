import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ERRORS } from '../../http/errors.js';
import { errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { SESSION_COOKIE } from '../auth/auth-service.js';
import { PENDING_LAUNCH_SECONDS, pendingSmartLaunch, type PendingSmartLaunch } from './smart-launch-service.js';

/** The cookie that keeps a started SMART launch (state, PKCE verifier, nonce) in the browser that started it, one per state. */
const pendingCookie = (state: string) => `kasus_smart_${state.replace(/[^A-Za-z0-9_-]/g, '')}`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page a browser sent from the EHR sees when the launch is refused: Swedish, no codes but the reason's. */
export function refusalPage(message: string): string {
  return `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Kasus kunde inte öppnas</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{font-size:1.4rem}.box{border-left:4px solid #b3261e;background:#fdf1f0;padding:.75rem 1rem}</style>
</head>
<body>
<main>
<h1>Kasus kunde inte öppnas från journalen</h1>
<p class="box" role="alert">${escapeHtml(message)}</p>
<p>Försöket är loggat. Om felet kvarstår, kontakta IT-supporten och uppge tidpunkten.</p>
<p><a href="/login">Logga in i Kasus med användarnamn och lösenord</a></p>
</main>
</body>
</html>
`;
}

/** A browser (Accept: text/html) gets the refusal page; other clients Kasus's { code, message } (thrown on). */
function refusalHandler(error: Error, request: FastifyRequest, reply: FastifyReply) {
  const wantsHtml = /text\/html/.test(request.headers.accept ?? '');
  if (!wantsHtml) throw error;
  const known = error instanceof AppError ? error : null;
  const message = known?.code === 'ehr_launch_refused' ? known.message : known && known.status < 500 ? known.message : ERRORS.internal_error.message;
  if (!known || known.status >= 500) request.log.error({ err: error }, 'ehr launch failed');
  return reply.status(known && known.status < 500 ? known.status : 500).type('text/html; charset=utf-8').send(refusalPage(message));
}

/**
 * Signed-URL launch from an EHR (issue 15, I1). A browser (Accept: text/html) gets a page on refusal;
 * other clients get Kasus's { code, message }. On success the session cookie is set as at login and
 * the browser goes to the patient's cases, addressed by Kasus's opaque id (never the identifier).
 */
export const ehrLaunchRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { config } = services;
  app.get('/launch/signed', {
    schema: {
      tags: ['ehr'],
      summary: 'Open Kasus from an EHR with a signed launch token (JWT with patient, user, department, iat, exp, jti; optional mode "read")',
      description:
        'On success: 303 to the patient\'s cases with a session cookie marked with the EHR context. Refused (expired, replayed, unsigned, ' +
        'wrongly signed, unknown issuer, user or department, invalid identifier): 403 ehr_launch_refused, as an HTML page for browsers.',
      querystring: z.strictObject({ token: z.string().min(1).max(8192) }),
      response: { 303: z.null().describe('To the patient\'s cases'), ...errorResponses },
    },
    errorHandler: refusalHandler,
  }, async (request, reply) => {
    const result = await services.ehrLaunch.launch(request.ctx, request.query.token);
    return openPatient(reply, result);
  });

  const openPatient = (reply: FastifyReply, result: { sessionToken: string; patientId: string }) => {
    reply.setCookie(SESSION_COOKIE, result.sessionToken, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: config.sessionTtlMinutes * 60,
    });
    return reply.status(303).header('location', `/patients/${encodeURIComponent(result.patientId)}`).send(null);
  };

  // SMART App Launch 2.x, EHR launch: the EHR opens this with its FHIR base URL and a launch id.
  app.get('/launch', {
    schema: {
      tags: ['ehr'],
      summary: 'Open Kasus from an EHR with a SMART App Launch (EHR launch): iss is the EHR\'s FHIR base URL, launch its launch id',
      description:
        'A configured EHR (KASUS_SMART_CLIENTS): 302 to its authorization endpoint (authorization code with PKCE, state and nonce), ' +
        'with a signed cookie holding the launch until /launch/callback. Unknown iss, an EHR that cannot be reached: 403 ehr_launch_refused, as an HTML page for browsers.',
      querystring: z.object({ iss: z.string().min(1).max(2000), launch: z.string().min(1).max(4000) }),
      response: { 302: z.null().describe("To the EHR's authorization endpoint"), ...errorResponses },
    },
    errorHandler: refusalHandler,
  }, async (request, reply) => {
    const baseUrl = config.publicUrl ?? `${request.protocol}://${request.host}`;
    const { authorizationUrl, pending } = await services.smartLaunch.begin(request.ctx, request.query, baseUrl);
    reply.setCookie(pendingCookie(pending.state), JSON.stringify(pending), {
      path: '/launch/callback',
      httpOnly: true,
      // The EHR's login comes back as a top-level GET from another site: lax cookies go with it.
      sameSite: 'lax',
      secure: config.secureCookies,
      signed: true,
      maxAge: PENDING_LAUNCH_SECONDS,
    });
    return reply.status(302).header('location', authorizationUrl).send(null);
  });

  app.get('/launch/callback', {
    schema: {
      tags: ['ehr'],
      summary: "Where the EHR's authorization server sends the browser back in a SMART launch (code and state, or error)",
      description:
        "On success: 303 to the patient's cases with a session cookie marked with the EHR context. Refused (no launch started in this browser, " +
        "state mismatch, the EHR's error, a token or FHIR read that fails, a patient without a valid national identifier, an unknown user or department): " +
        '403 ehr_launch_refused, as an HTML page for browsers; a user without the right to read patients there: 403 forbidden.',
      querystring: z.object({
        code: z.string().max(4000).optional(),
        state: z.string().max(200).optional(),
        error: z.string().max(200).optional(),
        error_description: z.string().max(2000).optional(),
        iss: z.string().max(2000).optional(),
      }),
      response: { 303: z.null().describe("To the patient's cases"), ...errorResponses },
    },
    errorHandler: refusalHandler,
  }, async (request, reply) => {
    // The query as sent (openid-client checks every parameter the EHR sent, such as iss), not as the schema trimmed it.
    const query = new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
    const state = query.get('state') ?? '';
    let pending: PendingSmartLaunch | null = null;
    if (state) {
      const name = pendingCookie(state);
      const raw = request.cookies[name];
      const unsigned = raw ? request.unsignCookie(raw) : null;
      if (unsigned?.valid && unsigned.value) {
        try {
          const parsed = pendingSmartLaunch.safeParse(JSON.parse(unsigned.value));
          if (parsed.success) pending = parsed.data;
        } catch {
          pending = null;
        }
      }
      // Spent whatever happens: a state is used once.
      if (raw) reply.clearCookie(name, { path: '/launch/callback' });
    }
    const result = await services.smartLaunch.complete(request.ctx, query, pending);
    return openPatient(reply, result);
  });
};
