import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ERRORS } from '../../http/errors.js';
import { errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { SESSION_COOKIE } from '../auth/auth-service.js';

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
    errorHandler: (error, request, reply) => {
      const wantsHtml = /text\/html/.test(request.headers.accept ?? '');
      if (!wantsHtml) throw error;
      const known = error instanceof AppError ? error : null;
      const message = known?.code === 'ehr_launch_refused' ? known.message : known && known.status < 500 ? known.message : ERRORS.internal_error.message;
      if (!known || known.status >= 500) request.log.error({ err: error }, 'ehr launch failed');
      // A page, not the route's JSON schema: the untyped reply.
      return (reply as unknown as FastifyReply).status(known && known.status < 500 ? known.status : 500).type('text/html; charset=utf-8').send(refusalPage(message));
    },
  }, async (request, reply) => {
    const result = await services.ehrLaunch.launch(request.ctx, request.query.token);
    reply.setCookie(SESSION_COOKIE, result.sessionToken, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: config.sessionTtlMinutes * 60,
    });
    return reply.status(303).header('location', `/patients/${encodeURIComponent(result.patientId)}`).send(null);
  });
};
